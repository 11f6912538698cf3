//! The checks of the model, in one place: [`span_faults`] checks a span against its document
//! and schema (label known, range inside the text and not empty, covered text matching, no
//! other span with the same range and label), [`document_faults`] a whole document. Both
//! [`Project::apply`] (before it changes anything) and [`Project::validate`] (on a loaded
//! project, listing every problem with document, span and reason) use them, and so do
//! [`super::Document::check_span`] and [`super::Document::add_span`] for documents not yet in a
//! project.

use super::entity::{entity_faults, link_fault};
use super::{
    AttrScope, AttrValue, AttributeId, CharRange, DocId, Document, EditError, Event, EventId,
    EventTypeId, LabelKind, Project, Relation, RelationId, RelationTypeId, RoleId, Schema, Span,
    SpanId,
};
use super::{EntityFault, EntityId, LinkFault};
use crate::text::CharIndex;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    Empty {
        start: usize,
        end: usize,
    },
    TextMismatch {
        expected: String,
        found: String,
    },
    UnknownLabel(String),
    DuplicateSpanId,
    DuplicateSpan {
        other: SpanId,
    },
    DuplicateDocument,
    /// The document id is not the hash of its text: the text was changed after import.
    IdMismatch {
        expected: DocId,
    },
    DuplicateLabel(String),
    /// Something wrong with an event, a relation or an attribute value.
    Frame {
        at: FrameRef,
        fault: FrameFault,
    },
    /// Two events (or two relations) of a document have the same id.
    DuplicateFrameId(FrameRef),
    /// The schema declares two event types, relation types, roles of one type or attributes
    /// with the same id.
    DuplicateDeclaration(String),
    /// Something wrong with an entity of the registry.
    Entity {
        id: EntityId,
        fault: EntityFault,
    },
    /// A span's link to an entity does not fit.
    Link(LinkFault),
}

/// Which frame a [`FrameFault`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameRef {
    Event(EventId),
    Relation(RelationId),
    /// An attribute value of a span.
    SpanAttr(SpanId),
    /// An attribute value of the document.
    DocumentAttr,
}

impl fmt::Display for FrameRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameRef::Event(id) => write!(f, "event {id}"),
            FrameRef::Relation(id) => write!(f, "relation {id}"),
            FrameRef::SpanAttr(id) => write!(f, "span {id}"),
            FrameRef::DocumentAttr => write!(f, "document attributes"),
        }
    }
}

/// What is wrong with an event, a relation or an attribute value, as the schema declares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameFault {
    UnknownEventType(EventTypeId),
    UnknownRelationType(RelationTypeId),
    /// `what` (`trigger`, a role, `head` or `tail`) names a span the document does not have.
    MissingSpan {
        what: String,
        span: SpanId,
    },
    /// The trigger's label is not of kind Event.
    TriggerKind {
        span: SpanId,
        kind: LabelKind,
    },
    UnknownRole {
        role: RoleId,
        event_type: EventTypeId,
    },
    /// A span whose label kind the role does not accept.
    RoleKind {
        role: RoleId,
        span: SpanId,
        kind: LabelKind,
    },
    TooMany {
        role: RoleId,
        count: usize,
        max: usize,
    },
    DuplicateArgument {
        role: RoleId,
        span: SpanId,
    },
    /// A relation end whose label kind the relation type does not accept.
    EndKind {
        end: &'static str,
        span: SpanId,
        kind: LabelKind,
        relation_type: RelationTypeId,
    },
    SelfRelation(SpanId),
    UnknownAttribute(AttributeId),
    /// The attribute is declared, but not for this kind of owner.
    AttributeScope {
        attribute: AttributeId,
        owner: String,
    },
    AttributeValue {
        attribute: AttributeId,
        reason: String,
    },
}

