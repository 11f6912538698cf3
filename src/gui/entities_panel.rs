//! The entities tab: the project's registry as a list (filter by name or alias, folded, and by
//! kind), each with its mentions and the documents they are in; the entity chosen shows its
//! names, its mentions (a click opens one) and "Merge into…" (a type-ahead over entities of the
//! same kind; one undo step takes the merge back).
//!
//! The rows and counts are made once per project state and filter ([`EntitiesState`]), one
//! pass over the spans; only the rows in view are drawn (`show_rows`).

use super::Action;
use super::entity_field::entity_text;
use super::pane::{bidi_label, bidi_selectable};
use crate::model::{DocId, EntityId, EntityKind, Project, SpanId};
use crate::text::normalize::fold;
use std::collections::HashMap;

/// Mentions listed for the chosen entity at most.
const MAX_MENTIONS: usize = 30;

/// One entity in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRow {
    pub id: EntityId,
    pub kind: EntityKind,
    /// Arabic and Latin names, as the entity field shows them.
    pub text: String,
    pub mentions: usize,
    pub documents: usize,
}

/// What the entities tab asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum EntitiesAction {
    /// Merge `absorb` into `keep`.
    Merge { keep: EntityId, absorb: EntityId },
}

/// The tab's filters, the entity chosen, and the rows for a project state.
#[derive(Debug, Default)]
pub struct EntitiesState {
    pub filter: String,
    pub kind: Option<EntityKind>,
    pub chosen: Option<EntityId>,
    pub merge_query: String,
    merge_matches: super::entity_field::MatchesCache,
    cache: Option<(RowsKey, Vec<EntityRow>)>,
}

/// What the rows were made for: project state, filter text, kind.
type RowsKey = (u64, String, Option<EntityKind>);

/// The rows of `project`'s registry that pass the filters, in registry order, with counts.
pub fn entity_rows(project: &Project, filter: &str, kind: Option<EntityKind>) -> Vec<EntityRow> {
    let mut counts: HashMap<&EntityId, (usize, usize)> = HashMap::new();
    for doc in project.documents() {
        let mut seen: Vec<&EntityId> = Vec::new();
        for id in doc.spans().iter().filter_map(|s| s.entity.as_ref()) {
            let c = counts.entry(id).or_default();
            c.0 += 1;
            if !seen.contains(&id) {
                seen.push(id);
                c.1 += 1;
            }
        }
    }
    let needle = fold(filter.trim());
    project
        .entities()
        .iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .filter(|e| needle.is_empty() || e.spellings().any(|s| fold(s).contains(&needle)))
        .map(|e| {
            let (mentions, documents) = counts.get(&e.id).copied().unwrap_or_default();
            EntityRow {
                id: e.id.clone(),
                kind: e.kind,
                text: entity_text(e),
                mentions,
                documents,
            }
        })
        .collect()
}

impl EntitiesState {
    pub fn rows(&mut self, project: &Project, state: u64) -> &[EntityRow] {
        let key = (state, self.filter.clone(), self.kind);
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let rows = entity_rows(project, &self.filter, self.kind);
            self.cache = Some((key, rows));
        }
        self.cache.as_ref().map_or(&[], |(_, rows)| rows)
    }
}

/// The mentions of `id`: (document, span, document title, span text), in document order.
fn mentions(project: &Project, id: &EntityId) -> Vec<(DocId, SpanId, String, String)> {
    project
        .mentions_of(id)
        .into_iter()
        .take(MAX_MENTIONS)
        .map(|(d, s)| {
            let doc = &project.documents()[d];
            let span = &doc.spans()[s];
            (
                doc.id().clone(),
                span.id,
                doc.title.clone(),
                span.text().to_owned(),
            )
        })
        .collect()
}

