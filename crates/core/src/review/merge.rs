//! Automatic merging into a gold project: `hamish merge A B [C…] --strategy agreed|majority`.
//!
//! - `agreed`: a cluster goes into the gold when every annotator who has the document has every
//!   span of it (same range, same label); every other cluster is left as a conflict.
//! - `majority`: within a cluster, every candidate (range and label) that a strict majority of
//!   the document's annotators have is taken. A cluster where no candidate has a majority is
//!   rejected when fewer than a majority of annotators marked anything there (a minority's
//!   extra span), and left as a conflict when a majority marked something but disagree on what.
//!
//! Events and relations (the groups of [`super::frame_adjudication`]) are merged the same way.
//! Two frames are *equal* when they have the same trigger (range and label), the same type,
//! the same arguments (as a set of role, range and label) and the same attribute values; two
//! relations when they have the same type and ends (range and label; either way round for a
//! symmetric type).
//!
//! - `agreed`: a group is taken when every annotator who has the document has an equal frame
//!   (or relation); otherwise it is left as a frame conflict.
//! - `majority`: a group that fewer than a strict majority of the document's annotators have
//!   is rejected. Otherwise the gold frame is composed of what a strict majority have: the
//!   type, each argument and each attribute value; a group whose type no majority share stays
//!   a conflict. Arguments are compared as the disagreement report compares them (fillers of a
//!   role whose spans share a character are one argument), so a missed actor given by two of
//!   three at slightly different extents is still a majority's; the extent given most often
//!   is taken, as is the trigger given most often, and the gold maps both onto the extents the
//!   span decisions chose. Arguments and values without a majority are left out; when the
//!   result is exactly one annotator's frame, that frame is taken whole, note included. A
//!   relation group is rejected when fewer than a majority have a relation there, taken when a
//!   majority give one type (the relation of that type whose ends are given most often), and
//!   left as a conflict otherwise.
//!
//! Spans, frames and relations decided automatically record `auto:agreed` or `auto:majority`
//! as the decider.

use super::adjudication::{Adjudication, Decision};
use super::align::Agreement;
use super::frame_adjudication::{
    ComposedFrame, EventRef, Filler, FrameDecision, RelationDecision, RelationRef, TypeChoice,
};
use crate::model::{
    AttrValue, AttributeId, CharRange, EventTypeId, LabelId, Project, RelationTypeId, RoleId,
    Timestamp,
};
use std::collections::{BTreeMap, BTreeSet};

/// How `merge` decides clusters by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Agreed,
    Majority,
}

impl Strategy {
    pub fn decider(self) -> &'static str {
        match self {
            Strategy::Agreed => "auto:agreed",
            Strategy::Majority => "auto:majority",
        }
    }
}

/// How many groups an automatic merge decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AutoDecided {
    pub clusters: usize,
    pub events: usize,
    pub relations: usize,
}

/// Decide what `strategy` can decide in `adj` (leaving earlier decisions alone): span
/// clusters, event groups and relation groups.
pub fn auto_decide(adj: &mut Adjudication, strategy: Strategy, now: &Timestamp) -> AutoDecided {
    AutoDecided {
        clusters: auto_decide_spans(adj, strategy, now),
        events: auto_decide_events(adj, strategy, strategy.decider(), now),
        relations: auto_decide_relations(adj, strategy, strategy.decider(), now),
    }
}

/// The review panel's "Accept everything all agree on" for frames: every undecided event and
/// relation group in which all the document's annotators have equal frames (as `agreed`
/// decides them) is taken, decided by the adjudicator `by`.
pub fn accept_agreed_frames(adj: &mut Adjudication, by: &str, now: &Timestamp) -> AutoDecided {
    AutoDecided {
        clusters: 0,
        events: auto_decide_events(adj, Strategy::Agreed, by, now),
        relations: auto_decide_relations(adj, Strategy::Agreed, by, now),
    }
}

/// The span clusters `strategy` decides; returns how many.
fn auto_decide_spans(adj: &mut Adjudication, strategy: Strategy, now: &Timestamp) -> usize {
    let by = strategy.decider();
    let mut decided = 0;
    for at in adj.undecided() {
        let present = adj.alignment.documents[at.doc].present.len();
        let cluster = adj.cluster(at);
        let decision = match strategy {
            Strategy::Agreed => (cluster.kind == Agreement::Agreed)
                .then(|| Decision::Take((0..cluster.candidates.len()).collect())),
            Strategy::Majority => {
                let majority = |k: usize| 2 * k > present;
                let picks: Vec<usize> = (0..cluster.candidates.len())
                    .filter(|&i| majority(cluster.candidates[i].annotators.len()))
                    .collect();
                if !picks.is_empty() {
                    Some(Decision::Take(picks))
                } else if !majority(cluster.annotators().len()) {
                    Some(Decision::RejectAll)
                } else {
                    None
                }
            }
        };
        if let Some(decision) = decision {
            adj.decide(at, decision, by, now, None);
            decided += 1;
        }
    }
    decided
}

