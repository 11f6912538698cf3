//! An open project: the project, its file, its undo history and whether it is saved.
//!
//! Shared by the GUI and any front end that edits interactively; knows nothing of egui. The
//! project and its history are reached read-only from outside; every change goes through
//! [`Session::apply`], [`Session::undo`] and [`Session::redo`], which refuse to change a
//! read-only session (one whose project has problems) themselves.

use crate::format::{LoadError, SaveError, load_project, save_project};
use crate::model::{Annotator, Edit, EditError, History, Problem, Project, Timestamp};
use std::path::{Path, PathBuf};

/// A project being worked on.
#[derive(Debug)]
pub struct Session {
    project: Project,
    /// Where the project is saved; `None` for a new, never saved project.
    pub path: Option<PathBuf>,
    history: History,
    saved_state: u64,
    /// Problems found when the file was loaded (or the project was given). While there are
    /// any, the session is read-only so the damaged file is never overwritten.
    problems: Vec<Problem>,
}

impl Session {
    /// A session on `project`, not yet saved anywhere. A project with problems (say, one read
    /// from a damaged file) makes the session read-only, as [`Session::open`] does.
    pub fn new(project: Project) -> Self {
        let problems = project.validate();
        Self {
            project,
            path: None,
            history: History::new(),
            saved_state: u64::MAX,
            problems,
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

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The problems that make the session read-only (empty for a session that can be edited).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Read-only sessions refuse edits, undo, redo and saves over their own file.
    pub fn is_read_only(&self) -> bool {
        !self.problems.is_empty()
    }

    fn refuse_if_read_only(&self) -> Result<(), EditError> {
        if self.is_read_only() {
            return Err(EditError::ReadOnly {
                problems: self.problems.len(),
            });
        }
        Ok(())
    }

    pub fn is_modified(&self) -> bool {
        self.history.state() != self.saved_state
    }

    /// Apply one edit as one undo step; refused with [`EditError::ReadOnly`] while the
    /// session is read-only.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.refuse_if_read_only()?;
        self.history
            .apply(&mut self.project, edit, &Timestamp::now())
    }

    /// Undo the last step (`false` when there is none); refused while read-only.
    pub fn undo(&mut self) -> Result<bool, EditError> {
        self.refuse_if_read_only()?;
        self.history.undo(&mut self.project, &Timestamp::now())
    }

    /// Redo the last undone step (`false` when there is none); refused while read-only.
    pub fn redo(&mut self) -> Result<bool, EditError> {
        self.refuse_if_read_only()?;
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
    use crate::model::{CharRange, Document, LabelId};

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

    #[test]
    fn a_read_only_session_refuses_edits_undo_and_redo_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.hamish.ron");
        let mut s = Session::new_empty("r", "A");
        s.apply(Edit::AddDocuments {
            docs: vec![Document::new("t", "", "هجوم قرب غاو")],
        })
        .unwrap();
        let doc = s.project().documents()[0].id().clone();
        let now = Timestamp::now();
        let span = s
            .project()
            .new_span(&doc, CharRange::new(9, 12), LabelId::new("PLACE"), &now)
            .unwrap();
        s.apply(Edit::AddSpan { doc, span }).unwrap();
        s.save_as(&path).unwrap();
        // Damage the file by hand: the covered text no longer matches.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("text: \"غاو\"", "text: \"غزة\"", 1)).unwrap();

        let mut s = Session::open(&path).unwrap();
        assert!(s.is_read_only());
        let before = s.project().clone();
        let err = s
            .apply(Edit::Rename {
                name: "other".into(),
            })
            .unwrap_err();
        assert_eq!(err, EditError::ReadOnly { problems: 1 });
        assert!(err.to_string().contains("read-only"), "{err}");
        assert_eq!(s.undo(), Err(EditError::ReadOnly { problems: 1 }));
        assert_eq!(s.redo(), Err(EditError::ReadOnly { problems: 1 }));
        assert_eq!(s.project(), &before);
        assert!(!s.history().can_undo());
        assert!(!s.is_modified());
        assert!(s.save().is_err(), "a damaged file is never overwritten");

        // A damaged project handed to a new session makes it read-only too.
        let mut s = Session::new(before);
        assert_eq!(s.problems().len(), 1);
        assert!(s.apply(Edit::Rename { name: "x".into() }).is_err());
        assert_eq!(s.project().name, "r");
    }
}