impl fmt::Display for FrameFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameFault::UnknownEventType(t) => write!(f, "event type {t} is not in the schema"),
            FrameFault::UnknownRelationType(t) => {
                write!(f, "relation type {t} is not in the schema")
            }
            FrameFault::MissingSpan { what, span } => {
                write!(
                    f,
                    "{what} refers to span {span}, which the document does not have"
                )
            }
            FrameFault::TriggerKind { span, kind } => write!(
                f,
                "trigger span {span} has a label of kind {kind:?}; a trigger must be an Event label"
            ),
            FrameFault::UnknownRole { role, event_type } => {
                write!(f, "role {role} is not declared for event type {event_type}")
            }
            FrameFault::RoleKind { role, span, kind } => {
                write!(f, "span {span} (a {kind:?} label) may not fill role {role}")
            }
            FrameFault::TooMany { role, count, max } => {
                write!(f, "role {role} has {count} fillers; at most {max} allowed")
            }
            FrameFault::DuplicateArgument { role, span } => {
                write!(f, "span {span} fills role {role} twice")
            }
            FrameFault::EndKind {
                end,
                span,
                kind,
                relation_type,
            } => write!(
                f,
                "{end} span {span} (a {kind:?} label) is not allowed by relation type {relation_type}"
            ),
            FrameFault::SelfRelation(span) => write!(f, "relates span {span} to itself"),
            FrameFault::UnknownAttribute(a) => write!(f, "attribute {a} is not in the schema"),
            FrameFault::AttributeScope { attribute, owner } => {
                write!(f, "attribute {attribute} is not declared for {owner}")
            }
            FrameFault::AttributeValue { attribute, reason } => {
                write!(f, "attribute {attribute}: {reason}")
            }
        }
    }
}

/// What an attribute value is set on, for the scope check.
#[derive(Debug, Clone, Copy)]
pub(super) enum Owner {
    Document,
    Event,
    /// A span with a label of this kind (`None` when the label is unknown).
    Span(Option<LabelKind>),
}

/// The fault of an attribute value on `owner`, if any.
pub(super) fn attribute_fault(
    schema: &Schema,
    attribute: &AttributeId,
    value: &AttrValue,
    owner: Owner,
) -> Option<FrameFault> {
    let Some(def) = schema.attribute(attribute) else {
        return Some(FrameFault::UnknownAttribute(attribute.clone()));
    };
    let (fits, owner_name) = match (&def.scope, owner) {
        (AttrScope::Events, Owner::Event) | (AttrScope::Documents, Owner::Document) => (true, ""),
        (AttrScope::Spans(kinds), Owner::Span(kind)) => (
            kinds.is_empty() || kind.is_none_or(|k| kinds.contains(&k)),
            "spans of this label",
        ),
        (_, Owner::Document) => (false, "documents"),
        (_, Owner::Event) => (false, "events"),
        (_, Owner::Span(_)) => (false, "spans"),
    };
    if !fits {
        return Some(FrameFault::AttributeScope {
            attribute: attribute.clone(),
            owner: owner_name.to_owned(),
        });
    }
    def.value_fault(value)
        .map(|reason| FrameFault::AttributeValue {
            attribute: attribute.clone(),
            reason,
        })
}

/// [`attribute_fault`] as an edit's refusal.
pub(super) fn check_attribute(
    schema: &Schema,
    attribute: &AttributeId,
    value: &AttrValue,
    owner: Owner,
) -> Result<(), EditError> {
    match attribute_fault(schema, attribute, value, owner) {
        Some(fault) => Err(EditError::Frame {
            at: match owner {
                Owner::Document => "the document".to_owned(),
                Owner::Event => "the event".to_owned(),
                Owner::Span(_) => "the span".to_owned(),
            },
            fault,
        }),
        None => Ok(()),
    }
}

/// The label kind of a span under `schema` (`None` when its label is unknown, a fault of the
/// span reported on its own).
fn kind_of(schema: &Schema, span: &Span) -> Option<LabelKind> {
    schema.label(&span.label).map(|l| l.kind)
}

