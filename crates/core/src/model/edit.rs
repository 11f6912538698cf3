//! Edits: every change to a project is an [`Edit`] value applied by [`Project::apply`], which
//! checks it, performs it and returns the edit that undoes it.
//!
//! The GUI, the CLI, autosave and the tests all change projects through this one function.

use super::{
    CharRange, DocId, DocStatus, Document, LabelId, Project, ProjectSettings, Schema, Span, SpanId,
    Timestamp,
};
use crate::text::CharIndex;
use std::collections::{HashMap, HashSet};
use thiserror::Error;

/// One change to a project.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add a span (its `text` must equal the covered characters).
    AddSpan {
        doc: DocId,
        span: Span,
    },
    RemoveSpan {
        doc: DocId,
        span: SpanId,
    },
    Relabel {
        doc: DocId,
        span: SpanId,
        label: LabelId,
    },
    Resize {
        doc: DocId,
        span: SpanId,
        range: CharRange,
    },
    SetSpanNote {
        doc: DocId,
        span: SpanId,
        note: Option<String>,
    },
    /// Put back a span exactly as given (same id); the inverse of relabel, resize and note.
    RestoreSpan {
        doc: DocId,
        span: Span,
    },
    SetStatus {
        doc: DocId,
        status: DocStatus,
    },
    SetDocNote {
        doc: DocId,
        note: String,
    },
    /// Append documents (an import).
    AddDocuments {
        docs: Vec<Document>,
    },
    /// Put documents back at the given positions (the inverse of a removal).
    InsertDocuments {
        docs: Vec<(usize, Document)>,
    },
    RemoveDocuments {
        ids: Vec<DocId>,
    },
    SetSchema {
        schema: Schema,
    },
    /// Replace the project's snapping rules and declared aliases.
    SetSettings {
        settings: ProjectSettings,
    },
    Rename {
        name: String,
    },
    /// Several edits as one undo step, applied in order; all or nothing.
    Batch {
        edits: Vec<Edit>,
    },
}

/// Why an edit was refused. The project is unchanged after an error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("no document with id {0}")]
    NoSuchDocument(DocId),
    #[error("no span with id {0}")]
    NoSuchSpan(SpanId),
    #[error("no label {0} in the schema")]
    NoSuchLabel(LabelId),
    #[error("range {range} is outside the text ({len} characters)")]
    OutOfRange { range: CharRange, len: usize },
    #[error("a span must cover at least one character")]
    EmptySpan,
    #[error("span text {given:?} does not match the text at {range} ({actual:?})")]
    TextMismatch {
        range: CharRange,
        given: String,
        actual: String,
    },
    #[error("a {label} span already covers {range}")]
    Duplicate { label: LabelId, range: CharRange },
    #[error("span id {0} is already in use")]
    DuplicateSpanId(SpanId),
    #[error("document {0} is already in the project")]
    DuplicateDocument(DocId),
    #[error("label {0} is still used by {1} spans")]
    LabelInUse(LabelId, usize),
    #[error("the schema has two labels with id {0}")]
    DuplicateLabel(LabelId),
}

impl Edit {
    /// True for edits that change nothing (an empty batch).
    pub fn is_noop(&self) -> bool {
        matches!(self, Edit::Batch { edits } if edits.iter().all(Edit::is_noop))
    }
}

/// Indexes built once per batch, so that adding thousands of spans (annotate-all over a
/// whole project) costs time in proportion to the spans added, not to spans × project size.
#[derive(Default)]
struct BatchLookup {
    span_ids: Option<HashSet<SpanId>>,
    docs: Option<HashMap<DocId, usize>>,
    char_indexes: HashMap<usize, CharIndex>,
}

