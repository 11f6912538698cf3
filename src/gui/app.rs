//! The application: owns the session and preferences, draws the panels, and applies the
//! actions the views return, in one place.

use super::dialogs::{Dialog, PathPurpose, dialog_ui, native_dialog};
use super::pane::{PaneState, article_pane_ui};
use super::prefs::Prefs;
use super::work::WorkState;
use super::{
    Action, annotate_all, commands, documents, labels_panel, menu, palette, safety, schema_editor,
    search_bar, spans_panel,
};
use crate::format::import_text::import_texts;
use crate::model::{CharRange, DocId, Edit};
use crate::session::Session;
use std::path::{Path, PathBuf};

/// What the article pane showed at the end of the last frame.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct PaneSeen {
    selection: Option<CharRange>,
    span: Option<crate::model::SpanId>,
}

pub struct HamishApp {
    pub session: Session,
    pub selected: Option<DocId>,
    pub prefs: Prefs,
    pub dialog: Option<Dialog>,
    /// The current text selection in the article (chars). The right-to-left pane owns it;
    /// connect with `app.selection = pane_state.selection;` after drawing the pane.
    pub selection: Option<CharRange>,
    /// Annotation state: armed label, selected span, search, review, autosave…
    pub work: WorkState,
    /// Selection, scroll, zoom and layout caches of the article pane.
    pub pane: PaneState,
    /// The selection and span as the pane last reported them.
    pane_seen: PaneSeen,
    /// The last thing that happened, shown in the status bar.
    pub status: String,
    pending: Vec<Action>,
    /// Set once the user agreed to close.
    close_allowed: bool,
    /// The window title last sent.
    title_sent: String,
    /// Annotate ▸ Project settings, while open.
    pub settings_draft: Option<super::settings_window::SettingsDraft>,
    /// File ▸ Export: the open form and the export running in the background.
    pub export_form: Option<super::export_dialog::ExportForm>,
    export_job: Option<super::export_dialog::ExportJob>,
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
        let work = WorkState::for_session(&session);
        Self {
            session,
            selected,
            prefs: Prefs::default(),
            dialog: None,
            selection: None,
            work,
            pane: PaneState::default(),
            pane_seen: PaneSeen::default(),
            status: String::new(),
            pending: Vec::new(),
            close_allowed: false,
            title_sent: String::new(),
            settings_draft: None,
            export_form: None,
            export_job: None,
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
        if !self.may_save() {
            return false;
        }
        match self.session.save() {
            Ok(true) => {
                self.saved();
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

    pub(crate) fn edit(&mut self, edit: Edit) {
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
                    self.saved();
                    self.prefs.remember(&path);
                    self.status = format!("Saved {}", path.display());
                }
                Err(err) => self.error("Cannot save", format!("{err:#}")),
            },
            Action::ImportDialog => self.ask_path(PathPurpose::Import),
            Action::ProjectSettings => {
                self.settings_draft = Some(super::settings_window::SettingsDraft::of(
                    &self.session.project,
                ));
            }
            Action::ExportDialog => {
                if self.export_job.is_some() {
                    self.status = "An export is still running.".into();
                } else {
                    self.export_form.get_or_insert_with(Default::default);
                }
            }
            Action::Export(request) => {
                match super::export_dialog::ExportJob::start(&self.session.project, request) {
                    Ok(job) => {
                        self.status = format!("Exporting as {}…", job.request.format);
                        self.export_job = Some(job);
                    }
                    Err(err) => self.error("Cannot export", format!("{err:#}")),
                }
            }
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
            Action::SelectDocument(id) => self.select_document(id),
            Action::Work(work) => self.apply_work(ctx, work),
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

    /// Keyboard: every command of [`commands::CommandId`] and the label hotkeys. Plain keys
    /// (label hotkeys, Delete, arrows) are left to a text field that has focus.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        // The article text takes focus when clicked; it is not a text field to type into.
        let typing = ctx.egui_wants_keyboard_input() && !self.pane.has_focus(ctx);
        let hotkeys: Vec<(egui::Key, crate::model::LabelId)> = self
            .session
            .project
            .schema
            .labels
            .iter()
            .filter_map(|l| {
                let key = commands::hotkey_key(l.hotkey.as_deref()?)?;
                Some((key, l.id.clone()))
            })
            .collect();
        ctx.input_mut(|i| {
            for (command, shortcut) in commands::dispatch_order() {
                if typing && !command.works_in_text_fields() {
                    continue;
                }
                if i.consume_shortcut(&shortcut) {
                    self.pending.push(command.action());
                }
            }
            if !typing && !i.modifiers.command {
                for (key, label) in hotkeys {
                    if i.consume_key(egui::Modifiers::NONE, key) {
                        self.pending
                            .push(Action::Work(super::work::WorkAction::ApplyLabel(label)));
                    }
                }
            }
        });
    }
}

impl HamishApp {
    /// Finish a background export: report it, or keep the status bar ticking while it runs.
    fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.export_job else {
            return;
        };
        match job.poll() {
            None => {
                self.status = format!(
                    "Exporting as {}… {:.1} s",
                    job.request.format,
                    job.started.elapsed().as_secs_f32()
                );
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            Some(Ok(report)) => {
                self.export_job = None;
                self.status = report.lines().next().unwrap_or_default().to_owned();
                self.dialog = Some(Dialog::Message {
                    title: "Export finished".into(),
                    body: report,
                });
            }
            Some(Err(err)) => {
                self.export_job = None;
                self.error("Export refused", err);
            }
        }
    }

