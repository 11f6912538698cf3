//! The three-way merge of one document's events and relations, field by field, for
//! [`super::three_way`].
//!
//! Events and relations are matched by id. One present on both sides is merged on top of its
//! base one field at a time: an event's trigger, type, note and each attribute (date,
//! fatalities, factuality, …) with the same rule as every other field of the merge (a change
//! on one side is taken, the same change on both once, different changes conflict and keep
//! ours); its arguments as a set of (role, span) pairs, so that additions and removals made
//! on either side are all kept. A role that takes at most a given number of fillers and has
//! more after the merge (both sides filled a single-filler role with different spans) keeps
//! our fillers and is reported. A relation's type and note merge field by field; its ends
//! are what it is. An item removed on one side and changed on the other is a conflict that
//! keeps our side.
//!
//! Every conflict names the document, the event or relation and the field. Whether the merged
//! frames still fit the merged spans is checked when they are put in the document
//! ([`super::three_way`]).

use super::three_way::{pick, union_order};
use crate::model::{Argument, Attributes, Event, Relation, RoleId, Schema, SpanId};
use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::hash::Hash;

/// Merge a document's events: by id, each present on both sides field by field.
/// `at` names the document in conflicts (`document "title"`); `describe` a span.
pub(super) fn merge_events(
    base: &[Event],
    ours: &[Event],
    theirs: &[Event],
    schema: &Schema,
    at: &str,
    describe: &dyn Fn(SpanId) -> String,
    conflicts: &mut Vec<String>,
) -> Vec<Event> {
    merge_items(
        base,
        ours,
        theirs,
        |e| e.id,
        &format!("{at}, event"),
        conflicts,
        |b, o, t, at, conflicts| merge_event(b, o, t, schema, at, describe, conflicts),
    )
}

/// Merge a document's relations: by id, each present on both sides field by field.
pub(super) fn merge_relations(
    base: &[Relation],
    ours: &[Relation],
    theirs: &[Relation],
    at: &str,
    conflicts: &mut Vec<String>,
) -> Vec<Relation> {
    merge_items(
        base,
        ours,
        theirs,
        |r| r.id,
        &format!("{at}, relation"),
        conflicts,
        merge_relation,
    )
}

/// Items of one kind by id: ours' order, then theirs' new ones. An item on both sides goes
/// through `both` (with its base, if any); one on a single side is new there (taken) or was
/// removed on the other side (taken out if unchanged, else a conflict keeping ours).
fn merge_items<T: PartialEq + Clone, K: Copy + Eq + Hash + Display>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> K,
    what: &str,
    conflicts: &mut Vec<String>,
    both: impl Fn(Option<&T>, &T, &T, &str, &mut Vec<String>) -> T,
) -> Vec<T> {
    let index = |items: &'_ [T]| -> HashMap<K, usize> {
        items.iter().enumerate().map(|(i, x)| (id(x), i)).collect()
    };
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let ids = union_order(
        &ours.iter().map(&id).collect::<Vec<_>>(),
        &theirs.iter().map(&id).collect::<Vec<_>>(),
    );
    let mut out = Vec::new();
    for k in ids {
        let b = bi.get(&k).map(|&i| &base[i]);
        let o = oi.get(&k).map(|&i| &ours[i]);
        let t = ti.get(&k).map(|&i| &theirs[i]);
        match (o, t) {
            // Changed on one side only (or alike on both): that side, exactly as it is.
            (Some(o), Some(t)) if o == t || b == Some(t) => out.push(o.clone()),
            (Some(o), Some(t)) if b == Some(o) => out.push(t.clone()),
            (Some(o), Some(t)) => out.push(both(b, o, t, &format!("{what} {k}"), conflicts)),
            (Some(one), None) | (None, Some(one)) => match b {
                None => out.push(one.clone()),
                Some(b) if b == one => {}
                Some(_) => {
                    let (ours_did, theirs_did) = if o.is_some() {
                        ("changed", "removed")
                    } else {
                        ("removed", "changed")
                    };
                    conflicts.push(format!(
                        "{what} {k}: ours {ours_did} but theirs {theirs_did}; ours kept"
                    ));
                    out.extend(o.cloned());
                }
            },
            (None, None) => {}
        }
    }
    out
}

