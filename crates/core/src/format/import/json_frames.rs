//! Hamish's own frames inside doccano and Label Studio files, which have relations but no
//! events: `hamish_events` is a list of `{"trigger": ID, "type": "attack", "args": [{"role":
//! "Actor", "entity": ID}], "attrs": {"factuality": "claimed", "date": "2023-08"}, "note":
//! "..."}` where each `ID` is an entity id of the same line (doccano, a number) or a region id
//! of the same task (Label Studio, a string); `hamish_attributes` is `{"attribute": "value"}`
//! for the document. Values are the canonical strings of [`crate::model::AttrValue`]. The
//! same events are also in the file as relations from the trigger to each argument, typed with
//! the role, for the tool's own users; [`read_events`] says which those are so they are not
//! read twice.

use super::{ImportedEvent, LineProblem, Location};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// An entity or region id as a lookup key: a string as itself, a number in decimal.
pub fn id_key(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The span index a relation's end `key` (`from_id`, `to_id`) names, through `span_of`;
/// `holder` says where the ids live in the messages (`an entity of this line`).
pub fn relation_end(
    r: &Value,
    key: &str,
    span_of: &HashMap<String, usize>,
    holder: &str,
) -> Result<usize, String> {
    let id = r
        .get(key)
        .and_then(id_key)
        .ok_or_else(|| format!("no {key}"))?;
    span_of
        .get(&id)
        .copied()
        .ok_or_else(|| format!("{key} {id} is not {holder}"))
}

/// `{"name": "value"}` pairs (other values refused with a problem).
pub fn read_attrs(
    v: Option<&Value>,
    at: &Location,
    problems: &mut Vec<LineProblem>,
) -> Vec<(String, String)> {
    let Some(v) = v else { return Vec::new() };
    let Some(map) = v.as_object() else {
        problems.push(LineProblem {
            at: at.clone(),
            message: "attributes are not an object of strings".into(),
        });
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, value) in map {
        match value.as_str() {
            Some(s) => out.push((name.clone(), s.to_owned())),
            None => problems.push(LineProblem {
                at: at.clone(),
                message: format!("attribute {name} is not a string"),
            }),
        }
    }
    out
}

/// Events of `hamish_events`, with spans found through `span_of` (id key → index), and the
/// (trigger, argument, role) relations they account for. An event that refers to an id the
/// line or task does not have is refused with a problem naming it.
pub fn read_events(
    v: &Value,
    span_of: &HashMap<String, usize>,
    at: &Location,
    problems: &mut Vec<LineProblem>,
) -> (Vec<ImportedEvent>, HashSet<(usize, usize, String)>) {
    let mut events = Vec::new();
    let mut covered = HashSet::new();
    let Some(list) = v.as_array() else {
        problems.push(LineProblem {
            at: at.clone(),
            message: "hamish_events is not a list".into(),
        });
        return (events, covered);
    };
    for (n, e) in list.iter().enumerate() {
        let parsed = (|| -> Result<ImportedEvent, String> {
            let resolve = |v: Option<&Value>, what: &str| -> Result<usize, String> {
                let key = v.and_then(id_key).ok_or_else(|| format!("no {what} id"))?;
                span_of.get(&key).copied().ok_or_else(|| {
                    format!("{what} refers to entity {key}, which is not in the same document")
                })
            };
            let trigger = resolve(e.get("trigger"), "trigger")?;
            let ty = e.get("type").and_then(Value::as_str).ok_or("no type")?;
            let mut args = Vec::new();
            for a in e
                .get("args")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let role = a
                    .get("role")
                    .and_then(Value::as_str)
                    .ok_or("an argument without a role")?;
                args.push((role.to_owned(), resolve(a.get("entity"), "argument")?));
            }
            let mut attr_problems = Vec::new();
            let attrs = read_attrs(e.get("attrs"), at, &mut attr_problems);
            problems.extend(attr_problems);
            Ok(ImportedEvent {
                trigger,
                event_type: ty.to_owned(),
                args,
                attrs,
                note: e.get("note").and_then(Value::as_str).map(str::to_owned),
                tagged_notes: Vec::new(),
                origin: at.clone(),
            })
        })();
        match parsed {
            Ok(event) => {
                for (role, arg) in &event.args {
                    covered.insert((event.trigger, *arg, role.clone()));
                }
                events.push(event);
            }
            Err(m) => problems.push(LineProblem {
                at: at.clone(),
                message: format!("event {} of hamish_events not imported: {m}", n + 1),
            }),
        }
    }
    (events, covered)
}
