//! Events and relations: the frames built on a document's spans.
//!
//! An [`Event`] is a trigger span (a label of kind Event), a type from the schema's taxonomy,
//! its arguments (role → span, anywhere in the document) and its attributes. A [`Relation`] is
//! a typed, directed link between two spans. Both refer to spans by [`SpanId`], so resizing or
//! relabelling a span keeps them; removing a span removes what depends on it in the same
//! undo step (see [`super::Edit::RemoveSpan`]). Like spans, a project hands them out read-only
//! and changes them only through edits; their fields are public for frames being built.
//!
//! Frames of an adjudicated (gold) project carry where they came from: an event its
//! [`FrameProvenance`] (the annotators who gave its type, the one whose frame was taken, who
//! decided, when and why, and per argument and per attribute value the annotators who had it),
//! a relation the span's [`Provenance`]. Argument provenance is keyed by the argument itself
//! (role and span), not by its position, so reordering or removing other arguments keeps it;
//! an entry whose argument the event no longer has says nothing and is dropped by the edits
//! that remove arguments ([`Event::tidy_provenance`]).

use super::{
    AnnotatorId, AttributeId, Attributes, EventId, EventTypeId, Provenance, RelationId,
    RelationTypeId, RoleId, Schema, SpanId, Timestamp,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One argument of an event: the span that fills a role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Argument {
    pub role: RoleId,
    pub span: SpanId,
}

/// An event mention: trigger, type, arguments and attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub trigger: SpanId,
    #[serde(rename = "type")]
    pub event_type: EventTypeId,
    /// In the order the analyst gave them; a role may appear several times.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Argument>,
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attrs: Attributes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub author: AnnotatorId,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// Set on events of an adjudicated (gold) project: who had the frame and who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<FrameProvenance>,
}

/// Where a gold event came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FrameProvenance {
    /// Names of the annotators whose event on this trigger has the gold's type.
    pub annotators: Vec<String>,
    /// The annotator whose whole frame (type, arguments, attributes, note) was taken; `None`
    /// for a frame composed from several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_from: Option<String>,
    /// The adjudicator, or `auto:` with the strategy for frames merged automatically.
    pub decided_by: String,
    pub decided: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// Per argument of the event, the annotators who gave that span (same range and label)
    /// in that role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<ArgumentProvenance>,
    /// Per attribute of the event, the annotators who gave it the gold's value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<AttributeId, Vec<String>>,
}

/// Who had one argument of a gold event, keyed by the argument (role and span).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArgumentProvenance {
    pub role: RoleId,
    pub span: SpanId,
    pub annotators: Vec<String>,
}

impl FrameProvenance {
    /// The annotators who had the argument `role` → `span`, if recorded.
    pub fn argument(&self, role: &RoleId, span: SpanId) -> Option<&[String]> {
        self.arguments
            .iter()
            .find(|a| &a.role == role && a.span == span)
            .map(|a| a.annotators.as_slice())
    }
}

impl Event {
    /// A new event of `event_type` on `trigger`, with no arguments yet and a fresh id.
    pub fn new(
        trigger: SpanId,
        event_type: EventTypeId,
        author: AnnotatorId,
        now: &Timestamp,
    ) -> Self {
        Self {
            id: EventId::random(),
            trigger,
            event_type,
            args: Vec::new(),
            attrs: Attributes::new(),
            note: None,
            author,
            created: now.clone(),
            modified: now.clone(),
            provenance: None,
        }
    }

    /// The annotators who had `arg`, from the gold event's provenance.
    pub fn argument_from(&self, arg: &Argument) -> Option<&[String]> {
        self.provenance.as_ref()?.argument(&arg.role, arg.span)
    }

    /// Drop the provenance of arguments and attributes the event no longer has (after an edit
    /// took some away).
    pub fn tidy_provenance(&mut self) {
        if let Some(p) = &mut self.provenance {
            let args = &self.args;
            p.arguments
                .retain(|a| args.iter().any(|x| x.role == a.role && x.span == a.span));
            let attrs = &self.attrs;
            p.attributes.retain(|id, _| attrs.contains_key(id));
        }
    }

    /// The spans filling `role`, in order.
    pub fn fillers<'a>(&'a self, role: &'a RoleId) -> impl Iterator<Item = SpanId> + 'a {
        self.args
            .iter()
            .filter(move |a| &a.role == role)
            .map(|a| a.span)
    }

    /// Whether the event refers to `span` (as trigger or argument).
    pub fn refers_to(&self, span: SpanId) -> bool {
        self.trigger == span || self.args.iter().any(|a| a.span == span)
    }