/// A span as frames compare it.
type SpanKey = (CharRange, LabelId);

/// An argument as frames compare it: role and span.
type ArgKey = (RoleId, SpanKey);

/// A filler inside a cluster of one role: annotator, index in its event's arguments, span.
type Member = (usize, usize, SpanKey);

/// What makes two frames equal (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FrameKey {
    trigger: SpanKey,
    event_type: EventTypeId,
    args: BTreeSet<ArgKey>,
    attrs: BTreeMap<AttributeId, AttrValue>,
}

/// Annotator `a`'s frame in the group, as compared; with, for each argument key, the index of
/// the argument in the annotator's event.
fn frame_key(
    adj: &Adjudication,
    at: EventRef,
    a: usize,
) -> Option<(FrameKey, Vec<(ArgKey, usize)>)> {
    let event = adj.group_event(at, a)?;
    let span = |id| {
        adj.annotator_span(at.doc, a, id)
            .map(|s| (s.range(), s.label.clone()))
    };
    let indexed: Vec<(ArgKey, usize)> = event
        .args
        .iter()
        .enumerate()
        .filter_map(|(i, arg)| Some(((arg.role.clone(), span(arg.span)?), i)))
        .collect();
    let key = FrameKey {
        trigger: span(event.trigger)?,
        event_type: event.event_type.clone(),
        args: indexed.iter().map(|(k, _)| k.clone()).collect(),
        attrs: event.attrs.clone(),
    };
    Some((key, indexed))
}

/// The value a strict majority of `m` annotators give, with the first who gives it.
fn majority_value<T: PartialEq + Clone>(values: &[(usize, T)], m: usize) -> Option<(usize, T)> {
    values
        .iter()
        .find(|(_, v)| 2 * values.iter().filter(|(_, w)| w == v).count() > m)
        .cloned()
}

/// The most common value (ties to the first seen), with the first who gives it.
fn most_common<T: PartialEq + Clone>(values: &[(usize, T)]) -> Option<(usize, T)> {
    let count = |v: &T| values.iter().filter(|(_, w)| w == v).count();
    values
        .iter()
        .fold(None::<&(usize, T)>, |best, x| match best {
            Some(b) if count(&b.1) >= count(&x.1) => Some(b),
            _ => Some(x),
        })
        .cloned()
}

/// One annotator's frame in a group: annotator, key, and each argument key with its index.
type Keyed = (usize, FrameKey, Vec<(ArgKey, usize)>);

/// The fillers a strict majority of `m` annotators give, role by role. First each argument a
/// majority give exactly (role, range and label). Then, among the fillers left, those of one
/// role are the same argument when their spans share a character (transitively), as the
/// disagreement report compares them; of such an argument that a majority give, the extent
/// given most often is taken (the gold maps it onto the extent the span decisions chose).
fn majority_fillers(frames: &[Keyed], m: usize) -> Vec<(RoleId, Filler, SpanKey)> {
    let holders = |k: &ArgKey| frames.iter().filter(|f| f.1.args.contains(k)).count();
    let mut out: Vec<(RoleId, Filler, SpanKey)> = Vec::new();
    // (role, members as (annotator, argument index, span key)).
    let mut clusters: Vec<(RoleId, Vec<Member>)> = Vec::new();
    for (a, _, indexed) in frames {
        for (arg, i) in indexed {
            let (role, key) = arg;
            if 2 * holders(arg) > m {
                if !out.iter().any(|(r, _, k)| r == role && k == key) {
                    let filler = Filler {
                        annotator: *a,
                        argument: *i,
                    };
                    out.push((role.clone(), filler, key.clone()));
                }
                continue;
            }
            let touching: Vec<usize> = (0..clusters.len())
                .filter(|&c| {
                    clusters[c].0 == *role
                        && clusters[c].1.iter().any(|(_, _, k)| k.0.overlaps(&key.0))
                })
                .collect();
            let mut members = vec![(*a, *i, key.clone())];
            for &c in touching.iter().rev() {
                members.extend(clusters.remove(c).1);
            }
            clusters.push((role.clone(), members));
        }
    }
    for (role, mut members) in clusters {
        members.sort_by_key(|(a, i, _)| (*a, *i));
        let mut who: Vec<usize> = members.iter().map(|(a, _, _)| *a).collect();
        who.dedup();
        if 2 * who.len() <= m {
            continue;
        }
        let extents: Vec<(usize, (usize, SpanKey))> = members
            .iter()
            .map(|(a, i, k)| (*a, (*i, k.clone())))
            .collect();
        let keys: Vec<(usize, SpanKey)> =
            extents.iter().map(|(a, (_, k))| (*a, k.clone())).collect();
        let Some((annotator, key)) = most_common(&keys) else {
            continue;
        };
        let Some((_, (argument, _))) = extents
            .iter()
            .find(|(a, (_, k))| *a == annotator && *k == key)
        else {
            continue;
        };
        out.push((
            role,
            Filler {
                annotator,
                argument: *argument,
            },
            key,
        ));
    }
    out.sort_by(|x, y| (&x.0, x.2.0.start, x.2.0.end).cmp(&(&y.0, y.2.0.start, y.2.0.end)));
    out
}

