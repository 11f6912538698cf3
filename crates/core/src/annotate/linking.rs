//! Linking spans to the entity registry: which entity a span's text names, found through the
//! same orthographic folding as annotate-all (alef forms, ى/ي, ة/ه, diacritics, tatweel) and
//! with the proclitics و ف ب ك ل (and their pairs) seen through, and annotate-all by entity:
//! every spelling of one entity found in a document or all, each new span linked.
//!
//! A text that is the spelling of two entities of the span's kind (one alias, two entities)
//! is [`LinkSuggestion::Ambiguous`]: shown with both, never guessed.

use super::candidates::{Candidate, Scope, SearchCache, find_candidates_with};
use super::matcher::PROCLITICS;
use crate::model::{
    DocId, Edit, EditError, Entity, EntityId, EntityKind, LabelId, Project, SpanId, Timestamp,
};
use std::collections::HashMap;

/// The key a spelling is matched by: folded, without spaces (so بوركينا فاسو and
/// بوركينافاسو are one key) and without punctuation ([`crate::model::spelling_key`]).
pub fn link_key(text: &str) -> String {
    crate::model::spelling_key(text)
}

/// Every spelling of every entity under its [`link_key`], built once per registry.
#[derive(Debug, Clone, Default)]
pub struct AliasIndex {
    /// Key → indices into the registry, ascending, once each.
    keys: HashMap<String, Vec<u32>>,
    ids: Vec<EntityId>,
    kinds: Vec<EntityKind>,
}

/// What the registry says about one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkSuggestion {
    /// No entity of the kind is written this way.
    None,
    /// Exactly one.
    One(EntityId),
    /// Several entities of the kind share the spelling; the analyst chooses.
    Ambiguous(Vec<EntityId>),
}

