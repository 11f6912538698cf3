//! Property test of the entity registry against a plain reference: random sequences of entity
//! edits (add, replace, remove, link and unlink spans, merge, split, batches, many meant to
//! fail) with undo and redo through [`History`]. The reference is a map from entity id to
//! (kind, aliases, parent) and the link of each span, changed by hand-written rules: an edit
//! succeeds exactly when its preconditions hold and the state it leads to is valid (parents
//! exist, are groups of groups and never loop; links go to existing entities of the span's
//! kind). After every step the project must look like the reference and validate; at the end,
//! undoing everything gives back the first project and redoing everything the last, exactly.

use super::{
    Annotator, CharRange, DocId, Document, Edit, Entity, EntityId, EntityKind, History, LabelId,
    Project, SpanId, Timestamp,
};
use crate::text::normalize::fold;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const TEXT: &str = "هاجمت جماعة نصرة الإسلام وفاغنر بلدة بوريم وتمبكتو أمس";
/// The spans of the document in its order: (start, end, label).
const SPANS: [(usize, usize, &str); 5] = [
    (0, 5, "EVENT"),
    (6, 24, "GROUP"),
    (26, 31, "GROUP"),
    (37, 42, "PLACE"),
    (44, 50, "PLACE"),
];
const IDS: [&str; 5] = ["a", "b", "c", "d", "e"];
const ALIASES: [&str; 4] = ["فاغنر", "فاجنر", "نصرة", "تمبكتو"];
const NAME_AR: &str = "كيان";

