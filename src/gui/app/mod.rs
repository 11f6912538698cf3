//! The application: owns the session, the selection and the preferences, and applies every
//! action in one place ([`HamishApp::apply`]). Its other concerns have files of their own:
//! [`files`] replaces, opens, saves and imports projects (and asks about unsaved work first);
//! [`frame`] is eframe's per-frame side: the keyboard, the panels, the article pane and the
//! background export.

mod background;
mod entities;
mod events;
mod files;
mod frame;
mod relations;

pub use files::Replacement;

use super::Action;
use super::dialogs::{Dialog, PathPurpose};
use super::dock::DockTab;
use super::pane::{PaneState, Selection};
use super::prefs::Prefs;
use super::review::FrameReviewAction;
use super::work::{SafetyPrompt, WorkState};
use crate::model::{DocId, Edit};
use crate::session::Session;
use std::path::PathBuf;

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
    /// File ▸ Export: the open form.
    pub export_form: Option<super::export_dialog::ExportForm>,
    /// The long work running in the background (import, export, annotate all), if any.
    job: Option<super::jobs::Job>,
    /// The review tab's state (whether it is open is `prefs.layout.dock`).
    pub review: super::review::ReviewState,
    /// The guidelines as read, and the section to scroll to.
    pub guidelines: super::guidelines_panel::GuidelinesState,
    /// The event frame tab: the trigger it shows, the slot being filled, fields typed.
    pub frame: super::event_frame::FrameState,
    /// The events tab's filters and rows.
    pub events_list: super::events_panel::EventsListState,
    /// The entities tab's filters and the entity chosen.
    pub entities: super::entities_panel::EntitiesState,
    /// The dashboard's numbers, kept per project state.
    pub dashboard: super::dashboard::DashboardCache,
    /// The documents a dashboard bar selected (`None`: all).
    pub doc_filter: Option<crate::stats::DocFilter>,
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
            job: None,
            review: Default::default(),
            guidelines: Default::default(),
            frame: Default::default(),
            events_list: Default::default(),
            entities: Default::default(),
            dashboard: Default::default(),
            doc_filter: None,
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
        self.doc_filter = None;
        self.guidelines = Default::default();
        self.frame = Default::default();
        self.events_list = Default::default();
        self.entities = Default::default();
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
                self.export_form.get_or_insert_with(Default::default);
            }
            Action::Export(request) => self.export(request),
            Action::CancelJob => match &self.job {
                Some(job) => {
                    job.cancel();
                    self.status = format!("Cancelling {}…", job.title);
                }
                None => self.status = "Nothing is running.".into(),
            },
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
            Action::ToggleReview => self.toggle_tab(DockTab::Review),
            Action::ToggleDocumentsPanel => {
                self.prefs.layout.documents_open = !self.prefs.layout.documents_open;
            }
            Action::ToggleSidePanel => self.prefs.layout.side_open = !self.prefs.layout.side_open,
            Action::ToggleTab(tab) => self.toggle_tab(tab),
            Action::ShowTab(tab) => self.show_tab(tab),
            Action::CloseTab(tab) => self.prefs.layout.dock.close(tab),
            Action::OpenGuidelines(label) => self.open_guidelines(label.as_ref()),
            Action::FilterDocuments(filter) => {
                if let Some(f) = &filter {
                    let n = self
                        .session
                        .project()
                        .documents()
                        .iter()
                        .filter(|d| f.matches(d))
                        .count();
                    self.status = format!("{n} documents: {}", f.describe());
                }
                self.doc_filter = filter;
            }
            Action::SetReading(reading) => self.prefs.reading = reading,
            Action::RunCommand(command) => {
                self.prefs.remember_command(command.name());
                self.apply(ctx, command.action());
            }
            Action::DoneNext => self.done_next(),
            Action::Zoom(step) => self.pane.zoom_step(step),
            Action::OpenPalette => {
                self.work.palette = Some(String::new());
                self.work.palette_cursor = 0;
                self.work.palette_cache = Default::default();
            }
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
            Action::SelectSpan(id) => {
                // Relating, a span chosen is the relation's other end; with a role's slot
                // active, it fills the slot; otherwise it is selected.
                let taken = id.is_some_and(|span| {
                    self.relate_pick_tail(span) || self.frame_fill_by_click(span)
                });
                if !taken {
                    self.selection.select_span(id);
                }
            }
            Action::Frame(action) => self.frame_action(action),
            Action::Relate(action) => self.relate_action(action),
            Action::Entity(action) => self.entity_action(action),
            Action::Entities(action) => self.entities_action(action),
            Action::GoToSpan(doc, span) => self.go_to_span(doc, span),
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
                self.work.relating = None;
                self.frame.slot = None;
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
            Action::ReviewAddFile(path) => self.compare(self.review.colleagues.clone(), vec![path]),
            Action::ReviewCompareWith(paths) => {
                self.show_tab(DockTab::Review);
                self.compare(self.review.colleagues.clone(), paths);
            }
            Action::ReviewBrowse => {
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("Hamish project", &["ron"])
                    .pick_file()
                {
                    self.compare(self.review.colleagues.clone(), vec![path]);
                }
            }
            Action::ReviewRemoveFile(i) => {
                if let Some(rest) = self.review.without(i) {
                    self.compare(rest, Vec::new());
                }
            }
            Action::ReviewShowDiff(i) => self.review.show_diff(i, self.session.project()),
            Action::ReviewCloseDiff => self.review.diff = None,
            Action::ReviewRefresh => self.compare(self.review.colleagues.clone(), Vec::new()),
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
            Action::ReviewFrame(a) => {
                let step = matches!(
                    a,
                    FrameReviewAction::Step(_) | FrameReviewAction::NextUndecided
                );
                let step_relation = matches!(a, FrameReviewAction::StepRelation(_));
                let me = self.session.project().annotator.name.clone();
                self.review.frame_action(a, &me);
                if step {
                    self.show_place(self.review.current_event_place());
                }
                if step_relation {
                    self.show_place(self.review.current_relation_place());
                }
            }
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

    /// Whether the review tab is open (its marks then show in the article).
    pub fn show_review(&self) -> bool {
        self.prefs.layout.dock.is_open(DockTab::Review)
    }

    /// Open and show a dock tab (and the side panel it is in).
    fn show_tab(&mut self, tab: DockTab) {
        self.prefs.layout.side_open = true;
        self.prefs.layout.dock.show(tab);
        if tab == DockTab::Guidelines && self.guidelines.loaded.is_none() {
            self.load_guidelines();
        }
    }

    fn toggle_tab(&mut self, tab: DockTab) {
        if self.prefs.layout.dock.shows(tab) && self.prefs.layout.side_open {
            self.prefs.layout.dock.close(tab);
        } else {
            self.show_tab(tab);
        }
    }

    /// Where the open project's guidelines are (see [`crate::guidelines::guidelines_path`]).
    pub fn guidelines_path(&self) -> Option<PathBuf> {
        crate::guidelines::guidelines_path(self.session.project(), self.session.path.as_deref())
    }

    fn load_guidelines(&mut self) {
        let path = self.guidelines_path();
        self.guidelines.load(path);
    }

    /// Show the guidelines, read again from disk, at `label`'s section if it has one.
    fn open_guidelines(&mut self, label: Option<&crate::model::LabelId>) {
        self.prefs.layout.side_open = true;
        self.prefs.layout.dock.show(DockTab::Guidelines);
        self.load_guidelines();
        if let Some(label) = label
            && !self
                .guidelines
                .go_to_label(self.session.project().schema(), label)
        {
            self.status = format!("The guidelines have no section for {label}.");
        }
    }

    /// "Done, next": mark the open document done, then open the next document (in list
    /// order, wrapping round) that is not done.
    fn done_next(&mut self) {
        let Some(current) = self.selected.clone() else {
            return;
        };
        if self
            .session
            .project()
            .document(&current)
            .is_some_and(|d| d.status != crate::model::DocStatus::Done)
        {
            self.edit(Edit::SetStatus {
                doc: current.clone(),
                status: crate::model::DocStatus::Done,
            });
        }
        let docs = self.session.project().documents();
        let at = docs.iter().position(|d| d.id() == &current).unwrap_or(0);
        let next = (1..docs.len())
            .map(|k| &docs[(at + k) % docs.len()])
            .find(|d| d.status != crate::model::DocStatus::Done)
            .map(|d| d.id().clone());
        match next {
            Some(id) => {
                self.select_document(id);
                self.status = "Marked done; opened the next document not done.".into();
            }
            None => self.status = "Marked done. Every document is done.".into(),
        }
    }

    /// Show the document of the review panel's current disagreement.
    /// Open the document of the current event (or relation) disagreement at the open
    /// project's trigger (or head).
    fn show_place(&mut self, place: Option<(DocId, Option<crate::model::SpanId>)>) {
        match place {
            Some((doc, Some(span))) => self.go_to_span(doc, span),
            Some((doc, None)) => self.select_document(doc),
            None => {}
        }
    }

    fn show_current_disagreement(&mut self) {
        if let Some(id) = self.review.current_doc() {
            self.select_document(id);
        }
    }

    /// Review marks for the selected document, for the article pane (empty unless reviewing).
    pub fn review_decorations(&self) -> Vec<super::decoration::Decoration> {
        match (&self.review.adjudication, &self.selected) {
            (Some(adj), Some(doc)) if self.prefs.layout.dock.is_open(DockTab::Review) => {
                super::review::review_decorations(adj, doc)
            }
            _ => Vec::new(),
        }
    }
}
