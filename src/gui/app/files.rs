//! Replacing, opening, saving and importing projects. Everything that would replace the open
//! project is a [`Replacement`], performed at once only when nothing would be lost, and
//! otherwise after the unsaved-changes question; a file open for editing elsewhere is opened
//! only read-only or taken over, on the analyst's word.

use super::HamishApp;
use crate::autosave::Recovered;
use crate::format::import_text::{TextImport, import_texts_with};
use crate::format::lock::LockError;
use crate::gui::action::UnsavedAnswer;
use crate::gui::dialogs::{Dialog, PathPurpose, native_dialog};
use crate::gui::jobs::Outcome;
use crate::model::Edit;
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

impl HamishApp {
    /// Open `path` for editing. When another session (another window, another analyst on a
    /// shared folder) has it open, ask: open read-only, take over, or cancel.
    pub(super) fn open(&mut self, path: &Path) {
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
    pub(super) fn open_locked(&mut self, path: &Path, take_over: bool) {
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

    /// Make an opened session the open one, saying what the analyst should know about it.
    fn opened(&mut self, path: &Path, session: Session) {
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

    /// Whether closing the project now would lose work: changes since the last save, except
    /// for a new untitled project nobody has touched.
    pub fn has_unsaved_work(&self) -> bool {
        let untouched = self.session.path.is_none()
            && !self.session.history().can_undo()
            && self.session.project().documents().is_empty();
        self.session.is_modified() && !untouched
    }

    /// Replace the open project (or quit), asking first when that would lose work.
    pub(super) fn replace(&mut self, then: Replacement) {
        if self.has_unsaved_work() {
            self.dialog = Some(Dialog::UnsavedChanges(then));
        } else {
            self.perform(then);
        }
    }

    /// Replace the open project now: the analyst has answered, or nothing is unsaved.
    pub(super) fn perform(&mut self, then: Replacement) {
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
    pub(super) fn answer_unsaved(&mut self, answer: UnsavedAnswer, then: Replacement) {
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

    pub(super) fn error(&mut self, title: &str, body: String) {
        self.status = body.clone();
        self.dialog = Some(Dialog::Message {
            title: title.to_owned(),
            body,
        });
    }

    pub(super) fn ask_path(&mut self, purpose: PathPurpose) {
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

    pub(super) fn save(&mut self) -> bool {
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

    pub(super) fn save_as(&mut self, path: &Path) {
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

    /// Import text files in the background: reading thousands of files shows a count and can be
    /// cancelled; what was read is added in one edit once all of it is read.
    pub(super) fn import(&mut self, paths: &[PathBuf]) {
        let project = self.session.project().clone();
        let paths = paths.to_vec();
        let title = match paths.len() {
            1 => format!("Importing {}", paths[0].display()),
            n => format!("Importing {n} files and folders"),
        };
        self.start_job(title, move |progress| {
            import_texts_with(&project, &paths, progress).map(Outcome::Imported)
        });
    }

    /// Add what an import read: the status says what the session actually took.
    pub(super) fn finish_import(&mut self, found: TextImport) {
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
}