    /// The roles of the event's type that must be filled and are not (an incomplete frame,
    /// flagged to the analyst; not an error).
    pub fn missing_roles<'s>(&self, schema: &'s Schema) -> Vec<&'s RoleId> {
        let Some(ty) = schema.event_type(&self.event_type) else {
            return Vec::new();
        };
        ty.roles
            .iter()
            .filter(|r| self.fillers(&r.id).count() < r.cardinality.min())
            .map(|r| &r.id)
            .collect()
    }
}

/// A typed, directed link `head → tail` between two spans of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    #[serde(rename = "type")]
    pub kind: RelationTypeId,
    pub head: SpanId,
    pub tail: SpanId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub author: AnnotatorId,
    pub created: Timestamp,
    /// Set on relations of an adjudicated (gold) project: the annotators who had this
    /// relation (same type and ends), who decided and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

impl Relation {
    pub fn new(
        kind: RelationTypeId,
        head: SpanId,
        tail: SpanId,
        author: AnnotatorId,
        now: &Timestamp,
    ) -> Self {
        Self {
            id: RelationId::random(),
            kind,
            head,
            tail,
            note: None,
            author,
            created: now.clone(),
            provenance: None,
        }
    }

    pub fn refers_to(&self, span: SpanId) -> bool {
        self.head == span || self.tail == span
    }
}

/// What removing a span takes with it: the events it triggers (removed), the events it is an
/// argument of (the argument removed) and the relations it is an end of (removed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependents {
    pub events_removed: Vec<EventId>,
    pub arguments_removed: Vec<(EventId, RoleId)>,
    pub relations_removed: Vec<RelationId>,
}

impl Dependents {
    pub fn is_empty(&self) -> bool {
        self.events_removed.is_empty()
            && self.arguments_removed.is_empty()
            && self.relations_removed.is_empty()
    }

