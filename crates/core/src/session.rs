//! An open project: the project, its file, its undo history and whether it is saved.
//!
//! Shared by the GUI and any front end that edits interactively; knows nothing of egui.

use crate::format::{LoadError, SaveError, load_project, save_project};
use crate::model::{Annotator, Edit, EditError, History, Problem, Project, Timestamp};
use std::path::{Path, PathBuf};

/// A project being worked on.
#[derive(Debug)]
pub struct Session {
    pub project: Project,
    /// Where the project is saved; `None` for a new, never saved project.
    pub path: Option<PathBuf>,
    pub history: History,
    saved_state: u64,
    /// Problems found when the file was loaded. While there are any, the session is read-only
    /// so the damaged file is never overwritten.
    pub problems: Vec<Problem>,
}

impl Session {
    pub fn new(project: Project) -> Self {
        Self {
            project,
            path: None,
            history: History::new(),
            saved_state: u64::MAX,
            problems: Vec::new(),
        }
    }

    pub fn new_empty(name: &str, annotator: &str) -> Self {
        Self::new(Project::new(name, Annotator::new(annotator)))
    }

    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let loaded = load_project(path)?;
        let history = History::new();
        Ok(Self {
            project: loaded.project,
            path: Some(path.to_owned()),
            saved_state: history.state(),
            history,
            problems: loaded.problems,
        })
    }

    /// Read-only sessions refuse edits and saves over their own file.
    pub fn is_read_only(&self) -> bool {
        !self.problems.is_empty()
    }

    pub fn is_modified(&self) -> bool {
        self.history.state() != self.saved_state
    }

    /// Apply one edit as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history
            .apply(&mut self.project, edit, &Timestamp::now())
    }

    pub fn undo(&mut self) -> Result<bool, EditError> {
        self.history.undo(&mut self.project, &Timestamp::now())
    }

    pub fn redo(&mut self) -> Result<bool, EditError> {
        self.history.redo(&mut self.project, &Timestamp::now())
    }

    /// Save to the session's file. Returns `Ok(false)` when the session has no file yet.
    pub fn save(&mut self) -> Result<bool, SaveError> {
        let Some(path) = self.path.clone() else {
            return Ok(false);
        };
        if self.is_read_only() {
            return Err(SaveError::Invalid {
                path,
                problems: self.problems.clone(),
            });
        }
        save_project(&path, &self.project)?;
        self.saved_state = self.history.state();
        Ok(true)
    }

    /// Save to a new file, which becomes the session's file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        save_project(path, &self.project)?;
        self.path = Some(path.to_owned());
        self.problems.clear();
        self.saved_state = self.history.state();
        Ok(())
    }

    /// A short name for title bars: the file name, or the project name when unsaved.
    pub fn display_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.project.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    #[test]
    fn modified_follows_undo_to_the_saved_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.hamish.ron");
        let mut s = Session::new_empty("s", "A");
        assert!(s.is_modified(), "a new project is unsaved");
        assert!(!s.save().unwrap());
        s.save_as(&path).unwrap();
        assert!(!s.is_modified());
        s.apply(Edit::AddDocuments {
            docs: vec![Document::new("t", "", "نص")],
        })
        .unwrap();
        assert!(s.is_modified());
        s.undo().unwrap();
        assert!(!s.is_modified());
        s.redo().unwrap();
        assert!(s.save().unwrap());
        let reopened = Session::open(&path).unwrap();
        assert_eq!(reopened.project, s.project);
        assert!(!reopened.is_modified());
    }
}