fn span_kind(span: usize) -> Option<EntityKind> {
    match SPANS[span].2 {
        "GROUP" => Some(EntityKind::Group),
        "PLACE" => Some(EntityKind::Place),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RefEntity {
    kind: EntityKind,
    aliases: BTreeSet<String>,
    parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    entities: BTreeMap<String, RefEntity>,
    links: Vec<Option<String>>,
}

impl Reference {
    fn valid(&self) -> bool {
        let parents_fit = self.entities.iter().all(|(id, e)| match &e.parent {
            None => true,
            Some(p) => {
                p != id
                    && e.kind == EntityKind::Group
                    && self
                        .entities
                        .get(p)
                        .is_some_and(|t| t.kind == EntityKind::Group)
            }
        });
        let acyclic = self.entities.keys().all(|id| {
            let mut at = self.entities[id].parent.clone();
            for _ in 0..=self.entities.len() {
                match at {
                    None => return true,
                    Some(p) if &p == id => return false,
                    Some(p) => at = self.entities.get(&p).and_then(|e| e.parent.clone()),
                }
            }
            true
        });
        let links_fit = self.links.iter().enumerate().all(|(s, link)| match link {
            None => true,
            Some(id) => self
                .entities
                .get(id)
                .is_some_and(|e| Some(e.kind) == span_kind(s)),
        });
        parents_fit && acyclic && links_fit
    }

    fn entity(&self, id: &str) -> Entity {
        let r = &self.entities[id];
        let mut e = Entity::new(EntityId::new(id), r.kind, NAME_AR, id);
        e.aliases = r.aliases.iter().cloned().collect();
        e.parent = r.parent.clone().map(EntityId::new);
        e
    }
}

fn observe(p: &Project) -> Reference {
    Reference {
        entities: p
            .entities()
            .iter()
            .map(|e| {
                (
                    e.id.to_string(),
                    RefEntity {
                        kind: e.kind,
                        aliases: e.aliases.iter().cloned().collect(),
                        parent: e.parent.as_ref().map(|p| p.to_string()),
                    },
                )
            })
            .collect(),
        links: p.documents()[0]
            .spans()
            .iter()
            .map(|s| s.entity.as_ref().map(|e| e.to_string()))
            .collect(),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Add {
        id: usize,
        kind: usize,
        parent: Option<usize>,
        alias: Option<usize>,
    },
    Remove {
        id: usize,
    },
    Replace {
        id: usize,
        kind: usize,
        parent: Option<usize>,
        alias: Option<usize>,
    },
    Link {
        span: usize,
        entity: Option<usize>,
    },
    Merge {
        keep: usize,
        absorb: usize,
    },
    Split {
        from: usize,
        new: usize,
        mentions: Vec<usize>,
        alias: Option<usize>,
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
    let id = 0usize..IDS.len();
    let kind = prop::sample::select(vec![0usize, 0, 0, 1, 1, 2]);
    let alias = prop::option::of(0usize..ALIASES.len());
    prop_oneof![
        4 => (id.clone(), kind.clone(), prop::option::of(id.clone()), alias.clone())
            .prop_map(|(id, kind, parent, alias)| Op::Add { id, kind, parent, alias }),
        1 => id.clone().prop_map(|id| Op::Remove { id }),
        2 => (id.clone(), kind, prop::option::of(id.clone()), alias.clone())
            .prop_map(|(id, kind, parent, alias)| Op::Replace { id, kind, parent, alias }),
        5 => (0usize..SPANS.len(), prop::option::weighted(0.8, id.clone()))
            .prop_map(|(span, entity)| Op::Link { span, entity }),
        2 => (id.clone(), id.clone()).prop_map(|(keep, absorb)| Op::Merge { keep, absorb }),
        2 => (
            id.clone(),
            id,
            prop::collection::vec(0usize..SPANS.len(), 0..3),
            alias
        )
            .prop_map(|(from, new, mentions, alias)| Op::Split { from, new, mentions, alias }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => op().prop_map(Step::Edit),
        2 => prop::collection::vec(op(), 0..4).prop_map(Step::Batch),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

const KINDS: [EntityKind; 3] = [EntityKind::Group, EntityKind::Place, EntityKind::Other];

/// Add `alias` to `aliases` as [`Entity::add_alias`] does: unless one of the entity's
/// spellings already folds to it.
fn add_alias(id: &str, aliases: &mut BTreeSet<String>, alias: &str) {
    let folded = fold(alias);
    let taken = [NAME_AR, id]
        .into_iter()
        .chain(aliases.iter().map(String::as_str))
        .any(|s| fold(s) == folded);
    if !taken {
        aliases.insert(alias.to_owned());
    }
}

/// The edit for `op` and the state it leads to, or `None` when it must be refused.
fn plan(op: &Op, r: &Reference, doc: &DocId, spans: &[SpanId]) -> (Edit, Option<Reference>) {
    let mut next = r.clone();
    let (edit, ok) = match op {
        Op::Add {
            id,
            kind,
            parent,
            alias,
        } => {
            let id = IDS[*id];
            let mut e = RefEntity {
                kind: KINDS[*kind],
                aliases: BTreeSet::new(),
                parent: parent.map(|p| IDS[p].to_owned()),
            };
            if let Some(a) = alias {
                add_alias(id, &mut e.aliases, ALIASES[*a]);
            }
            let fresh = !r.entities.contains_key(id);
            next.entities.insert(id.to_owned(), e);
            let edit = Edit::AddEntity {
                entity: next.entity(id),
            };
            (edit, fresh)
        }
        Op::Remove { id } => {
            let id = IDS[*id];
            let found = next.entities.remove(id).is_some();
            let edit = Edit::RemoveEntity {
                id: EntityId::new(id),
            };
            (edit, found)
        }
        Op::Replace {
            id,
            kind,
            parent,
            alias,
        } => {
            let id = IDS[*id];
            let Some(old) = r.entities.get(id) else {
                let entity = Entity::new(EntityId::new(id), KINDS[*kind], NAME_AR, id);
                return (Edit::ReplaceEntity { entity }, None);
            };
            let mut e = old.clone();
            e.kind = KINDS[*kind];
            e.parent = parent.map(|p| IDS[p].to_owned());
            if let Some(a) = alias {
                add_alias(id, &mut e.aliases, ALIASES[*a]);
            }
            next.entities.insert(id.to_owned(), e);
            let edit = Edit::ReplaceEntity {
                entity: next.entity(id),
            };
            (edit, true)
        }
        Op::Link { span, entity } => {
            let id = entity.map(|e| IDS[e].to_owned());
            next.links[*span] = id.clone();
            let edit = Edit::LinkSpan {
                doc: doc.clone(),
                span: spans[*span],
                entity: id.map(EntityId::new),
            };
            (edit, true)
        }
        Op::Merge { keep, absorb } => {
            let (keep, absorb) = (IDS[*keep], IDS[*absorb]);
            let edit = Edit::MergeEntities {
                keep: EntityId::new(keep),
                absorb: EntityId::new(absorb),
            };
            let (Some(k), Some(a)) = (r.entities.get(keep), r.entities.get(absorb)) else {
                return (edit, None);
            };
            if keep == absorb || k.kind != a.kind {
                return (edit, None);
            }
            let redirect = |of: &str, p: &Option<String>| match p.as_deref() {
                Some(p) if p == absorb => (of != keep).then(|| keep.to_owned()),
                Some(p) if p == keep && of == keep => None,
                other => other.map(str::to_owned),
            };
            let mut merged = k.clone();
            for spelling in std::iter::once(absorb).chain(a.aliases.iter().map(String::as_str)) {
                add_alias(keep, &mut merged.aliases, spelling);
            }
            merged.parent = redirect(keep, &k.parent.clone().or(a.parent.clone()));
            next.entities.remove(absorb);
            for (id, e) in next.entities.iter_mut() {
                e.parent = redirect(id, &e.parent);
            }
            next.entities.insert(keep.to_owned(), merged);
            for link in &mut next.links {
                if link.as_deref() == Some(absorb) {
                    *link = Some(keep.to_owned());
                }
            }
            (edit, true)
        }
        Op::Split {
            from,
            new,
            mentions,
            alias,
        } => {
            let (from, new) = (IDS[*from], IDS[*new]);
            let kind = r.entities.get(from).map_or(EntityKind::Group, |e| e.kind);
            let mut e = RefEntity {
                kind,
                aliases: BTreeSet::new(),
                parent: None,
            };
            if let Some(a) = alias {
                add_alias(new, &mut e.aliases, ALIASES[*a]);
            }
            let mut entity = Entity::new(EntityId::new(new), kind, NAME_AR, new);
            entity.aliases = e.aliases.iter().cloned().collect();
            let edit = Edit::SplitEntity {
                from: EntityId::new(from),
                new: entity,
                mentions: mentions.iter().map(|&s| (doc.clone(), spans[s])).collect(),
            };
            let ok = r.entities.contains_key(from)
                && !r.entities.contains_key(new)
                && mentions
                    .iter()
                    .all(|&s| r.links[s].as_deref() == Some(from));
            if ok {
                let moved: Vec<String> = [NAME_AR, new]
                    .into_iter()
                    .chain(e.aliases.iter().map(String::as_str))
                    .map(fold)
                    .collect();
                let old = next.entities.get_mut(from).expect("checked");
                old.aliases.retain(|a| !moved.contains(&fold(a)));
                next.entities.insert(new.to_owned(), e);
                for &s in mentions {
                    next.links[s] = Some(new.to_owned());
                }
            }
            (edit, ok)
        }
    };
    let ok = ok && next.valid();
    (edit, ok.then_some(next))
}

fn stamp(step: usize) -> Timestamp {
    Timestamp(format!("2026-01-01T{:02}:{:02}:00Z", step / 60, step % 60))
}

fn start() -> (Project, DocId, Vec<SpanId>) {
    let mut p = Project::new("p", Annotator::new("A"));
    let author = p.annotator.id.clone();
    let mut d = Document::new("0", "", TEXT);
    for (n, (s, e, l)) in SPANS.iter().enumerate() {
        let mut span = d
            .new_span(CharRange::new(*s, *e), LabelId::new(*l), &author, &stamp(0))
            .unwrap();
        span.id = SpanId(100 - n as u64);
        d.add_span(span, None).unwrap();
    }
    let id = d.id().clone();
    p.apply(Edit::AddDocuments { docs: vec![d] }, &stamp(0))
        .unwrap();
    let spans = p.documents()[0].spans().iter().map(|s| s.id).collect();
    (p, id, spans)
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let (mut p, doc, spans) = start();
    let mut r = observe(&p);
    let first = p.clone();
    let mut history = History::new();
    let (mut undo, mut redo): (Vec<Reference>, Vec<Reference>) = (Vec::new(), Vec::new());
    for (n, step) in steps.iter().enumerate() {
        let now = stamp(n + 1);
        match step {
            Step::Edit(op) => {
                let (edit, expected) = plan(op, &r, &doc, &spans);
                let result = history.apply(&mut p, edit.clone(), &now);
                prop_assert_eq!(
                    result.is_ok(),
                    expected.is_some(),
                    "{:?}: {:?} on {:?}",
                    edit,
                    result,
                    r
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
                    let (edit, expected) = plan(op, &simulated, &doc, &spans);
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
        let seen = observe(&p);
        prop_assert_eq!(seen, r.clone(), "after step {}: {:?}", n, step);
        let problems = p.validate();
        prop_assert!(problems.is_empty(), "after step {}: {:?}", n, problems);
        prop_assert_eq!(history.undo_len(), undo.len());
    }
    let later = stamp(999);
    while history.redo(&mut p, &later).unwrap() {}
    let last = p.clone();
    while history.undo(&mut p, &later).unwrap() {
        prop_assert!(p.validate().is_empty());
    }
    prop_assert_eq!(&p, &first);
    while history.redo(&mut p, &later).unwrap() {}
    prop_assert_eq!(&p, &last);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn entity_edits_undo_and_redo_agree_with_a_plain_reference(
        steps in prop::collection::vec(step(), 1..40)
    ) {
        run(&steps)?;
    }
}
