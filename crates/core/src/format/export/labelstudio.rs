//! Label Studio JSON export: a list of tasks `{"id", "data": {"text", "title", "doc_id"},
//! "annotations": [{"result": [...]}]}`, each result a `labels` region with `value.start`,
//! `value.end`, `value.text` and `value.labels`.
//!
//! Offsets are **UTF-16 code units** (JavaScript string indices), converted from the model's
//! scalar values with [`CharIndex`]; they differ from code points after any emoji or other
//! character outside the Basic Multilingual Plane. Span notes go in the region's `meta.text`.

use super::ExportFile;
use super::prepare::Prepared;
use super::verify::{Utf16Slicer, check_slice, problem};
use crate::text::CharIndex;
use serde::Serialize;

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
}

#[derive(Serialize)]
struct Annotation<'a> {
    result: Vec<Region<'a>>,
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
    text: [&'a str; 1],
}

pub fn export(prepared: &Prepared, problems: &mut Vec<String>) -> Vec<ExportFile> {
    let mut tasks = Vec::with_capacity(prepared.docs.len());
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
            result.push(Region {
                id: format!("s{}", span.id),
                from_name: "label",
                to_name: "text",
                kind: "labels",
                value: Value {
                    start: s.0,
                    end: e.0,
                    text: span.text(),
                    labels: [span.label.as_str()],
                },
                meta: span.note.as_deref().map(|t| Meta { text: [t] }),
            });
        }
        tasks.push(Task {
            id: n + 1,
            data: Data {
                text,
                title: &pdoc.doc.title,
                doc_id: pdoc.doc.id().as_str(),
            },
            annotations: vec![Annotation { result }],
        });
    }
    let mut out = serde_json::to_vec_pretty(&tasks).expect("writing JSON to memory cannot fail");
    out.push(b'\n');
    vec![ExportFile {
        path: Default::default(),
        contents: out,
    }]
}
