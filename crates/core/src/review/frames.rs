//! Events and relations of several annotators lined up on one document, and what they
//! disagree on.
//!
//! *Events* are grouped by trigger: each annotator's events, in annotator order, are paired one
//! to one with the groups formed so far, best pair first ([`pair_best_first`]: same type, then
//! the same trigger range, then the longest shared stretch); an event left over opens a group of
//! its own. A group holds at most one event per annotator. *Arguments* are compared role by role
//! on their spans: two fillers are the same argument when their spans share a character. (When
//! the entity registry lands, a filler linked to an entity should match by entity first; the
//! comparison is in [`role_issues`].) *Relations* are grouped by their two ends (both sharing a
//! character, in either direction for a symmetric type).
//!
//! Each disagreement is a [`FrameDisagreement`] of one [`FrameIssue`]: a missing event, a type
//! conflict, another trigger extent, a missing / extra / different argument of one role, an
//! attribute whose values differ (factuality, date, fatalities …), a missing relation or a
//! relation of another type. Positions are `CharOffset`s of the document text.

use super::align::AlignedDoc;
use crate::model::{AttributeId, CharRange, Event, Relation, RoleId, Schema, Span, SpanId};
use serde::Serialize;

/// An event with its spans resolved.
#[derive(Debug, Clone)]
pub struct EventView<'a> {
    pub event: &'a Event,
    pub trigger: &'a Span,
    /// Each argument whose span exists, in the event's order.
    pub args: Vec<(&'a RoleId, &'a Span)>,
}

/// A relation with its ends resolved.
#[derive(Debug, Clone)]
pub struct RelationView<'a> {
    pub relation: &'a Relation,
    pub head: &'a Span,
    pub tail: &'a Span,
}

/// One annotator's frames on one document, with the spans they refer to.
#[derive(Debug, Clone, Default)]
pub struct FramesOf<'a> {
    pub events: Vec<EventView<'a>>,
    pub relations: Vec<RelationView<'a>>,
}

impl<'a> FramesOf<'a> {
    /// Annotator `a`'s frames on `doc` (empty when the file lacks the document). A reference
    /// to a span the file does not have (a damaged file) leaves that argument, or that event or
    /// relation, out.
    pub fn of(doc: &'a AlignedDoc, a: usize) -> Self {
        if doc.events[a].is_empty() && doc.relations[a].is_empty() {
            return Self::default();
        }
        // A few dozen look-ups in a few dozen spans: a sorted list beats hashing.
        let mut sorted: Vec<(SpanId, &'a Span)> = doc.spans[a].iter().map(|s| (s.id, s)).collect();
        sorted.sort_unstable_by_key(|(id, _)| *id);
        let by_id = ById(sorted);
        let events = doc.events[a]
            .iter()
            .filter_map(|event| {
                Some(EventView {
                    event,
                    trigger: by_id.get(&event.trigger)?,
                    args: event
                        .args
                        .iter()
                        .filter_map(|arg| Some((&arg.role, *by_id.get(&arg.span)?)))
                        .collect(),
                })
            })
            .collect();
        let relations = doc.relations[a]
            .iter()
            .filter_map(|relation| {
                Some(RelationView {
                    relation,
                    head: by_id.get(&relation.head)?,
                    tail: by_id.get(&relation.tail)?,
                })
            })
            .collect();
        Self { events, relations }
    }
}

/// Spans by id, as a sorted list.
struct ById<'a>(Vec<(SpanId, &'a Span)>);

impl<'a> ById<'a> {
    fn get(&self, id: &SpanId) -> Option<&&'a Span> {
        self.0
            .binary_search_by_key(id, |(k, _)| *k)
            .ok()
            .map(|i| &self.0[i].1)
    }
}