/// What `strategy` makes of one event group, if it decides it.
fn frame_decision(adj: &Adjudication, at: EventRef, strategy: Strategy) -> Option<FrameDecision> {
    let present = &adj.alignment.documents[at.doc].present;
    let m = present.len();
    let frames: Vec<Keyed> = present
        .iter()
        .filter_map(|&a| frame_key(adj, at, a).map(|(k, i)| (a, k, i)))
        .collect();
    let first = frames.first()?;
    match strategy {
        Strategy::Agreed => (frames.len() == m && frames.iter().all(|f| f.1 == first.1))
            .then_some(FrameDecision::Take(first.0)),
        Strategy::Majority => {
            if 2 * frames.len() <= m {
                return Some(FrameDecision::Reject);
            }
            let types: Vec<(usize, EventTypeId)> = frames
                .iter()
                .map(|(a, k, _)| (*a, k.event_type.clone()))
                .collect();
            let (type_from, event_type) = majority_value(&types, m)?;
            let triggers: Vec<(usize, SpanKey)> = frames
                .iter()
                .map(|(a, k, _)| (*a, k.trigger.clone()))
                .collect();
            let (trigger, trigger_key) = most_common(&triggers)?;
            let mut roles: BTreeMap<RoleId, Vec<Filler>> = BTreeMap::new();
            let mut kept: BTreeSet<ArgKey> = BTreeSet::new();
            for (role, filler, key) in majority_fillers(&frames, m) {
                roles.entry(role.clone()).or_default().push(filler);
                kept.insert((role, key));
            }
            let ids: BTreeSet<&AttributeId> =
                frames.iter().flat_map(|f| f.1.attrs.keys()).collect();
            let mut attributes = BTreeMap::new();
            let mut attrs = BTreeMap::new();
            for id in ids {
                let values: Vec<(usize, &AttrValue)> = frames
                    .iter()
                    .filter_map(|(a, k, _)| Some((*a, k.attrs.get(id)?)))
                    .collect();
                if let Some((a, value)) = majority_value(&values, m) {
                    attributes.insert(id.clone(), a);
                    attrs.insert(id.clone(), value.clone());
                }
            }
            let composed = FrameKey {
                trigger: trigger_key,
                event_type: event_type.clone(),
                args: kept,
                attrs,
            };
            if let Some(same) = frames.iter().find(|f| f.1 == composed) {
                return Some(FrameDecision::Take(same.0));
            }
            Some(FrameDecision::Compose(ComposedFrame {
                trigger,
                event_type: TypeChoice::From(type_from),
                roles,
                attributes,
                note: None,
            }))
        }
    }
}

/// The event groups `strategy` decides; returns how many.
fn auto_decide_events(
    adj: &mut Adjudication,
    strategy: Strategy,
    by: &str,
    now: &Timestamp,
) -> usize {
    let mut decided = 0;
    for at in adj.undecided_events() {
        if let Some(decision) = frame_decision(adj, at, strategy) {
            adj.decide_event(at, decision, by, now, None);
            decided += 1;
        }
    }
    decided
}

/// What makes two relations equal: type and ends, the ends in order for a symmetric type.
fn relation_key(
    adj: &Adjudication,
    at: RelationRef,
    a: usize,
) -> Option<(RelationTypeId, SpanKey, SpanKey)> {
    let r = adj.group_relation(at, a)?;
    let span = |id| {
        adj.annotator_span(at.doc, a, id)
            .map(|s| (s.range(), s.label.clone()))
    };
    let (mut head, mut tail) = (span(r.head)?, span(r.tail)?);
    let symmetric = adj
        .schema()
        .relation_type(&r.kind)
        .is_some_and(|t| t.symmetric);
    if symmetric && tail < head {
        std::mem::swap(&mut head, &mut tail);
    }
    Some((r.kind.clone(), head, tail))
}

