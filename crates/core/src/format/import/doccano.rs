//! Reading doccano JSONL: one object per line with `text` and either `label` (`[[start, end,
//! "LABEL"], ...]`) or `entities` (`{id, start_offset, end_offset, label}`) with `relations`
//! (`{id, from_id, to_id, type}`). Offsets are scalar values (code points). A line that is not
//! such an object is reported and skipped.
//!
//! Events: Hamish's own `hamish_events` field (see [`super::json_frames`]) gives them exactly,
//! and the relations that repeat their arguments are then not read as relations. Without it,
//! every relation is read as one, and [`super::merge`] turns those typed with a role name into
//! events where that is unambiguous. Document attributes come from `hamish_attributes`, span
//! notes and attributes from an entity's `note` and
//! `attributes`, and its link to the registry from `entity_id`. A relation or event that refers to an entity id
//! the line does not have is refused with file and line.

use super::json_frames::{id_key, read_attrs, read_events, relation_end};
use super::line_ends::Normalized;
use super::{
    ImportedDoc, ImportedRelation, ImportedSpan, LineProblem, Location, Parsed, read_utf8,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub fn read(path: &Path) -> Result<Parsed, std::io::Error> {
    Ok(parse(&read_utf8(path)?, path))
}

/// Parse the contents of a doccano file; `path` names it in titles and problems.
pub fn parse(content: &str, path: &Path) -> Parsed {
    let mut out = Parsed::default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let at = Location::line(path, n);
        match parse_line(line, &at, &format!("{stem} {n}")) {
            Ok((doc, problems)) => {
                out.docs.push(doc);
                out.problems.extend(problems);
            }
            Err(message) => out.problems.push(LineProblem { at, message }),
        }
    }
    out
}

fn parse_line(
    line: &str,
    at: &Location,
    fallback_title: &str,
) -> Result<(ImportedDoc, Vec<LineProblem>), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let raw_text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no \"text\" string")?;
    let norm = Normalized::new(raw_text);
    let mut problems = Vec::new();
    let mut spans = Vec::new();
    let mut span_of: HashMap<String, usize> = HashMap::new();
    let mut push = |s: Option<u64>,
                    e: Option<u64>,
                    label: Option<&str>,
                    problems: &mut Vec<LineProblem>|
     -> Option<usize> {
        let (Some(s), Some(e), Some(label)) = (s, e, label) else {
            problems.push(LineProblem {
                at: at.clone(),
                message: "a label entry is not [start, end, \"LABEL\"]".into(),
            });
            return None;
        };
        match (
            usize::try_from(s).ok().and_then(|s| norm.map(s)),
            usize::try_from(e).ok().and_then(|e| norm.map(e)),
        ) {
            (Some(start), Some(end)) if start < end => {
                spans.push(ImportedSpan {
                    start,
                    end,
                    label: label.to_owned(),
                    note: None,
                    attrs: Vec::new(),
                    entity: None,
                    origin: at.clone(),
                });
                Some(spans.len() - 1)
            }
            _ => {
                problems.push(LineProblem {
                    at: at.clone(),
                    message: format!("span {s}..{e} ({label}) is empty or outside the text"),
                });
                None
            }
        }
    };
    if let Some(labels) = v
        .get("label")
        .or_else(|| v.get("labels"))
        .and_then(Value::as_array)
    {
        for l in labels {
            let a = l.as_array();
            let get = |k: usize| a.and_then(|a| a.get(k));
            push(
                get(0).and_then(Value::as_u64),
                get(1).and_then(Value::as_u64),
                get(2).and_then(Value::as_str),
                &mut problems,
            );
        }
    }
    let mut span_attrs = Vec::new();
    if let Some(entities) = v.get("entities").and_then(Value::as_array) {
        for e in entities {
            let k = push(
                e.get("start_offset").and_then(Value::as_u64),
                e.get("end_offset").and_then(Value::as_u64),
                e.get("label").and_then(Value::as_str),
                &mut problems,
            );
            if let (Some(k), Some(id)) = (k, e.get("id").and_then(id_key)) {
                span_of.insert(id, k);
                let note = e.get("note").and_then(Value::as_str).map(str::to_owned);
                let entity = e
                    .get("entity_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let attrs = read_attrs(e.get("attributes"), at, &mut problems);
                span_attrs.push((k, note, attrs, entity));
            }
        }
    }
    for (k, note, attrs, entity) in span_attrs {
        spans[k].note = note;
        spans[k].attrs = attrs;
        spans[k].entity = entity;
    }
    let (events, covered) = match v.get("hamish_events") {
        Some(list) => read_events(list, &span_of, at, &mut problems),
        None => (Vec::new(), HashSet::new()),
    };
    let mut relations = Vec::new();
    for r in v
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let end = |key: &str| relation_end(r, key, &span_of, "an entity of this line");
        let name = r.get("id").and_then(id_key).unwrap_or_else(|| "-".into());
        let parsed = (|| -> Result<ImportedRelation, String> {
            let kind = r.get("type").and_then(Value::as_str).ok_or("no type")?;
            Ok(ImportedRelation {
                kind: kind.to_owned(),
                head: end("from_id")?,
                tail: end("to_id")?,
                note: r.get("note").and_then(Value::as_str).map(str::to_owned),
                origin: at.clone(),
            })
        })();
        match parsed {
            Ok(rel) if covered.contains(&(rel.head, rel.tail, rel.kind.clone())) => {}
            Ok(rel) => relations.push(rel),
            Err(m) => problems.push(LineProblem {
                at: at.clone(),
                message: format!("relation {name} not imported: {m}"),
            }),
        }
    }
    let attrs = read_attrs(v.get("hamish_attributes"), at, &mut problems);
    let title = v
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| fallback_title.to_owned());
    Ok((
        ImportedDoc {
            title,
            source: at.to_string(),
            text: norm.text,
            spans,
            events,
            relations,
            attrs,
        },
        problems,
    ))
}
