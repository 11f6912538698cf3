//! `hamish validate PROJECT`: list every problem; exit 1 when there are any.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::format::load_project;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The project file to check.
    pub project: PathBuf,
}

pub fn run(args: ValidateArgs) -> Result<ExitCode> {
    let loaded = load_project(&args.project)?;
    if loaded.problems.is_empty() {
        println!(
            "{}: valid ({} documents, {} spans)",
            args.project.display(),
            loaded.project.documents().len(),
            loaded.project.span_count()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &loaded.problems {
        println!("{}: {problem}", args.project.display());
    }
    eprintln!(
        "{}: {} problem(s) found",
        args.project.display(),
        loaded.problems.len()
    );
    Ok(ExitCode::from(1))
}
