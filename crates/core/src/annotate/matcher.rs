//! The search index of one document: its folded text (see [`crate::text::normalize`]) and a
//! search that either finds a query anywhere (the search box) or only as a whole word,
//! possibly behind proclitics (annotate-all). Results are ranges of the original text.

use crate::annotate::snap::Lexicon;
use crate::model::CharRange;
use crate::text::normalize::{Normalized, fold};

/// How a query must sit in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// Anywhere, also inside words.
    Substring,
    /// A whole word or phrase, which may follow a proclitic (و ف ب ك ل and combinations).
    Word,
}

/// Proclitics allowed between a word start and a [`MatchMode::Word`] match (folded).
pub(crate) const PROCLITICS: &[&str] =
    &["و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"];

/// One document's text, folded once for many searches.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    folded: Normalized,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl SearchIndex {
    pub fn new(text: &str) -> Self {
        Self {
            folded: Normalized::new(text),
        }
    }

    pub fn folded(&self) -> &Normalized {
        &self.folded
    }

    /// Every occurrence of `query` in reading order, as ranges of the original text. With a
    /// lexicon, a word-mode match behind a proclitic is refused when the whole word is a known
    /// name (so يري is not found inside ليري), and left out when it is ambiguous (see
    /// [`SearchIndex::find_matches`], which lists those too).
    pub fn find(&self, query: &str, mode: MatchMode, lexicon: Option<&Lexicon>) -> Vec<CharRange> {
        self.find_matches(query, mode, lexicon)
            .into_iter()
            .filter(|m| m.word.is_none())
            .map(|m| m.range)
            .collect()
    }

    /// [`SearchIndex::find`] with the ambiguous matches: a word-mode match behind a proclitic
    /// whose word, with the proclitic (or with the preposition after a conjunction), is an
    /// ordinary Arabic word of the lexicon's dictionary: بير in كبير, مالي in كمالي or وكمالي.
    /// Such a match carries the range of that word.
    pub fn find_matches(
        &self,
        query: &str,
        mode: MatchMode,
        lexicon: Option<&Lexicon>,
    ) -> Vec<WordMatch> {
        let pattern: Vec<char> = fold(query).trim().chars().collect();
        let Some(&first) = pattern.first() else {
            return Vec::new();
        };
        let chars = &self.folded.chars;
        let len = pattern.len();
        // The first word of the query: what a proclitic is glued to.
        let first_word = pattern.iter().position(|&c| !is_word(c)).unwrap_or(len);
        let mut out = Vec::new();
        for at in self.folded.find_all(&pattern) {
            let mut word = None;
            if mode == MatchMode::Word {
                let end = at + len;
                if is_word(pattern[len - 1]) && end < chars.len() && is_word(chars[end]) {
                    continue;
                }
                if is_word(first) && at > 0 && is_word(chars[at - 1]) {
                    let mut ws = at;
                    while ws > 0 && is_word(chars[ws - 1]) {
                        ws -= 1;
                    }
                    let prefix: String = chars[ws..at].iter().collect();
                    if !PROCLITICS.contains(&prefix.as_str()) {
                        continue;
                    }
                    if let Some(lex) = lexicon {
                        let known = (ws..at).any(|from| {
                            let word: String = chars[from..end].iter().collect();
                            lex.contains(&word)
                        });
                        if known {
                            continue;
                        }
                        let word_end = at + first_word;
                        word = (ws..at)
                            .find(|&from| {
                                let word: String = chars[from..word_end].iter().collect();
                                lex.is_word(&word)
                            })
                            .and_then(|from| self.folded.original_range(from, word_end));
                    }
                }
            }
            if let Some(range) = self.folded.original_range(at, at + len) {
                out.push(WordMatch { range, word });
            }
        }
        out
    }
}

/// One occurrence found by [`SearchIndex::find_matches`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMatch {
    pub range: CharRange,
    /// For an ambiguous match, the ordinary word it would cut open (كبير for بير): both that
    /// word and proclitic + name are plausible readings. `None` for a sure match.
    pub word: Option<CharRange>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SnapRules;
    use crate::text::slice_chars;

    fn found(text: &str, q: &str, mode: MatchMode) -> Vec<String> {
        let lex = Lexicon::builtin(&SnapRules::default());
        SearchIndex::new(text)
            .find(q, mode, Some(&lex))
            .into_iter()
            .map(|r| slice_chars(text, r).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn word_mode_sees_through_spelling_and_proclitics() {
        let text = "دخلت القوات تمبكتو، ثم وتُمبُكتو وبتمبكـتو؛ أما تمبكتوية فلا. إلى مالي وبمالي";
        assert_eq!(
            found(text, "تمبكتو", MatchMode::Word),
            ["تمبكتو", "تُمبُكتو", "تمبكـتو"]
        );
        assert_eq!(found(text, "مالي", MatchMode::Word), ["مالي", "مالي"]);
        assert_eq!(found(text, "تمبكتو", MatchMode::Substring).len(), 4);
    }

    #[test]
    fn word_mode_refuses_letters_of_other_words() {
        let text = "في ليري وكيدال والنيجر ونيجيريا";
        assert!(found(text, "يري", MatchMode::Word).is_empty());
        assert!(found(text, "يدال", MatchMode::Word).is_empty());
        assert_eq!(found(text, "كيدال", MatchMode::Word), ["كيدال"]);
        assert_eq!(found(text, "النيجر", MatchMode::Word), ["النيجر"]);
        assert!(found(text, "نيجر", MatchMode::Word).is_empty());
    }

    #[test]
    fn alef_forms_hamza_and_ta_marbuta_match() {
        let text = "أنصار الدين، وانصار الدين، إمارة الصحراء، امارة الصحراء";
        assert_eq!(found(text, "انصار الدين", MatchMode::Word).len(), 2);
        assert_eq!(found(text, "إمارة الصحراء", MatchMode::Word).len(), 2);
        assert!(found(text, "", MatchMode::Word).is_empty());
        assert!(found(text, "   ", MatchMode::Substring).is_empty());
    }

    #[test]
    fn different_spellings_do_not_match() {
        let text = "مجموعة فاغنر الروسية";
        assert!(found(text, "فاجنر", MatchMode::Word).is_empty());
    }
}
