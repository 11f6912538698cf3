//! `hamish diff GOLD A [--json]`: what the adjudicated gold changed relative to one
//! annotator's file, per document and label.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::review::diff_gold;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The gold project.
    pub gold: PathBuf,
    /// One annotator's project file.
    pub annotator: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: DiffArgs) -> Result<ExitCode> {
    let gold = super::load_valid(&args.gold)?;
    let annotator = super::load_valid(&args.annotator)?;
    let diff = diff_gold(&gold, &annotator);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&diff)?);
    } else {
        print!("{}", diff.render());
    }
    Ok(ExitCode::SUCCESS)
}
