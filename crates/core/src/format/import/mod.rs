//! Importing annotated data: doccano JSONL, brat folders, CoNLL (IOB1, IOB2, BIOES) and Label
//! Studio JSON.
//!
//! Each reader turns its input into [`ImportedDoc`]s with spans in [`CharOffset`]s (Label
//! Studio's UTF-16 offsets are converted on reading), events and relations that refer to those
//! spans by their index in [`ImportedDoc::spans`], and attribute values as the canonical strings
//! the file carries (`2023-08`, `40+`, `3-5`). Bad lines, and frames that refer to something the
//! file does not have, are reported as [`LineProblem`]s naming file and line; everything else in
//! the file is still imported. [`merge`] then maps the labels onto the project's schema
//! (`--map SRC=DST`, unknown labels and relation types added with a notice), parses attribute
//! values against their declarations and produces one [`Edit`] that adds the new documents and
//! the new spans, events, relations and attributes of documents the project already has.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod json_frames;
pub mod labelstudio;
pub mod line_ends;
pub mod merge;
#[cfg(test)]
mod tests;

pub use merge::{LabelMap, Merged, merge};

use crate::model::CharOffset;
use std::fmt;
use std::path::{Path, PathBuf};

/// A document read from an exchange format, not yet in a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedDoc {
    pub title: String,
    pub source: String,
    pub text: String,
    pub spans: Vec<ImportedSpan>,
    /// Events whose trigger and arguments are indices into `spans`.
    pub events: Vec<ImportedEvent>,
    /// Relations whose ends are indices into `spans`.
    pub relations: Vec<ImportedRelation>,
    /// The document's own attributes, (attribute, value as written).
    pub attrs: Vec<(String, String)>,
}

impl ImportedDoc {
    /// A document with these spans and no frames.
    pub fn with_spans(
        title: String,
        source: String,
        text: String,
        spans: Vec<ImportedSpan>,
    ) -> Self {
        Self {
            title,
            source,
            text,
            spans,
            events: Vec::new(),
            relations: Vec::new(),
            attrs: Vec::new(),
        }
    }
}

/// An event as read. `trigger` and the arguments' spans are indices into
/// [`ImportedDoc::spans`]; roles, the type and the attributes are as written (a brat role
/// repeated as `Place2` is mapped back to `Place` by [`merge`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    pub trigger: usize,
    pub event_type: String,
    pub args: Vec<(String, usize)>,
    /// (attribute, value as written), parsed against the schema by [`merge`].
    pub attrs: Vec<(String, String)>,
    pub note: Option<String>,
    /// Notes that may carry a free-text attribute as `ATTRIBUTE: text` (brat's `#` lines on an
    /// event): [`merge`] makes one the attribute when `ATTRIBUTE` is a text attribute the schema
    /// declares for events, and the rest the event's note.
    pub tagged_notes: Vec<String>,
    pub origin: Location,
}

/// A relation as read; `head` and `tail` are indices into [`ImportedDoc::spans`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRelation {
    pub kind: String,
    pub head: usize,
    pub tail: usize,
    pub note: Option<String>,
    pub origin: Location,
}

/// A span as read: scalar-value offsets into [`ImportedDoc::text`], the label as written in
/// the file, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSpan {
    pub start: CharOffset,
    pub end: CharOffset,
    pub label: String,
    pub note: Option<String>,
    /// (attribute, value as written), parsed against the schema by [`merge`].
    pub attrs: Vec<(String, String)>,
    /// The id of the registry entity the span links to, as the file gives it (brat
    /// `hamish:` normalisations, doccano `entity_id`, Label Studio `meta.entity_id`); kept by
    /// [`merge`] when the project has an entity of that id and of the label's kind.
    pub entity: Option<String>,
    pub origin: Location,
}

/// A place in an input file: `line` counts from 1; Label Studio tasks are named by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub at: String,
}

impl Location {
    pub fn line(file: &Path, line: usize) -> Self {
        Self {
            file: file.to_owned(),
            at: format!("{line}"),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.at)
    }
}

/// Something in an input that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// What a reader found in one input.
#[derive(Debug, Default)]
pub struct Parsed {
    pub docs: Vec<ImportedDoc>,
    pub problems: Vec<LineProblem>,
    pub notices: Vec<String>,
}

/// The kinds of input `hamish import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Doccano,
    Brat,
    Conll,
    LabelStudio,
}

impl InputKind {
    /// Guess from the path: a folder with `.ann` files is brat, other folders plain text;
    /// `.jsonl` doccano, `.json` Label Studio, `.conll`/`.bio`/`.iob`/`.iob2`/`.bioes`/`.tsv`
    /// CoNLL, anything else plain text.
    pub fn detect(path: &Path) -> Self {
        if path.is_dir() {
            let has_ann = std::fs::read_dir(path).is_ok_and(|entries| {
                entries
                    .flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "ann"))
            });
            return if has_ann { Self::Brat } else { Self::Text };
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "jsonl" => Self::Doccano,
            "json" => Self::LabelStudio,
            "conll" | "bio" | "iob" | "iob1" | "iob2" | "bioes" | "tsv" => Self::Conll,
            _ => Self::Text,
        }
    }

    /// Read an annotated input (not for [`InputKind::Text`], which has its own importer).
    pub fn read(self, path: &Path) -> Result<Parsed, std::io::Error> {
        match self {
            Self::Doccano => doccano::read(path),
            Self::Brat => brat::read(path),
            Self::Conll => conll::read(path),
            Self::LabelStudio => labelstudio::read(path),
            Self::Text => Ok(Parsed::default()),
        }
    }
}

/// Read a file as UTF-8 (a leading BOM dropped), naming the file and line of a bad byte.
pub(crate) fn read_utf8(path: &Path) -> Result<String, std::io::Error> {
    utf8_text(&std::fs::read(path)?).map(str::to_owned)
}

/// The bytes of an input as UTF-8 text (a leading BOM dropped), or an error naming the line of
/// the first bad byte.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, std::io::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("line {line}: not UTF-8 text"),
        )
    })
}
