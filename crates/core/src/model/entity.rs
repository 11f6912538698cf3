//! The entity registry: the actors and places behind the many spellings of the corpus.
//!
//! An [`Entity`] is one group, place or other named thing: an id, a kind matching the label
//! kinds that may link to it, a canonical name in Arabic and in Latin script, aliases
//! (spellings, acronyms, short forms), identifiers in outside registries typed by the analyst
//! (never invented), coordinates for places, a note, and for groups a parent (JNIM → al-Qaeda)
//! and a predecessor (Wagner → Africa Corps). A span links to at most one entity
//! ([`super::Span::entity`]), of the kind its label has.
//!
//! The project keeps its entities sorted by id. The checks live here: [`entity_faults`] for
//! one entity among the registry, [`link_fault`] for a span's link; [`Project::apply`] and
//! [`Project::validate`] use both.

use super::{EntityId, LabelKind, Project, Schema, Span};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What an entity is; a span links only to an entity of its label's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    Group,
    Place,
    Other,
}

impl EntityKind {
    pub const ALL: [EntityKind; 3] = [EntityKind::Group, EntityKind::Place, EntityKind::Other];

    /// The entity kind spans of a label kind link to; `None` for event triggers.
    pub fn of_label(kind: LabelKind) -> Option<Self> {
        match kind {
            LabelKind::Group => Some(EntityKind::Group),
            LabelKind::Place => Some(EntityKind::Place),
            LabelKind::Other => Some(EntityKind::Other),
            LabelKind::Event => None,
        }
    }

    /// `group`, `place` or `other`, as the CLI and exports write it.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Group => "group",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }

    /// The kind a [`EntityKind::name`] (any case) stands for.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A point in WGS 84 degrees: latitude −90…90, longitude −180…180.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl PartialEq for Coordinates {
    /// Bit for bit, so that a project equals itself (the checks refuse NaN anyway).
    fn eq(&self, other: &Self) -> bool {
        self.lat.to_bits() == other.lat.to_bits() && self.lon.to_bits() == other.lon.to_bits()
    }
}

impl Eq for Coordinates {}

impl Coordinates {
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

/// Identifiers of the entity in outside registries, typed by the analyst; empty unless she
/// checked them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OutsideIds {
    /// A Wikidata item, e.g. `Q…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// The actor name ACLED uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled: Option<String>,
    /// A GeoNames id (digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames: Option<String>,
}

impl OutsideIds {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One entity of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: EntityId,
    pub kind: EntityKind,
    /// The canonical name in Arabic script.
    #[serde(default)]
    pub name_ar: String,
    /// The canonical name in Latin script.
    #[serde(default)]
    pub name_latin: String,
    /// Other spellings, acronyms and short forms, matched folded like the names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "OutsideIds::is_empty")]
    pub outside: OutsideIds,
    /// For places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coords: Option<Coordinates>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// For groups: the group this one is a branch or affiliate of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<EntityId>,
    /// The entity this one succeeded (of the same kind), e.g. Wagner for Africa Corps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<EntityId>,
}

impl Entity {
    /// An entity with these names and nothing else.
    pub fn new(
        id: EntityId,
        kind: EntityKind,
        name_ar: impl Into<String>,
        name_latin: impl Into<String>,
    ) -> Self {
        Self {
            id,
            kind,
            name_ar: name_ar.into(),
            name_latin: name_latin.into(),
            aliases: Vec::new(),
            outside: OutsideIds::default(),
            coords: None,
            note: String::new(),
            parent: None,
            predecessor: None,
        }
    }

    /// The name exports and tables use: the Latin one, or the Arabic one when there is none.
    pub fn canonical_name(&self) -> &str {
        if self.name_latin.trim().is_empty() {
            &self.name_ar
        } else {
            &self.name_latin
        }
    }

