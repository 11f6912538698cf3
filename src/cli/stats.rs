//! `hamish stats PROJECT [--json]`: documents, characters, spans per label and per status;
//! events per type, relations per type, arguments per role, and the incomplete frames (events
//! with a required role unfilled, [`crate::model::Event::missing_roles`]); with `--json` also
//! spans per document, events per month by type and by actor and spans made per day. Per
//! registry entity: linked spans, documents, events as actor, target and place. The
//! numbers are [`crate::stats::Stats`], the same the GUI's dashboard draws.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct StatsArgs {
    pub project: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub use crate::stats::Stats;

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
        let linked: usize = stats.entities.iter().map(|e| e.mentions).sum();
        println!(
            "entities    {} ({linked} linked spans)",
            stats.entities.len()
        );
        // id, canonical name, linked spans, documents, events as actor / target / place
        for e in stats.entities.iter().filter(|e| e.mentions > 0) {
            println!(
                "  {:<11} {}: {} mention(s) in {} document(s); events: {} as actor, {} as target, {} as place",
                e.id,
                e.name,
                e.mentions,
                e.documents,
                e.events_as_actor,
                e.events_as_target,
                e.events_as_place
            );
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
