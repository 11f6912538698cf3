//! Putting imported documents into a project: labels mapped onto the schema, unknown labels
//! (and relation types) added with a notice, each span checked against its document by the
//! model's own check (a refused span is reported with its file and place and left out),
//! duplicates dropped, and everything expressed as one [`Edit::Batch`] (schema first, then new
//! documents with their frames, then spans added to documents the project already has, matched
//! by [`DocId`], then their events, relations and attributes), which [`Project::apply`] checks
//! once more.
//!
//! Frames refer to imported spans by index; each index is mapped to the id the span has in the
//! project: a new span's fresh id, or the id of the span the document already had with the
//! same range and label. Attribute values are parsed against their declaration (`2023-08`,
//! `40+`, `3-5`); a bad value is reported and left out, the rest of its frame kept. A brat role
//! repeated as `Place2` is `Place` when the type declares `Place` and not `Place2`. Relations
//! whose type is no relation type but a role (doccano and Label Studio files without Hamish's
//! own frames carry event arguments so) become events when the event type is clear: the
//! trigger's label names an event type, or exactly one event type declares all those roles;
//! otherwise they stay relations. A span's entity link is kept when the project's registry
//! has an entity of that id and of the label's kind; otherwise the span comes in unlinked and
//! a notice counts it. An event or relation the document already has (same
//! trigger, type and arguments; same type and ends) is dropped silently, so importing a file
//! twice changes nothing.

