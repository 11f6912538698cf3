//! A project: one annotator's labels on a set of documents, under one schema.

use super::{
    AnnotatorId, CharRange, Dependents, DocId, Document, EditError, Entity, LabelId, Problem,
    ProjectSettings, Schema, Span, SpanId, Timestamp,
};
use serde::{Deserialize, Serialize};

/// The version of the project file format this build writes. See `docs/FORMAT.md`.
pub const FORMAT_VERSION: u32 = 2;

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
///
/// Schema and documents are read with [`Project::schema`] and [`Project::documents`] and
/// changed only by [`super::Edit`]s through [`Project::apply`], which refuses any change that
/// would make the project invalid. Name, annotator, settings and format version cannot break
/// anything and stay public (an open project is still changed through edits, so that undo
/// sees every change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub format: u32,
    pub name: String,
    pub annotator: Annotator,
    pub(in crate::model) schema: Schema,
    /// Snapping rules and aliases; not written while they are the defaults.
    #[serde(default, skip_serializing_if = "ProjectSettings::is_default")]
    pub settings: ProjectSettings,
    /// The entity registry, sorted by id; not written while empty (see [`super::Entity`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(in crate::model) entities: Vec<Entity>,
    /// Documents in the order they were imported.
    pub(in crate::model) documents: Vec<Document>,
}

impl Project {
    /// How the paragraphs of `doc` choose their base direction: its own setting, or the
    /// project's default.
    pub fn direction_of(&self, doc: &Document) -> super::BaseDirection {
        doc.direction.unwrap_or(self.settings.direction)
    }

    /// An empty project with the default schema.
    pub fn new(name: impl Into<String>, annotator: Annotator) -> Self {
        Self {
            format: FORMAT_VERSION,
            name: name.into(),
            annotator,
            schema: Schema::default(),
            settings: ProjectSettings::default(),
            entities: Vec::new(),
            documents: Vec::new(),
        }
    }

    /// A project put together from its parts, as reading a file does: nothing is refused, and
    /// everything [`Project::validate`] finds is returned with it. A project with problems must
    /// be treated like a damaged file (read-only, never saved; saving refuses it). For
    /// building a project that must be valid, use [`Project::new`] and [`super::Edit`]s.
    pub fn from_parts(
        name: impl Into<String>,
        annotator: Annotator,
        schema: Schema,
        settings: ProjectSettings,
        documents: Vec<Document>,
    ) -> (Self, Vec<Problem>) {
        Self::from_parts_with_entities(name, annotator, schema, settings, Vec::new(), documents)
    }

    /// [`Project::from_parts`] with an entity registry (sorted here).
    pub fn from_parts_with_entities(
        name: impl Into<String>,
        annotator: Annotator,
        schema: Schema,
        settings: ProjectSettings,
        entities: Vec<Entity>,
        documents: Vec<Document>,
    ) -> (Self, Vec<Problem>) {
        let project =
            Self::from_parts_unvalidated(name, annotator, schema, settings, entities, documents);
        let problems = project.validate();
        (project, problems)
    }

    /// [`Project::from_parts_with_entities`] without the validation, for a caller that would
    /// drop the problems anyway (the adjudication's gold: saving validates it again).
    pub(crate) fn from_parts_unvalidated(
        name: impl Into<String>,
        annotator: Annotator,
        schema: Schema,
        settings: ProjectSettings,
        entities: Vec<Entity>,
        documents: Vec<Document>,
    ) -> Self {
        let mut project = Self {
            format: FORMAT_VERSION,
            name: name.into(),
            annotator,
            schema,
            settings,
            entities,
            documents,
        };
        project.sort_entities();
        project
    }

    /// Give a project read from a format-1 file (labels only) the default event taxonomy,
    /// relation types and attributes; used by the file reader's migration only.
    pub fn migrate_schema_from_format_1(&mut self) {
        let defaults = Schema::default();
        self.schema.event_types = defaults.event_types;
        self.schema.relation_types = defaults.relation_types;
        self.schema.attributes = defaults.attributes;
    }

