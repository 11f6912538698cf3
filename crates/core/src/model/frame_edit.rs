//! The edits an event frame editor makes, built from what the analyst did: give a trigger its
//! type (a new event, or a new type for one that has it: arguments of roles the new type lacks
//! are dropped), fill a role with a span (a one-filler role is refilled, not overfilled),
//! label new text and fill a role with it in one undo step, clear one filler, set the note;
//! and relate two spans by a relation type.
//!
//! Each returns an [`Edit`] for [`Project::apply`] to check and apply, so the GUI, tests and
//! any other caller share one path; nothing here changes the project.

use super::{
    Argument, DocId, Edit, EditError, Event, EventId, EventTypeId, LabelId, Project, Relation,
    RelationTypeId, RoleId, SpanId, Timestamp,
};
use super::{CharRange, validate::FrameFault};

impl Project {
    fn event_of(&self, doc: &DocId, event: EventId) -> Result<&Event, EditError> {
        self.document(doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?
            .event(event)
            .ok_or(EditError::NoSuchEvent(event))
    }

    /// `event` of `doc` as `change` makes it, modified `now`, as a [`Edit::ReplaceEvent`].
    fn replace_event(
        &self,
        doc: &DocId,
        event: EventId,
        now: &Timestamp,
        change: impl FnOnce(&mut Event) -> Result<(), EditError>,
    ) -> Result<Edit, EditError> {
        let mut new = self.event_of(doc, event)?.clone();
        change(&mut new)?;
        new.tidy_provenance();
        new.modified = now.clone();
        Ok(Edit::ReplaceEvent {
            doc: doc.clone(),
            event: new,
        })
    }

    /// The event on `trigger`, if it has one.
    pub fn event_on(&self, doc: &DocId, trigger: SpanId) -> Option<&Event> {
        self.document(doc)?
            .events()
            .iter()
            .find(|e| e.trigger == trigger)
    }

    /// Give `trigger` the type `event_type`: a new event when it has none (its id is returned
    /// with the edit), else the same event with the new type, keeping the arguments whose role
    /// the new type declares.
    pub fn set_event_type_edit(
        &self,
        doc: &DocId,
        trigger: SpanId,
        event_type: EventTypeId,
        now: &Timestamp,
    ) -> Result<(Edit, EventId), EditError> {
        let declared = self
            .schema()
            .event_type(&event_type)
            .ok_or_else(|| EditError::Frame {
                at: format!("span {trigger}"),
                fault: FrameFault::UnknownEventType(event_type.clone()),
            })?;
        if let Some(id) = self.event_on(doc, trigger).map(|e| e.id) {
            let edit = self.replace_event(doc, id, now, |event| {
                event.args.retain(|a| declared.role(&a.role).is_some());
                event.event_type = event_type;
                Ok(())
            })?;
            return Ok((edit, id));
        }
        let event = Event::new(trigger, event_type, self.annotator.id.clone(), now);
        let id = event.id;
        Ok((
            Edit::AddEvent {
                doc: doc.clone(),
                event,
            },
            id,
        ))
    }

    /// Put `span` in `role` of `event`. A role that takes one filler has it replaced; a span
    /// already in that role is refused (with the schema's own fault).
    pub fn fill_role_edit(
        &self,
        doc: &DocId,
        event: EventId,
        role: &RoleId,
        span: SpanId,
        now: &Timestamp,
    ) -> Result<Edit, EditError> {
        let at = || format!("event {event}");
        self.replace_event(doc, event, now, |new| {
            if new.args.iter().any(|a| &a.role == role && a.span == span) {
                return Err(EditError::Frame {
                    at: at(),
                    fault: FrameFault::DuplicateArgument {
                        role: role.clone(),
                        span,
                    },
                });
            }
            let max = self
                .schema()
                .event_type(&new.event_type)
                .and_then(|t| t.role(role))
                .ok_or_else(|| EditError::Frame {
                    at: at(),
                    fault: FrameFault::UnknownRole {
                        role: role.clone(),
                        event_type: new.event_type.clone(),
                    },
                })?
                .cardinality
                .max();
            if max == Some(1) {
                new.args.retain(|a| &a.role != role);
            }
            new.args.push(Argument {
                role: role.clone(),
                span,
            });
            Ok(())
        })
    }

    /// Label `range` with `label` and put the new span in `role` of `event`: one edit, so one
    /// undo takes back both. Returns the new span's id with it.
    pub fn label_into_role_edit(
        &self,
        doc: &DocId,
        range: CharRange,
        label: LabelId,
        event: EventId,
        role: &RoleId,
        now: &Timestamp,
    ) -> Result<(Edit, SpanId), EditError> {
        let span = self.new_span(doc, range, label, now)?;
        let id = span.id;
        let fill = self.fill_role_edit(doc, event, role, id, now)?;
        Ok((
            Edit::Batch {
                edits: vec![
                    Edit::AddSpan {
                        doc: doc.clone(),
                        span,
                    },
                    fill,
                ],
            },
            id,
        ))
    }

    /// Take `span` out of `role` of `event` (the span itself stays).
    pub fn clear_role_edit(
        &self,
        doc: &DocId,
        event: EventId,
        role: &RoleId,
        span: SpanId,
        now: &Timestamp,
    ) -> Result<Edit, EditError> {
        self.replace_event(doc, event, now, |new| {
            new.args.retain(|a| !(&a.role == role && a.span == span));
            Ok(())
        })
    }

    /// Relate `head` to `tail` by `kind` (checked against the schema when applied). A relation
    /// of that type between the two already is refused, in either direction for a symmetric
    /// type.
    pub fn relate_edit(
        &self,
        doc: &DocId,
        head: SpanId,
        tail: SpanId,
        kind: RelationTypeId,
        now: &Timestamp,
    ) -> Result<Edit, EditError> {
        let d = self
            .document(doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
        let symmetric = self
            .schema()
            .relation_type(&kind)
            .is_some_and(|t| t.symmetric);
        let same = |r: &&Relation| {
            r.kind == kind
                && ((r.head == head && r.tail == tail)
                    || (symmetric && r.head == tail && r.tail == head))
        };
        if let Some(r) = d.relations().iter().find(same) {
            return Err(EditError::DuplicateRelationId(r.id));
        }
        let relation = Relation::new(kind, head, tail, self.annotator.id.clone(), now);
        Ok(Edit::AddRelation {
            doc: doc.clone(),
            relation,
        })
    }

    /// Set (or clear, when blank) the free note of `event`.
    pub fn event_note_edit(
        &self,
        doc: &DocId,
        event: EventId,
        note: &str,
        now: &Timestamp,
    ) -> Result<Edit, EditError> {
        self.replace_event(doc, event, now, |new| {
            new.note = (!note.trim().is_empty()).then(|| note.to_owned());
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{
        Annotator, CharRange, DocId, Document, Edit, EventTypeId, LabelId, Project, RoleId, SpanId,
        Timestamp,
    };

    const TEXT: &str = "كمن مسلحون من جماعة نصرة الإسلام لقافلة قرب بوريم وقتلوا جنديين.";

    fn now() -> Timestamp {
        Timestamp("2026-12-04T10:00:00Z".into())
    }

    /// The sample's default schema, one document, and spans on the trigger, a group, a place.
    fn fixture() -> (Project, DocId, [SpanId; 3]) {
        let mut p = Project::new("t", Annotator::new("Amina"));
        let doc = Document::new("d", "d.txt", TEXT);
        let id = doc.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now())
            .unwrap();
        let find = |w: &str| {
            let at = TEXT.find(w).unwrap();
            let start = TEXT[..at].chars().count();
            CharRange::new(start, start + w.chars().count())
        };
        let mut ids = [SpanId(0); 3];
        for (k, (w, l)) in [
            ("كمن", "EVENT"),
            ("جماعة نصرة الإسلام", "GROUP"),
            ("بوريم", "PLACE"),
        ]
        .into_iter()
        .enumerate()
        {
            let span = p.new_span(&id, find(w), LabelId::new(l), &now()).unwrap();
            ids[k] = span.id;
            p.apply(
                Edit::AddSpan {
                    doc: id.clone(),
                    span,
                },
                &now(),
            )
            .unwrap();
        }
        (p, id, ids)
    }

    fn first_type(p: &Project) -> EventTypeId {
        p.schema().event_types[0].id.clone()
    }

    #[test]
    fn a_type_makes_an_event_then_changes_it() {
        let (mut p, doc, [trigger, group, _]) = fixture();
        let (edit, id) = p
            .set_event_type_edit(&doc, trigger, first_type(&p), &now())
            .unwrap();
        assert!(matches!(edit, Edit::AddEvent { .. }));
        p.apply(edit, &now()).unwrap();
        assert_eq!(p.event_on(&doc, trigger).unwrap().id, id);
        let fill = p
            .fill_role_edit(&doc, id, &RoleId::new("Actor"), group, &now())
            .unwrap();
        p.apply(fill, &now()).unwrap();
        // Another type with the same roles keeps the actor; the event keeps its id.
        let other = p.schema().event_types[3].id.clone();
        let (edit, same) = p
            .set_event_type_edit(&doc, trigger, other.clone(), &now())
            .unwrap();
        assert_eq!(same, id);
        p.apply(edit, &now()).unwrap();
        let event = p.event_on(&doc, trigger).unwrap();
        assert_eq!(event.event_type, other);
        assert_eq!(event.args.len(), 1);
        assert!(
            p.set_event_type_edit(&doc, trigger, EventTypeId::new("no_such"), &now())
                .is_err()
        );
    }

    #[test]
    fn one_filler_roles_are_refilled_many_filler_roles_grow() {
        let (mut p, doc, [trigger, group, place]) = fixture();
        let (edit, id) = p
            .set_event_type_edit(&doc, trigger, first_type(&p), &now())
            .unwrap();
        p.apply(edit, &now()).unwrap();
        // Time takes one filler of any kind: the second replaces the first.
        let time = RoleId::new("Time");
        for span in [group, place] {
            let e = p.fill_role_edit(&doc, id, &time, span, &now()).unwrap();
            p.apply(e, &now()).unwrap();
        }
        let fillers: Vec<SpanId> = p.event_on(&doc, trigger).unwrap().fillers(&time).collect();
        assert_eq!(fillers, [place]);
        // Place takes many; the same span twice is refused before it reaches the project.
        let at = RoleId::new("Place");
        let e = p.fill_role_edit(&doc, id, &at, place, &now()).unwrap();
        p.apply(e, &now()).unwrap();
        assert!(p.fill_role_edit(&doc, id, &at, place, &now()).is_err());
        // A group is no place: the project refuses the edit with the schema's reason.
        let wrong = p.fill_role_edit(&doc, id, &at, group, &now()).unwrap();
        assert!(p.apply(wrong, &now()).is_err());
        // Clearing takes the span out of that role only.
        let e = p.clear_role_edit(&doc, id, &time, place, &now()).unwrap();
        p.apply(e, &now()).unwrap();
        let event = p.event_on(&doc, trigger).unwrap();
        assert_eq!(event.fillers(&time).count(), 0);
        assert_eq!(event.fillers(&at).collect::<Vec<_>>(), [place]);
    }

    #[test]
    fn labelling_into_a_role_is_one_undo_step() {
        let (mut p, doc, [trigger, ..]) = fixture();
        let (edit, id) = p
            .set_event_type_edit(&doc, trigger, first_type(&p), &now())
            .unwrap();
        p.apply(edit, &now()).unwrap();
        let before = p.clone();
        let at = TEXT.find("لقافلة").unwrap();
        let start = TEXT[..at].chars().count() + 1;
        let range = CharRange::new(start, start + "قافلة".chars().count());
        let (edit, span) = p
            .label_into_role_edit(
                &doc,
                range,
                LabelId::new("GROUP"),
                id,
                &RoleId::new("Target"),
                &now(),
            )
            .unwrap();
        let undo = p.apply(edit, &now()).unwrap();
        let d = p.document(&doc).unwrap();
        assert_eq!(d.span(span).unwrap().text(), "قافلة");
        assert_eq!(
            p.event_on(&doc, trigger)
                .unwrap()
                .fillers(&RoleId::new("Target"))
                .collect::<Vec<_>>(),
            [span]
        );
        p.apply(undo, &now()).unwrap();
        assert_eq!(p.document(&doc), before.document(&doc));
    }

    #[test]
    fn relations_are_made_once() {
        let (mut p, doc, [_, group, place]) = fixture();
        let located = crate::model::RelationTypeId::new("located_in");
        let allied = crate::model::RelationTypeId::new("allied_with");
        // A group is not located in a place by the default types (places in places only).
        let wrong = p.relate_edit(&doc, group, place, located, &now()).unwrap();
        assert!(p.apply(wrong, &now()).is_err());
        // A second group to ally with.
        let at = TEXT.find("جنديين").unwrap();
        let start = TEXT[..at].chars().count();
        let range = CharRange::new(start, start + "جنديين".chars().count());
        let soldiers = p
            .new_span(&doc, range, LabelId::new("GROUP"), &now())
            .unwrap();
        let soldiers_id = soldiers.id;
        p.apply(
            Edit::AddSpan {
                doc: doc.clone(),
                span: soldiers,
            },
            &now(),
        )
        .unwrap();
        let e = p
            .relate_edit(&doc, group, soldiers_id, allied.clone(), &now())
            .unwrap();
        p.apply(e, &now()).unwrap();
        assert_eq!(p.document(&doc).unwrap().relations().len(), 1);
        // Symmetric: the other way round is the same relation.
        assert!(
            p.relate_edit(&doc, soldiers_id, group, allied, &now())
                .is_err()
        );
    }

    #[test]
    fn notes_are_set_and_cleared() {
        let (mut p, doc, [trigger, ..]) = fixture();
        let (edit, id) = p
            .set_event_type_edit(&doc, trigger, first_type(&p), &now())
            .unwrap();
        p.apply(edit, &now()).unwrap();
        let e = p
            .event_note_edit(&doc, id, "بيان التبني نشر بعد يومين", &now())
            .unwrap();
        p.apply(e, &now()).unwrap();
        assert!(p.event_on(&doc, trigger).unwrap().note.is_some());
        let e = p.event_note_edit(&doc, id, "  ", &now()).unwrap();
        p.apply(e, &now()).unwrap();
        assert!(p.event_on(&doc, trigger).unwrap().note.is_none());
    }
}