pub fn entities_ui(
    ui: &mut egui::Ui,
    (project, project_state): (&Project, u64),
    state: &mut EntitiesState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let l = ui.label("Entity filter");
        let width = (ui.available_width() - 4.0).clamp(60.0, 200.0);
        ui.add(
            crate::gui::TextField::singleline(&mut state.filter)
                .id_salt("entity filter")
                .desired_width(width),
        )
        .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        ui.selectable_value(&mut state.kind, None, "all");
        for k in [EntityKind::Group, EntityKind::Place, EntityKind::Other] {
            ui.selectable_value(&mut state.kind, Some(k), k.name());
        }
    });
    let chosen = state.chosen.clone();
    // Borrowed, not copied: a registry can hold thousands of rows.
    let rows = state.rows(project, project_state);
    ui.weak(format!("{} entit(ies)", rows.len()));
    let mut clicked: Option<EntityId> = None;
    let row_height = 22.0;
    egui::ScrollArea::vertical()
        .id_salt("entities list")
        .max_height(260.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                // The counts first: they read left to right and stay in view; a long name is
                // cut at its end instead.
                let text = format!(
                    "{} mention(s), {} document(s) · {}",
                    row.mentions, row.documents, row.text
                );
                let is_chosen = chosen.as_ref() == Some(&row.id);
                if bidi_selectable(ui, is_chosen, &text).clicked() {
                    clicked = Some(row.id.clone());
                }
            }
        });
    if let Some(id) = clicked {
        // A second click on the chosen entity lets it go.
        state.chosen = (chosen.as_ref() != Some(&id)).then_some(id);
        state.merge_query.clear();
    }
    let Some(entity) = state.chosen.as_ref().and_then(|id| project.entity(id)) else {
        return actions;
    };
    ui.separator();
    bidi_label(ui, &entity_text(entity), 15.0);
    if !entity.aliases.is_empty() {
        bidi_label(ui, &entity.aliases.join("، "), 13.0);
    }
    super::entity_field::annotate_entity_ui(ui, &entity.id, &mut actions);
    ui.label(egui::RichText::new("Mentions").strong());
    for (doc, span, title, text) in mentions(project, &entity.id) {
        if bidi_selectable(ui, false, &format!("{text} · {title}")).clicked() {
            actions.push(Action::GoToSpan(doc, span));
        }
    }
    ui.horizontal(|ui| {
        let l = ui.label("Merge into");
        ui.add(
            crate::gui::TextField::singleline(&mut state.merge_query)
                .id_salt("merge into")
                .hint_text("the entity to keep")
                .desired_width(ui.available_width().min(200.0)),
        )
        .labelled_by(l.id);
    });
    let candidates =
        state
            .merge_matches
            .get((project, project_state), entity.kind, &state.merge_query);
    for keep in candidates.into_iter().filter(|k| k.id != entity.id).take(8) {
        let row = format!("Merge into {}", entity_text(keep));
        if bidi_selectable(ui, false, &row)
            .on_hover_text("Its names become aliases and its mentions move; Ctrl+Z undoes it")
            .clicked()
        {
            actions.push(Action::Entities(EntitiesAction::Merge {
                keep: keep.id.clone(),
                absorb: entity.id.clone(),
            }));
            state.chosen = Some(keep.id.clone());
            state.merge_query.clear();
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_count_mentions_and_documents_and_filter() {
        let project = crate::assets::sample_project();
        let all = entity_rows(&project, "", None);
        assert_eq!(all.len(), project.entities().len());
        // Counts agree with the registry's own mention list.
        for row in &all {
            let m = project.mentions_of(&row.id);
            assert_eq!(row.mentions, m.len(), "{}", row.id);
            let mut docs: Vec<usize> = m.iter().map(|(d, _)| *d).collect();
            docs.dedup();
            assert_eq!(row.documents, docs.len());
        }
        let places = entity_rows(&project, "", Some(EntityKind::Place));
        assert!(!places.is_empty() && places.iter().all(|r| r.kind == EntityKind::Place));
        let e = &project.entities()[0];
        let by_name = entity_rows(&project, &e.name_ar, None);
        assert!(by_name.iter().any(|r| r.id == e.id));
    }
}
