//! What the views and the keyboard ask the app to do: one enum for everything.
//!
//! Views draw from state and return `Action`s; commands ([`super::commands::CommandId`]) map to
//! them; `HamishApp::apply` performs each one after drawing, in one exhaustive `match`, so a
//! new action that nobody handles does not compile. An action is a value: whatever it depends
//! on (which label, whether the selection is exact, which file) is decided when it is made, not
//! read from the keyboard or the screen when it is applied.

use super::commands::CommandId;
use super::dock::DockTab;
use super::export_dialog::ExportRequest;
use super::pane::Zoom;
use super::prefs::ReadingPrefs;
use crate::annotate::Scope;
use crate::model::{CharRange, DocId, DocStatus, Edit, LabelId, SpanId};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // ── Files (each one that would replace the open project asks about unsaved changes) ──
    NewProject,
    /// Ask for a project file to open (native dialog, or a typed path).
    OpenDialog,
    Open(PathBuf),
    Save,
    SaveAsDialog,
    SaveAs(PathBuf),
    ImportDialog,
    Import(Vec<PathBuf>),
    /// Open File ▸ Export.
    ExportDialog,
    /// Run an export in the background.
    Export(ExportRequest),
    /// Stop the running background job (import, export, annotate all); the project stays as
    /// it was.
    CancelJob,
    /// Close the window, asking first when there are unsaved changes.
    Quit,
    /// The answer to "save the changes first?".
    Unsaved(UnsavedAnswer),
    /// The answer to "this project is open elsewhere": open it read-only, or take it over
    /// (the other session can then no longer save over the file).
    OpenLocked {
        path: PathBuf,
        take_over: bool,
    },

    // ── History ──
    Edit(Box<Edit>),
    Undo,
    Redo,

    // ── View ──
    ToggleTheme,
    /// Show or hide the review tab of the dock (View ▸ Review).
    ToggleReview,
    /// Show the documents panel, or collapse it.
    ToggleDocumentsPanel,
    /// Show the side panel (labels and the dock), or collapse it.
    ToggleSidePanel,
    /// Open and show a tab of the dock; shown already: close it.
    ToggleTab(DockTab),
    /// Open and show a tab of the dock.
    ShowTab(DockTab),
    CloseTab(DockTab),
    /// Open the guidelines, at this label's section when it has one.
    OpenGuidelines(Option<LabelId>),
    /// Show only the documents behind a dashboard bar (`None`: all of them again).
    FilterDocuments(Option<crate::stats::DocFilter>),
    /// The article's font size and line height (View ▸ Reading comfort).
    SetReading(ReadingPrefs),
    /// Run a command chosen in the palette, and remember it as recent.
    RunCommand(CommandId),
    Zoom(Zoom),
    OpenPalette,
    ClosePalette,
    FocusSearch,
    /// Open Annotate ▸ Project settings.
    ProjectSettings,

    // ── Moving around ──
    SelectDocument(DocId),
    /// The next (`true`) or previous document of the list.
    StepDocument(bool),
    /// Mark the open document done and open the next one that is not done.
    DoneNext,
    /// The next (`true`) or previous span of the document.
    StepSpan(bool),
    /// The next (`true`) or previous search hit.
    StepSearchHit(bool),

    // ── Annotating ──
    /// A label's button or hotkey: label the selection, relabel the selected span, or arm.
    /// `exact`: use the selection as it is (Alt held, or exact mode), without snapping.
    ApplyLabel {
        label: LabelId,
        exact: bool,
    },
    Arm(Option<LabelId>),
    SelectSpan(Option<SpanId>),
    /// Open a document with one of its spans selected and scrolled into view.
    GoToSpan(DocId, SpanId),
    /// Something the event frame tab asks for.
    Frame(super::event_frame::FrameAction),
    /// Making or removing a relation between two spans.
    Relate(super::relations::RelateAction),
    /// Linking the selected span to an entity.
    Entity(super::entity_field::EntityAction),
    /// Something the entities tab asks for (a merge).
    Entities(super::entities_panel::EntitiesAction),
    SetSelection(Option<CharRange>),
    Relabel(SpanId, LabelId),
    DeleteSpan(SpanId),
    /// Delete the selected span (the Delete key).
    DeleteSelectedSpan,
    /// Move the selected span's start and end by these many characters.
    NudgeSelectedSpan {
        start: isize,
        end: isize,
    },
    SetSpanNote(SpanId, String),
    SetDocStatus(DocStatus),
    SetDocNote(String),
    /// Clear the selection, the selected span and the armed label (Escape).
    Disarm,
    ToggleExactSelection,
    /// Find the selected span's surface in `scope`: `None` is the document on screen.
    AnnotateAll(Option<Scope>),
    /// The analyst's decision on annotate-all candidate `i`.
    MarkCandidate(usize, CandidateMark),
    /// Whether the ambiguous annotate-all candidates may be accepted (off by default).
    IncludeAmbiguous(bool),
    AcceptAllCandidates,
    ApplyCandidates,
    CloseCandidates,
    OpenSchemaEditor,
    CloseSchemaEditor,
    ApplySchema(Box<Edit>),

    // ── Questions about the file on disk ──
    RestoreRecovery,
    DiscardRecovery,
    ReloadFromDisk,
    KeepMine,

    // ── Review panel ──
    ReviewAddFile(PathBuf),
    /// Open the review tab and compare with these colleagues' files (`--compare`).
    ReviewCompareWith(Vec<PathBuf>),
    /// Pick a colleague's file with the system dialog.
    ReviewBrowse,
    ReviewRemoveFile(usize),
    /// Show what the open (gold) project changed for colleague `i`.
    ReviewShowDiff(usize),
    ReviewCloseDiff,
    ReviewRefresh,
    /// The next (`true`) or previous disagreement (F8, Shift+F8).
    ReviewStep(bool),
    ReviewNextUndecided,
    ReviewAcceptAgreed,
    ReviewTake(usize),
    ReviewTakeChecked,
    ReviewRejectAll,
    ReviewApplyEdit,
    ReviewSaveGold(PathBuf),
    /// The event part of the review panel: step, take, compose, reject.
    ReviewFrame(super::review::FrameReviewAction),
}

/// The answer to the unsaved-changes question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save, then go on; a save that fails or is cancelled keeps the project open.
    Save,
    /// Go on without saving.
    DontSave,
    /// Stay with the open project (also Escape).
    Cancel,
}

/// The analyst's decision on one annotate-all candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateMark {
    Pending,
    Accepted,
    Skipped,
}
