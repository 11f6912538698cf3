//! The checks of the model, in one place: [`span_faults`] checks a span against its document
//! and schema (label known, range inside the text and not empty, covered text matching, no
//! other span with the same range and label), [`document_faults`] a whole document. Both
//! [`Project::apply`] (before it changes anything) and [`Project::validate`] (on a loaded
//! project, listing every problem with document, span and reason) use them, and so do
//! [`super::Document::check_span`] and [`super::Document::add_span`] for documents not yet in a
//! project.

use super::{CharRange, DocId, Document, EditError, Project, Schema, Span, SpanId};
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

/// One thing wrong with a span as one of a document's spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SpanFault {
    UnknownLabel,
    Empty,
    OutOfRange {
        len: usize,
    },
    TextMismatch {
        found: String,
    },
    /// Same range and label as the span at this index of the document's spans.
    Duplicate {
        other: usize,
    },
}

impl SpanFault {
    /// The fault as the error of a refused edit.
    pub(super) fn into_edit_error(self, span: &Span) -> EditError {
        let range = span.range();
        match self {
            SpanFault::UnknownLabel => EditError::NoSuchLabel(span.label.clone()),
            SpanFault::Empty => EditError::EmptySpan,
            SpanFault::OutOfRange { len } => EditError::OutOfRange { range, len },
            SpanFault::TextMismatch { found } => EditError::TextMismatch {
                range,
                given: span.text.clone(),
                actual: found,
            },
            SpanFault::Duplicate { .. } => EditError::Duplicate {
                label: span.label.clone(),
                range,
            },
        }
    }

    /// The fault as a problem of a loaded project.
    fn into_problem(self, span: &Span, document: &Document) -> ProblemKind {
        let (start, end) = (span.start.0, span.end.0);
        match self {
            SpanFault::UnknownLabel => ProblemKind::UnknownLabel(span.label.to_string()),
            SpanFault::Empty => ProblemKind::Empty { start, end },
            SpanFault::OutOfRange { len } => ProblemKind::OutOfRange { start, end, len },
            SpanFault::TextMismatch { found } => ProblemKind::TextMismatch {
                expected: span.text.clone(),
                found,
            },
            SpanFault::Duplicate { other } => ProblemKind::DuplicateSpan {
                other: document.spans[other].id,
            },
        }
    }
}

/// The one check of a span against its document and schema: everything wrong with `span` as
/// one of `document`'s spans, in this order: its label is not in `schema` (not checked when
/// `schema` is `None`, for a document not yet in a project), its range is empty or outside the
/// text, its `text` is not the characters it covers, another span of the document has the same
/// range and label. `own` is the span's own index in the document's (sorted) spans when it is
/// already there or replaces the span there; that one is not a duplicate. `slice` gives the
/// document's characters of a range (`None` outside the text), so callers with a
/// [`CharIndex`] can use it.
pub(super) fn span_faults<'d>(
    schema: Option<&Schema>,
    document: &'d Document,
    span: &Span,
    own: Option<usize>,
    slice: impl FnOnce(CharRange) -> Option<&'d str>,
) -> Vec<SpanFault> {
    let mut faults = Vec::new();
    if schema.is_some_and(|schema| !schema.contains(&span.label)) {
        faults.push(SpanFault::UnknownLabel);
    }
    let range = span.range();
    if range.is_empty() {
        faults.push(SpanFault::Empty);
    } else {
        match slice(range) {
            None => faults.push(SpanFault::OutOfRange {
                len: document.len_chars(),
            }),
            Some(found) if found != span.text => faults.push(SpanFault::TextMismatch {
                found: found.to_owned(),
            }),
            Some(_) => {}
        }
    }
    let first = document.spans.partition_point(|s| s.start < span.start);
    let duplicate = document.spans[first..]
        .iter()
        .take_while(|s| s.start == span.start)
        .enumerate()
        .find(|&(k, s)| s.end == span.end && s.label == span.label && Some(first + k) != own);
    if let Some((k, _)) = duplicate {
        faults.push(SpanFault::Duplicate { other: first + k });
    }
    faults
}

/// The first fault of `span` as one of `document`'s spans under `schema`, as an edit error.
pub(super) fn check_span<'d>(
    schema: Option<&Schema>,
    document: &'d Document,
    span: &Span,
    own: Option<usize>,
    slice: impl FnOnce(CharRange) -> Option<&'d str>,
) -> Result<(), EditError> {
    match span_faults(schema, document, span, own, slice)
        .into_iter()
        .next()
    {
        Some(fault) => Err(fault.into_edit_error(span)),
        None => Ok(()),
    }
}

/// The id a document should have, when its id is not the hash of its text.
fn id_fault(document: &Document) -> Option<DocId> {
    let expected = DocId::from_text(&document.text);
    (expected != document.id).then_some(expected)
}

/// Check a whole document before it goes into a project under `schema`: its id is the hash of
/// its text, and every span passes [`span_faults`] and has an id not in `span_ids` (to which
/// the document's span ids are added). A refusal names the document and the span.
pub(super) fn document_faults(
    schema: &Schema,
    document: &Document,
    span_ids: &mut HashSet<SpanId>,
) -> Result<(), EditError> {
    let refuse = |span: Option<SpanId>, error: EditError| EditError::InvalidDocument {
        doc: document.id.clone(),
        title: document.title.clone(),
        span,
        error: Box::new(error),
    };
    if let Some(expected) = id_fault(document) {
        return Err(refuse(None, EditError::IdMismatch { expected }));
    }
    if document.spans.is_empty() {
        return Ok(());
    }
    let index = CharIndex::new(&document.text);
    for (i, span) in document.spans.iter().enumerate() {
        if !span_ids.insert(span.id) {
            return Err(refuse(Some(span.id), EditError::DuplicateSpanId(span.id)));
        }
        check_span(Some(schema), document, span, Some(i), |r| {
            index.slice(&document.text, r)
        })
        .map_err(|error| refuse(Some(span.id), error))?;
    }
    Ok(())
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
            if let Some(expected) = id_fault(doc) {
                problems.push(problem(None, ProblemKind::IdMismatch { expected }));
            }
            let index = CharIndex::new(&doc.text);
            for (i, span) in doc.spans.iter().enumerate() {
                if !span_ids.insert(span.id) {
                    problems.push(problem(Some(span.id), ProblemKind::DuplicateSpanId));
                }
                let faults = span_faults(Some(&self.schema), doc, span, Some(i), |r| {
                    index.slice(&doc.text, r)
                });
                for fault in faults {
                    // Each pair of duplicates is reported once, at the later span.
                    if matches!(fault, SpanFault::Duplicate { other } if other > i) {
                        continue;
                    }
                    problems.push(problem(Some(span.id), fault.into_problem(span, doc)));
                }
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
