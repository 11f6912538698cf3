//! Putting imported documents into a project: labels mapped onto the schema, unknown labels
//! added (with a notice), spans checked against the text, duplicates dropped, and everything
//! expressed as one [`Edit::Batch`] (schema first, then new documents, then spans added to
//! documents the project already has, matched by [`DocId`]).

use super::{ImportedDoc, LineProblem};
use crate::model::{
    CharRange, Color, DocId, Document, Edit, Label, LabelId, LabelKind, Project, Schema, Span,
    SpanId, Timestamp,
};
use std::collections::{HashMap, HashSet};

/// `--map SRC=DST` pairs.
#[derive(Debug, Clone, Default)]
pub struct LabelMap(pub HashMap<String, String>);

impl LabelMap {
    /// Parse `SRC=DST` strings.
    pub fn parse(pairs: &[String]) -> Result<Self, String> {
        let mut map = HashMap::new();
        for p in pairs {
            let (src, dst) = p
                .split_once('=')
                .filter(|(s, d)| !s.trim().is_empty() && !d.trim().is_empty())
                .ok_or_else(|| format!("--map {p:?} is not of the form SRC=DST"))?;
            map.insert(src.trim().to_owned(), dst.trim().to_owned());
        }
        Ok(Self(map))
    }

    fn apply<'a>(&'a self, label: &'a str) -> &'a str {
        self.0.get(label).map_or(label, String::as_str)
    }
}

/// The result of [`merge`].
#[derive(Debug, Default)]
pub struct Merged {
    /// The edit to apply; `None` when nothing would change.
    pub edit: Option<Edit>,
    pub notices: Vec<String>,
    pub problems: Vec<LineProblem>,
    pub new_documents: usize,
    pub new_spans: usize,
}

/// Colours handed to labels an import adds, in turn.
const NEW_LABEL_COLOURS: [[u8; 3]; 5] = [
    [0x00, 0x9e, 0x73],
    [0xd5, 0x5e, 0x00],
    [0x00, 0x72, 0xb2],
    [0xf0, 0xe4, 0x42],
    [0x99, 0x99, 0x99],
];

pub fn merge(project: &Project, docs: Vec<ImportedDoc>, map: &LabelMap, now: &Timestamp) -> Merged {
    let mut out = Merged::default();
    let mut schema: Schema = project.schema.clone();
    let mut new_docs: Vec<Document> = Vec::new();
    let mut new_doc_index: HashMap<DocId, usize> = HashMap::new();
    let mut add_spans: Vec<Edit> = Vec::new();
    // (doc, start, end, label) already present or already added.
    let mut seen: HashSet<(DocId, usize, usize, LabelId)> = project
        .documents
        .iter()
        .flat_map(|d| {
            d.spans
                .iter()
                .map(move |s| (d.id.clone(), s.start.0, s.end.0, s.label.clone()))
        })
        .collect();
    let mut used_ids: HashSet<SpanId> = project
        .documents
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| s.id))
        .collect();
    // Looked up once per imported document: a set, not a walk over the project's documents.
    let existing_docs: HashSet<&DocId> = project.documents.iter().map(|d| &d.id).collect();
    for imported in docs {
        let mut doc = Document::new(imported.title, imported.source, imported.text);
        let existing = existing_docs.contains(&doc.id);
        let index = crate::text::CharIndex::new(&doc.text);
        for s in imported.spans {
            let label = LabelId::new(map.apply(&s.label));
            if !schema.contains(&label) {
                let colour = NEW_LABEL_COLOURS[(schema.labels.len()) % NEW_LABEL_COLOURS.len()];
                out.notices.push(format!(
                    "label \"{label}\" is not in the schema: added (first seen at {})",
                    s.origin
                ));
                schema.labels.push(Label {
                    id: label.clone(),
                    name: label.to_string(),
                    kind: LabelKind::Other,
                    color: Color(colour),
                    hotkey: None,
                    description: "Added by an import.".to_owned(),
                });
            }
            let range = CharRange {
                start: s.start,
                end: s.end,
            };
            let Some(text) = index.slice(&doc.text, range).filter(|_| !range.is_empty()) else {
                out.problems.push(LineProblem {
                    at: s.origin.clone(),
                    message: format!("span {range} ({label}) is empty or outside the text"),
                });
                continue;
            };
            if !seen.insert((doc.id.clone(), range.start.0, range.end.0, label.clone())) {
                continue;
            }
            let mut id = SpanId::random();
            while !used_ids.insert(id) {
                id = SpanId::random();
            }
            let span = Span {
                id,
                label,
                start: range.start,
                end: range.end,
                text: text.to_owned(),
                note: s.note,
                author: project.annotator.id.clone(),
                created: now.clone(),
                modified: now.clone(),
                provenance: None,
            };
            out.new_spans += 1;
            if existing {
                add_spans.push(Edit::AddSpan {
                    doc: doc.id.clone(),
                    span,
                });
            } else {
                doc.spans.push(span);
            }
        }
        if existing {
            continue;
        }
        match new_doc_index.get(&doc.id) {
            Some(&k) => {
                // The same text twice in one import: keep one document with both sets of spans.
                new_docs[k].spans.extend(doc.spans);
                new_docs[k].sort_spans();
            }
            None => {
                doc.sort_spans();
                new_doc_index.insert(doc.id.clone(), new_docs.len());
                new_docs.push(doc);
            }
        }
    }
    out.new_documents = new_docs.len();
    let mut edits = Vec::new();
    if schema != project.schema {
        edits.push(Edit::SetSchema { schema });
    }
    if !new_docs.is_empty() {
        edits.push(Edit::AddDocuments { docs: new_docs });
    }
    edits.extend(add_spans);
    if !edits.is_empty() {
        out.edit = Some(Edit::Batch { edits });
    }
    out
}