/// Everything wrong with `event` as one of a document's events: its type is declared, its
/// trigger is a span of kind Event, each argument is a span of the document whose kind its
/// role (declared for the type) accepts, no role has more fillers than it allows, no span
/// fills a role twice, and each attribute value is declared for events with a value of its
/// type. `span` finds the document's spans by id.
pub(super) fn event_faults<'d>(
    schema: &Schema,
    span: impl Fn(SpanId) -> Option<&'d Span>,
    event: &Event,
) -> Vec<FrameFault> {
    let mut faults = Vec::new();
    match span(event.trigger) {
        None => faults.push(FrameFault::MissingSpan {
            what: "trigger".to_owned(),
            span: event.trigger,
        }),
        Some(trigger) => {
            if let Some(kind) = kind_of(schema, trigger)
                && kind != LabelKind::Event
            {
                faults.push(FrameFault::TriggerKind {
                    span: event.trigger,
                    kind,
                });
            }
        }
    }
    let ty = schema.event_type(&event.event_type);
    if ty.is_none() {
        faults.push(FrameFault::UnknownEventType(event.event_type.clone()));
    }
    let mut counts: HashMap<&RoleId, usize> = HashMap::new();
    let mut seen = HashSet::new();
    for arg in &event.args {
        *counts.entry(&arg.role).or_default() += 1;
        if !seen.insert((&arg.role, arg.span)) {
            faults.push(FrameFault::DuplicateArgument {
                role: arg.role.clone(),
                span: arg.span,
            });
        }
        let Some(filler) = span(arg.span) else {
            faults.push(FrameFault::MissingSpan {
                what: format!("role {}", arg.role),
                span: arg.span,
            });
            continue;
        };
        let Some(ty) = ty else { continue };
        match ty.role(&arg.role) {
            None => faults.push(FrameFault::UnknownRole {
                role: arg.role.clone(),
                event_type: ty.id.clone(),
            }),
            Some(role) => {
                if let Some(kind) = kind_of(schema, filler)
                    && !role.accepts(kind)
                {
                    faults.push(FrameFault::RoleKind {
                        role: arg.role.clone(),
                        span: arg.span,
                        kind,
                    });
                }
            }
        }
    }
    if let Some(ty) = ty {
        for role in &ty.roles {
            let count = counts.get(&role.id).copied().unwrap_or(0);
            if let Some(max) = role.cardinality.max()
                && count > max
            {
                faults.push(FrameFault::TooMany {
                    role: role.id.clone(),
                    count,
                    max,
                });
            }
        }
    }
    for (attribute, value) in &event.attrs {
        faults.extend(attribute_fault(schema, attribute, value, Owner::Event));
    }
    faults
}

/// Everything wrong with `relation` as one of a document's relations: its type is declared,
/// both ends are spans of the document of kinds the type accepts, and they differ.
pub(super) fn relation_faults<'d>(
    schema: &Schema,
    span: impl Fn(SpanId) -> Option<&'d Span>,
    relation: &Relation,
) -> Vec<FrameFault> {
    let mut faults = Vec::new();
    let ty = schema.relation_type(&relation.kind);
    if ty.is_none() {
        faults.push(FrameFault::UnknownRelationType(relation.kind.clone()));
    }
    if relation.head == relation.tail {
        faults.push(FrameFault::SelfRelation(relation.head));
    }
    for (end, id) in [("head", relation.head), ("tail", relation.tail)] {
        match span(id) {
            None => faults.push(FrameFault::MissingSpan {
                what: end.to_owned(),
                span: id,
            }),
            Some(s) => {
                if let (Some(ty), Some(kind)) = (ty, kind_of(schema, s)) {
                    let kinds = if end == "head" { &ty.head } else { &ty.tail };
                    if !kinds.is_empty() && !kinds.contains(&kind) {
                        faults.push(FrameFault::EndKind {
                            end,
                            span: id,
                            kind,
                            relation_type: ty.id.clone(),
                        });
                    }
                }
            }
        }
    }
    faults
}

/// The first fault of `event` as one of `document`'s events, as an edit's refusal.
pub(super) fn check_event(
    schema: &Schema,
    document: &Document,
    event: &Event,
) -> Result<(), EditError> {
    match event_faults(schema, |id| document.span(id), event)
        .into_iter()
        .next()
    {
        Some(fault) => Err(EditError::Frame {
            at: format!("event {}", event.id),
            fault,
        }),
        None => Ok(()),
    }
}

/// The first fault of `relation` as one of `document`'s relations, as an edit's refusal.
pub(super) fn check_relation(
    schema: &Schema,
    document: &Document,
    relation: &Relation,
) -> Result<(), EditError> {
    match relation_faults(schema, |id| document.span(id), relation)
        .into_iter()
        .next()
    {
        Some(fault) => Err(EditError::Frame {
            at: format!("relation {}", relation.id),
            fault,
        }),
        None => Ok(()),
    }
}

