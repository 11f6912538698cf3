//! Property test of the model against a plain reference: random sequences of edits (add,
//! remove, relabel and resize spans, span notes, document status, documents added and
//! removed, batches, many of them meant to fail) with undo and redo, applied through
//! [`History`]. The reference is a list of documents, each with its status and a map from span
//! id to (start, end, label, note), changed by hand-written rules. After every step the project
//! must look exactly like the reference and [`Project::validate`] must find nothing; at the
//! end, undoing everything gives back the first project and redoing everything the last one,
//! both exactly (timestamps included).

use super::{
    Annotator, CharRange, DocId, DocStatus, Document, Edit, History, LabelId, Project, SpanId,
    Timestamp,
};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;

/// Texts documents are made of: Arabic, a combining mark, an emoji, a line end, a tiny one.
const TEXTS: [&str; 4] = [
    "هاجمت جماعة نصرة الإسلام بلدة بوريم وتمبكتو أمس",
    "قصفت الجماعة مطار تمبكتو 🔥 وغاو",
    "e\u{301} حصار\nكيدال وميناكا",
    "نص",
];

/// Labels edits use; the last is not in the schema.
const LABELS: [&str; 4] = ["GROUP", "PLACE", "EVENT", "TOWN"];

fn known(label: usize) -> bool {
    label < 3
}

