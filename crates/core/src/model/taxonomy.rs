//! What a schema declares about events and relations: the event taxonomy (types, their
//! categories and roles, with the label kinds that may fill each role and how many), and the
//! relation types with the kinds allowed at each end.
//!
//! A new project starts with ACLED's taxonomy (6 event types, 25 sub-event types; a Hamish
//! event type is an ACLED sub-event type, its `category` the ACLED event type), each with the
//! roles Actor, Target, Place and Time, and with four relation types between groups and places.

use super::{Color, EventTypeId, LabelKind, RelationTypeId, RoleId};
use serde::{Deserialize, Serialize};

/// How many spans may fill a role: brat's `` (one), `?`, `*` and `+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cardinality {
    /// Exactly one.
    One,
    /// None or one.
    Optional,
    /// Any number.
    Many,
    /// At least one.
    OneOrMore,
}

impl Cardinality {
    pub fn min(self) -> usize {
        match self {
            Cardinality::One | Cardinality::OneOrMore => 1,
            Cardinality::Optional | Cardinality::Many => 0,
        }
    }

    pub fn max(self) -> Option<usize> {
        match self {
            Cardinality::One | Cardinality::Optional => Some(1),
            Cardinality::Many | Cardinality::OneOrMore => None,
        }
    }

    /// The suffix brat's `annotation.conf` writes after the role.
    pub fn brat_suffix(self) -> &'static str {
        match self {
            Cardinality::One => "",
            Cardinality::Optional => "?",
            Cardinality::Many => "*",
            Cardinality::OneOrMore => "+",
        }
    }

    /// The cardinality of a brat suffix.
    pub fn from_brat_suffix(suffix: &str) -> Option<Self> {
        Some(match suffix {
            "" => Cardinality::One,
            "?" => Cardinality::Optional,
            "*" => Cardinality::Many,
            "+" => Cardinality::OneOrMore,
            _ => return None,
        })
    }
}

/// A role an event type declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleDef {
    pub id: RoleId,
    /// The label kinds whose spans may fill the role; any kind when empty.
    pub kinds: Vec<LabelKind>,
    pub cardinality: Cardinality,
}

impl RoleDef {
    pub fn accepts(&self, kind: LabelKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// One type of the event taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventType {
    pub id: EventTypeId,
    /// The English name (ACLED's sub-event type where it is one).
    pub name: String,
    /// The Arabic name, searchable like the English one.
    pub name_ar: String,
    /// The broader type (ACLED's event type), e.g. `Battles`.
    pub category: String,
    pub roles: Vec<RoleDef>,
}

impl EventType {
    pub fn role(&self, id: &RoleId) -> Option<&RoleDef> {
        self.roles.iter().find(|r| &r.id == id)
    }
}

/// A typed, directed link between two spans of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationType {
    pub id: RelationTypeId,
    pub name: String,
    /// Label kinds allowed at the head (the `from` end); any when empty.
    pub head: Vec<LabelKind>,
    /// Label kinds allowed at the tail; any when empty.
    pub tail: Vec<LabelKind>,
    /// `A allied_with B` says the same as `B allied_with A`.
    pub symmetric: bool,
    pub color: Color,
}

impl RelationType {
    pub fn accepts(&self, head: LabelKind, tail: LabelKind) -> bool {
        let fits = |kinds: &[LabelKind], k| kinds.is_empty() || kinds.contains(&k);
        fits(&self.head, head) && fits(&self.tail, tail)
    }
}