/// Pair items of two lists one to one: every pair `score` accepts is a candidate, candidates
/// are taken best score first (ties in list order), each item at most once. Returns the pairs
/// sorted by the first index.
pub fn pair_best_first<S: Ord>(
    na: usize,
    nb: usize,
    score: impl Fn(usize, usize) -> Option<S>,
) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(S, usize, usize)> = Vec::new();
    for i in 0..na {
        for j in 0..nb {
            if let Some(s) = score(i, j) {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_a, mut used_b) = (vec![false; na], vec![false; nb]);
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// How well two events' triggers match: `None` when they share no character; better when the
/// types agree, then when the ranges are equal, then the more characters they share.
pub fn event_score(a: &EventView, b: &EventView) -> Option<(bool, bool, usize)> {
    let (ra, rb) = (a.trigger.range(), b.trigger.range());
    ra.overlaps(&rb).then(|| {
        (
            a.event.event_type == b.event.event_type,
            ra == rb,
            ra.intersection_len(&rb),
        )
    })
}

/// How well two arguments match: their spans must share a character; the same role first,
/// then the same range, then the longest shared stretch.
pub fn argument_score(a: (&RoleId, &Span), b: (&RoleId, &Span)) -> Option<(bool, bool, usize)> {
    let (ra, rb) = (a.1.range(), b.1.range());
    ra.overlaps(&rb)
        .then(|| (a.0 == b.0, ra == rb, ra.intersection_len(&rb)))
}

/// How well two relations match: both ends must share a character (head with head and tail
/// with tail, or crosswise when either relation's type is symmetric); the same type first,
/// then both ends equal, then the characters shared.
pub fn relation_score(
    a: &RelationView,
    b: &RelationView,
    schema: &Schema,
) -> Option<(bool, bool, usize)> {
    let symmetric = |r: &RelationView| {
        schema
            .relation_type(&r.relation.kind)
            .is_some_and(|t| t.symmetric)
    };
    let ends = |h: &Span, t: &Span| {
        let (h1, t1, h2, t2) = (a.head.range(), a.tail.range(), h.range(), t.range());
        (h1.overlaps(&h2) && t1.overlaps(&t2)).then(|| {
            (
                h1 == h2 && t1 == t2,
                h1.intersection_len(&h2) + t1.intersection_len(&t2),
            )
        })
    };
    let direct = ends(b.head, b.tail);
    let crossed = if symmetric(a) || symmetric(b) {
        ends(b.tail, b.head)
    } else {
        None
    };
    let best = direct.max(crossed)?;
    Some((a.relation.kind == b.relation.kind, best.0, best.1))
}

/// Events of several annotators that stand for the same event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventGroup {
    /// Per annotator, the index of its event in [`FramesOf::events`], if it has one here.
    pub members: Vec<Option<usize>>,
    /// The union of the members' trigger ranges.
    pub range: CharRange,
}

/// Relations of several annotators between the same two spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationGroup {
    /// Per annotator, the index of its relation in [`FramesOf::relations`].
    pub members: Vec<Option<usize>>,
    /// The union of the members' head ranges.
    pub range: CharRange,
}

/// What kind of disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameIssue {
    /// Some annotators of the document have no event on this trigger.
    MissingEvent,
    /// The same trigger typed differently.
    TypeConflict,
    /// Overlapping triggers of different extent.
    TriggerExtent,
    /// A role filler most of the others give is missing (and nothing else is given instead).
    MissingArgument,
    /// A role filler nobody else gives.
    ExtraArgument,
    /// The role filled with another span than the others' (Place given to the wrong town).
    DifferentArgument,
    /// An attribute set to different values, or set by some only.
    AttributeConflict,
    /// Some annotators have no relation between these spans.
    MissingRelation,
    /// The same ends related with different types.
    RelationTypeConflict,
}

impl FrameIssue {
    pub const ALL: [FrameIssue; 9] = [
        FrameIssue::MissingEvent,
        FrameIssue::TypeConflict,
        FrameIssue::TriggerExtent,
        FrameIssue::MissingArgument,
        FrameIssue::ExtraArgument,
        FrameIssue::DifferentArgument,
        FrameIssue::AttributeConflict,
        FrameIssue::MissingRelation,
        FrameIssue::RelationTypeConflict,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FrameIssue::MissingEvent => "missing event",
            FrameIssue::TypeConflict => "type conflict",
            FrameIssue::TriggerExtent => "trigger extent",
            FrameIssue::MissingArgument => "missing argument",
            FrameIssue::ExtraArgument => "extra argument",
            FrameIssue::DifferentArgument => "different argument",
            FrameIssue::AttributeConflict => "attribute conflict",
            FrameIssue::MissingRelation => "missing relation",
            FrameIssue::RelationTypeConflict => "relation type conflict",
        }
    }

    /// Whether the issue is about a relation group (else an event group).
    pub fn is_relation(self) -> bool {
        matches!(
            self,
            FrameIssue::MissingRelation | FrameIssue::RelationTypeConflict
        )
    }
}

/// What one annotator has at the place of a disagreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub annotator: String,
    /// `—` for nothing.
    pub value: String,
}

