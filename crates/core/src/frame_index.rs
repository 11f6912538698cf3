//! An index of one document's frames for drawing them: which events and relations refer to a
//! span, and which arcs (trigger → argument, head → tail) have an end in a visible range of
//! characters, so that a frame of the GUI touches only what is on screen.
//!
//! Built once per document and project state (the GUI keys it on the history's state number,
//! like its other caches) in O(s + a log a) for `s` spans and `a` arcs; a query for a visible
//! window is a binary search on the arc ends sorted by start, with a running maximum of their
//! ends (a *reach* table, so spans that start before the window and reach into it are found
//! too), then a walk over the ends that start inside the window: O(log a + k log k) for the `k`
//! ends it returns (plus any ends of long spans that start before the window and reach past
//! its start). All positions are [`CharOffset`]s of the document.
//!
//! [`arc_spec`] turns an arc into the input of [`crate::text::layout::arcs::layout_arcs`],
//! given where the pane drew each visible span; [`arc_text`] says what its label and an edge
//! marker show.

use crate::model::{CharOffset, CharRange, Document, EventId, RelationId, Schema, SpanId};
use crate::text::layout::arcs::{ArcEnd, ArcSpec, SpanPlace};

/// A frame that refers to a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FrameRef {
    /// The span triggers the event.
    Trigger(EventId),
    /// The span is the event's argument `arg` (an index into [`crate::model::Event::args`]).
    Argument { event: EventId, arg: u32 },
    /// The span is the relation's head or tail.
    Relation(RelationId),
}

/// Which arc: an event's argument, or a relation. Ordered, so layouts are deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArcKey {
    Argument { event: EventId, arg: u32 },
    Relation(RelationId),
}

/// One arc with the characters of its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameArc {
    pub key: ArcKey,
    /// The trigger, or the relation's head.
    pub from: CharRange,
    /// The argument, or the relation's tail (the arrowhead's end).
    pub to: CharRange,
}

/// One arc end, in the table sorted by start.
#[derive(Debug, Clone, Copy)]
struct End {
    start: CharOffset,
    end: CharOffset,
    arc: u32,
}

/// The frame index of one document.
#[derive(Debug, Clone, Default)]
pub struct FrameIndex {
    /// Every (span, frame referring to it), sorted, in two columns.
    ref_spans: Vec<SpanId>,
    refs: Vec<FrameRef>,
    arcs: Vec<FrameArc>,
    /// Both ends of every arc, by start (then end, then arc).
    ends: Vec<End>,
    /// `reach[i]`: the largest `end` among `ends[..=i]`.
    reach: Vec<CharOffset>,
}

impl FrameIndex {
    /// Index the events and relations of `doc`. Frames that refer to a span the document lacks
    /// (a damaged file) are left out of the arcs.
    pub fn new(doc: &Document) -> Self {
        // Sorted tables rather than hash maps: one allocation each, and a sort.
        let mut ranges: Vec<(SpanId, CharRange)> =
            doc.spans().iter().map(|s| (s.id, s.range())).collect();
        ranges.sort_unstable_by_key(|&(id, _)| id);
        let range = |id: SpanId| {
            ranges
                .binary_search_by_key(&id, |&(i, _)| i)
                .ok()
                .map(|i| ranges[i].1)
        };
        let mut refs: Vec<(SpanId, FrameRef)> = Vec::new();
        let mut arcs = Vec::new();
        for event in doc.events() {
            refs.push((event.trigger, FrameRef::Trigger(event.id)));
            let trigger = range(event.trigger);
            for (arg, a) in (0u32..).zip(&event.args) {
                refs.push((
                    a.span,
                    FrameRef::Argument {
                        event: event.id,
                        arg,
                    },
                ));
                if let (Some(from), Some(to)) = (trigger, range(a.span)) {
                    arcs.push(FrameArc {
                        key: ArcKey::Argument {
                            event: event.id,
                            arg,
                        },
                        from,
                        to,
                    });
                }
            }
        }
        for r in doc.relations() {
            refs.push((r.head, FrameRef::Relation(r.id)));
            // A relation from a span to itself is listed once.
            if r.tail != r.head {
                refs.push((r.tail, FrameRef::Relation(r.id)));
            }
            if let (Some(from), Some(to)) = (range(r.head), range(r.tail)) {
                arcs.push(FrameArc {
                    key: ArcKey::Relation(r.id),
                    from,
                    to,
                });
            }
        }
        refs.sort_unstable();
        Self::from_parts(refs, arcs)
    }

