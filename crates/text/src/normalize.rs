//! Matching normalisation for Arabic: a folded copy of a text in which spelling differences that
//! do not make a different word disappear, with a map back to the original [`CharOffset`]s.
//!
//! Folded away: diacritics (U+064B–U+0655), the dagger alef (U+0670), tatweel, directional marks
//! and joiners, standalone hamza. Folded together: alef forms (أ إ آ ٱ → ا), ى → ي, ة → ه,
//! hamza carriers (ؤ → و, ئ → ي), Persian yeh and keheh, Arabic-Indic digits → ASCII digits, and
//! ASCII letters to lower case. Every original character folds to zero or one character, so a
//! folded position always names exactly one original character. The stored text never changes:
//! the folded copy exists only for matching.

use crate::offset::{CharOffset, CharRange};

/// Whether `c` is a combining mark that belongs to the letter before it.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Characters that carry no letter: directional marks, joiners, tatweel and similar.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{0640}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The folded form of one character, or `None` when it is dropped.
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_arabic_mark(c) || is_invisible(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ئ' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        'ء' => return None,
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        other => other,
    })
}

/// Fold a short string (a query, a surface form) without keeping the offset map.
pub fn fold(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

/// A folded text with the way back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The folded characters.
    pub chars: Vec<char>,
    /// For folded char `i`: the original offset of the character it came from.
    starts: Vec<u32>,
    /// For folded char `i`: the original offset just after it and the marks that follow it.
    ends: Vec<u32>,
    /// Length of the original text in chars.
    original_len: usize,
}

