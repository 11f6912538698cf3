//! A labelled span of a document's text, with its provenance.

use super::{AnnotatorId, CharOffset, CharRange, LabelId, SpanId, Timestamp};
use serde::{Deserialize, Serialize};

/// One annotation: a label on the characters `start..end` (scalar values, end exclusive).
///
/// `text` repeats the covered characters so that a file edited by hand, or a text changed
/// under the spans, is caught when the project is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub id: SpanId,
    pub label: LabelId,
    pub start: CharOffset,
    pub end: CharOffset,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub author: AnnotatorId,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// Set on spans of an adjudicated (gold) project: who had the span and who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// Where a gold span came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Provenance {
    /// Names of the annotators whose files had this span (same range and label).
    pub annotators: Vec<String>,
    /// The adjudicator, or `auto` with the strategy for spans merged automatically.
    pub decided_by: String,
    pub decided: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

impl Span {
    pub fn range(&self) -> CharRange {
        CharRange {
            start: self.start,
            end: self.end,
        }
    }

    /// The order spans are kept and written in: by start, then end, label and id.
    pub fn sort_key(&self) -> (CharOffset, CharOffset, &LabelId, SpanId) {
        (self.start, self.end, &self.label, self.id)
    }
}
