//! The app's side of the event frame tab ([`crate::gui::event_frame`]): which trigger it
//! follows, and each [`FrameAction`] turned into one edit. A click on a span while a slot is
//! active fills the slot instead of selecting the span, and a label key on new text then labels
//! it and fills the slot in one undo step (`label_into_role_edit`).

use super::HamishApp;
use crate::annotate::arguments::{Proposal, accept_proposals, propose_arguments};
use crate::gui::dock::DockTab;
use crate::gui::event_frame::{FrameAction, step_slot};
use crate::model::{
    AttrOwner, CharRange, DocId, Edit, EventId, LabelId, LabelKind, SpanId, Timestamp,
};

impl HamishApp {
    /// The trigger the frame tab shows and its event, in the selected document.
    pub fn frame_event(&self) -> Option<(DocId, SpanId, Option<EventId>)> {
        let doc = self.selected.clone()?;
        let trigger = self.frame.trigger?;
        let d = self.session.project().document(&doc)?;
        d.span(trigger)?;
        let event = self.session.project().event_on(&doc, trigger).map(|e| e.id);
        Some((doc, trigger, event))
    }

    /// Follow the selection: an event span selected is the frame's trigger; another span
    /// selected (no slot being filled) leaves the frame. Text selected keeps it.
    pub(super) fn frame_follow_selection(&mut self) {
        let Some(span) = self.selection.span() else {
            return;
        };
        let doc = self.current_document();
        let is_trigger = doc.and_then(|d| d.span(span)).is_some_and(|s| {
            self.session
                .project()
                .schema()
                .label(&s.label)
                .is_some_and(|l| l.kind == LabelKind::Event)
        });
        if is_trigger {
            self.frame.show(Some(span));
        } else if self.frame.slot.is_none() {
            self.frame.show(None);
        }
    }

    /// A span clicked in the article while a slot is active: it fills the slot, and the
    /// selection goes back to the trigger. Tells whether it did.
    pub(super) fn frame_fill_by_click(&mut self, span: SpanId) -> bool {
        let (Some(role), Some((doc, trigger, Some(event)))) =
            (self.frame.slot.clone(), self.frame_event())
        else {
            return false;
        };
        if span == trigger {
            return false;
        }
        let edit =
            self.session
                .project()
                .fill_role_edit(&doc, event, &role, span, &Timestamp::now());
        self.frame_edit(edit, format!("{role} filled"));
        self.selection.select_span(Some(trigger));
        true
    }

    /// A label key on new text while a slot is active: the span is made and fills the slot,
    /// one undo step. Tells whether it did (else the key labels as usual).
    pub(crate) fn frame_label_into_slot(&mut self, range: CharRange, label: &LabelId) -> bool {
        let (Some(role), Some((doc, trigger, Some(event)))) =
            (self.frame.slot.clone(), self.frame_event())
        else {
            return false;
        };
        // Only a label the role takes fills it; another labels the text as usual.
        let project = self.session.project();
        let accepts = project
            .document(&doc)
            .and_then(|d| d.event(event))
            .and_then(|e| project.schema().event_type(&e.event_type))
            .and_then(|t| t.role(&role))
            .zip(project.schema().label(label))
            .is_some_and(|(r, l)| r.accepts(l.kind));
        if !accepts {
            return false;
        }
        let made = self.session.project().label_into_role_edit(
            &doc,
            range,
            label.clone(),
            event,
            &role,
            &Timestamp::now(),
        );
        self.frame_edit(
            made.map(|(edit, _)| edit),
            format!("{label} made and put in {role}"),
        );
        self.selection.select_span(Some(trigger));
        true
    }

    /// A trigger was just labelled with an event label: its frame opens, the type field ready.
    pub(crate) fn frame_open_new_trigger(&mut self, span: SpanId) {
        self.frame.show(Some(span));
        self.frame.focus_type = true;
        self.prefs.layout.dock.show(DockTab::Event);
    }

    fn frame_edit(&mut self, edit: Result<Edit, crate::model::EditError>, done: String) {
        match edit {
            Ok(edit) => {
                if self.edit_ok(edit) {
                    self.status = done;
                }
            }
            Err(err) => self.status = format!("Not done: {err}"),
        }
    }

    /// Add suggested arguments to the event (`None`: every one suggested now) in one edit.
    fn frame_accept(
        &mut self,
        doc: &DocId,
        event: Option<EventId>,
        accepted: Option<Vec<Proposal>>,
    ) {
        let project = self.session.project();
        let Some(event) = event.and_then(|e| project.document(doc)?.event(e)) else {
            self.status = "Choose the event's type first.".into();
            return;
        };
        let accepted = match accepted {
            Some(list) => list,
            None => project
                .document(doc)
                .and_then(|d| propose_arguments(project.schema(), d, event).ok())
                .unwrap_or_default(),
        };
        let n = accepted.len();
        match accept_proposals(project.schema(), doc, event, &accepted, &Timestamp::now()) {
            Some(edit) => {
                if self.edit_ok(edit) {
                    self.status = format!("{n} suggested argument(s) added");
                }
            }
            None => self.status = "Nothing left to add.".into(),
        }
    }

