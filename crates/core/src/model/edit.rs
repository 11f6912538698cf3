//! Edits: every change to a project is an [`Edit`] value applied by [`Project::apply`], which
//! checks it, performs it and returns the edit that undoes it.
//!
//! The GUI, the CLI, autosave and the tests all change projects through this one function.
//! Its checks are those of [`super::validate`]: a span is refused unless its label is in the
//! schema, its range is inside the text and not empty, its text is what it covers and no other
//! span has the same range and label; documents added (or put back) are checked span by span
//! the same way, so an edit can never make a valid project invalid.

use super::BaseDirection;
use super::document::{put_by_id, take_by_id};
use super::validate::{
    FrameFault, Owner, check_attribute, check_event, check_relation, check_schema_fits, check_span,
    document_faults, quoted,
};
use super::{
    AttrValue, AttributeId, CharRange, DocId, DocStatus, Document, Entity, EntityFault, EntityId,
    EntityKind, Event, EventId, LabelId, LinkFault, Project, ProjectSettings, Relation, RelationId,
    Schema, Span, SpanId, Timestamp,
};
use crate::text::CharIndex;
use std::collections::{HashMap, HashSet};
use thiserror::Error;

/// One change to a project.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add a span (its `text` must equal the covered characters).
    AddSpan {
        doc: DocId,
        span: Span,
    },
    /// Remove a span, and with it the events it triggers, its places as an argument and the
    /// relations it is an end of (see [`Project::dependents_of`]); one undo step restores all.
    RemoveSpan {
        doc: DocId,
        span: SpanId,
    },
    Relabel {
        doc: DocId,
        span: SpanId,
        label: LabelId,
    },
    Resize {
        doc: DocId,
        span: SpanId,
        range: CharRange,
    },
    SetSpanNote {
        doc: DocId,
        span: SpanId,
        note: Option<String>,
    },
    /// Put back a span exactly as given (same id); the inverse of relabel, resize and note.
    RestoreSpan {
        doc: DocId,
        span: Span,
    },
    /// Add an event whose trigger and arguments are spans of the document.
    AddEvent {
        doc: DocId,
        event: Event,
    },
    RemoveEvent {
        doc: DocId,
        event: EventId,
    },
    /// Replace an event by one with the same id (its type, arguments, attributes or note
    /// changed); its own inverse.
    ReplaceEvent {
        doc: DocId,
        event: Event,
    },
    AddRelation {
        doc: DocId,
        relation: Relation,
    },
    RemoveRelation {
        doc: DocId,
        relation: RelationId,
    },
    /// Replace a relation by one with the same id; its own inverse.
    ReplaceRelation {
        doc: DocId,
        relation: Relation,
    },
    /// Set (or, with `None`, clear) an attribute of a document, a span or an event.
    SetAttribute {
        doc: DocId,
        on: AttrOwner,
        attribute: AttributeId,
        value: Option<AttrValue>,
    },
    SetStatus {
        doc: DocId,
        status: DocStatus,
    },
    SetDocNote {
        doc: DocId,
        note: String,
    },
    /// How the document's paragraphs choose their direction (`None`: the project's default).
    SetDirection {
        doc: DocId,
        direction: Option<BaseDirection>,
    },
    /// Append documents (an import).
    AddDocuments {
        docs: Vec<Document>,
    },
    /// Put documents back at the given positions (the inverse of a removal).
    InsertDocuments {
        docs: Vec<(usize, Document)>,
    },
    RemoveDocuments {
        ids: Vec<DocId>,
    },
    SetSchema {
        schema: Schema,
    },
    /// Replace the project's snapping rules and declared aliases.
    SetSettings {
        settings: ProjectSettings,
    },
    Rename {
        name: String,
    },
    /// Add an entity to the registry (its references must exist).
    AddEntity {
        entity: Entity,
    },
    /// Remove an entity no span links to and no entity refers to.
    RemoveEntity {
        id: EntityId,
    },
    /// Replace an entity by one with the same id (names, aliases, ids, kind…); its own
    /// inverse. A new kind must still fit every span linked to it.
    ReplaceEntity {
        entity: Entity,
    },
    /// Link a span to an entity of its label's kind, or unlink it with `None`.
    LinkSpan {
        doc: DocId,
        span: SpanId,
        entity: Option<EntityId>,
    },
    /// Merge `absorb` into `keep` (same kind): names become aliases, links and references
    /// move, `absorb` goes. The inverse is a batch that puts everything back.
    MergeEntities {
        keep: EntityId,
        absorb: EntityId,
    },
    /// Split `new` off `from`: `new` is added (its spellings leave `from`'s aliases) and the
    /// `mentions`, all linked to `from`, move to it.
    SplitEntity {
        from: EntityId,
        new: Entity,
        mentions: Vec<(DocId, SpanId)>,
    },
    /// Several edits as one undo step, applied in order; all or nothing.
    Batch {
        edits: Vec<Edit>,
    },
}

