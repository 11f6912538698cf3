//! doccano JSONL export: one line per document, `{"text", "label": [[start, end, "LABEL"]]}`
//! plus `doc_id` and `title` (doccano keeps unknown keys as metadata).
//!
//! Offsets are scalar values (code points), end exclusive; nested and overlapping spans are all
//! kept, since the list carries each span on its own.

use super::ExportFile;
use super::prepare::Prepared;
use super::verify::{CharSlicer, check_slice};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    doc_id: &'a str,
    title: &'a str,
}

pub fn export(prepared: &Prepared, problems: &mut Vec<String>) -> Vec<ExportFile> {
    let mut out = Vec::new();
    for pdoc in &prepared.docs {
        let line = Line {
            text: pdoc.doc.text(),
            label: pdoc
                .spans
                .iter()
                .map(|s| (s.start().0, s.end().0, s.label.as_str()))
                .collect(),
            doc_id: pdoc.doc.id().as_str(),
            title: &pdoc.doc.title,
        };
        let slicer = CharSlicer::new(line.text);
        for (span, &(s, e, _)) in pdoc.spans.iter().zip(&line.label) {
            check_slice(problems, pdoc.doc, span, slicer.slice(s, e), "code points");
        }
        serde_json::to_writer(&mut out, &line).expect("writing JSON to memory cannot fail");
        out.push(b'\n');
    }
    vec![ExportFile {
        path: Default::default(),
        contents: out,
    }]
}