impl AliasIndex {
    pub fn new(entities: &[Entity]) -> Self {
        let mut index = Self::default();
        for (i, entity) in entities.iter().enumerate() {
            index.ids.push(entity.id.clone());
            index.kinds.push(entity.kind);
            for spelling in entity.spellings() {
                let key = link_key(spelling);
                if key.is_empty() {
                    continue;
                }
                let list = index.keys.entry(key).or_default();
                if list.last() != Some(&(i as u32)) && !list.contains(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        index
    }

    /// The registry's index for a project.
    pub fn of(project: &Project) -> Self {
        Self::new(project.entities())
    }

    fn of_kind(&self, key: &str, kind: EntityKind) -> Vec<&EntityId> {
        self.keys.get(key).map_or_else(Vec::new, |list| {
            list.iter()
                .filter(|&&i| self.kinds[i as usize] == kind)
                .map(|&i| &self.ids[i as usize])
                .collect()
        })
    }

    /// [`Self::of_kind`] for `key`, or else for `key` with an elided alef put back before a
    /// leading ل, the article's lam after a preposition ل (`لقوات…` → `القوات…`).
    fn of_kind_or_elided(&self, key: &str, kind: EntityKind) -> Vec<&EntityId> {
        let found = self.of_kind(key, kind);
        if !found.is_empty() || !key.starts_with('ل') {
            return found;
        }
        self.of_kind(&format!("ا{key}"), kind)
    }

    /// Which entity of `kind` `text` names: the whole text first, then the text without a
    /// leading proclitic (وتمبكتو → تمبكتو, longest proclitic first), each also read with
    /// the article's alef that a preposition ل elides (للقوات = ل + القوات, so a span
    /// لقوات المالية or للساحل finds القوات المالية, الساحل).
    pub fn suggest(&self, text: &str, kind: EntityKind) -> LinkSuggestion {
        let key = link_key(text);
        let mut found = self.of_kind_or_elided(&key, kind);
        if found.is_empty() {
            let mut proclitics: Vec<&str> = PROCLITICS.to_vec();
            proclitics.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
            for p in proclitics {
                if let Some(rest) = key.strip_prefix(p)
                    && rest.chars().count() >= 2
                {
                    found = self.of_kind_or_elided(rest, kind);
                    if !found.is_empty() {
                        break;
                    }
                }
            }
        }
        match found.len() {
            0 => LinkSuggestion::None,
            1 => LinkSuggestion::One(found[0].clone()),
            _ => LinkSuggestion::Ambiguous(found.into_iter().cloned().collect()),
        }
    }
}

/// A suggestion for one unlinked span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanSuggestion {
    pub doc: DocId,
    pub span: SpanId,
    pub suggestion: LinkSuggestion,
}

/// Suggestions for every unlinked span of a linkable label (Group, Place, Other kinds) in
/// `scope`, in document and span order; spans the registry knows nothing about are left out.
pub fn suggest_links(project: &Project, index: &AliasIndex, scope: &Scope) -> Vec<SpanSuggestion> {
    let kinds: HashMap<&LabelId, EntityKind> = project
        .schema()
        .labels
        .iter()
        .filter_map(|l| Some((&l.id, EntityKind::of_label(l.kind)?)))
        .collect();
    let mut out = Vec::new();
    for doc in project.documents() {
        if let Scope::Document(id) = scope
            && doc.id() != id
        {
            continue;
        }
        for span in doc.spans().iter().filter(|s| s.entity.is_none()) {
            let Some(&kind) = kinds.get(&span.label) else {
                continue;
            };
            let suggestion = index.suggest(span.text(), kind);
            if suggestion != LinkSuggestion::None {
                out.push(SpanSuggestion {
                    doc: doc.id().clone(),
                    span: span.id,
                    suggestion,
                });
            }
        }
    }
    out
}

/// One batch linking every span with exactly one suggestion (the ambiguous stay unlinked).
pub fn accept_suggestions(suggestions: &[SpanSuggestion]) -> Edit {
    Edit::Batch {
        edits: suggestions
            .iter()
            .filter_map(|s| match &s.suggestion {
                LinkSuggestion::One(id) => Some(Edit::LinkSpan {
                    doc: s.doc.clone(),
                    span: s.span,
                    entity: Some(id.clone()),
                }),
                _ => None,
            })
            .collect(),
    }
}

/// The first label of the schema whose spans link to entities of `kind`.
pub fn label_for(project: &Project, kind: EntityKind) -> Option<LabelId> {
    project
        .schema()
        .labels
        .iter()
        .find(|l| EntityKind::of_label(l.kind) == Some(kind))
        .map(|l| l.id.clone())
}

/// Annotate-all by entity: the occurrences of every spelling of `entity` in `scope` that no
/// `label` span covers yet, without overlaps, in document and reading order (ambiguous ones
/// marked, as [`super::find_candidates`] does).
pub fn entity_candidates(
    project: &Project,
    entity: &EntityId,
    label: &LabelId,
    scope: &Scope,
    cache: &mut SearchCache,
) -> Result<Vec<Candidate>, EditError> {
    let entity = project
        .entity(entity)
        .ok_or_else(|| EditError::NoSuchEntity(entity.clone()))?;
    let order: HashMap<&DocId, usize> = project
        .documents()
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id(), i))
        .collect();
    let mut all: Vec<Candidate> = entity
        .spellings()
        .flat_map(|s| find_candidates_with(project, label, s, scope, cache))
        .collect();
    all.sort_by_key(|c| {
        (
            order.get(&c.doc).copied().unwrap_or(usize::MAX),
            c.range.start,
            std::cmp::Reverse(c.range.end),
            c.is_ambiguous(),
        )
    });
    let mut out: Vec<Candidate> = Vec::with_capacity(all.len());
    for c in all {
        if let Some(last) = out.last()
            && last.doc == c.doc
            && c.range.start < last.range.end
        {
            continue;
        }
        out.push(c);
    }
    Ok(out)
}