/// Every frame fault of a document (events, relations, span and document attributes), with
/// what it is about, through one index of the spans.
pub(super) fn frame_faults(schema: &Schema, doc: &Document) -> Vec<(FrameRef, FrameFault)> {
    let mut out = Vec::new();
    for (attribute, value) in &doc.attrs {
        out.extend(
            attribute_fault(schema, attribute, value, Owner::Document)
                .map(|f| (FrameRef::DocumentAttr, f)),
        );
    }
    for span in &doc.spans {
        for (attribute, value) in &span.attrs {
            let owner = Owner::Span(kind_of(schema, span));
            out.extend(
                attribute_fault(schema, attribute, value, owner)
                    .map(|f| (FrameRef::SpanAttr(span.id), f)),
            );
        }
    }
    if doc.events.is_empty() && doc.relations.is_empty() {
        return out;
    }
    let by_id: HashMap<SpanId, &Span> = doc.spans.iter().map(|s| (s.id, s)).collect();
    let span = |id| by_id.get(&id).copied();
    for event in &doc.events {
        for fault in event_faults(schema, span, event) {
            out.push((FrameRef::Event(event.id), fault));
        }
    }
    for relation in &doc.relations {
        for fault in relation_faults(schema, span, relation) {
            out.push((FrameRef::Relation(relation.id), fault));
        }
    }
    out
}

/// Ids declared twice in the schema's event types (and roles of one type), relation types and
/// attributes.
fn declaration_faults(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let mut twice = |what: &str, ids: Vec<&str>| {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                out.push(format!("{what} {id:?}"));
            }
        }
    };
    twice(
        "event type",
        schema.event_types.iter().map(|t| t.id.as_str()).collect(),
    );
    for t in &schema.event_types {
        twice(
            &format!("role of event type {}", t.id),
            t.roles.iter().map(|r| r.id.as_str()).collect(),
        );
    }
    twice(
        "relation type",
        schema
            .relation_types
            .iter()
            .map(|t| t.id.as_str())
            .collect(),
    );
    twice(
        "attribute",
        schema.attributes.iter().map(|a| a.id.as_str()).collect(),
    );
    out
}

/// Whether `schema` may replace a project's schema given what the documents hold: no
/// declaration twice, and no event, relation or attribute value of any document that the new
/// schema would not allow (the first such is the refusal).
pub(super) fn check_schema_fits(schema: &Schema, docs: &[Document]) -> Result<(), EditError> {
    if let Some(twice) = declaration_faults(schema).into_iter().next() {
        return Err(EditError::DuplicateDeclaration(twice));
    }
    for doc in docs {
        if let Some((at, fault)) = frame_faults(schema, doc).into_iter().next() {
            return Err(EditError::SchemaBreaksFrame {
                doc: doc.id.clone(),
                at: at.to_string(),
                fault,
            });
        }
    }
    Ok(())
}

/// One problem found in a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub doc_title: Option<String>,
    pub doc: Option<DocId>,
    pub span: Option<SpanId>,
    pub kind: ProblemKind,
}

/// `s` in double quotes, with only invisible and control characters escaped, so Arabic with
/// diacritics reads as itself in messages.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}') =>
            {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One thing wrong with a span as one of a document's spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SpanFault {
    UnknownLabel,
    Empty,
    OutOfRange {
        len: usize,
    },
    TextMismatch {
        found: String,
    },
    /// Same range and label as the span at this index of the document's spans.
    Duplicate {
        other: usize,
    },
    /// An attribute value of the span the schema does not allow.
    Attribute(FrameFault),
}

impl SpanFault {
    /// The fault as the error of a refused edit.
    pub(super) fn into_edit_error(self, span: &Span) -> EditError {
        let range = span.range();
        match self {
            SpanFault::UnknownLabel => EditError::NoSuchLabel(span.label.clone()),
            SpanFault::Empty => EditError::EmptySpan,
            SpanFault::OutOfRange { len } => EditError::OutOfRange { range, len },
            SpanFault::TextMismatch { found } => EditError::TextMismatch {
                range,
                given: span.text.clone(),
                actual: found,
            },
            SpanFault::Duplicate { .. } => EditError::Duplicate {
                label: span.label.clone(),
                range,
            },
            SpanFault::Attribute(fault) => EditError::Frame {
                at: format!("span {}", span.id),
                fault,
            },
        }
    }