/// The relation groups `strategy` decides; returns how many.
fn auto_decide_relations(
    adj: &mut Adjudication,
    strategy: Strategy,
    by: &str,
    now: &Timestamp,
) -> usize {
    let mut decided = 0;
    for at in adj.undecided_relations() {
        let present = &adj.alignment.documents[at.doc].present;
        let m = present.len();
        let keys: Vec<(usize, _)> = present
            .iter()
            .filter_map(|&a| Some((a, relation_key(adj, at, a)?)))
            .collect();
        let decision = match strategy {
            Strategy::Agreed => (keys.len() == m && keys.iter().all(|k| k.1 == keys[0].1))
                .then(|| RelationDecision::Take(keys[0].0)),
            Strategy::Majority if 2 * keys.len() <= m => Some(RelationDecision::Reject),
            Strategy::Majority => {
                // The type a majority give; the relation of whoever gives it with the ends
                // given most often (the gold maps the ends onto the span decisions' extents).
                let kinds: Vec<(usize, RelationTypeId)> =
                    keys.iter().map(|(a, k)| (*a, k.0.clone())).collect();
                majority_value(&kinds, m).and_then(|(_, kind)| {
                    let same: Vec<(usize, _)> =
                        keys.iter().filter(|(_, k)| k.0 == kind).cloned().collect();
                    most_common(&same).map(|(a, _)| RelationDecision::Take(a))
                })
            }
        };
        if let Some(decision) = decision {
            adj.decide_relation(at, decision, by, now, None);
            decided += 1;
        }
    }
    decided
}

