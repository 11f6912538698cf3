//! `hamish stats PROJECT [--json]`: documents, characters, spans per label and per status.

use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::{DocStatus, Project};

#[derive(Debug, Args)]
pub struct StatsArgs {
    pub project: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The numbers `stats` reports.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    /// Characters in Unicode scalar values.
    pub characters: usize,
    pub spans: usize,
    /// Spans per label, in schema order (labels with no spans included).
    pub spans_per_label: BTreeMap<String, usize>,
    /// Documents per status.
    pub documents_per_status: BTreeMap<String, usize>,
}

impl Stats {
    pub fn of(project: &Project) -> Self {
        let mut spans_per_label: BTreeMap<String, usize> = project
            .schema()
            .labels
            .iter()
            .map(|l| (l.id.to_string(), 0))
            .collect();
        let mut documents_per_status: BTreeMap<String, usize> = DocStatus::ALL
            .iter()
            .map(|s| (s.name().to_owned(), 0))
            .collect();
        let mut characters = 0;
        for doc in project.documents() {
            characters += doc.len_chars();
            *documents_per_status
                .entry(doc.status.name().to_owned())
                .or_default() += 1;
            for span in doc.spans() {
                *spans_per_label.entry(span.label.to_string()).or_default() += 1;
            }
        }
        Self {
            documents: project.documents().len(),
            characters,
            spans: project.span_count(),
            spans_per_label,
            documents_per_status,
        }
    }
}

pub fn run(args: StatsArgs) -> Result<ExitCode> {
    let project = super::load_valid(&args.project)?;
    let stats = Stats::of(&project);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        println!("project     {}", project.name);
        println!("documents   {}", stats.documents);
        println!("characters  {}", stats.characters);
        println!("spans       {}", stats.spans);
        for label in &project.schema().labels {
            let n = stats
                .spans_per_label
                .get(label.id.as_str())
                .copied()
                .unwrap_or(0);
            println!("  {:<9} {n}", label.id.as_str());
        }
        for (status, n) in &stats.documents_per_status {
            println!("  {status:<11} {n}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
