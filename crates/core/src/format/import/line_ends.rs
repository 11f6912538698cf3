//! Converting CRLF and CR line ends to LF (the model's rule) while keeping offsets pointing at
//! the same characters. Positions are [`CharOffset`]s.

use crate::model::CharOffset;

/// A text with LF line ends and, when anything changed, the new position of every old one.
pub struct Normalized {
    pub text: String,
    /// `map[old]` = new position, for every old position `0..=len`; empty when unchanged.
    map: Vec<usize>,
    old_len: usize,
}

impl Normalized {
    pub fn new(text: &str) -> Self {
        if !text.contains('\r') {
            return Self {
                text: text.to_owned(),
                map: Vec::new(),
                old_len: text.chars().count(),
            };
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(chars.len() + 1);
        let mut new = 0;
        let mut i = 0;
        while i < chars.len() {
            map.push(new);
            if chars[i] == '\r' && chars.get(i + 1) == Some(&'\n') {
                // The \r and the \n both map to the single \n.
                map.push(new);
                out.push('\n');
                i += 2;
            } else {
                out.push(if chars[i] == '\r' { '\n' } else { chars[i] });
                i += 1;
            }
            new += 1;
        }
        map.push(new);
        Self {
            text: out,
            old_len: chars.len(),
            map,
        }
    }

    pub fn changed(&self) -> bool {
        !self.map.is_empty()
    }

    /// Where an old position is now; `None` past the end.
    pub fn map(&self, old: usize) -> Option<CharOffset> {
        if self.map.is_empty() {
            return (old <= self.old_len).then_some(CharOffset(old));
        }
        self.map.get(old).copied().map(CharOffset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_across_crlf() {
        let n = Normalized::new("غاو\r\nميناكا\rx");
        assert_eq!(n.text, "غاو\nميناكا\nx");
        assert_eq!(n.map(5), Some(CharOffset(4)));
        assert_eq!(n.map(11), Some(CharOffset(10)));
        assert_eq!(n.map(13), Some(CharOffset(12)));
        assert_eq!(n.map(14), None);
        assert!(!Normalized::new("a\nb").changed());
    }
}
