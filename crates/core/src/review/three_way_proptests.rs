//! Property test of the three-way merge of events against a plain reference: a random base
//! event (type, arguments, attributes, note), then on each side random edits made through
//! the project's edits. The reference is a frame of plain sets and maps to which the edits of
//! both sides are applied one after the other.
//!
//! - Edits to disjoint fields (each of type, note, Time filler and every attribute changed on
//!   one side at most; arguments of the many-filler roles added and removed on either or
//!   both) merge without a conflict into what applying both sides' edits gives.
//! - The same edits on both sides merge without a conflict into either side.

use super::three_way_frames::tests::{EVENT, arg, base, with_event};
use super::three_way_merge;
use crate::model::{AttrValue, AttributeId, Event, EventTypeId, PartialDate, Quantity};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The arguments a many-filler role may take in the fixture: (role, span).
const POOL: [(&str, u64); 6] = [
    ("Actor", 1000),
    ("Actor", 3),
    ("Target", 1000),
    ("Target", 3),
    ("Place", 2),
    ("Place", 4),
];
const TYPES: [&str; 3] = ["armed_clash", "attack", "abduction_forced_disappearance"];
const ATTRS: [&str; 4] = ["factuality", "date", "fatalities", "notes"];

/// An event as plain values.
#[derive(Debug, Clone, PartialEq)]
struct Frame {
    ty: String,
    args: BTreeSet<(String, u64)>,
    time: Option<u64>,
    attrs: BTreeMap<String, String>,
    note: Option<String>,
}

impl Frame {
    fn of(e: &Event) -> Self {
        Self {
            ty: e.event_type.to_string(),
            args: e
                .args
                .iter()
                .filter(|a| a.role.as_str() != "Time")
                .map(|a| (a.role.to_string(), a.span.0))
                .collect(),
            time: e
                .fillers(&crate::model::RoleId::new("Time"))
                .next()
                .map(|s| s.0),
            attrs: e
                .attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            note: e.note.clone(),
        }
    }

    /// Write the frame into `e` (its id, trigger and bookkeeping stay).
    fn write(&self, e: &mut Event) {
        e.event_type = EventTypeId::new(&self.ty);
        e.args = self.args.iter().map(|(r, s)| arg(r, *s)).collect();
        e.args.extend(self.time.map(|s| arg("Time", s)));
        e.attrs = self
            .attrs
            .iter()
            .map(|(k, v)| (AttributeId::new(k), value(k, v)))
            .collect();
        e.note = self.note.clone();
    }
}

/// The typed value of attribute `k` written as `v`.
fn value(k: &str, v: &str) -> AttrValue {
    match k {
        "factuality" => AttrValue::Choice(v.to_owned()),
        "date" => AttrValue::Date(PartialDate::parse(v).unwrap()),
        "fatalities" => AttrValue::Number(Quantity::parse(v).unwrap()),
        _ => AttrValue::Text(v.to_owned()),
    }
}

fn attr_value(k: usize) -> BoxedStrategy<Option<String>> {
    let values: Vec<&str> = match k {
        0 => vec!["asserted", "claimed", "denied"],
        1 => vec!["2023-08-20", "2023-08-21", "2023-08"],
        2 => vec!["40", "40+", "30-50"],
        _ => vec!["ambush", "road to Gao"],
    };
    proptest::option::of(proptest::sample::select(values).prop_map(String::from)).boxed()
}

fn frame() -> impl Strategy<Value = Frame> {
    (
        0..TYPES.len(),
        proptest::collection::vec(any::<bool>(), POOL.len()),
        proptest::option::of(prop_oneof![Just(4u64), Just(5u64)]),
        (attr_value(0), attr_value(1), attr_value(2), attr_value(3)),
        proptest::option::of(prop_oneof![Just("check".to_owned()), Just("x".to_owned())]),
    )
        .prop_map(|(ty, args, time, (a0, a1, a2, a3), note)| Frame {
            ty: TYPES[ty].to_owned(),
            args: POOL
                .iter()
                .zip(args)
                .filter(|(_, on)| *on)
                .map(|((r, s), _)| (r.to_string(), *s))
                .collect(),
            time,
            attrs: ATTRS
                .iter()
                .zip([a0, a1, a2, a3])
                .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
                .collect(),
            note,
        })
}

/// One side's edit of one field, or of one argument.
#[derive(Debug, Clone)]
enum FieldEdit {
    Type(String),
    Note(Option<String>),
    Time(Option<u64>),
    Attr(String, Option<String>),
    /// Add the pool's argument if the frame lacks it, else remove it.
    ToggleArg(usize),
}

impl FieldEdit {
    /// The field the edit changes (arguments are a set, edited freely on both sides).
    fn field(&self) -> Option<String> {
        match self {
            FieldEdit::Type(_) => Some("type".into()),
            FieldEdit::Note(_) => Some("note".into()),
            FieldEdit::Time(_) => Some("time".into()),
            FieldEdit::Attr(k, _) => Some(format!("attr {k}")),
            FieldEdit::ToggleArg(_) => None,
        }
    }