/// One field of an item on both sides: picked on top of the base, a conflict (naming the
/// field and both values, ours kept) when both sides changed it differently.
fn field<T: PartialEq + Clone>(
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    at: &str,
    name: &str,
    show: impl Fn(&T) -> String,
    conflicts: &mut Vec<String>,
) -> T {
    match pick(base, Some(ours), Some(theirs)) {
        Ok(v) => v.unwrap_or_else(|| ours.clone()),
        Err(_) => {
            conflicts.push(format!(
                "{at}: {name} changed differently on both sides (ours {}, theirs {}); ours kept",
                show(ours),
                show(theirs)
            ));
            ours.clone()
        }
    }
}

/// A field whose differences are bookkeeping, not the analysts' work (author, creation time):
/// picked, ours on a difference, never a conflict.
fn quiet<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> T {
    pick(base, Some(ours), Some(theirs))
        .ok()
        .flatten()
        .unwrap_or_else(|| ours.clone())
}

fn show_note(note: &Option<String>) -> String {
    note.as_ref()
        .map_or("none".to_owned(), |n| format!("{n:?}"))
}

/// Attributes key by key, each a field of its own.
fn merge_attrs(
    base: Option<&Attributes>,
    ours: &Attributes,
    theirs: &Attributes,
    at: &str,
    conflicts: &mut Vec<String>,
) -> Attributes {
    let keys: std::collections::BTreeSet<_> = ours
        .keys()
        .chain(theirs.keys())
        .chain(base.into_iter().flat_map(|b| b.keys()))
        .collect();
    let mut out = Attributes::new();
    for key in keys {
        let b = base.and_then(|b| b.get(key));
        let (o, t) = (ours.get(key), theirs.get(key));
        let value = match pick(b, o, t) {
            Ok(v) => v,
            Err(v) => {
                let show = |x: Option<&crate::model::AttrValue>| {
                    x.map_or("unset".to_owned(), |v| v.to_string())
                };
                conflicts.push(format!(
                    "{at}: attribute {key} changed differently on both sides (ours {}, theirs {}); ours kept",
                    show(o),
                    show(t)
                ));
                v
            }
        };
        if let Some(v) = value {
            out.insert(key.clone(), v);
        }
    }
    out
}

/// Arguments as a set: those of the base neither side removed, and those either side added,
/// in ours' order then theirs'.
fn merge_args(base: &[Argument], ours: &[Argument], theirs: &[Argument]) -> Vec<Argument> {
    let in_base: HashSet<&Argument> = base.iter().collect();
    let (in_ours, in_theirs): (HashSet<&Argument>, HashSet<&Argument>) =
        (ours.iter().collect(), theirs.iter().collect());
    ours.iter()
        .filter(|a| !in_base.contains(a) || in_theirs.contains(a))
        .chain(
            theirs
                .iter()
                .filter(|a| !in_base.contains(a) && !in_ours.contains(a)),
        )
        .cloned()
        .collect()
}

fn merge_event(
    base: Option<&Event>,
    ours: &Event,
    theirs: &Event,
    schema: &Schema,
    at: &str,
    describe: &dyn Fn(SpanId) -> String,
    conflicts: &mut Vec<String>,
) -> Event {
    let trigger = field(
        base.map(|b| &b.trigger),
        &ours.trigger,
        &theirs.trigger,
        at,
        "trigger",
        |s| describe(*s),
        conflicts,
    );
    let event_type = field(
        base.map(|b| &b.event_type),
        &ours.event_type,
        &theirs.event_type,
        at,
        "type",
        |t| t.to_string(),
        conflicts,
    );
    let note = field(
        base.map(|b| &b.note),
        &ours.note,
        &theirs.note,
        at,
        "note",
        show_note,
        conflicts,
    );
    let attrs = merge_attrs(
        base.map(|b| &b.attrs),
        &ours.attrs,
        &theirs.attrs,
        at,
        conflicts,
    );
    let mut args = merge_args(base.map_or(&[][..], |b| &b.args), &ours.args, &theirs.args);
    if let Some(ty) = schema.event_type(&event_type) {
        for role in &ty.roles {
            let Some(max) = role.cardinality.max() else {
                continue;
            };
            if args.iter().filter(|a| a.role == role.id).count() > max {
                keep_ours_fillers(
                    &mut args, &role.id, max, ours, theirs, at, describe, conflicts,
                );
            }
        }
    }
    let mut event = Event {
        id: ours.id,
        trigger,
        event_type,
        args,
        attrs,
        note,
        author: quiet(base.map(|b| &b.author), &ours.author, &theirs.author),
        created: quiet(base.map(|b| &b.created), &ours.created, &theirs.created),
        modified: ours.modified.clone().max(theirs.modified.clone()),
        // A gold's record of who decided: one side's change is taken, ours when both changed
        // it (no conflict: it describes the frame, the fields above are the frame); then
        // what no longer matches an argument or attribute of the merged frame is dropped.
        provenance: quiet(
            base.map(|b| &b.provenance),
            &ours.provenance,
            &theirs.provenance,
        ),
    };
    event.tidy_provenance();
    event
}

