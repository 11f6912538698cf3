//! Putting imported documents into a project: labels mapped onto the schema, unknown labels
//! added (with a notice), each span checked against its document by the model's own check (a
//! refused span is reported with its file and place and left out), duplicates dropped, and
//! everything expressed as one [`Edit::Batch`] (schema first, then new documents, then spans
//! added to documents the project already has, matched by [`DocId`]), which
//! [`Project::apply`] checks once more.

use super::{ImportedDoc, LineProblem};
use crate::model::{
    CharRange, Color, DocId, Document, DocumentBuilder, Edit, EditError, Label, LabelId, LabelKind,
    Project, Schema, SpanId, Timestamp,
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

/// Map, check and collect `docs` into one edit for `project`. Every span is checked against
/// its document by the model ([`DocumentBuilder::add_span`], the checks of
/// [`Project::apply`]): a span the model refuses (empty, outside the text) becomes a
/// [`LineProblem`] at the place it was read and is left out; a span the document already has
/// (same range and label) is dropped silently.
pub fn merge(project: &Project, docs: Vec<ImportedDoc>, map: &LabelMap, now: &Timestamp) -> Merged {
    let mut out = Merged::default();
    let mut schema: Schema = project.schema().clone();
    // One builder per distinct text: a new document, or a copy of the project's document so
    // that new spans are checked against the ones it has.
    let mut builders: Vec<DocumentBuilder> = Vec::new();
    let mut by_id: HashMap<DocId, usize> = HashMap::new();
    let mut add_spans: Vec<Edit> = Vec::new();
    let mut used_ids: HashSet<SpanId> = project
        .documents()
        .iter()
        .flat_map(|d| d.spans().iter().map(|s| s.id))
        .collect();
    // Looked up once per imported document: a set, not a walk over the project's documents.
    let existing_docs: HashMap<&DocId, &Document> =
        project.documents().iter().map(|d| (d.id(), d)).collect();
    for imported in docs {
        let doc = Document::new(imported.title, imported.source, imported.text);
        let id = doc.id().clone();
        let existing = existing_docs.get(&id).copied();
        let k = *by_id.entry(id.clone()).or_insert_with(|| {
            builders.push(DocumentBuilder::new(existing.cloned().unwrap_or(doc)));
            builders.len() - 1
        });
        let builder = &mut builders[k];
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
            let refused = |err: EditError| LineProblem {
                at: s.origin.clone(),
                message: format!("span {range} ({label}) not imported: {err}"),
            };
            let mut span = match builder.new_span(range, label.clone(), &project.annotator.id, now)
            {
                Ok(span) => span,
                Err(err) => {
                    out.problems.push(refused(err));
                    continue;
                }
            };
            span.note = s.note.clone();
            while !used_ids.insert(span.id) {
                span.id = SpanId::random();
            }
            let copy = existing.is_some().then(|| span.clone());
            match builder.add_span(span, Some(&schema)) {
                Ok(()) => {
                    out.new_spans += 1;
                    if let Some(span) = copy {
                        add_spans.push(Edit::AddSpan {
                            doc: id.clone(),
                            span,
                        });
                    }
                }
                Err(EditError::Duplicate { .. }) => {}
                Err(err) => out.problems.push(refused(err)),
            }
        }
    }
    let new_docs: Vec<Document> = builders
        .into_iter()
        .map(DocumentBuilder::finish)
        .filter(|d| !existing_docs.contains_key(d.id()))
        .collect();
    out.new_documents = new_docs.len();
    let mut edits = Vec::new();
    if schema != *project.schema() {
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
