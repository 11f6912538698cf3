//! The entity of the selected span, in the spans tab: which registry entity it links to (with
//! Unlink), the link the registry suggests for its text (through the folding and proclitics
//! of `annotate::linking`; an ambiguous spelling shows every entity it could be and
//! picks none), a type-ahead over every entity's names and aliases, and "New entity from this
//! span". Changes come back as [`EntityAction`]s; the app makes one edit of each.
//!
//! The alias index is built once per project state ([`EntityFieldState`]), not each frame.

use super::Action;
use super::pane::{bidi_label, bidi_selectable};
use crate::annotate::{AliasIndex, LinkSuggestion};
use crate::model::{Entity, EntityId, EntityKind, Project, Span, SpanId};
use crate::text::normalize::fold;

/// Entities listed under the field at most.
const MAX_MATCHES: usize = 8;

/// What the entity field asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityAction {
    /// Link the span to this entity, or unlink it (`None`).
    Link(SpanId, Option<EntityId>),
    /// A new entity named by the span's text, of its label's kind, and the span linked to it:
    /// one undo step.
    CreateFromSpan(SpanId),
    /// Annotate-all by entity: every spelling of it in the open document (`false`) or in all
    /// documents, into the review list; accepted spans are linked to it.
    AnnotateAll(EntityId, bool),
}

/// The field as typed, the alias index of the registry at a project state, and the matches
/// of the query.
#[derive(Debug, Default)]
pub struct EntityFieldState {
    pub query: String,
    index: Option<(u64, AliasIndex)>,
    matches: MatchesCache,
}

/// The entities [`entity_matches`] gives for a query, kept while the project state, the kind
/// and the query stay the same: a type-ahead is drawn every frame, the registry walked once.
#[derive(Debug, Default)]
pub struct MatchesCache {
    key: Option<(u64, EntityKind, String)>,
    ids: Vec<EntityId>,
}

impl MatchesCache {
    pub fn get<'p>(
        &mut self,
        (project, state): (&'p Project, u64),
        kind: EntityKind,
        query: &str,
    ) -> Vec<&'p Entity> {
        let fresh = self
            .key
            .as_ref()
            .is_some_and(|(s, k, q)| *s == state && *k == kind && q == query);
        if !fresh {
            self.ids = entity_matches(project, kind, query)
                .into_iter()
                .map(|e| e.id.clone())
                .collect();
            self.key = Some((state, kind, query.to_owned()));
        }
        self.ids
            .iter()
            .filter_map(|id| project.entity(id))
            .collect()
    }
}

impl EntityFieldState {
    fn index(&mut self, project: &Project, state: u64) -> &AliasIndex {
        if self.index.as_ref().is_none_or(|(s, _)| *s != state) {
            self.index = Some((state, AliasIndex::of(project)));
        }
        &self.index.as_ref().expect("just made").1
    }
}

/// Entities of `kind` with a name or alias containing `query` (folded), registry order.
pub fn entity_matches<'p>(project: &'p Project, kind: EntityKind, query: &str) -> Vec<&'p Entity> {
    let needle = fold(query.trim());
    if needle.is_empty() {
        return Vec::new();
    }
    project
        .entities()
        .iter()
        .filter(|e| e.kind == kind && e.spellings().any(|s| fold(s).contains(&needle)))
        .collect()
}

/// How an entity is named in a row: its Arabic name, then its Latin one.
pub fn entity_text(e: &Entity) -> String {
    match (e.name_ar.trim().is_empty(), e.name_latin.trim().is_empty()) {
        (false, false) => format!("{} · {}", e.name_ar, e.name_latin),
        (true, _) => e.name_latin.clone(),
        (_, true) => e.name_ar.clone(),
    }
}

fn push(actions: &mut Vec<Action>, a: EntityAction) {
    actions.push(Action::Entity(a));
}

