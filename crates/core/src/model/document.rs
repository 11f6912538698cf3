//! A document: one article's text, its metadata, review status and spans.

use super::{CharRange, DocId, Span, SpanId};
use crate::text::slice_chars;
use serde::{Deserialize, Serialize};

/// Where the analyst is with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum DocStatus {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl DocStatus {
    pub const ALL: [DocStatus; 3] = [DocStatus::Todo, DocStatus::InProgress, DocStatus::Done];

    pub fn name(self) -> &'static str {
        match self {
            DocStatus::Todo => "todo",
            DocStatus::InProgress => "in progress",
            DocStatus::Done => "done",
        }
    }
}

/// Optional facts about where an article came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
}

impl DocumentMeta {
    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.outlet.is_none()
    }
}

/// One article. `text` uses `\n` line ends only; spans are kept sorted by [`Span::sort_key`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub title: String,
    /// The file name or URL the text came from.
    pub source: String,
    #[serde(default, skip_serializing_if = "DocumentMeta::is_empty")]
    pub meta: DocumentMeta,
    #[serde(default)]
    pub status: DocStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The text, written in files as a list of lines so that it reads (and diffs) as prose.
    #[serde(with = "text_lines")]
    pub text: String,
    #[serde(default)]
    pub spans: Vec<Span>,
}

impl Document {
    /// A new document with no spans; its id is the hash of `text`.
    pub fn new(
        title: impl Into<String>,
        source: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        let text = text.into();
        Self {
            id: DocId::from_text(&text),
            title: title.into(),
            source: source.into(),
            meta: DocumentMeta::default(),
            status: DocStatus::Todo,
            note: String::new(),
            text,
            spans: Vec::new(),
        }
    }

    /// Length of the text in scalar values.
    pub fn len_chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The characters of `range`, or `None` when it does not lie inside the text.
    pub fn slice(&self, range: CharRange) -> Option<&str> {
        slice_chars(&self.text, range)
    }

    pub fn span(&self, id: SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| s.id == id)
    }

    pub(crate) fn span_index(&self, id: SpanId) -> Option<usize> {
        self.spans.iter().position(|s| s.id == id)
    }

    /// Put spans back in their canonical order.
    pub fn sort_spans(&mut self) {
        self.spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// Where a span belongs in the sorted list.
    pub(crate) fn insertion_point(&self, span: &Span) -> usize {
        let key = span.sort_key();
        self.spans.partition_point(|s| s.sort_key() < key)
    }
}

/// Serde adapter writing a text as one string per line.
mod text_lines {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(text.split('\n'))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let lines = Vec::<String>::deserialize(d)?;
        Ok(lines.join("\n"))
    }
}