/// One classified disagreement on frames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameDisagreement {
    pub issue: FrameIssue,
    /// Index of the document in the alignment.
    #[serde(skip)]
    pub doc: usize,
    /// Index of the event group (or relation group, see [`FrameIssue::is_relation`]).
    #[serde(skip)]
    pub group: usize,
    pub document: String,
    /// The trigger's (or the relation head's) characters.
    pub range: (usize, usize),
    /// The trigger's text, or `head → tail` for a relation.
    pub at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// The annotators the issue is about: those who miss the event, argument or relation,
    /// give the extra or different argument, or whose type or value is not the most common.
    pub annotators: Vec<String>,
    /// Indices of those annotators.
    #[serde(skip)]
    pub annotator_indices: Vec<usize>,
    /// What each annotator of the document (or of the event, for arguments and attributes)
    /// has here.
    pub versions: Vec<Version>,
    /// In a diff against a gold ([`super::diff_gold`]): who decided the gold's frame here and
    /// why, from its provenance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// The frames of one document lined up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocFrames {
    pub groups: Vec<EventGroup>,
    pub relation_groups: Vec<RelationGroup>,
}

/// Group the events of the annotators present (`frames[a]` for every annotator, empty for the
/// absent) by trigger.
pub fn group_events(frames: &[FramesOf], present: &[usize]) -> Vec<EventGroup> {
    group_best_first(
        frames.len(),
        present,
        |a| &frames[a].events,
        event_score,
        |e| e.trigger.range(),
    )
    .into_iter()
    .map(|(members, range)| EventGroup { members, range })
    .collect()
}

/// Group the relations of the annotators present by their ends.
pub fn group_relations(
    frames: &[FramesOf],
    present: &[usize],
    schema: &Schema,
) -> Vec<RelationGroup> {
    group_best_first(
        frames.len(),
        present,
        |a| &frames[a].relations,
        |x, y| relation_score(x, y, schema),
        |r| r.head.range(),
    )
    .into_iter()
    .map(|(members, range)| RelationGroup { members, range })
    .collect()
}

/// The grouping behind [`group_events`] and [`group_relations`]: annotator by annotator, each
/// item joins the group whose best member scores highest with it ([`pair_best_first`]), or
/// starts a group of its own. Returns each group's member per annotator (an index into
/// `items(a)`) and the union of the members' ranges, in text order.
fn group_best_first<'a, T: 'a, S: Ord>(
    n: usize,
    present: &[usize],
    items: impl Fn(usize) -> &'a [T],
    score: impl Fn(&T, &T) -> Option<S>,
    range: impl Fn(&T) -> CharRange,
) -> Vec<(Vec<Option<usize>>, CharRange)> {
    // Each group remembers its members as (annotator, item index).
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    for &a in present {
        let mine = items(a);
        let pairs = pair_best_first(groups.len(), mine.len(), |g, e| {
            groups[g]
                .iter()
                .filter_map(|&(b, k)| score(&items(b)[k], &mine[e]))
                .max()
        });
        let mut joined = vec![false; mine.len()];
        for (g, e) in pairs {
            groups[g].push((a, e));
            joined[e] = true;
        }
        for e in (0..mine.len()).filter(|e| !joined[*e]) {
            groups.push(vec![(a, e)]);
        }
    }
    let mut out: Vec<(Vec<Option<usize>>, CharRange)> = groups
        .into_iter()
        .map(|members| {
            let mut slots = vec![None; n];
            for &(a, k) in &members {
                slots[a] = Some(k);
            }
            let union = union(members.iter().map(|&(a, k)| range(&items(a)[k])));
            (slots, union)
        })
        .collect();
    out.sort_by_key(|(_, r)| (r.start, r.end));
    out
}

fn union(ranges: impl Iterator<Item = CharRange>) -> CharRange {
    ranges
        .reduce(|x, y| CharRange {
            start: x.start.min(y.start),
            end: x.end.max(y.end),
        })
        .unwrap_or_default()
}

/// Line up the frames of one document.
pub fn align_frames(doc: &AlignedDoc, frames: &[FramesOf], schema: &Schema) -> DocFrames {
    DocFrames {
        groups: group_events(frames, &doc.present),
        relation_groups: group_relations(frames, &doc.present, schema),
    }
}

/// The annotators (of `values`) whose value is not the most common one (ties go to the value
/// seen first).
fn odd_ones<T: PartialEq>(values: &[(usize, T)]) -> Vec<usize> {
    let count = |v: &T| values.iter().filter(|(_, w)| w == v).count();
    let Some(best) = values
        .iter()
        .map(|(_, v)| v)
        .reduce(|best, v| if count(v) > count(best) { v } else { best })
    else {
        return Vec::new();
    };
    values
        .iter()
        .filter(|(_, v)| v != best)
        .map(|(a, _)| *a)
        .collect()
}

const NOTHING: &str = "—";

/// Everything the annotators disagree on in one document's frames.
pub fn disagreements(
    doc_index: usize,
    doc: &AlignedDoc,
    names: &[String],
    frames: &[FramesOf],
    aligned: &DocFrames,
    schema: &Schema,
) -> Vec<FrameDisagreement> {
    let mut out = Vec::new();
    add_disagreements(doc_index, doc, names, frames, aligned, schema, &mut out);
    out
}

