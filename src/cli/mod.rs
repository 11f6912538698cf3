//! The `hamish` command line: parses arguments with clap and dispatches to one module per
//! subcommand. Every subcommand works on the same library calls as the GUI.
//!
//! Exit codes: 0 success; 1 the command ran and found problems (e.g. `validate`); 2 usage or
//! I/O errors. Errors are printed once, by `main`, with the file path.

mod agree;
mod annotate;
mod diff;
mod entities;
mod export;
mod import;
mod merge;
mod merge_driver;
mod review_common;
mod stats;
mod validate;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::format::{Loaded, load_project};
use crate::model::Project;

/// Hamish (هامش): label groups, places and events in Arabic news, offline.
#[derive(Debug, Parser)]
#[command(
    name = "hamish",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Project file to open in the GUI (default: a copy of the shipped sample project).
    pub project: Option<PathBuf>,
    /// Open the review tab comparing the project with this colleague's file (repeat for
    /// several).
    #[arg(long, value_name = "FILE")]
    pub compare: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write PROJECT as training data (conll, spacy, hf, doccano, brat, labelstudio, csv) or its
    /// events (events-json, events-csv, events-table-json).
    Export(export::ExportArgs),
    /// Add .txt files or folders of them to PROJECT, creating it if needed.
    Import(import::ImportArgs),
    /// Check every span of PROJECT; exit 1 when problems are found.
    Validate(validate::ValidateArgs),
    /// Count documents, characters, spans per label and status, events, relations, arguments.
    Stats(stats::StatsArgs),
    /// Label every occurrence of a surface form (or of a gazetteer's entries) in all documents.
    Annotate(annotate::AnnotateArgs),
    /// Agreement between annotators: P/R/F1, Cohen's kappa, Krippendorff's alpha.
    Agree(agree::AgreeArgs),
    /// Merge annotators' files into a gold project; report what is left to decide.
    Merge(merge::MergeArgs),
    /// What a gold project changed relative to one annotator's file.
    Diff(diff::DiffArgs),
    /// The entity registry: list, add, import or export a registry file, link spans to it.
    Entities(entities::EntitiesArgs),
    /// Git merge driver for project files: `hamish merge-driver %O %A %B`.
    MergeDriver(merge_driver::MergeDriverArgs),
}

/// Run a parsed command line. `Ok(code)` is the exit code; errors exit 2.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Export(args)) => export::run(args),
        Some(Command::Import(args)) => import::run(args),
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Stats(args)) => stats::run(args),
        Some(Command::Annotate(args)) => annotate::run(args),
        Some(Command::Agree(args)) => agree::run(args),
        Some(Command::Merge(args)) => merge::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Entities(args)) => entities::run(args),
        Some(Command::MergeDriver(args)) => merge_driver::run(args),
        None => {
            crate::gui::run(cli.project, cli.compare)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// An error and its causes as one line, each reason once: a cause whose words the message
/// already holds (many errors print their source as part of their own message) is not
/// repeated.
pub fn error_message(err: &anyhow::Error) -> String {
    let mut out = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !out.contains(&cause) {
            out.push_str(": ");
            out.push_str(&cause);
        }
    }
    out
}

/// Load a project that must be valid before a command may rely on (or rewrite) it.
pub(crate) fn load_valid(path: &Path) -> Result<Project> {
    let Loaded { project, problems } = load_project(path)?;
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        bail!(
            "{} has {} problem(s); run `hamish validate` for the list. First ones:\n{}",
            path.display(),
            problems.len(),
            list.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    Ok(project)
}

/// Save through the atomic writer, with the path in the error.
pub(crate) fn save(path: &Path, project: &Project) -> Result<()> {
    crate::format::save_project(path, project).with_context(|| format!("saving {}", path.display()))
}

/// The annotator name for new projects: `--annotator`, else the login name.
pub(crate) fn default_annotator(given: Option<String>) -> String {
    given
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "analyst".to_owned())
}
