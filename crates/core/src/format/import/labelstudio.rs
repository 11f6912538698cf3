//! Reading Label Studio JSON: a list of tasks (or one task) with `data.text` and `annotations`
//! (the first one not cancelled; `predictions` when there is none) whose `labels` results carry
//! `value.start`/`value.end` in **UTF-16 code units**, converted here to scalar values with
//! [`CharIndex`]. An offset inside a surrogate pair, or a `value.text` that does not match,
//! is reported with the task and the region is skipped.
//!
//! Results of `type: "relation"` (`from_id`, `to_id`, `labels: [TYPE]`) become relations
//! between the regions with those ids (a relation without a label, or to an id the task does
//! not have, is reported). Events: Hamish's own `data.hamish_events` (see
//! [`super::json_frames`]) gives them exactly, and the relations that repeat their arguments
//! are then not read as relations; without it, [`super::merge`] turns relations labelled with
//! a role name into events where that is unambiguous. Document attributes come from
//! `data.hamish_attributes`, span attributes from a region's `meta.attributes`, a link to the
//! registry from its `meta.entity_id`.

use super::json_frames::{id_key, read_attrs, read_events, relation_end};
use super::line_ends::Normalized;
use super::{
    ImportedDoc, ImportedRelation, ImportedSpan, LineProblem, Location, Parsed, read_utf8,
};
use crate::model::CharRange;
use crate::text::{CharIndex, Utf16Offset};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub fn read(path: &Path) -> Result<Parsed, std::io::Error> {
    Ok(parse(&read_utf8(path)?, path))
}

