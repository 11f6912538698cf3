//! A document: one article's text, its metadata, review status and spans.

use super::BaseDirection;
use super::validate::check_span;
use super::{
    AnnotatorId, Attributes, CharRange, DocId, EditError, Event, EventId, LabelId, Relation,
    RelationId, Schema, Span, SpanId, Timestamp,
};
use crate::text::{CharIndex, slice_chars};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Where the analyst is with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum DocStatus {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl DocStatus {
    pub const ALL: [DocStatus; 3] = [DocStatus::Todo, DocStatus::InProgress, DocStatus::Done];

    pub fn name(self) -> &'static str {
        match self {
            DocStatus::Todo => "todo",
            DocStatus::InProgress => "in progress",
            DocStatus::Done => "done",
        }
    }
}

/// Optional facts about where an article came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
}

impl DocumentMeta {
    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.outlet.is_none()
    }
}

/// One article. `text` uses `\n` line ends only; spans are kept sorted by [`Span::sort_key`]
/// (also when read from a file).
///
/// Id, text and spans are read with [`Document::id`], [`Document::text`] and
/// [`Document::spans`]. The id is the hash of the text ([`Document::new`]); spans are added to a
/// document not yet in a project with [`Document::add_span`], which checks them, and inside a
/// project only by [`super::Edit`]s. A project hands out its documents read-only, so the public
/// fields (title, source, metadata, status, note) are for documents being built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub(in crate::model) id: DocId,
    pub title: String,
    /// The file name or URL the text came from.
    pub source: String,
    #[serde(default, skip_serializing_if = "DocumentMeta::is_empty")]
    pub meta: DocumentMeta,
    /// Attribute values of the document (e.g. its country), declared in the schema.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub(in crate::model) attrs: Attributes,
    #[serde(default)]
    pub status: DocStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// How paragraphs choose their base direction; `None` follows the project's default
    /// (`settings.direction`). Arabic articles are imported as right to left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<BaseDirection>,
    /// The text, written in files as a list of lines so that it reads (and diffs) as prose.
    #[serde(with = "text_lines")]
    pub(in crate::model) text: String,
    #[serde(default, deserialize_with = "sorted_spans")]
    pub(in crate::model) spans: Vec<Span>,
    /// Events, sorted by id; each refers to spans of this document.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "sorted_by_id"
    )]
    pub(in crate::model) events: Vec<Event>,
    /// Relations, sorted by id; each links two spans of this document.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "sorted_by_id"
    )]
    pub(in crate::model) relations: Vec<Relation>,
}

/// Frames kept in id order, so that a file lists them the same way whoever wrote it.
pub(in crate::model) trait HasId {
    type Id: Ord + Copy;
    fn frame_id(&self) -> Self::Id;
}

impl HasId for Event {
    type Id = EventId;
    fn frame_id(&self) -> EventId {
        self.id
    }
}

impl HasId for Relation {
    type Id = RelationId;
    fn frame_id(&self) -> RelationId {
        self.id
    }
}

/// Events or relations as read from a file, put in id order.
fn sorted_by_id<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + HasId,
{
    let mut items = Vec::<T>::deserialize(d)?;
    items.sort_by_key(HasId::frame_id);
    Ok(items)
}

/// Put `item` in its place in a list kept in id order (replacing one with the same id).
pub(in crate::model) fn put_by_id<T: HasId>(items: &mut Vec<T>, item: T) -> Option<T> {
    match items.binary_search_by_key(&item.frame_id(), HasId::frame_id) {
        Ok(at) => Some(std::mem::replace(&mut items[at], item)),
        Err(at) => {
            items.insert(at, item);
            None
        }
    }
}

/// Take the item with `id` out of a list kept in id order.
pub(in crate::model) fn take_by_id<T: HasId>(items: &mut Vec<T>, id: T::Id) -> Option<T> {
    let at = items.binary_search_by_key(&id, HasId::frame_id).ok()?;
    Some(items.remove(at))
}

/// Spans as read from a file, put in their canonical order.
fn sorted_spans<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Span>, D::Error> {
    let mut spans = Vec::<Span>::deserialize(d)?;
    spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(spans)
}

