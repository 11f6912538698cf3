//! A caret or selection in a text, in logical positions.

use crate::offset::{CharOffset, CharRange};

/// A selection as the user made it: `anchor` stays, `head` moves. Both are caret boundaries
/// (char offsets); equal when there is only a caret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Caret {
    pub anchor: CharOffset,
    pub head: CharOffset,
}

impl Caret {
    pub fn at(offset: CharOffset) -> Self {
        Self {
            anchor: offset,
            head: offset,
        }
    }

    /// The selected characters, in logical order whichever way the selection was made.
    pub fn range(&self) -> CharRange {
        CharRange::between(self.anchor, self.head)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}
