//! The menu bar, built from the command list in [`super::commands`].

use super::Action;
use super::commands::CommandId;
use super::prefs::{Prefs, ReadingPrefs};

fn item(ui: &mut egui::Ui, actions: &mut Vec<Action>, command: CommandId, enabled: bool) {
    let button = egui::Button::new(command.name()).shortcut_text(command.shortcut_text(ui.ctx()));
    if ui.add_enabled(enabled, button).clicked() {
        actions.push(command.action());
        ui.close();
    }
}

pub fn menu_bar_ui(
    ui: &mut egui::Ui,
    prefs: &Prefs,
    can_undo: bool,
    can_redo: bool,
) -> Vec<Action> {
    use CommandId as C;
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, &mut actions, C::NewProject, true);
            item(ui, &mut actions, C::Open, true);
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
            item(ui, &mut actions, C::Save, true);
            item(ui, &mut actions, C::SaveAs, true);
            item(ui, &mut actions, C::Import, true);
            item(ui, &mut actions, C::Export, true);
            item(ui, &mut actions, C::CancelJob, true);
            ui.separator();
            item(ui, &mut actions, C::Quit, true);
        });
        ui.menu_button("Edit", |ui| {
            item(ui, &mut actions, C::Undo, can_undo);
            item(ui, &mut actions, C::Redo, can_redo);
            ui.separator();
            for c in [
                C::DeleteSpan,
                C::StartEarlier,
                C::StartLater,
                C::EndEarlier,
                C::EndLater,
            ] {
                item(ui, &mut actions, c, true);
            }
            ui.separator();
            item(ui, &mut actions, C::Palette, true);
        });
        ui.menu_button("Annotate", |ui| {
            for c in [
                C::AnnotateAllDocument,
                C::AnnotateAllProject,
                C::RelateTo,
                C::Disarm,
                C::ToggleExactSelection,
                C::EditSchema,
                C::ProjectSettings,
            ] {
                item(ui, &mut actions, c, true);
            }
        });
        ui.menu_button("Go", |ui| {
            for c in [
                C::Find,
                C::FindNext,
                C::FindPrevious,
                C::NextSpan,
                C::PreviousSpan,
                C::NextDocument,
                C::PreviousDocument,
                C::MarkInProgress,
                C::MarkDone,
                C::DoneNext,
                C::NextDisagreement,
                C::PreviousDisagreement,
            ] {
                item(ui, &mut actions, c, true);
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
            for c in [
                C::ToggleDocumentsPanel,
                C::ToggleSidePanel,
                C::ToggleReview,
                C::ToggleGuidelines,
                C::ToggleDashboard,
                C::ToggleEventFrame,
                C::ToggleEventsList,
                C::ToggleEntities,
            ] {
                item(ui, &mut actions, c, true);
            }
            ui.separator();
            for c in [C::ZoomIn, C::ZoomOut, C::ZoomReset] {
                item(ui, &mut actions, c, true);
            }
            ui.menu_button("Reading comfort", |ui| {
                let mut reading = prefs.reading;
                ui.add(
                    egui::Slider::new(&mut reading.font_size, ReadingPrefs::FONT_SIZES)
                        .text("Font size (pt)")
                        .step_by(1.0),
                );
                ui.add(
                    egui::Slider::new(&mut reading.line_height, ReadingPrefs::LINE_HEIGHTS)
                        .text("Line height (× font size)")
                        .step_by(0.05),
                );
                if ui.button("Defaults").clicked() {
                    reading = ReadingPrefs::default();
                }
                if reading != prefs.reading {
                    actions.push(Action::SetReading(reading));
                }
            });
        });
    });
    actions
}