    /// Every non-empty way of writing the entity: Arabic name, Latin name, aliases.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        [self.name_ar.as_str(), self.name_latin.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
            .filter(|s| !s.trim().is_empty())
    }

    /// Add `spelling` to the aliases unless the entity already has it (compared folded).
    /// Returns whether it was added.
    pub fn add_alias(&mut self, spelling: &str) -> bool {
        let folded = crate::text::normalize::fold(spelling.trim());
        if folded.is_empty()
            || self
                .spellings()
                .any(|s| crate::text::normalize::fold(s.trim()) == folded)
        {
            return false;
        }
        self.aliases.push(spelling.trim().to_owned());
        true
    }

    /// The other entities this one refers to, with the field's name.
    pub fn references(&self) -> impl Iterator<Item = (&'static str, &EntityId)> {
        [("parent", &self.parent), ("predecessor", &self.predecessor)]
            .into_iter()
            .filter_map(|(what, id)| id.as_ref().map(|id| (what, id)))
    }
}

/// What is wrong with one entity of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityFault {
    /// The id is empty, too long or has characters other than ASCII letters, digits, `-_.`.
    BadId,
    /// Another entity has the same id.
    DuplicateId,
    /// Neither an Arabic nor a Latin name.
    NoName,
    /// `what` (parent or predecessor) names an entity the registry does not have.
    UnknownReference {
        what: &'static str,
        id: EntityId,
    },
    SelfReference {
        what: &'static str,
    },
    /// A parent given to something that is not a group, or a parent that is not a group.
    ParentNotGroup {
        id: EntityId,
    },
    /// A predecessor of another kind.
    PredecessorKind {
        id: EntityId,
        kind: EntityKind,
    },
    /// Following parents leads back to this entity.
    ParentCycle,
    /// Coordinates outside −90…90 / −180…180, not numbers, or given to a non-place.
    BadCoordinates,
}

impl fmt::Display for EntityFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntityFault::BadId => {
                f.write_str("the id must be 1 to 64 ASCII letters, digits, '-', '_' or '.'")
            }
            EntityFault::DuplicateId => f.write_str("the id is used more than once"),
            EntityFault::NoName => f.write_str("it has neither an Arabic nor a Latin name"),
            EntityFault::UnknownReference { what, id } => {
                write!(f, "its {what} {id} is not in the registry")
            }
            EntityFault::SelfReference { what } => write!(f, "it is its own {what}"),
            EntityFault::ParentNotGroup { id } => {
                write!(
                    f,
                    "only a group has a parent, and only a group ({id} is not)"
                )
            }
            EntityFault::PredecessorKind { id, kind } => {
                write!(f, "its predecessor {id} is a {kind}, not of its own kind")
            }
            EntityFault::ParentCycle => f.write_str("following its parents leads back to it"),
            EntityFault::BadCoordinates => {
                f.write_str("coordinates must be a place's, latitude −90…90 and longitude −180…180")
            }
        }
    }
}

/// What is wrong with a span's link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFault {
    UnknownEntity(EntityId),
    /// The entity's kind is not that of the span's label (`None`: an event trigger, which
    /// never links).
    Kind {
        entity: EntityId,
        entity_kind: EntityKind,
        label_kind: Option<LabelKind>,
    },
}

impl fmt::Display for LinkFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkFault::UnknownEntity(id) => write!(f, "linked to entity {id}, not in the registry"),
            LinkFault::Kind {
                entity,
                entity_kind,
                label_kind: Some(kind),
            } => write!(
                f,
                "a {kind:?} span may not link to {entity}, a {entity_kind} entity"
            ),
            LinkFault::Kind {
                entity,
                label_kind: None,
                ..
            } => write!(f, "an event trigger may not link to an entity ({entity})"),
        }
    }
}

