//! The menu bar.

use super::Action;
use super::prefs::Prefs;

pub fn menu_bar_ui(
    ui: &mut egui::Ui,
    prefs: &Prefs,
    can_undo: bool,
    can_redo: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("New project").clicked() {
                actions.push(Action::NewProject);
            }
            if ui.button("Open…").clicked() {
                actions.push(Action::OpenDialog);
            }
            ui.menu_button("Open recent", |ui| {
                if prefs.recent.is_empty() {
                    ui.label("No recent projects");
                }
                for path in &prefs.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        actions.push(Action::Open(path.clone()));
                    }
                }
            });
            ui.separator();
            if ui.button("Save").clicked() {
                actions.push(Action::Save);
            }
            if ui.button("Save as…").clicked() {
                actions.push(Action::SaveAsDialog);
            }
            if ui.button("Import texts…").clicked() {
                actions.push(Action::ImportDialog);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                actions.push(Action::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            if ui
                .add_enabled(can_undo, egui::Button::new("Undo"))
                .clicked()
            {
                actions.push(Action::Undo);
            }
            if ui
                .add_enabled(can_redo, egui::Button::new("Redo"))
                .clicked()
            {
                actions.push(Action::Redo);
            }
        });
        ui.menu_button("View", |ui| {
            let theme = if prefs.dark {
                "Light theme"
            } else {
                "Dark theme"
            };
            if ui.button(theme).clicked() {
                actions.push(Action::ToggleTheme);
            }
            if ui.button("Review").clicked() {
                actions.push(Action::ToggleReview);
            }
        });
    });
    actions
}
