//! Converting between the three units text positions come in.
//!
//! - [`CharOffset`]: Unicode scalar values; the unit of the model, project files and most exports.
//! - [`ByteOffset`]: UTF-8 bytes; only for slicing Rust strings.
//! - [`Utf16Offset`]: UTF-16 code units; what JavaScript tools such as Label Studio count.
//!
//! They agree only on ASCII text; Arabic letters are one char but two bytes, and characters
//! outside the Basic Multilingual Plane (emoji) are one char but two UTF-16 units.

use crate::offset::{CharOffset, CharRange};

/// A position in UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteOffset(pub usize);

/// A position in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Utf16Offset(pub usize);

/// The characters of `range` in `text`, or `None` when the range is not inside the text.
/// Walks the text once; use a [`CharIndex`] for many look-ups in one text.
pub fn slice_chars(text: &str, range: CharRange) -> Option<&str> {
    if range.start > range.end {
        return None;
    }
    let mut iter = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let start = iter.nth(range.start.0)?;
    let end = if range.is_empty() {
        start
    } else {
        iter.nth(range.len() - 1)?
    };
    Some(&text[start..end])
}

/// How many chars lie between checkpoints.
const STRIDE: usize = 64;

/// Fast char ↔ byte ↔ UTF-16 conversion for one text: a checkpoint every 64 characters, so
/// each look-up walks at most 63 characters.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of char `k * STRIDE`.
    bytes: Vec<usize>,
    /// UTF-16 offset of char `k * STRIDE`.
    utf16: Vec<usize>,
    len_chars: usize,
    len_bytes: usize,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut bytes = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut utf16 = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut units = 0;
        let mut count = 0;
        for (b, c) in text.char_indices() {
            if count % STRIDE == 0 {
                bytes.push(b);
                utf16.push(units);
            }
            units += c.len_utf16();
            count += 1;
        }
        Self {
            bytes,
            utf16,
            len_chars: count,
            len_bytes: text.len(),
        }
    }

    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// The byte position of a char position (`len_chars` maps to the text's byte length).
    pub fn to_byte(&self, text: &str, offset: CharOffset) -> Option<ByteOffset> {
        let n = offset.0;
        if n > self.len_chars {
            return None;
        }
        if n == self.len_chars {
            return Some(ByteOffset(self.len_bytes));
        }
        let k = n / STRIDE;
        let base = self.bytes[k];
        let rest = n - k * STRIDE;
        let b = text[base..]
            .char_indices()
            .nth(rest)
            .map(|(b, _)| base + b)?;
        Some(ByteOffset(b))
    }

    /// The char position of a byte position, which must fall on a char boundary.
    pub fn to_char(&self, text: &str, offset: ByteOffset) -> Option<CharOffset> {
        let b = offset.0;
        if b > self.len_bytes || !text.is_char_boundary(b) {
            return None;
        }
        let k = self.bytes.partition_point(|&x| x <= b).saturating_sub(1);
        let base = self.bytes.get(k).copied().unwrap_or(0);
        Some(CharOffset(k * STRIDE + text[base..b].chars().count()))
    }

    /// The UTF-16 position of a char position.
    pub fn to_utf16(&self, text: &str, offset: CharOffset) -> Option<Utf16Offset> {
        let n = offset.0;
        if n > self.len_chars {
            return None;
        }
        let k = n / STRIDE;
        let (Some(&base_byte), Some(&base_units)) = (self.bytes.get(k), self.utf16.get(k)) else {
            // Only reached for n == len_chars == 0 or an exact multiple at the end.
            let units: usize = text.chars().map(char::len_utf16).sum();
            return Some(Utf16Offset(units));
        };
        let rest = n - k * STRIDE;
        let units: usize = text[base_byte..]
            .chars()
            .take(rest)
            .map(char::len_utf16)
            .sum();
        Some(Utf16Offset(base_units + units))
    }

    /// The char position of a UTF-16 position; `None` inside a surrogate pair or past the end.
    pub fn from_utf16(&self, text: &str, offset: Utf16Offset) -> Option<CharOffset> {
        let u = offset.0;
        let k = self.utf16.partition_point(|&x| x <= u).saturating_sub(1);
        let (base_byte, mut units) = match (self.bytes.get(k), self.utf16.get(k)) {
            (Some(&b), Some(&u)) => (b, u),
            _ => (0, 0),
        };
        let mut chars = k * STRIDE;
        for c in text[base_byte..].chars() {
            if units == u {
                return Some(CharOffset(chars));
            }
            if units > u {
                return None;
            }
            units += c.len_utf16();
            chars += 1;
        }
        (units == u).then_some(CharOffset(chars))
    }

    /// The characters of `range`, or `None` when it is not inside the text.
    pub fn slice<'t>(&self, text: &'t str, range: CharRange) -> Option<&'t str> {
        if range.start > range.end {
            return None;
        }
        let start = self.to_byte(text, range.start)?;
        let end = self.to_byte(text, range.end)?;
        Some(&text[start.0..end.0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slices_arabic_by_chars() {
        let text = "قصف مطار تمبكتو 🚀 يوم 20";
        assert_eq!(slice_chars(text, CharRange::new(9, 15)), Some("تمبكتو"));
        assert_eq!(slice_chars(text, CharRange::new(16, 17)), Some("🚀"));
        assert_eq!(slice_chars(text, CharRange::new(0, 0)), Some(""));
        assert_eq!(slice_chars(text, CharRange::new(24, 25)), None);
        let index = CharIndex::new(text);
        assert_eq!(index.slice(text, CharRange::new(9, 15)), Some("تمبكتو"));
        assert_eq!(index.to_utf16(text, CharOffset(18)), Some(Utf16Offset(19)));
        assert_eq!(
            index.from_utf16(text, Utf16Offset(19)),
            Some(CharOffset(18))
        );
        assert_eq!(
            index.from_utf16(text, Utf16Offset(17)),
            None,
            "inside the surrogate pair"
        );
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "ا", "ب", "ّ", "ً", "ـ", " ", "\n", "a", "1", "🚀", "👍🏽", "é", "\u{200f}", "«", "لا",
        ]);
        prop::collection::vec(pieces, 0..400).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn conversions_agree_with_a_plain_walk(text in mixed_text()) {
            let index = CharIndex::new(&text);
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            prop_assert_eq!(index.len_chars(), chars.len());
            let mut units = 0;
            for (n, &(b, c)) in chars.iter().enumerate() {
                prop_assert_eq!(index.to_byte(&text, CharOffset(n)), Some(ByteOffset(b)));
                prop_assert_eq!(index.to_char(&text, ByteOffset(b)), Some(CharOffset(n)));
                prop_assert_eq!(index.to_utf16(&text, CharOffset(n)), Some(Utf16Offset(units)));
                prop_assert_eq!(index.from_utf16(&text, Utf16Offset(units)), Some(CharOffset(n)));
                units += c.len_utf16();
            }
            let end = CharOffset(chars.len());
            prop_assert_eq!(index.to_byte(&text, end), Some(ByteOffset(text.len())));
            prop_assert_eq!(index.to_utf16(&text, end), Some(Utf16Offset(units)));
            prop_assert_eq!(index.from_utf16(&text, Utf16Offset(units)), Some(end));
            prop_assert_eq!(index.to_byte(&text, end + 1), None);
        }
    }
}