/// One batch adding a `label` span linked to `entity` for each candidate.
pub fn accept_linked_edit(
    project: &Project,
    candidates: &[Candidate],
    label: &LabelId,
    entity: &EntityId,
    now: &Timestamp,
) -> Result<Edit, EditError> {
    super::candidates::accept_spans(project, candidates, label, Some(entity), now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, CharRange, Document};
    use proptest::prelude::*;

    fn entity(id: &str, kind: EntityKind, ar: &str, aliases: &[&str]) -> Entity {
        let mut e = Entity::new(EntityId::new(id), kind, ar, "");
        e.aliases = aliases.iter().map(|a| a.to_string()).collect();
        e
    }

    fn registry() -> Vec<Entity> {
        vec![
            entity("wagner", EntityKind::Group, "فاغنر", &["فاجنر"]),
            entity("burkina", EntityKind::Place, "بوركينا فاسو", &[]),
            entity("africa-corps", EntityKind::Group, "الفيلق الإفريقي", &[]),
            entity("qaeda", EntityKind::Group, "القاعدة", &[]),
            entity(
                "qaeda-base",
                EntityKind::Group,
                "تنظيم القاعدة",
                &["القاعدة"],
            ),
            entity("timbuktu", EntityKind::Place, "تمبكتو", &[]),
            entity("mali-army", EntityKind::Group, "القوات المالية", &[]),
        ]
    }

    #[test]
    fn spellings_fold_glue_and_proclitics_land_on_one_entity() {
        let index = AliasIndex::new(&registry());
        let one = |t: &str, k| index.suggest(t, k);
        let id = |s: &str| LinkSuggestion::One(EntityId::new(s));
        assert_eq!(one("فاجنر", EntityKind::Group), id("wagner"));
        assert_eq!(one("بوركينافاسو", EntityKind::Place), id("burkina"));
        assert_eq!(one("الفيلق الأفريقي", EntityKind::Group), id("africa-corps"));
        assert_eq!(one("وتمبكتو", EntityKind::Place), id("timbuktu"));
        assert_eq!(one("لِتُمبُكتو", EntityKind::Place), id("timbuktu"));
        assert_eq!(one("لقوات المالية", EntityKind::Group), id("mali-army"));
        assert_eq!(one("للقوات المالية", EntityKind::Group), id("mali-army"));
        assert_eq!(one("والقوات المالية", EntityKind::Group), id("mali-army"));
        assert_eq!(
            one("تمبكتو", EntityKind::Group),
            LinkSuggestion::None,
            "kind"
        );
        assert_eq!(
            one("القاعدة", EntityKind::Group),
            LinkSuggestion::Ambiguous(vec![EntityId::new("qaeda"), EntityId::new("qaeda-base")])
        );
    }

    #[test]
    fn suggestions_skip_linked_spans_and_accepting_links_the_sure_ones() {
        let now = Timestamp("2026-12-01T00:00:00Z".into());
        let mut p = Project::new("t", Annotator::new("A"));
        let text = "قالت القاعدة إن فاجنر انسحبت من وتمبكتو";
        let doc = Document::new("t", "", text);
        let d = doc.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        for e in registry() {
            p.apply(Edit::AddEntity { entity: e }, &now).unwrap();
        }
        for (s, e, l) in [(5, 12, "GROUP"), (16, 21, "GROUP"), (32, 39, "PLACE")] {
            let span = p
                .new_span(&d, CharRange::new(s, e), LabelId::new(l), &now)
                .unwrap();
            p.apply(
                Edit::AddSpan {
                    doc: d.clone(),
                    span,
                },
                &now,
            )
            .unwrap();
        }
        let index = AliasIndex::of(&p);
        let found = suggest_links(&p, &index, &Scope::All);
        assert_eq!(found.len(), 3);
        assert!(matches!(found[0].suggestion, LinkSuggestion::Ambiguous(_)));
        p.apply(accept_suggestions(&found), &now).unwrap();
        let linked: Vec<_> = p.documents()[0]
            .spans()
            .iter()
            .map(|s| s.entity.as_ref().map(|e| e.to_string()))
            .collect();
        assert_eq!(
            linked,
            [None, Some("wagner".into()), Some("timbuktu".into())]
        );
        assert_eq!(
            suggest_links(&p, &index, &Scope::All).len(),
            1,
            "only the ambiguous"
        );
    }

    #[test]
    fn annotate_all_by_entity_finds_every_spelling_and_links_each_span() {
        let now = Timestamp("2026-12-01T00:00:00Z".into());
        let mut p = Project::new("t", Annotator::new("A"));
        let texts = ["وصلت قوات فاغنر ثم انسحبت فاجنر", "قالت إن لفاغنر دوراً"];
        let docs: Vec<_> = texts.iter().map(|t| Document::new("t", "", *t)).collect();
        p.apply(Edit::AddDocuments { docs }, &now).unwrap();
        p.apply(
            Edit::AddEntity {
                entity: registry().remove(0),
            },
            &now,
        )
        .unwrap();
        let wagner = EntityId::new("wagner");
        let label = label_for(&p, EntityKind::Group).unwrap();
        let mut cache = SearchCache::default();
        let found = entity_candidates(&p, &wagner, &label, &Scope::All, &mut cache).unwrap();
        let texts: Vec<_> = found.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["فاغنر", "فاجنر", "فاغنر"]);
        let edit = accept_linked_edit(&p, &found, &label, &wagner, &now).unwrap();
        p.apply(edit, &now).unwrap();
        assert_eq!(p.mentions_of(&wagner).len(), 3);
        let again = entity_candidates(&p, &wagner, &label, &Scope::All, &mut cache).unwrap();
        assert!(again.is_empty(), "already covered");
    }

    #[test]
    fn the_starter_registry_spells_nothing_two_ways_and_lands_the_sample_variants_on_one_entity() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../samples/sahel-entities.ron");
        let registry = crate::format::registry::read_registry(&path).unwrap();
        let index = AliasIndex::new(&registry);
        for (key, list) in &index.keys {
            for kind in EntityKind::ALL {
                let of_kind = index.of_kind(key, kind);
                assert!(of_kind.len() <= 1, "{key} names {of_kind:?}");
            }
            assert!(!list.is_empty());
        }
        let id = |s: &str| LinkSuggestion::One(EntityId::new(s));
        for (text, kind, entity) in [
            ("فاغنر", EntityKind::Group, "wagner"),
            ("فاجنر", EntityKind::Group, "wagner"),
            ("الفيلق الروسي الإفريقي", EntityKind::Group, "africa-corps"),
            ("الفيلق الروسي الأفريقي", EntityKind::Group, "africa-corps"),
            ("بوركينا فاسو", EntityKind::Place, "burkina-faso"),
            ("بوركينافاسو", EntityKind::Place, "burkina-faso"),
            ("منطقة الساحل الأفريقي", EntityKind::Place, "sahel"),
            ("وتمبكتو", EntityKind::Place, "timbuktu"),
        ] {
            assert_eq!(index.suggest(text, kind), id(entity), "{text}");
        }
    }

    proptest! {
        /// However an alias is spelled within folding (alef forms, ى/ي, ة/ه, diacritics,
        /// tatweel, spaces) and whatever proclitic is glued to it, it lands on its entity.
        #[test]
        fn folded_variants_behind_proclitics_suggest_the_entity(
            name in prop::sample::select(vec!["الفيلق الإفريقي", "تمبكتو", "بوركينا فاسو", "جماعة نصرة الإسلام"]),
            proclitic in prop::sample::select(vec!["", "و", "ب", "ل", "وب", "فل"]),
            marks in prop::collection::vec(prop::sample::select(vec!['\u{064e}', '\u{0640}', '\u{0651}']), 0..3),
            drop_space in any::<bool>(),
            alef in any::<bool>(),
        ) {
            let mut variant: String = proclitic.to_owned();
            for (i, c) in name.chars().enumerate() {
                match c {
                    ' ' if drop_space => {}
                    'إ' if alef => variant.push('أ'),
                    c => variant.push(c),
                }
                if let Some(m) = marks.get(i) && i > 0 {
                    variant.push(*m);
                }
            }
            let index = AliasIndex::new(&[entity("x", EntityKind::Place, name, &[])]);
            prop_assert_eq!(
                index.suggest(&variant, EntityKind::Place),
                LinkSuggestion::One(EntityId::new("x"))
            );
        }
    }
}