impl Project {
    /// [`Edit::AddSpan`] inside a batch: the same checks as [`Project::apply`], through the
    /// batch's indexes.
    fn add_span_in_batch(
        &mut self,
        doc: DocId,
        span: Span,
        lookup: &mut BatchLookup,
    ) -> Result<Edit, EditError> {
        if !self.schema.contains(&span.label) {
            return Err(EditError::NoSuchLabel(span.label));
        }
        let ids = lookup.span_ids.get_or_insert_with(|| {
            self.documents
                .iter()
                .flat_map(|d| d.spans.iter().map(|s| s.id))
                .collect()
        });
        if ids.contains(&span.id) {
            return Err(EditError::DuplicateSpanId(span.id));
        }
        let docs = lookup.docs.get_or_insert_with(|| {
            self.documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect()
        });
        let index = *docs
            .get(&doc)
            .ok_or_else(|| EditError::NoSuchDocument(doc.clone()))?;
        let document = &mut self.documents[index];
        let chars = lookup
            .char_indexes
            .entry(index)
            .or_insert_with(|| CharIndex::new(&document.text));
        let text = &document.text;
        check_span(document, &span, None, |r| chars.slice(text, r))?;
        let at = document.insertion_point(&span);
        let id = span.id;
        document.spans.insert(at, span);
        ids.insert(id);
        Ok(Edit::RemoveSpan { doc, span: id })
    }