    /// The fault as a problem of a loaded project.
    fn into_problem(self, span: &Span, document: &Document) -> ProblemKind {
        let (start, end) = (span.start.0, span.end.0);
        match self {
            SpanFault::UnknownLabel => ProblemKind::UnknownLabel(span.label.to_string()),
            SpanFault::Empty => ProblemKind::Empty { start, end },
            SpanFault::OutOfRange { len } => ProblemKind::OutOfRange { start, end, len },
            SpanFault::TextMismatch { found } => ProblemKind::TextMismatch {
                expected: span.text.clone(),
                found,
            },
            SpanFault::Duplicate { other } => ProblemKind::DuplicateSpan {
                other: document.spans[other].id,
            },
            SpanFault::Attribute(fault) => ProblemKind::Frame {
                at: FrameRef::SpanAttr(span.id),
                fault,
            },
        }
    }
}

/// The one check of a span against its document and schema: everything wrong with `span` as
/// one of `document`'s spans, in this order: its label is not in `schema` (not checked when
/// `schema` is `None`, for a document not yet in a project), its range is empty or outside the
/// text, its `text` is not the characters it covers, another span of the document has the same
/// range and label. `own` is the span's own index in the document's (sorted) spans when it is
/// already there or replaces the span there; that one is not a duplicate. `slice` gives the
/// document's characters of a range (`None` outside the text), so callers with a
/// [`CharIndex`] can use it.
pub(super) fn span_faults<'d>(
    schema: Option<&Schema>,
    document: &'d Document,
    span: &Span,
    own: Option<usize>,
    slice: impl FnOnce(CharRange) -> Option<&'d str>,
) -> Vec<SpanFault> {
    let mut faults = Vec::new();
    if let Some(schema) = schema {
        if !schema.contains(&span.label) {
            faults.push(SpanFault::UnknownLabel);
        }
        for (attribute, value) in &span.attrs {
            let owner = Owner::Span(kind_of(schema, span));
            faults
                .extend(attribute_fault(schema, attribute, value, owner).map(SpanFault::Attribute));
        }
    }
    let range = span.range();
    if range.is_empty() {
        faults.push(SpanFault::Empty);
    } else {
        match slice(range) {
            None => faults.push(SpanFault::OutOfRange {
                len: document.len_chars(),
            }),
            Some(found) if found != span.text => faults.push(SpanFault::TextMismatch {
                found: found.to_owned(),
            }),
            Some(_) => {}
        }
    }
    let first = document.spans.partition_point(|s| s.start < span.start);
    let duplicate = document.spans[first..]
        .iter()
        .take_while(|s| s.start == span.start)
        .enumerate()
        .find(|&(k, s)| s.end == span.end && s.label == span.label && Some(first + k) != own);
    if let Some((k, _)) = duplicate {
        faults.push(SpanFault::Duplicate { other: first + k });
    }
    faults
}

/// The first fault of `span` as one of `document`'s spans under `schema`, as an edit error.
pub(super) fn check_span<'d>(
    schema: Option<&Schema>,
    document: &'d Document,
    span: &Span,
    own: Option<usize>,
    slice: impl FnOnce(CharRange) -> Option<&'d str>,
) -> Result<(), EditError> {
    match span_faults(schema, document, span, own, slice)
        .into_iter()
        .next()
    {
        Some(fault) => Err(fault.into_edit_error(span)),
        None => Ok(()),
    }
}

/// The id a document should have, when its id is not the hash of its text.
fn id_fault(document: &Document) -> Option<DocId> {
    let expected = DocId::from_text(&document.text);
    (expected != document.id).then_some(expected)
}

