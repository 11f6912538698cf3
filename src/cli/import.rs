//! `hamish import PROJECT INPUT...`: add text files to a project.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::format::import_text::import_texts;
use crate::model::{Annotator, Edit, Project, Timestamp};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project file (`.hamish.ron`); created when it does not exist.
    pub project: PathBuf,
    /// Text files, or folders searched recursively for `.txt` files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Annotator name for a new project (default: your login name).
    #[arg(long)]
    pub annotator: Option<String>,
}

pub fn run(args: ImportArgs) -> Result<ExitCode> {
    let mut project = if args.project.exists() {
        super::load_valid(&args.project)?
    } else {
        let name = args
            .project
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_end_matches(".hamish.ron")
                    .to_owned()
            })
            .unwrap_or_else(|| "project".into());
        Project::new(
            name,
            Annotator::new(super::default_annotator(args.annotator)),
        )
    };
    let found = import_texts(&project, &args.inputs);
    for notice in &found.notices {
        eprintln!("notice: {notice}");
    }
    for (path, reason) in &found.refused {
        eprintln!("refused: {}: {reason}", path.display());
    }
    let added = found.documents.len();
    if added > 0 || !args.project.exists() {
        project.apply(
            Edit::AddDocuments {
                docs: found.documents,
            },
            &Timestamp::now(),
        )?;
        super::save(&args.project, &project)?;
    }
    println!(
        "imported {added} document(s) into {}; {} refused",
        args.project.display(),
        found.refused.len()
    );
    Ok(if found.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
