//! Word tokenisation and sentence splitting for exports and agreement on tokens.
//!
//! All positions are [`CharOffset`]s (Unicode scalar values). A token is a maximal run of
//! "word" characters, or a single punctuation character; whitespace separates tokens and is
//! never part of one. A word is also cut at every offset the caller passes in `boundaries`
//! (typically span starts and ends), so a span that starts after an Arabic proclitic — `و` +
//! `تمبكتو` in `وتمبكتو` — still begins on a token edge and no label is lost.
//!
//! Re-joining every token with the text between it and the next one (always whitespace) gives
//! the original text back; `space_after` says whether any whitespace follows the token.

use crate::offset::{CharOffset, CharRange};

/// One token: its characters and whether whitespace follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub range: CharRange,
    /// True when the character right after the token is whitespace.
    pub space_after: bool,
}

/// True for characters that form a token of their own: Latin (ASCII and general) punctuation
/// and the Arabic comma, semicolon, question mark, full stop, quotes and guillemets.
pub fn is_punctuation(c: char) -> bool {
    if c.is_ascii_punctuation() {
        return true;
    }
    matches!(
        c,
        '،' | '؛'
            | '؟'
            | '۔'
            | '«'
            | '»'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '‹'
            | '›'
            | '…'
            | '–'
            | '—'
            | '٪'
            | '¡'
            | '¿'
            | '·'
    )
}

/// True for characters that end a sentence when they stand as a token.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…')
}

/// Split `text` into tokens, cutting words at whitespace, punctuation and every offset in
/// `boundaries` (offsets outside the text or on whitespace are ignored; order does not matter).
pub fn tokenize(text: &str, boundaries: &[CharOffset]) -> Vec<Token> {
    let mut cuts: Vec<usize> = boundaries.iter().map(|b| b.0).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut next_cut = 0;

    let mut tokens: Vec<Token> = Vec::new();
    let mut word_start: Option<usize> = None;
    let close = |tokens: &mut Vec<Token>, start: usize, end: usize| {
        tokens.push(Token {
            range: CharRange::new(start, end),
            space_after: false,
        });
    };

    for (i, c) in text.chars().enumerate() {
        while next_cut < cuts.len() && cuts[next_cut] < i {
            next_cut += 1;
        }
        let cut_here = next_cut < cuts.len() && cuts[next_cut] == i;
        if c.is_whitespace() {
            if let Some(s) = word_start.take() {
                close(&mut tokens, s, i);
            }
            if let Some(last) = tokens.last_mut()
                && last.range.end.0 == i
            {
                last.space_after = true;
            }
        } else if is_punctuation(c) {
            if let Some(s) = word_start.take() {
                close(&mut tokens, s, i);
            }
            close(&mut tokens, i, i + 1);
        } else {
            match word_start {
                Some(s) if cut_here => {
                    close(&mut tokens, s, i);
                    word_start = Some(i);
                }
                Some(_) => {}
                None => word_start = Some(i),
            }
        }
    }
    if let Some(s) = word_start {
        let n = text.chars().count();
        close(&mut tokens, s, n);
    }
    tokens
}

/// Split token indices into sentences: after a sentence-ending punctuation token, and wherever
/// the whitespace between two tokens holds a line end. Every token belongs to exactly one
/// returned range; ranges are non-empty and in order.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, tok) in tokens.iter().enumerate() {
        let single = (tok.range.len() == 1)
            .then(|| chars.get(tok.range.start.0).copied())
            .flatten();
        let ends_by_punct = single.is_some_and(is_sentence_end);
        let gap_end = tokens
            .get(i + 1)
            .map_or(chars.len(), |t| t.range.start.0)
            .min(chars.len());
        let gap_start = tok.range.end.0.min(gap_end);
        let ends_by_line = chars[gap_start..gap_end]
            .iter()
            .any(|&c| c == '\n' || c == '\r' || c == '\u{2029}');
        if ends_by_punct || ends_by_line || i + 1 == tokens.len() {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out
}

/// Whether `c` ends a sentence in [`sentences`]: a sentence-ending punctuation character (always
/// a token of its own) or a line end in the whitespace between tokens.
fn ends_sentence(c: char) -> Option<SentenceEnd> {
    if is_sentence_end(c) {
        Some(SentenceEnd::Inclusive)
    } else if matches!(c, '\n' | '\r' | '\u{2029}') {
        Some(SentenceEnd::Exclusive)
    } else {
        None
    }
}

