//! Identifiers of documents, spans, events, relations, labels, annotators, entities of the
//! registry and of the names a schema declares (event types, roles, relation types,
//! attributes).
//!
//! A [`DocId`] is derived from the document's text, so two colleagues who imported the same
//! article get the same id and review can match their copies. A [`SpanId`] is random, so spans
//! created in different branches of a shared project never collide.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Identifies a document by a hash of its text: `d-` and 16 hex digits of SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    pub fn from_text(text: &str) -> Self {
        let digest = Sha256::digest(text.as_bytes());
        let mut id = String::with_capacity(18);
        id.push_str("d-");
        for byte in &digest[..8] {
            id.push_str(&format!("{byte:02x}"));
        }
        Self(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A span's stable id, unique within a project file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct SpanId(pub u64);

impl SpanId {
    /// A fresh random id. Ids are 48-bit so they read well in files and never lose precision
    /// in JSON consumers.
    pub fn random() -> Self {
        Self(fastrand::u64(1..(1 << 48)))
    }
}

impl fmt::Display for SpanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An event's stable id, unique within its document; random like a [`SpanId`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct EventId(pub u64);

impl EventId {
    pub fn random() -> Self {
        Self(fastrand::u64(1..(1 << 48)))
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A relation's stable id, unique within its document; random like a [`SpanId`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct RelationId(pub u64);

impl RelationId {
    pub fn random() -> Self {
        Self(fastrand::u64(1..(1 << 48)))
    }
}

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A name declared in the schema and written as itself in files and exports.
macro_rules! name_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

name_id!(
    /// An event type of the taxonomy, e.g. `armed_clash` (an ACLED sub-event type).
    EventTypeId
);
name_id!(
    /// A role an event type declares, e.g. `Actor`.
    RoleId
);
name_id!(
    /// A relation type of the schema, e.g. `branch_of`.
    RelationTypeId
);
name_id!(
    /// An attribute declared in the schema, e.g. `factuality`.
    AttributeId
);

name_id!(
    /// An entity of the project's registry, e.g. `jnim` or `timbuktu`: ASCII letters, digits,
    /// `-`, `_` and `.`, so it can stand as itself in brat `N` lines, spaCy `kb_id`s and CSV.
    EntityId
);

impl EntityId {
    /// A fresh id for an entity created without one: `e-` and 12 hex digits.
    pub fn random() -> Self {
        Self(format!("e-{:012x}", fastrand::u64(0..(1 << 48))))
    }

    /// An id made from a name, e.g. `Africa Corps` → `africa-corps`; `None` when the name has
    /// no ASCII letter or digit (an Arabic-only name gets a [`EntityId::random`] id).
    pub fn slug(name: &str) -> Option<Self> {
        let mut out = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        out.truncate(48);
        (!out.is_empty()).then_some(Self(out))
    }

    /// Whether the id may stand in files and exports: 1 to 64 characters of ASCII letters,
    /// digits, `-`, `_` and `.`.
    pub fn is_well_formed(&self) -> bool {
        !self.0.is_empty()
            && self.0.len() <= 64
            && self
                .0
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    }
}

/// A label's id as written in project files and exports, e.g. `GROUP`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelId(pub String);

impl LabelId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LabelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An annotator's stable id (chosen once, kept when the display name changes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct AnnotatorId(pub String);

impl AnnotatorId {
    pub fn random() -> Self {
        Self(format!("a-{:012x}", fastrand::u64(0..(1 << 48))))
    }
}

impl fmt::Display for AnnotatorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_depends_only_on_text() {
        let a = DocId::from_text("هجوم على قاعدة بامبا");
        let b = DocId::from_text("هجوم على قاعدة بامبا");
        let c = DocId::from_text("هجوم على قاعدة بوريم");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.as_str().len(), 18);
        assert!(a.as_str().starts_with("d-"));
    }
}
