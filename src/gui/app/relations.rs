//! The app's side of relations ([`crate::gui::relations`]): "Relate to…" arms a head, the next
//! span chosen becomes the tail, a type makes one `AddRelation` edit; removing is one
//! `RemoveRelation`.

use super::HamishApp;
use crate::gui::relations::{RelateAction, Relating};
use crate::model::{Edit, SpanId, Timestamp};

impl HamishApp {
    /// A span chosen while relating: it is the tail, and the selection goes back to the head.
    /// Tells whether it was taken.
    pub(super) fn relate_pick_tail(&mut self, span: SpanId) -> bool {
        let Some(Relating { head, tail: None }) = self.work.relating else {
            return false;
        };
        if span == head {
            return false;
        }
        self.work.relating = Some(Relating {
            head,
            tail: Some(span),
        });
        self.selection.select_span(Some(head));
        self.status = "Choose the relation's type in the spans tab.".into();
        true
    }

    pub(super) fn relate_action(&mut self, action: RelateAction) {
        let Some(doc) = self.selected.clone() else {
            return;
        };
        match action {
            RelateAction::Start => match self.selection.span() {
                Some(head) => {
                    self.work.relating = Some(Relating { head, tail: None });
                    self.prefs
                        .layout
                        .dock
                        .show(crate::gui::dock::DockTab::Spans);
                    self.status = "Relate to…: click the other span (Esc cancels).".into();
                }
                None => self.status = "Select the span to relate first.".into(),
            },
            RelateAction::As(kind) => {
                let Some(Relating {
                    head,
                    tail: Some(tail),
                }) = self.work.relating
                else {
                    return;
                };
                let made = self.session.project().relate_edit(
                    &doc,
                    head,
                    tail,
                    kind.clone(),
                    &Timestamp::now(),
                );
                match made {
                    Ok(edit) => {
                        if self.edit_ok(edit) {
                            self.status = format!("Related: {kind}");
                        }
                    }
                    Err(err) => self.status = format!("Not done: {err}"),
                }
                self.work.relating = None;
            }
            RelateAction::Cancel => {
                self.work.relating = None;
                self.status = "No relation made.".into();
            }
            RelateAction::Remove(relation) => {
                if self.edit_ok(Edit::RemoveRelation { doc, relation }) {
                    self.status = "Relation removed (Ctrl+Z brings it back)".into();
                }
            }
        }
    }
}
