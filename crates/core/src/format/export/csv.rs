//! CSV export for spreadsheets: one row per span with `document`, `doc_id`, `label`, `text`,
//! `start`, `end`, `left_context`, `right_context`, `annotator`, `note`, and the linked
//! registry entity's `entity_id` and canonical `entity_name` (empty when unlinked).
//!
//! Offsets are scalar values (code points) into the document's text, end exclusive; the
//! contexts are up to [`CONTEXT_CHARS`] characters either side. UTF-8 with a header row.

use super::ExportFile;
use super::prepare::Prepared;
use super::verify::{CharSlicer, check_slice};
use crate::model::CharRange;

/// Characters of context written on each side of a span.
pub const CONTEXT_CHARS: usize = 40;

pub fn export(prepared: &Prepared, problems: &mut Vec<String>) -> Vec<ExportFile> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = [
        "document",
        "doc_id",
        "label",
        "text",
        "start",
        "end",
        "left_context",
        "right_context",
        "annotator",
        "note",
        "entity_id",
        "entity_name",
    ];
    w.write_record(header)
        .expect("writing CSV to memory cannot fail");
    for pdoc in &prepared.docs {
        let slicer = CharSlicer::new(pdoc.doc.text());
        let n = pdoc.len_chars();
        for span in &pdoc.spans {
            let (s, e) = (span.start().0, span.end().0);
            let left = pdoc
                .slice(CharRange::new(s.saturating_sub(CONTEXT_CHARS), s))
                .unwrap_or_default();
            let right = pdoc
                .slice(CharRange::new(e.min(n), (e + CONTEXT_CHARS).min(n)))
                .unwrap_or_default();
            check_slice(problems, pdoc.doc, span, slicer.slice(s, e), "code points");
            let entity = prepared.entity_of(span);
            w.write_record([
                pdoc.doc.title.as_str(),
                pdoc.doc.id().as_str(),
                span.label.as_str(),
                span.text(),
                &s.to_string(),
                &e.to_string(),
                left,
                right,
                &prepared.annotator_of(span),
                span.note.as_deref().unwrap_or(""),
                entity.map_or("", |e| e.id.as_str()),
                entity.map_or("", |e| e.canonical_name()),
            ])
            .expect("writing CSV to memory cannot fail");
        }
    }
    vec![ExportFile {
        path: Default::default(),
        contents: w.into_inner().expect("flushing CSV to memory cannot fail"),
    }]
}
