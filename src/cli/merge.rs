//! `hamish merge A B [C...] --out GOLD --strategy agreed|majority [--conflicts FILE]`: the
//! automatic part of adjudication. Writes the gold project (spans, events and relations with
//! provenance) and, when asked, the conflicts it left — span clusters, then event and
//! relation groups — as JSON or CSV (by the file's extension).

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::Timestamp;
use crate::review::merge::auto_decide;
use crate::review::{
    Adjudication, Strategy, conflict_records, conflicts_csv, conflicts_json, frame_conflict_records,
};

/// The `--strategy` values; the core's [`Strategy`] knows nothing of clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StrategyArg {
    Agreed,
    Majority,
}

impl From<StrategyArg> for Strategy {
    fn from(s: StrategyArg) -> Self {
        match s {
            StrategyArg::Agreed => Strategy::Agreed,
            StrategyArg::Majority => Strategy::Majority,
        }
    }
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Two or more annotators' project files of the same documents.
    #[arg(required = true, num_args = 2..)]
    pub projects: Vec<PathBuf>,
    /// Where to write the gold project.
    #[arg(long)]
    pub out: PathBuf,
    /// `agreed`: only spans every annotator has; `majority`: spans most annotators have.
    #[arg(long, value_enum, default_value = "agreed")]
    pub strategy: StrategyArg,
    /// Write the remaining conflicts here (`.json` or `.csv`).
    #[arg(long, value_name = "FILE")]
    pub conflicts: Option<PathBuf>,
    /// Name of the gold's annotator (default: `gold`).
    #[arg(long)]
    pub adjudicator: Option<String>,
}

pub fn run(args: MergeArgs) -> Result<ExitCode> {
    let csv = match &args.conflicts {
        None => false,
        Some(p) => match p.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => true,
            Some(e) if e.eq_ignore_ascii_case("json") => false,
            _ => bail!(
                "--conflicts {}: the file must end in .json or .csv",
                p.display()
            ),
        },
    };
    let (projects, names) = super::review_common::load_annotators(&args.projects)?;
    let mut adj = Adjudication::from_projects(projects, &names);
    if let Some(name) = &args.adjudicator {
        adj.set_adjudicator(name);
    }
    let decided = auto_decide(&mut adj, args.strategy.into(), &Timestamp::now());
    let (gold, notes) = adj.gold_with_notes();
    super::save(&args.out, &gold)?;
    let records = conflict_records(&adj);
    let frame_records = frame_conflict_records(&adj);
    if let Some(path) = &args.conflicts {
        let all: Vec<_> = records.iter().chain(&frame_records).cloned().collect();
        let text = if csv {
            conflicts_csv(&all)
        } else {
            conflicts_json(&all)
        };
        crate::format::atomic::write_atomic(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let partial = adj.alignment.partial_documents();
    let frame_conflicts = frame_records.len();
    println!(
        "{}: {} spans, {} events and {} relations in {} documents ({} clusters, {} event \
         groups and {} relation groups decided by {}), {} conflict(s) left, {} frame \
         conflict(s) left",
        args.out.display(),
        gold.span_count(),
        gold.event_count(),
        gold.relation_count(),
        gold.documents().len(),
        decided.clusters,
        decided.events,
        decided.relations,
        Strategy::from(args.strategy).decider(),
        records.len(),
        frame_conflicts
    );
    for note in &notes {
        println!("  {}: {}", note.document, note.message);
    }
    for d in partial {
        println!(
            "  document {:?} ({}) is only in {}; missing from {}",
            d.title,
            d.id,
            d.present_in.join(", "),
            d.missing_from.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
