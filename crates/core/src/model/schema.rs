//! The schema: which labels a project uses (kinds, colours, hotkeys), and what it declares for
//! frames: the event taxonomy, the relation types and the attributes.

use super::attributes::{AttributeDef, default_attributes};
use super::taxonomy::{EventType, RelationType, default_event_types, default_relation_types};
use super::{AttributeId, EventTypeId, LabelId, RelationTypeId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What a label stands for; exports and review treat all kinds alike, the GUI groups by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabelKind {
    Group,
    Place,
    Event,
    Other,
}

/// An sRGB colour, written `"#rrggbb"` in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color(pub [u8; 3]);

impl Color {
    pub fn parse(s: &str) -> Option<Self> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("colour {s:?} is not of the form #rrggbb"))
        })
    }
}

/// One label of the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: LabelId,
    pub name: String,
    pub kind: LabelKind,
    pub color: Color,
    /// A single key, e.g. `"1"`, that applies this label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<String>,
    #[serde(default)]
    pub description: String,
}

/// What a project declares: its labels in display order, its event taxonomy, relation types
/// and attributes. A format-1 file had only labels; reading one gives it the default taxonomy,
/// relation types and attributes (see `format::project_file`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub labels: Vec<Label>,
    #[serde(default)]
    pub event_types: Vec<EventType>,
    #[serde(default)]
    pub relation_types: Vec<RelationType>,
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
}

impl Default for Schema {
    /// GROUP, PLACE, EVENT and DATE on keys 1 to 4, in colours that stay distinct for the
    /// common forms of colour blindness; ACLED's event taxonomy, four relation types and the
    /// default attributes (factuality, date, fatalities, notes, country).
    fn default() -> Self {
        let label =
            |id: &str, name: &str, kind, color: [u8; 3], key: &str, description: &str| Label {
                id: LabelId::new(id),
                name: name.to_owned(),
                kind,
                color: Color(color),
                hotkey: Some(key.to_owned()),
                description: description.to_owned(),
            };
        Self {
            labels: vec![
                label(
                    "GROUP",
                    "Group",
                    LabelKind::Group,
                    [0xe6, 0x9f, 0x00],
                    "1",
                    "An armed group, army, militia, alliance or organisation named in the text.",
                ),
                label(
                    "PLACE",
                    "Place",
                    LabelKind::Place,
                    [0x56, 0xb4, 0xe9],
                    "2",
                    "A named place: country, region, town, village, base or border area.",
                ),
                label(
                    "EVENT",
                    "Event",
                    LabelKind::Event,
                    [0xcc, 0x79, 0xa7],
                    "3",
                    "The phrase that names an event: an attack, clash, blockade, coup, truce.",
                ),
                label(
                    "DATE",
                    "Date",
                    LabelKind::Other,
                    [0xf0, 0xe4, 0x42],
                    "4",
                    "A date or time phrase: a day, a date, a month, a year, yesterday, at dawn; \
                     it fills an event's Time.",
                ),
            ],
            event_types: default_event_types(),
            relation_types: default_relation_types(),
            attributes: default_attributes(),
        }
    }
}

impl Schema {
    pub fn label(&self, id: &LabelId) -> Option<&Label> {
        self.labels.iter().find(|l| &l.id == id)
    }

    pub fn contains(&self, id: &LabelId) -> bool {
        self.label(id).is_some()
    }

    /// A schema with these labels and nothing declared for frames.
    pub fn with_labels(labels: Vec<Label>) -> Self {
        Self {
            labels,
            event_types: Vec::new(),
            relation_types: Vec::new(),
            attributes: Vec::new(),
        }
    }

    pub fn event_type(&self, id: &EventTypeId) -> Option<&EventType> {
        self.event_types.iter().find(|t| &t.id == id)
    }

    pub fn relation_type(&self, id: &RelationTypeId) -> Option<&RelationType> {
        self.relation_types.iter().find(|t| &t.id == id)
    }

    pub fn attribute(&self, id: &AttributeId) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| &a.id == id)
    }

    pub fn by_hotkey(&self, key: &str) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.hotkey.as_deref() == Some(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_round_trip() {
        let c = Color::parse("#E69F00").unwrap();
        assert_eq!(c, Color([0xe6, 0x9f, 0x00]));
        assert_eq!(c.to_string(), "#e69f00");
        assert!(Color::parse("e69f00").is_none());
        assert!(Color::parse("#e69f0").is_none());
        assert!(Color::parse("#ééé").is_none());
    }

    #[test]
    fn default_schema_has_four_distinct_labels() {
        let s = Schema::default();
        let ids: Vec<_> = s.labels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["GROUP", "PLACE", "EVENT", "DATE"]);
        assert_eq!(s.by_hotkey("2").unwrap().id.as_str(), "PLACE");
        assert_eq!(s.by_hotkey("4").unwrap().id.as_str(), "DATE");
        let colours: std::collections::HashSet<_> = s.labels.iter().map(|l| l.color).collect();
        assert_eq!(colours.len(), s.labels.len());
    }
}
