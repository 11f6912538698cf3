//! Shared by the review subcommands: loading several annotators' files under unique names.

use anyhow::{Result, bail};
use std::path::PathBuf;

use crate::model::Project;

/// Load every file (each must be valid) and the annotator names to show for them: the file's
/// annotator name, or the file name when that is empty.
pub(crate) fn load_annotators(paths: &[PathBuf]) -> Result<(Vec<Project>, Vec<String>)> {
    if paths.len() < 2 {
        bail!("give at least two project files to compare");
    }
    let mut projects = Vec::with_capacity(paths.len());
    let mut names = Vec::with_capacity(paths.len());
    for path in paths {
        let project = super::load_valid(path)?;
        let name = if project.annotator.name.trim().is_empty() {
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        } else {
            project.annotator.name.clone()
        };
        names.push(name);
        projects.push(project);
    }
    Ok((projects, names))
}
