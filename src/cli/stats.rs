//! `hamish stats PROJECT [--json]`: documents, characters, spans per label and per status;
//! events per type, relations per type, arguments per role, and the incomplete frames (events
//! with a required role unfilled, [`crate::model::Event::missing_roles`]).

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
    pub events: usize,
    /// Events per event type id (types with events only).
    pub events_per_type: BTreeMap<String, usize>,
    pub relations: usize,
    /// Relations per relation type id (types with relations only).
    pub relations_per_type: BTreeMap<String, usize>,
    /// Arguments per role id, over all events.
    pub arguments_per_role: BTreeMap<String, usize>,
    /// Events with a required role unfilled, each with its document and the roles missing.
    pub incomplete_events: Vec<Incomplete>,
}

/// An event whose frame lacks a required role.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Incomplete {
    pub document: String,
    pub doc_id: String,
    pub event: u64,
    pub event_type: String,
    pub missing_roles: Vec<String>,
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
        let mut events_per_type: BTreeMap<String, usize> = BTreeMap::new();
        let mut relations_per_type: BTreeMap<String, usize> = BTreeMap::new();
        let mut arguments_per_role: BTreeMap<String, usize> = BTreeMap::new();
        let mut incomplete_events = Vec::new();
        for doc in project.documents() {
            for event in doc.events() {
                *events_per_type
                    .entry(event.event_type.to_string())
                    .or_default() += 1;
                for arg in &event.args {
                    *arguments_per_role.entry(arg.role.to_string()).or_default() += 1;
                }
                let missing = event.missing_roles(project.schema());
                if !missing.is_empty() {
                    incomplete_events.push(Incomplete {
                        document: doc.title.clone(),
                        doc_id: doc.id().to_string(),
                        event: event.id.0,
                        event_type: event.event_type.to_string(),
                        missing_roles: missing.iter().map(|r| r.to_string()).collect(),
                    });
                }
            }
            for relation in doc.relations() {
                *relations_per_type
                    .entry(relation.kind.to_string())
                    .or_default() += 1;
            }
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
            events: project.event_count(),
            events_per_type,
            relations: project.relation_count(),
            relations_per_type,
            arguments_per_role,
            incomplete_events,
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
        println!("events      {}", stats.events);
        for (ty, n) in &stats.events_per_type {
            println!("  {ty:<11} {n}");
        }
        println!("relations   {}", stats.relations);
        for (ty, n) in &stats.relations_per_type {
            println!("  {ty:<11} {n}");
        }
        println!(
            "arguments   {}",
            stats.arguments_per_role.values().sum::<usize>()
        );
        for (role, n) in &stats.arguments_per_role {
            println!("  {role:<11} {n}");
        }
        println!("incomplete  {}", stats.incomplete_events.len());
        for i in &stats.incomplete_events {
            println!(
                "  {:?} ({}), event {} {}: missing {}",
                i.document,
                i.doc_id,
                i.event,
                i.event_type,
                i.missing_roles.join(", ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
