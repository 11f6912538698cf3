//! The app's side of the entity field ([`crate::gui::entity_field`]) and the entities tab
//! ([`crate::gui::entities_panel`]): a link or unlink is one `LinkSpan` edit; a new entity from
//! a span is `AddEntity` and `LinkSpan` in one batch, so one undo takes back both; a merge is
//! one `MergeEntities`.

use super::HamishApp;
use crate::gui::entities_panel::EntitiesAction;
use crate::gui::entity_field::EntityAction;
use crate::model::{Edit, Entity, EntityId, EntityKind};

impl HamishApp {
    pub(super) fn entities_action(&mut self, action: EntitiesAction) {
        match action {
            EntitiesAction::Merge { keep, absorb } => {
                let said = format!("Merged {absorb} into {keep} (Ctrl+Z undoes it)");
                if self.edit_ok(Edit::MergeEntities { keep, absorb }) {
                    self.status = said;
                }
            }
        }
    }

    pub(super) fn entity_action(&mut self, action: EntityAction) {
        let Some(doc) = self.selected.clone() else {
            return;
        };
        match action {
            EntityAction::Link(span, entity) => {
                let said = match &entity {
                    Some(id) => format!("Linked to {id}"),
                    None => "Unlinked".to_owned(),
                };
                if self.edit_ok(Edit::LinkSpan { doc, span, entity }) {
                    self.status = said;
                }
            }
            EntityAction::CreateFromSpan(span) => {
                let project = self.session.project();
                let Some(s) = project.document(&doc).and_then(|d| d.span(span)) else {
                    return;
                };
                let kind = project
                    .schema()
                    .label(&s.label)
                    .and_then(|l| EntityKind::of_label(l.kind));
                let Some(kind) = kind else {
                    self.status = format!("{} spans do not link to entities.", s.label);
                    return;
                };
                let mut id = EntityId::random();
                while project.entity(&id).is_some() {
                    id = EntityId::random();
                }
                let name = s.text().trim().to_owned();
                let entity = Entity::new(id.clone(), kind, name.clone(), "");
                let edit = Edit::Batch {
                    edits: vec![
                        Edit::AddEntity { entity },
                        Edit::LinkSpan {
                            doc,
                            span,
                            entity: Some(id),
                        },
                    ],
                };
                if self.edit_ok(edit) {
                    self.status = format!("New entity {name}, linked (Ctrl+Z takes back both)");
                }
            }
        }
    }
}
