//! A project reduced to what the exchange formats carry, to compare a project with what comes
//! back from an export and an import: ids, authors, timestamps, titles and sources dropped;
//! documents keyed by their text; spans by range and label; events by their trigger's range
//! and label, type, arguments as sorted (role, span range and label) and attributes;
//! relations by type and the ranges and labels of their ends. Notes are compared with their
//! whitespace squashed (brat writes a note on one line).

use crate::model::{Attributes, Document, Project, SpanId};
use std::collections::{BTreeMap, BTreeSet};

/// A span as the formats carry it: start, end (scalar values) and label.
pub type SpanKey = (usize, usize, String);

/// One event, without ids.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CanonEvent {
    pub trigger: SpanKey,
    pub event_type: String,
    pub args: Vec<(String, SpanKey)>,
    pub attrs: BTreeMap<String, String>,
    pub note: Option<String>,
}

/// One document, without ids.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CanonDoc {
    /// Spans with their note and attributes.
    pub spans: BTreeSet<(SpanKey, Option<String>, BTreeMap<String, String>)>,
    pub events: BTreeSet<CanonEvent>,
    /// (type, head, tail, note).
    pub relations: BTreeSet<(String, SpanKey, SpanKey, Option<String>)>,
    pub attrs: BTreeMap<String, String>,
}

fn squash(note: &Option<String>) -> Option<String> {
    note.as_ref()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn attrs(a: &Attributes) -> BTreeMap<String, String> {
    a.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// One document reduced.
pub fn canonical_document(doc: &Document) -> CanonDoc {
    let key = |id: SpanId| -> SpanKey {
        doc.span(id).map_or((0, 0, String::from("?")), |s| {
            (s.start().0, s.end().0, s.label.to_string())
        })
    };
    CanonDoc {
        spans: doc
            .spans()
            .iter()
            .map(|s| {
                (
                    (s.start().0, s.end().0, s.label.to_string()),
                    squash(&s.note),
                    attrs(&s.attrs),
                )
            })
            .collect(),
        events: doc
            .events()
            .iter()
            .map(|e| {
                let mut args: Vec<(String, SpanKey)> = e
                    .args
                    .iter()
                    .map(|a| (a.role.to_string(), key(a.span)))
                    .collect();
                args.sort();
                CanonEvent {
                    trigger: key(e.trigger),
                    event_type: e.event_type.to_string(),
                    args,
                    attrs: attrs(&e.attrs),
                    note: squash(&e.note),
                }
            })
            .collect(),
        relations: doc
            .relations()
            .iter()
            .map(|r| {
                (
                    r.kind.to_string(),
                    key(r.head),
                    key(r.tail),
                    squash(&r.note),
                )
            })
            .collect(),
        attrs: attrs(doc.attrs()),
    }
}

/// Every document reduced, keyed by its text.
pub fn canonical(project: &Project) -> BTreeMap<String, CanonDoc> {
    project
        .documents()
        .iter()
        .map(|d| (d.text().to_owned(), canonical_document(d)))
        .collect()
}
