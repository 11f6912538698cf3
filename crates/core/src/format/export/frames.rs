//! What the frame-carrying formats (brat, doccano, Label Studio) export of a document's events
//! and relations, and how they write Hamish's own copy of them.
//!
//! An event goes out only when its trigger and every argument are among the exported spans
//! (`--labels` may leave some out), a relation only when both ends are; the others are
//! counted in a notice. Attribute values are written as their canonical strings (`2023-08`,
//! `40+`, `3-5`, see [`crate::model::AttrValue`]).

use super::prepare::PreparedDoc;
use crate::model::{AttrValue, Attributes, Event, Relation, SpanId};
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// The events and relations of one document that an export carries.
pub struct DocFrames<'p> {
    pub events: Vec<&'p Event>,
    pub relations: Vec<&'p Relation>,
    /// Events and relations left out because a span they need is not exported.
    pub left_out: usize,
}

impl<'p> DocFrames<'p> {
    pub fn of(pdoc: &PreparedDoc<'p>) -> Self {
        let exported: HashSet<SpanId> = pdoc.spans.iter().map(|s| s.id).collect();
        let doc = pdoc.doc;
        let events: Vec<&Event> = doc
            .events()
            .iter()
            .filter(|e| {
                exported.contains(&e.trigger) && e.args.iter().all(|a| exported.contains(&a.span))
            })
            .collect();
        let relations: Vec<&Relation> = doc
            .relations()
            .iter()
            .filter(|r| exported.contains(&r.head) && exported.contains(&r.tail))
            .collect();
        let left_out = doc.events().len() + doc.relations().len() - events.len() - relations.len();
        Self {
            events,
            relations,
            left_out,
        }
    }
}

/// The notice for frames left out of an export, if any were.
pub fn left_out_notice(left_out: usize) -> Option<String> {
    (left_out > 0).then(|| {
        format!(
            "{left_out} event(s) or relation(s) not exported: a span they refer to has a label left out by --labels"
        )
    })
}

/// An attribute value as the formats write it.
pub fn value_string(v: &AttrValue) -> String {
    v.to_string()
}

/// Attributes as a JSON object of canonical strings.
pub fn attrs_json(attrs: &Attributes) -> Value {
    Value::Object(
        attrs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(value_string(v))))
            .collect::<Map<_, _>>(),
    )
}

/// Hamish's own copy of the events (`hamish_events`, see
/// [`crate::format::import::json_frames`]), with spans named by `id_of`.
pub fn events_json(events: &[&Event], id_of: impl Fn(SpanId) -> Value) -> Value {
    Value::Array(
        events
            .iter()
            .map(|e| {
                let mut o = json!({
                    "trigger": id_of(e.trigger),
                    "type": e.event_type.as_str(),
                    "args": e.args.iter().map(|a| json!({
                        "role": a.role.as_str(),
                        "entity": id_of(a.span),
                    })).collect::<Vec<_>>(),
                });
                if !e.attrs.is_empty() {
                    o["attrs"] = attrs_json(&e.attrs);
                }
                if let Some(note) = &e.note {
                    o["note"] = Value::String(note.clone());
                }
                o
            })
            .collect(),
    )
}

/// Every span reference written in a `hamish_events` list made by [`events_json`] for
/// `events`: the event, the id as written (trigger, then each argument's entity) and the span
/// it must name, for the verifiers to resolve.
pub fn written_event_refs<'a>(
    written: &'a [Value],
    events: &'a [&'a Event],
) -> impl Iterator<Item = (&'a Event, &'a Value, SpanId)> + 'a {
    written.iter().zip(events).flat_map(|(e, event)| {
        std::iter::once((*event, &e["trigger"], event.trigger)).chain(
            e["args"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(&event.args)
                .map(move |(a, arg)| (*event, &a["entity"], arg.span)),
        )
    })
}
