//! The search box over the current document: same matching as annotate-all (diacritics,
//! alef forms, tatweel… see [`crate::text::normalize`]), hit count, previous and next.

use super::Action;
use super::work::Search;

pub fn search_ui(ui: &mut egui::Ui, search: &mut Search) -> Vec<Action> {
    let mut actions = Vec::new();
    // One row at every width: the field gives up room before a button wraps.
    ui.horizontal(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let l = ui.label("Search");
        let width = (ui.available_width() - 260.0).clamp(80.0, 320.0);
        let edit = ui
            .add(crate::gui::TextField::singleline(&mut search.query).desired_width(width))
            .labelled_by(l.id);
        if search.focus {
            edit.request_focus();
            search.focus = false;
        }
        if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            actions.push(Action::StepSearchHit(true));
        }
        if ui.button("Previous hit").clicked() {
            actions.push(Action::StepSearchHit(false));
        }
        if ui.button("Next hit").clicked() {
            actions.push(Action::StepSearchHit(true));
        }
        if !search.query.trim().is_empty() {
            let n = search.hits.len();
            match search.current {
                Some(i) if n > 0 => ui.label(format!("{} of {n}", i + 1)),
                _ => ui.label(format!("{n} hits")),
            };
        }
    });
    actions
}
