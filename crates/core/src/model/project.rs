//! A project: one annotator's labels on a set of documents, under one schema.

use super::{
    AnnotatorId, CharRange, DocId, Document, EditError, LabelId, ProjectSettings, Schema, Span,
    SpanId, Timestamp,
};
use serde::{Deserialize, Serialize};

/// The version of the project file format this build writes. See `docs/FORMAT.md`.
pub const FORMAT_VERSION: u32 = 1;

/// Who made the labels in a project file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotator {
    pub id: AnnotatorId,
    pub name: String,
}

impl Annotator {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            id: AnnotatorId::random(),
            name: name.into(),
        }
    }
}

/// Everything one `.hamish.ron` file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub format: u32,
    pub name: String,
    pub annotator: Annotator,
    pub schema: Schema,
    /// Snapping rules and aliases; not written while they are the defaults.
    #[serde(default, skip_serializing_if = "ProjectSettings::is_default")]
    pub settings: ProjectSettings,
    /// Documents in the order they were imported.
    pub documents: Vec<Document>,
}

impl Project {
    /// An empty project with the default schema.
    pub fn new(name: impl Into<String>, annotator: Annotator) -> Self {
        Self {
            format: FORMAT_VERSION,
            name: name.into(),
            annotator,
            schema: Schema::default(),
            settings: ProjectSettings::default(),
            documents: Vec::new(),
        }
    }

    pub fn document(&self, id: &DocId) -> Option<&Document> {
        self.documents.iter().find(|d| &d.id == id)
    }

    pub(crate) fn document_mut(&mut self, id: &DocId) -> Result<&mut Document, EditError> {
        self.documents
            .iter_mut()
            .find(|d| &d.id == id)
            .ok_or_else(|| EditError::NoSuchDocument(id.clone()))
    }

    pub(crate) fn document_index(&self, id: &DocId) -> Option<usize> {
        self.documents.iter().position(|d| &d.id == id)
    }

    /// A new span over `range` of a document, authored by this project's annotator, with its
    /// covered text filled in. It is not added: wrap it in [`super::Edit::AddSpan`].
    pub fn new_span(
        &self,
        doc: &DocId,
        range: CharRange,
        label: LabelId,
        now: &Timestamp,
    ) -> Result<Span, EditError> {
        let document = self
            .document(doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
        let text = document.slice(range).ok_or(EditError::OutOfRange {
            range,
            len: document.len_chars(),
        })?;
        Ok(Span {
            id: SpanId::random(),
            label,
            start: range.start,
            end: range.end,
            text: text.to_owned(),
            note: None,
            author: self.annotator.id.clone(),
            created: now.clone(),
            modified: now.clone(),
            provenance: None,
        })
    }

    /// All spans of all documents.
    pub fn span_count(&self) -> usize {
        self.documents.iter().map(|d| d.spans.len()).sum()
    }

    /// Whether any document already has a span with this id.
    pub fn has_span_id(&self, id: SpanId) -> bool {
        self.documents.iter().any(|d| d.span(id).is_some())
    }
}