/// "Annotate all spellings" of an entity, here or in every document.
pub fn annotate_entity_ui(ui: &mut egui::Ui, entity: &EntityId, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let hint = "Every spelling of this entity not labelled yet, to review; each span you accept is linked to it";
        if ui.button("All spellings here").on_hover_text(hint).clicked() {
            push(actions, EntityAction::AnnotateAll(entity.clone(), false));
        }
        if ui.button("All spellings, all documents").on_hover_text(hint).clicked() {
            push(actions, EntityAction::AnnotateAll(entity.clone(), true));
        }
    });
}

/// The entity section for `span` (of a linkable label; the caller checks).
pub fn entity_ui(
    ui: &mut egui::Ui,
    (project, project_state): (&Project, u64),
    span: &Span,
    kind: EntityKind,
    state: &mut EntityFieldState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.label(egui::RichText::new("Entity").strong());
    if let Some(entity) = project.entity_of(span) {
        ui.horizontal(|ui| {
            // The button first: the name takes the rest of the row (cut if it must be).
            if ui
                .small_button("Unlink")
                .on_hover_text("The span stays; only its link goes")
                .clicked()
            {
                push(&mut actions, EntityAction::Link(span.id, None));
            }
            bidi_label(ui, &entity_text(entity), 14.0);
        });
        annotate_entity_ui(ui, &entity.id, &mut actions);
    } else {
        ui.weak("Not linked");
        let suggestion = state
            .index(project, project_state)
            .suggest(span.text(), kind);
        let offer = |ids: &[EntityId]| -> Vec<&Entity> {
            ids.iter().filter_map(|id| project.entity(id)).collect()
        };
        let (title, offered) = match &suggestion {
            LinkSuggestion::None => ("", Vec::new()),
            LinkSuggestion::One(id) => ("Suggested:", offer(std::slice::from_ref(id))),
            LinkSuggestion::Ambiguous(ids) => ("Written like several; choose:", offer(ids)),
        };
        if !offered.is_empty() {
            ui.weak(title);
            for e in offered {
                let row = format!("Link to {}", entity_text(e));
                if bidi_selectable(ui, false, &row).clicked() {
                    push(
                        &mut actions,
                        EntityAction::Link(span.id, Some(e.id.clone())),
                    );
                }
            }
        }
    }
    let l = ui.label("Find an entity");
    ui.add(
        crate::gui::TextField::singleline(&mut state.query)
            .id_salt("entity query")
            .hint_text("name, alias or acronym")
            .desired_width(ui.available_width().min(240.0)),
    )
    .labelled_by(l.id);
    let matches = state
        .matches
        .get((project, project_state), kind, &state.query);
    for e in matches.iter().take(MAX_MATCHES) {
        let current = span.entity.as_ref() == Some(&e.id);
        let row = format!("Link to {}", entity_text(e));
        if bidi_selectable(ui, current, &row).clicked() && !current {
            push(
                &mut actions,
                EntityAction::Link(span.id, Some(e.id.clone())),
            );
            state.query.clear();
        }
    }
    if matches.len() > MAX_MATCHES {
        ui.weak(format!(
            "… {} more: type to narrow",
            matches.len() - MAX_MATCHES
        ));
    }
    if span.entity.is_none()
        && ui
            .button("New entity from this span")
            .on_hover_text("Named by the span's text; add a Latin name and aliases later")
            .clicked()
    {
        push(&mut actions, EntityAction::CreateFromSpan(span.id));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_look_through_names_and_aliases_folded() {
        let project = crate::assets::sample_project();
        let group = project
            .entities()
            .iter()
            .find(|e| e.kind == EntityKind::Group && !e.aliases.is_empty())
            .expect("the sample registry has groups with aliases");
        let alias = &group.aliases[0];
        let found = entity_matches(&project, EntityKind::Group, alias);
        assert!(found.iter().any(|e| e.id == group.id), "{alias}");
        assert!(found.iter().all(|e| e.kind == EntityKind::Group));
        assert!(entity_matches(&project, EntityKind::Place, "").is_empty());
        assert!(entity_text(group).contains(&group.name_ar));
    }
}
