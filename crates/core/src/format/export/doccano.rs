//! doccano JSONL export, in the shape of doccano's relation-extraction projects: one line per
//! document, `{"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
//! "relations": [{"id", "from_id", "to_id", "type"}]}` plus `doc_id` and `title` (doccano keeps
//! unknown keys as metadata).
//!
//! Offsets are scalar values (code points), end exclusive; nested and overlapping spans are all
//! kept, since the list carries each span on its own. Entity and relation ids are numbered
//! through the file, so they are unique in it as doccano's own are.
//!
//! doccano has no events. An event is written as relations from its trigger entity to each
//! argument, typed with the role (`Actor`, `Place`, …), so doccano users see its arguments;
//! and in full in the line's `hamish_events` field (type, arguments, attributes, note; see
//! [`crate::format::import::json_frames`]), from which Hamish's importer restores it exactly.
//! Document attributes go in `hamish_attributes`; span notes and attributes in an entity's
//! `note` and `attributes`, and a span's link to the registry in its `entity_id` and
//! `entity_name` (the canonical name);
//! relation notes in a relation's `note`; attribute values are canonical strings (`2023-08`,
//! `40+`).

use super::ExportFile;
use super::frames::{DocFrames, attrs_json, events_json, left_out_notice, written_event_refs};
use super::prepare::Prepared;
use super::verify::{CharSlicer, check_ref, check_slice};
use crate::model::SpanId;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<Rel<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hamish_events: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hamish_attributes: Option<Value>,
    doc_id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Entity<'a> {
    id: usize,
    start_offset: usize,
    end_offset: usize,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_name: Option<&'a str>,
}

#[derive(Serialize)]
struct Rel<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

pub fn export(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let mut out = Vec::new();
    let mut next_entity = 0;
    let mut next_relation = 0;
    let mut left_out = 0;
    for pdoc in &prepared.docs {
        let doc = pdoc.doc;
        let entities: Vec<Entity> = pdoc
            .spans
            .iter()
            .map(|s| {
                next_entity += 1;
                Entity {
                    id: next_entity,
                    start_offset: s.start().0,
                    end_offset: s.end().0,
                    label: s.label.as_str(),
                    note: s.note.as_deref(),
                    attributes: (!s.attrs.is_empty()).then(|| attrs_json(&s.attrs)),
                    entity_id: prepared.entity_of(s).map(|e| e.id.as_str()),
                    entity_name: prepared.entity_of(s).map(|e| e.canonical_name()),
                }
            })
            .collect();
        let id_of: HashMap<SpanId, usize> = pdoc
            .spans
            .iter()
            .zip(&entities)
            .map(|(s, e)| (s.id, e.id))
            .collect();
        let frames = DocFrames::of(pdoc);
        left_out += frames.left_out;
        // (what, head, tail) of each relation written, for the check below.
        let mut ends: Vec<(String, SpanId, SpanId)> = Vec::new();
        let mut relations: Vec<Rel> = Vec::new();
        for r in &frames.relations {
            next_relation += 1;
            relations.push(Rel {
                id: next_relation,
                from_id: id_of[&r.head],
                to_id: id_of[&r.tail],
                kind: r.kind.as_str(),
                note: r.note.as_deref(),
            });
            ends.push((format!("relation {}", r.id), r.head, r.tail));
        }
        for e in &frames.events {
            for a in &e.args {
                next_relation += 1;
                relations.push(Rel {
                    id: next_relation,
                    from_id: id_of[&e.trigger],
                    to_id: id_of[&a.span],
                    kind: a.role.as_str(),
                    note: None,
                });
                ends.push((
                    format!("event {} argument {}", e.id, a.role),
                    e.trigger,
                    a.span,
                ));
            }
        }
        let line = Line {
            text: doc.text(),
            entities,
            relations,
            hamish_events: (!frames.events.is_empty())
                .then(|| events_json(&frames.events, |s| Value::from(id_of[&s]))),
            hamish_attributes: (!doc.attrs().is_empty()).then(|| attrs_json(doc.attrs())),
            doc_id: doc.id().as_str(),
            title: &doc.title,
        };
        // Verify from what is written: entity offsets slice the text, every relation end and
        // event reference names an entity of the line whose offsets slice the right span.
        let slicer = CharSlicer::new(line.text);
        let by_id: HashMap<usize, (usize, usize)> = line
            .entities
            .iter()
            .map(|e| (e.id, (e.start_offset, e.end_offset)))
            .collect();
        let sliced = |id: usize| by_id.get(&id).and_then(|&(s, e)| slicer.slice(s, e));
        for (span, e) in pdoc.spans.iter().zip(&line.entities) {
            check_slice(
                problems,
                doc,
                span,
                slicer.slice(e.start_offset, e.end_offset),
                "code points",
            );
        }
        for (r, (what, head, tail)) in line.relations.iter().zip(&ends) {
            for (end, id, span) in [("from_id", r.from_id, head), ("to_id", r.to_id, tail)] {
                if let Some(span) = doc.span(*span) {
                    let what = format!("{what} {end}");
                    check_ref(problems, doc, &what, span, sliced(id), "code points");
                }
            }
        }
        if let Some(Value::Array(events)) = &line.hamish_events {
            for (event, v, span) in written_event_refs(events, &frames.events) {
                if let Some(span) = doc.span(span) {
                    let id = v.as_u64().map(|n| n as usize).unwrap_or(0);
                    let what = format!("hamish_events event {}", event.id);
                    check_ref(problems, doc, &what, span, sliced(id), "code points");
                }
            }
        }
        serde_json::to_writer(&mut out, &line).expect("writing JSON to memory cannot fail");
        out.push(b'\n');
    }
    notices.extend(left_out_notice(left_out));
    vec![ExportFile {
        path: Default::default(),
        contents: out,
    }]
}
