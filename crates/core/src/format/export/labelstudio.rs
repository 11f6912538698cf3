//! Label Studio JSON export: a list of tasks `{"id", "data": {"text", "title", "doc_id"},
//! "annotations": [{"result": [...]}]}`, each result a `labels` region with `value.start`,
//! `value.end`, `value.text` and `value.labels`.
//!
//! Offsets are **UTF-16 code units** (JavaScript string indices), converted from the model's
//! scalar values with [`CharIndex`]; they differ from code points after any emoji or other
//! character outside the Basic Multilingual Plane. Span notes go in the region's `meta.text`,
//! span attributes in its `meta.attributes`.
//!
//! A relation is a result `{"type": "relation", "from_id", "to_id", "direction": "right",
//! "labels": [TYPE]}` between the regions' ids (`s` and the span id), head to tail. Label
//! Studio has no events: an event is written as relations from its trigger's region to each
//! argument's, labelled with the role (`Actor`, …), and in full in the task's
//! `data.hamish_events` (type, arguments by region id, attributes, note; see
//! [`crate::format::import::json_frames`]), from which Hamish's importer restores it exactly.
//! Document attributes go in `data.hamish_attributes`; attribute values are canonical strings.

use super::ExportFile;
use super::frames::{DocFrames, attrs_json, events_json, left_out_notice, written_event_refs};
use super::prepare::Prepared;
use super::verify::{Utf16Slicer, check_ref, check_slice, problem};
use crate::model::SpanId;
use crate::text::CharIndex;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::HashMap;

#[derive(Serialize)]
struct Task<'a> {
    id: usize,
    data: Data<'a>,
    annotations: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    title: &'a str,
    doc_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hamish_events: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hamish_attributes: Option<Json>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    result: Vec<Item<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Region(Region<'a>),
    Relation(RelationResult<'a>),
}

#[derive(Serialize)]
struct RelationResult<'a> {
    from_id: String,
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    labels: [&'a str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta<'a>>,
}

#[derive(Serialize)]
struct Region<'a> {
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: Value<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta<'a>>,
}

#[derive(Serialize)]
struct Value<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct Meta<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<[&'a str; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Json>,
    /// The linked registry entity's id and canonical name.
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_name: Option<&'a str>,
}

/// A region's id.
fn region_id(span: SpanId) -> String {
    format!("s{span}")
}

/// A relation result from `head`'s region to `tail`'s.
fn relation<'a>(
    head: SpanId,
    tail: SpanId,
    label: &'a str,
    note: Option<&'a str>,
) -> RelationResult<'a> {
    RelationResult {
        from_id: region_id(head),
        to_id: region_id(tail),
        kind: "relation",
        direction: "right",
        labels: [label],
        meta: note.map(|t| Meta {
            text: Some([t]),
            attributes: None,
            entity_id: None,
            entity_name: None,
        }),
    }
}

pub fn export(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let mut tasks = Vec::with_capacity(prepared.docs.len());
    let mut left_out = 0;
    for (n, pdoc) in prepared.docs.iter().enumerate() {
        let text = pdoc.doc.text();
        let index = CharIndex::new(text);
        let slicer = Utf16Slicer::new(text);
        let mut result = Vec::with_capacity(pdoc.spans.len());
        for span in &pdoc.spans {
            let (Some(s), Some(e)) = (
                index.to_utf16(text, span.start()),
                index.to_utf16(text, span.end()),
            ) else {
                problems.push(problem(pdoc.doc, Some(span), "offsets outside the text"));
                continue;
            };
            check_slice(
                problems,
                pdoc.doc,
                span,
                slicer.slice(s.0, e.0).as_deref(),
                "UTF-16 code units",
            );
            let entity = prepared.entity_of(span);
            result.push(Item::Region(Region {
                id: region_id(span.id),
                from_name: "label",
                to_name: "text",
                kind: "labels",
                value: Value {
                    start: s.0,
                    end: e.0,
                    text: span.text(),
                    labels: [span.label.as_str()],
                },
                meta: (span.note.is_some() || !span.attrs.is_empty() || entity.is_some()).then(
                    || Meta {
                        text: span.note.as_deref().map(|t| [t]),
                        attributes: (!span.attrs.is_empty()).then(|| attrs_json(&span.attrs)),
                        entity_id: entity.map(|e| e.id.as_str()),
                        entity_name: entity.map(|e| e.canonical_name()),
                    },
                ),
            }));
        }
        let doc = pdoc.doc;
        let frames = DocFrames::of(pdoc);
        left_out += frames.left_out;
        // (what, head, tail) of each relation result, for the check below.
        let mut ends: Vec<(String, SpanId, SpanId)> = Vec::new();
        for r in &frames.relations {
            result.push(Item::Relation(relation(
                r.head,
                r.tail,
                r.kind.as_str(),
                r.note.as_deref(),
            )));
            ends.push((format!("relation {}", r.id), r.head, r.tail));
        }
        for e in &frames.events {
            for a in &e.args {
                result.push(Item::Relation(relation(
                    e.trigger,
                    a.span,
                    a.role.as_str(),
                    None,
                )));
                ends.push((
                    format!("event {} argument {}", e.id, a.role),
                    e.trigger,
                    a.span,
                ));
            }
        }
        let hamish_events = (!frames.events.is_empty())
            .then(|| events_json(&frames.events, |s| Json::String(region_id(s))));
        // Verify from what is written: every relation end and event reference names a region
        // of the task whose UTF-16 offsets slice the right span.
        let by_id: HashMap<&str, (usize, usize)> = result
            .iter()
            .filter_map(|item| match item {
                Item::Region(r) => Some((r.id.as_str(), (r.value.start, r.value.end))),
                Item::Relation(_) => None,
            })
            .collect();
        let sliced = |id: &str| by_id.get(id).and_then(|&(s, e)| slicer.slice(s, e));
        let unit = "UTF-16 code units";
        let written = result.iter().filter_map(|item| match item {
            Item::Relation(r) => Some(r),
            Item::Region(_) => None,
        });
        for (r, (what, head, tail)) in written.zip(&ends) {
            for (end, id, span) in [("from_id", &r.from_id, head), ("to_id", &r.to_id, tail)] {
                if let Some(span) = doc.span(*span) {
                    let what = format!("{what} {end}");
                    check_ref(problems, doc, &what, span, sliced(id).as_deref(), unit);
                }
            }
        }
        if let Some(Json::Array(events)) = &hamish_events {
            for (event, v, span) in written_event_refs(events, &frames.events) {
                if let Some(span) = doc.span(span) {
                    let what = format!("hamish_events event {}", event.id);
                    let got = sliced(v.as_str().unwrap_or_default());
                    check_ref(problems, doc, &what, span, got.as_deref(), unit);
                }
            }
        }
        tasks.push(Task {
            id: n + 1,
            data: Data {
                text,
                title: &doc.title,
                doc_id: doc.id().as_str(),
                hamish_events,
                hamish_attributes: (!doc.attrs().is_empty()).then(|| attrs_json(doc.attrs())),
            },
            annotations: vec![Annotation { result }],
        });
    }
    notices.extend(left_out_notice(left_out));
    let mut out = serde_json::to_vec_pretty(&tasks).expect("writing JSON to memory cannot fail");
    out.push(b'\n');
    vec![ExportFile {
        path: Default::default(),
        contents: out,
    }]
}
