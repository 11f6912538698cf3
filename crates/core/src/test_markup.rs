//! A tiny span markup for tests, after helix-core's `test.rs`: `"أعلنت [GROUP|جماعة نصرة
//! الإسلام] أمس"` is the text without the brackets and a GROUP span over the name. Marks may
//! nest (`[EVENT|حصار [PLACE|تمبكتو]]`). The schema is the default one, whose `DATE` label
//! (kind Other) marks dates.

use crate::model::{
    Annotator, CharRange, DocId, Document, Edit, LabelId, Project, Schema, SpanId, Timestamp,
};

/// A project built from markup: one document per string, and the spans in the order their
/// marks open.
pub(crate) struct Marked {
    pub project: Project,
    pub docs: Vec<DocId>,
    pub spans: Vec<SpanId>,
    pub now: Timestamp,
}

/// The schema markup projects use: the default one (GROUP, PLACE, EVENT, DATE).
pub(crate) fn markup_schema() -> Schema {
    Schema::default()
}

/// The text of `markup` and its marks as `(label, range)`, in the order they open.
pub(crate) fn parse(markup: &str) -> (String, Vec<(String, CharRange)>) {
    let mut text = String::new();
    let mut chars = 0;
    let mut open: Vec<(usize, usize)> = Vec::new(); // (index in marks, start)
    let mut marks: Vec<(String, CharRange)> = Vec::new();
    let mut rest = markup;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '[' => {
                let bar = rest
                    .find('|')
                    .expect("a mark names its label: [LABEL|text]");
                marks.push((rest[..bar].to_owned(), CharRange::new(chars, chars)));
                open.push((marks.len() - 1, chars));
                rest = &rest[bar + 1..];
            }
            ']' => {
                let (i, start) = open.pop().expect("a ] closes a mark");
                marks[i].1 = CharRange::new(start, chars);
            }
            c => {
                text.push(c);
                chars += 1;
            }
        }
    }
    assert!(open.is_empty(), "every mark is closed");
    (text, marks)
}

/// A project with one document per markup string, every mark a span.
pub(crate) fn marked(markups: &[&str]) -> Marked {
    let now = Timestamp("2026-12-04T10:00:00Z".into());
    let mut project = Project::new("markup", Annotator::new("Amina"));
    project
        .apply(
            Edit::SetSchema {
                schema: markup_schema(),
            },
            &now,
        )
        .unwrap();
    let mut docs = Vec::new();
    let mut spans = Vec::new();
    for (n, markup) in markups.iter().enumerate() {
        let (text, marks) = parse(markup);
        let doc = Document::new(format!("doc {n}"), format!("doc-{n}.txt"), text);
        let id = doc.id().clone();
        project
            .apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        for (label, range) in marks {
            let span = project
                .new_span(&id, range, LabelId::new(label), &now)
                .unwrap();
            spans.push(span.id);
            project
                .apply(
                    Edit::AddSpan {
                        doc: id.clone(),
                        span,
                    },
                    &now,
                )
                .unwrap();
        }
        docs.push(id);
    }
    Marked {
        project,
        docs,
        spans,
        now,
    }
}

impl Marked {
    pub fn document(&self, n: usize) -> &Document {
        self.project.document(&self.docs[n]).unwrap()
    }

    /// The first span (in mark order) whose text is `text`.
    pub fn span(&self, text: &str) -> SpanId {
        *self
            .spans
            .iter()
            .find(|&&id| {
                self.project
                    .documents()
                    .iter()
                    .any(|d| d.span(id).is_some_and(|s| s.text() == text))
            })
            .unwrap_or_else(|| panic!("no span {text:?}"))
    }
}

#[test]
fn marks_nest_and_leave_the_text_without_brackets() {
    let (text, marks) = parse("[EVENT|حصار [PLACE|تمبكتو]] مستمر");
    assert_eq!(text, "حصار تمبكتو مستمر");
    assert_eq!(marks[0], ("EVENT".into(), CharRange::new(0, 11)));
    assert_eq!(marks[1], ("PLACE".into(), CharRange::new(5, 11)));
}