/// The key spellings are compared by when linking and importing: folded (alef forms, ى/ي,
/// ة/ه, diacritics, tatweel, ASCII case), without spaces (so بوركينا فاسو and بوركينافاسو
/// are one key) and without punctuation.
pub fn spelling_key(text: &str) -> String {
    text.chars()
        .filter_map(crate::text::normalize::fold_char)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Everything wrong with a registry on its own (a registry file, before it joins a project):
/// duplicate ids and each entity's faults, in id order.
pub fn registry_faults(entities: &[Entity]) -> Vec<(EntityId, EntityFault)> {
    let mut sorted = entities.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = Vec::new();
    for (i, entity) in sorted.iter().enumerate() {
        if i > 0 && sorted[i - 1].id == entity.id {
            out.push((entity.id.clone(), EntityFault::DuplicateId));
        }
        for fault in entity_faults(&sorted, entity) {
            out.push((entity.id.clone(), fault));
        }
    }
    out
}

/// Where `id` is (or would go) in a registry sorted by id.
pub(super) fn position(entities: &[Entity], id: &EntityId) -> Result<usize, usize> {
    entities.binary_search_by(|e| e.id.cmp(id))
}

/// The entity with `id` in a registry sorted by id.
pub(super) fn find<'e>(entities: &'e [Entity], id: &EntityId) -> Option<&'e Entity> {
    position(entities, id).ok().map(|at| &entities[at])
}

/// Everything wrong with `entity` as a member of `entities` (sorted by id, `entity` among
/// them or about to replace its own id there): its id, its names, its coordinates, whether
/// its parent and predecessor exist and fit, and whether its parents lead back to it.
/// Duplicate ids are found by the caller, which sees the whole list.
pub(super) fn entity_faults(entities: &[Entity], entity: &Entity) -> Vec<EntityFault> {
    let mut faults = Vec::new();
    if !entity.id.is_well_formed() {
        faults.push(EntityFault::BadId);
    }
    if entity.name_ar.trim().is_empty() && entity.name_latin.trim().is_empty() {
        faults.push(EntityFault::NoName);
    }
    if let Some(coords) = entity.coords
        && (!coords.is_valid() || entity.kind != EntityKind::Place)
    {
        faults.push(EntityFault::BadCoordinates);
    }
    let lookup = |id: &EntityId| {
        if *id == entity.id {
            Some(entity)
        } else {
            find(entities, id)
        }
    };
    for (what, id) in entity.references() {
        if *id == entity.id {
            faults.push(EntityFault::SelfReference { what });
            continue;
        }
        let Some(target) = lookup(id) else {
            faults.push(EntityFault::UnknownReference {
                what,
                id: id.clone(),
            });
            continue;
        };
        match what {
            "parent" if entity.kind != EntityKind::Group || target.kind != EntityKind::Group => {
                faults.push(EntityFault::ParentNotGroup {
                    id: if entity.kind != EntityKind::Group {
                        entity.id.clone()
                    } else {
                        id.clone()
                    },
                })
            }
            "predecessor" if target.kind != entity.kind => {
                faults.push(EntityFault::PredecessorKind {
                    id: id.clone(),
                    kind: target.kind,
                })
            }
            _ => {}
        }
    }
    // A chain of parents is at most as long as the registry.
    let mut at = entity.parent.as_ref();
    for _ in 0..=entities.len() {
        let Some(id) = at else { break };
        if *id == entity.id {
            faults.push(EntityFault::ParentCycle);
            break;
        }
        at = lookup(id).and_then(|e| e.parent.as_ref());
    }
    faults
}

/// The fault of `span`'s link under `schema` and `entities`, if any (none for an unlinked
/// span, or one whose label is unknown: the span check reports that).
pub(super) fn link_fault(schema: &Schema, entities: &[Entity], span: &Span) -> Option<LinkFault> {
    let id = span.entity.as_ref()?;
    let Some(entity) = find(entities, id) else {
        return Some(LinkFault::UnknownEntity(id.clone()));
    };
    let label_kind = schema.label(&span.label)?.kind;
    (EntityKind::of_label(label_kind) != Some(entity.kind)).then(|| LinkFault::Kind {
        entity: id.clone(),
        entity_kind: entity.kind,
        label_kind: EntityKind::of_label(label_kind).map(|_| label_kind),
    })
}