/// What an [`Edit::SetAttribute`] sets an attribute on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttrOwner {
    Document,
    Span(SpanId),
    Event(EventId),
}

/// Why an edit was refused. The project is unchanged after an error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("no document with id {0}")]
    NoSuchDocument(DocId),
    #[error("no span with id {0}")]
    NoSuchSpan(SpanId),
    #[error("no event with id {0}")]
    NoSuchEvent(EventId),
    #[error("no relation with id {0}")]
    NoSuchRelation(RelationId),
    #[error("event id {0} is already in use")]
    DuplicateEventId(EventId),
    #[error("relation id {0} is already in use")]
    DuplicateRelationId(RelationId),
    /// An event, relation or attribute value the schema does not allow; `at` names it.
    #[error("{at}: {fault}")]
    Frame { at: String, fault: FrameFault },
    #[error("the schema declares {0} more than once")]
    DuplicateDeclaration(String),
    #[error("the new schema does not allow {at} of document {doc}: {fault}")]
    SchemaBreaksFrame {
        doc: DocId,
        at: String,
        fault: FrameFault,
    },
    #[error("no label {0} in the schema")]
    NoSuchLabel(LabelId),
    #[error("range {range} is outside the text ({len} characters)")]
    OutOfRange { range: CharRange, len: usize },
    #[error("a span must cover at least one character")]
    EmptySpan,
    #[error("span text {given:?} does not match the text at {range} ({actual:?})")]
    TextMismatch {
        range: CharRange,
        given: String,
        actual: String,
    },
    #[error("a {label} span already covers {range}")]
    Duplicate { label: LabelId, range: CharRange },
    #[error("span id {0} is already in use")]
    DuplicateSpanId(SpanId),
    #[error("document {0} is already in the project")]
    DuplicateDocument(DocId),
    #[error("label {0} is still used by {1} spans")]
    LabelInUse(LabelId, usize),
    #[error("the schema has two labels with id {0}")]
    DuplicateLabel(LabelId),
    #[error("no entity with id {0}")]
    NoSuchEntity(EntityId),
    #[error("entity id {0} is already in use")]
    DuplicateEntityId(EntityId),
    #[error("entity {id}: {fault}")]
    Entity { id: EntityId, fault: EntityFault },
    #[error("entity {id} is still used: {mentions} linked span(s){}", if .referred_by.is_empty() { String::new() } else { format!(", named by {}", .referred_by.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(", ")) })]
    EntityInUse {
        id: EntityId,
        mentions: usize,
        referred_by: Vec<EntityId>,
    },
    #[error("span {span}: {fault}")]
    Link { span: SpanId, fault: LinkFault },
    #[error("entity {0} cannot be merged with itself")]
    MergeWithItself(EntityId),
    #[error("a {keep} entity and a {absorb} entity are not one entity")]
    MergeKinds {
        keep: EntityKind,
        absorb: EntityKind,
    },
    #[error("span {span} is not linked to entity {entity}")]
    NotLinkedTo { span: SpanId, entity: EntityId },
    #[error("the document id is not the hash of its text (expected {expected})")]
    IdMismatch { expected: DocId },
    /// Refused by a read-only [`crate::session::Session`] (its project has problems).
    #[error("the project is read-only: it has {problems} problem(s), so it is not changed")]
    ReadOnly { problems: usize },
    /// A document given to [`Edit::AddDocuments`] or [`Edit::InsertDocuments`] was refused.
    #[error("document {} ({doc}){}: {error}", quoted(.title), .span.map(|s| format!(", span {s}")).unwrap_or_default())]
    InvalidDocument {
        doc: DocId,
        title: String,
        span: Option<SpanId>,
        error: Box<EditError>,
    },
}

impl Edit {
    /// True for edits that change nothing (an empty batch).
    pub fn is_noop(&self) -> bool {
        matches!(self, Edit::Batch { edits } if edits.iter().all(Edit::is_noop))
    }
}

/// Indexes built once per batch, so that adding thousands of spans (annotate-all over a
/// whole project) costs time in proportion to the spans added, not to spans × project size.
///
/// Spans added in a batch wait in `pending` (per document index) and go into the document's
/// sorted list all at once when the batch ends or another kind of edit comes: inserting each
/// into the middle of a long list moved every later span each time (44,447 spans on one
/// 2,000,000-character line took 4 s). Duplicates among the waiting spans are caught by
/// `pending_keys`; against the document's own spans by the usual check.
#[derive(Default)]
struct BatchLookup {
    span_ids: Option<HashSet<SpanId>>,
    docs: Option<HashMap<DocId, usize>>,
    char_indexes: HashMap<usize, CharIndex>,
    pending: HashMap<usize, Vec<Span>>,
    pending_keys: HashSet<(usize, CharRange, LabelId)>,
}

