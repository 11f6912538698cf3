//! The application: owns the session and preferences, draws the panels, and applies the
//! actions the views return, in one place.

use super::action::UnsavedAnswer;
use super::dialogs::{Dialog, PathPurpose, dialog_ui, native_dialog};
use super::pane::{PaneState, Selection, article_pane_ui};
use super::prefs::Prefs;
use super::work::{SafetyPrompt, WorkState};
use super::{
    Action, annotate_all, commands, documents, labels_panel, menu, palette, safety, schema_editor,
    search_bar, spans_panel,
};
use crate::autosave::Recovered;
use crate::format::import_text::import_texts;
use crate::format::lock::LockError;
use crate::model::{DocId, Edit};
use crate::session::{OpenError, Session};
use std::path::{Path, PathBuf};

/// What replaces the open project once its unsaved changes are dealt with.
#[derive(Debug)]
pub enum Replacement {
    /// A new, empty project.
    New,
    Open(PathBuf),
    /// The recovered work on offer (of that project file, or untitled).
    Recovery {
        found: Box<Recovered>,
        of: Option<PathBuf>,
    },
    /// Close the window.
    Quit,
}

impl Replacement {
    /// What the unsaved-changes question says will happen.
    pub fn question(&self) -> &'static str {
        match self {
            Replacement::New => "Save them before starting a new project?",
            Replacement::Open(_) => "Save them before opening another project?",
            Replacement::Recovery { .. } => "Save them before restoring the recovered work?",
            Replacement::Quit => "Save them before closing Hamish?",
        }
    }
}

/// File name of the untitled project's autosave, in the data folder.
pub const UNTITLED_FILE_NAME: &str = "untitled.hamish.ron";

pub struct HamishApp {
    pub session: Session,
    pub selected: Option<DocId>,
    pub prefs: Prefs,
    pub dialog: Option<Dialog>,
    /// The caret, selected characters and selected span in the article: the only copy. The
    /// pane borrows it while drawing; panels read it; actions change it.
    pub selection: Selection,
    /// Annotation state: armed label, search, annotate-all, autosave…
    pub work: WorkState,
    /// Scroll, zoom and layout caches of the article pane.
    pub pane: PaneState,
    /// The last thing that happened, shown in the status bar.
    pub status: String,
    pending: Vec<Action>,
    /// Set once the user agreed to close.
    close_allowed: bool,
    /// Ask the window to close at the end of this frame's logic.
    quit_requested: bool,
    /// What to do once the Save as… asked for by "Save" in the unsaved-changes question is done.
    after_save: Option<Replacement>,
    /// Where an untitled project's work is autosaved (a project path in the data folder,
    /// never written itself); `None` turns that off.
    untitled_path: Option<PathBuf>,
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
        // The dictionary of ordinary Arabic words that snapping and annotate-all consult:
        // loaded off the first frame, on its own thread (a selection made before it is ready
        // waits for it).
        std::thread::spawn(crate::annotate::dictionary);
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

    /// An app on an already open session (tests build it this way). Untitled work is not
    /// autosaved until [`Self::with_untitled_autosave`] says where.
    pub fn with_session(session: Session) -> Self {
        let selected = session
            .project()
            .documents()
            .first()
            .map(|d| d.id().clone());
        let work = WorkState::for_session(&session, None);
        Self {
            session,
            selected,
            prefs: Prefs::default(),
            dialog: None,
            selection: Selection::default(),
            work,
            pane: PaneState::default(),
            status: String::new(),
            pending: Vec::new(),
            close_allowed: false,
            quit_requested: false,
            after_save: None,
            untitled_path: None,
            title_sent: String::new(),
            settings_draft: None,
            export_form: None,
            export_job: None,
            show_review: false,
            review: Default::default(),
        }
    }

    /// Autosave untitled work as if its project file were `path` (its recovery file goes
    /// beside it), and offer what an earlier run left there.
    pub fn with_untitled_autosave(mut self, path: Option<PathBuf>) -> Self {
        self.untitled_path = path;
        if let Some(path) = &self.untitled_path {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if self.session.path.is_none() {
                self.work.autosave = Some(crate::autosave::Autosave::new(path));
            }
            self.work.offer_recovery(path, None);
        }
        self
    }