    /// A drag from the trigger onto `to`: the role it fills is the active slot when that takes
    /// `to`'s kind, else the first role of the type that does. Anything else is no frame drag.
    fn frame_drop(
        &mut self,
        doc: &DocId,
        (trigger, event): (SpanId, Option<EventId>),
        from: SpanId,
        to: SpanId,
    ) {
        let project = self.session.project();
        let Some(event) = event.filter(|_| from == trigger) else {
            return;
        };
        let d = project.document(doc);
        let kind = d
            .and_then(|d| d.span(to))
            .and_then(|s| project.schema().label(&s.label))
            .map(|l| l.kind);
        let ty = d
            .and_then(|d| d.event(event))
            .and_then(|e| project.schema().event_type(&e.event_type));
        let (Some(kind), Some(ty)) = (kind, ty) else {
            return;
        };
        let takes = |r: &crate::model::RoleDef| !r.kinds.is_empty() && r.accepts(kind);
        let role = self
            .frame
            .slot
            .as_ref()
            .and_then(|s| ty.role(s))
            .filter(|r| takes(r))
            .or_else(|| ty.roles.iter().find(|r| takes(r)))
            .map(|r| r.id.clone());
        let Some(role) = role else {
            self.status = "No role of this event takes that span.".into();
            return;
        };
        let edit = project.fill_role_edit(doc, event, &role, to, &Timestamp::now());
        self.frame_edit(edit, format!("{role} filled by dragging"));
        self.selection.select_span(Some(trigger));
    }

    /// One action of the frame tab.
    pub(super) fn frame_action(&mut self, action: FrameAction) {
        let now = Timestamp::now();
        let Some((doc, trigger, event)) = self.frame_event() else {
            self.status = "Select an event span first.".into();
            return;
        };
        let project = self.session.project();
        let need_event = || "Choose the event's type first.".to_owned();
        match action {
            FrameAction::SetType(ty) => {
                let made = project.set_event_type_edit(&doc, trigger, ty.clone(), &now);
                let first_slot = project
                    .schema()
                    .event_type(&ty)
                    .and_then(|t| step_slot(t, None, true));
                self.frame_edit(made.map(|(e, _)| e), format!("Event type: {ty}"));
                if self.frame.slot.is_none() {
                    self.frame.slot = first_slot;
                }
            }
            FrameAction::ActivateSlot(role) => self.frame.slot = role,
            FrameAction::StepSlot(forward) => {
                let ty = event
                    .and_then(|e| project.document(&doc)?.event(e))
                    .and_then(|e| project.schema().event_type(&e.event_type));
                match ty {
                    Some(ty) => self.frame.slot = step_slot(ty, self.frame.slot.as_ref(), forward),
                    None => self.status = need_event(),
                }
            }
            FrameAction::ClearArgument(role, span) => match event {
                Some(event) => {
                    let edit = project.clear_role_edit(&doc, event, &role, span, &now);
                    self.frame_edit(edit, format!("{role} cleared"));
                }
                None => self.status = need_event(),
            },
            FrameAction::SetAttribute(attribute, value) => match event {
                Some(event) => {
                    let said = format!("{attribute} set");
                    self.frame_edit(
                        Ok(Edit::SetAttribute {
                            doc,
                            on: AttrOwner::Event(event),
                            attribute,
                            value,
                        }),
                        said,
                    );
                }
                None => self.status = need_event(),
            },
            FrameAction::SetNote(note) => match event {
                Some(event) => {
                    let edit = project.event_note_edit(&doc, event, &note, &now);
                    self.frame_edit(edit, "Event note saved".into());
                }
                None => self.status = need_event(),
            },
            FrameAction::DeleteEvent => match event {
                Some(event) => {
                    self.frame.slot = None;
                    self.frame_edit(
                        Ok(Edit::RemoveEvent { doc, event }),
                        "Event deleted; the trigger stays (Ctrl+Z brings the event back)".into(),
                    );
                }
                None => self.status = need_event(),
            },
            FrameAction::Refused(why) => self.status = why,
            FrameAction::Accept(accepted) => self.frame_accept(&doc, event, Some(accepted)),
            FrameAction::AcceptAll => self.frame_accept(&doc, event, None),
            FrameAction::DropOn(from, to) => self.frame_drop(&doc, (trigger, event), from, to),
        }
    }
}