impl Normalized {
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len() / 2);
        let mut starts = Vec::with_capacity(text.len() / 2);
        let mut ends: Vec<u32> = Vec::with_capacity(text.len() / 2);
        let mut n = 0u32;
        for c in text.chars() {
            match fold_char(c) {
                Some(f) => {
                    chars.push(f);
                    starts.push(n);
                    ends.push(n + 1);
                }
                None => {
                    // A mark right after a kept letter (or after its marks) belongs to it.
                    if is_arabic_mark(c)
                        && let Some(last) = ends.last_mut()
                        && *last == n
                    {
                        *last = n + 1;
                    }
                }
            }
            n += 1;
        }
        Self {
            chars,
            starts,
            ends,
            original_len: n as usize,
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// The original offset of folded char `i`.
    pub fn original_start(&self, i: usize) -> CharOffset {
        CharOffset(self.starts[i] as usize)
    }

    /// The original range covering the folded range `start..end` (with the marks that follow
    /// its last letter). `None` for an empty or out-of-range folded range.
    pub fn original_range(&self, start: usize, end: usize) -> Option<CharRange> {
        if start >= end || end > self.chars.len() {
            return None;
        }
        Some(CharRange::new(
            self.starts[start] as usize,
            self.ends[end - 1] as usize,
        ))
    }

    /// The first folded char at or after original offset `at` (`len()` when none).
    pub fn folded_at(&self, at: CharOffset) -> usize {
        self.starts.partition_point(|&s| (s as usize) < at.0)
    }

    /// Every folded position where `pattern` occurs (overlapping matches included).
    pub fn find_all(&self, pattern: &[char]) -> Vec<usize> {
        let mut out = Vec::new();
        let Some((&first, rest)) = pattern.split_first() else {
            return out;
        };
        let hay = &self.chars;
        if hay.len() < pattern.len() {
            return out;
        }
        let last_start = hay.len() - pattern.len();
        let mut i = 0;
        while i <= last_start {
            match hay[i..=last_start].iter().position(|&c| c == first) {
                Some(p) => {
                    let at = i + p;
                    if hay[at + 1..at + pattern.len()] == *rest {
                        out.push(at);
                    }
                    i = at + 1;
                }
                None => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_spelling_variants_together() {
        assert_eq!(fold("أَنْصارُ الدِّين"), fold("انصار الدين"));
        assert_eq!(fold("إمارة"), "امارة".replace('ة', "ه"));
        assert_eq!(fold("آزواد"), "ازواد");
        assert_eq!(fold("ٱلساحل"), "الساحل");
        assert_eq!(fold("مصطفى"), "مصطفي");
        assert_eq!(fold("جماعة"), fold("جماعه"));
        assert_eq!(fold("تمبكـــتو"), "تمبكتو");
        assert_eq!(fold("مؤتمر"), "موتمر");
        assert_eq!(fold("هيئة"), fold("هيية"));
        assert_eq!(fold("٢٠٢٤ و۱۲"), "2024 و12");
        assert_eq!(fold("\u{200f}مالي\u{200d}"), "مالي");
        assert_eq!(fold("JNIM"), "jnim");
        assert_eq!(fold("الرحمٰن"), "الرحمن");
    }

    #[test]
    fn keeps_different_words_apart() {
        assert_ne!(fold("فاغنر"), fold("فاجنر"));
        assert_ne!(fold("مالي"), fold("بالي"));
    }

    #[test]
    fn maps_back_including_trailing_marks() {
        let text = "هاجم مُسَلَّحُون بلدةَ كيدال";
        let n = Normalized::new(text);
        let pat: Vec<char> = "مسلحون".chars().collect();
        let hits = n.find_all(&pat);
        assert_eq!(hits.len(), 1);
        let range = n.original_range(hits[0], hits[0] + pat.len()).unwrap();
        assert_eq!(crate::slice_chars(text, range), Some("مُسَلَّحُون"));
        let pat: Vec<char> = "بلده".chars().collect();
        let at = n.find_all(&pat)[0];
        let range = n.original_range(at, at + pat.len()).unwrap();
        assert_eq!(crate::slice_chars(text, range), Some("بلدةَ"));
    }

    #[test]
    fn find_all_finds_overlapping_and_edges() {
        let n = Normalized::new("ااا");
        assert_eq!(n.find_all(&['ا', 'ا']), vec![0, 1]);
        assert!(n.find_all(&[]).is_empty());
        assert!(n.find_all(&['ا'; 4]).is_empty());
    }

    fn arabicish() -> impl Strategy<Value = String> {
        let pool: Vec<char> = "اأإآٱبتةجدسعغفقكلمنهويىئؤء \nَُِّْٰـ\u{200f}\u{200d}٣aZ.،"
            .chars()
            .collect();
        proptest::collection::vec(proptest::sample::select(pool), 0..60)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn offset_map_is_consistent(text in arabicish()) {
            let n = Normalized::new(&text);
            let original: Vec<char> = text.chars().collect();
            prop_assert_eq!(n.original_len(), original.len());
            let mut kept = 0;
            for (i, &f) in n.chars.iter().enumerate() {
                let s = n.original_start(i).0;
                prop_assert_eq!(fold_char(original[s]), Some(f));
                let r = n.original_range(i, i + 1).unwrap();
                prop_assert_eq!(r.start.0, s);
                prop_assert!(r.end.0 > s);
                // Whatever lies inside the range after the letter folds away.
                for &c in &original[s + 1..r.end.0] {
                    prop_assert!(fold_char(c).is_none());
                }
                if i + 1 < n.len() {
                    prop_assert!(r.end.0 <= n.original_start(i + 1).0);
                }
                prop_assert_eq!(n.folded_at(CharOffset(s)), i);
                kept += 1;
            }
            let dropped = original.iter().filter(|&&c| fold_char(c).is_none()).count();
            prop_assert_eq!(kept + dropped, original.len());
            prop_assert_eq!(n.chars.iter().collect::<String>(), fold(&text));
        }

        #[test]
        fn every_found_match_maps_to_text_folding_to_the_pattern(
            text in arabicish(), len in 1usize..4, from in 0usize..60
        ) {
            let n = Normalized::new(&text);
            if n.len() >= len {
                let from = from % (n.len() - len + 1);
                let pat: Vec<char> = n.chars[from..from + len].to_vec();
                let hits = n.find_all(&pat);
                prop_assert!(hits.contains(&from));
                for h in hits {
                    let r = n.original_range(h, h + len).unwrap();
                    let covered = crate::slice_chars(&text, r).unwrap();
                    prop_assert_eq!(fold(covered), pat.iter().collect::<String>());
                }
            }
        }
    }
}