/// Check a whole document before it goes into a project under `schema`: its id is the hash of
/// its text, and every span passes [`span_faults`] and has an id not in `span_ids` (to which
/// the document's span ids are added). A refusal names the document and the span.
pub(super) fn document_faults(
    schema: &Schema,
    document: &Document,
    span_ids: &mut HashSet<SpanId>,
) -> Result<(), EditError> {
    let refuse = |span: Option<SpanId>, error: EditError| EditError::InvalidDocument {
        doc: document.id.clone(),
        title: document.title.clone(),
        span,
        error: Box::new(error),
    };
    if let Some(expected) = id_fault(document) {
        return Err(refuse(None, EditError::IdMismatch { expected }));
    }
    if document.spans.is_empty() {
        return Ok(());
    }
    let index = CharIndex::new(&document.text);
    for (i, span) in document.spans.iter().enumerate() {
        if !span_ids.insert(span.id) {
            return Err(refuse(Some(span.id), EditError::DuplicateSpanId(span.id)));
        }
        check_span(Some(schema), document, span, Some(i), |r| {
            index.slice(&document.text, r)
        })
        .map_err(|error| refuse(Some(span.id), error))?;
    }
    if let Some(twice) = twice_by_id(&document.events, |e| e.id) {
        return Err(refuse(None, EditError::DuplicateEventId(twice)));
    }
    if let Some(twice) = twice_by_id(&document.relations, |r| r.id) {
        return Err(refuse(None, EditError::DuplicateRelationId(twice)));
    }
    if let Some((at, fault)) = frame_faults(schema, document).into_iter().next() {
        return Err(refuse(
            None,
            EditError::Frame {
                at: at.to_string(),
                fault,
            },
        ));
    }
    Ok(())
}

/// An id given to two items of a list kept sorted by id.
fn twice_by_id<T, I: PartialEq + Copy>(items: &[T], id: impl Fn(&T) -> I) -> Option<I> {
    items
        .windows(2)
        .find(|w| id(&w[0]) == id(&w[1]))
        .map(|w| id(&w[0]))
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.doc_title, &self.doc) {
            (Some(title), Some(id)) => write!(f, "document {} ({id})", quoted(title))?,
            _ => write!(f, "project")?,
        }
        if let Some(span) = self.span {
            write!(f, ", span {span}")?;
        }
        f.write_str(": ")?;
        match &self.kind {
            ProblemKind::OutOfRange { start, end, len } => {
                write!(
                    f,
                    "range {start}..{end} is outside the text ({len} characters)"
                )
            }
            ProblemKind::Empty { start, end } => write!(f, "range {start}..{end} is empty"),
            ProblemKind::TextMismatch { expected, found } => write!(
                f,
                "covered text {} does not match the document, which has {} there",
                quoted(expected),
                quoted(found)
            ),
            ProblemKind::UnknownLabel(label) => {
                write!(f, "label {} is not in the schema", quoted(label))
            }
            ProblemKind::DuplicateSpanId => write!(f, "span id is used more than once"),
            ProblemKind::DuplicateSpan { other } => {
                write!(f, "same range and label as span {other}")
            }
            ProblemKind::DuplicateDocument => write!(f, "document appears more than once"),
            ProblemKind::IdMismatch { expected } => write!(
                f,
                "id is not the hash of the text (expected {expected}): was the text edited?"
            ),
            ProblemKind::DuplicateLabel(label) => write!(f, "label {label:?} is defined twice"),
            ProblemKind::Frame { at, fault } => write!(f, "{at}: {fault}"),
            ProblemKind::DuplicateFrameId(at) => write!(f, "{at}: id is used more than once"),
            ProblemKind::DuplicateDeclaration(what) => {
                write!(f, "the schema declares {what} more than once")
            }
            ProblemKind::Entity { id, fault } => write!(f, "entity {id}: {fault}"),
            ProblemKind::Link(fault) => write!(f, "{fault}"),
        }
    }
}