/// [`disagreements`] pushed onto `out` (one list for all documents, no copy per document).
pub fn add_disagreements(
    doc_index: usize,
    doc: &AlignedDoc,
    names: &[String],
    frames: &[FramesOf],
    aligned: &DocFrames,
    schema: &Schema,
    out: &mut Vec<FrameDisagreement>,
) {
    for (g, group) in aligned.groups.iter().enumerate() {
        event_group_issues(doc_index, doc, names, frames, g, group, schema, out);
    }
    for (g, group) in aligned.relation_groups.iter().enumerate() {
        relation_group_issues(doc_index, doc, names, frames, g, group, out);
    }
}

/// The builder of one group's disagreements.
struct At<'a> {
    doc: usize,
    group: usize,
    document: &'a str,
    range: CharRange,
    at: String,
    names: &'a [String],
}

impl At<'_> {
    fn issue(
        &self,
        issue: FrameIssue,
        annotators: Vec<usize>,
        versions: Vec<(usize, String)>,
    ) -> FrameDisagreement {
        FrameDisagreement {
            issue,
            doc: self.doc,
            group: self.group,
            document: self.document.to_owned(),
            range: (self.range.start.get(), self.range.end.get()),
            at: self.at.clone(),
            role: None,
            attribute: None,
            annotators: annotators.iter().map(|&a| self.names[a].clone()).collect(),
            annotator_indices: annotators,
            versions: versions
                .into_iter()
                .map(|(a, value)| Version {
                    annotator: self.names[a].clone(),
                    value,
                })
                .collect(),
            decided_by: None,
            rationale: None,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn event_group_issues(
    doc_index: usize,
    doc: &AlignedDoc,
    names: &[String],
    frames: &[FramesOf],
    g: usize,
    group: &EventGroup,
    schema: &Schema,
    out: &mut Vec<FrameDisagreement>,
) {
    let holders: Vec<(usize, &EventView)> = group
        .members
        .iter()
        .enumerate()
        .filter_map(|(a, m)| m.map(|k| (a, &frames[a].events[k])))
        .collect();
    let Some(&(_, first)) = holders.first() else {
        return;
    };
    let at = At {
        doc: doc_index,
        group: g,
        document: &doc.title,
        range: group.range,
        at: first.trigger.text().to_owned(),
        names,
    };
    let describe = |e: &EventView| format!("{} «{}»", e.event.event_type, e.trigger.text());
    let missing: Vec<usize> = doc
        .present
        .iter()
        .copied()
        .filter(|&a| group.members[a].is_none())
        .collect();
    if !missing.is_empty() {
        let versions = doc
            .present
            .iter()
            .map(|&a| {
                let v =
                    group.members[a].map_or(NOTHING.to_owned(), |k| describe(&frames[a].events[k]));
                (a, v)
            })
            .collect();
        out.push(at.issue(FrameIssue::MissingEvent, missing, versions));
    }
    if holders.len() < 2 {
        return;
    }
    let versions = || holders.iter().map(|(a, e)| (*a, describe(e))).collect();
    // Most groups agree on most things: each check first asks, without allocating, whether
    // every holder has the same, and only then looks for the odd ones.
    let all_same =
        |f: &dyn Fn(&EventView, &EventView) -> bool| holders.iter().all(|(_, e)| f(e, first));
    if !all_same(&|e, f| e.event.event_type == f.event.event_type) {
        let types: Vec<(usize, _)> = holders
            .iter()
            .map(|(a, e)| (*a, &e.event.event_type))
            .collect();
        let odd = odd_ones(&types);
        if !odd.is_empty() {
            out.push(at.issue(FrameIssue::TypeConflict, odd, versions()));
        }
    }
    if !all_same(&|e, f| e.trigger.range() == f.trigger.range()) {
        let ranges: Vec<(usize, CharRange)> = holders
            .iter()
            .map(|(a, e)| (*a, e.trigger.range()))
            .collect();
        let odd = odd_ones(&ranges);
        if !odd.is_empty() {
            out.push(at.issue(FrameIssue::TriggerExtent, odd, versions()));
        }
    }
    // Roles in the order of the schema's (first holder's) event type, then any others.
    let mut roles: Vec<&RoleId> = schema
        .event_type(&first.event.event_type)
        .map(|t| t.roles.iter().map(|r| &r.id).collect())
        .unwrap_or_default();
    for (_, e) in &holders {
        for (role, _) in &e.args {
            if !roles.contains(role) {
                roles.push(role);
            }
        }
    }
    for role in roles {
        // The same fillers in the same order everywhere: nothing to report for the role.
        if all_same(&|e, f| filler_ranges(e, role).eq(filler_ranges(f, role))) {
            continue;
        }
        role_issues(&at, &holders, role, out);
    }
    if all_same(&|e, f| e.event.attrs == f.event.attrs) {
        return;
    }
    let mut attributes: Vec<&AttributeId> = Vec::new();
    for (_, e) in &holders {
        for id in e.event.attrs.keys() {
            if !attributes.contains(&id) {
                attributes.push(id);
            }
        }
    }
    for id in attributes {
        let values: Vec<(usize, Option<_>)> = holders
            .iter()
            .map(|(a, e)| (*a, e.event.attrs.get(id)))
            .collect();
        let odd = odd_ones(&values);
        if odd.is_empty() {
            continue;
        }
        let versions = values
            .iter()
            .map(|(a, v)| (*a, v.map_or(NOTHING.to_owned(), ToString::to_string)))
            .collect();
        let mut issue = at.issue(FrameIssue::AttributeConflict, odd, versions);
        issue.attribute = Some(id.to_string());
        out.push(issue);
    }
}

/// The ranges of the spans filling `role` in `e`, in order.
fn filler_ranges<'e>(e: &'e EventView, role: &'e RoleId) -> impl Iterator<Item = CharRange> + 'e {
    e.args
        .iter()
        .filter(move |(r, _)| *r == role)
        .map(|(_, s)| s.range())
}

/// Compare the fillers of one role among the events of a group. Fillers are the same
/// argument when their spans share a character (transitively, across annotators). For each
/// filler not every holder gives: if at least as many give it as do not, it is *missing* for
/// those who do not, or a *different* argument for those of them who give another filler of
/// the role that not everyone gives (Place given to the wrong town); if fewer give it, it is
/// *extra* for them (unless they already differ).
fn role_issues(
    at: &At,
    holders: &[(usize, &EventView)],
    role: &RoleId,
    out: &mut Vec<FrameDisagreement>,
) {
    let mut clusters: Vec<(Vec<CharRange>, Vec<usize>)> = Vec::new();
    for (a, e) in holders {
        for (r, s) in &e.args {
            if *r != role {
                continue;
            }
            let range = s.range();
            let joined: Vec<usize> = (0..clusters.len())
                .filter(|&c| clusters[c].0.iter().any(|x| x.overlaps(&range)))
                .collect();
            let mut merged = (vec![range], vec![*a]);
            for &c in joined.iter().rev() {
                let (ranges, who) = clusters.remove(c);
                merged.0.extend(ranges);
                merged.1.extend(who);
            }
            merged.1.sort_unstable();
            merged.1.dedup();
            clusters.push(merged);
        }
    }
    if clusters.is_empty() {
        return;
    }
    let everyone = holders.len();
    let unshared_holders: Vec<usize> = clusters
        .iter()
        .filter(|(_, who)| who.len() < everyone)
        .flat_map(|(_, who)| who.iter().copied())
        .collect();
    let (mut missing, mut different, mut extra) = (Vec::new(), Vec::new(), Vec::new());
    for (_, who) in clusters.iter().filter(|(_, who)| who.len() < everyone) {
        let lacking: Vec<usize> = holders
            .iter()
            .map(|(a, _)| *a)
            .filter(|a| !who.contains(a))
            .collect();
        if who.len() >= lacking.len() {
            for l in lacking {
                if unshared_holders.contains(&l) {
                    different.push(l);
                } else {
                    missing.push(l);
                }
            }
        } else {
            extra.extend(who.iter().copied());
        }
    }
    let tidy = |v: &mut Vec<usize>| {
        v.sort_unstable();
        v.dedup();
    };
    tidy(&mut missing);
    tidy(&mut different);
    extra.retain(|a| !different.contains(a));
    tidy(&mut extra);
    for (kind, who) in [
        (FrameIssue::MissingArgument, missing),
        (FrameIssue::ExtraArgument, extra),
        (FrameIssue::DifferentArgument, different),
    ] {
        if who.is_empty() {
            continue;
        }
        let versions = holders
            .iter()
            .map(|(a, e)| {
                let texts: Vec<&str> = e
                    .args
                    .iter()
                    .filter(|(r, _)| *r == role)
                    .map(|(_, s)| s.text())
                    .collect();
                let value = if texts.is_empty() {
                    NOTHING.to_owned()
                } else {
                    texts.join(" + ")
                };
                (*a, value)
            })
            .collect();
        let mut issue = at.issue(kind, who, versions);
        issue.role = Some(role.to_string());
        out.push(issue);
    }
}

fn relation_group_issues(
    doc_index: usize,
    doc: &AlignedDoc,
    names: &[String],
    frames: &[FramesOf],
    g: usize,
    group: &RelationGroup,
    out: &mut Vec<FrameDisagreement>,
) {
    let holders: Vec<(usize, &RelationView)> = group
        .members
        .iter()
        .enumerate()
        .filter_map(|(a, m)| m.map(|k| (a, &frames[a].relations[k])))
        .collect();
    let Some(&(_, first)) = holders.first() else {
        return;
    };
    let at = At {
        doc: doc_index,
        group: g,
        document: &doc.title,
        range: group.range,
        at: format!("{} → {}", first.head.text(), first.tail.text()),
        names,
    };
    let describe =
        |r: &RelationView| format!("{} → {} {}", r.head.text(), r.relation.kind, r.tail.text());
    let missing: Vec<usize> = doc
        .present
        .iter()
        .copied()
        .filter(|&a| group.members[a].is_none())
        .collect();
    if !missing.is_empty() {
        let versions = doc
            .present
            .iter()
            .map(|&a| {
                let v = group.members[a]
                    .map_or(NOTHING.to_owned(), |k| describe(&frames[a].relations[k]));
                (a, v)
            })
            .collect();
        out.push(at.issue(FrameIssue::MissingRelation, missing, versions));
    }
    let kinds: Vec<(usize, _)> = holders
        .iter()
        .map(|(a, r)| (*a, &r.relation.kind))
        .collect();
    let odd = odd_ones(&kinds);
    if !odd.is_empty() {
        let versions = holders.iter().map(|(a, r)| (*a, describe(r))).collect();
        out.push(at.issue(FrameIssue::RelationTypeConflict, odd, versions));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{
        Argument, AttrValue, AttributeId, EventId, EventTypeId, PartialDate, Project, Quantity,
        RelationId, RelationTypeId, Timestamp,
    };
    use crate::review::align::Alignment;
    use crate::review::align::tests::{TEXT, project};
    use crate::review::frame_prf::compare_frames;

    /// Spans of [`TEXT`]: 0 the trigger هاجمت, 1 the group, 2 بوريم, 3 تمبكتو.
    pub(crate) const SPANS: [(usize, usize, usize, &str); 4] = [
        (0, 0, 5, "EVENT"),
        (0, 6, 24, "GROUP"),
        (0, 30, 35, "PLACE"),
        (0, 37, 43, "PLACE"),
    ];

    /// One event of a test: trigger (index into the spans), type, arguments (role, span
    /// index) and attributes (id, value as written in files).
    pub(crate) type EventSpec<'a> = (
        usize,
        &'a str,
        &'a [(&'a str, usize)],
        &'a [(&'a str, &'a str)],
    );

    /// A project with `spans` (their ids are `1000 + index`), `events` and `relations`
    /// (type, head index, tail index) on the first document.
    pub(crate) fn framed(
        name: &str,
        texts: &[&str],
        spans: &[(usize, usize, usize, &str)],
        events: &[EventSpec],
        relations: &[(&str, usize, usize)],
    ) -> Project {
        let mut p = project(name, texts, spans);
        let now = Timestamp("2026-11-21T10:00:00Z".into());
        let doc = p.documents()[0].id().clone();
        let id = |k: usize| SpanId(1000 + k as u64);
        for (e, &(trigger, ty, args, attrs)) in events.iter().enumerate() {
            let mut event = Event::new(
                id(trigger),
                EventTypeId::new(ty),
                p.annotator.id.clone(),
                &now,
            );
            event.id = EventId(e as u64 + 1);
            event.args = args
                .iter()
                .map(|&(role, k)| Argument {
                    role: RoleId::new(role),
                    span: id(k),
                })
                .collect();
            for &(attr, value) in attrs {
                let value = match attr {
                    "date" => AttrValue::Date(PartialDate::parse(value).unwrap()),
                    "fatalities" => AttrValue::Number(Quantity::parse(value).unwrap()),
                    "notes" => AttrValue::Text(value.to_owned()),
                    _ => AttrValue::Choice(value.to_owned()),
                };
                event.attrs.insert(AttributeId::new(attr), value);
            }
            p.apply(
                crate::model::Edit::AddEvent {
                    doc: doc.clone(),
                    event,
                },
                &now,
            )
            .unwrap();
        }
        for (r, &(kind, head, tail)) in relations.iter().enumerate() {
            let mut relation = Relation::new(
                RelationTypeId::new(kind),
                id(head),
                id(tail),
                p.annotator.id.clone(),
                &now,
            );
            relation.id = RelationId(r as u64 + 1);
            p.apply(
                crate::model::Edit::AddRelation {
                    doc: doc.clone(),
                    relation,
                },
                &now,
            )
            .unwrap();
        }
        p
    }

    fn issues(projects: &[&Project]) -> Vec<FrameDisagreement> {
        let al = Alignment::new(projects);
        let doc = &al.documents[0];
        let frames: Vec<FramesOf> = (0..projects.len()).map(|a| FramesOf::of(doc, a)).collect();
        let aligned = align_frames(doc, &frames, &al.schema);
        disagreements(0, doc, &al.annotators, &frames, &aligned, &al.schema)
    }

    fn summary(found: &[FrameDisagreement]) -> Vec<(FrameIssue, Option<&str>, Vec<&str>)> {
        found
            .iter()
            .map(|d| {
                (
                    d.issue,
                    d.role.as_deref().or(d.attribute.as_deref()),
                    d.annotators.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    const AMBUSH: &[(&str, usize)] = &[("Actor", 1), ("Place", 2)];

    #[test]
    fn identical_frames_agree_everywhere() {
        let events: &[EventSpec] = &[(0, "armed_clash", AMBUSH, &[("factuality", "asserted")])];
        let a = framed("A", &[TEXT], &SPANS, events, &[("located_in", 2, 3)]);
        let b = framed("B", &[TEXT], &SPANS, events, &[("located_in", 2, 3)]);
        assert!(issues(&[&a, &b]).is_empty());
        let al = Alignment::new(&[&a, &b]);
        let doc = &al.documents[0];
        let c = compare_frames(&FramesOf::of(doc, 0), &FramesOf::of(doc, 1), &al.schema);
        for counts in [
            c.trigger_identification,
            c.trigger_classification,
            c.argument_identification,
            c.argument_classification,
            c.relation_classification,
        ] {
            assert_eq!(counts.f1(), Some(1.0), "{c:?}");
        }
        assert_eq!(c.per_role["Place"].matched, 1);
        assert_eq!(c.attributes["factuality"].exact, 1);
    }

    #[test]
    fn an_ambush_typed_as_an_attack_with_the_wrong_town_and_no_actor() {
        let a = framed(
            "Amina",
            &[TEXT],
            &SPANS,
            &[(
                0,
                "armed_clash",
                AMBUSH,
                &[("factuality", "asserted"), ("date", "2023-08-20")],
            )],
            &[],
        );
        let b = framed(
            "Yusuf",
            &[TEXT],
            &SPANS,
            &[(
                0,
                "attack",
                &[("Place", 3)],
                &[("factuality", "claimed"), ("date", "2023-08-21")],
            )],
            &[],
        );
        let found = issues(&[&a, &b]);
        assert_eq!(
            summary(&found),
            [
                (FrameIssue::TypeConflict, None, vec!["Yusuf"]),
                (FrameIssue::MissingArgument, Some("Actor"), vec!["Yusuf"]),
                (
                    FrameIssue::DifferentArgument,
                    Some("Place"),
                    vec!["Amina", "Yusuf"]
                ),
                (FrameIssue::AttributeConflict, Some("date"), vec!["Yusuf"]),
                (
                    FrameIssue::AttributeConflict,
                    Some("factuality"),
                    vec!["Yusuf"]
                ),
            ]
        );
        let place = &found[2];
        assert_eq!(place.versions[0].value, "بوريم");
        assert_eq!(place.versions[1].value, "تمبكتو");
        let al = Alignment::new(&[&a, &b]);
        let doc = &al.documents[0];
        let c = compare_frames(&FramesOf::of(doc, 0), &FramesOf::of(doc, 1), &al.schema);
        assert_eq!(c.trigger_identification.matched, 1);
        assert_eq!(c.trigger_classification.matched, 0);
        // Arguments count only on events of the same type: none match here.
        assert_eq!(
            (
                c.argument_identification.reference,
                c.argument_identification.predicted
            ),
            (2, 1)
        );
        assert_eq!(c.argument_identification.matched, 0);
        let date = &c.attributes["date"];
        assert_eq!((date.compared, date.exact, date.within), (1, 0, 0));
    }

    #[test]
    fn a_missed_actor_among_three_is_missing_for_the_one_who_missed_it() {
        let full: &[EventSpec] = &[(0, "armed_clash", AMBUSH, &[])];
        let a = framed(
            "Amina",
            &[TEXT],
            &SPANS,
            &[(0, "armed_clash", &[("Place", 2)], &[])],
            &[],
        );
        let b = framed("Yusuf", &[TEXT], &SPANS, full, &[]);
        let c = framed("Salma", &[TEXT], &SPANS, full, &[]);
        assert_eq!(
            summary(&issues(&[&a, &b, &c])),
            [(FrameIssue::MissingArgument, Some("Actor"), vec!["Amina"])]
        );
        // Yusuf alone gives the wrong town: a different argument for him only.
        let wrong = framed(
            "Yusuf",
            &[TEXT],
            &SPANS,
            &[(0, "armed_clash", &[("Actor", 1), ("Place", 3)], &[])],
            &[],
        );
        let a = framed("Amina", &[TEXT], &SPANS, full, &[]);
        assert_eq!(
            summary(&issues(&[&a, &wrong, &c])),
            [(FrameIssue::DifferentArgument, Some("Place"), vec!["Yusuf"])]
        );
    }

    #[test]
    fn missing_events_and_relations_and_relation_types_are_told_apart() {
        let events: &[EventSpec] = &[(0, "armed_clash", AMBUSH, &[])];
        let mut spans = SPANS.to_vec();
        spans.extend([(0, 6, 11, "GROUP"), (0, 12, 24, "GROUP")]);
        let a = framed(
            "A",
            &[TEXT],
            &spans,
            events,
            &[("located_in", 2, 3), ("allied_with", 4, 5)],
        );
        let b = framed("B", &[TEXT], &spans, &[], &[("branch_of", 4, 5)]);
        assert_eq!(
            summary(&issues(&[&a, &b])),
            [
                (FrameIssue::MissingEvent, None, vec!["B"]),
                (FrameIssue::RelationTypeConflict, None, vec!["B"]),
                (FrameIssue::MissingRelation, None, vec!["B"]),
            ]
        );
    }

    #[test]
    fn symmetric_relations_match_either_way_round() {
        let spans = [(0, 6, 11, "GROUP"), (0, 12, 24, "GROUP")];
        let a = framed(
            "A",
            &[TEXT],
            &spans,
            &[],
            &[("allied_with", 0, 1), ("branch_of", 0, 1)],
        );
        let b = framed(
            "B",
            &[TEXT],
            &spans,
            &[],
            &[("allied_with", 1, 0), ("branch_of", 1, 0)],
        );
        let al = Alignment::new(&[&a, &b]);
        let doc = &al.documents[0];
        let c = compare_frames(&FramesOf::of(doc, 0), &FramesOf::of(doc, 1), &al.schema);
        assert_eq!(c.per_relation_type["allied_with"].matched, 1);
        assert_eq!(c.per_relation_type["branch_of"].matched, 0);
        assert_eq!(c.relation_identification.matched, 1);
    }

    #[test]
    fn pairing_takes_the_best_candidates_first() {
        // 0 overlaps both; 1 overlaps only 0: the greedy best-first pairs by score.
        let score = |i: usize, j: usize| [[Some(3), Some(2)], [Some(1), None]][i][j];
        assert_eq!(pair_best_first(2, 2, score), [(0, 0)]);
        let score = |i: usize, j: usize| [[Some(2), Some(3)], [Some(1), None]][i][j];
        assert_eq!(pair_best_first(2, 2, score), [(0, 1), (1, 0)]);
    }

    proptest::proptest! {
        /// Leaving out some events of an annotator's copy gives exactly one missing event per
        /// event left out, recall = kept / all and precision 1, and a copy agrees with itself.
        #[test]
        fn dropped_events_are_missing_events(keep in proptest::collection::vec(proptest::bool::ANY, 1..8)) {
            let text = "كمين ".repeat(keep.len());
            let spans: Vec<(usize, usize, usize, &str)> =
                (0..keep.len()).map(|k| (0, 5 * k, 5 * k + 4, "EVENT")).collect();
            let all: Vec<EventSpec> = (0..keep.len()).map(|k| (k, "armed_clash", &[][..], &[][..])).collect();
            let kept: Vec<EventSpec> = all.iter().zip(&keep).filter(|(_, k)| **k).map(|(e, _)| *e).collect();
            let a = framed("A", &[text.as_str()], &spans, &all, &[]);
            let b = framed("B", &[text.as_str()], &spans, &kept, &[]);
            let found = issues(&[&a, &b]);
            let dropped = keep.iter().filter(|k| !**k).count();
            proptest::prop_assert_eq!(found.len(), dropped);
            proptest::prop_assert!(found.iter().all(|d| d.issue == FrameIssue::MissingEvent && d.annotators == ["B"]));
            let al = Alignment::new(&[&a, &b]);
            let doc = &al.documents[0];
            let c = compare_frames(&FramesOf::of(doc, 0), &FramesOf::of(doc, 1), &al.schema);
            proptest::prop_assert_eq!(c.trigger_classification.matched, kept.len());
            proptest::prop_assert_eq!(c.trigger_identification.reference, all.len());
            proptest::prop_assert!(issues(&[&a, &a]).is_empty());
        }
    }
}
