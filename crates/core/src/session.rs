//! An open project: the project, its file, its undo history and whether it is saved.
//!
//! Shared by the GUI and any front end that edits interactively; knows nothing of egui. The
//! project and its history are reached read-only from outside; every change goes through
//! [`Session::apply`], [`Session::undo`] and [`Session::redo`], which refuse to change a
//! read-only session (one whose project has problems) themselves.

use crate::format::lock::{Lock, LockError, holder_of};
use crate::format::{LoadError, SaveError, load_project, save_project};
use crate::model::{Annotator, Edit, EditError, History, Problem, Project, Timestamp};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why [`Session::open_for_editing`] opened nothing.
#[derive(Debug, Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Someone else has the file open for editing ([`LockError::Held`]), or the lock file
    /// could not be written: offer [`Session::open_read_only`] or [`Session::open_taking_over`].
    #[error(transparent)]
    Lock(#[from] LockError),
}

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
    /// The lock on `path` while this session has it open for editing.
    lock: Option<Lock>,
    /// Why the session was opened read-only, when it was (the file is open elsewhere).
    read_only: Option<String>,
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
            lock: None,
            read_only: None,
        }
    }

    pub fn new_empty(name: &str, annotator: &str) -> Self {
        Self::new(Project::new(name, Annotator::new(annotator)))
    }

    /// Open a project file without locking it (see [`Session::open_for_editing`]).
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let loaded = load_project(path)?;
        let history = History::new();
        Ok(Self {
            project: loaded.project,
            path: Some(path.to_owned()),
            saved_state: history.state(),
            history,
            problems: loaded.problems,
            lock: None,
            read_only: None,
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

    /// Open a project file for editing: lock it ([`Lock::acquire`], which clears a lock left
    /// by a crashed Hamish on this machine), then load it. When another session holds the
    /// lock this is `Err(OpenError::Lock(LockError::Held { holder, liveness, .. }))`: ask
    /// whether to open read-only ([`Session::open_read_only`]) or take over
    /// ([`Session::open_taking_over`]). The lock is released when the session is dropped.
    pub fn open_for_editing(path: &Path) -> Result<Self, OpenError> {
        let lock = Lock::acquire(path)?;
        let mut session = Self::open(path)?;
        session.lock = Some(lock);
        Ok(session)
    }

    /// Open for editing whoever holds the lock; the other session can no longer save over
    /// the file ([`SaveError::TakenOver`]).
    pub fn open_taking_over(path: &Path) -> Result<Self, OpenError> {
        let mut session = Self::open(path)?;
        session.lock = Some(Lock::take_over(path)?);
        Ok(session)
    }

    /// Open without a lock and without ever saving over the file (Save As still works).
    pub fn open_read_only(path: &Path) -> Result<Self, LoadError> {
        let mut session = Self::open(path)?;
        let reason = match holder_of(path) {
            Ok(Some((Some(holder), _))) => format!("open for editing {holder}"),
            _ => "opened read-only".to_owned(),
        };
        session.read_only = Some(reason);
        Ok(session)
    }

    /// The lock this session holds on its file, if it was opened for editing.
    pub fn lock(&self) -> Option<&Lock> {
        self.lock.as_ref()
    }

    /// Why the session was opened read-only, if it was.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// True when this session locked its file and someone has taken it over since (reads the
    /// lock file: call it before saving, not every frame).
    pub fn lock_lost(&self) -> bool {
        self.lock.as_ref().is_some_and(|l| !l.is_ours())
    }

    /// Read-only sessions refuse edits, undo, redo and saves over their own file.
    pub fn is_read_only(&self) -> bool {
        !self.problems.is_empty() || self.read_only.is_some()
    }

    /// A session read-only because its file has problems refuses edits; one read-only because
    /// the file is open for editing elsewhere may be edited and saved under another name, but
    /// never saves over that file.
    fn refuse_if_read_only(&self) -> Result<(), EditError> {
        if !self.problems.is_empty() {
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
        if let Some(reason) = &self.read_only {
            return Err(SaveError::ReadOnly {
                path,
                reason: reason.clone(),
            });
        }
        if !self.problems.is_empty() {
            return Err(SaveError::Invalid {
                path,
                problems: self.problems.clone(),
            });
        }
        if let Some(lock) = &self.lock
            && !lock.is_ours()
        {
            let holder = holder_of(&path)
                .ok()
                .flatten()
                .and_then(|(h, _)| h)
                .map_or_else(|| "the lock file is gone".to_owned(), |h| h.to_string());
            return Err(SaveError::TakenOver { path, holder });
        }
        save_project(&path, &self.project)?;
        self.saved_state = self.history.state();
        if let Some(lock) = &mut self.lock {
            let _ = lock.refresh();
        }
        Ok(true)
    }

    /// Save to a new file, which becomes the session's file. A session that was opened
    /// for editing or read-only locks the new file first (and releases the old lock).
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        let locking = self.lock.is_some() || self.read_only.is_some();
        let same = self.path.as_deref() == Some(path) && self.lock.is_some();
        let new_lock = if locking && !same {
            match Lock::acquire(path) {
                Ok(lock) => Some(lock),
                Err(LockError::Held { holder, .. }) => {
                    return Err(SaveError::Locked {
                        path: path.to_owned(),
                        holder: holder.map_or_else(
                            || "an unreadable lock file".to_owned(),
                            |h| h.to_string(),
                        ),
                    });
                }
                Err(LockError::Io { source, .. }) => {
                    return Err(SaveError::Io {
                        path: path.to_owned(),
                        source,
                    });
                }
            }
        } else {
            None
        };
        save_project(path, &self.project)?;
        if new_lock.is_some() {
            self.lock = new_lock;
        }
        self.path = Some(path.to_owned());
        self.problems.clear();
        self.read_only = None;
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

    #[test]
    fn two_sessions_on_one_file_one_edits_the_other_reads_or_takes_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.hamish.ron");
        Session::new_empty("s", "A").save_as(&path).unwrap();
        let mut first = Session::open_for_editing(&path).unwrap();
        assert!(first.lock().is_some_and(Lock::is_ours));
        let held = Session::open_for_editing(&path).unwrap_err();
        assert!(
            matches!(held, OpenError::Lock(LockError::Held { .. })),
            "{held}"
        );
        // Read-only: no edits saved over the file, Save As elsewhere is fine.
        let mut reader = Session::open_read_only(&path).unwrap();
        assert!(reader.is_read_only());
        assert!(
            reader
                .read_only_reason()
                .unwrap()
                .contains("open for editing")
        );
        reader
            .apply(Edit::Rename {
                name: "reader".into(),
            })
            .unwrap();
        assert!(matches!(reader.save(), Err(SaveError::ReadOnly { .. })));
        let copy = dir.path().join("copy.hamish.ron");
        assert!(matches!(
            reader.save_as(&path),
            Err(SaveError::Locked { .. })
        ));
        reader.save_as(&copy).unwrap();
        assert!(!reader.is_read_only());
        assert!(reader.lock().is_some_and(Lock::is_ours));
        drop(reader);
        assert!(!crate::format::lock::lock_path(&copy).exists());

        // Taking over: the first session can no longer save over the file.
        let mut second = Session::open_taking_over(&path).unwrap();
        first
            .apply(Edit::Rename {
                name: "first".into(),
            })
            .unwrap();
        assert!(first.lock_lost());
        let err = first.save().unwrap_err();
        assert!(matches!(err, SaveError::TakenOver { .. }), "{err}");
        assert!(err.to_string().contains("taken over"), "{err}");
        assert!(first.is_modified());
        second
            .apply(Edit::Rename {
                name: "second".into(),
            })
            .unwrap();
        assert!(second.save().unwrap());
        drop(first);
        assert!(second.lock().is_some_and(Lock::is_ours));
        drop(second);
        assert!(!crate::format::lock::lock_path(&path).exists());
        assert_eq!(load_project(&path).unwrap().project.name, "second");
        Session::open_for_editing(&path).unwrap();
    }
}
