//! Checking a loaded project: every span in range, its covered text matching, labels known,
//! ids unique. Each problem names the document, the span and the reason.

use super::{DocId, Project, SpanId};
use crate::text::CharIndex;
use std::collections::HashSet;
use std::fmt;

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    Empty {
        start: usize,
        end: usize,
    },
    TextMismatch {
        expected: String,
        found: String,
    },
    UnknownLabel(String),
    DuplicateSpanId,
    DuplicateSpan {
        other: SpanId,
    },
    DuplicateDocument,
    /// The document id is not the hash of its text: the text was changed after import.
    IdMismatch {
        expected: DocId,
    },
    DuplicateLabel(String),
}

/// One problem found in a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub doc_title: Option<String>,
    pub doc: Option<DocId>,
    pub span: Option<SpanId>,
    pub kind: ProblemKind,
}

/// `s` in double quotes, with only invisible and control characters escaped, so Arabic with
/// diacritics reads as itself in messages.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}') =>
            {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.doc_title, &self.doc) {
            (Some(title), Some(id)) => write!(f, "document {} ({id})", quoted(title))?,
            _ => write!(f, "project")?,
        }
        if let Some(span) = self.span {
            write!(f, ", span {span}")?;
        }
        f.write_str(": ")?;
        match &self.kind {
            ProblemKind::OutOfRange { start, end, len } => {
                write!(
                    f,
                    "range {start}..{end} is outside the text ({len} characters)"
                )
            }
            ProblemKind::Empty { start, end } => write!(f, "range {start}..{end} is empty"),
            ProblemKind::TextMismatch { expected, found } => write!(
                f,
                "covered text {} does not match the document, which has {} there",
                quoted(expected),
                quoted(found)
            ),
            ProblemKind::UnknownLabel(label) => {
                write!(f, "label {} is not in the schema", quoted(label))
            }
            ProblemKind::DuplicateSpanId => write!(f, "span id is used more than once"),
            ProblemKind::DuplicateSpan { other } => {
                write!(f, "same range and label as span {other}")
            }
            ProblemKind::DuplicateDocument => write!(f, "document appears more than once"),
            ProblemKind::IdMismatch { expected } => write!(
                f,
                "id is not the hash of the text (expected {expected}): was the text edited?"
            ),
            ProblemKind::DuplicateLabel(label) => write!(f, "label {label:?} is defined twice"),
        }
    }
}

impl Project {
    /// Every problem in the project, in file order. An empty list means the project is valid.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut labels = HashSet::new();
        for label in &self.schema.labels {
            if !labels.insert(&label.id) {
                problems.push(Problem {
                    doc_title: None,
                    doc: None,
                    span: None,
                    kind: ProblemKind::DuplicateLabel(label.id.to_string()),
                });
            }
        }
        let mut docs = HashSet::new();
        let mut span_ids = HashSet::new();
        for doc in &self.documents {
            let problem = |span: Option<SpanId>, kind| Problem {
                doc_title: Some(doc.title.clone()),
                doc: Some(doc.id.clone()),
                span,
                kind,
            };
            if !docs.insert(&doc.id) {
                problems.push(problem(None, ProblemKind::DuplicateDocument));
            }
            let expected = DocId::from_text(&doc.text);
            if expected != doc.id {
                problems.push(problem(None, ProblemKind::IdMismatch { expected }));
            }
            let index = CharIndex::new(&doc.text);
            let len = index.len_chars();
            let mut previous: Option<&crate::model::Span> = None;
            for span in &doc.spans {
                let (start, end) = (span.start.0, span.end.0);
                if !span_ids.insert(span.id) {
                    problems.push(problem(Some(span.id), ProblemKind::DuplicateSpanId));
                }
                if !labels.contains(&span.label) {
                    problems.push(problem(
                        Some(span.id),
                        ProblemKind::UnknownLabel(span.label.to_string()),
                    ));
                }
                if start >= end {
                    problems.push(problem(Some(span.id), ProblemKind::Empty { start, end }));
                } else if end > len {
                    problems.push(problem(
                        Some(span.id),
                        ProblemKind::OutOfRange { start, end, len },
                    ));
                } else {
                    let found = index.slice(&doc.text, span.range()).unwrap_or_default();
                    if found != span.text {
                        problems.push(problem(
                            Some(span.id),
                            ProblemKind::TextMismatch {
                                expected: span.text.clone(),
                                found: found.to_owned(),
                            },
                        ));
                    }
                }
                if let Some(prev) = previous
                    && prev.start == span.start
                    && prev.end == span.end
                    && prev.label == span.label
                {
                    problems.push(problem(
                        Some(span.id),
                        ProblemKind::DuplicateSpan { other: prev.id },
                    ));
                }
                previous = Some(span);
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharOffset, CharRange, Document, Edit, LabelId, Timestamp};

    #[test]
    fn finds_each_kind_of_span_problem() {
        let now = Timestamp::now();
        let mut p = Project::new("t", Annotator::new("A"));
        let doc = Document::new("عنوان", "", "هجوم قرب بير");
        let id = doc.id.clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        let span = p
            .new_span(&id, CharRange::new(9, 12), LabelId::new("PLACE"), &now)
            .unwrap();
        p.apply(
            Edit::AddSpan {
                doc: id.clone(),
                span,
            },
            &now,
        )
        .unwrap();
        assert!(p.validate().is_empty());

        let mut broken = p.clone();
        broken.documents[0].spans[0].end = CharOffset(40);
        let problems = broken.validate();
        assert_eq!(problems.len(), 1);
        let message = problems[0].to_string();
        assert!(
            message.contains("عنوان") && message.contains("outside the text"),
            "{message}"
        );

        let mut broken = p.clone();
        broken.documents[0].spans[0].text = "بئر".into();
        assert!(matches!(
            broken.validate()[0].kind,
            ProblemKind::TextMismatch { .. }
        ));

        let mut broken = p.clone();
        broken.documents[0].spans[0].label = LabelId::new("TOWN");
        assert!(matches!(
            broken.validate()[0].kind,
            ProblemKind::UnknownLabel(_)
        ));

        let mut broken = p.clone();
        let copy = broken.documents[0].spans[0].clone();
        broken.documents[0].spans.push(copy);
        let kinds: Vec<_> = broken.validate().into_iter().map(|p| p.kind).collect();
        assert!(kinds.contains(&ProblemKind::DuplicateSpanId));
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, ProblemKind::DuplicateSpan { .. }))
        );

        let mut broken = p;
        broken.documents[0].text.push('!');
        assert!(matches!(
            broken.validate()[0].kind,
            ProblemKind::IdMismatch { .. }
        ));
    }
}