    /// The label schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The documents, in the order they were imported.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// The documents of a project no longer needed, moved out rather than copied.
    pub fn into_documents(self) -> Vec<Document> {
        self.documents
    }

    pub fn document(&self, id: &DocId) -> Option<&Document> {
        self.documents.iter().find(|d| &d.id == id)
    }

    pub(in crate::model) fn document_mut(
        &mut self,
        id: &DocId,
    ) -> Result<&mut Document, EditError> {
        self.documents
            .iter_mut()
            .find(|d| &d.id == id)
            .ok_or_else(|| EditError::NoSuchDocument(id.clone()))
    }

    pub(in crate::model) fn document_index(&self, id: &DocId) -> Option<usize> {
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
        self.document(doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?
            .new_span(range, label, &self.annotator.id, now)
    }

    /// What removing `span` from `doc` would take with it ([`super::Edit::RemoveSpan`]), so that
    /// the GUI and CLI can say so before or after.
    pub fn dependents_of(&self, doc: &DocId, span: SpanId) -> Dependents {
        let mut out = Dependents::default();
        let Some(document) = self.document(doc) else {
            return out;
        };
        for event in document.events() {
            if event.trigger == span {
                out.events_removed.push(event.id);
            } else {
                for arg in event.args.iter().filter(|a| a.span == span) {
                    out.arguments_removed.push((event.id, arg.role.clone()));
                }
            }
        }
        out.relations_removed = document
            .relations()
            .iter()
            .filter(|r| r.refers_to(span))
            .map(|r| r.id)
            .collect();
        out
    }

    /// All events of all documents.
    pub fn event_count(&self) -> usize {
        self.documents.iter().map(|d| d.events.len()).sum()
    }

    /// All relations of all documents.
    pub fn relation_count(&self) -> usize {
        self.documents.iter().map(|d| d.relations.len()).sum()
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

/// A copy of `project` damaged as a file edited by hand would be: `damage` changes the
/// project's JSON form, which is read back without any check. Only tests make such projects.
#[cfg(test)]
pub(crate) fn damaged(project: &Project, damage: impl FnOnce(&mut serde_json::Value)) -> Project {
    let mut value = serde_json::to_value(project).expect("a project serialises");
    damage(&mut value);
    serde_json::from_value(value).expect("the damaged project still parses")
}

#[cfg(test)]
mod set_direction_tests {
    use super::*;
    use crate::model::{BaseDirection, Document, Edit, History};

    #[test]
    fn a_document_direction_is_an_edit_and_falls_back_to_the_project_default() {
        let now = Timestamp::now();
        let mut p = Project::new("t", Annotator::new("a"));
        let mut h = History::new();
        let doc = Document::new("d", "", "JNIM أعلنت");
        let id = doc.id().clone();
        h.apply(&mut p, Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        let d = |p: &Project| p.direction_of(p.document(&id).unwrap());
        assert_eq!(d(&p), BaseDirection::FirstStrong);
        let mut settings = p.settings.clone();
        settings.direction = BaseDirection::LeftToRight;
        h.apply(&mut p, Edit::SetSettings { settings }, &now)
            .unwrap();
        assert_eq!(d(&p), BaseDirection::LeftToRight, "the project's default");
        let set = Edit::SetDirection {
            doc: id.clone(),
            direction: Some(BaseDirection::RightToLeft),
        };
        h.apply(&mut p, set, &now).unwrap();
        assert_eq!(d(&p), BaseDirection::RightToLeft, "the document's own");
        h.undo(&mut p, &now).unwrap();
        assert_eq!(d(&p), BaseDirection::LeftToRight);
        let text = crate::format::to_ron_string(&p);
        assert!(text.contains("direction: LeftToRight"));
    }
}