/// Merge `projects` (named `names`) automatically: the gold and the adjudication, whose
/// undecided clusters, event groups and relation groups are the remaining conflicts.
pub fn merge(
    projects: &[&Project],
    names: &[String],
    strategy: Strategy,
    now: &Timestamp,
) -> (Project, Adjudication) {
    let mut adj = Adjudication::new(projects, names);
    auto_decide(&mut adj, strategy, now);
    (adj.gold(), adj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::{TEXT, project};

    fn now() -> Timestamp {
        Timestamp("2026-11-22T00:00:00Z".into())
    }

    fn three() -> Vec<Project> {
        vec![
            project(
                "A",
                &[TEXT],
                &[
                    (0, 6, 24, "GROUP"),
                    (0, 36, 43, "PLACE"),
                    (0, 0, 5, "EVENT"),
                ],
            ),
            project(
                "B",
                &[TEXT],
                &[
                    (0, 6, 24, "GROUP"),
                    (0, 37, 43, "PLACE"),
                    (0, 30, 35, "PLACE"),
                ],
            ),
            project(
                "C",
                &[TEXT],
                &[
                    (0, 6, 24, "GROUP"),
                    (0, 37, 43, "PLACE"),
                    (0, 30, 35, "GROUP"),
                ],
            ),
        ]
    }

    #[test]
    fn agreed_keeps_only_unanimous_spans() {
        let p = three();
        let refs: Vec<&Project> = p.iter().collect();
        let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let (gold, adj) = merge(&refs, &names, Strategy::Agreed, &now());
        let texts: Vec<&str> = gold.documents()[0]
            .spans()
            .iter()
            .map(|s| s.text())
            .collect();
        assert_eq!(texts, ["جماعة نصرة الإسلام"]);
        assert_eq!(adj.undecided().len(), 3);
        let prov = gold.documents()[0].spans()[0].provenance.as_ref().unwrap();
        assert_eq!(prov.decided_by, "auto:agreed");
        assert_eq!(prov.annotators, ["A", "B", "C"]);
    }

    #[test]
    fn majority_takes_two_of_three_and_leaves_split_votes() {
        let p = three();
        let refs: Vec<&Project> = p.iter().collect();
        let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let (gold, adj) = merge(&refs, &names, Strategy::Majority, &now());
        let got: Vec<(&str, &str)> = gold.documents()[0]
            .spans()
            .iter()
            .map(|s| (s.text(), s.label.as_str()))
            .collect();
        // The lone EVENT of A is outvoted; تمبكتو without و has two votes; بوريم is marked by
        // two annotators who disagree on the label, so it stays a conflict.
        assert_eq!(got, [("جماعة نصرة الإسلام", "GROUP"), ("تمبكتو", "PLACE")]);
        let open = adj.undecided();
        assert_eq!(open.len(), 1);
        assert_eq!(adj.cluster(open[0]).kind, Agreement::LabelConflict);
    }

    mod frames {
        use super::super::*;
        use crate::review::align::tests::TEXT;
        use crate::review::frame_adjudication::EventRef;
        use crate::review::frames::tests::{EventSpec, framed};

        /// The trigger, the group (B marks its short form), بوريم and تمبكتو.
        fn spans(short: bool) -> [(usize, usize, usize, &'static str); 4] {
            let group = if short { 12 } else { 6 };
            [
                (0, 0, 5, "EVENT"),
                (0, group, 24, "GROUP"),
                (0, 30, 35, "PLACE"),
                (0, 37, 43, "PLACE"),
            ]
        }

        fn now() -> Timestamp {
            Timestamp("2026-12-04T22:30:00Z".into())
        }

        /// A misses the actor and dates a day later; B types it an attack and gives the short
        /// form of the group; C agrees with the majority everywhere.
        fn three() -> Vec<Project> {
            let a: &[EventSpec] = &[(0, "armed_clash", &[("Place", 2)], &[("date", "2023-08-21")])];
            let b: &[EventSpec] = &[(
                0,
                "attack",
                &[("Actor", 1), ("Place", 2)],
                &[("date", "2023-08-20")],
            )];
            let c: &[EventSpec] = &[(
                0,
                "armed_clash",
                &[("Actor", 1), ("Place", 2)],
                &[("date", "2023-08-20")],
            )];
            vec![
                framed("A", &[TEXT], &spans(false), a, &[("located_in", 2, 3)]),
                framed("B", &[TEXT], &spans(true), b, &[("located_in", 2, 3)]),
                framed("C", &[TEXT], &spans(false), c, &[]),
            ]
        }

        fn names() -> Vec<String> {
            ["A", "B", "C"].map(String::from).to_vec()
        }

        #[test]
        fn agreed_leaves_a_disputed_frame_majority_composes_it() {
            let p = three();
            let refs: Vec<&Project> = p.iter().collect();
            let (gold, adj) = merge(&refs, &names(), Strategy::Agreed, &now());
            assert!(gold.documents()[0].events().is_empty());
            assert_eq!(adj.undecided_events().len(), 1);
            // Two of three relate بوريم to تمبكتو: not agreed, but a majority.
            assert_eq!(adj.undecided_relations().len(), 1);
            let (gold, adj) = merge(&refs, &names(), Strategy::Majority, &now());
            assert!(adj.undecided_events().is_empty());
            assert!(gold.validate().is_empty(), "{:?}", gold.validate());
            let doc = &gold.documents()[0];
            let e = &doc.events()[0];
            assert_eq!(e.event_type.as_str(), "armed_clash");
            let args: Vec<(&str, &str)> = e
                .args
                .iter()
                .map(|x| (x.role.as_str(), doc.span(x.span).unwrap().text()))
                .collect();
            // The actor B and C give at two extents is the majority's, at the extent the span
            // majority (A and C have the long form) chose.
            assert_eq!(args, [("Actor", "جماعة نصرة الإسلام"), ("Place", "بوريم")]);
            assert_eq!(e.attrs[&AttributeId::new("date")].to_string(), "2023-08-20");
            let p = e.provenance.as_ref().unwrap();
            assert_eq!(p.decided_by, "auto:majority");
            assert_eq!(p.annotators, ["A", "C"]);
            assert_eq!(p.taken_from, None);
            assert_eq!(e.argument_from(&e.args[0]).unwrap(), ["B", "C"]);
            assert_eq!(e.argument_from(&e.args[1]).unwrap(), ["A", "B", "C"]);
            assert_eq!(p.attributes[&AttributeId::new("date")], ["B", "C"]);
            assert_eq!(doc.relations().len(), 1);
        }

        #[test]
        fn accepting_agreed_frames_records_the_adjudicator() {
            let mut p = three();
            p[0] = p[2].clone();
            p[0].annotator.name = "A".into();
            p[1] = p[2].clone();
            let refs: Vec<&Project> = p.iter().collect();
            let mut adj = Adjudication::new(&refs, &names());
            let took = accept_agreed_frames(&mut adj, "Salma", &now());
            assert_eq!((took.events, took.relations), (1, 0));
            let at = EventRef { doc: 0, group: 0 };
            assert_eq!(adj.event_decision(at).by, "Salma");
            assert_eq!(adj.event_decision(at).decision, FrameDecision::Take(0));
            // Already decided: nothing more.
            let again = accept_agreed_frames(&mut adj, "Salma", &now());
            assert_eq!((again.events, again.relations), (0, 0));
        }
    }
}
