//! `hamish agree A B [C...] [--json]`: inter-annotator agreement of several project files.

use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::LabelId;
use crate::review::report::TokenTable;
use crate::review::{AgreementReport, Alignment};

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Two or more annotators' project files of the same documents.
    #[arg(required = true, num_args = 2..)]
    pub projects: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the token labels the metrics use as CSV (`coder,item,label`), for checking
    /// the numbers with another implementation.
    #[arg(long, value_name = "FILE.csv")]
    pub tokens: Option<PathBuf>,
}

pub fn run(args: AgreeArgs) -> Result<ExitCode> {
    let (projects, names) = super::review_common::load_annotators(&args.projects)?;
    let labels: Vec<LabelId> = projects[0]
        .schema()
        .labels
        .iter()
        .map(|l| l.id.clone())
        .collect();
    // The loaded files are not needed again: their spans and frames move into the alignment
    // instead of being copied.
    let alignment = Alignment::from_projects(projects, &names);
    let report = AgreementReport::compute(&alignment, &labels);
    if let Some(path) = &args.tokens {
        let table = TokenTable::new(&alignment, &labels);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["coder", "item", "label"])?;
        for (d, doc) in alignment.documents.iter().enumerate() {
            for (a, labels) in table.labels[d].iter().enumerate() {
                let Some(labels) = labels else { continue };
                for (t, &code) in labels.iter().enumerate() {
                    let item = format!("{}:{}", doc.id, table.tokens[d][t]);
                    w.write_record([
                        alignment.annotators[a].as_str(),
                        &item,
                        table.codes.name(code),
                    ])?;
                }
            }
        }
        let bytes = w.into_inner().context("writing token CSV")?;
        crate::format::atomic::write_atomic(path, &bytes)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render());
    }
    Ok(ExitCode::SUCCESS)
}