enum SentenceEnd {
    /// The character is the sentence's last (a full stop).
    Inclusive,
    /// The sentence ended before the character (a line end).
    Exclusive,
}

/// The characters of the sentence that [`sentences`] would put `at` in: from its first token's
/// start to its last token's end, without tokenising the whole text. A sentence-ending mark
/// belongs to the sentence it ends; `None` when `at` is outside the text or on whitespace
/// that belongs to no sentence (blank lines, whitespace after a full stop).
///
/// Walks the text up to `at` once, then only the sentence; allocates nothing.
pub fn sentence_at(text: &str, at: CharOffset) -> Option<CharRange> {
    sentence_text_at(text, at).map(|(range, _)| range)
}

/// [`sentence_at`] with the sentence's text.
pub fn sentence_text_at(text: &str, at: CharOffset) -> Option<(CharRange, &str)> {
    let (at_byte, _) = text.char_indices().nth(at.0)?;
    // Back to just after the previous sentence end, counting characters.
    let mut start_byte = 0;
    let mut back = 0;
    for (i, c) in text[..at_byte].char_indices().rev() {
        if ends_sentence(c).is_some() {
            start_byte = i + c.len_utf8();
            break;
        }
        back += 1;
    }
    // On to the sentence's end: a full stop is its last character, a line end follows it.
    let mut end_byte = text.len();
    let mut ahead = 0;
    for (i, c) in text[at_byte..].char_indices() {
        match ends_sentence(c) {
            Some(SentenceEnd::Inclusive) => {
                end_byte = at_byte + i + c.len_utf8();
                ahead += 1;
                break;
            }
            Some(SentenceEnd::Exclusive) => {
                end_byte = at_byte + i;
                break;
            }
            None => ahead += 1,
        }
    }
    // Without the whitespace at either end.
    let raw = &text[start_byte..end_byte];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    let lead_chars = raw[..lead].chars().count();
    let trail_chars = raw[lead + trimmed.len()..].chars().count();
    let start = at.0 - back + lead_chars;
    let end = (at.0 + ahead).checked_sub(trail_chars)?;
    let range = CharRange::new(start, end.max(start));
    range.contains(at).then_some((range, trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str, tokens: &[Token]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokens
            .iter()
            .map(|t| chars[t.range.start.0..t.range.end.0].iter().collect())
            .collect()
    }

    /// Tokens with the text between them, concatenated.
    fn rejoin(text: &str, tokens: &[Token]) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out: String = chars[..tokens.first().map_or(chars.len(), |t| t.range.start.0)]
            .iter()
            .collect();
        for (i, t) in tokens.iter().enumerate() {
            let next = tokens.get(i + 1).map_or(chars.len(), |n| n.range.start.0);
            let gap: String = chars[t.range.end.0..next].iter().collect();
            assert!(gap.chars().all(char::is_whitespace), "gap {gap:?}");
            assert_eq!(t.space_after, !gap.is_empty());
            out.extend(&chars[t.range.start.0..t.range.end.0]);
            out.push_str(&gap);
        }
        out
    }

    #[test]
    fn splits_whitespace_and_arabic_punctuation() {
        let text = "قال المتحدث، «هجوم» في تمبكتو؟ نعم.";
        let toks = tokenize(text, &[]);
        assert_eq!(
            words(text, &toks),
            [
                "قال",
                "المتحدث",
                "،",
                "«",
                "هجوم",
                "»",
                "في",
                "تمبكتو",
                "؟",
                "نعم",
                "."
            ]
        );
        assert!(toks[0].space_after);
        assert!(!toks[1].space_after);
        assert!(toks[2].space_after);
        assert_eq!(rejoin(text, &toks), text);
    }

    #[test]
    fn cuts_proclitic_at_span_boundary() {
        let text = "هاجموا وتمبكتو أمس";
        // "تمبكتو" starts at char 8 (after "هاجموا " and "و").
        let toks = tokenize(text, &[CharOffset(8), CharOffset(14)]);
        assert_eq!(words(text, &toks), ["هاجموا", "و", "تمبكتو", "أمس"]);
        assert!(!toks[1].space_after);
        assert_eq!(toks[2].range, CharRange::new(8, 14));
    }

    #[test]
    fn sentences_split_at_punctuation_and_lines() {
        let text = "هجوم في غاو. قتلى؟ نعم\nسطر ثان";
        let toks = tokenize(text, &[]);
        let s = sentences(text, &toks);
        let w = words(text, &toks);
        let joined: Vec<Vec<&str>> = s
            .iter()
            .map(|r| w[r.clone()].iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            joined,
            vec![
                vec!["هجوم", "في", "غاو", "."],
                vec!["قتلى", "؟"],
                vec!["نعم"],
                vec!["سطر", "ثان"],
            ]
        );
    }

    #[test]
    fn empty_and_blank_text() {
        assert!(tokenize("", &[]).is_empty());
        assert!(tokenize(" \n\t ", &[CharOffset(1)]).is_empty());
        assert!(sentences("", &[]).is_empty());
    }

    #[test]
    fn emoji_and_combining_marks_stay_in_words() {
        let text = "مُقاتِلون 🙂 e\u{301}t";
        let toks = tokenize(text, &[]);
        assert_eq!(words(text, &toks), ["مُقاتِلون", "🙂", "e\u{301}t"]);
    }

    #[test]
    fn the_sentence_of_an_offset_ends_at_its_full_stop_or_line() {
        let text = "هجوم في غاو. قتلى؟ نعم\nسطر ثان";
        let of = |at: usize| sentence_at(text, CharOffset(at)).map(|r| slice(text, r));
        assert_eq!(of(0).as_deref(), Some("هجوم في غاو."));
        assert_eq!(
            of(11).as_deref(),
            Some("هجوم في غاو."),
            "the full stop ends its own"
        );
        assert_eq!(
            of(12),
            None,
            "the space after a full stop is in no sentence"
        );
        assert_eq!(of(13).as_deref(), Some("قتلى؟"));
        assert_eq!(of(20).as_deref(), Some("نعم"));
        assert_eq!(of(22), None, "the line end");
        assert_eq!(of(24).as_deref(), Some("سطر ثان"));
        assert_eq!(of(400), None);
    }

    fn slice(text: &str, r: CharRange) -> String {
        text.chars().skip(r.start.0).take(r.len()).collect()
    }

    fn arb_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "و", "ت", "م", "ب", "ك", "ل", "ا", "ي", "\u{64e}", "\u{651}", "\u{640}", " ", " ",
            "\n", "\t", "،", "؟", ".", "«", "»", "🙂", "👍🏽", "a", "Z", "7", "٣", "\u{200f}", "-",
            "\u{301}",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn rejoin_gives_text_and_boundaries_are_edges(
            text in arb_text(),
            raw in prop::collection::vec(0usize..80, 0..10),
        ) {
            let n = text.chars().count();
            let bounds: Vec<CharOffset> = raw.iter().map(|&b| CharOffset(b.min(n))).collect();
            let toks = tokenize(&text, &bounds);
            prop_assert_eq!(rejoin(&text, &toks), text.clone());
            let chars: Vec<char> = text.chars().collect();
            for b in &bounds {
                // A boundary must never fall strictly inside a token.
                let inside = toks.iter().any(|t| t.range.start < *b && *b < t.range.end);
                prop_assert!(!inside, "boundary {} inside a token", b);
            }
            for t in &toks {
                prop_assert!(!t.range.is_empty());
                prop_assert!(chars[t.range.start.0..t.range.end.0].iter().all(|c| !c.is_whitespace()));
            }
            let s = sentences(&text, &toks);
            let covered: usize = s.iter().map(|r| r.len()).sum();
            prop_assert_eq!(covered, toks.len());
            let mut expect = 0;
            for r in &s {
                prop_assert_eq!(r.start, expect);
                prop_assert!(!r.is_empty());
                expect = r.end;
            }
        }

        #[test]
        fn sentence_at_agrees_with_the_sentences_of_the_tokens(text in arb_text()) {
            let toks = tokenize(&text, &[]);
            let n = text.chars().count();
            let mut expected: Vec<Option<CharRange>> = vec![None; n + 1];
            for r in sentences(&text, &toks) {
                let range = CharRange::between(toks[r.start].range.start, toks[r.end - 1].range.end);
                // Whitespace between the sentence's tokens belongs to it too.
                for slot in &mut expected[range.start.0..range.end.0] {
                    *slot = Some(range);
                }
            }
            for (i, want) in expected.iter().enumerate() {
                prop_assert_eq!(sentence_at(&text, CharOffset(i)), *want, "at {}", i);
                if let Some((range, said)) = sentence_text_at(&text, CharOffset(i)) {
                    let chars: String = text.chars().skip(range.start.0).take(range.len()).collect();
                    prop_assert_eq!(said, chars.as_str());
                }
            }
        }
    }
}
