//! `hamish annotate PROJECT --label LABEL --text "..."` or `--gazetteer FILE.tsv`: scripted
//! pre-annotation of every document with the same matching as the GUI's annotate-all.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::annotate::{GazetteerEntry, annotate_gazetteer, parse_gazetteer};
use crate::model::{LabelId, Timestamp};

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// The project file (`.hamish.ron`); it is rewritten atomically.
    pub project: PathBuf,
    /// Label to give every occurrence of `--text`.
    #[arg(long, requires = "text", conflicts_with = "gazetteer")]
    pub label: Option<String>,
    /// The surface form to find (matched through diacritics, alef forms, proclitics…).
    #[arg(long, requires = "label")]
    pub text: Option<String>,
    /// A `surface<TAB>label` file, one entry per line.
    #[arg(long)]
    pub gazetteer: Option<PathBuf>,
    /// Count what would be added without writing the project.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: AnnotateArgs) -> Result<ExitCode> {
    let mut project = super::load_valid(&args.project)?;
    let entries = match (&args.label, &args.text, &args.gazetteer) {
        (Some(label), Some(text), None) => {
            let label = LabelId::new(label.trim());
            if !project.schema().contains(&label) {
                let known: Vec<&str> = project
                    .schema()
                    .labels
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect();
                bail!(
                    "label {label} is not in the schema (known: {})",
                    known.join(", ")
                );
            }
            if text.trim().is_empty() {
                bail!("--text is empty");
            }
            vec![GazetteerEntry {
                surface: text.trim().to_owned(),
                label,
            }]
        }
        (None, None, Some(path)) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let text = String::from_utf8(bytes)
                .with_context(|| format!("{} is not UTF-8", path.display()))?;
            parse_gazetteer(&text, &project).with_context(|| format!("in {}", path.display()))?
        }
        _ => bail!("give either --label and --text, or --gazetteer"),
    };
    let now = Timestamp::now();
    let (edit, counts) = annotate_gazetteer(&project, &entries, &now)?;
    let total: usize = counts.values().sum();
    for (label, n) in &counts {
        println!("{label}\t{n}");
    }
    if args.dry_run {
        println!(
            "dry run: {total} span(s) would be added; {} unchanged",
            args.project.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if total > 0 {
        project.apply(edit, &now)?;
        super::save(&args.project, &project)?;
    }
    println!("added {total} span(s) to {}", args.project.display());
    Ok(ExitCode::SUCCESS)
}