    /// The index of these references and arcs: the ends table and its reach.
    fn from_parts(refs: Vec<(SpanId, FrameRef)>, arcs: Vec<FrameArc>) -> Self {
        let mut ends: Vec<End> = (0u32..)
            .zip(&arcs)
            .flat_map(|(arc, a)| {
                [a.from, a.to].map(|r| End {
                    start: r.start,
                    end: r.end,
                    arc,
                })
            })
            .collect();
        ends.sort_unstable_by_key(|e| (e.start, e.end, e.arc));
        let reach = ends
            .iter()
            .scan(CharOffset(0), |max, e| {
                *max = (*max).max(e.end);
                Some(*max)
            })
            .collect();
        let (ref_spans, refs) = refs.into_iter().unzip();
        Self {
            ref_spans,
            refs,
            arcs,
            ends,
            reach,
        }
    }

    /// The frames that refer to `span`: the events it triggers, the arguments it fills and the
    /// relations it is an end of, sorted.
    pub fn referencing(&self, span: SpanId) -> &[FrameRef] {
        let lo = self.ref_spans.partition_point(|&s| s < span);
        let hi = self.ref_spans.partition_point(|&s| s <= span);
        &self.refs[lo..hi]
    }

    /// Every arc, events' arguments first (by event, in argument order), then relations.
    pub fn arcs(&self) -> &[FrameArc] {
        &self.arcs
    }

    /// The arcs with at least one end overlapping `window` (the characters on screen), each
    /// once, in the order of [`FrameIndex::arcs`].
    pub fn visible_arcs(&self, window: CharRange) -> Vec<&FrameArc> {
        if window.is_empty() {
            return Vec::new();
        }
        // The first end whose reach passes the window's start; every end before it ends
        // before the window.
        let first = self.reach.partition_point(|&r| r <= window.start);
        let mut found: Vec<u32> = self.ends[first..]
            .iter()
            .take_while(|e| e.start < window.end)
            .filter(|e| e.end > window.start)
            .map(|e| e.arc)
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.arcs[i as usize]).collect()
    }
}

/// What an arc says, for its label and for an edge marker's text ("Actor: جماعة نصرة
/// الإسلام"): the role (or the relation type's name) and the texts of both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArcText<'d> {
    pub name: &'d str,
    pub from_text: &'d str,
    pub to_text: &'d str,
}

/// The [`ArcText`] of `key` in `doc`; `None` when the frame or a span is gone.
pub fn arc_text<'d>(doc: &'d Document, schema: &'d Schema, key: ArcKey) -> Option<ArcText<'d>> {
    let text = |id: SpanId| doc.span(id).map(|s| s.text());
    match key {
        ArcKey::Argument { event, arg } => {
            let event = doc.event(event)?;
            let arg = event.args.get(arg as usize)?;
            Some(ArcText {
                name: arg.role.as_str(),
                from_text: text(event.trigger)?,
                to_text: text(arg.span)?,
            })
        }
        ArcKey::Relation(id) => {
            let r = doc.relation(id)?;
            let name = schema
                .relation_type(&r.kind)
                .map_or(r.kind.as_str(), |t| t.name.as_str());
            Some(ArcText {
                name,
                from_text: text(r.head)?,
                to_text: text(r.tail)?,
            })
        }
    }
}

