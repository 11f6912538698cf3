//! The application: owns the session and preferences, draws the panels, and applies the
//! actions the views return, in one place.

use super::dialogs::{Dialog, PathPurpose, dialog_ui, native_dialog};
use super::prefs::Prefs;
use super::{Action, documents, menu, placeholder_pane};
use crate::format::import_text::import_texts;
use crate::model::{DocId, Edit};
use crate::session::Session;
use std::path::{Path, PathBuf};

pub struct HamishApp {
    pub session: Session,
    pub selected: Option<DocId>,
    pub prefs: Prefs,
    pub dialog: Option<Dialog>,
    /// The last thing that happened, shown in the status bar.
    pub status: String,
    pending: Vec<Action>,
    /// Set once the user agreed to close.
    close_allowed: bool,
    /// Whether the review panel is shown, and its state.
    pub show_review: bool,
    pub review: super::review::ReviewState,
}

impl HamishApp {
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        super::install_fonts(&cc.egui_ctx);
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, Prefs::KEY))
            .unwrap_or_default();
        cc.egui_ctx.set_theme(if prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let mut app = Self::with_session(Session::new_empty("untitled", "analyst"));
        app.prefs = prefs;
        if let Some(path) = path {
            app.open(&path);
        }
        app
    }

    /// An app on an already open session (tests build it this way).
    pub fn with_session(session: Session) -> Self {
        let selected = session.project.documents.first().map(|d| d.id.clone());
        Self {
            session,
            selected,
            prefs: Prefs::default(),
            dialog: None,
            status: String::new(),
            pending: Vec::new(),
            close_allowed: false,
            show_review: false,
            review: Default::default(),
        }
    }

    /// Queue an action as if a view had returned it.
    pub fn push(&mut self, action: Action) {
        self.pending.push(action);
    }

    fn title(&self) -> String {
        let marker = if self.session.is_modified() {
            "● "
        } else {
            ""
        };
        let read_only = if self.session.is_read_only() {
            " [read-only]"
        } else {
            ""
        };
        format!(
            "{marker}{}{read_only} — Hamish",
            self.session.display_name()
        )
    }

    fn open(&mut self, path: &Path) {
        match Session::open(path) {
            Ok(session) => {
                if session.is_read_only() {
                    let list: Vec<String> = session
                        .problems
                        .iter()
                        .take(20)
                        .map(ToString::to_string)
                        .collect();
                    self.dialog = Some(Dialog::Message {
                        title: "This project has problems".into(),
                        body: format!(
                            "{} has {} problem(s). It is open read-only so the file is never overwritten; use Save as… to keep a corrected copy.\n\n{}",
                            path.display(),
                            session.problems.len(),
                            list.join("\n")
                        ),
                    });
                }
                self.prefs.remember(path);
                self.status = format!("Opened {}", path.display());
                *self = Self {
                    prefs: std::mem::take(&mut self.prefs),
                    dialog: self.dialog.take(),
                    status: std::mem::take(&mut self.status),
                    ..Self::with_session(session)
                };
            }
            Err(err) => self.error("Cannot open project", format!("{err:#}")),
        }
    }

    fn error(&mut self, title: &str, body: String) {
        self.status = body.clone();
        self.dialog = Some(Dialog::Message {
            title: title.to_owned(),
            body,
        });
    }

    fn ask_path(&mut self, purpose: PathPurpose) {
        if !self.prefs.typed_paths && std::env::var_os("HAMISH_TYPED_PATHS").is_none() {
            let (answer, unavailable) = native_dialog(purpose);
            if let Some(paths) = answer {
                let text = paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(";");
                if let Some(action) = purpose.into_action(&text) {
                    self.pending.push(action);
                }
                return;
            }
            if !unavailable {
                return;
            }
        }
        self.dialog = Some(Dialog::Path {
            purpose,
            text: String::new(),
        });
    }

    fn save(&mut self) -> bool {
        match self.session.save() {
            Ok(true) => {
                self.status = format!("Saved {}", self.session.display_name());
                true
            }
            Ok(false) => {
                self.ask_path(PathPurpose::SaveAs);
                false
            }
            Err(err) => {
                self.error("Cannot save", format!("{err:#}"));
                false
            }
        }
    }

    fn edit(&mut self, edit: Edit) {
        if self.session.is_read_only() {
            self.status = "This project is read-only until its problems are fixed.".into();
            return;
        }
        if let Err(err) = self.session.apply(edit) {
            self.status = format!("Not done: {err}");
        }
    }

    /// Apply one action. Called after drawing, for everything the views returned.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::NewProject => {
                let name = self.session.project.annotator.name.clone();
                *self = Self {
                    prefs: std::mem::take(&mut self.prefs),
                    ..Self::with_session(Session::new_empty("untitled", &name))
                };
            }
            Action::OpenDialog => self.ask_path(PathPurpose::Open),
            Action::Open(path) => self.open(&path),
            Action::Save => {
                self.save();
            }
            Action::SaveAsDialog => self.ask_path(PathPurpose::SaveAs),
            Action::SaveAs(path) => match self.session.save_as(&path) {
                Ok(()) => {
                    self.prefs.remember(&path);
                    self.status = format!("Saved {}", path.display());
                }
                Err(err) => self.error("Cannot save", format!("{err:#}")),
            },
            Action::ImportDialog => self.ask_path(PathPurpose::Import),
            Action::Import(paths) => {
                let found = import_texts(&self.session.project, &paths);
                let mut report: Vec<String> = found.notices.clone();
                report.extend(
                    found
                        .refused
                        .iter()
                        .map(|(p, why)| format!("refused {}: {why}", p.display())),
                );
                let n = found.documents.len();
                if n > 0 {
                    let first = found.documents[0].id.clone();
                    self.edit(Edit::AddDocuments {
                        docs: found.documents,
                    });
                    self.selected = Some(first);
                }
                self.status = format!("Imported {n} document(s)");
                if !report.is_empty() {
                    self.dialog = Some(Dialog::Message {
                        title: format!("Imported {n} document(s)"),
                        body: report.join("\n"),
                    });
                }
            }
            Action::SelectDocument(id) => self.selected = Some(id),
            Action::Edit(edit) => self.edit(*edit),
            Action::Undo => match self.session.undo() {
                Ok(done) => {
                    self.status = if done {
                        "Undone".into()
                    } else {
                        "Nothing to undo".into()
                    }
                }
                Err(err) => self.status = format!("Cannot undo: {err}"),
            },
            Action::Redo => match self.session.redo() {
                Ok(done) => {
                    self.status = if done {
                        "Redone".into()
                    } else {
                        "Nothing to redo".into()
                    }
                }
                Err(err) => self.status = format!("Cannot redo: {err}"),
            },
            Action::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                ctx.set_theme(if self.prefs.dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Action::ToggleReview => self.show_review = !self.show_review,
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::DiscardAndQuit => {
                self.close_allowed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Action::SaveAndQuit => {
                if self.save() {
                    self.close_allowed = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
        if let Some(selected) = &self.selected
            && self.session.project.document(selected).is_none()
        {
            self.selected = self.session.project.documents.first().map(|d| d.id.clone());
        }
    }

    /// Review marks for the selected document, for the article pane (empty unless reviewing).
    pub fn review_decorations(&self) -> Vec<super::decoration::Decoration> {
        match (&self.review.adjudication, &self.selected) {
            (Some(adj), Some(doc)) if self.show_review => {
                super::review::review_decorations(adj, doc)
            }
            _ => Vec::new(),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        ctx.input_mut(|i| {
            if i.consume_shortcut(&save) {
                self.pending.push(Action::Save);
            }
            if i.consume_shortcut(&open) {
                self.pending.push(Action::OpenDialog);
            }
            if i.consume_shortcut(&redo) || i.consume_shortcut(&redo_y) {
                self.pending.push(Action::Redo);
            }
            if i.consume_shortcut(&undo) {
                self.pending.push(Action::Undo);
            }
        });
    }
}

impl eframe::App for HamishApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if self.dialog.is_none() {
            self.shortcuts(ctx);
        }
        for action in std::mem::take(&mut self.pending) {
            self.apply(ctx, action);
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.session.is_modified()
            && !self.close_allowed
            && !self.session.project.documents.is_empty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::UnsavedChanges);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.title()));
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            actions.extend(menu::menu_bar_ui(
                ui,
                &self.prefs,
                self.session.history.can_undo(),
                self.session.history.can_redo(),
            ));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if self.session.is_modified() {
                    ui.label("● modified");
                }
                ui.label(&self.status);
            });
        });
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(280.0)
            .show(ui, |ui| {
                actions.extend(documents::documents_ui(
                    ui,
                    &self.session.project,
                    self.selected.as_ref(),
                ));
            });
        if self.show_review {
            egui::Panel::right("review")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| {
                    actions.extend(super::review::review_ui(
                        ui,
                        &mut self.review,
                        &self.session.project,
                    ));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            match self
                .selected
                .as_ref()
                .and_then(|id| self.session.project.document(id))
            {
                Some(doc) => placeholder_pane::article_ui(ui, doc),
                None => {
                    ui.label("Select a document.");
                }
            }
        });
        if let Some(dialog) = &mut self.dialog {
            let (more, close) = dialog_ui(&ctx, dialog);
            actions.extend(more);
            if close {
                self.dialog = None;
            }
        }
        self.pending.extend(actions);
        if !self.pending.is_empty() {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Prefs::KEY, &self.prefs);
    }
}
