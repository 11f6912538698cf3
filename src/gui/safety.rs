//! Questions about the file on disk: recovered unsaved work from an earlier run, and a project
//! file changed by someone else (offer to reload; never overwrite silently).

use super::Action;
use super::work::SafetyPrompt;

pub fn safety_ui(ctx: &egui::Context, prompt: &SafetyPrompt) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Modal::new(egui::Id::unique("hamish-safety")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        match prompt {
            SafetyPrompt::Recovered { found, of } => {
                ui.heading("Recovered unsaved work");
                let when = found
                    .written
                    .map(|t| humantime::format_rfc3339_seconds(t).to_string())
                    .unwrap_or_else(|| "an earlier run".into());
                let whose = match of {
                    Some(path) => format!("to {}", path.display()),
                    None => "to an untitled project that was never saved".to_owned(),
                };
                ui.label(format!(
                    "Hamish found changes {whose} that were not saved ({when}, {} spans in {} documents). Restore them?",
                    found.project.span_count(),
                    found.project.documents().len()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore recovered work").clicked() {
                        actions.push(Action::RestoreRecovery);
                    }
                    if ui.button("Discard recovered work").clicked() {
                        actions.push(Action::DiscardRecovery);
                    }
                });
            }
            SafetyPrompt::ChangedOnDisk => {
                ui.heading("The project changed on disk");
                ui.label("Someone else (a colleague, git) changed the project file since Hamish read it. Reload it (your unsaved changes are dropped), or keep your version (saving will replace theirs).");
                ui.horizontal(|ui| {
                    if ui.button("Reload from disk").clicked() {
                        actions.push(Action::ReloadFromDisk);
                    }
                    if ui.button("Keep my version").clicked() {
                        actions.push(Action::KeepMine);
                    }
                });
            }
        }
    });
    actions
}
