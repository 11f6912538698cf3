//! Typed text positions in Unicode scalar values.
//!
//! A [`CharOffset`] counts `char`s from the start of a document's text. Project files and most
//! exports use this unit. Byte positions (for slicing Rust strings) and UTF-16 positions (for
//! Label Studio) have their own types in [`crate::index`]; converting between them always
//! goes through a [`crate::CharIndex`].

use serde::{Deserialize, Serialize};
use std::fmt;

/// A position in a text, counted in Unicode scalar values (`char`s) from its start.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharOffset(pub usize);

impl CharOffset {
    pub const ZERO: Self = Self(0);

    pub fn get(self) -> usize {
        self.0
    }
}

impl fmt::Display for CharOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::ops::Add<usize> for CharOffset {
    type Output = Self;
    fn add(self, rhs: usize) -> Self {
        Self(self.0 + rhs)
    }
}

/// A half-open range `[start, end)` of scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CharRange {
    pub start: CharOffset,
    pub end: CharOffset,
}

impl CharRange {
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start: CharOffset(start),
            end: CharOffset(end),
        }
    }

    /// The range between two positions in either order.
    pub fn between(a: CharOffset, b: CharOffset) -> Self {
        Self {
            start: a.min(b),
            end: a.max(b),
        }
    }

    pub fn len(&self) -> usize {
        self.end.0.saturating_sub(self.start.0)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, offset: CharOffset) -> bool {
        self.start <= offset && offset < self.end
    }

    /// True when the two ranges share at least one character.
    pub fn overlaps(&self, other: &CharRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn covers(&self, other: &CharRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Number of characters shared by both ranges.
    pub fn intersection_len(&self, other: &CharRange) -> usize {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        end.0.saturating_sub(start.0)
    }
}

impl fmt::Display for CharRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_cover() {
        let a = CharRange::new(2, 6);
        assert!(a.overlaps(&CharRange::new(5, 9)));
        assert!(!a.overlaps(&CharRange::new(6, 9)));
        assert!(a.covers(&CharRange::new(2, 6)));
        assert!(!a.covers(&CharRange::new(1, 3)));
        assert_eq!(a.intersection_len(&CharRange::new(4, 10)), 2);
        assert_eq!(
            CharRange::between(CharOffset(7), CharOffset(3)),
            CharRange::new(3, 7)
        );
    }
}
