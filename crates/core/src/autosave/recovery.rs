//! The recovery file (`NAME.recovery` beside the project) and what it holds on the next start.

use crate::format::atomic::sibling;
use crate::format::{LoadError, load_project};
use crate::model::Project;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where autosave keeps the unsaved state of `project`.
pub fn recovery_path(project: &Path) -> PathBuf {
    sibling(project, ".recovery")
}

/// Unsaved work found from an earlier run.
#[derive(Debug)]
pub struct Recovered {
    pub project: Project,
    /// The recovery file it came from.
    pub path: PathBuf,
    /// When it was written.
    pub written: Option<SystemTime>,
}

/// The recovered work for `project_path`, if an earlier run left any that differs from the
/// saved file. A recovery identical to the saved project is stale and removed; one that does
/// not load or validate is left on disk (never deleted, never offered) and reported as an error.
pub fn find_recovery(project_path: &Path) -> Result<Option<Recovered>, LoadError> {
    let path = recovery_path(project_path);
    if !path.exists() {
        return Ok(None);
    }
    let loaded = load_project(&path)?;
    if !loaded.problems.is_empty() {
        return Err(LoadError::Io {
            path: path.clone(),
            source: std::io::Error::other(format!(
                "the recovery file has {} problem(s) and is kept for inspection",
                loaded.problems.len()
            )),
        });
    }
    let saved = load_project(project_path).ok().map(|l| l.project);
    if saved.as_ref() == Some(&loaded.project) {
        discard_recovery(project_path);
        return Ok(None);
    }
    let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    Ok(Some(Recovered {
        project: loaded.project,
        path,
        written,
    }))
}

/// Remove the recovery file of `project_path` (and the atomic writer's backup of it).
pub fn discard_recovery(project_path: &Path) {
    remove_recovery_file(&recovery_path(project_path));
}

impl Recovered {
    /// The analyst declined this work: remove the file it came from (and its backup).
    pub fn discard(&self) {
        remove_recovery_file(&self.path);
    }
}

fn remove_recovery_file(path: &Path) {
    let _ = std::fs::remove_file(sibling(path, ".bak"));
    let _ = std::fs::remove_file(path);
}