    /// A sentence for the analyst, e.g. "also removes 1 event, 2 arguments and 1 relation".
    pub fn describe(&self) -> Option<String> {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let parts: Vec<String> = [
            count(self.events_removed.len(), "event", "events"),
            count(self.arguments_removed.len(), "argument", "arguments"),
            count(self.relations_removed.len(), "relation", "relations"),
        ]
        .into_iter()
        .flatten()
        .collect();
        match parts.as_slice() {
            [] => None,
            [one] => Some(format!("also removes {one}")),
            [rest @ .., last] => Some(format!("also removes {} and {last}", rest.join(", "))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Annotator, AttrOwner, AttrValue, AttributeId, CharRange, DocId, Document, Edit, EditError,
        FrameFault, History, LabelId, PartialDate, Project, Quantity,
    };

    const TEXT: &str = "كمين نصبته جماعة نصرة الإسلام لقافلة الجيش المالي قرب بير في 20 أغسطس.";

    struct Fixture {
        p: Project,
        h: History,
        doc: DocId,
        now: Timestamp,
    }

    impl Fixture {
        fn new() -> Self {
            let now = Timestamp("2026-12-02T10:00:00Z".into());
            let mut p = Project::new("t", Annotator::new("Amina"));
            let mut h = History::new();
            let doc = Document::new("كمين بير", "bir.txt", TEXT);
            let id = doc.id().clone();
            h.apply(&mut p, Edit::AddDocuments { docs: vec![doc] }, &now)
                .unwrap();
            Self { p, h, doc: id, now }
        }

        /// Add a span over the first occurrence of `surface`.
        fn span(&mut self, surface: &str, label: &str) -> SpanId {
            let byte = TEXT.find(surface).unwrap();
            let start = TEXT[..byte].chars().count();
            let range = CharRange::new(start, start + surface.chars().count());
            let span = self
                .p
                .new_span(&self.doc, range, LabelId::new(label), &self.now)
                .unwrap();
            let id = span.id;
            self.edit(Edit::AddSpan {
                doc: self.doc.clone(),
                span,
            })
            .unwrap();
            id
        }

        fn edit(&mut self, edit: Edit) -> Result<(), EditError> {
            self.h.apply(&mut self.p, edit, &self.now)
        }

        fn add_event(&mut self, event: &Event) {
            self.edit(Edit::AddEvent {
                doc: self.doc.clone(),
                event: event.clone(),
            })
            .unwrap();
        }

        /// Add a relation of `kind` from `head` to `tail` and return it.
        fn relate(&mut self, kind: &str, head: SpanId, tail: SpanId) -> Relation {
            let relation = Relation::new(
                crate::model::RelationTypeId::new(kind),
                head,
                tail,
                self.p.annotator.id.clone(),
                &self.now,
            );
            self.edit(Edit::AddRelation {
                doc: self.doc.clone(),
                relation: relation.clone(),
            })
            .unwrap();
            relation
        }

        fn document(&self) -> &Document {
            self.p.document(&self.doc).unwrap()
        }

        fn ambush(&mut self) -> (Event, [SpanId; 4]) {
            let trigger = self.span("كمين", "EVENT");
            let actor = self.span("جماعة نصرة الإسلام", "GROUP");
            let target = self.span("الجيش المالي", "GROUP");
            let place = self.span("بير", "PLACE");
            let mut event = Event::new(
                trigger,
                EventTypeId::new("armed_clash"),
                self.p.annotator.id.clone(),
                &self.now,
            );
            for (role, span) in [("Actor", actor), ("Target", target), ("Place", place)] {
                event.args.push(Argument {
                    role: RoleId::new(role),
                    span,
                });
            }
            event.attrs.insert(
                AttributeId::new("date"),
                AttrValue::Date(PartialDate::parse("2023-08-20").unwrap()),
            );
            (event, [trigger, actor, target, place])
        }
    }

    #[test]
    fn an_event_frame_is_added_undone_and_redone() {
        let mut f = Fixture::new();
        let (event, _) = f.ambush();
        let before = f.p.clone();
        f.add_event(&event);
        assert_eq!(f.document().events(), std::slice::from_ref(&event));
        assert!(f.p.validate().is_empty());
        f.h.undo(&mut f.p, &f.now).unwrap();
        assert_eq!(f.p, before);
        f.h.redo(&mut f.p, &f.now).unwrap();
        assert_eq!(f.document().event(event.id), Some(&event));
        assert_eq!(f.p.event_count(), 1);
    }

    #[test]
    fn frames_the_schema_does_not_allow_are_refused_with_the_reason() {
        let mut f = Fixture::new();
        let (event, [trigger, actor, _, place]) = f.ambush();
        let doc = f.doc.clone();
        let refused = |f: &mut Fixture, event: Event| match f.edit(Edit::AddEvent {
            doc: doc.clone(),
            event,
        }) {
            Err(EditError::Frame { fault, .. }) => fault,
            other => panic!("not refused as a frame: {other:?}"),
        };
        let mut wrong = event.clone();
        wrong.trigger = actor;
        assert!(matches!(
            refused(&mut f, wrong),
            FrameFault::TriggerKind { .. }
        ));
        let mut wrong = event.clone();
        wrong.event_type = EventTypeId::new("picnic");
        assert!(matches!(
            refused(&mut f, wrong),
            FrameFault::UnknownEventType(_)
        ));
        let mut wrong = event.clone();
        wrong.args.push(Argument {
            role: RoleId::new("Place"),
            span: actor,
        });
        let fault = refused(&mut f, wrong);
        assert!(matches!(fault, FrameFault::RoleKind { .. }), "{fault}");
        assert!(fault.to_string().contains("Place"), "{fault}");
        let mut wrong = event.clone();
        wrong.args.push(Argument {
            role: RoleId::new("Weapon"),
            span: place,
        });
        assert!(matches!(
            refused(&mut f, wrong),
            FrameFault::UnknownRole { .. }
        ));
        let mut wrong = event.clone();
        wrong.args.push(Argument {
            role: RoleId::new("Time"),
            span: place,
        });
        wrong.args.push(Argument {
            role: RoleId::new("Time"),
            span: trigger,
        });
        assert!(matches!(refused(&mut f, wrong), FrameFault::TooMany { .. }));
        let mut wrong = event.clone();
        wrong.args.push(Argument {
            role: RoleId::new("Actor"),
            span: SpanId(7),
        });
        assert!(matches!(
            refused(&mut f, wrong),
            FrameFault::MissingSpan { .. }
        ));
        let mut wrong = event.clone();
        wrong.attrs.insert(
            AttributeId::new("factuality"),
            AttrValue::Choice("rumoured".into()),
        );
        assert!(matches!(
            refused(&mut f, wrong),
            FrameFault::AttributeValue { .. }
        ));
        let mut wrong = event;
        wrong
            .attrs
            .insert(AttributeId::new("country"), AttrValue::Text("مالي".into()));
        assert!(matches!(
            refused(&mut f, wrong),
            FrameFault::AttributeScope { .. }
        ));
        assert_eq!(f.p.event_count(), 0);
    }

    #[test]
    fn removing_an_argument_span_updates_the_frame_in_one_undo_step() {
        let mut f = Fixture::new();
        let (event, [_, actor, target, _]) = f.ambush();
        f.add_event(&event);
        let relation = f.relate("allied_with", actor, target);
        let before = f.p.clone();
        let said = f.p.dependents_of(&f.doc, actor);
        assert_eq!(said.arguments_removed, [(event.id, RoleId::new("Actor"))]);
        assert_eq!(said.relations_removed, [relation.id]);
        assert_eq!(
            said.describe().unwrap(),
            "also removes 1 argument and 1 relation"
        );
        f.edit(Edit::RemoveSpan {
            doc: f.doc.clone(),
            span: actor,
        })
        .unwrap();
        let now = &f.document().events()[0];
        assert_eq!(now.args.len(), 2, "the Actor argument went with the span");
        assert!(f.document().relations().is_empty());
        assert!(f.p.validate().is_empty());
        f.h.undo(&mut f.p, &f.now).unwrap();
        assert_eq!(
            f.p, before,
            "one undo step restores span, argument and relation"
        );
    }

    #[test]
    fn removing_a_trigger_removes_its_event_and_undo_restores_it() {
        let mut f = Fixture::new();
        let (event, [trigger, ..]) = f.ambush();
        f.add_event(&event);
        let before = f.p.clone();
        assert_eq!(f.p.dependents_of(&f.doc, trigger).events_removed.len(), 1);
        f.edit(Edit::RemoveSpan {
            doc: f.doc.clone(),
            span: trigger,
        })
        .unwrap();
        assert_eq!(f.p.event_count(), 0);
        f.h.undo(&mut f.p, &f.now).unwrap();
        assert_eq!(f.p, before);
    }

    #[test]
    fn relabelling_a_span_out_of_its_role_is_refused() {
        let mut f = Fixture::new();
        let (event, [trigger, actor, _, place]) = f.ambush();
        f.add_event(&event);
        for (span, label) in [(actor, "PLACE"), (place, "GROUP"), (trigger, "GROUP")] {
            let err = f
                .edit(Edit::Relabel {
                    doc: f.doc.clone(),
                    span,
                    label: LabelId::new(label),
                })
                .unwrap_err();
            assert!(matches!(err, EditError::Frame { .. }), "{err}");
        }
        let unused = f.span("أغسطس", "PLACE");
        f.edit(Edit::Relabel {
            doc: f.doc.clone(),
            span: unused,
            label: LabelId::new("GROUP"),
        })
        .unwrap();
    }

    #[test]
    fn attributes_are_set_cleared_and_undone_on_every_owner() {
        let mut f = Fixture::new();
        let (event, _) = f.ambush();
        let id = event.id;
        f.add_event(&event);
        let doc = f.doc.clone();
        let set = |on, attribute: &str, value| Edit::SetAttribute {
            doc: doc.clone(),
            on,
            attribute: AttributeId::new(attribute),
            value,
        };
        let fatalities = AttrValue::Number(Quantity::at_least(40));
        let edits = [
            set(AttrOwner::Event(id), "fatalities", Some(fatalities.clone())),
            set(
                AttrOwner::Document,
                "country",
                Some(AttrValue::Text("مالي".into())),
            ),
        ];
        for edit in edits {
            f.edit(edit).unwrap();
        }
        let attrs = &f.document().event(id).unwrap().attrs;
        assert_eq!(attrs[&AttributeId::new("fatalities")], fatalities);
        assert_eq!(f.document().attrs().len(), 1);
        let wrong = set(AttrOwner::Document, "fatalities", Some(fatalities));
        assert!(f.edit(wrong).is_err());
        f.h.undo(&mut f.p, &f.now).unwrap();
        assert!(f.document().attrs().is_empty());
        f.edit(set(AttrOwner::Event(id), "fatalities", None))
            .unwrap();
        assert!(
            !f.document()
                .event(id)
                .unwrap()
                .attrs
                .contains_key(&AttributeId::new("fatalities"))
        );
    }

    #[test]
    fn a_schema_that_would_orphan_a_frame_is_refused() {
        let mut f = Fixture::new();
        let (event, _) = f.ambush();
        f.add_event(&event);
        let mut schema = f.p.schema().clone();
        schema
            .event_types
            .retain(|t| t.id.as_str() != "armed_clash");
        let err = f.edit(Edit::SetSchema { schema }).unwrap_err();
        assert!(matches!(err, EditError::SchemaBreaksFrame { .. }), "{err}");
        let mut schema = f.p.schema().clone();
        let copy = schema.event_types[3].clone();
        schema.event_types.push(copy);
        assert!(matches!(
            f.edit(Edit::SetSchema { schema }),
            Err(EditError::DuplicateDeclaration(_))
        ));
    }

    #[test]
    fn a_loaded_project_reports_dangling_ends_with_document_and_id() {
        let mut f = Fixture::new();
        let (event, [_, actor, target, _]) = f.ambush();
        f.add_event(&event);
        f.relate("branch_of", actor, target);
        let broken = crate::model::damaged(&f.p, |p| {
            let doc = &mut p["documents"][0];
            doc["events"][0]["args"][0]["role"] = "Weapon".into();
            doc["relations"][0]["tail"] = 99.into();
        });
        let problems: Vec<String> = broken.validate().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems[0].contains("كمين بير")
                && problems[0].contains(&format!("event {}", event.id))
        );
        assert!(
            problems[0].contains("role Weapon is not declared"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].contains("tail refers to span 99"),
            "{}",
            problems[1]
        );
    }
}