impl Document {
    /// A new document with no spans; its id is the hash of `text`.
    pub fn new(
        title: impl Into<String>,
        source: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        let text = text.into();
        Self {
            id: DocId::from_text(&text),
            title: title.into(),
            source: source.into(),
            meta: DocumentMeta::default(),
            attrs: Attributes::new(),
            status: DocStatus::Todo,
            note: String::new(),
            direction: None,
            text,
            spans: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
        }
    }

    /// The document's id: the hash of its text.
    pub fn id(&self) -> &DocId {
        &self.id
    }

    /// The text, with `\n` line ends.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The spans, sorted by [`Span::sort_key`].
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The events, sorted by id.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The relations, sorted by id.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The document's own attribute values.
    pub fn attrs(&self) -> &Attributes {
        &self.attrs
    }

    pub fn event(&self, id: EventId) -> Option<&Event> {
        let at = self.events.binary_search_by_key(&id, |e| e.id).ok()?;
        Some(&self.events[at])
    }

    pub fn relation(&self, id: RelationId) -> Option<&Relation> {
        let at = self.relations.binary_search_by_key(&id, |r| r.id).ok()?;
        Some(&self.relations[at])
    }

    /// Length of the text in scalar values.
    pub fn len_chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The characters of `range`, or `None` when it does not lie inside the text.
    pub fn slice(&self, range: CharRange) -> Option<&str> {
        slice_chars(&self.text, range)
    }

    /// A new span over `range` of this document, made by `author` at `now`, with its covered
    /// text filled in; refused when `range` is not inside the text. It is not added: see
    /// [`Document::add_span`] and [`super::Edit::AddSpan`].
    pub fn new_span(
        &self,
        range: CharRange,
        label: LabelId,
        author: &AnnotatorId,
        now: &Timestamp,
    ) -> Result<Span, EditError> {
        let text = self.slice(range).ok_or(EditError::OutOfRange {
            range,
            len: self.len_chars(),
        })?;
        Ok(Span::new(label, range, text, author.clone(), now))
    }

    /// Whether `span` may be added to this document: the checks [`super::Project::apply`] makes
    /// (label in `schema`, unless `None`; range inside the text and not empty; covered text
    /// equal to `span.text`; no other span with the same range and label).
    pub fn check_span(&self, span: &Span, schema: Option<&Schema>) -> Result<(), EditError> {
        check_span(schema, self, span, None, |r| self.slice(r))
    }

    /// Add a span to a document that is not in a project yet (an import, a gold being built, a
    /// test), after [`Document::check_span`] and a check that no span of this document has the
    /// same id; spans stay sorted. The span is not added when refused. A document inside a
    /// project is changed only by [`super::Edit`]s, which check everything again (also the
    /// label and span ids against the project) when it is added.
    pub fn add_span(&mut self, span: Span, schema: Option<&Schema>) -> Result<(), EditError> {
        if self.span(span.id).is_some() {
            return Err(EditError::DuplicateSpanId(span.id));
        }
        self.check_span(&span, schema)?;
        self.insert_sorted(span);
        Ok(())
    }

    /// A copy of this document without its spans, events and relations (same id, title,
    /// source, metadata, attributes, status, note, direction and text).
    pub fn without_spans(&self) -> Document {
        Document {
            id: self.id.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            meta: self.meta.clone(),
            attrs: self.attrs.clone(),
            status: self.status,
            note: self.note.clone(),
            direction: self.direction,
            text: self.text.clone(),
            spans: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
        }
    }

    /// Take all spans (and the events and relations built on them) out of a document that is
    /// not in a project (it keeps its text).
    pub fn take_spans(&mut self) -> Vec<Span> {
        self.events.clear();
        self.relations.clear();
        std::mem::take(&mut self.spans)
    }

    /// Take the spans, events and relations out of a document that is not in a project (it
    /// keeps its text): moved, not copied.
    pub fn take_annotations(&mut self) -> (Vec<Span>, Vec<Event>, Vec<Relation>) {
        (
            std::mem::take(&mut self.spans),
            std::mem::take(&mut self.events),
            std::mem::take(&mut self.relations),
        )
    }

    /// Add an event to a document that is not in a project yet (an import, a gold being
    /// built), after the checks [`super::Edit::AddEvent`] makes against `schema`.
    pub fn add_event(&mut self, event: Event, schema: &Schema) -> Result<(), EditError> {
        if self.event(event.id).is_some() {
            return Err(EditError::DuplicateEventId(event.id));
        }
        super::validate::check_event(schema, self, &event)?;
        put_by_id(&mut self.events, event);
        Ok(())
    }

