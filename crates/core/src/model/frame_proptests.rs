//! Property test of events and relations against a plain reference: random sequences of
//! edits (spans added, removed and relabelled; events and relations added and removed; event
//! attributes set; many meant to be refused) with undo and redo. The reference keeps span
//! labels, events (trigger, known type or not, arguments) and relations in maps and applies the
//! rules of the default schema by hand: a trigger is an EVENT span, Actor and Target take
//! GROUP spans, Place PLACE spans, Time any span but only one, no argument twice; relation ends
//! differ and fit the type; removing a span removes the events it triggers, its arguments and
//! its relations; relabelling is refused when a frame would no longer fit. After every step the
//! project must look like the reference and validate; undoing everything gives back the first
//! project and redoing everything the last, exactly.

use super::{
    Annotator, Argument, AttrOwner, AttrValue, AttributeId, CharRange, DocId, Document, Edit,
    Event, EventId, EventTypeId, History, LabelId, Project, Relation, RelationId, RelationTypeId,
    RoleId, SpanId, Timestamp,
};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;

const TEXT: &str = "هاجمت جماعة نصرة الإسلام بلدة بوريم وتمبكتو أمس، ثم اشتبكت مع الجيش قرب غاو";
const LABELS: [&str; 3] = ["GROUP", "PLACE", "EVENT"];
const ROLES: [&str; 5] = ["Actor", "Target", "Place", "Time", "Weapon"];
const RELATIONS: [&str; 3] = ["allied_with", "located_in", "married_to"];

/// Whether a span labelled `label` may fill role `role` (Weapon is not declared).
fn role_accepts(role: usize, label: usize) -> bool {
    match role {
        0 | 1 => label == 0,
        2 => label == 1,
        3 => true,
        _ => false,
    }
}

