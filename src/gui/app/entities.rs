//! The app's side of the entity field ([`crate::gui::entity_field`]) and the entities tab
//! ([`crate::gui::entities_panel`]): a link or unlink is one `LinkSpan` edit; a new entity from
//! a span is `AddEntity` and `LinkSpan` in one batch, so one undo takes back both; a merge is
//! one `MergeEntities`.

use super::HamishApp;
use crate::annotate::{Scope, SearchCache, entity_candidates, label_for};
use crate::gui::action::CandidateMark;
use crate::gui::entities_panel::EntitiesAction;
use crate::gui::entity_field::EntityAction;
use crate::gui::work::Review;
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
            EntityAction::AnnotateAll(entity, everywhere) => {
                let project = self.session.project();
                let Some(kind) = project.entity(&entity).map(|e| e.kind) else {
                    return;
                };
                let Some(label) = label_for(project, kind) else {
                    self.status = format!("No label of the schema takes {} entities.", kind.name());
                    return;
                };
                if everywhere {
                    self.annotate_entity_corpus(entity, label);
                    return;
                }
                let scope = Scope::Document(doc);
                let found = entity_candidates(
                    project,
                    &entity,
                    &label,
                    &scope,
                    &mut SearchCache::default(),
                );
                let surface = project
                    .entity(&entity)
                    .map_or_else(|| entity.to_string(), |e| e.canonical_name().to_owned());
                match found {
                    Ok(found) => {
                        let items: Vec<_> = found
                            .into_iter()
                            .map(|c| (c, CandidateMark::Pending))
                            .collect();
                        self.status = Review::summary(&surface, &items);
                        self.work.review = Some(Review {
                            surface,
                            label,
                            items,
                            include_ambiguous: false,
                            entity: Some(entity),
                        });
                    }
                    Err(err) => self.status = format!("Not done: {err}"),
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
