//! `hamish agree A B [C...] [--json] [--gamma-samples N] [--gamma-seed S]`: inter-annotator
//! agreement of several project files, γ included (N sampled continua per document, 0 to skip).

use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::LabelId;
use crate::review::gamma::GammaOptions;
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
    /// Random continua sampled per document for γ's expected disorder (pygamma-agreement's
    /// default is 30); 0 leaves γ out.
    #[arg(long, value_name = "N", default_value_t = crate::review::gamma::DEFAULT_SAMPLES)]
    pub gamma_samples: usize,
    /// Seed of γ's sampling, so a report can be repeated.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub gamma_seed: u64,
}

pub fn run(args: AgreeArgs) -> Result<ExitCode> {
    let (projects, names) = super::review_common::load_annotators(&args.projects)?;
    let schema_labels: Vec<LabelId> = projects[0]
        .schema()
        .labels
        .iter()
        .map(|l| l.id.clone())
        .collect();
    // The loaded files are not needed again: their spans and frames move into the alignment
    // instead of being copied.
    let alignment = Alignment::from_projects(projects, &names);
    let labels = alignment.labels_in_use(&schema_labels);
    let gamma = (args.gamma_samples > 0).then_some(GammaOptions {
        samples: args.gamma_samples,
        seed: args.gamma_seed,
    });
    let report = AgreementReport::compute_with_gamma(&alignment, &labels, gamma);
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