/// Whether relation type `ty` accepts these ends (married_to is not declared).
fn relation_accepts(ty: usize, head: usize, tail: usize) -> bool {
    match ty {
        0 => head == 0 && tail == 0,
        1 => head == 1 && tail == 1,
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RefEvent {
    trigger: SpanId,
    args: Vec<(usize, SpanId)>,
    factuality: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Reference {
    /// Span id → label index; span `k` covers the `k`-th character.
    spans: BTreeMap<SpanId, usize>,
    events: BTreeMap<EventId, RefEvent>,
    relations: BTreeMap<RelationId, (usize, SpanId, SpanId)>,
}

impl Reference {
    fn event_fits(&self, e: &RefEvent, relabel: Option<(SpanId, usize)>) -> bool {
        let label = |s: SpanId| match relabel {
            Some((id, l)) if id == s => Some(l),
            _ => self.spans.get(&s).copied(),
        };
        if label(e.trigger) != Some(2) {
            return false;
        }
        let mut seen = Vec::new();
        for &(role, span) in &e.args {
            let Some(l) = label(span) else { return false };
            if !role_accepts(role, l) || seen.contains(&(role, span)) {
                return false;
            }
            seen.push((role, span));
        }
        e.args.iter().filter(|(r, _)| *r == 3).count() <= 1
    }

    fn relation_fits(&self, r: &(usize, SpanId, SpanId), relabel: Option<(SpanId, usize)>) -> bool {
        let label = |s: SpanId| match relabel {
            Some((id, l)) if id == s => Some(l),
            _ => self.spans.get(&s).copied(),
        };
        match (label(r.1), label(r.2)) {
            (Some(h), Some(t)) => r.1 != r.2 && relation_accepts(r.0, h, t),
            _ => false,
        }
    }
}

fn observe(p: &Project) -> Reference {
    let d = &p.documents()[0];
    Reference {
        spans: d
            .spans()
            .iter()
            .map(|s| {
                let label = LABELS.iter().position(|l| *l == s.label.as_str()).unwrap();
                (s.id, label)
            })
            .collect(),
        events: d
            .events()
            .iter()
            .map(|e| {
                let args = e
                    .args
                    .iter()
                    .map(|a| {
                        (
                            ROLES.iter().position(|r| *r == a.role.as_str()).unwrap(),
                            a.span,
                        )
                    })
                    .collect();
                let factuality = e
                    .attrs
                    .get(&AttributeId::new("factuality"))
                    .map(|v| v.to_string());
                (
                    e.id,
                    RefEvent {
                        trigger: e.trigger,
                        args,
                        factuality,
                    },
                )
            })
            .collect(),
        relations: d
            .relations()
            .iter()
            .map(|r| {
                let ty = RELATIONS
                    .iter()
                    .position(|t| *t == r.kind.as_str())
                    .unwrap();
                (r.id, (ty, r.head, r.tail))
            })
            .collect(),
    }
}

#[derive(Debug, Clone)]
enum Op {
    AddSpan(usize),
    RemoveSpan(Index),
    Relabel(Index, usize),
    AddEvent {
        trigger: Index,
        known_type: bool,
        args: Vec<(usize, Index)>,
    },
    RemoveEvent(Index),
    SetFactuality(Index, bool),
    AddRelation(usize, Index, Index),
    RemoveRelation(Index),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..3).prop_map(Op::AddSpan),
        1 => any::<Index>().prop_map(Op::RemoveSpan),
        2 => (any::<Index>(), 0usize..3).prop_map(|(s, l)| Op::Relabel(s, l)),
        4 => (any::<Index>(), prop::bool::weighted(0.9), prop::collection::vec((0usize..5, any::<Index>()), 0..4))
            .prop_map(|(trigger, known_type, args)| Op::AddEvent { trigger, known_type, args }),
        1 => any::<Index>().prop_map(Op::RemoveEvent),
        1 => (any::<Index>(), any::<bool>()).prop_map(|(e, ok)| Op::SetFactuality(e, ok)),
        2 => (0usize..3, any::<Index>(), any::<Index>()).prop_map(|(t, h, l)| Op::AddRelation(t, h, l)),
        1 => any::<Index>().prop_map(Op::RemoveRelation),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn pick<K: Copy>(keys: impl Iterator<Item = K>, at: &Index) -> Option<K> {
    let keys: Vec<K> = keys.collect();
    (!keys.is_empty()).then(|| *at.get(&keys))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]
    #[test]
    fn frames_follow_the_reference_through_edits_undo_and_redo(ops in prop::collection::vec(op(), 1..60)) {
        let now = Timestamp("2026-12-02T12:00:00Z".into());
        let mut p = Project::new("p", Annotator::new("A"));
        let doc = Document::new("d", "", TEXT);
        let id: DocId = doc.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now).unwrap();
        let first = p.clone();
        let mut h = History::new();
        let mut states = vec![Reference::default()];
        let mut at = 0;
        let mut next_span = 0usize;
        let mut next_frame = 1u64;
        let len = TEXT.chars().count();
        for op in ops {
            let r = states[at].clone();
            // The edit to try and the reference after it, when the reference accepts it.
            let (edit, expected): (Option<Edit>, Option<Reference>) = match op {
                Op::Undo => {
                    let undone = h.undo(&mut p, &now).unwrap();
                    prop_assert_eq!(undone, at > 0);
                    if undone { at -= 1; }
                    (None, None)
                }
                Op::Redo => {
                    let redone = h.redo(&mut p, &now).unwrap();
                    prop_assert_eq!(redone, at + 1 < states.len());
                    if redone { at += 1; }
                    (None, None)
                }
                Op::AddSpan(label) => {
                    if next_span >= len { continue; }
                    let k = next_span;
                    next_span += 1;
                    let mut span = p.new_span(&id, CharRange::new(k, k + 1), LabelId::new(LABELS[label]), &now).unwrap();
                    span.id = SpanId(1000 + k as u64);
                    let mut after = r.clone();
                    after.spans.insert(span.id, label);
                    (Some(Edit::AddSpan { doc: id.clone(), span }), Some(after))
                }
                Op::RemoveSpan(i) => {
                    let Some(span) = pick(r.spans.keys().copied(), &i) else { continue };
                    let mut after = r.clone();
                    after.spans.remove(&span);
                    after.events.retain(|_, e| e.trigger != span);
                    for e in after.events.values_mut() { e.args.retain(|(_, s)| *s != span); }
                    after.relations.retain(|_, rel| rel.1 != span && rel.2 != span);
                    (Some(Edit::RemoveSpan { doc: id.clone(), span }), Some(after))
                }
                Op::Relabel(i, label) => {
                    let Some(span) = pick(r.spans.keys().copied(), &i) else { continue };
                    let fits = r.events.values().filter(|e| e.trigger == span || e.args.iter().any(|a| a.1 == span)).all(|e| r.event_fits(e, Some((span, label))))
                        && r.relations.values().filter(|rel| rel.1 == span || rel.2 == span).all(|rel| r.relation_fits(rel, Some((span, label))));
                    // Two spans of one range never share a label here: each covers its own character.
                    let mut after = r.clone();
                    after.spans.insert(span, label);
                    (Some(Edit::Relabel { doc: id.clone(), span, label: LabelId::new(LABELS[label]) }), fits.then_some(after))
                }
                Op::AddEvent { trigger, known_type, args } => {
                    let Some(t) = pick(r.spans.keys().copied(), &trigger) else { continue };
                    let args: Vec<(usize, SpanId)> = args.iter().filter_map(|(role, i)| pick(r.spans.keys().copied(), i).map(|s| (*role, s))).collect();
                    let ty = if known_type { "armed_clash" } else { "picnic" };
                    let mut event = Event::new(t, EventTypeId::new(ty), p.annotator.id.clone(), &now);
                    event.id = EventId(next_frame);
                    next_frame += 1;
                    event.args = args.iter().map(|&(role, span)| Argument { role: RoleId::new(ROLES[role]), span }).collect();
                    let reference = RefEvent { trigger: t, args, factuality: None };
                    let accepted = known_type && r.event_fits(&reference, None);
                    let mut after = r.clone();
                    after.events.insert(event.id, reference);
                    (Some(Edit::AddEvent { doc: id.clone(), event }), accepted.then_some(after))
                }
                Op::RemoveEvent(i) => {
                    let Some(event) = pick(r.events.keys().copied(), &i) else { continue };
                    let mut after = r.clone();
                    after.events.remove(&event);
                    (Some(Edit::RemoveEvent { doc: id.clone(), event }), Some(after))
                }
                Op::SetFactuality(i, valid) => {
                    let Some(event) = pick(r.events.keys().copied(), &i) else { continue };
                    let value = if valid { "claimed" } else { "rumoured" };
                    let mut after = r.clone();
                    after.events.get_mut(&event).unwrap().factuality = Some(value.to_owned());
                    let edit = Edit::SetAttribute { doc: id.clone(), on: AttrOwner::Event(event), attribute: AttributeId::new("factuality"), value: Some(AttrValue::Choice(value.to_owned())) };
                    (Some(edit), valid.then_some(after))
                }
                Op::AddRelation(ty, head, tail) => {
                    let (Some(hd), Some(tl)) = (pick(r.spans.keys().copied(), &head), pick(r.spans.keys().copied(), &tail)) else { continue };
                    let mut relation = Relation::new(RelationTypeId::new(RELATIONS[ty]), hd, tl, p.annotator.id.clone(), &now);
                    relation.id = RelationId(next_frame);
                    next_frame += 1;
                    let rel = (ty, hd, tl);
                    let accepted = r.relation_fits(&rel, None);
                    let mut after = r.clone();
                    after.relations.insert(relation.id, rel);
                    (Some(Edit::AddRelation { doc: id.clone(), relation }), accepted.then_some(after))
                }
                Op::RemoveRelation(i) => {
                    let Some(relation) = pick(r.relations.keys().copied(), &i) else { continue };
                    let mut after = r.clone();
                    after.relations.remove(&relation);
                    (Some(Edit::RemoveRelation { doc: id.clone(), relation }), Some(after))
                }
            };
            if let Some(edit) = edit {
                let before = p.clone();
                let result = h.apply(&mut p, edit.clone(), &now);
                match expected {
                    Some(after) => {
                        prop_assert!(result.is_ok(), "refused {:?}: {:?}", edit, result);
                        states.truncate(at + 1);
                        states.push(after);
                        at += 1;
                    }
                    None => {
                        prop_assert!(result.is_err(), "accepted {:?}", edit);
                        prop_assert_eq!(&p, &before, "a refused edit changed the project");
                    }
                }
            }
            prop_assert_eq!(&observe(&p), &states[at]);
            prop_assert!(p.validate().is_empty(), "{:?}", p.validate());
        }
        while h.redo(&mut p, &now).unwrap() {}
        let last = p.clone();
        while h.undo(&mut p, &now).unwrap() {}
        prop_assert_eq!(&p, &first);
        while h.redo(&mut p, &now).unwrap() {}
        prop_assert_eq!(&p, &last);
    }
}