    /// The article pane, kept in step with the annotation state: the app's selection and
    /// selected span go into the pane before drawing, what the user did comes back out.
    fn article_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc_id) = self.selected.clone() else {
            ui.label("Select a document.");
            return;
        };
        // Push into the pane only what the app changed since the pane last reported, so a
        // drag in progress inside the pane is never overwritten.
        if self.selection != self.pane_seen.selection {
            if let Some(range) = self.selection {
                self.pane.scroll_to = Some(range.start);
            }
            self.pane.set_selection(&doc_id, self.selection);
        }
        if self.work.selected_span != self.pane_seen.span {
            if let Some(span) = self
                .current_document()
                .and_then(|d| d.span(self.work.selected_span?))
            {
                self.pane.scroll_to = Some(span.start);
            }
            self.pane.selected_span = self.work.selected_span;
        }
        self.pane.spans_revision = Some(self.session.history.state());
        let alt = ui.input(|i| i.modifiers.alt);
        let mut decorations = self.pane_decorations(alt);
        decorations.extend(self.review_decorations());
        let Some(doc) = self.session.project.document(&doc_id) else {
            return;
        };
        let out = article_pane_ui(
            ui,
            doc,
            &self.session.project.schema,
            &decorations,
            &mut self.pane,
        );
        if let Some(selection) = out.selection_changed {
            self.selection = selection;
        }
        if let Some(id) = out.span_clicked {
            self.work.selected_span = Some(id);
        }
        if let Some((span, range)) = out.span_resized
            && !range.is_empty()
            && doc.span(span).is_some_and(|s| s.range() != range)
        {
            self.pending.push(Action::Edit(Box::new(Edit::Resize {
                doc: doc_id.clone(),
                span,
                range,
            })));
        }
        self.pane_seen = PaneSeen {
            selection: self.selection,
            span: self.work.selected_span,
        };
        if let Some(span) = out.span_hovered.and_then(|id| doc.span(id)) {
            self.status = format!("{}: {}", span.label, span.text);
        }
        if out.copied {
            self.status = "Copied the selected text".into();
        }
    }
}

impl eframe::App for HamishApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if self.dialog.is_none() && self.work.prompt.is_none() && self.work.palette.is_none() {
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
        self.work_tick(ctx);
        self.poll_export(ctx);
        // Only when it changed: every viewport command asks for another frame.
        let title = self.title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
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
                // Status lines quote Arabic span texts: drawn through the bidi label.
                super::pane::bidi_label(ui, &self.status, 13.0);
            });
        });
        egui::Panel::left("documents")
            .resizable(true)
            .size_range(180.0..=480.0)
            .default_size(280.0)
            .show(ui, |ui| {
                actions.extend(documents::documents_ui(
                    ui,
                    &self.session.project,
                    self.selected.as_ref(),
                    &mut self.work.doc_filter,
                    &mut self.work.doc_note,
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
        let counts = self.label_counts();
        // Bounded, so that showing a long span never narrows (and reflows) the article.
        egui::Panel::right("annotate")
            .resizable(true)
            .default_size(300.0)
            .size_range(220.0..=520.0)
            .show(ui, |ui| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                actions.extend(labels_panel::labels_ui(
                    ui,
                    &self.session.project.schema,
                    &counts,
                    self.work.armed.as_ref(),
                ));
                ui.separator();
                if let Some(doc) = self
                    .selected
                    .as_ref()
                    .and_then(|id| self.session.project.document(id))
                {
                    actions.extend(spans_panel::spans_ui(
                        ui,
                        doc,
                        &self.session.project.schema,
                        &mut self.work.span_filter,
                        self.work.selected_span,
                        &mut self.work.span_note,
                    ));
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            actions.extend(search_bar::search_ui(ui, &mut self.work.search));
            ui.separator();
            self.article_ui(ui);
        });
        if let Some(review) = &self.work.review {
            actions.extend(annotate_all::review_ui(&ctx, review, &self.session.project));
        }
        if let Some(draft) = &mut self.work.schema_editor {
            actions.extend(schema_editor::schema_editor_ui(
                &ctx,
                draft,
                &self.session.project,
            ));
        }
        if let Some(query) = &mut self.work.palette {
            actions.extend(palette::palette_ui(&ctx, query));
        }
        if let Some(prompt) = &self.work.prompt {
            actions.extend(safety::safety_ui(&ctx, prompt));
        }
        if let Some(draft) = &mut self.settings_draft {
            let (more, close) =
                super::settings_window::settings_ui(&ctx, draft, &self.session.project);
            actions.extend(more);
            if close {
                self.settings_draft = None;
            }
        }
        if let Some(form) = &mut self.export_form {
            let (more, close) = super::export_dialog::export_form_ui(&ctx, form);
            actions.extend(more);
            if close {
                self.export_form = None;
            }
        }
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
