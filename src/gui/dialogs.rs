//! Modal questions: a typed path when no file dialog can be shown, unsaved changes before
//! the open project is replaced or the window closed, and error messages. Escape (or a click
//! outside) cancels a question and closes a message.

use super::Action;
use super::action::UnsavedAnswer;
use super::app::Replacement;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a path is being asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    Import,
}

impl PathPurpose {
    fn title(self) -> &'static str {
        match self {
            PathPurpose::Open => "Open project",
            PathPurpose::SaveAs => "Save project as",
            PathPurpose::Import => "Import texts (paths separated by ';')",
        }
    }

    pub fn into_action(self, text: &str) -> Option<Action> {
        let paths: Vec<PathBuf> = text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .collect();
        let first = paths.first()?.clone();
        Some(match self {
            PathPurpose::Open => Action::Open(first),
            PathPurpose::SaveAs => Action::SaveAs(first),
            PathPurpose::Import => Action::Import(paths),
        })
    }
}

/// The modal on screen, if any.
#[derive(Debug)]
pub enum Dialog {
    Path {
        purpose: PathPurpose,
        text: String,
    },
    /// "Save the changes first?", and what happens once answered.
    UnsavedChanges(Replacement),
    Message {
        title: String,
        body: String,
    },
    /// The project is open for editing elsewhere (`holder`, from its lock file).
    Locked {
        path: PathBuf,
        holder: String,
    },
}

/// Ask the system file dialog. `None` means cancelled or that no dialog could be shown; the
/// caller then offers a typed path when the answer came too fast for a person to have
/// cancelled.
pub fn native_dialog(purpose: PathPurpose) -> (Option<Vec<PathBuf>>, bool) {
    let started = Instant::now();
    let dialog = rfd::FileDialog::new();
    let answer = match purpose {
        PathPurpose::Open => dialog
            .add_filter("Hamish project", &["ron"])
            .pick_file()
            .map(|p| vec![p]),
        PathPurpose::SaveAs => dialog
            .add_filter("Hamish project", &["ron"])
            .set_file_name("project.hamish.ron")
            .save_file()
            .map(|p| vec![p]),
        PathPurpose::Import => dialog.add_filter("Text", &["txt"]).pick_files(),
    };
    let unavailable = answer.is_none() && started.elapsed() < Duration::from_millis(150);
    (answer, unavailable)
}

/// Draw the current dialog; returns actions and whether it should close. The unsaved-changes
/// question is closed by the app when it handles the answer.
pub fn dialog_ui(ctx: &egui::Context, dialog: &mut Dialog) -> (Vec<Action>, bool) {
    let mut actions = Vec::new();
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("hamish-dialog")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        match dialog {
            Dialog::Path { purpose, text } => {
                ui.heading(purpose.title());
                let label = ui.label("Path:");
                let edit = ui
                    .add(crate::gui::TextField::singleline(text).desired_width(480.0))
                    .labelled_by(label.id);
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("OK").clicked() || enter {
                        if let Some(action) = purpose.into_action(text) {
                            actions.push(action);
                        }
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Dialog::UnsavedChanges(then) => {
                ui.heading("Save the changes first?");
                ui.label(format!(
                    "The project has changes that are not saved. {}",
                    then.question()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        actions.push(Action::Unsaved(UnsavedAnswer::Save));
                    }
                    if ui.button("Don't save").clicked() {
                        actions.push(Action::Unsaved(UnsavedAnswer::DontSave));
                    }
                    if ui.button("Cancel").clicked() {
                        actions.push(Action::Unsaved(UnsavedAnswer::Cancel));
                    }
                });
            }
            Dialog::Locked { path, holder } => {
                ui.heading("This project is open elsewhere");
                super::pane::bidi_label(ui, &path.display().to_string(), 13.0);
                ui.label(format!(
                    "It is open for editing by {holder}. Open it read-only (you can still save a copy under another name), or take it over: the other window can then no longer save over the file."
                ));
                ui.horizontal(|ui| {
                    if ui.button("Open read-only").clicked() {
                        actions.push(Action::OpenLocked {
                            path: path.clone(),
                            take_over: false,
                        });
                        close = true;
                    }
                    if ui.button("Take over").clicked() {
                        actions.push(Action::OpenLocked {
                            path: path.clone(),
                            take_over: true,
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Dialog::Message { title, body } => {
                ui.heading(title.as_str());
                ui.label(body.as_str());
                if ui.button("OK").clicked() {
                    close = true;
                }
            }
        }
    });
    if modal.should_close() && actions.is_empty() {
        match dialog {
            Dialog::UnsavedChanges(_) => actions.push(Action::Unsaved(UnsavedAnswer::Cancel)),
            Dialog::Path { .. } | Dialog::Message { .. } | Dialog::Locked { .. } => close = true,
        }
    }
    (actions, close)
}