impl BatchLookup {
    /// Put the waiting spans into their documents, sorted.
    fn flush(&mut self, project: &mut Project) {
        for (index, spans) in self.pending.drain() {
            let document = &mut project.documents[index];
            document.spans.extend(spans);
            document.sort_spans();
        }
        self.pending_keys.clear();
    }
}

impl Project {
    /// [`Edit::AddSpan`] inside a batch: the same checks as [`Project::apply`], through the
    /// batch's indexes.
    fn add_span_in_batch(
        &mut self,
        doc: DocId,
        span: Span,
        lookup: &mut BatchLookup,
    ) -> Result<Edit, EditError> {
        let ids = lookup.span_ids.get_or_insert_with(|| {
            self.documents
                .iter()
                .flat_map(|d| d.spans.iter().map(|s| s.id))
                .collect()
        });
        if ids.contains(&span.id) {
            return Err(EditError::DuplicateSpanId(span.id));
        }
        let docs = lookup.docs.get_or_insert_with(|| {
            self.documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect()
        });
        let index = *docs
            .get(&doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
        let document = &mut self.documents[index];
        let chars = lookup
            .char_indexes
            .entry(index)
            .or_insert_with(|| CharIndex::new(&document.text));
        let text = &document.text;
        check_span(Some(&self.schema), document, &span, None, |r| {
            chars.slice(text, r)
        })?;
        self.check_link(&span)?;
        if !lookup
            .pending_keys
            .insert((index, span.range(), span.label.clone()))
        {
            return Err(EditError::Duplicate {
                label: span.label.clone(),
                range: span.range(),
            });
        }
        let id = span.id;
        lookup.pending.entry(index).or_default().push(span);
        ids.insert(id);
        Ok(Edit::RemoveSpan { doc, span: id })
    }

    /// Apply `edit` and return its inverse. `now` stamps created and modified spans.
    ///
    /// On error the project is left exactly as it was, also for a failing [`Edit::Batch`].
    pub fn apply(&mut self, edit: Edit, now: &Timestamp) -> Result<Edit, EditError> {
        match edit {
            Edit::Batch { edits } => {
                let mut inverses = Vec::with_capacity(edits.len());
                let mut lookup = BatchLookup::default();
                for edit in edits {
                    let result = match edit {
                        Edit::AddSpan { doc, span } => {
                            self.add_span_in_batch(doc, span, &mut lookup)
                        }
                        other => {
                            // Anything else may change documents or ids: start afresh.
                            lookup.flush(self);
                            lookup = BatchLookup::default();
                            self.apply(other, now)
                        }
                    };
                    match result {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            lookup.flush(self);
                            for inverse in inverses.into_iter().rev() {
                                self.apply(inverse, now)
                                    .expect("the inverse of an applied edit applies");
                            }
                            return Err(err);
                        }
                    }
                }
                lookup.flush(self);
                inverses.reverse();
                Ok(Edit::Batch { edits: inverses })
            }
            Edit::AddSpan { doc, span } => {
                if self.has_span_id(span.id) {
                    return Err(EditError::DuplicateSpanId(span.id));
                }
                let index = self
                    .document_index(&doc)
                    .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
                let document = &self.documents[index];
                check_span(Some(&self.schema), document, &span, None, |r| {
                    document.slice(r)
                })?;
                self.check_link(&span)?;
                let id = span.id;
                self.documents[index].insert_sorted(span);
                Ok(Edit::RemoveSpan { doc, span: id })
            }
            Edit::RemoveSpan { doc, span } => {
                let document = self.document_mut(&doc)?;
                let index = document
                    .span_index(span)
                    .ok_or(EditError::NoSuchSpan(span))?;
                let removed = document.spans.remove(index);
                let mut restore = vec![Edit::AddSpan {
                    doc: doc.clone(),
                    span: removed,
                }];
                // What depends on the span goes with it; the inverse puts it back after the
                // span, so one undo step restores all.
                let mut dropped = Vec::new();
                document.events.retain_mut(|event| {
                    if event.trigger == span {
                        dropped.push(event.clone());
                        return false;
                    }
                    if event.args.iter().any(|a| a.span == span) {
                        restore.push(Edit::ReplaceEvent {
                            doc: doc.clone(),
                            event: event.clone(),
                        });
                        event.args.retain(|a| a.span != span);
                        event.tidy_provenance();
                    }
                    true
                });
                restore.extend(dropped.into_iter().map(|event| Edit::AddEvent {
                    doc: doc.clone(),
                    event,
                }));
                let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut document.relations)
                    .into_iter()
                    .partition(|r| r.refers_to(span));
                document.relations = kept;
                restore.extend(gone.into_iter().map(|relation| Edit::AddRelation {
                    doc: doc.clone(),
                    relation,
                }));
                Ok(match restore.len() {
                    1 => restore.pop().expect("one edit"),
                    _ => Edit::Batch { edits: restore },
                })
            }
            Edit::AddEvent { doc, event } => {
                let document = self.document_ref(&doc)?;
                if document.event(event.id).is_some() {
                    return Err(EditError::DuplicateEventId(event.id));
                }
                check_event(&self.schema, document, &event)?;
                let id = event.id;
                put_by_id(&mut self.document_mut(&doc)?.events, event);
                Ok(Edit::RemoveEvent { doc, event: id })
            }
            Edit::RemoveEvent { doc, event } => {
                let removed = take_by_id(&mut self.document_mut(&doc)?.events, event)
                    .ok_or(EditError::NoSuchEvent(event))?;
                Ok(Edit::AddEvent {
                    doc,
                    event: removed,
                })
            }
            Edit::ReplaceEvent { doc, mut event } => {
                let document = self.document_ref(&doc)?;
                let old = document
                    .event(event.id)
                    .ok_or(EditError::NoSuchEvent(event.id))?;
                check_event(&self.schema, document, &event)?;
                if *old != event {
                    event.modified = now.clone();
                }
                let old = put_by_id(&mut self.document_mut(&doc)?.events, event)
                    .expect("the event is there");
                Ok(Edit::ReplaceEvent { doc, event: old })
            }
            Edit::AddRelation { doc, relation } => {
                let document = self.document_ref(&doc)?;
                if document.relation(relation.id).is_some() {
                    return Err(EditError::DuplicateRelationId(relation.id));
                }
                check_relation(&self.schema, document, &relation)?;
                let id = relation.id;
                put_by_id(&mut self.document_mut(&doc)?.relations, relation);
                Ok(Edit::RemoveRelation { doc, relation: id })
            }
            Edit::RemoveRelation { doc, relation } => {
                let removed = take_by_id(&mut self.document_mut(&doc)?.relations, relation)
                    .ok_or(EditError::NoSuchRelation(relation))?;
                Ok(Edit::AddRelation {
                    doc,
                    relation: removed,
                })
            }
            Edit::ReplaceRelation { doc, relation } => {
                let document = self.document_ref(&doc)?;
                if document.relation(relation.id).is_none() {
                    return Err(EditError::NoSuchRelation(relation.id));
                }
                check_relation(&self.schema, document, &relation)?;
                let old = put_by_id(&mut self.document_mut(&doc)?.relations, relation)
                    .expect("the relation is there");
                Ok(Edit::ReplaceRelation { doc, relation: old })
            }
            Edit::SetAttribute {
                doc,
                on,
                attribute,
                value,
            } => self.set_attribute(doc, on, attribute, value, now),
            Edit::Relabel { doc, span, label } => {
                self.check_frames_allow(&doc, span, &label)?;
                self.change_span(doc, span, now, |s, _| {
                    s.label = label;
                    Ok(())
                })
            }
            Edit::Resize { doc, span, range } => self.change_span(doc, span, now, |s, document| {
                let text = document.slice(range).ok_or(EditError::OutOfRange {
                    range,
                    len: document.len_chars(),
                })?;
                s.text = text.to_owned();
                s.start = range.start;
                s.end = range.end;
                Ok(())
            }),
            Edit::SetSpanNote { doc, span, note } => self.change_span(doc, span, now, |s, _| {
                s.note = note.filter(|n| !n.trim().is_empty());
                Ok(())
            }),
            Edit::RestoreSpan { doc, span } => {
                self.check_frames_allow(&doc, span.id, &span.label)?;
                let at = self
                    .document_index(&doc)
                    .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
                let document = &self.documents[at];
                let index = document
                    .span_index(span.id)
                    .ok_or(EditError::NoSuchSpan(span.id))?;
                check_span(Some(&self.schema), document, &span, Some(index), |r| {
                    document.slice(r)
                })?;
                self.check_link(&span)?;
                let document = &mut self.documents[at];
                let old = std::mem::replace(&mut document.spans[index], span);
                document.sort_spans();
                Ok(Edit::RestoreSpan { doc, span: old })
            }
            Edit::SetStatus { doc, status } => {
                let document = self.document_mut(&doc)?;
                let old = std::mem::replace(&mut document.status, status);
                Ok(Edit::SetStatus { doc, status: old })
            }
            Edit::SetDocNote { doc, note } => {
                let document = self.document_mut(&doc)?;
                let old = std::mem::replace(&mut document.note, note);
                Ok(Edit::SetDocNote { doc, note: old })
            }
            Edit::SetDirection { doc, direction } => {
                let document = self.document_mut(&doc)?;
                let old = std::mem::replace(&mut document.direction, direction);
                Ok(Edit::SetDirection {
                    doc,
                    direction: old,
                })
            }
            Edit::AddDocuments { docs } => {
                self.check_new_documents(docs.iter())?;
                let ids = docs.iter().map(|d| d.id.clone()).collect();
                self.documents.extend(docs);
                Ok(Edit::RemoveDocuments { ids })
            }
            Edit::InsertDocuments { mut docs } => {
                self.check_new_documents(docs.iter().map(|(_, d)| d))?;
                docs.sort_by_key(|(i, _)| *i);
                let ids = docs.iter().map(|(_, d)| d.id.clone()).collect();
                for (index, d) in docs {
                    let index = index.min(self.documents.len());
                    self.documents.insert(index, d);
                }
                Ok(Edit::RemoveDocuments { ids })
            }
            Edit::RemoveDocuments { ids } => {
                let mut positions = Vec::with_capacity(ids.len());
                for id in &ids {
                    let index = self
                        .document_index(id)
                        .ok_or_else(|| EditError::NoSuchDocument(id.clone()))?;
                    positions.push(index);
                }
                positions.sort_unstable();
                positions.dedup();
                let mut removed = Vec::with_capacity(positions.len());
                for &index in positions.iter().rev() {
                    removed.push((index, self.documents.remove(index)));
                }
                removed.reverse();
                Ok(Edit::InsertDocuments { docs: removed })
            }
            Edit::SetSchema { schema } => {
                let mut seen = HashSet::new();
                for label in &schema.labels {
                    if !seen.insert(&label.id) {
                        return Err(EditError::DuplicateLabel(label.id.clone()));
                    }
                }
                for old in &self.schema.labels {
                    if !schema.contains(&old.id) {
                        let used = self
                            .documents
                            .iter()
                            .flat_map(|d| &d.spans)
                            .filter(|s| s.label == old.id)
                            .count();
                        if used > 0 {
                            return Err(EditError::LabelInUse(old.id.clone(), used));
                        }
                    }
                }
                check_schema_fits(&schema, &self.documents)?;
                self.check_links_under(&schema)?;
                let old = std::mem::replace(&mut self.schema, schema);
                Ok(Edit::SetSchema { schema: old })
            }
            Edit::SetSettings { settings } => {
                let old = std::mem::replace(&mut self.settings, settings);
                Ok(Edit::SetSettings { settings: old })
            }
            Edit::Rename { name } => {
                let old = std::mem::replace(&mut self.name, name);
                Ok(Edit::Rename { name: old })
            }
            Edit::AddEntity { entity } => self.add_entity(entity),
            Edit::RemoveEntity { id } => self.remove_entity(id),
            Edit::ReplaceEntity { entity } => self.replace_entity(entity),
            Edit::LinkSpan { doc, span, entity } => self.link_span(doc, span, entity, now),
            Edit::MergeEntities { keep, absorb } => {
                let batch = self.merge_entities_edit(&keep, &absorb)?;
                self.apply(batch, now)
            }
            Edit::SplitEntity {
                from,
                new,
                mentions,
            } => {
                let batch = self.split_entity_edit(&from, new, &mentions)?;
                self.apply(batch, now)
            }
        }
    }

    fn document_ref(&self, id: &DocId) -> Result<&Document, EditError> {
        self.document(id)
            .ok_or_else(|| EditError::NoSuchDocument(id.clone()))
    }

    /// Refuse giving `span` the label `label` when an event or relation it takes part in would
    /// no longer allow it (a trigger must stay an Event label, an argument of a kind its role
    /// accepts, a relation end of a kind its type accepts).
    fn check_frames_allow(
        &self,
        doc: &DocId,
        span: SpanId,
        label: &LabelId,
    ) -> Result<(), EditError> {
        let document = self.document_ref(doc)?;
        if !self.schema.contains(label) {
            return Ok(()); // refused by the span check, with its own reason
        }
        let mut relabelled = match document.span(span) {
            Some(s) => s.clone(),
            None => return Ok(()),
        };
        relabelled.label = label.clone();
        let lookup = |id: SpanId| {
            if id == span {
                Some(&relabelled)
            } else {
                document.span(id)
            }
        };
        for event in document.events.iter().filter(|e| e.refers_to(span)) {
            let faults = super::validate::event_faults(&self.schema, lookup, event);
            if let Some(fault) = faults.into_iter().next() {
                return Err(EditError::Frame {
                    at: format!("event {}", event.id),
                    fault,
                });
            }
        }
        for relation in document.relations.iter().filter(|r| r.refers_to(span)) {
            let faults = super::validate::relation_faults(&self.schema, lookup, relation);
            if let Some(fault) = faults.into_iter().next() {
                return Err(EditError::Frame {
                    at: format!("relation {}", relation.id),
                    fault,
                });
            }
        }
        Ok(())
    }

    /// [`Edit::SetAttribute`]: check the value against the schema for its owner, set it and
    /// return the edit that puts the old value back.
    fn set_attribute(
        &mut self,
        doc: DocId,
        on: AttrOwner,
        attribute: AttributeId,
        value: Option<AttrValue>,
        now: &Timestamp,
    ) -> Result<Edit, EditError> {
        let document = self.document_ref(&doc)?;
        let owner = match on {
            AttrOwner::Document => Owner::Document,
            AttrOwner::Event(id) => {
                document.event(id).ok_or(EditError::NoSuchEvent(id))?;
                Owner::Event
            }
            AttrOwner::Span(id) => {
                let span = document.span(id).ok_or(EditError::NoSuchSpan(id))?;
                Owner::Span(self.schema.label(&span.label).map(|l| l.kind))
            }
        };
        if let Some(value) = &value {
            check_attribute(&self.schema, &attribute, value, owner)?;
        }
        let document = self.document_mut(&doc)?;
        let attrs = match on {
            AttrOwner::Document => &mut document.attrs,
            AttrOwner::Event(id) => {
                let at = document
                    .events
                    .binary_search_by_key(&id, |e| e.id)
                    .expect("checked above");
                let event = &mut document.events[at];
                event.modified = now.clone();
                &mut event.attrs
            }
            AttrOwner::Span(id) => {
                let at = document.span_index(id).expect("checked above");
                let span = &mut document.spans[at];
                span.modified = now.clone();
                &mut span.attrs
            }
        };
        let old = match value {
            Some(v) => attrs.insert(attribute.clone(), v),
            None => attrs.remove(&attribute),
        };
        Ok(Edit::SetAttribute {
            doc,
            on,
            attribute,
            value: old,
        })
    }

    /// Refuse documents that are already in the project, given twice, or not valid under the
    /// project's schema (see [`document_faults`]), before any of them goes in.
    fn check_new_documents<'a>(
        &self,
        docs: impl Iterator<Item = &'a Document> + Clone,
    ) -> Result<(), EditError> {
        // Every id of the project once, so adding n documents to a project of m costs n + m.
        let mut seen: HashSet<&DocId> = self.documents.iter().map(|d| &d.id).collect();
        for d in docs.clone() {
            if !seen.insert(&d.id) {
                return Err(EditError::DuplicateDocument(d.id.clone()));
            }
        }
        let mut span_ids: HashSet<SpanId> = HashSet::new();
        if docs.clone().any(|d| !d.spans.is_empty()) {
            span_ids.extend(
                self.documents
                    .iter()
                    .flat_map(|d| d.spans.iter().map(|s| s.id)),
            );
        }
        for d in docs {
            document_faults(&self.schema, d, &mut span_ids)?;
            for span in &d.spans {
                self.check_link(span)
                    .map_err(|error| EditError::InvalidDocument {
                        doc: d.id.clone(),
                        title: d.title.clone(),
                        span: Some(span.id),
                        error: Box::new(error),
                    })?;
            }
        }
        Ok(())
    }

    /// Change one span through `change`, re-check it, keep the spans sorted, and return the
    /// edit that restores the old span.
    fn change_span(
        &mut self,
        doc: DocId,
        span: SpanId,
        now: &Timestamp,
        change: impl FnOnce(&mut Span, &Document) -> Result<(), EditError>,
    ) -> Result<Edit, EditError> {
        let at = self
            .document_index(&doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
        let document = &self.documents[at];
        let index = document
            .span_index(span)
            .ok_or(EditError::NoSuchSpan(span))?;
        let old = document.spans[index].clone();
        let mut new = old.clone();
        change(&mut new, document)?;
        check_span(Some(&self.schema), document, &new, Some(index), |r| {
            document.slice(r)
        })?;
        self.check_link(&new)?;
        new.modified = now.clone();
        let document = &mut self.documents[at];
        document.spans[index] = new;
        document.sort_spans();
        Ok(Edit::RestoreSpan { doc, span: old })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange};

    fn project() -> (Project, DocId) {
        let mut p = Project::new("t", Annotator::new("Amina"));
        let doc = Document::new("t", "t.txt", "هاجمت جماعة نصرة الإسلام وتمبكتو أمس");
        let id = doc.id.clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &Timestamp::now())
            .unwrap();
        (p, id)
    }

    fn add(
        p: &mut Project,
        doc: &DocId,
        range: CharRange,
        label: &str,
    ) -> Result<SpanId, EditError> {
        let now = Timestamp::now();
        let span = p.new_span(doc, range, LabelId::new(label), &now)?;
        let id = span.id;
        p.apply(
            Edit::AddSpan {
                doc: doc.clone(),
                span,
            },
            &now,
        )?;
        Ok(id)
    }

    #[test]
    fn add_then_inverse_restores() {
        let (mut p, doc) = project();
        let before = p.clone();
        let now = Timestamp::now();
        let span = p
            .new_span(&doc, CharRange::new(6, 24), LabelId::new("GROUP"), &now)
            .unwrap();
        assert_eq!(span.text, "جماعة نصرة الإسلام");
        let inverse = p
            .apply(
                Edit::AddSpan {
                    doc: doc.clone(),
                    span,
                },
                &now,
            )
            .unwrap();
        assert_eq!(p.span_count(), 1);
        p.apply(inverse, &now).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn duplicates_are_refused_but_nesting_is_allowed() {
        let (mut p, doc) = project();
        add(&mut p, &doc, CharRange::new(6, 24), "GROUP").unwrap();
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(6, 24), "GROUP"),
            Err(EditError::Duplicate { .. })
        ));
        add(&mut p, &doc, CharRange::new(6, 24), "EVENT").unwrap();
        add(&mut p, &doc, CharRange::new(12, 24), "GROUP").unwrap();
        assert_eq!(p.span_count(), 3);
    }

    #[test]
    fn out_of_range_and_mismatch_are_refused() {
        let (mut p, doc) = project();
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(30, 99), "PLACE"),
            Err(EditError::OutOfRange { .. })
        ));
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(3, 3), "PLACE"),
            Err(EditError::EmptySpan)
        ));
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(0, 2), "NOPE"),
            Err(EditError::NoSuchLabel(_))
        ));
        let now = Timestamp::now();
        let mut span = p
            .new_span(&doc, CharRange::new(25, 32), LabelId::new("PLACE"), &now)
            .unwrap();
        span.text = "تمبكتو".into();
        let err = p.apply(Edit::AddSpan { doc, span }, &now).unwrap_err();
        assert!(matches!(err, EditError::TextMismatch { .. }), "{err}");
    }

    #[test]
    fn relabel_resize_and_undo_exactly() {
        let (mut p, doc) = project();
        let id = add(&mut p, &doc, CharRange::new(25, 32), "PLACE").unwrap();
        let before = p.clone();
        let later = Timestamp("2030-01-01T00:00:00Z".into());
        let inv1 = p
            .apply(
                Edit::Resize {
                    doc: doc.clone(),
                    span: id,
                    range: CharRange::new(26, 32),
                },
                &later,
            )
            .unwrap();
        assert_eq!(p.documents[0].span(id).unwrap().text, "تمبكتو");
        assert_eq!(p.documents[0].span(id).unwrap().modified, later);
        let inv2 = p
            .apply(
                Edit::Relabel {
                    doc: doc.clone(),
                    span: id,
                    label: LabelId::new("EVENT"),
                },
                &later,
            )
            .unwrap();
        p.apply(inv2, &later).unwrap();
        p.apply(inv1, &later).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn failing_batch_changes_nothing() {
        let (mut p, doc) = project();
        let now = Timestamp::now();
        let good = p
            .new_span(&doc, CharRange::new(0, 5), LabelId::new("EVENT"), &now)
            .unwrap();
        let mut bad = p
            .new_span(&doc, CharRange::new(6, 11), LabelId::new("GROUP"), &now)
            .unwrap();
        bad.end = crate::model::CharOffset(999);
        let before = p.clone();
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![
                        Edit::AddSpan {
                            doc: doc.clone(),
                            span: good,
                        },
                        Edit::AddSpan { doc, span: bad },
                    ],
                },
                &now,
            )
            .unwrap_err();
        assert!(matches!(err, EditError::OutOfRange { .. }));
        assert_eq!(p, before);
    }

    #[test]
    fn batch_of_spans_checks_ids_ranges_and_duplicates_like_single_edits() {
        let (mut p, doc) = project();
        let now = Timestamp::now();
        let a = p
            .new_span(&doc, CharRange::new(0, 5), LabelId::new("EVENT"), &now)
            .unwrap();
        let mut same_id = p
            .new_span(&doc, CharRange::new(6, 11), LabelId::new("GROUP"), &now)
            .unwrap();
        same_id.id = a.id;
        let before = p.clone();
        let add = |span: &Span| Edit::AddSpan {
            doc: doc.clone(),
            span: span.clone(),
        };
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![add(&a), add(&same_id)],
                },
                &now,
            )
            .unwrap_err();
        assert_eq!(err, EditError::DuplicateSpanId(a.id));
        assert_eq!(p, before);
        let mut twin = a.clone();
        twin.id = SpanId(a.id.0 ^ 1);
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![add(&a), add(&twin)],
                },
                &now,
            )
            .unwrap_err();
        assert!(matches!(err, EditError::Duplicate { .. }));
        assert_eq!(p, before);
        let mut bad = same_id.clone();
        bad.id = SpanId(7);
        bad.text = "خطأ".into();
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![add(&a), add(&bad)],
                },
                &now,
            )
            .unwrap_err();
        assert!(matches!(err, EditError::TextMismatch { .. }));
        assert_eq!(p, before);
        // A removal in the middle of a batch is seen by the additions after it.
        p.apply(add(&a), &now).unwrap();
        let inverse = p
            .apply(
                Edit::Batch {
                    edits: vec![
                        Edit::RemoveSpan {
                            doc: doc.clone(),
                            span: a.id,
                        },
                        add(&a),
                    ],
                },
                &now,
            )
            .unwrap();
        assert_eq!(p.span_count(), 1);
        p.apply(inverse, &now).unwrap();
        assert_eq!(p.span_count(), 1);
    }

    #[test]
    fn removing_documents_and_undoing_keeps_order() {
        let mut p = Project::new("t", Annotator::new("A"));
        let now = Timestamp::now();
        let docs: Vec<_> = (0..4)
            .map(|i| Document::new(format!("{i}"), "", format!("نص {i}")))
            .collect();
        p.apply(Edit::AddDocuments { docs }, &now).unwrap();
        let before = p.clone();
        let ids = vec![p.documents[1].id.clone(), p.documents[3].id.clone()];
        let inverse = p.apply(Edit::RemoveDocuments { ids }, &now).unwrap();
        assert_eq!(p.documents.len(), 2);
        p.apply(inverse, &now).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn documents_with_a_bad_span_are_refused_whole() {
        let (mut p, doc) = project();
        let now = Timestamp::now();
        let taken = add(&mut p, &doc, CharRange::new(25, 32), "PLACE").unwrap();
        let before = p.clone();
        let text = "قصفت الجماعة مطار تمبكتو";
        let author = p.annotator.id.clone();
        let good = || {
            let mut d = Document::new("جديد", "new.txt", text);
            let span = Span::new(
                LabelId::new("PLACE"),
                CharRange::new(18, 24),
                "تمبكتو",
                author.clone(),
                &now,
            );
            d.add_span(span, None).unwrap();
            d
        };
        let other = Document::new("آخر", "other.txt", "نص آخر");
        let refused = |p: &mut Project, broken: Document| {
            let err = p
                .apply(
                    Edit::AddDocuments {
                        docs: vec![other.clone(), broken.clone()],
                    },
                    &now,
                )
                .unwrap_err();
            let EditError::InvalidDocument { doc, error, .. } = &err else {
                panic!("{err}");
            };
            assert_eq!(doc, &broken.id);
            let message = err.to_string();
            assert!(message.contains("جديد"), "{message}");
            let again = p
                .apply(
                    Edit::InsertDocuments {
                        docs: vec![(0, broken)],
                    },
                    &now,
                )
                .unwrap_err();
            assert_eq!(again, err);
            (**error).clone()
        };
        let mut d = good();
        d.spans[0].end = crate::model::CharOffset(99);
        assert!(matches!(refused(&mut p, d), EditError::OutOfRange { .. }));
        let mut d = good();
        d.spans[0].text = "مطار".into();
        assert!(matches!(refused(&mut p, d), EditError::TextMismatch { .. }));
        let mut d = good();
        d.spans[0].label = LabelId::new("TOWN");
        assert!(matches!(refused(&mut p, d), EditError::NoSuchLabel(_)));
        let mut d = good();
        d.spans[0].end = d.spans[0].start;
        d.spans[0].text.clear();
        assert!(matches!(refused(&mut p, d), EditError::EmptySpan));
        let mut d = good();
        let mut twin = d.spans[0].clone();
        twin.id = SpanId(twin.id.0 ^ 1);
        d.spans.push(twin);
        assert!(matches!(refused(&mut p, d), EditError::Duplicate { .. }));
        let mut d = good();
        d.spans[0].id = taken;
        assert_eq!(refused(&mut p, d), EditError::DuplicateSpanId(taken));
        let mut d = good();
        d.text.push('!');
        assert!(matches!(refused(&mut p, d), EditError::IdMismatch { .. }));
        assert_eq!(p, before, "nothing was added");
        // Two documents of one edit may not share a span id either.
        let a = good();
        let mut b = Document::new("ب", "b.txt", "تمبكتو");
        let mut span = a.spans[0].clone();
        span.start = crate::model::CharOffset(0);
        span.end = crate::model::CharOffset(6);
        b.add_span(span, None).unwrap();
        let err = p
            .apply(Edit::AddDocuments { docs: vec![a, b] }, &now)
            .unwrap_err();
        assert!(
            matches!(&err, EditError::InvalidDocument { error, .. } if matches!(**error, EditError::DuplicateSpanId(_))),
            "{err}"
        );
        p.apply(Edit::AddDocuments { docs: vec![good()] }, &now)
            .unwrap();
        assert!(p.validate().is_empty());
    }

    #[test]
    fn schema_change_refuses_to_drop_a_used_label() {
        let (mut p, doc) = project();
        add(&mut p, &doc, CharRange::new(25, 32), "PLACE").unwrap();
        let mut schema = p.schema.clone();
        schema.labels.retain(|l| l.id.as_str() != "PLACE");
        let err = p
            .apply(Edit::SetSchema { schema }, &Timestamp::now())
            .unwrap_err();
        assert_eq!(err, EditError::LabelInUse(LabelId::new("PLACE"), 1));
    }
}