/// The text of a document (all are made of [`TEXTS`]); empty for the missing document.
fn text_of(id: &DocId) -> &'static str {
    TEXTS
        .iter()
        .find(|t| &DocId::from_text(t) == id)
        .copied()
        .unwrap_or("")
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// (start, end, label, note) of one span.
type RefSpan = (usize, usize, usize, Option<String>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct RefDoc {
    id: DocId,
    status: DocStatus,
    spans: BTreeMap<SpanId, RefSpan>,
}

impl RefDoc {
    fn len(&self) -> usize {
        text_of(&self.id).chars().count()
    }

    /// Whether a span other than `except` has this range and label.
    fn taken(&self, start: usize, end: usize, label: usize, except: Option<SpanId>) -> bool {
        self.spans
            .iter()
            .any(|(id, s)| Some(*id) != except && (s.0, s.1, s.2) == (start, end, label))
    }
}

/// The reference model: documents in order.
type Reference = Vec<RefDoc>;

/// What the project looks like, in the reference's terms.
fn observe(p: &Project) -> Reference {
    p.documents()
        .iter()
        .map(|d| RefDoc {
            id: d.id().clone(),
            status: d.status,
            spans: d
                .spans()
                .iter()
                .map(|s| {
                    let label = LABELS.iter().position(|l| *l == s.label.as_str()).unwrap();
                    (s.id, (s.start.0, s.end.0, label, s.note.clone()))
                })
                .collect(),
        })
        .collect()
}

/// A document to add: which of [`TEXTS`], and spans (start, length, label).
type NewDoc = (usize, Vec<(usize, usize, usize)>);

#[derive(Debug, Clone)]
enum Op {
    Add {
        doc: Index,
        start: usize,
        len: usize,
        label: usize,
        /// Give the span a text that is not the one it covers.
        corrupt: bool,
        /// Reuse the id of a span already in the project.
        reuse: Option<Index>,
    },
    Remove {
        doc: Index,
        span: Index,
    },
    Relabel {
        doc: Index,
        span: Index,
        label: usize,
    },
    Resize {
        doc: Index,
        span: Index,
        start: usize,
        len: usize,
    },
    Note {
        doc: Index,
        span: Index,
        note: Option<&'static str>,
    },
    Status {
        doc: Index,
        status: usize,
    },
    /// New documents, the last of them maybe broken.
    AddDocs {
        docs: Vec<NewDoc>,
        broken: Option<usize>,
    },
    RemoveDoc {
        doc: Index,
    },
}

#[derive(Debug, Clone)]
enum Step {
    Edit(Op),
    Batch(Vec<Op>),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let label = 0usize..4;
    prop_oneof![
        4 => (
            any::<Index>(),
            0usize..40,
            0usize..8,
            label.clone(),
            prop::bool::weighted(0.1),
            prop::option::weighted(0.1, any::<Index>()),
        )
            .prop_map(|(doc, start, len, label, corrupt, reuse)| Op::Add {
                doc,
                start,
                len,
                label,
                corrupt,
                reuse,
            }),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(doc, span)| Op::Remove { doc, span }),
        2 => (any::<Index>(), any::<Index>(), label)
            .prop_map(|(doc, span, label)| Op::Relabel { doc, span, label }),
        2 => (any::<Index>(), any::<Index>(), 0usize..40, 0usize..8)
            .prop_map(|(doc, span, start, len)| Op::Resize { doc, span, start, len }),
        1 => (
            any::<Index>(),
            any::<Index>(),
            prop::option::of(prop::sample::select(vec!["", "  ", "ملاحظة", "note"])),
        )
            .prop_map(|(doc, span, note)| Op::Note { doc, span, note }),
        1 => (any::<Index>(), 0usize..3).prop_map(|(doc, status)| Op::Status { doc, status }),
        2 => (
            prop::collection::vec(
                (0usize..4, prop::collection::vec((0usize..40, 1usize..8, 0usize..3), 0..4)),
                1..3,
            ),
            prop::option::weighted(0.25, 0usize..6),
        )
            .prop_map(|(docs, broken)| Op::AddDocs { docs, broken }),
        1 => any::<Index>().prop_map(|doc| Op::RemoveDoc { doc }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => op().prop_map(Step::Edit),
        2 => prop::collection::vec(op(), 0..5).prop_map(Step::Batch),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

/// Turns ops into edits and predicts their outcome on the reference.
struct Planner {
    next_id: u64,
    author: super::AnnotatorId,
    now: Timestamp,
}

impl Planner {
    fn fresh(&mut self) -> SpanId {
        self.next_id += 1;
        SpanId(self.next_id)
    }

    /// The document an index picks, or a missing one.
    fn doc(r: &Reference, doc: &Index) -> (DocId, Option<usize>) {
        if r.is_empty() {
            return (DocId("d-missing".into()), None);
        }
        let k = doc.index(r.len());
        (r[k].id.clone(), Some(k))
    }

    /// The span an index picks in document `k`, or a missing one.
    fn span(r: &Reference, k: Option<usize>, span: &Index) -> (SpanId, bool) {
        match k.map(|k| &r[k].spans) {
            Some(spans) if !spans.is_empty() => {
                (*spans.keys().nth(span.index(spans.len())).unwrap(), true)
            }
            _ => (SpanId(1 << 60), false),
        }
    }

    /// The edit for `op` and the reference after it, or `None` when it must be refused.
    fn plan(&mut self, op: &Op, r: &Reference) -> (Edit, Option<Reference>) {
        let mut next = r.clone();
        match op {
            Op::Add {
                doc,
                start,
                len,
                label,
                corrupt,
                reuse,
            } => {
                let (id, k) = Self::doc(r, doc);
                let end = start + len;
                let text = text_of(&id);
                let mut covered = if end <= text.chars().count() {
                    chars(text, *start, end)
                } else {
                    String::new()
                };
                if *corrupt {
                    covered.push('x');
                }
                let all: Vec<SpanId> = r.iter().flat_map(|d| d.spans.keys().copied()).collect();
                let span_id = match reuse {
                    Some(i) if !all.is_empty() => all[i.index(all.len())],
                    _ => self.fresh(),
                };
                let mut span = super::Span::new(
                    LabelId::new(LABELS[*label]),
                    CharRange::new(*start, end),
                    covered,
                    self.author.clone(),
                    &self.now,
                );
                span.id = span_id;
                let edit = Edit::AddSpan { doc: id, span };
                let ok = k.is_some_and(|k| {
                    let d = &r[k];
                    known(*label)
                        && *len > 0
                        && end <= d.len()
                        && !*corrupt
                        && !all.contains(&span_id)
                        && !d.taken(*start, end, *label, None)
                });
                if ok {
                    let k = k.unwrap();
                    next[k].spans.insert(span_id, (*start, end, *label, None));
                }
                (edit, ok.then_some(next))
            }
            Op::Remove { doc, span } => {
                let (id, k) = Self::doc(r, doc);
                let (span, found) = Self::span(r, k, span);
                if found {
                    next[k.unwrap()].spans.remove(&span);
                }
                (Edit::RemoveSpan { doc: id, span }, found.then_some(next))
            }
            Op::Relabel { doc, span, label } => {
                let (id, k) = Self::doc(r, doc);
                let (span, found) = Self::span(r, k, span);
                let ok = found && known(*label) && {
                    let d = &r[k.unwrap()];
                    let s = &d.spans[&span];
                    !d.taken(s.0, s.1, *label, Some(span))
                };
                if ok {
                    next[k.unwrap()].spans.get_mut(&span).unwrap().2 = *label;
                }
                let edit = Edit::Relabel {
                    doc: id,
                    span,
                    label: LabelId::new(LABELS[*label]),
                };
                (edit, ok.then_some(next))
            }
            Op::Resize {
                doc,
                span,
                start,
                len,
            } => {
                let (id, k) = Self::doc(r, doc);
                let (span, found) = Self::span(r, k, span);
                let end = start + len;
                let ok = found && *len > 0 && {
                    let d = &r[k.unwrap()];
                    end <= d.len() && !d.taken(*start, end, d.spans[&span].2, Some(span))
                };
                if ok {
                    let s = next[k.unwrap()].spans.get_mut(&span).unwrap();
                    (s.0, s.1) = (*start, end);
                }
                let edit = Edit::Resize {
                    doc: id,
                    span,
                    range: CharRange::new(*start, end),
                };
                (edit, ok.then_some(next))
            }
            Op::Note { doc, span, note } => {
                let (id, k) = Self::doc(r, doc);
                let (span, found) = Self::span(r, k, span);
                if found {
                    next[k.unwrap()].spans.get_mut(&span).unwrap().3 =
                        note.filter(|n| !n.trim().is_empty()).map(str::to_owned);
                }
                let edit = Edit::SetSpanNote {
                    doc: id,
                    span,
                    note: note.map(str::to_owned),
                };
                (edit, found.then_some(next))
            }
            Op::Status { doc, status } => {
                let (id, k) = Self::doc(r, doc);
                let status = DocStatus::ALL[*status];
                if let Some(k) = k {
                    next[k].status = status;
                }
                (Edit::SetStatus { doc: id, status }, k.map(|_| next))
            }
            Op::AddDocs { docs, broken } => {
                let mut ok = true;
                let mut made = Vec::new();
                for (n, (t, spans)) in docs.iter().enumerate() {
                    let text = TEXTS[*t];
                    let mut d = Document::new(format!("{n}"), "", text);
                    let mut reference = RefDoc {
                        id: d.id().clone(),
                        status: DocStatus::Todo,
                        spans: BTreeMap::new(),
                    };
                    ok &= !r.iter().any(|x| x.id == reference.id)
                        && !made
                            .iter()
                            .any(|(x, _): &(Document, RefDoc)| x.id == reference.id);
                    for &(start, len, label) in spans {
                        let end = start + len;
                        if end > reference.len() || reference.taken(start, end, label, None) {
                            continue;
                        }
                        let range = CharRange::new(start, end);
                        let mut span = d
                            .new_span(range, LabelId::new(LABELS[label]), &self.author, &self.now)
                            .unwrap();
                        span.id = self.fresh();
                        reference.spans.insert(span.id, (start, end, label, None));
                        d.add_span(span, None)
                            .expect("a span the reference accepts");
                    }
                    made.push((d, reference));
                }
                if let Some(kind) = broken {
                    self.break_document(&mut made.last_mut().unwrap().0, *kind, r);
                    ok = false;
                }
                let (docs, refs): (Vec<_>, Vec<_>) = made.into_iter().unzip();
                next.extend(refs);
                (Edit::AddDocuments { docs }, ok.then_some(next))
            }
            Op::RemoveDoc { doc } => {
                let (id, k) = Self::doc(r, doc);
                if let Some(k) = k {
                    next.remove(k);
                }
                (Edit::RemoveDocuments { ids: vec![id] }, k.map(|_| next))
            }
        }
    }

    /// Damage a document the way only a hand-edited file could (the model's own fields).
    fn break_document(&mut self, d: &mut Document, kind: usize, r: &Reference) {
        let used = r.iter().flat_map(|d| d.spans.keys().copied()).next();
        match (kind, d.spans.first().cloned(), used) {
            (0, Some(mut s), _) => {
                // A copy with another id: same range and label.
                s.id = self.fresh();
                d.spans.push(s);
            }
            (1, Some(_), _) => d.spans[0].text.push('x'),
            (2, Some(_), _) => d.spans[0].label = LabelId::new("TOWN"),
            (3, Some(_), Some(id)) => d.spans[0].id = id,
            (4, _, _) => d.text.push('!'),
            _ => {
                // Out of range, whatever the document has.
                let len = d.len_chars();
                let mut s = super::Span::new(
                    LabelId::new("PLACE"),
                    CharRange::new(len.saturating_sub(1), len + 3),
                    "",
                    self.author.clone(),
                    &self.now,
                );
                s.id = self.fresh();
                d.spans.push(s);
            }
        }
        d.sort_spans();
    }
}

fn stamp(step: usize) -> Timestamp {
    Timestamp(format!("2026-01-01T{:02}:{:02}:00Z", step / 60, step % 60))
}

/// The first project: one document with two spans, made without history.
fn start(planner: &mut Planner) -> (Project, Reference) {
    let mut p = Project::new("p", Annotator::new("A"));
    planner.author = p.annotator.id.clone();
    let mut d = Document::new("0", "", TEXTS[0]);
    for (s, e, l) in [(6, 24, 0), (30, 35, 1)] {
        let mut span = d
            .new_span(
                CharRange::new(s, e),
                LabelId::new(LABELS[l]),
                &planner.author,
                &stamp(0),
            )
            .unwrap();
        span.id = planner.fresh();
        d.add_span(span, None).unwrap();
    }
    p.apply(Edit::AddDocuments { docs: vec![d] }, &stamp(0))
        .unwrap();
    let r = observe(&p);
    (p, r)
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let mut planner = Planner {
        next_id: 0,
        author: Default::default(),
        now: stamp(0),
    };
    let (mut p, mut r) = start(&mut planner);
    let first = p.clone();
    let mut history = History::new();
    let (mut undo, mut redo): (Vec<Reference>, Vec<Reference>) = (Vec::new(), Vec::new());
    for (n, step) in steps.iter().enumerate() {
        let now = stamp(n + 1);
        planner.now = now.clone();
        match step {
            Step::Edit(op) => {
                let (edit, expected) = planner.plan(op, &r);
                let result = history.apply(&mut p, edit.clone(), &now);
                prop_assert_eq!(
                    result.is_ok(),
                    expected.is_some(),
                    "{:?}: {:?}",
                    edit,
                    result
                );
                if let Some(next) = expected {
                    undo.push(std::mem::replace(&mut r, next));
                    redo.clear();
                }
            }
            Step::Batch(ops) => {
                let mut simulated = r.clone();
                let mut ok = true;
                let mut edits = Vec::new();
                for op in ops {
                    let (edit, expected) = planner.plan(op, &simulated);
                    edits.push(edit);
                    match expected {
                        Some(next) => simulated = next,
                        None => ok = false,
                    }
                }
                let noop = edits.is_empty();
                let edit = Edit::Batch { edits };
                let result = history.apply(&mut p, edit.clone(), &now);
                prop_assert_eq!(result.is_ok(), ok, "{:?}: {:?}", edit, result);
                if ok && !noop {
                    undo.push(std::mem::replace(&mut r, simulated));
                    redo.clear();
                }
            }
            Step::Undo => {
                let done = history.undo(&mut p, &now).unwrap();
                prop_assert_eq!(done, !undo.is_empty());
                if let Some(prev) = undo.pop() {
                    redo.push(std::mem::replace(&mut r, prev));
                }
            }
            Step::Redo => {
                let done = history.redo(&mut p, &now).unwrap();
                prop_assert_eq!(done, !redo.is_empty());
                if let Some(next) = redo.pop() {
                    undo.push(std::mem::replace(&mut r, next));
                }
            }
        }
        prop_assert_eq!(observe(&p), r.clone(), "after step {}: {:?}", n, step);
        let problems = p.validate();
        prop_assert!(problems.is_empty(), "after step {}: {:?}", n, problems);
        prop_assert_eq!(history.undo_len(), undo.len());
        prop_assert_eq!(history.can_redo(), !redo.is_empty());
    }
    // Redo what is left, undo everything, redo everything: exactly the last project, the
    // first, and the last again.
    let later = stamp(999);
    let walk = |history: &mut History, p: &mut Project, forward: bool| {
        let mut states = Vec::new();
        while if forward {
            history.redo(p, &later).unwrap()
        } else {
            history.undo(p, &later).unwrap()
        } {
            states.push(observe(p));
            assert!(p.validate().is_empty(), "{:?}", p.validate());
        }
        states
    };
    let redone = walk(&mut history, &mut p, true);
    let expected: Vec<Reference> = redo.iter().rev().cloned().collect();
    prop_assert_eq!(redone, expected);
    let last = p.clone();
    let undone = walk(&mut history, &mut p, false);
    prop_assert_eq!(undone.len(), undo.len() + redo.len());
    prop_assert_eq!(&p, &first);
    walk(&mut history, &mut p, true);
    prop_assert_eq!(&p, &last);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn edits_undo_and_redo_agree_with_a_plain_reference(
        steps in prop::collection::vec(step(), 1..40)
    ) {
        run(&steps)?;
    }
}