    /// Make `session` the open one: everything that belonged to the old one goes (the
    /// selection, the drafts, the pane's caches); preferences, the review panel's colleagues
    /// and the window stay.
    fn install_session(&mut self, session: Session) {
        let untitled = self.untitled_path.as_deref();
        let mut work = WorkState::for_session(&session, untitled);
        if session.path.is_none()
            && let Some(path) = untitled
        {
            // Untitled work left by an earlier run is offered, never overwritten unasked.
            work.offer_recovery(path, None);
        }
        self.selected = session
            .project()
            .documents()
            .first()
            .map(|d| d.id().clone());
        self.session = session;
        self.work = work;
        self.selection.clear();
        let zoom = self.pane.zoom;
        self.pane = PaneState::default();
        self.pane.zoom = zoom;
        self.settings_draft = None;
        self.export_form = None;
        self.after_save = None;
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

    /// Open `path` for editing. When another session (another window, another analyst on a
    /// shared folder) has it open, ask: open read-only, take over, or cancel.
    fn open(&mut self, path: &Path) {
        // Reopening our own file (reload from disk) takes over our own lock.
        let ours = self.session.path.as_deref() == Some(path) && self.session.lock().is_some();
        let opened = if ours {
            Session::open_taking_over(path)
        } else {
            Session::open_for_editing(path)
        };
        match opened {
            Ok(session) => self.opened(path, session),
            Err(OpenError::Lock(LockError::Held { holder, .. })) => {
                self.dialog = Some(Dialog::Locked {
                    path: path.to_owned(),
                    holder: holder.map_or_else(
                        || "someone (the lock file cannot be read)".to_owned(),
                        |h| h.to_string(),
                    ),
                });
            }
            Err(err) => self.error("Cannot open project", format!("{err:#}")),
        }
    }

    /// The answer to "open elsewhere": read-only, or take over.
    fn open_locked(&mut self, path: &Path, take_over: bool) {
        let opened = if take_over {
            Session::open_taking_over(path)
        } else {
            Session::open_read_only(path).map_err(OpenError::from)
        };
        match opened {
            Ok(session) => self.opened(path, session),
            Err(err) => self.error("Cannot open project", format!("{err:#}")),
        }
    }

    fn opened(&mut self, path: &Path, session: Session) {
        {
            {
                let problems = session.problems().len();
                let list: Vec<String> = session
                    .problems()
                    .iter()
                    .take(20)
                    .map(ToString::to_string)
                    .collect();
                self.install_session(session);
                self.prefs.remember(path);
                self.status = format!("Opened {}", path.display());
                if problems > 0 {
                    self.dialog = Some(Dialog::Message {
                        title: "This project has problems".into(),
                        body: format!(
                            "{} has {problems} problem(s). It is open read-only so the file is never overwritten; use Save as… to keep a corrected copy.\n\n{}",
                            path.display(),
                            list.join("\n")
                        ),
                    });
                }
                if let Some(why) = self.session.read_only_reason() {
                    self.status = format!("Opened {} read-only: {why}", path.display());
                }
            }
        }
    }

    /// Whether closing the project now would lose work: changes since the last save, except
    /// for a new untitled project nobody has touched.
    pub fn has_unsaved_work(&self) -> bool {
        let untouched = self.session.path.is_none()
            && !self.session.history().can_undo()
            && self.session.project().documents().is_empty();
        self.session.is_modified() && !untouched
    }

    /// Replace the open project (or quit), asking first when that would lose work.
    fn replace(&mut self, then: Replacement) {
        if self.has_unsaved_work() {
            self.dialog = Some(Dialog::UnsavedChanges(then));
        } else {
            self.perform(then);
        }
    }

    /// Replace the open project now: the analyst has answered, or nothing is unsaved.
    fn perform(&mut self, then: Replacement) {
        match then {
            Replacement::New => {
                let name = self.session.project().annotator.name.clone();
                self.install_session(Session::new_empty("untitled", &name));
                self.status = "New project".into();
            }
            Replacement::Open(path) => self.open(&path),
            Replacement::Recovery { found, of } => {
                let mut session = Session::new(found.project);
                session.path = of;
                let keep = self.selected.clone();
                self.install_session(session);
                // The recovery just restored is not offered again.
                self.work.prompt = None;
                if let Some(id) = keep
                    && self.session.project().document(&id).is_some()
                {
                    self.selected = Some(id);
                }
                self.status = "Recovered unsaved work; save to keep it.".into();
            }
            Replacement::Quit => {
                self.close_allowed = true;
                self.quit_requested = true;
            }
        }
    }

    /// The analyst's answer to the unsaved-changes question about `then`.
    fn answer_unsaved(&mut self, answer: UnsavedAnswer, then: Replacement) {
        match answer {
            UnsavedAnswer::Cancel => self.status = "Kept the open project.".into(),
            UnsavedAnswer::DontSave => {
                if let Some(auto) = &mut self.work.autosave {
                    auto.discard();
                }
                self.perform(then);
            }
            UnsavedAnswer::Save => {
                if self.session.path.is_none() {
                    // Untitled: ask where, then go on once that save succeeded.
                    self.after_save = Some(then);
                    self.ask_path(PathPurpose::SaveAs);
                } else if self.save() {
                    self.perform(then);
                }
            }
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
                // Cancelled: a "Save" answer waiting for this path is cancelled too.
                self.after_save = None;
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

    /// Apply one action: the one place where what the views and the keyboard asked for is
    /// done. Exhaustive on purpose: no catch-all arm, so a new action must be handled here.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::NewProject => self.replace(Replacement::New),
            Action::OpenDialog => self.ask_path(PathPurpose::Open),
            Action::Open(path) => self.replace(Replacement::Open(path)),
            Action::Save => {
                self.save();
            }
            Action::SaveAsDialog => self.ask_path(PathPurpose::SaveAs),
            Action::SaveAs(path) => self.save_as(&path),
            Action::ImportDialog => self.ask_path(PathPurpose::Import),
            Action::Import(paths) => self.import(&paths),
            Action::ExportDialog => {
                if self.export_job.is_some() {
                    self.status = "An export is still running.".into();
                } else {
                    self.export_form.get_or_insert_with(Default::default);
                }
            }
            Action::Export(request) => {
                match super::export_dialog::ExportJob::start(self.session.project(), request) {
                    Ok(job) => {
                        self.status = format!("Exporting as {}…", job.request.format);
                        self.export_job = Some(job);
                    }
                    Err(err) => self.error("Cannot export", format!("{err:#}")),
                }
            }
            Action::Quit => self.replace(Replacement::Quit),
            Action::Unsaved(answer) => {
                if let Some(Dialog::UnsavedChanges(then)) = self.dialog.take() {
                    self.answer_unsaved(answer, then);
                }
            }
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
            Action::Zoom(step) => self.pane.zoom_step(step),
            Action::OpenPalette => self.work.palette = Some(String::new()),
            Action::ClosePalette => self.work.palette = None,
            Action::FocusSearch => self.work.search.focus = true,
            Action::ProjectSettings => {
                self.settings_draft = Some(super::settings_window::SettingsDraft::of(
                    self.session.project(),
                ));
            }
            Action::SelectDocument(id) => self.select_document(id),
            Action::StepDocument(forward) => self.step_document(forward),
            Action::StepSpan(forward) => self.step_span(forward),
            Action::StepSearchHit(forward) => self.step_search_hit(forward),
            Action::ApplyLabel { label, exact } => self.apply_label(label, exact),
            Action::Arm(label) => self.work.armed = label,
            Action::SelectSpan(id) => self.selection.select_span(id),
            Action::SetSelection(range) => self.selection.set_range(range),
            Action::Relabel(span, label) => {
                if let Some(doc) = self.selected.clone() {
                    self.edit(Edit::Relabel { doc, span, label });
                }
            }
            Action::DeleteSpan(span) => self.delete_span(span),
            Action::DeleteSelectedSpan => self.delete_selected_span(),
            Action::NudgeSelectedSpan { start, end } => self.nudge_selected_span(start, end),
            Action::SetSpanNote(span, note) => {
                if let Some(doc) = self.selected.clone() {
                    let note = (!note.trim().is_empty()).then_some(note);
                    self.edit(Edit::SetSpanNote { doc, span, note });
                }
            }
            Action::SetDocStatus(status) => {
                if let Some(doc) = self.selected.clone() {
                    self.edit(Edit::SetStatus { doc, status });
                }
            }
            Action::SetDocNote(note) => {
                if let Some(doc) = self.selected.clone() {
                    self.edit(Edit::SetDocNote { doc, note });
                }
            }
            Action::Disarm => {
                self.work.armed = None;
                self.selection.clear();
            }
            Action::ToggleExactSelection => {
                self.work.exact = !self.work.exact;
                self.status = if self.work.exact {
                    "Exact selection: no snapping".into()
                } else {
                    "Selections snap to words".into()
                };
            }
            Action::AnnotateAll(scope) => self.annotate_all(scope),
            Action::MarkCandidate(i, mark) => self.mark_candidate(i, mark),
            Action::IncludeAmbiguous(include) => self.include_ambiguous(include),
            Action::AcceptAllCandidates => self.accept_all_candidates(),
            Action::ApplyCandidates => self.apply_candidates(),
            Action::CloseCandidates => self.work.review = None,
            Action::OpenSchemaEditor => self.open_schema_editor(),
            Action::CloseSchemaEditor => self.work.schema_editor = None,
            Action::ApplySchema(edit) => self.apply_schema(*edit),
            Action::RestoreRecovery => {
                if let Some(SafetyPrompt::Recovered { found, of }) = self.work.prompt.take() {
                    self.replace(Replacement::Recovery { found, of });
                }
            }
            Action::DiscardRecovery => self.discard_recovery(),
            Action::OpenLocked { path, take_over } => self.open_locked(&path, take_over),
            Action::ReloadFromDisk => {
                // The analyst chose to drop their changes for the file on disk: no question.
                self.work.prompt = None;
                if let Some(path) = self.session.path.clone() {
                    self.perform(Replacement::Open(path));
                }
            }
            Action::KeepMine => self.keep_mine(),
            Action::ReviewAddFile(path) => self.review.add_file(&path, self.session.project()),
            Action::ReviewBrowse => {
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("Hamish project", &["ron"])
                    .pick_file()
                {
                    self.review.add_file(&path, self.session.project());
                }
            }
            Action::ReviewRemoveFile(i) => self.review.remove_file(i, self.session.project()),
            Action::ReviewShowDiff(i) => self.review.show_diff(i, self.session.project()),
            Action::ReviewCloseDiff => self.review.diff = None,
            Action::ReviewRefresh => self.review.rebuild(self.session.project()),
            Action::ReviewStep(forward) => {
                if forward {
                    self.review.next();
                } else {
                    self.review.previous();
                }
                self.show_current_disagreement();
            }
            Action::ReviewNextUndecided => {
                self.review.next_undecided();
                self.show_current_disagreement();
            }
            Action::ReviewAcceptAgreed => {
                let me = self.session.project().annotator.name.clone();
                self.review.accept_all_agreed(&me);
            }
            Action::ReviewTake(i) => {
                let me = self.session.project().annotator.name.clone();
                self.review.take(i, &me);
            }
            Action::ReviewTakeChecked => {
                let me = self.session.project().annotator.name.clone();
                self.review.take_checked(&me);
            }
            Action::ReviewRejectAll => {
                let me = self.session.project().annotator.name.clone();
                self.review.reject_all(&me);
            }
            Action::ReviewApplyEdit => {
                let me = self.session.project().annotator.name.clone();
                self.review.apply_edit(&me);
            }
            Action::ReviewSaveGold(path) => self.review.save_gold(&path),
        }
        if let Some(selected) = &self.selected
            && self.session.project().document(selected).is_none()
        {
            self.selected = self
                .session
                .project()
                .documents()
                .first()
                .map(|d| d.id().clone());
            self.selection.clear();
        }
    }

    /// Show the document of the review panel's current disagreement.
    fn show_current_disagreement(&mut self) {
        if let Some(id) = self.review.current_doc() {
            self.select_document(id);
        }
    }

    fn save_as(&mut self, path: &Path) {
        match self.session.save_as(path) {
            Ok(()) => {
                if let Some(untitled) = &self.untitled_path {
                    crate::autosave::discard_recovery(untitled);
                }
                self.saved();
                self.prefs.remember(path);
                self.status = format!("Saved {}", path.display());
                if let Some(then) = self.after_save.take() {
                    self.perform(then);
                }
            }
            Err(err) => {
                self.after_save = None;
                self.error("Cannot save", format!("{err:#}"));
            }
        }
    }

    /// Import text files: the status says what the session actually took.
    fn import(&mut self, paths: &[PathBuf]) {
        let found = import_texts(self.session.project(), paths);
        let mut report: Vec<String> = found.notices.clone();
        report.extend(
            found
                .refused
                .iter()
                .map(|(p, why)| format!("refused {}: {why}", p.display())),
        );
        let offered = found.documents.len();
        let first = found.documents.first().map(|d| d.id().clone());
        let added = if offered > 0 {
            let done = self.edit_ok(Edit::AddDocuments {
                docs: found.documents,
            });
            if done {
                if let Some(first) = first {
                    self.select_document(first);
                }
                offered
            } else {
                report.insert(0, self.status.clone());
                0
            }
        } else {
            0
        };
        let summary = format!("Imported {added} document(s)");
        self.status = if added == 0 && offered > 0 {
            format!("Nothing imported: {}", self.status)
        } else {
            summary.clone()
        };
        if !report.is_empty() {
            self.dialog = Some(Dialog::Message {
                title: summary,
                body: report.join("\n"),
            });
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
            .project()
            .schema()
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
                // Alt with a hotkey labels the exact selection: decided now, with the key.
                let exact = i.modifiers.alt;
                for (key, label) in hotkeys {
                    if i.consume_key(egui::Modifiers::NONE, key) {
                        self.pending.push(Action::ApplyLabel { label, exact });
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

    /// The article pane, drawn with the app's selection borrowed: what the user does there
    /// changes [`Self::selection`] directly, and nothing is copied back and forth.
    fn article_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc_id) = self.selected.clone() else {
            ui.label("Select a document.");
            return;
        };
        self.pane.spans_revision = Some(self.session.history().state());
        let exact = ui.input(|i| i.modifiers.alt);
        let mut decorations = self.pane_decorations(exact);
        decorations.extend(self.review_decorations());
        let Some(doc) = self.session.project().document(&doc_id) else {
            return;
        };
        self.pane.base_direction = self.session.project().direction_of(doc);
        let out = article_pane_ui(
            ui,
            doc,
            self.session.project().schema(),
            &decorations,
            &mut self.pane,
            &mut self.selection,
        );
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
        if let Some(span) = out.span_hovered.and_then(|id| doc.span(id)) {
            self.status = format!("{}: {}", span.label, span.text());
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
            && !self.close_allowed
            && self.has_unsaved_work()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if !matches!(self.dialog, Some(Dialog::UnsavedChanges(_))) {
                self.dialog = Some(Dialog::UnsavedChanges(Replacement::Quit));
            }
        }
        if std::mem::take(&mut self.quit_requested) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
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
                self.session.history().can_undo(),
                self.session.history().can_redo(),
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
                    self.session.project(),
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
                        self.session.project(),
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
                    self.session.project().schema(),
                    &counts,
                    self.work.armed.as_ref(),
                ));
                ui.separator();
                if let Some(doc) = self
                    .selected
                    .as_ref()
                    .and_then(|id| self.session.project().document(id))
                {
                    actions.extend(spans_panel::spans_ui(
                        ui,
                        doc,
                        self.session.project().schema(),
                        &mut self.work.span_filter,
                        self.selection.span(),
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
            actions.extend(annotate_all::review_ui(
                &ctx,
                review,
                self.session.project(),
            ));
        }
        if let Some(draft) = &mut self.work.schema_editor {
            actions.extend(schema_editor::schema_editor_ui(
                &ctx,
                draft,
                self.session.project(),
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
                super::settings_window::settings_ui(&ctx, draft, self.session.project());
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
            if close {
                if more.is_empty() && matches!(dialog, Dialog::Path { .. }) {
                    // A typed path cancelled: so is a "Save" answer waiting for it.
                    self.after_save = None;
                }
                self.dialog = None;
            }
            actions.extend(more);
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
