//! The editing logic of a text field, in logical positions and without a window: insert,
//! delete, word boundaries, line ends, select all, and undo / redo inside the field.
//!
//! Everything here works in [`CharOffset`]s (Unicode scalar values) and keeps the caret on a
//! boundary of the text. Moving *as drawn* (arrow keys in mixed right-to-left text) needs the
//! layout and is done by the widget with [`crate::layout::ParagraphLayout::move_visually`];
//! everything that is logical (Home, End, word jumps, deleting) is here, so it is tested
//! without egui.

use crate::caret::Caret;
use crate::offset::{CharOffset, CharRange};
use unicode_segmentation::UnicodeSegmentation;

/// Undo steps kept per field.
const MAX_UNDO: usize = 200;

/// What a field holds while it is edited: the text, the caret and its own undo history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldBuffer {
    text: String,
    caret: Caret,
    undo: Vec<(String, Caret)>,
    redo: Vec<(String, Caret)>,
    /// Whether the last change was typing that may be merged with the next keystroke into
    /// one undo step.
    typing: bool,
}

impl FieldBuffer {
    pub fn new(text: &str) -> Self {
        let end = CharOffset(text.chars().count());
        Self {
            text: text.to_owned(),
            caret: Caret::at(end),
            ..Self::default()
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn caret(&self) -> Caret {
        self.caret
    }

    pub fn len_chars(&self) -> usize {
        self.text.chars().count()
    }

    /// Take a text changed from outside (the caller's `String`): the caret is kept where it
    /// still fits, and the undo history is dropped, since it no longer describes this text.
    pub fn sync(&mut self, text: &str) {
        if self.text != text {
            self.text = text.to_owned();
            let n = self.len_chars();
            let clamp = |o: CharOffset| CharOffset(o.0.min(n));
            self.caret = Caret {
                anchor: clamp(self.caret.anchor),
                head: clamp(self.caret.head),
            };
            self.undo.clear();
            self.redo.clear();
            self.typing = false;
        }
    }

    /// Put the caret (or a selection), clamped to the text.
    pub fn set_caret(&mut self, caret: Caret) {
        let n = self.len_chars();
        self.caret = Caret {
            anchor: CharOffset(caret.anchor.0.min(n)),
            head: CharOffset(caret.head.0.min(n)),
        };
        self.typing = false;
    }

    /// Move the head to `offset`; with `extend` the anchor stays (Shift), else both move.
    pub fn move_to(&mut self, offset: CharOffset, extend: bool) {
        let anchor = if extend { self.caret.anchor } else { offset };
        self.set_caret(Caret {
            anchor,
            head: offset,
        });
    }

    pub fn select_all(&mut self) {
        self.set_caret(Caret {
            anchor: CharOffset(0),
            head: CharOffset(self.len_chars()),
        });
    }

    pub fn selected_text(&self) -> &str {
        self.slice(self.caret.range())
    }

    fn byte(&self, offset: CharOffset) -> usize {
        self.text
            .char_indices()
            .nth(offset.0)
            .map_or(self.text.len(), |(b, _)| b)
    }

    fn slice(&self, range: CharRange) -> &str {
        &self.text[self.byte(range.start)..self.byte(range.end)]
    }

    fn remember(&mut self, typing: bool) {
        if !(typing && self.typing) {
            self.undo.push((self.text.clone(), self.caret));
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.typing = typing;
    }

    fn replace(&mut self, range: CharRange, with: &str, typing: bool) {
        self.remember(typing);
        let (a, b) = (self.byte(range.start), self.byte(range.end));
        self.text.replace_range(a..b, with);
        let end = CharOffset(range.start.0 + with.chars().count());
        self.caret = Caret::at(end);
    }

    /// Type or paste `s` over the selection. Returns whether the text changed.
    pub fn insert(&mut self, s: &str) -> bool {
        if s.is_empty() && self.caret.is_empty() {
            return false;
        }
        // A space or a line break ends the typing step, so undo goes back word by word.
        let typing = !s.contains(char::is_whitespace) && s.chars().count() == 1;
        self.replace(self.caret.range(), s, typing);
        true
    }

    /// Delete the selection, or the character (`word`: the word) before the caret.
    pub fn backspace(&mut self, word: bool) -> bool {
        let range = if !self.caret.is_empty() {
            self.caret.range()
        } else if word {
            CharRange::between(self.word_start_before(self.caret.head), self.caret.head)
        } else if self.caret.head.0 > 0 {
            CharRange::new(self.caret.head.0 - 1, self.caret.head.0)
        } else {
            return false;
        };
        if range.is_empty() {
            return false;
        }
        self.replace(range, "", false);
        true
    }

    /// Delete the selection, or the character (`word`: the word) after the caret.
    pub fn delete(&mut self, word: bool) -> bool {
        let range = if !self.caret.is_empty() {
            self.caret.range()
        } else if word {
            CharRange::between(self.caret.head, self.word_end_after(self.caret.head))
        } else if self.caret.head.0 < self.len_chars() {
            CharRange::new(self.caret.head.0, self.caret.head.0 + 1)
        } else {
            return false;
        };
        if range.is_empty() {
            return false;
        }
        self.replace(range, "", false);
        true
    }

    /// Cut: the selected text, removed. `None` when nothing is selected.
    pub fn cut(&mut self) -> Option<String> {
        if self.caret.is_empty() {
            return None;
        }
        let text = self.selected_text().to_owned();
        self.replace(self.caret.range(), "", false);
        Some(text)
    }

    pub fn undo(&mut self) -> bool {
        let moved = Self::travel(
            &mut self.undo,
            &mut self.redo,
            &mut self.text,
            &mut self.caret,
        );
        self.typing &= !moved;
        moved
    }

    pub fn redo(&mut self) -> bool {
        let moved = Self::travel(
            &mut self.redo,
            &mut self.undo,
            &mut self.text,
            &mut self.caret,
        );
        self.typing &= !moved;
        moved
    }

    /// Move one state from `from` to the text (the text's state going onto `to`).
    fn travel(
        from: &mut Vec<(String, Caret)>,
        to: &mut Vec<(String, Caret)>,
        text: &mut String,
        caret: &mut Caret,
    ) -> bool {
        let Some((old_text, old_caret)) = from.pop() else {
            return false;
        };
        to.push((std::mem::replace(text, old_text), *caret));
        *caret = old_caret;
        true
    }

    /// Word starts and ends: Unicode word boundaries (UAX #29) around words that hold a
    /// letter or digit, as char offsets.
    fn words(&self) -> Vec<CharRange> {
        let mut out = Vec::new();
        let mut at = 0;
        for piece in self.text.split_word_bounds() {
            let n = piece.chars().count();
            if piece.chars().any(char::is_alphanumeric) {
                out.push(CharRange::new(at, at + n));
            }
            at += n;
        }
        out
    }

    /// The start of the word before `offset` (or of the word it is in).
    pub fn word_start_before(&self, offset: CharOffset) -> CharOffset {
        self.words()
            .iter()
            .rev()
            .find(|w| w.start < offset)
            .map_or(CharOffset(0), |w| w.start)
    }

    /// The end of the word after `offset` (or of the word it is in).
    pub fn word_end_after(&self, offset: CharOffset) -> CharOffset {
        self.words()
            .iter()
            .find(|w| w.end > offset)
            .map_or(CharOffset(self.len_chars()), |w| w.end)
    }

    /// The word around `offset` (double click); an empty range between words.
    pub fn word_at(&self, offset: CharOffset) -> CharRange {
        self.words()
            .into_iter()
            .find(|w| w.start <= offset && offset < w.end)
            .unwrap_or(CharRange::between(offset, offset))
    }

    /// The logical start of the line (after the previous `\n`) that holds `offset`.
    pub fn line_start(&self, offset: CharOffset) -> CharOffset {
        let before: Vec<char> = self.text.chars().take(offset.0).collect();
        let i = before.iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
        CharOffset(i)
    }

    /// The logical end of the line (before the next `\n`) that holds `offset`.
    pub fn line_end(&self, offset: CharOffset) -> CharOffset {
        let rest = self.text.chars().skip(offset.0).position(|c| c == '\n');
        CharOffset(rest.map_or(self.len_chars(), |i| offset.0 + i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIXED: &str = "بيان JNIM رقم 12 عن هجوم";

    #[test]
    fn typing_arabic_digits_and_latin_keeps_logical_order() {
        let mut f = FieldBuffer::new("");
        for s in ["ه", "ج", "و", "م", " ", "1", "2", " ", "J", "N", "I", "M"] {
            f.insert(s);
        }
        assert_eq!(f.text(), "هجوم 12 JNIM");
        assert_eq!(f.caret(), Caret::at(CharOffset(12)));
        // Undo goes back a word at a time.
        assert!(f.undo());
        assert_eq!(f.text(), "هجوم 12 ");
        assert!(f.undo());
        assert_eq!(f.text(), "هجوم 12");
        assert!(f.redo());
        assert_eq!(f.text(), "هجوم 12 ");
    }

    #[test]
    fn words_lines_and_deleting() {
        let mut f = FieldBuffer::new(MIXED);
        assert_eq!(f.word_start_before(CharOffset(9)), CharOffset(5));
        assert_eq!(f.word_end_after(CharOffset(9)), CharOffset(13));
        assert_eq!(f.word_at(CharOffset(6)), CharRange::new(5, 9));
        f.set_caret(Caret::at(CharOffset(9)));
        assert!(f.backspace(true));
        assert_eq!(f.text(), "بيان  رقم 12 عن هجوم");
        assert!(f.undo());
        f.set_caret(Caret {
            anchor: CharOffset(0),
            head: CharOffset(4),
        });
        assert_eq!(f.cut().as_deref(), Some("بيان"));
        assert_eq!(f.text(), " JNIM رقم 12 عن هجوم");

        let g = FieldBuffer::new("سطر أول\nسطر ثان");
        assert_eq!(g.line_start(CharOffset(10)), CharOffset(8));
        assert_eq!(g.line_end(CharOffset(2)), CharOffset(7));
        assert_eq!(g.line_end(CharOffset(10)), CharOffset(15));
    }

    #[test]
    fn an_outside_change_keeps_the_caret_inside_and_drops_undo() {
        let mut f = FieldBuffer::new(MIXED);
        f.insert("!");
        f.sync("قصير");
        assert_eq!(f.caret().head, CharOffset(4));
        assert!(!f.undo());
    }

    proptest! {
        /// Against a plain model (a Vec<char>): inserting and deleting at any position keeps
        /// the text and the caret where the model says, and undo restores every step.
        #[test]
        fn edits_match_a_vec_of_chars(
            start in "[بيانJNIM 12٣\u{64e}]{0,12}",
            ops in proptest::collection::vec((0usize..20, 0u8..4, "[هجو a1]{1,2}"), 0..20),
        ) {
            let mut f = FieldBuffer::new(&start);
            let mut model: Vec<char> = start.chars().collect();
            for (at, op, s) in ops {
                let at = at.min(model.len());
                f.set_caret(Caret::at(CharOffset(at)));
                let len_before = model.len();
                let changed = match op {
                    0 => { let c: Vec<char> = s.chars().collect(); model.splice(at..at, c); f.insert(&s) }
                    1 if at > 0 => { model.remove(at - 1); f.backspace(false) }
                    2 if at < model.len() => { model.remove(at); f.delete(false) }
                    _ => false,
                };
                let expected = op == 0 || (op == 1 && at > 0) || (op == 2 && at < len_before);
                prop_assert_eq!(changed, expected);
                let text: String = model.iter().collect();
                prop_assert_eq!(f.text(), text.as_str());
                prop_assert!(f.caret().head.0 <= f.len_chars());
            }
            while f.undo() {}
            prop_assert_eq!(f.text(), start.as_str());
        }
    }
}