/// A role with more than `max` fillers after the merge keeps ours (at most `max`), reported.
#[allow(clippy::too_many_arguments)]
fn keep_ours_fillers(
    args: &mut Vec<Argument>,
    role: &RoleId,
    max: usize,
    ours: &Event,
    theirs: &Event,
    at: &str,
    describe: &dyn Fn(SpanId) -> String,
    conflicts: &mut Vec<String>,
) {
    let list = |e: &Event| {
        let spans: Vec<String> = e.fillers(role).map(describe).collect();
        if spans.is_empty() {
            "none".to_owned()
        } else {
            spans.join(", ")
        }
    };
    conflicts.push(format!(
        "{at}: role {role} takes at most {max} filler(s) but ours gave {} and theirs {}; ours kept",
        list(ours),
        list(theirs)
    ));
    let mut kept = 0;
    args.retain(|a| {
        if &a.role != role {
            return true;
        }
        let keep = kept < max && ours.args.contains(a);
        kept += usize::from(keep);
        keep
    });
}

fn merge_relation(
    base: Option<&Relation>,
    ours: &Relation,
    theirs: &Relation,
    at: &str,
    conflicts: &mut Vec<String>,
) -> Relation {
    let ends = |r: &Relation| (r.head, r.tail);
    let (head, tail) = field(
        base.map(ends).as_ref(),
        &ends(ours),
        &ends(theirs),
        at,
        "ends",
        |(h, t)| format!("{h} → {t}"),
        conflicts,
    );
    Relation {
        id: ours.id,
        kind: field(
            base.map(|b| &b.kind),
            &ours.kind,
            &theirs.kind,
            at,
            "type",
            |k| k.to_string(),
            conflicts,
        ),
        head,
        tail,
        note: field(
            base.map(|b| &b.note),
            &ours.note,
            &theirs.note,
            at,
            "note",
            show_note,
            conflicts,
        ),
        author: quiet(base.map(|b| &b.author), &ours.author, &theirs.author),
        created: quiet(base.map(|b| &b.created), &ours.created, &theirs.created),
        provenance: quiet(
            base.map(|b| &b.provenance),
            &ours.provenance,
            &theirs.provenance,
        ),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::model::{
        Argument, AttrValue, AttributeId, CharRange, Edit, Event, EventId, EventTypeId, LabelId,
        PartialDate, Project, Quantity, Relation, RelationId, RelationTypeId, RoleId, SpanId,
        Timestamp,
    };
    use crate::review::align::tests::{TEXT, project};
    use crate::review::{ThreeWay, three_way_merge};

    pub(crate) const EVENT: EventId = EventId(7);
    const RELATION: RelationId = RelationId(9);

    fn now() -> Timestamp {
        Timestamp("2026-12-04T12:00:00Z".into())
    }

    fn add_span(p: &mut Project, s: usize, e: usize, label: &str, id: u64) {
        let doc = p.documents()[0].id().clone();
        let mut span = p
            .new_span(&doc, CharRange::new(s, e), LabelId::new(label), &now())
            .unwrap();
        span.id = SpanId(id);
        p.apply(Edit::AddSpan { doc, span }, &now()).unwrap();
    }

    pub(crate) fn arg(role: &str, span: u64) -> Argument {
        Argument {
            role: RoleId::new(role),
            span: SpanId(span),
        }
    }

    /// «هاجمت جماعة نصرة الإسلام بلدة بوريم وتمبكتو أمس»: trigger 1 (هاجمت), groups 1000
    /// (جماعة نصرة الإسلام) and 3 (نصرة الإسلام), places 2 (بوريم), 4 (تمبكتو) and 5 (أمس,
    /// labelled a place for want of a date label: Time takes a span of any kind); event 7
    /// (armed clash, Actor 1000) and relation 9 (3 branch of 1000).
    pub(crate) fn base() -> Project {
        let mut p = project("A", &[TEXT], &[(0, 6, 24, "GROUP")]);
        add_span(&mut p, 0, 5, "EVENT", 1);
        add_span(&mut p, 30, 35, "PLACE", 2);
        add_span(&mut p, 12, 24, "GROUP", 3);
        add_span(&mut p, 37, 43, "PLACE", 4);
        add_span(&mut p, 44, 47, "PLACE", 5);
        let doc = p.documents()[0].id().clone();
        let mut event = Event::new(
            SpanId(1),
            EventTypeId::new("armed_clash"),
            p.annotator.id.clone(),
            &now(),
        );
        event.id = EVENT;
        event.args = vec![arg("Actor", 1000)];
        p.apply(
            Edit::AddEvent {
                doc: doc.clone(),
                event,
            },
            &now(),
        )
        .unwrap();
        let mut relation = Relation::new(
            RelationTypeId::new("branch_of"),
            SpanId(3),
            SpanId(1000),
            p.annotator.id.clone(),
            &now(),
        );
        relation.id = RELATION;
        p.apply(Edit::AddRelation { doc, relation }, &now())
            .unwrap();
        p
    }

    /// `p` with event 7 changed by `f` (through [`Edit::ReplaceEvent`], so it stays valid).
    pub(crate) fn with_event(p: &Project, f: impl FnOnce(&mut Event)) -> Project {
        let mut p = p.clone();
        let doc = p.documents()[0].id().clone();
        let mut event = p.documents()[0].event(EVENT).unwrap().clone();
        f(&mut event);
        p.apply(Edit::ReplaceEvent { doc, event }, &now()).unwrap();
        p
    }

    fn with_relation(p: &Project, f: impl FnOnce(&mut Relation)) -> Project {
        let mut p = p.clone();
        let doc = p.documents()[0].id().clone();
        let mut relation = p.documents()[0].relation(RELATION).unwrap().clone();
        f(&mut relation);
        p.apply(Edit::ReplaceRelation { doc, relation }, &now())
            .unwrap();
        p
    }

    fn attr(id: &str) -> AttributeId {
        AttributeId::new(id)
    }

    fn date(s: &str) -> AttrValue {
        AttrValue::Date(PartialDate::parse(s).unwrap())
    }

    fn event(r: &ThreeWay) -> &Event {
        assert!(r.merged.validate().is_empty(), "{:?}", r.merged.validate());
        r.merged.documents()[0]
            .event(EVENT)
            .expect("the event is kept")
    }

    fn roles(e: &Event) -> Vec<(String, u64)> {
        let mut v: Vec<_> = e
            .args
            .iter()
            .map(|a| (a.role.to_string(), a.span.0))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn an_actor_added_on_one_side_and_fatalities_and_a_place_on_the_other_are_all_kept() {
        let o = base();
        let a = with_event(&o, |e| e.args.push(arg("Actor", 3)));
        let b = with_event(&o, |e| {
            e.attrs
                .insert(attr("fatalities"), AttrValue::Number(Quantity::exactly(40)));
            e.args.push(arg("Place", 2));
        });
        let r = three_way_merge(&o, &a, &b);
        assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
        let e = event(&r);
        assert_eq!(
            roles(e),
            [
                ("Actor".into(), 3),
                ("Actor".into(), 1000),
                ("Place".into(), 2)
            ]
        );
        assert_eq!(e.attrs[&attr("fatalities")].to_string(), "40");
        assert_eq!(e.event_type.as_str(), "armed_clash");
    }

    #[test]
    fn an_argument_removed_on_one_side_goes_while_the_other_side_adds_one() {
        let o = with_event(&base(), |e| e.args.push(arg("Place", 2)));
        let a = with_event(&o, |e| e.args.retain(|x| x.role.as_str() != "Actor"));
        let b = with_event(&o, |e| e.args.push(arg("Place", 4)));
        let r = three_way_merge(&o, &a, &b);
        assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
        assert_eq!(roles(event(&r)), [("Place".into(), 2), ("Place".into(), 4)]);
    }

    #[test]
    fn type_note_and_each_attribute_merge_field_by_field() {
        let o = base();
        let a = with_event(&o, |e| {
            e.event_type = EventTypeId::new("attack");
            e.attrs.insert(attr("date"), date("2023-08-20"));
        });
        let b = with_event(&o, |e| {
            e.note = Some("ambush or attack?".into());
            e.attrs
                .insert(attr("factuality"), AttrValue::Choice("claimed".into()));
        });
        let r = three_way_merge(&o, &a, &b);
        assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
        let e = event(&r);
        assert_eq!(e.event_type.as_str(), "attack");
        assert_eq!(e.note.as_deref(), Some("ambush or attack?"));
        assert_eq!(e.attrs[&attr("date")].to_string(), "2023-08-20");
        assert_eq!(e.attrs[&attr("factuality")].to_string(), "claimed");
    }

    #[test]
    fn one_field_changed_differently_on_both_sides_is_one_precise_conflict_keeping_ours() {
        let o = with_event(&base(), |e| {
            e.attrs.insert(attr("date"), date("2023-08-19"));
        });
        let a = with_event(&o, |e| {
            e.attrs.insert(attr("date"), date("2023-08-20"));
        });
        let b = with_event(&o, |e| {
            e.attrs.insert(attr("date"), date("2023-08-21"));
            e.args.push(arg("Place", 2));
        });
        let r = three_way_merge(&o, &a, &b);
        assert_eq!(
            r.conflicts,
            [
                "document \"doc 0\", event 7: attribute date changed differently on both sides \
                 (ours 2023-08-20, theirs 2023-08-21); ours kept"
            ]
        );
        let e = event(&r);
        assert_eq!(e.attrs[&attr("date")].to_string(), "2023-08-20");
        assert!(
            e.args.contains(&arg("Place", 2)),
            "the rest of theirs is taken"
        );
    }

    #[test]
    fn an_attribute_cleared_on_one_side_and_changed_on_the_other_conflicts() {
        let o = with_event(&base(), |e| {
            e.attrs
                .insert(attr("fatalities"), AttrValue::Number(Quantity::exactly(40)));
        });
        let a = with_event(&o, |e| {
            e.attrs.remove(&attr("fatalities"));
        });
        let b = with_event(&o, |e| {
            e.attrs.insert(
                attr("fatalities"),
                AttrValue::Number(Quantity::at_least(40)),
            );
        });
        let r = three_way_merge(&o, &a, &b);
        assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
        assert!(
            r.conflicts[0].contains("event 7: attribute fatalities")
                && r.conflicts[0].contains("(ours unset, theirs 40+)"),
            "{:?}",
            r.conflicts
        );
        assert!(!event(&r).attrs.contains_key(&attr("fatalities")));
    }

    #[test]
    fn types_changed_differently_conflict_and_keep_ours() {
        let o = base();
        let a = with_event(&o, |e| e.event_type = EventTypeId::new("attack"));
        let b = with_event(&o, |e| {
            e.event_type = EventTypeId::new("abduction_forced_disappearance")
        });
        let r = three_way_merge(&o, &a, &b);
        assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
        assert!(
            r.conflicts[0].starts_with(
                "document \"doc 0\", event 7: type changed differently on both sides \
                 (ours attack, theirs abduction_forced_disappearance)"
            ),
            "{:?}",
            r.conflicts
        );
        assert_eq!(event(&r).event_type.as_str(), "attack");
    }

    #[test]
    fn a_single_filler_role_filled_differently_on_both_sides_keeps_ours() {
        let o = base();
        let a = with_event(&o, |e| e.args.push(arg("Time", 5)));
        let b = with_event(&o, |e| {
            e.args.push(arg("Time", 4));
            e.args.push(arg("Place", 2));
        });
        let r = three_way_merge(&o, &a, &b);
        assert_eq!(
            r.conflicts,
            [
                "document \"doc 0\", event 7: role Time takes at most 1 filler(s) but ours gave \
                 span 5 «أمس» and theirs span 4 «تمبكتو»; ours kept"
            ]
        );
        assert_eq!(
            roles(event(&r)),
            [
                ("Actor".into(), 1000),
                ("Place".into(), 2),
                ("Time".into(), 5)
            ]
        );
    }

    #[test]
    fn the_same_filler_given_on_both_sides_is_kept_once() {
        let o = base();
        let a = with_event(&o, |e| e.args.push(arg("Time", 5)));
        let b = with_event(&o, |e| {
            e.args.push(arg("Time", 5));
            e.note = Some("x".into());
        });
        let r = three_way_merge(&o, &a, &b);
        assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
        assert_eq!(
            roles(event(&r)),
            [("Actor".into(), 1000), ("Time".into(), 5)]
        );
    }

    #[test]
    fn an_event_removed_on_one_side_and_changed_on_the_other_conflicts_keeping_ours() {
        let o = base();
        let a = with_event(&o, |e| e.note = Some("mine".into()));
        let mut b = o.clone();
        let doc = b.documents()[0].id().clone();
        b.apply(Edit::RemoveEvent { doc, event: EVENT }, &now())
            .unwrap();
        let r = three_way_merge(&o, &a, &b);
        assert_eq!(
            r.conflicts,
            ["document \"doc 0\", event 7: ours changed but theirs removed; ours kept"]
        );
        assert_eq!(event(&r).note.as_deref(), Some("mine"));
        let r = three_way_merge(&o, &b, &a);
        assert_eq!(
            r.conflicts,
            ["document \"doc 0\", event 7: ours removed but theirs changed; ours kept"]
        );
        assert!(r.merged.documents()[0].events().is_empty());
    }

    #[test]
    fn a_new_argument_on_a_span_the_other_side_removed_is_left_out_and_reported() {
        let o = base();
        let a = with_event(&o, |e| e.args.push(arg("Place", 4)));
        let mut b = with_event(&o, |e| e.note = Some("checked".into()));
        let doc = b.documents()[0].id().clone();
        b.apply(
            Edit::RemoveSpan {
                doc,
                span: SpanId(4),
            },
            &now(),
        )
        .unwrap();
        let r = three_way_merge(&o, &a, &b);
        assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
        assert!(r.conflicts[0].contains("event 7: argument Place left out"));
        let e = event(&r);
        assert_eq!(roles(e), [("Actor".into(), 1000)]);
        assert_eq!(e.note.as_deref(), Some("checked"));
    }

    #[test]
    fn an_argument_the_merged_type_does_not_take_is_left_out_not_the_event() {
        use crate::model::{Cardinality, EventType, RoleDef};
        // A schema with a second type that takes only a Place.
        let mut o = base();
        let mut schema = o.schema().clone();
        schema.event_types.push(EventType {
            id: EventTypeId::new("sighting"),
            name: "Sighting".into(),
            name_ar: "مشاهدة".into(),
            category: "Other".into(),
            roles: vec![RoleDef {
                id: RoleId::new("Place"),
                kinds: vec![],
                cardinality: Cardinality::Many,
            }],
        });
        o.apply(Edit::SetSchema { schema }, &now()).unwrap();
        let a = with_event(&o, |e| e.args.push(arg("Target", 3)));
        let b = with_event(&o, |e| {
            e.event_type = EventTypeId::new("sighting");
            e.args = vec![arg("Place", 2)];
        });
        let r = three_way_merge(&o, &a, &b);
        assert_eq!(
            r.conflicts,
            [
                "document \"doc 0\", event 7: argument Target (span 3) left out: type sighting \
                 has no such role"
            ]
        );
        let e = event(&r);
        assert_eq!(e.event_type.as_str(), "sighting");
        assert_eq!(roles(e), [("Place".into(), 2)]);
    }

    #[test]
    fn relations_merge_type_and_note_field_by_field() {
        let o = base();
        let a = with_relation(&o, |r| r.kind = RelationTypeId::new("allied_with"));
        let b = with_relation(&o, |r| r.note = Some("per the claim".into()));
        let r = three_way_merge(&o, &a, &b);
        assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
        let rel = r.merged.documents()[0].relation(RELATION).unwrap();
        assert_eq!(rel.kind.as_str(), "allied_with");
        assert_eq!(rel.note.as_deref(), Some("per the claim"));
        let c = with_relation(&o, |r| r.kind = RelationTypeId::new("truce_with"));
        let r = three_way_merge(&o, &a, &c);
        assert_eq!(
            r.conflicts,
            [
                "document \"doc 0\", relation 9: type changed differently on both sides \
                 (ours allied_with, theirs truce_with); ours kept"
            ]
        );
    }
}
