//! The analyst's selection in the open article: the one owner of the caret (or the selected
//! characters) and of the selected span.
//!
//! The app keeps the only copy. The article pane borrows it mutably while it draws (as egui's
//! `TextEdit` borrows its `String`), the side panels read it, and actions change it; nothing
//! keeps a second copy to be synced. A selection belongs to the document on screen and is
//! cleared when another document is shown, so an old caret never comes back.
//!
//! Selecting characters and selecting a span exclude each other: placing a caret (a click in
//! plain text) drops the selected span, and selecting a span drops the caret. The one
//! exception is dragging an edge of the selected span, where the new extent is shown as the
//! characters while the span stays selected.

use crate::model::{CharRange, SpanId};
pub use crate::text::Caret;

/// The caret or selected characters, and the selected span, of the document on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    caret: Option<Caret>,
    span: Option<SpanId>,
}

impl Selection {
    pub fn caret(&self) -> Option<Caret> {
        self.caret
    }

    /// The selected characters (empty when there is only a caret).
    pub fn range(&self) -> Option<CharRange> {
        self.caret.map(|c| c.range())
    }

    pub fn span(&self) -> Option<SpanId> {
        self.span
    }

    /// Put the caret or select characters; no span stays selected.
    pub fn set_caret(&mut self, caret: Caret) {
        self.caret = Some(caret);
        self.span = None;
    }

    /// Select `range` (anchor at its start), or clear the characters. No span stays selected.
    pub fn set_range(&mut self, range: Option<CharRange>) {
        self.caret = range.map(|r| Caret {
            anchor: r.start,
            head: r.end,
        });
        self.span = None;
    }

    /// Select a span (or none); the caret goes.
    pub fn select_span(&mut self, span: Option<SpanId>) {
        self.span = span;
        self.caret = None;
    }

    /// While an edge of the selected span is dragged: show its new extent as the characters.
    pub fn preview_edge(&mut self, caret: Caret) {
        self.caret = Some(caret);
    }

    /// Drop the characters but keep the span (after an edge drag, or after labelling).
    pub fn clear_caret(&mut self) {
        self.caret = None;
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CharOffset;

    #[test]
    fn a_caret_drops_the_span_and_a_span_drops_the_caret() {
        let mut s = Selection::default();
        s.select_span(Some(SpanId(7)));
        assert_eq!(s.span(), Some(SpanId(7)));
        s.set_caret(Caret::at(CharOffset(3)));
        assert_eq!(s.span(), None);
        assert_eq!(s.range(), Some(CharRange::new(3, 3)));
        s.select_span(Some(SpanId(7)));
        assert_eq!(s.caret(), None);
        s.preview_edge(Caret {
            anchor: CharOffset(9),
            head: CharOffset(2),
        });
        assert_eq!(s.span(), Some(SpanId(7)), "an edge drag keeps its span");
        assert_eq!(s.range(), Some(CharRange::new(2, 9)));
        s.clear_caret();
        assert_eq!((s.caret(), s.span()), (None, Some(SpanId(7))));
    }
}