/// Parse the contents of a Label Studio export; `path` names it in problems.
pub fn parse(content: &str, path: &Path) -> Parsed {
    let mut out = Parsed::default();
    let v: Value = match serde_json::from_str(content) {
        Ok(v) => v,
        Err(e) => {
            out.problems.push(LineProblem {
                at: Location::line(path, e.line()),
                message: format!("not JSON: {e}"),
            });
            return out;
        }
    };
    let tasks: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for (i, task) in tasks.into_iter().enumerate() {
        let id = task
            .get("id")
            .map(|v| v.to_string())
            .unwrap_or_else(|| "-".into());
        let at = Location {
            file: path.to_owned(),
            at: format!("task {} (id {id})", i + 1),
        };
        let problem = |message: String| LineProblem {
            at: at.clone(),
            message,
        };
        let data = task.get("data");
        let text = data
            .and_then(|d| d.get("text"))
            .and_then(Value::as_str)
            .or_else(|| {
                data.and_then(Value::as_object)
                    .and_then(|o| o.values().find_map(Value::as_str))
            });
        let Some(text) = text else {
            out.problems.push(problem("no data.text string".into()));
            continue;
        };
        let index = CharIndex::new(text);
        let norm = Normalized::new(text);
        let pick = |key: &str| {
            task.get(key).and_then(Value::as_array).and_then(|list| {
                list.iter()
                    .find(|a| a.get("was_cancelled").and_then(Value::as_bool) != Some(true))
            })
        };
        let results = pick("annotations")
            .or_else(|| pick("predictions"))
            .and_then(|a| a.get("result"))
            .and_then(Value::as_array);
        let mut spans = Vec::new();
        let mut span_of: HashMap<String, usize> = HashMap::new();
        let mut relation_results = Vec::new();
        for r in results.into_iter().flatten() {
            if r.get("type").and_then(Value::as_str) == Some("relation") {
                relation_results.push(r);
                continue;
            }
            let value = r.get("value");
            let labels = value
                .and_then(|v| v.get("labels"))
                .and_then(Value::as_array);
            let Some(labels) = labels else {
                continue; // Relations, choices and other result types carry no span.
            };
            let s = value.and_then(|v| v.get("start")).and_then(Value::as_u64);
            let e = value.and_then(|v| v.get("end")).and_then(Value::as_u64);
            let (Some(s), Some(e)) = (s, e) else {
                out.problems
                    .push(problem("a labels region has no numeric start/end".into()));
                continue;
            };
            let (Some(cs), Some(ce)) = (
                index.from_utf16(text, Utf16Offset(s as usize)),
                index.from_utf16(text, Utf16Offset(e as usize)),
            ) else {
                out.problems.push(problem(format!(
                    "region {s}..{e} (UTF-16) is outside the text or splits a surrogate pair"
                )));
                continue;
            };
            if let Some(expected) = value.and_then(|v| v.get("text")).and_then(Value::as_str) {
                let found = index
                    .slice(text, CharRange { start: cs, end: ce })
                    .unwrap_or_default();
                if found != expected {
                    out.problems.push(problem(format!(
                        "region {s}..{e} (UTF-16) covers {found:?}, but its text is {expected:?}"
                    )));
                    continue;
                }
            }
            let (Some(start), Some(end)) = (norm.map(cs.0), norm.map(ce.0)) else {
                continue;
            };
            if start >= end {
                out.problems
                    .push(problem(format!("region {s}..{e} is empty")));
                continue;
            }
            let note = r
                .get("meta")
                .and_then(|m| m.get("text"))
                .and_then(|t| match t {
                    Value::Array(a) => a.first().and_then(Value::as_str),
                    other => other.as_str(),
                })
                .map(str::to_owned);
            let attrs = read_attrs(
                r.get("meta").and_then(|m| m.get("attributes")),
                &at,
                &mut out.problems,
            );
            let entity = r
                .get("meta")
                .and_then(|m| m.get("entity_id"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(id) = r.get("id").and_then(id_key) {
                span_of.entry(id).or_insert(spans.len());
            }
            for label in labels.iter().filter_map(Value::as_str) {
                spans.push(ImportedSpan {
                    start,
                    end,
                    label: label.to_owned(),
                    note: note.clone(),
                    attrs: attrs.clone(),
                    entity: entity.clone(),
                    origin: at.clone(),
                });
            }
        }
        let (events, covered) = match data.and_then(|d| d.get("hamish_events")) {
            Some(list) => read_events(list, &span_of, &at, &mut out.problems),
            None => (Vec::new(), HashSet::new()),
        };
        let mut relations = Vec::new();
        for (n, r) in relation_results.into_iter().enumerate() {
            let end = |key: &str| relation_end(r, key, &span_of, "a region of this task");
            let parsed = (|| -> Result<ImportedRelation, String> {
                let kind = r
                    .get("labels")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    .ok_or("no label")?;
                let (mut head, mut tail) = (end("from_id")?, end("to_id")?);
                if r.get("direction").and_then(Value::as_str) == Some("left") {
                    std::mem::swap(&mut head, &mut tail);
                }
                let note = r
                    .get("meta")
                    .and_then(|m| m.get("text"))
                    .and_then(|t| match t {
                        Value::Array(a) => a.first().and_then(Value::as_str),
                        other => other.as_str(),
                    })
                    .map(str::to_owned);
                Ok(ImportedRelation {
                    kind: kind.to_owned(),
                    head,
                    tail,
                    note,
                    origin: at.clone(),
                })
            })();
            match parsed {
                Ok(rel) if covered.contains(&(rel.head, rel.tail, rel.kind.clone())) => {}
                Ok(rel) => relations.push(rel),
                Err(m) => out.problems.push(problem(format!(
                    "relation {} of the task not imported: {m}",
                    n + 1
                ))),
            }
        }
        let attrs = read_attrs(
            data.and_then(|d| d.get("hamish_attributes")),
            &at,
            &mut out.problems,
        );
        let title = data
            .and_then(|d| d.get("title"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("task {id}"));
        out.docs.push(ImportedDoc {
            title,
            source: format!("{}", at),
            text: norm.text,
            spans,
            events,
            relations,
            attrs,
        });
    }
    out
}