impl Project {
    /// The registry, sorted by id.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        find(&self.entities, id)
    }

    /// The entity `span` links to, if any.
    pub fn entity_of(&self, span: &Span) -> Option<&Entity> {
        self.entity(span.entity.as_ref()?)
    }

    /// Every span linked to `id`, as (document index, span index), in document order.
    pub fn mentions_of(&self, id: &EntityId) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (d, doc) in self.documents.iter().enumerate() {
            for (s, span) in doc.spans.iter().enumerate() {
                if span.entity.as_ref() == Some(id) {
                    out.push((d, s));
                }
            }
        }
        out
    }

    /// Whether spans of label `label` may link to entities (its kind is not Event).
    pub fn is_linkable(&self, label: &super::LabelId) -> bool {
        self.schema
            .label(label)
            .is_some_and(|l| EntityKind::of_label(l.kind).is_some())
    }

    /// Sort the registry by id (a file edited by hand may not be); used when reading a file.
    pub(crate) fn sort_entities(&mut self) {
        self.entities.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(id: &str) -> Entity {
        Entity::new(EntityId::new(id), EntityKind::Group, "جماعة", id)
    }

    #[test]
    fn slugs_and_ids() {
        assert_eq!(
            EntityId::slug("Africa Corps").unwrap().as_str(),
            "africa-corps"
        );
        assert_eq!(
            EntityId::slug(" JNIM (al-Qaeda) ").unwrap().as_str(),
            "jnim-al-qaeda"
        );
        assert!(EntityId::slug("فاغنر").is_none());
        assert!(EntityId::random().is_well_formed());
        assert!(!EntityId::new("a b").is_well_formed());
        assert!(!EntityId::new("").is_well_formed());
    }

    #[test]
    fn references_must_exist_fit_and_not_loop() {
        let mut a = group("a");
        let mut b = group("b");
        a.parent = Some(EntityId::new("b"));
        b.parent = Some(EntityId::new("a"));
        let reg = vec![a.clone(), b.clone()];
        assert_eq!(entity_faults(&reg, &a), [EntityFault::ParentCycle]);
        let mut place = Entity::new(EntityId::new("p"), EntityKind::Place, "غاو", "Gao");
        place.parent = Some(EntityId::new("a"));
        place.predecessor = Some(EntityId::new("zz"));
        place.coords = Some(Coordinates {
            lat: 16.27,
            lon: -0.04,
        });
        let faults = entity_faults(&[group("a")], &place);
        assert_eq!(faults.len(), 2, "{faults:?}");
        assert!(faults.contains(&EntityFault::ParentNotGroup {
            id: EntityId::new("p")
        }));
        let mut far = place.clone();
        far.parent = None;
        far.predecessor = None;
        far.coords = Some(Coordinates {
            lat: 91.0,
            lon: 0.0,
        });
        assert_eq!(entity_faults(&[], &far), [EntityFault::BadCoordinates]);
        let mut own = group("s");
        own.predecessor = Some(EntityId::new("s"));
        own.name_ar.clear();
        own.name_latin.clear();
        assert_eq!(
            entity_faults(&[], &own),
            [
                EntityFault::NoName,
                EntityFault::SelfReference {
                    what: "predecessor"
                }
            ]
        );
    }

    #[test]
    fn aliases_are_added_once_folded() {
        let mut e = Entity::new(
            EntityId::new("wagner"),
            EntityKind::Group,
            "فاغنر",
            "Wagner",
        );
        assert!(e.add_alias("فاجنر"));
        assert!(!e.add_alias("فاغنر"));
        assert!(!e.add_alias("  "));
        assert_eq!(e.spellings().count(), 3);
        assert_eq!(e.canonical_name(), "Wagner");
        // A name with a line end around it is the same spelling as the trimmed one.
        let mut padded = Entity::new(EntityId::new("q"), EntityKind::Group, "", "\ral-Qaeda ");
        assert!(!padded.add_alias("al-Qaeda"));
        assert!(!padded.add_alias("\tal-Qaeda"));
    }
}
