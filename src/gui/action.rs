//! What views ask the app to do. Views push actions while drawing; the app applies them after.

use super::work::WorkAction;
use crate::model::{DocId, Edit};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    NewProject,
    /// Ask for a project file to open (native dialog, or a typed path).
    OpenDialog,
    Open(PathBuf),
    Save,
    SaveAsDialog,
    SaveAs(PathBuf),
    ImportDialog,
    /// Open Annotate ▸ Project settings.
    ProjectSettings,
    /// Open File ▸ Export.
    ExportDialog,
    /// Run an export in the background.
    Export(super::export_dialog::ExportRequest),
    Import(Vec<PathBuf>),
    SelectDocument(DocId),
    Edit(Box<Edit>),
    Undo,
    Redo,
    ToggleTheme,
    /// Show or hide the review panel (View ▸ Review).
    ToggleReview,
    /// Close the window, asking first when there are unsaved changes.
    Quit,
    /// Close without saving (answer to the unsaved-changes question).
    DiscardAndQuit,
    /// Save, then close.
    SaveAndQuit,
    /// Annotation work: labels, spans, search, annotate-all, schema, autosave questions.
    Work(WorkAction),
}
