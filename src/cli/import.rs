//! `hamish import PROJECT INPUT...`: add plain-text articles, or annotated data (doccano JSONL,
//! brat folders, CoNLL, Label Studio JSON), to a project. The kind of each input is guessed from
//! its extension (see [`InputKind::detect`]) unless `--format` says. Exit 1 when anything (a
//! file, a line, a span) was refused; the rest is still imported.

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::format::import::{InputKind, LabelMap, merge};
use crate::format::import_text::import_texts;
use crate::model::{Annotator, Edit, Project, Timestamp};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Text,
    Doccano,
    Brat,
    Conll,
    Labelstudio,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project file (`.hamish.ron`); created when it does not exist.
    pub project: PathBuf,
    /// Text files or folders of them; `.jsonl` (doccano), `.json` (Label Studio), `.conll`
    /// (CoNLL), or brat folders (`.ann` + `.txt`).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Annotator name for a new project (default: your login name).
    #[arg(long)]
    pub annotator: Option<String>,
    /// Read every input as this kind instead of guessing from its name.
    #[arg(long, value_enum)]
    pub format: Option<KindArg>,
    /// Rename a label on the way in: `--map ORG=GROUP` (repeatable).
    #[arg(long = "map", value_name = "SRC=DST")]
    pub map: Vec<String>,
}

pub fn run(args: ImportArgs) -> Result<ExitCode> {
    let map = match LabelMap::parse(&args.map) {
        Ok(m) => m,
        Err(e) => bail!(e),
    };
    let existed = args.project.exists();
    let mut project = if existed {
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
            Annotator::new(super::default_annotator(args.annotator.clone())),
        )
    };
    let kind_of = |p: &PathBuf| match args.format {
        Some(KindArg::Text) => InputKind::Text,
        Some(KindArg::Doccano) => InputKind::Doccano,
        Some(KindArg::Brat) => InputKind::Brat,
        Some(KindArg::Conll) => InputKind::Conll,
        Some(KindArg::Labelstudio) => InputKind::LabelStudio,
        None => InputKind::detect(p),
    };
    let (texts, annotated): (Vec<PathBuf>, Vec<PathBuf>) = args
        .inputs
        .iter()
        .cloned()
        .partition(|p| kind_of(p) == InputKind::Text);
    let now = Timestamp::now();
    let mut refused = 0;
    let mut changed = false;

    // Plain text, exactly as before.
    let found = import_texts(&project, &texts);
    for notice in &found.notices {
        eprintln!("notice: {notice}");
    }
    for (path, reason) in &found.refused {
        eprintln!("refused: {}: {reason}", path.display());
    }
    refused += found.refused.len();
    let mut added_docs = found.documents.len();
    if !found.documents.is_empty() {
        project.apply(
            Edit::AddDocuments {
                docs: found.documents,
            },
            &now,
        )?;
        changed = true;
    }

    // Annotated inputs.
    let mut added_spans = 0;
    let mut added_frames = String::new();
    let mut docs = Vec::new();
    for input in &annotated {
        match kind_of(input).read(input) {
            Ok(parsed) => {
                for n in &parsed.notices {
                    eprintln!("notice: {n}");
                }
                for p in &parsed.problems {
                    eprintln!("refused: {p}");
                }
                refused += parsed.problems.len();
                docs.extend(parsed.docs);
            }
            Err(e) => {
                eprintln!("refused: {}: {e}", input.display());
                refused += 1;
            }
        }
    }
    if !docs.is_empty() {
        let merged = merge(&project, docs, &map, &now);
        for n in &merged.notices {
            eprintln!("notice: {n}");
        }
        for p in &merged.problems {
            eprintln!("refused: {p}");
        }
        refused += merged.problems.len();
        added_docs += merged.new_documents;
        added_spans = merged.new_spans;
        if merged.new_events + merged.new_relations > 0 {
            added_frames = format!(
                ", {} event(s) and {} relation(s)",
                merged.new_events, merged.new_relations
            );
        }
        if let Some(edit) = merged.edit {
            project.apply(edit, &now)?;
            changed = true;
        }
    }

    // A new project file is made only when something went in, or nothing was refused (an
    // empty folder makes an empty project): when every input was refused, nothing is created.
    let create = !existed && (changed || refused == 0);
    if changed || create {
        super::save(&args.project, &project)?;
    }
    println!(
        "imported {added_docs} document(s) and {added_spans} span(s){added_frames} into {}; {refused} refused{}",
        args.project.display(),
        if existed || create {
            ""
        } else {
            "; nothing imported, so the project file was not created"
        },
    );
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