    /// Apply `edit` and return its inverse. `now` stamps created and modified spans.
    ///
    /// On error the project is left exactly as it was, also for a failing [`Edit::Batch`].
    pub fn apply(&mut self, edit: Edit, now: &Timestamp) -> Result<Edit, EditError> {
        match edit {
            Edit::Batch { edits } => {
                let mut inverses = Vec::with_capacity(edits.len());
                let mut lookup = BatchLookup::default();
                for edit in edits {
                    let result = match edit {
                        Edit::AddSpan { doc, span } => {
                            self.add_span_in_batch(doc, span, &mut lookup)
                        }
                        other => {
                            // Anything else may change documents or ids: start afresh.
                            lookup = BatchLookup::default();
                            self.apply(other, now)
                        }
                    };
                    match result {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            for inverse in inverses.into_iter().rev() {
                                self.apply(inverse, now)
                                    .expect("the inverse of an applied edit applies");
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch { edits: inverses })
            }
            Edit::AddSpan { doc, span } => {
                if !self.schema.contains(&span.label) {
                    return Err(EditError::NoSuchLabel(span.label));
                }
                if self.has_span_id(span.id) {
                    return Err(EditError::DuplicateSpanId(span.id));
                }
                let document = self.document_mut(&doc)?;
                check_span(document, &span, None, |r| document.slice(r))?;
                let at = document.insertion_point(&span);
                let id = span.id;
                document.spans.insert(at, span);
                Ok(Edit::RemoveSpan { doc, span: id })
            }
            Edit::RemoveSpan { doc, span } => {
                let document = self.document_mut(&doc)?;
                let index = document
                    .span_index(span)
                    .ok_or(EditError::NoSuchSpan(span))?;
                let removed = document.spans.remove(index);
                Ok(Edit::AddSpan { doc, span: removed })
            }
            Edit::Relabel { doc, span, label } => {
                if !self.schema.contains(&label) {
                    return Err(EditError::NoSuchLabel(label));
                }
                self.change_span(doc, span, now, |s, _| {
                    s.label = label;
                    Ok(())
                })
            }
            Edit::Resize { doc, span, range } => self.change_span(doc, span, now, |s, document| {
                let text = document.slice(range).ok_or(EditError::OutOfRange {
                    range,
                    len: document.len_chars(),
                })?;
                s.text = text.to_owned();
                s.start = range.start;
                s.end = range.end;
                Ok(())
            }),
            Edit::SetSpanNote { doc, span, note } => self.change_span(doc, span, now, |s, _| {
                s.note = note.filter(|n| !n.trim().is_empty());
                Ok(())
            }),
            Edit::RestoreSpan { doc, span } => {
                if !self.schema.contains(&span.label) {
                    return Err(EditError::NoSuchLabel(span.label));
                }
                let document = self.document_mut(&doc)?;
                let index = document
                    .span_index(span.id)
                    .ok_or(EditError::NoSuchSpan(span.id))?;
                check_span(document, &span, Some(span.id), |r| document.slice(r))?;
                let old = std::mem::replace(&mut document.spans[index], span);
                document.sort_spans();
                Ok(Edit::RestoreSpan { doc, span: old })
            }
            Edit::SetStatus { doc, status } => {
                let document = self.document_mut(&doc)?;
                let old = std::mem::replace(&mut document.status, status);
                Ok(Edit::SetStatus { doc, status: old })
            }
            Edit::SetDocNote { doc, note } => {
                let document = self.document_mut(&doc)?;
                let old = std::mem::replace(&mut document.note, note);
                Ok(Edit::SetDocNote { doc, note: old })
            }
            Edit::AddDocuments { docs } => {
                let mut seen = std::collections::HashSet::new();
                for d in &docs {
                    if self.document(&d.id).is_some() || !seen.insert(&d.id) {
                        return Err(EditError::DuplicateDocument(d.id.clone()));
                    }
                }
                let ids = docs.iter().map(|d| d.id.clone()).collect();
                self.documents.extend(docs);
                Ok(Edit::RemoveDocuments { ids })
            }
            Edit::InsertDocuments { mut docs } => {
                for (_, d) in &docs {
                    if self.document(&d.id).is_some() {
                        return Err(EditError::DuplicateDocument(d.id.clone()));
                    }
                }
                docs.sort_by_key(|(i, _)| *i);
                let ids = docs.iter().map(|(_, d)| d.id.clone()).collect();
                for (index, d) in docs {
                    let index = index.min(self.documents.len());
                    self.documents.insert(index, d);
                }
                Ok(Edit::RemoveDocuments { ids })
            }
            Edit::RemoveDocuments { ids } => {
                let mut positions = Vec::with_capacity(ids.len());
                for id in &ids {
                    let index = self
                        .document_index(id)
                        .ok_or_else(|| EditError::NoSuchDocument(id.clone()))?;
                    positions.push(index);
                }
                positions.sort_unstable();
                positions.dedup();
                let mut removed = Vec::with_capacity(positions.len());
                for &index in positions.iter().rev() {
                    removed.push((index, self.documents.remove(index)));
                }
                removed.reverse();
                Ok(Edit::InsertDocuments { docs: removed })
            }
            Edit::SetSchema { schema } => {
                let mut seen = std::collections::HashSet::new();
                for label in &schema.labels {
                    if !seen.insert(&label.id) {
                        return Err(EditError::DuplicateLabel(label.id.clone()));
                    }
                }
                for old in &self.schema.labels {
                    if !schema.contains(&old.id) {
                        let used = self
                            .documents
                            .iter()
                            .flat_map(|d| &d.spans)
                            .filter(|s| s.label == old.id)
                            .count();
                        if used > 0 {
                            return Err(EditError::LabelInUse(old.id.clone(), used));
                        }
                    }
                }
                let old = std::mem::replace(&mut self.schema, schema);
                Ok(Edit::SetSchema { schema: old })
            }
            Edit::SetSettings { settings } => {
                let old = std::mem::replace(&mut self.settings, settings);
                Ok(Edit::SetSettings { settings: old })
            }
            Edit::Rename { name } => {
                let old = std::mem::replace(&mut self.name, name);
                Ok(Edit::Rename { name: old })
            }
        }
    }

    /// Change one span through `change`, re-check it, keep the spans sorted, and return the
    /// edit that restores the old span.
    fn change_span(
        &mut self,
        doc: DocId,
        span: SpanId,
        now: &Timestamp,
        change: impl FnOnce(&mut Span, &Document) -> Result<(), EditError>,
    ) -> Result<Edit, EditError> {
        let document = self.document_mut(&doc)?;
        let index = document
            .span_index(span)
            .ok_or(EditError::NoSuchSpan(span))?;
        let old = document.spans[index].clone();
        let mut new = old.clone();
        change(&mut new, document)?;
        check_span(document, &new, Some(span), |r| document.slice(r))?;
        new.modified = now.clone();
        document.spans[index] = new;
        document.sort_spans();
        Ok(Edit::RestoreSpan { doc, span: old })
    }
}

/// Check that `span` fits `document` and duplicates no other span (ignoring span `except`).
fn check_span<'d>(
    document: &'d Document,
    span: &Span,
    except: Option<SpanId>,
    slice: impl Fn(CharRange) -> Option<&'d str>,
) -> Result<(), EditError> {
    let range = span.range();
    if range.is_empty() {
        return Err(EditError::EmptySpan);
    }
    let actual = slice(range).ok_or_else(|| EditError::OutOfRange {
        range,
        len: document.len_chars(),
    })?;
    if actual != span.text {
        return Err(EditError::TextMismatch {
            range,
            given: span.text.clone(),
            actual: actual.to_owned(),
        });
    }
    let first = document.spans.partition_point(|s| s.start < span.start);
    let duplicate = document.spans[first..]
        .iter()
        .take_while(|s| s.start == span.start)
        .any(|s| s.end == span.end && s.label == span.label && Some(s.id) != except);
    if duplicate {
        return Err(EditError::Duplicate {
            label: span.label.clone(),
            range,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange};

    fn project() -> (Project, DocId) {
        let mut p = Project::new("t", Annotator::new("Amina"));
        let doc = Document::new("t", "t.txt", "هاجمت جماعة نصرة الإسلام وتمبكتو أمس");
        let id = doc.id.clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &Timestamp::now())
            .unwrap();
        (p, id)
    }

    fn add(
        p: &mut Project,
        doc: &DocId,
        range: CharRange,
        label: &str,
    ) -> Result<SpanId, EditError> {
        let now = Timestamp::now();
        let span = p.new_span(doc, range, LabelId::new(label), &now)?;
        let id = span.id;
        p.apply(
            Edit::AddSpan {
                doc: doc.clone(),
                span,
            },
            &now,
        )?;
        Ok(id)
    }

    #[test]
    fn add_then_inverse_restores() {
        let (mut p, doc) = project();
        let before = p.clone();
        let now = Timestamp::now();
        let span = p
            .new_span(&doc, CharRange::new(6, 24), LabelId::new("GROUP"), &now)
            .unwrap();
        assert_eq!(span.text, "جماعة نصرة الإسلام");
        let inverse = p
            .apply(
                Edit::AddSpan {
                    doc: doc.clone(),
                    span,
                },
                &now,
            )
            .unwrap();
        assert_eq!(p.span_count(), 1);
        p.apply(inverse, &now).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn duplicates_are_refused_but_nesting_is_allowed() {
        let (mut p, doc) = project();
        add(&mut p, &doc, CharRange::new(6, 24), "GROUP").unwrap();
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(6, 24), "GROUP"),
            Err(EditError::Duplicate { .. })
        ));
        add(&mut p, &doc, CharRange::new(6, 24), "EVENT").unwrap();
        add(&mut p, &doc, CharRange::new(12, 24), "GROUP").unwrap();
        assert_eq!(p.span_count(), 3);
    }

