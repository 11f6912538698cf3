//! `hamish annotate PROJECT --label LABEL --text "..."` or `--gazetteer FILE.tsv`: scripted
//! pre-annotation of every document with the same matching as the GUI's annotate-all.
//! Ambiguous occurrences (an ordinary Arabic word whose first letter could be a proclitic
//! before the name: بير in كبير) are listed, one `ambiguous` line each, and added only with
//! `--include-ambiguous`.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::annotate::{GazetteerEntry, annotate_gazetteer_with, parse_gazetteer};
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
    /// Also add the ambiguous occurrences (listed either way): where the whole word is an
    /// ordinary Arabic word, such as كبير for بير.
    #[arg(long)]
    pub include_ambiguous: bool,
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
    let run = annotate_gazetteer_with(&project, &entries, &now, args.include_ambiguous)?;
    let (edit, counts) = (run.edit, run.counts);
    let total: usize = counts.values().sum();
    for (label, n) in &counts {
        println!("{label}\t{n}");
    }
    // ambiguous<TAB>LABEL<TAB>surface<TAB>document<TAB>start..end<TAB>the whole word<TAB>added|listed
    for m in &run.ambiguous {
        let doc = project.document(&m.candidate.doc);
        let title = doc.map_or(m.candidate.doc.as_str(), |d| {
            if d.source.is_empty() {
                d.title.as_str()
            } else {
                d.source.as_str()
            }
        });
        let word = m
            .candidate
            .ambiguous
            .and_then(|r| doc.and_then(|d| d.slice(r)))
            .unwrap_or_default();
        println!(
            "ambiguous\t{}\t{}\t{title}\t{}..{}\t{word}\t{}",
            m.entry.label,
            m.entry.surface,
            m.candidate.range.start.0,
            m.candidate.range.end.0,
            if m.applied { "added" } else { "listed" }
        );
    }
    if !run.ambiguous.is_empty() && !args.include_ambiguous {
        println!(
            "{} ambiguous occurrence(s) listed, not added (--include-ambiguous adds them)",
            run.ambiguous.len()
        );
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