    /// Apply to the reference. A toggle is resolved against `base` into an addition or a
    /// removal, so that applying both sides' edits one after the other is what both did.
    fn apply(&self, f: &mut Frame, base: &Frame) {
        match self {
            FieldEdit::Type(t) => f.ty = t.clone(),
            FieldEdit::Note(n) => f.note = n.clone(),
            FieldEdit::Time(t) => f.time = *t,
            FieldEdit::Attr(k, v) => match v {
                Some(v) => {
                    f.attrs.insert(k.clone(), v.clone());
                }
                None => {
                    f.attrs.remove(k);
                }
            },
            FieldEdit::ToggleArg(i) => {
                let (r, s) = POOL[*i];
                let a = (r.to_owned(), s);
                if base.args.contains(&a) {
                    f.args.remove(&a);
                } else {
                    f.args.insert(a);
                }
            }
        }
    }
}

fn field_edit() -> impl Strategy<Value = FieldEdit> {
    prop_oneof![
        (0..TYPES.len()).prop_map(|t| FieldEdit::Type(TYPES[t].to_owned())),
        proptest::option::of(Just("new note".to_owned())).prop_map(FieldEdit::Note),
        proptest::option::of(prop_oneof![Just(4u64), Just(5u64)]).prop_map(FieldEdit::Time),
        (0..ATTRS.len())
            .prop_flat_map(|k| (Just(k), attr_value(k)))
            .prop_map(|(k, v)| FieldEdit::Attr(ATTRS[k].to_owned(), v)),
        (0..POOL.len()).prop_map(FieldEdit::ToggleArg),
        (0..POOL.len()).prop_map(FieldEdit::ToggleArg),
    ]
}

/// Each side's edits, sharing no field (arguments excepted); at most one toggle per argument
/// and side, the later edit of a field on one side dropped.
fn disjoint_sides() -> impl Strategy<Value = (Vec<FieldEdit>, Vec<FieldEdit>)> {
    (
        proptest::collection::vec(field_edit(), 0..6),
        proptest::collection::vec(field_edit(), 0..6),
    )
        .prop_map(|(ours, theirs)| {
            let dedup = |edits: Vec<FieldEdit>, taken: &mut BTreeSet<String>| {
                let mut toggled = BTreeSet::new();
                edits
                    .into_iter()
                    .filter(|e| match (e.field(), e) {
                        (Some(f), _) => taken.insert(f),
                        (None, FieldEdit::ToggleArg(i)) => toggled.insert(*i),
                        _ => true,
                    })
                    .collect::<Vec<_>>()
            };
            let mut taken = BTreeSet::new();
            let ours = dedup(ours, &mut taken);
            let theirs = dedup(theirs, &mut taken);
            (ours, theirs)
        })
}

/// The base project with event 7 as `frame`.
fn project_with(frame: &Frame) -> crate::model::Project {
    with_event(&base(), |e| frame.write(e))
}

/// `p`'s event 7 after `edits` (applied to its frame, resolved against `base`).
fn edited(p: &crate::model::Project, base: &Frame, edits: &[FieldEdit]) -> crate::model::Project {
    let mut f = Frame::of(p.documents()[0].event(EVENT).unwrap());
    for e in edits {
        e.apply(&mut f, base);
    }
    with_event(p, |e| f.write(e))
}

fn merged_frame(r: &super::ThreeWay) -> Frame {
    assert!(r.merged.validate().is_empty(), "{:?}", r.merged.validate());
    Frame::of(r.merged.documents()[0].event(EVENT).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn disjoint_edits_on_both_sides_merge_into_both_applied(
        start in frame(),
        (ours, theirs) in disjoint_sides(),
    ) {
        let o = project_with(&start);
        let a = edited(&o, &start, &ours);
        let b = edited(&o, &start, &theirs);
        let mut expected = start.clone();
        for e in ours.iter().chain(&theirs) {
            e.apply(&mut expected, &start);
        }
        let r = three_way_merge(&o, &a, &b);
        prop_assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
        prop_assert_eq!(merged_frame(&r), expected);
    }

    #[test]
    fn the_same_edits_on_both_sides_merge_into_either_without_conflict(
        start in frame(),
        edits in proptest::collection::vec(field_edit(), 0..8),
    ) {
        let o = project_with(&start);
        let a = edited(&o, &start, &edits);
        let b = edited(&o, &start, &edits);
        let r = three_way_merge(&o, &a, &b);
        prop_assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
        prop_assert_eq!(
            merged_frame(&r),
            Frame::of(a.documents()[0].event(EVENT).unwrap())
        );
    }

    #[test]
    fn one_field_changed_differently_on_both_sides_is_one_conflict_naming_it_and_keeps_ours(
        start in frame(),
        which in 0..ATTRS.len(),
        values in (attr_value(0), attr_value(1), attr_value(2), attr_value(3)),
        others in (attr_value(0), attr_value(1), attr_value(2), attr_value(3)),
    ) {
        let pick = |v: &(Option<String>, Option<String>, Option<String>, Option<String>)| {
            [&v.0, &v.1, &v.2, &v.3][which].clone()
        };
        let key = ATTRS[which].to_owned();
        let (mine, yours) = (pick(&values), pick(&others));
        let before = start.attrs.get(&key).cloned();
        prop_assume!(mine != yours && mine != before && yours != before);
        let o = project_with(&start);
        let a = edited(&o, &start, &[FieldEdit::Attr(key.clone(), mine.clone())]);
        let b = edited(&o, &start, &[FieldEdit::Attr(key.clone(), yours)]);
        let r = three_way_merge(&o, &a, &b);
        prop_assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
        let expected_start = format!("document \"doc 0\", event 7: attribute {key} changed");
        prop_assert!(r.conflicts[0].starts_with(&expected_start), "{:?}", r.conflicts);
        prop_assert_eq!(merged_frame(&r).attrs.get(&key).cloned(), mine);
    }
}
