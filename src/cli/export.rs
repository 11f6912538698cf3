//! `hamish export PROJECT --format FORMAT --out PATH`: write training data in an exchange
//! format after verifying every span. Exit 0 written; 1 verification found problems (nothing
//! written, problems listed); 2 usage or I/O errors (including an existing `--out` without
//! `--force`).

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::format::export::{
    ExportError, ExportOptions, Format, Layering, TagScheme, export, parse_status, write_export,
};
use crate::model::LabelId;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Conll,
    Spacy,
    Hf,
    Doccano,
    Brat,
    Labelstudio,
    Csv,
    /// Event-extraction JSON, one object per sentence (OneIE, DEGREE, TextEE).
    EventsJson,
    /// One row per event in ACLED's columns, CSV.
    EventsCsv,
    /// The same rows as a JSON array.
    EventsTableJson,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Conll => Format::Conll,
            FormatArg::Spacy => Format::Spacy,
            FormatArg::Hf => Format::Hf,
            FormatArg::Doccano => Format::Doccano,
            FormatArg::Brat => Format::Brat,
            FormatArg::Labelstudio => Format::LabelStudio,
            FormatArg::Csv => Format::Csv,
            FormatArg::EventsJson => Format::EventsJson,
            FormatArg::EventsCsv => Format::EventsCsv,
            FormatArg::EventsTableJson => Format::EventsTableJson,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemeArg {
    Iob2,
    Bioes,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NestedArg {
    /// Only the outermost spans in the tag column; the rest are counted.
    Outermost,
    /// One tag column per layer of nested spans.
    Columns,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The project file (`.hamish.ron`).
    pub project: PathBuf,
    /// The exchange format.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// The file to write (a folder for `brat` and `hf`).
    #[arg(long)]
    pub out: PathBuf,
    /// Only spans with these labels (comma separated label ids).
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// Only documents with these statuses: todo, in-progress, done (comma separated).
    #[arg(long, value_delimiter = ',')]
    pub status: Option<Vec<String>>,
    /// Tag scheme of the token formats (conll, hf).
    #[arg(long, value_enum, default_value = "iob2")]
    pub scheme: SchemeArg,
    /// What conll does with nested spans.
    #[arg(long, value_enum, default_value = "outermost")]
    pub nested: NestedArg,
    /// Replace an existing output file or non-empty folder.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ExportArgs) -> Result<ExitCode> {
    let project = super::load_valid(&args.project)?;
    let statuses = match &args.status {
        None => None,
        Some(list) => {
            let mut out = Vec::new();
            for s in list {
                match parse_status(s) {
                    Some(st) => out.push(st),
                    None => bail!("unknown status {s:?}; expected todo, in-progress or done"),
                }
            }
            Some(out)
        }
    };
    let options = ExportOptions {
        labels: args
            .labels
            .as_ref()
            .map(|l| l.iter().map(|s| LabelId::new(s.trim())).collect()),
        statuses,
        scheme: match args.scheme {
            SchemeArg::Iob2 => TagScheme::Iob2,
            SchemeArg::Bioes => TagScheme::Bioes,
        },
        nested: match args.nested {
            NestedArg::Outermost => Layering::Outermost,
            NestedArg::Columns => Layering::Columns,
        },
    };
    let format = Format::from(args.format);
    let exported = match export(&project, format, &options) {
        Ok(e) => e,
        Err(ExportError::Verification { format, problems }) => {
            for p in &problems {
                println!("{}: {p}", args.project.display());
            }
            eprintln!(
                "{}: {} problem(s) found while verifying the {format} export; nothing was written",
                args.project.display(),
                problems.len()
            );
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    for notice in &exported.notices {
        eprintln!("notice: {notice}");
    }
    let written = write_export(&exported, &args.out, args.force)
        .with_context(|| format!("exporting {}", args.project.display()))?;
    println!(
        "exported {} document(s) and {} span(s) as {format} to {} ({} file(s))",
        exported.documents,
        exported.spans,
        args.out.display(),
        written.len()
    );
    Ok(ExitCode::SUCCESS)
}
