//! Reading doccano JSONL: one object per line with `text` and either `label` (`[[start, end,
//! "LABEL"], ...]`) or `entities` (`{start_offset, end_offset, label}`). Offsets are scalar
//! values (code points). A line that is not such an object is reported and skipped.

use super::line_ends::Normalized;
use super::{ImportedDoc, ImportedSpan, LineProblem, Location, Parsed, read_utf8};
use serde_json::Value;
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
    let mut push = |s: Option<u64>, e: Option<u64>, label: Option<&str>| {
        let (Some(s), Some(e), Some(label)) = (s, e, label) else {
            problems.push(LineProblem {
                at: at.clone(),
                message: "a label entry is not [start, end, \"LABEL\"]".into(),
            });
            return;
        };
        match (norm.map(s as usize), norm.map(e as usize)) {
            (Some(start), Some(end)) if start < end => spans.push(ImportedSpan {
                start,
                end,
                label: label.to_owned(),
                note: None,
                origin: at.clone(),
            }),
            _ => problems.push(LineProblem {
                at: at.clone(),
                message: format!("span {s}..{e} ({label}) is empty or outside the text"),
            }),
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
            );
        }
    }
    if let Some(entities) = v.get("entities").and_then(Value::as_array) {
        for e in entities {
            push(
                e.get("start_offset").and_then(Value::as_u64),
                e.get("end_offset").and_then(Value::as_u64),
                e.get("label").and_then(Value::as_str),
            );
        }
    }
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
        },
        problems,
    ))
}