/// ACLED's 25 sub-event types: ACLED event type, our id, English and Arabic names.
const ACLED: [(&str, &str, &str, &str); 25] = [
    ("Battles", "armed_clash", "Armed clash", "اشتباك مسلح"),
    (
        "Battles",
        "government_regains_territory",
        "Government regains territory",
        "استعادة الحكومة السيطرة على أراض",
    ),
    (
        "Battles",
        "non_state_actor_overtakes_territory",
        "Non-state actor overtakes territory",
        "سيطرة جهة غير حكومية على أراض",
    ),
    (
        "Explosions/Remote violence",
        "chemical_weapon",
        "Chemical weapon",
        "سلاح كيميائي",
    ),
    (
        "Explosions/Remote violence",
        "air_drone_strike",
        "Air/drone strike",
        "غارة جوية أو بطائرة مسيرة",
    ),
    (
        "Explosions/Remote violence",
        "suicide_bomb",
        "Suicide bomb",
        "تفجير انتحاري",
    ),
    (
        "Explosions/Remote violence",
        "shelling_artillery_missile_attack",
        "Shelling/artillery/missile attack",
        "قصف مدفعي أو صاروخي",
    ),
    (
        "Explosions/Remote violence",
        "remote_explosive_landmine_ied",
        "Remote explosive/landmine/IED",
        "عبوة ناسفة أو لغم أرضي",
    ),
    (
        "Explosions/Remote violence",
        "grenade",
        "Grenade",
        "قنبلة يدوية",
    ),
    (
        "Violence against civilians",
        "sexual_violence",
        "Sexual violence",
        "عنف جنسي",
    ),
    (
        "Violence against civilians",
        "attack",
        "Attack",
        "هجوم على مدنيين",
    ),
    (
        "Violence against civilians",
        "abduction_forced_disappearance",
        "Abduction/forced disappearance",
        "اختطاف أو إخفاء قسري",
    ),
    (
        "Protests",
        "peaceful_protest",
        "Peaceful protest",
        "احتجاج سلمي",
    ),
    (
        "Protests",
        "protest_with_intervention",
        "Protest with intervention",
        "احتجاج مع تدخل",
    ),
    (
        "Protests",
        "excessive_force_against_protesters",
        "Excessive force against protesters",
        "قوة مفرطة ضد المحتجين",
    ),
    (
        "Riots",
        "violent_demonstration",
        "Violent demonstration",
        "مظاهرة عنيفة",
    ),
    ("Riots", "mob_violence", "Mob violence", "عنف جماعي"),
    ("Strategic developments", "agreement", "Agreement", "اتفاق"),
    ("Strategic developments", "arrests", "Arrests", "اعتقالات"),
    (
        "Strategic developments",
        "change_to_group_activity",
        "Change to group/activity",
        "تغير في جماعة أو نشاطها",
    ),
    (
        "Strategic developments",
        "disrupted_weapons_use",
        "Disrupted weapons use",
        "إحباط استخدام أسلحة",
    ),
    (
        "Strategic developments",
        "headquarters_or_base_established",
        "Headquarters or base established",
        "إنشاء مقر أو قاعدة",
    ),
    (
        "Strategic developments",
        "looting_property_destruction",
        "Looting/property destruction",
        "نهب أو تدمير ممتلكات",
    ),
    (
        "Strategic developments",
        "non_violent_transfer_of_territory",
        "Non-violent transfer of territory",
        "انتقال سلمي للسيطرة على أراض",
    ),
    ("Strategic developments", "other", "Other", "أخرى"),
];

/// The roles every default event type declares: any number of actors, targets and places
/// (groups, groups and places), and at most one time (a span of any kind).
pub fn default_roles() -> Vec<RoleDef> {
    let role = |id: &str, kinds: &[LabelKind], cardinality| RoleDef {
        id: RoleId::new(id),
        kinds: kinds.to_vec(),
        cardinality,
    };
    vec![
        role("Actor", &[LabelKind::Group], Cardinality::Many),
        role("Target", &[LabelKind::Group], Cardinality::Many),
        role("Place", &[LabelKind::Place], Cardinality::Many),
        role("Time", &[], Cardinality::Optional),
    ]
}

/// ACLED's taxonomy as event types, in ACLED's order.
pub fn default_event_types() -> Vec<EventType> {
    ACLED
        .iter()
        .map(|&(category, id, name, name_ar)| EventType {
            id: EventTypeId::new(id),
            name: name.to_owned(),
            name_ar: name_ar.to_owned(),
            category: category.to_owned(),
            roles: default_roles(),
        })
        .collect()
}

/// Branch of (JNIM of al-Qaeda), allied with, truce with (between groups), located in
/// (a place in a larger one).
pub fn default_relation_types() -> Vec<RelationType> {
    let rel = |id: &str, name: &str, kind, symmetric, color: [u8; 3]| RelationType {
        id: RelationTypeId::new(id),
        name: name.to_owned(),
        head: vec![kind],
        tail: vec![kind],
        symmetric,
        color: Color(color),
    };
    vec![
        rel(
            "branch_of",
            "Branch of",
            LabelKind::Group,
            false,
            [0xd5, 0x5e, 0x00],
        ),
        rel(
            "allied_with",
            "Allied with",
            LabelKind::Group,
            true,
            [0x00, 0x9e, 0x73],
        ),
        rel(
            "truce_with",
            "Truce with",
            LabelKind::Group,
            true,
            [0x00, 0x72, 0xb2],
        ),
        rel(
            "located_in",
            "Located in",
            LabelKind::Place,
            false,
            [0x66, 0x66, 0x66],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_default_taxonomy_is_acled_s_six_types_and_twenty_five_sub_types() {
        let types = default_event_types();
        assert_eq!(types.len(), 25);
        let categories: HashSet<_> = types.iter().map(|t| t.category.as_str()).collect();
        assert_eq!(categories.len(), 6);
        let ids: HashSet<_> = types.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 25, "ids are distinct");
        assert!(
            types
                .iter()
                .all(|t| !t.name_ar.is_empty() && t.roles.len() == 4)
        );
        assert_eq!(types[0].name, "Armed clash");
    }

    #[test]
    fn cardinalities_read_as_brat_writes_them() {
        for c in [
            Cardinality::One,
            Cardinality::Optional,
            Cardinality::Many,
            Cardinality::OneOrMore,
        ] {
            assert_eq!(Cardinality::from_brat_suffix(c.brat_suffix()), Some(c));
            assert!(c.max().is_none_or(|m| m >= c.min()));
        }
        assert!(Cardinality::from_brat_suffix("!").is_none());
    }
}
