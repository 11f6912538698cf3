//! The events tab: one row per event of the open document or of the whole project
//! ([`crate::events_list::event_rows`]): type, date, actors, places, factuality, and the
//! required roles left empty; filters by type, actor, place and "missing roles"; a click opens
//! the event's document with its trigger selected (and its frame in the Event tab).
//!
//! The rows are built once per project state, scope and filter ([`EventsListState`]), and only
//! those in view are drawn (`show_rows`): a project of many thousand events costs a frame the
//! rows on screen.

use super::Action;
use super::pane::bidi_selectable;
use crate::events_list::{EventFilter, EventRow, ListScope, Who, event_rows};
use crate::model::{DocId, EventTypeId, Project};

/// The tab's filters as set, and the rows they gave.
#[derive(Debug, Default)]
pub struct EventsListState {
    /// All documents, or only the open one.
    pub project_wide: bool,
    pub event_type: Option<EventTypeId>,
    pub actor: String,
    pub place: String,
    pub missing_only: bool,
    cache: Option<(CacheKey, Vec<EventRow>)>,
}

type CacheKey = (u64, ListScope, EventFilter);

impl EventsListState {
    /// The filter as the core list takes it (blank texts: no filter).
    pub fn filter(&self) -> EventFilter {
        let who = |s: &str| (!s.trim().is_empty()).then(|| Who::Text(s.trim().to_owned()));
        EventFilter {
            event_type: self.event_type.clone(),
            actor: who(&self.actor),
            place: who(&self.place),
            missing_required: self.missing_only,
        }
    }

    pub fn scope(&self, open: Option<&DocId>) -> ListScope {
        match (self.project_wide, open) {
            (false, Some(doc)) => ListScope::Document(doc.clone()),
            _ => ListScope::Project,
        }
    }

    /// The rows for the filters at project state `state`, built again only when one changed.
    pub fn rows(&mut self, project: &Project, state: u64, open: Option<&DocId>) -> &[EventRow] {
        let key = (state, self.scope(open), self.filter());
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let rows = event_rows(project, &key.1, &key.2);
            self.cache = Some((key, rows));
        }
        self.cache.as_ref().map_or(&[], |(_, rows)| rows)
    }
}

/// What one row says, which is also its accessible name.
pub fn row_text(row: &EventRow, with_document: bool) -> String {
    let names = |parties: &[crate::events_list::Party]| {
        parties
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("، ")
    };
    let mut text = String::new();
    if with_document {
        text.push_str(&row.doc_title);
        text.push_str(" · ");
    }
    text.push_str(&row.type_name);
    // The date right after the (Latin) type name: after Arabic, UAX #9 would read its digits
    // as Arabic numbers and show 2023-08-11 as 11-08-2023.
    if let Some((date, _)) = &row.date {
        text.push_str(&format!(" · {date}"));
    }
    text.push_str(" · ");
    text.push_str(&row.trigger_text);
    if !row.actors.is_empty() {
        text.push_str(&format!(" · {}", names(&row.actors)));
    }
    if !row.places.is_empty() {
        text.push_str(&format!(" · {}", names(&row.places)));
    }
    if let Some(f) = &row.factuality {
        text.push_str(&format!(" · {f}"));
    }
    if !row.missing.is_empty() {
        let missing: Vec<&str> = row.missing.iter().map(|r| r.as_str()).collect();
        text.push_str(&format!(" · missing {}", missing.join(", ")));
    }
    text
}

/// Draw the tab.
pub fn events_ui(
    ui: &mut egui::Ui,
    project: &Project,
    state_no: u64,
    open: Option<&DocId>,
    state: &mut EventsListState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.selectable_value(&mut state.project_wide, false, "This document");
        ui.selectable_value(&mut state.project_wide, true, "All documents");
    });
    ui.horizontal(|ui| {
        let shown = state
            .event_type
            .as_ref()
            .and_then(|t| project.schema().event_type(t))
            .map_or("all types".to_owned(), |t| t.name.clone());
        egui::ComboBox::from_label("Type filter")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.event_type, None, "all types");
                for t in &project.schema().event_types {
                    ui.selectable_value(&mut state.event_type, Some(t.id.clone()), &t.name);
                }
            });
    });
    for (name, text) in [
        ("Actor filter", &mut state.actor),
        ("Place filter", &mut state.place),
    ] {
        ui.horizontal(|ui| {
            let l = ui.label(name);
            let width = (ui.available_width() - 4.0).clamp(60.0, 200.0);
            ui.add(
                crate::gui::TextField::singleline(text)
                    .id_salt(name)
                    .desired_width(width),
            )
            .labelled_by(l.id);
        });
    }
    ui.checkbox(
        &mut state.missing_only,
        "Only events with required roles empty",
    );
    let with_document = state.project_wide || open.is_none();
    // Borrowed, not copied: a project's list can hold thousands of rows.
    let rows = state.rows(project, state_no, open);
    ui.weak(format!("{} event(s)", rows.len()));
    let row_height = 22.0;
    egui::ScrollArea::vertical()
        .id_salt("events list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                let text = row_text(row, with_document);
                let response = bidi_selectable(ui, false, &text);
                if response.clicked() {
                    actions.push(Action::GoToSpan(row.doc.clone(), row.trigger));
                }
            }
        });
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_kept_until_state_scope_or_filter_change() {
        let project = crate::assets::sample_project();
        let mut state = EventsListState {
            project_wide: true,
            ..Default::default()
        };
        let all = state.rows(&project, 1, None).to_vec();
        assert_eq!(
            all,
            event_rows(&project, &ListScope::Project, &EventFilter::default())
        );
        assert!(!all.is_empty());
        // Another project at the same state: the rows kept (the state says nothing changed).
        let empty = Project::new("e", crate::model::Annotator::new("A"));
        assert_eq!(state.rows(&empty, 1, None).len(), all.len());
        // A filter: built again.
        let first_type = all[0].event_type.clone();
        state.event_type = Some(first_type.clone());
        let typed = state.rows(&project, 1, None).to_vec();
        assert!(typed.iter().all(|r| r.event_type == first_type));
        assert!(typed.len() <= all.len());
        // One document only.
        state.event_type = None;
        state.project_wide = false;
        let doc = all[0].doc.clone();
        let here = state.rows(&project, 1, Some(&doc)).to_vec();
        assert!(here.iter().all(|r| r.doc == doc));
        let text = row_text(&here[0], false);
        assert!(text.starts_with(&here[0].type_name), "{text}");
        assert!(row_text(&here[0], true).starts_with(&here[0].doc_title));
    }
}