/// The layout input for `arc`, given the visible `window` and where the pane drew a visible
/// span (`place` returns `None` for a range it did not draw). An end outside the window, or
/// not drawn, is above the view when it starts before the window and below otherwise.
pub fn arc_spec(
    arc: &FrameArc,
    window: CharRange,
    place: impl Fn(CharRange) -> Option<SpanPlace>,
    label_width: f32,
) -> ArcSpec<ArcKey> {
    let end = |r: CharRange| {
        let drawn = r.overlaps(&window).then(|| place(r)).flatten();
        match drawn {
            Some(p) => ArcEnd::Visible(p),
            None if r.start < window.start => ArcEnd::Above,
            None => ArcEnd::Below,
        }
    };
    ArcSpec {
        key: arc.key,
        from: end(arc.from),
        to: end(arc.to),
        label_width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, Edit, Event, EventTypeId, Relation, RelationTypeId, RoleId};
    use crate::test_markup::marked;
    use proptest::prelude::*;

    #[test]
    fn spans_know_their_frames_and_a_window_finds_the_arcs_with_an_end_in_it() {
        let mut m = marked(&[
            "[EVENT|كمين] نصبته [GROUP|نصرة الإسلام] قرب [PLACE|بير]. وأعلنت [GROUP|الجماعة] \
             أنها [GROUP|فرع] من [GROUP|القاعدة].",
        ]);
        let doc = m.docs[0].clone();
        let mut event = Event::new(
            m.span("كمين"),
            EventTypeId::new("armed_clash"),
            m.project.annotator.id.clone(),
            &m.now,
        );
        for (role, span) in [("Actor", "نصرة الإسلام"), ("Place", "بير")] {
            event.args.push(Argument {
                role: RoleId::new(role),
                span: m.span(span),
            });
        }
        let relation = Relation::new(
            RelationTypeId::new("branch_of"),
            m.span("الجماعة"),
            m.span("القاعدة"),
            m.project.annotator.id.clone(),
            &m.now,
        );
        let now = m.now.clone();
        for edit in [
            Edit::AddEvent {
                doc: doc.clone(),
                event: event.clone(),
            },
            Edit::AddRelation {
                doc: doc.clone(),
                relation: relation.clone(),
            },
        ] {
            m.project.apply(edit, &now).unwrap();
        }
        let index = FrameIndex::new(m.document(0));
        assert_eq!(
            index.referencing(m.span("كمين")),
            [FrameRef::Trigger(event.id)]
        );
        assert_eq!(
            index.referencing(m.span("بير")),
            [FrameRef::Argument {
                event: event.id,
                arg: 1
            }]
        );
        assert_eq!(
            index.referencing(m.span("القاعدة")),
            [FrameRef::Relation(relation.id)]
        );
        assert!(index.referencing(m.span("فرع")).is_empty());
        assert_eq!(index.arcs().len(), 3);

        // A window over بير alone: the Place arc; over the second sentence: the relation.
        let bir = m.document(0).span(m.span("بير")).unwrap().range();
        let keys = |w: CharRange| -> Vec<ArcKey> {
            index.visible_arcs(w).into_iter().map(|a| a.key).collect()
        };
        assert_eq!(
            keys(bir),
            [ArcKey::Argument {
                event: event.id,
                arg: 1
            }]
        );
        let second = CharRange::new(bir.end.0 + 2, m.document(0).len_chars());
        assert_eq!(keys(second), [ArcKey::Relation(relation.id)]);
        assert!(keys(CharRange::new(0, 0)).is_empty());

        // As layout input: the trigger is drawn, بير is below the window.
        let window = CharRange::new(0, 10);
        let arc = index.visible_arcs(window)[1];
        let spec = arc_spec(
            arc,
            window,
            |r| {
                Some(SpanPlace {
                    line: 0,
                    x0: r.start.0 as f32,
                    x1: r.end.0 as f32,
                })
            },
            30.0,
        );
        assert!(matches!(spec.from, ArcEnd::Visible(_)));
        assert_eq!(spec.to, ArcEnd::Below);

        // What the label and a marker say.
        let schema = m.project.schema();
        let said = arc_text(m.document(0), schema, arc.key).unwrap();
        assert_eq!(
            (said.name, said.from_text, said.to_text),
            ("Place", "كمين", "بير")
        );
        let said = arc_text(m.document(0), schema, ArcKey::Relation(relation.id)).unwrap();
        assert_eq!(
            (said.name, said.from_text, said.to_text),
            ("Branch of", "الجماعة", "القاعدة")
        );
        assert!(arc_text(m.document(0), schema, ArcKey::Relation(RelationId(3))).is_none());
    }

    /// Spans as (start, length) and arcs as (from, to) indices into them.
    type Frames = (Vec<(usize, usize)>, Vec<(usize, usize)>);

    /// Random spans (nested and overlapping allowed) and arcs between them, by index.
    fn arb_frames() -> impl Strategy<Value = Frames> {
        prop::collection::vec((0usize..300, 1usize..40), 1..40).prop_flat_map(|spans| {
            let n = spans.len();
            (Just(spans), prop::collection::vec((0..n, 0..n), 0..60))
        })
    }

    proptest! {
        #[test]
        fn a_document_s_index_agrees_with_a_scan_of_its_frames(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "[EVENT|هجوم]", "[EVENT|كمين]", "[GROUP|الجيش]", "[GROUP|فاغنر]",
                "[PLACE|غاو]", "[PLACE|بير]", "في", "قرب", ".", "[EVENT|حصار [PLACE|تمبكتو]]",
            ]), 1..30),
            events in prop::collection::vec((any::<usize>(), prop::collection::vec(any::<usize>(), 0..4)), 0..8),
            relations in prop::collection::vec((any::<usize>(), any::<usize>()), 0..6),
            window in (0usize..200, 1usize..80),
        ) {
            let mut m = marked(&[&pieces.join(" ")]);
            let doc = m.docs[0].clone();
            let spans: Vec<(SpanId, String)> = m
                .document(0)
                .spans()
                .iter()
                .map(|s| (s.id, s.label.as_str().to_owned()))
                .collect();
            let of = |label: &str| -> Vec<SpanId> {
                spans.iter().filter(|(_, l)| l == label).map(|(id, _)| *id).collect()
            };
            let (triggers, groups, places) = (of("EVENT"), of("GROUP"), of("PLACE"));
            let now = m.now.clone();
            for (t, args) in events {
                let Some(&trigger) = triggers.get(t % triggers.len().max(1)) else { continue };
                let mut event = Event::new(
                    trigger,
                    EventTypeId::new("armed_clash"),
                    m.project.annotator.id.clone(),
                    &now,
                );
                for a in args {
                    let (role, pool) = if a % 2 == 0 { ("Actor", &groups) } else { ("Place", &places) };
                    if let Some(&span) = pool.get(a / 2 % pool.len().max(1)) {
                        let arg = Argument { role: RoleId::new(role), span };
                        if !event.args.contains(&arg) {
                            event.args.push(arg);
                        }
                    }
                }
                let _ = m.project.apply(Edit::AddEvent { doc: doc.clone(), event }, &now);
            }
            for (h, t) in relations {
                if groups.is_empty() {
                    break;
                }
                let relation = Relation::new(
                    RelationTypeId::new("allied_with"),
                    groups[h % groups.len()],
                    groups[t % groups.len()],
                    m.project.annotator.id.clone(),
                    &now,
                );
                let _ = m.project.apply(Edit::AddRelation { doc: doc.clone(), relation }, &now);
            }
            let document = m.document(0);
            let index = FrameIndex::new(document);
            for (span, _) in &spans {
                let mut want = Vec::new();
                for e in document.events() {
                    if e.trigger == *span {
                        want.push(FrameRef::Trigger(e.id));
                    }
                    for (arg, a) in (0u32..).zip(&e.args) {
                        if a.span == *span {
                            want.push(FrameRef::Argument { event: e.id, arg });
                        }
                    }
                }
                for r in document.relations() {
                    if r.refers_to(*span) {
                        want.push(FrameRef::Relation(r.id));
                    }
                }
                want.sort_unstable();
                prop_assert_eq!(index.referencing(*span), want.as_slice());
            }
            let window = CharRange::new(window.0, window.0 + window.1);
            let range = |id: SpanId| document.span(id).unwrap().range();
            let mut want: Vec<ArcKey> = Vec::new();
            for e in document.events() {
                for (arg, a) in (0u32..).zip(&e.args) {
                    if range(e.trigger).overlaps(&window) || range(a.span).overlaps(&window) {
                        want.push(ArcKey::Argument { event: e.id, arg });
                    }
                }
            }
            for r in document.relations() {
                if range(r.head).overlaps(&window) || range(r.tail).overlaps(&window) {
                    want.push(ArcKey::Relation(r.id));
                }
            }
            let got: Vec<ArcKey> = index.visible_arcs(window).iter().map(|a| a.key).collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn visible_arcs_are_those_with_an_end_in_the_window(
            (spans, links) in arb_frames(),
            start in 0usize..340,
            len in 0usize..120,
        ) {
            let ranges: Vec<CharRange> =
                spans.iter().map(|&(s, l)| CharRange::new(s, s + l)).collect();
            // Built from arcs directly, as `new` does after resolving spans.
            let arcs: Vec<FrameArc> = links
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| FrameArc {
                    key: ArcKey::Relation(RelationId(i as u64)),
                    from: ranges[a],
                    to: ranges[b],
                })
                .collect();
            let index = FrameIndex::from_parts(Vec::new(), arcs.clone());
            let window = CharRange::new(start, start + len);
            let got: Vec<ArcKey> = index.visible_arcs(window).iter().map(|a| a.key).collect();
            let want: Vec<ArcKey> = arcs
                .iter()
                .filter(|a| !window.is_empty() && (a.from.overlaps(&window) || a.to.overlaps(&window)))
                .map(|a| a.key)
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}