    /// Add a relation to a document that is not in a project yet, after the checks
    /// [`super::Edit::AddRelation`] makes against `schema`.
    pub fn add_relation(&mut self, relation: Relation, schema: &Schema) -> Result<(), EditError> {
        if self.relation(relation.id).is_some() {
            return Err(EditError::DuplicateRelationId(relation.id));
        }
        super::validate::check_relation(schema, self, &relation)?;
        put_by_id(&mut self.relations, relation);
        Ok(())
    }

    /// Set (or, with `None`, clear) one of the document's attributes, for a document not in a
    /// project yet; checked like [`super::Edit::SetAttribute`].
    pub fn set_attr(
        &mut self,
        attribute: super::AttributeId,
        value: Option<super::AttrValue>,
        schema: &Schema,
    ) -> Result<(), EditError> {
        if let Some(value) = &value {
            super::validate::check_attribute(
                schema,
                &attribute,
                value,
                super::validate::Owner::Document,
            )?;
        }
        match value {
            Some(v) => self.attrs.insert(attribute, v),
            None => self.attrs.remove(&attribute),
        };
        Ok(())
    }

    pub fn span(&self, id: SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| s.id == id)
    }

    pub(in crate::model) fn span_index(&self, id: SpanId) -> Option<usize> {
        self.spans.iter().position(|s| s.id == id)
    }

    /// Put spans back in their canonical order.
    pub(in crate::model) fn sort_spans(&mut self) {
        self.spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// Where a span belongs in the sorted list.
    fn insertion_point(&self, span: &Span) -> usize {
        let key = span.sort_key();
        self.spans.partition_point(|s| s.sort_key() < key)
    }

    /// Put a checked span in its place in the sorted list.
    pub(in crate::model) fn insert_sorted(&mut self, span: Span) {
        let at = self.insertion_point(&span);
        self.spans.insert(at, span);
    }
}

/// A document not in a project being given many spans (an import): [`Document::new_span`] and
/// [`Document::add_span`] with the text indexed once, so that a long text with thousands of
/// spans costs time in proportion to the spans, not to spans × text.
#[derive(Debug, Clone)]
pub struct DocumentBuilder {
    doc: Document,
    chars: CharIndex,
    ids: HashSet<SpanId>,
}

impl DocumentBuilder {
    pub fn new(doc: Document) -> Self {
        let chars = CharIndex::new(&doc.text);
        let ids = doc.spans.iter().map(|s| s.id).collect();
        Self { doc, chars, ids }
    }

    /// The document as built so far.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// As [`Document::add_event`], once the spans it refers to are in.
    pub fn add_event(&mut self, event: Event, schema: &Schema) -> Result<(), EditError> {
        self.doc.add_event(event, schema)
    }

    /// As [`Document::add_relation`].
    pub fn add_relation(&mut self, relation: Relation, schema: &Schema) -> Result<(), EditError> {
        self.doc.add_relation(relation, schema)
    }

    /// As [`Document::new_span`].
    pub fn new_span(
        &self,
        range: CharRange,
        label: LabelId,
        author: &AnnotatorId,
        now: &Timestamp,
    ) -> Result<Span, EditError> {
        let text = self
            .chars
            .slice(&self.doc.text, range)
            .ok_or(EditError::OutOfRange {
                range,
                len: self.chars.len_chars(),
            })?;
        Ok(Span::new(label, range, text, author.clone(), now))
    }

    /// As [`Document::add_span`].
    pub fn add_span(&mut self, span: Span, schema: Option<&Schema>) -> Result<(), EditError> {
        if self.ids.contains(&span.id) {
            return Err(EditError::DuplicateSpanId(span.id));
        }
        let doc = &self.doc;
        check_span(schema, doc, &span, None, |r| self.chars.slice(&doc.text, r))?;
        self.ids.insert(span.id);
        self.doc.insert_sorted(span);
        Ok(())
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

/// Serde adapter writing a text as one string per line.
mod text_lines {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(text.split('\n'))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let lines = Vec::<String>::deserialize(d)?;
        Ok(lines.join("\n"))
    }
}