    #[test]
    fn out_of_range_and_mismatch_are_refused() {
        let (mut p, doc) = project();
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(30, 99), "PLACE"),
            Err(EditError::OutOfRange { .. })
        ));
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(3, 3), "PLACE"),
            Err(EditError::EmptySpan)
        ));
        assert!(matches!(
            add(&mut p, &doc, CharRange::new(0, 2), "NOPE"),
            Err(EditError::NoSuchLabel(_))
        ));
        let now = Timestamp::now();
        let mut span = p
            .new_span(&doc, CharRange::new(25, 32), LabelId::new("PLACE"), &now)
            .unwrap();
        span.text = "تمبكتو".into();
        let err = p.apply(Edit::AddSpan { doc, span }, &now).unwrap_err();
        assert!(matches!(err, EditError::TextMismatch { .. }), "{err}");
    }

    #[test]
    fn relabel_resize_and_undo_exactly() {
        let (mut p, doc) = project();
        let id = add(&mut p, &doc, CharRange::new(25, 32), "PLACE").unwrap();
        let before = p.clone();
        let later = Timestamp("2030-01-01T00:00:00Z".into());
        let inv1 = p
            .apply(
                Edit::Resize {
                    doc: doc.clone(),
                    span: id,
                    range: CharRange::new(26, 32),
                },
                &later,
            )
            .unwrap();
        assert_eq!(p.documents[0].span(id).unwrap().text, "تمبكتو");
        assert_eq!(p.documents[0].span(id).unwrap().modified, later);
        let inv2 = p
            .apply(
                Edit::Relabel {
                    doc: doc.clone(),
                    span: id,
                    label: LabelId::new("EVENT"),
                },
                &later,
            )
            .unwrap();
        p.apply(inv2, &later).unwrap();
        p.apply(inv1, &later).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn failing_batch_changes_nothing() {
        let (mut p, doc) = project();
        let now = Timestamp::now();
        let good = p
            .new_span(&doc, CharRange::new(0, 5), LabelId::new("EVENT"), &now)
            .unwrap();
        let mut bad = p
            .new_span(&doc, CharRange::new(6, 11), LabelId::new("GROUP"), &now)
            .unwrap();
        bad.end = crate::model::CharOffset(999);
        let before = p.clone();
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![
                        Edit::AddSpan {
                            doc: doc.clone(),
                            span: good,
                        },
                        Edit::AddSpan { doc, span: bad },
                    ],
                },
                &now,
            )
            .unwrap_err();
        assert!(matches!(err, EditError::OutOfRange { .. }));
        assert_eq!(p, before);
    }

    #[test]
    fn batch_of_spans_checks_ids_ranges_and_duplicates_like_single_edits() {
        let (mut p, doc) = project();
        let now = Timestamp::now();
        let a = p
            .new_span(&doc, CharRange::new(0, 5), LabelId::new("EVENT"), &now)
            .unwrap();
        let mut same_id = p
            .new_span(&doc, CharRange::new(6, 11), LabelId::new("GROUP"), &now)
            .unwrap();
        same_id.id = a.id;
        let before = p.clone();
        let add = |span: &Span| Edit::AddSpan {
            doc: doc.clone(),
            span: span.clone(),
        };
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![add(&a), add(&same_id)],
                },
                &now,
            )
            .unwrap_err();
        assert_eq!(err, EditError::DuplicateSpanId(a.id));
        assert_eq!(p, before);
        let mut twin = a.clone();
        twin.id = SpanId(a.id.0 ^ 1);
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![add(&a), add(&twin)],
                },
                &now,
            )
            .unwrap_err();
        assert!(matches!(err, EditError::Duplicate { .. }));
        assert_eq!(p, before);
        let mut bad = same_id.clone();
        bad.id = SpanId(7);
        bad.text = "خطأ".into();
        let err = p
            .apply(
                Edit::Batch {
                    edits: vec![add(&a), add(&bad)],
                },
                &now,
            )
            .unwrap_err();
        assert!(matches!(err, EditError::TextMismatch { .. }));
        assert_eq!(p, before);
        // A removal in the middle of a batch is seen by the additions after it.
        p.apply(add(&a), &now).unwrap();
        let inverse = p
            .apply(
                Edit::Batch {
                    edits: vec![
                        Edit::RemoveSpan {
                            doc: doc.clone(),
                            span: a.id,
                        },
                        add(&a),
                    ],
                },
                &now,
            )
            .unwrap();
        assert_eq!(p.span_count(), 1);
        p.apply(inverse, &now).unwrap();
        assert_eq!(p.span_count(), 1);
    }

    #[test]
    fn removing_documents_and_undoing_keeps_order() {
        let mut p = Project::new("t", Annotator::new("A"));
        let now = Timestamp::now();
        let docs: Vec<_> = (0..4)
            .map(|i| Document::new(format!("{i}"), "", format!("نص {i}")))
            .collect();
        p.apply(Edit::AddDocuments { docs }, &now).unwrap();
        let before = p.clone();
        let ids = vec![p.documents[1].id.clone(), p.documents[3].id.clone()];
        let inverse = p.apply(Edit::RemoveDocuments { ids }, &now).unwrap();
        assert_eq!(p.documents.len(), 2);
        p.apply(inverse, &now).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn schema_change_refuses_to_drop_a_used_label() {
        let (mut p, doc) = project();
        add(&mut p, &doc, CharRange::new(25, 32), "PLACE").unwrap();
        let mut schema = p.schema.clone();
        schema.labels.retain(|l| l.id.as_str() != "PLACE");
        let err = p
            .apply(Edit::SetSchema { schema }, &Timestamp::now())
            .unwrap_err();
        assert_eq!(err, EditError::LabelInUse(LabelId::new("PLACE"), 1));
    }
}
