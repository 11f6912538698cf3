//! The command palette (Ctrl+Shift+P): every command of [`super::commands`] with its shortcut,
//! filtered as you type; Enter runs the first, Escape closes.

use super::Action;
use super::commands::CommandId;

pub fn palette_ui(ctx: &egui::Context, query: &mut String) -> Vec<Action> {
    let mut actions = Vec::new();
    let needle = query.to_lowercase();
    let matches: Vec<CommandId> = CommandId::ALL
        .iter()
        .copied()
        .filter(|c| c.name().to_lowercase().contains(needle.trim()))
        .collect();
    egui::Modal::new(egui::Id::unique("hamish-palette")).show(ctx, |ui| {
        ui.set_min_width(420.0);
        let l = ui.label("Command");
        let edit = ui
            .add(crate::gui::TextField::singleline(query).desired_width(400.0))
            .labelled_by(l.id);
        edit.request_focus();
        let (enter, escape) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Escape),
            )
        });
        if enter && let Some(first) = matches.first() {
            actions.push(Action::ClosePalette);
            actions.push(first.action());
        }
        if escape {
            actions.push(Action::ClosePalette);
        }
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                for command in &matches {
                    let button =
                        egui::Button::new(command.name()).shortcut_text(command.shortcut_text(ctx));
                    if ui.add(button).clicked() {
                        actions.push(Action::ClosePalette);
                        actions.push(command.action());
                    }
                }
            });
    });
    actions
}
