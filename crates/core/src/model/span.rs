//! A labelled span of a document's text, with its provenance.

use super::{AnnotatorId, Attributes, CharOffset, CharRange, EntityId, LabelId, SpanId, Timestamp};
use serde::{Deserialize, Serialize};

/// One annotation: a label on the characters `start..end` (scalar values, end exclusive).
///
/// `text` repeats the covered characters so that a file edited by hand, or a text changed
/// under the spans, is caught when the project is loaded. Range and text are read with
/// [`Span::start`], [`Span::end`], [`Span::range`] and [`Span::text`] and set only by the
/// model: [`Span::new`] takes them as given, adding the span to a document
/// ([`super::Edit::AddSpan`], [`super::Document::add_span`]) refuses it unless the text is what
/// the range covers, and [`super::Edit::Resize`] changes both together. A span inside a
/// project is reached only read-only; its other fields are public for spans being built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub id: SpanId,
    pub label: LabelId,
    /// The registry entity this span names (see [`super::Entity`]); set in a project only by
    /// [`super::Edit::LinkSpan`] and the entity edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<EntityId>,
    pub(in crate::model) start: CharOffset,
    pub(in crate::model) end: CharOffset,
    pub(in crate::model) text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Attribute values declared in the schema for spans of this label's kind.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attrs: Attributes,
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
    /// A span of `label` over `range` that says it covers `text`, with a fresh id, made by
    /// `author` at `now`. Nothing is checked here: the span is checked when it is added to a
    /// document ([`super::Edit::AddSpan`], [`super::Document::add_span`]), which refuses it
    /// unless `range` lies inside the text, is not empty and covers exactly `text`.
    /// [`super::Project::new_span`] and [`super::Document::new_span`] take the text from the
    /// document instead.
    pub fn new(
        label: LabelId,
        range: CharRange,
        text: impl Into<String>,
        author: AnnotatorId,
        now: &Timestamp,
    ) -> Self {
        Self {
            id: SpanId::random(),
            label,
            entity: None,
            start: range.start,
            end: range.end,
            text: text.into(),
            note: None,
            attrs: Attributes::new(),
            author,
            created: now.clone(),
            modified: now.clone(),
            provenance: None,
        }
    }

    pub fn start(&self) -> CharOffset {
        self.start
    }

    pub fn end(&self) -> CharOffset {
        self.end
    }

    /// The covered characters, as the span says.
    pub fn text(&self) -> &str {
        &self.text
    }

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
