//! Exporting a project as training data: CoNLL, spaCy, Hugging Face, doccano, brat, Label Studio
//! and CSV of spans; event-extraction JSON and the event table (CSV or JSON) for events.
//!
//! [`export`] builds every file in memory, runs the checks of [`verify`] on what it built (each
//! span sliced back out of the exported text in the format's own offset unit, tokens re-joined
//! to the text, tag sequences valid and decoding to the same spans) and returns either the
//! files or the list of problems. Nothing touches the disk until [`write::write_export`] is
//! called with a verified [`Export`].
//!
//! Offsets in the model are [`crate::model::CharOffset`]s; each format module states the unit
//! it writes.
//!
//! What a format cannot carry is never dropped silently: it is counted (and for the event
//! formats listed) in [`Export::notices`], which `hamish export` prints and the GUI's export
//! dialog shows. Formats without events or relations say how many they left out.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod doccano;
pub mod event_table;
pub mod events_json;
#[cfg(test)]
pub(crate) mod fixture;
pub mod frames;
pub mod hf;
pub mod labelstudio;
pub mod names;
pub mod prepare;
pub mod spacy;
#[cfg(test)]
mod tests;
pub mod verify;
pub mod write;

use crate::model::{DocStatus, LabelId, Project};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use thiserror::Error;

pub use prepare::{Layering, Prepared, PreparedDoc, TagScheme};
pub use write::{WriteError, write_export};

/// The exchange formats `hamish export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Conll,
    Spacy,
    Hf,
    Doccano,
    Brat,
    LabelStudio,
    Csv,
    /// Event-extraction JSON, one object per sentence (OneIE/DEGREE/TextEE).
    EventsJson,
    /// The event table as CSV, ACLED's columns.
    EventsCsv,
    /// The event table as a JSON array of rows.
    EventsTableJson,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::Conll,
        Format::Spacy,
        Format::Hf,
        Format::Doccano,
        Format::Brat,
        Format::LabelStudio,
        Format::Csv,
        Format::EventsJson,
        Format::EventsCsv,
        Format::EventsTableJson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Conll => "conll",
            Format::Spacy => "spacy",
            Format::Hf => "hf",
            Format::Doccano => "doccano",
            Format::Brat => "brat",
            Format::LabelStudio => "labelstudio",
            Format::Csv => "csv",
            Format::EventsJson => "events-json",
            Format::EventsCsv => "events-csv",
            Format::EventsTableJson => "events-table-json",
        }
    }

    /// True when `--out` names a folder rather than a file.
    pub fn writes_folder(self) -> bool {
        matches!(self, Format::Brat | Format::Hf)
    }

    /// True for the formats that hold no events and no relations at all.
    pub fn drops_frames(self) -> bool {
        matches!(
            self,
            Format::Conll | Format::Spacy | Format::Hf | Format::Csv
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower || (lower == "label-studio" && *f == Format::LabelStudio))
            .ok_or_else(|| {
                let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format {s:?}; expected one of {}", names.join(", "))
            })
    }
}

/// What to export and how.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Only spans with these labels (all labels when `None`).
    pub labels: Option<Vec<LabelId>>,
    /// Only documents with these statuses (all documents when `None`).
    pub statuses: Option<Vec<DocStatus>>,
    pub scheme: TagScheme,
    pub nested: Layering,
}

/// One file of an export, its path relative to `--out` (empty for a single-file format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// A verified export, ready to write.
#[derive(Debug, Clone)]
pub struct Export {
    pub format: Format,
    pub files: Vec<ExportFile>,
    /// Things the user should know (e.g. nested spans the tag column could not carry).
    pub notices: Vec<String>,
    pub documents: usize,
    pub spans: usize,
}

/// Why nothing was exported.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("unknown label {0:?} in --labels")]
    UnknownLabel(String),
    #[error("{} problem(s) found while verifying the {format} export; nothing was written", problems.len())]
    Verification {
        format: Format,
        problems: Vec<String>,
    },
}

/// Build and verify an export of `project`.
pub fn export(
    project: &Project,
    format: Format,
    options: &ExportOptions,
) -> Result<Export, ExportError> {
    if let Some(labels) = &options.labels {
        for l in labels {
            if !project.schema().contains(l) {
                return Err(ExportError::UnknownLabel(l.to_string()));
            }
        }
    }
    let prepared = Prepared::new(project, options);
    let mut notices = Vec::new();
    let mut problems = Vec::new();
    let files = match format {
        Format::Conll => conll::export(&prepared, &mut notices, &mut problems),
        Format::Spacy => spacy::export(&prepared, &mut problems),
        Format::Hf => hf::export(&prepared, &mut notices, &mut problems),
        Format::Doccano => doccano::export(&prepared, &mut notices, &mut problems),
        Format::Brat => brat::export(&prepared, &mut notices, &mut problems),
        Format::LabelStudio => labelstudio::export(&prepared, &mut notices, &mut problems),
        Format::Csv => csv::export(&prepared, &mut problems),
        Format::EventsJson => events_json::export(&prepared, &mut notices, &mut problems),
        Format::EventsCsv => event_table::export_csv(&prepared, &mut notices, &mut problems),
        Format::EventsTableJson => event_table::export_json(&prepared, &mut notices, &mut problems),
    };
    if format.drops_frames()
        && let Some(notice) = frames_left_out(&prepared, format)
    {
        notices.push(notice);
    }
    if !problems.is_empty() {
        return Err(ExportError::Verification { format, problems });
    }
    Ok(Export {
        format,
        files,
        notices,
        documents: prepared.docs.len(),
        spans: prepared.docs.iter().map(|d| d.spans.len()).sum(),
    })
}

/// "3 events and 1 relation are not in conll; …" for a format without frames, when the
/// selected documents have any.
fn frames_left_out(prepared: &Prepared, format: Format) -> Option<String> {
    let events: usize = prepared.docs.iter().map(|d| d.doc.events().len()).sum();
    let relations: usize = prepared.docs.iter().map(|d| d.doc.relations().len()).sum();
    let plural = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        plural(events, "event", "events"),
        plural(relations, "relation", "relations"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        return None;
    }
    let verb = if events + relations == 1 { "is" } else { "are" };
    Some(format!(
        "{} {verb} not in {format}, which holds spans only; use events-json, events-csv or brat for them",
        parts.join(" and ")
    ))
}

/// Parse a status name as the CLI accepts it: `todo`, `in-progress` (or `in progress`), `done`.
pub fn parse_status(s: &str) -> Option<DocStatus> {
    match s
        .trim()
        .to_ascii_lowercase()
        .replace(['_', ' '], "-")
        .as_str()
    {
        "todo" => Some(DocStatus::Todo),
        "in-progress" | "inprogress" => Some(DocStatus::InProgress),
        "done" => Some(DocStatus::Done),
        _ => None,
    }
}