use super::{ImportedDoc, ImportedEvent, ImportedRelation, LineProblem, Location};
use crate::model::{
    Argument, AttrOwner, AttrScope, AttrValue, AttributeId, CharRange, Color, DocId, Document,
    DocumentBuilder, Edit, EditError, EntityId, EntityKind, Event, EventId, EventTypeId, Label,
    LabelId, LabelKind, PartialDate, Project, Quantity, Relation, RelationId, RelationType,
    RelationTypeId, RoleId, Schema, SpanId, Timestamp, ValueType,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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
    pub new_events: usize,
    pub new_relations: usize,
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
/// (same range and label) is dropped silently. Events and relations are checked the same way
/// ([`DocumentBuilder::add_event`], [`DocumentBuilder::add_relation`]) once their spans are in.
pub fn merge(project: &Project, docs: Vec<ImportedDoc>, map: &LabelMap, now: &Timestamp) -> Merged {
    let mut out = Merged::default();
    let mut schema: Schema = project.schema().clone();
    // One builder per distinct text: a new document, or a copy of the project's document so
    // that new spans are checked against the ones it has.
    let mut builders: Vec<DocumentBuilder> = Vec::new();
    let mut by_id: HashMap<DocId, usize> = HashMap::new();
    let mut add_spans: Vec<Edit> = Vec::new();
    let mut add_frames: Vec<Edit> = Vec::new();
    // Document attributes by builder, set once the documents are built.
    let mut doc_attrs: HashMap<usize, BTreeMap<AttributeId, AttrValue>> = HashMap::new();
    let mut used_ids: HashSet<SpanId> = project
        .documents()
        .iter()
        .flat_map(|d| d.spans().iter().map(|s| s.id))
        .collect();
    // Looked up once per imported document: a set, not a walk over the project's documents.
    let existing_docs: HashMap<&DocId, &Document> =
        project.documents().iter().map(|d| (d.id(), d)).collect();
    // Links to entities the project's registry lacks (or of another kind): the spans come in
    // unlinked, counted in one notice.
    let mut unlinked = 0;
    let mut first_unlinked: Option<String> = None;
    for mut imported in docs {
        let role_events = role_relations_as_events(&schema, map, &mut imported);
        imported.events.extend(role_events);
        let source = imported.source.clone();
        let doc = Document::new(imported.title, imported.source, imported.text);
        let id = doc.id().clone();
        let existing = existing_docs.get(&id).copied();
        let k = *by_id.entry(id.clone()).or_insert_with(|| {
            builders.push(DocumentBuilder::new(existing.cloned().unwrap_or(doc)));
            builders.len() - 1
        });
        let builder = &mut builders[k];
        let triggers: HashSet<usize> = imported.events.iter().map(|e| e.trigger).collect();
        // The project's id of each imported span, `None` when it was refused.
        let mut ids: Vec<Option<SpanId>> = Vec::with_capacity(imported.spans.len());
        for (i, s) in imported.spans.into_iter().enumerate() {
            let label = LabelId::new(map.apply(&s.label));
            if !schema.contains(&label) {
                let colour = NEW_LABEL_COLOURS[(schema.labels.len()) % NEW_LABEL_COLOURS.len()];
                let kind = if triggers.contains(&i) {
                    LabelKind::Event
                } else {
                    LabelKind::Other
                };
                out.notices.push(format!(
                    "label \"{label}\" is not in the schema: added (first seen at {})",
                    s.origin
                ));
                schema.labels.push(Label {
                    id: label.clone(),
                    name: label.to_string(),
                    kind,
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
                    ids.push(None);
                    continue;
                }
            };
            span.note = s.note.clone();
            let kind = schema.label(&label).map(|l| l.kind);
            if let Some(written) = s.entity.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                let id = EntityId::new(written);
                let fits = project
                    .entity(&id)
                    .is_some_and(|e| kind.and_then(EntityKind::of_label) == Some(e.kind));
                if fits {
                    span.entity = Some(id);
                } else {
                    unlinked += 1;
                    first_unlinked.get_or_insert_with(|| format!("{written} at {}", s.origin));
                }
            }
            for (name, value) in &s.attrs {
                match parse_attribute(&schema, name, value, Scope::Span(kind)) {
                    Ok((a, v)) => {
                        span.attrs.insert(a, v);
                    }
                    Err(m) => out.problems.push(LineProblem {
                        at: s.origin.clone(),
                        message: format!("attribute {name} of span {range} not imported: {m}"),
                    }),
                }
            }
            while !used_ids.insert(span.id) {
                span.id = SpanId::random();
            }
            let copy = existing.is_some().then(|| span.clone());
            let span_id = span.id;
            match builder.add_span(span, Some(&schema)) {
                Ok(()) => {
                    out.new_spans += 1;
                    ids.push(Some(span_id));
                    if let Some(span) = copy {
                        add_spans.push(Edit::AddSpan {
                            doc: id.clone(),
                            span,
                        });
                    }
                }
                Err(EditError::Duplicate { .. }) => {
                    let same = builder
                        .document()
                        .spans()
                        .iter()
                        .find(|x| x.range() == range && x.label == label)
                        .map(|x| x.id);
                    ids.push(same);
                }
                Err(err) => {
                    out.problems.push(refused(err));
                    ids.push(None);
                }
            }
        }
        for e in &imported.events {
            let Some(event) = build_event(
                &schema,
                e,
                &ids,
                builder.document(),
                project,
                now,
                &mut out.problems,
            ) else {
                continue;
            };
            let same = builder
                .document()
                .events()
                .iter()
                .any(|x| same_event(x, &event));
            if same {
                continue;
            }
            let copy = event.clone();
            match builder.add_event(event, &schema) {
                Ok(()) => {
                    out.new_events += 1;
                    if existing.is_some() {
                        add_frames.push(Edit::AddEvent {
                            doc: id.clone(),
                            event: copy,
                        });
                    }
                }
                Err(err) => out.problems.push(LineProblem {
                    at: e.origin.clone(),
                    message: format!("event not imported: {err}"),
                }),
            }
        }
        for r in &imported.relations {
            let (Some(Some(head)), Some(Some(tail))) = (ids.get(r.head), ids.get(r.tail)) else {
                out.problems.push(LineProblem {
                    at: r.origin.clone(),
                    message: "relation not imported: an end's span was not imported".into(),
                });
                continue;
            };
            let kind = RelationTypeId::new(r.kind.as_str());
            if schema.relation_type(&kind).is_none() {
                out.notices.push(format!(
                    "relation type \"{kind}\" is not in the schema: added (first seen at {})",
                    r.origin
                ));
                let colour =
                    NEW_LABEL_COLOURS[schema.relation_types.len() % NEW_LABEL_COLOURS.len()];
                schema.relation_types.push(RelationType {
                    id: kind.clone(),
                    name: kind.to_string(),
                    head: Vec::new(),
                    tail: Vec::new(),
                    symmetric: false,
                    color: Color(colour),
                });
            }
            let doc = builder.document();
            if doc
                .relations()
                .iter()
                .any(|x| x.kind == kind && x.head == *head && x.tail == *tail)
            {
                continue;
            }
            let mut relation = Relation::new(kind, *head, *tail, project.annotator.id.clone(), now);
            relation.note = r.note.clone();
            while doc.relation(relation.id).is_some() {
                relation.id = RelationId::random();
            }
            let copy = relation.clone();
            match builder.add_relation(relation, &schema) {
                Ok(()) => {
                    out.new_relations += 1;
                    if existing.is_some() {
                        add_frames.push(Edit::AddRelation {
                            doc: id.clone(),
                            relation: copy,
                        });
                    }
                }
                Err(err) => out.problems.push(LineProblem {
                    at: r.origin.clone(),
                    message: format!("relation not imported: {err}"),
                }),
            }
        }
        for (name, value) in &imported.attrs {
            match parse_attribute(&schema, name, value, Scope::Document) {
                // The last value given for a document wins.
                Ok((a, v)) => {
                    doc_attrs.entry(k).or_default().insert(a, v);
                }
                Err(m) => out.problems.push(LineProblem {
                    at: Location {
                        file: source.clone().into(),
                        at: "document attributes".into(),
                    },
                    message: format!("attribute {name} not imported: {m}"),
                }),
            }
        }
    }
    let mut new_docs = Vec::new();
    for (k, builder) in builders.into_iter().enumerate() {
        let mut doc = builder.finish();
        let attrs = doc_attrs.remove(&k).unwrap_or_default();
        if existing_docs.contains_key(doc.id()) {
            for (a, v) in attrs {
                if doc.attrs().get(&a) != Some(&v) {
                    add_frames.push(Edit::SetAttribute {
                        doc: doc.id().clone(),
                        on: AttrOwner::Document,
                        attribute: a,
                        value: Some(v),
                    });
                }
            }
            continue;
        }
        for (a, v) in attrs {
            if let Err(err) = doc.set_attr(a.clone(), Some(v), &schema) {
                out.problems.push(LineProblem {
                    at: Location {
                        file: doc.source.clone().into(),
                        at: "document attributes".into(),
                    },
                    message: format!("attribute {a} not imported: {err}"),
                });
            }
        }
        new_docs.push(doc);
    }
    if let Some(first) = first_unlinked {
        out.notices.push(format!(
            "{unlinked} span(s) imported without their entity link: the project's registry has no entity of that id and kind (first: {first}; `hamish entities import` adds a registry)"
        ));
    }
    out.new_documents = new_docs.len();
    let mut edits = Vec::new();
    if schema != *project.schema() {
        edits.push(Edit::SetSchema { schema });
    }
    if !new_docs.is_empty() {
        edits.push(Edit::AddDocuments { docs: new_docs });
    }
    edits.extend(add_spans);
    edits.extend(add_frames);
    if !edits.is_empty() {
        out.edit = Some(Edit::Batch { edits });
    }
    out
}

/// What an attribute is read for.
#[derive(Clone, Copy)]
enum Scope {
    Event,
    Document,
    /// A span with a label of this kind (`None`: a label the schema does not have).
    Span(Option<LabelKind>),
}

/// An attribute value as written, parsed against its declaration in `schema` for `scope`.
fn parse_attribute(
    schema: &Schema,
    name: &str,
    value: &str,
    scope: Scope,
) -> Result<(AttributeId, AttrValue), String> {
    let id = AttributeId::new(name);
    let def = schema
        .attribute(&id)
        .ok_or_else(|| format!("attribute {name} is not in the schema"))?;
    let fits = match (&def.scope, scope) {
        (AttrScope::Events, Scope::Event) | (AttrScope::Documents, Scope::Document) => true,
        (AttrScope::Spans(kinds), Scope::Span(kind)) => {
            kinds.is_empty() || kind.is_some_and(|k| kinds.contains(&k))
        }
        _ => false,
    };
    if !fits {
        return Err(format!(
            "{name} is not declared for this kind of annotation"
        ));
    }
    let parsed = match &def.value {
        ValueType::Choice(_) => AttrValue::Choice(value.to_owned()),
        ValueType::Number => AttrValue::Number(Quantity::parse(value)?),
        ValueType::Date => AttrValue::Date(PartialDate::parse(value)?),
        ValueType::Text => AttrValue::Text(value.to_owned()),
    };
    if let Some(reason) = def.value_fault(&parsed) {
        return Err(reason);
    }
    Ok((id, parsed))
}

/// The role a file writes as `written` for `ty`: itself when declared, else brat's repeated
/// role (`Place2`) without its number when that is declared.
fn role_for(ty: Option<&crate::model::EventType>, written: &str) -> RoleId {
    let declared = |r: &str| ty.is_some_and(|t| t.role(&RoleId::new(r)).is_some());
    if declared(written) {
        return RoleId::new(written);
    }
    let base = written.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.len() < written.len() && !base.is_empty() && declared(base) {
        return RoleId::new(base);
    }
    RoleId::new(written)
}

/// The event an [`ImportedEvent`] stands for, with the project's span ids; `None` (and a
/// problem) when its trigger or an argument was not imported. Bad attributes are reported
/// and left out.
fn build_event(
    schema: &Schema,
    e: &ImportedEvent,
    ids: &[Option<SpanId>],
    doc: &Document,
    project: &Project,
    now: &Timestamp,
    problems: &mut Vec<LineProblem>,
) -> Option<Event> {
    let refuse = |problems: &mut Vec<LineProblem>, message: String| {
        problems.push(LineProblem {
            at: e.origin.clone(),
            message: format!("event not imported: {message}"),
        });
    };
    let Some(Some(mut trigger)) = ids.get(e.trigger).copied() else {
        refuse(problems, "its trigger span was not imported".into());
        return None;
    };
    // A trigger given by offsets may have matched a span of another label on the same range:
    // prefer the one whose label is of kind Event.
    let kind_of = |id: SpanId| {
        doc.span(id)
            .and_then(|s| schema.label(&s.label))
            .map(|l| l.kind)
    };
    if kind_of(trigger) != Some(LabelKind::Event)
        && let Some(range) = doc.span(trigger).map(|s| s.range())
        && let Some(other) = doc
            .spans()
            .iter()
            .find(|s| s.range() == range && kind_of(s.id) == Some(LabelKind::Event))
    {
        trigger = other.id;
    }
    let event_type = EventTypeId::new(e.event_type.as_str());
    let ty = schema.event_type(&event_type);
    let mut event = Event::new(trigger, event_type, project.annotator.id.clone(), now);
    while doc.event(event.id).is_some() {
        event.id = EventId::random();
    }
    for (role, k) in &e.args {
        let Some(Some(span)) = ids.get(*k).copied() else {
            refuse(
                problems,
                format!("the span of its {role} argument was not imported"),
            );
            return None;
        };
        event.args.push(Argument {
            role: role_for(ty, role),
            span,
        });
    }
    for (name, value) in &e.attrs {
        match parse_attribute(schema, name, value, Scope::Event) {
            Ok((a, v)) => {
                event.attrs.insert(a, v);
            }
            Err(m) => problems.push(LineProblem {
                at: e.origin.clone(),
                message: format!("attribute {name} of the event not imported: {m}"),
            }),
        }
    }
    let mut notes: Vec<String> = e.note.iter().cloned().collect();
    for tagged in &e.tagged_notes {
        let attribute = tagged.split_once(": ").and_then(|(name, text)| {
            let id = AttributeId::new(name);
            let def = schema.attribute(&id)?;
            (def.value == ValueType::Text
                && def.scope == AttrScope::Events
                && !event.attrs.contains_key(&id))
            .then_some((id, text))
        });
        match attribute {
            Some((id, text)) => {
                event.attrs.insert(id, AttrValue::Text(text.to_owned()));
            }
            None => notes.push(tagged.clone()),
        }
    }
    if !notes.is_empty() {
        event.note = Some(notes.join("\n"));
    }
    Some(event)
}

/// The same event as far as a file can say: trigger, type, arguments (in any order) and
/// attributes.
fn same_event(a: &Event, b: &Event) -> bool {
    let args = |e: &Event| -> BTreeSet<(RoleId, SpanId)> {
        e.args.iter().map(|x| (x.role.clone(), x.span)).collect()
    };
    a.trigger == b.trigger && a.event_type == b.event_type && args(a) == args(b)
}

/// Take out of `doc.relations` those that stand for event arguments (the type is a role of
/// the schema, not a relation type) and return them as events, one per trigger, when the
/// event type is clear: the trigger's label names an event type, or exactly one event type
/// declares all the roles. The others stay relations.
fn role_relations_as_events(
    schema: &Schema,
    map: &LabelMap,
    doc: &mut ImportedDoc,
) -> Vec<ImportedEvent> {
    let is_role = |kind: &str| {
        schema.relation_type(&RelationTypeId::new(kind)).is_none()
            && schema
                .event_types
                .iter()
                .any(|t| t.role(&RoleId::new(kind)).is_some())
    };
    // Triggers already given an event by the file itself keep it.
    let framed: HashSet<usize> = doc.events.iter().map(|e| e.trigger).collect();
    let mut by_trigger: Vec<(usize, Vec<&ImportedRelation>)> = Vec::new();
    for r in &doc.relations {
        if !is_role(&r.kind) || framed.contains(&r.head) {
            continue;
        }
        match by_trigger.iter_mut().find(|(t, _)| *t == r.head) {
            Some((_, list)) => list.push(r),
            None => by_trigger.push((r.head, vec![r])),
        }
    }
    let mut events = Vec::new();
    let mut taken: HashSet<(usize, usize, String)> = HashSet::new();
    for (trigger, rels) in by_trigger {
        let Some(span) = doc.spans.get(trigger) else {
            continue;
        };
        let label = map.apply(&span.label);
        let ty = match schema.event_type(&EventTypeId::new(label)) {
            Some(t) => Some(t),
            None => {
                let fits: Vec<_> = schema
                    .event_types
                    .iter()
                    .filter(|t| {
                        rels.iter()
                            .all(|r| t.role(&RoleId::new(r.kind.as_str())).is_some())
                    })
                    .collect();
                match fits.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            }
        };
        let Some(ty) = ty else { continue };
        for r in &rels {
            taken.insert((r.head, r.tail, r.kind.clone()));
        }
        events.push(ImportedEvent {
            trigger,
            event_type: ty.id.to_string(),
            args: rels.iter().map(|r| (r.kind.clone(), r.tail)).collect(),
            attrs: Vec::new(),
            note: None,
            tagged_notes: Vec::new(),
            origin: rels[0].origin.clone(),
        });
    }
    doc.relations
        .retain(|r| !taken.contains(&(r.head, r.tail, r.kind.clone())));
    events
}