impl Project {
    /// Every problem in the project, in file order. An empty list means the project is valid.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut labels = HashSet::new();
        for label in &self.schema.labels {
            if !labels.insert(&label.id) {
                problems.push(Problem {
                    doc_title: None,
                    doc: None,
                    span: None,
                    kind: ProblemKind::DuplicateLabel(label.id.to_string()),
                });
            }
        }
        for what in declaration_faults(&self.schema) {
            problems.push(Problem {
                doc_title: None,
                doc: None,
                span: None,
                kind: ProblemKind::DuplicateDeclaration(what),
            });
        }
        let project_problem = |kind| Problem {
            doc_title: None,
            doc: None,
            span: None,
            kind,
        };
        for (i, entity) in self.entities.iter().enumerate() {
            if i > 0 && self.entities[i - 1].id == entity.id {
                problems.push(project_problem(ProblemKind::Entity {
                    id: entity.id.clone(),
                    fault: EntityFault::DuplicateId,
                }));
            }
            for fault in entity_faults(&self.entities, entity) {
                problems.push(project_problem(ProblemKind::Entity {
                    id: entity.id.clone(),
                    fault,
                }));
            }
        }
        let mut docs = HashSet::new();
        let mut span_ids = HashSet::new();
        for doc in &self.documents {
            let problem = |span: Option<SpanId>, kind| Problem {
                doc_title: Some(doc.title.clone()),
                doc: Some(doc.id.clone()),
                span,
                kind,
            };
            if !docs.insert(&doc.id) {
                problems.push(problem(None, ProblemKind::DuplicateDocument));
            }
            if let Some(expected) = id_fault(doc) {
                problems.push(problem(None, ProblemKind::IdMismatch { expected }));
            }
            let index = CharIndex::new(&doc.text);
            for (i, span) in doc.spans.iter().enumerate() {
                if !span_ids.insert(span.id) {
                    problems.push(problem(Some(span.id), ProblemKind::DuplicateSpanId));
                }
                let faults = span_faults(Some(&self.schema), doc, span, Some(i), |r| {
                    index.slice(&doc.text, r)
                });
                for fault in faults {
                    // Each pair of duplicates is reported once, at the later span.
                    if matches!(fault, SpanFault::Duplicate { other } if other > i) {
                        continue;
                    }
                    problems.push(problem(Some(span.id), fault.into_problem(span, doc)));
                }
                if let Some(fault) = link_fault(&self.schema, &self.entities, span) {
                    problems.push(problem(Some(span.id), ProblemKind::Link(fault)));
                }
            }
            if let Some(id) = twice_by_id(&doc.events, |e| e.id) {
                problems.push(problem(
                    None,
                    ProblemKind::DuplicateFrameId(FrameRef::Event(id)),
                ));
            }
            if let Some(id) = twice_by_id(&doc.relations, |r| r.id) {
                problems.push(problem(
                    None,
                    ProblemKind::DuplicateFrameId(FrameRef::Relation(id)),
                ));
            }
            for (at, fault) in frame_faults(&self.schema, doc) {
                // Span attribute faults were reported with the span.
                if matches!(at, FrameRef::SpanAttr(_)) {
                    continue;
                }
                problems.push(problem(None, ProblemKind::Frame { at, fault }));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharOffset, CharRange, Document, Edit, LabelId, Timestamp};

    #[test]
    fn finds_each_kind_of_span_problem() {
        let now = Timestamp::now();
        let mut p = Project::new("t", Annotator::new("A"));
        let doc = Document::new("عنوان", "", "هجوم قرب بير");
        let id = doc.id.clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        let span = p
            .new_span(&id, CharRange::new(9, 12), LabelId::new("PLACE"), &now)
            .unwrap();
        p.apply(
            Edit::AddSpan {
                doc: id.clone(),
                span,
            },
            &now,
        )
        .unwrap();
        assert!(p.validate().is_empty());

        let mut broken = p.clone();
        broken.documents[0].spans[0].end = CharOffset(40);
        let problems = broken.validate();
        assert_eq!(problems.len(), 1);
        let message = problems[0].to_string();
        assert!(
            message.contains("عنوان") && message.contains("outside the text"),
            "{message}"
        );

        let mut broken = p.clone();
        broken.documents[0].spans[0].text = "بئر".into();
        assert!(matches!(
            broken.validate()[0].kind,
            ProblemKind::TextMismatch { .. }
        ));

        let mut broken = p.clone();
        broken.documents[0].spans[0].label = LabelId::new("TOWN");
        assert!(matches!(
            broken.validate()[0].kind,
            ProblemKind::UnknownLabel(_)
        ));

        let mut broken = p.clone();
        let copy = broken.documents[0].spans[0].clone();
        broken.documents[0].spans.push(copy);
        let kinds: Vec<_> = broken.validate().into_iter().map(|p| p.kind).collect();
        assert!(kinds.contains(&ProblemKind::DuplicateSpanId));
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, ProblemKind::DuplicateSpan { .. }))
        );

        let mut broken = p;
        broken.documents[0].text.push('!');
        assert!(matches!(
            broken.validate()[0].kind,
            ProblemKind::IdMismatch { .. }
        ));
    }
}
