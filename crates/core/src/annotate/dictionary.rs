//! Which folded words are ordinary Arabic words: the word list of the Ayaspell Hunspell
//! dictionary (`assets/lexicon/ayaspell/ar.dic`, MPL 1.1), embedded in the binary and read once.
//!
//! Only the forms the list spells out count (كبير, لسان, كمالي, لكن, ولاية …). The affix rules
//! of `ar.aff` are deliberately not applied: with them بمالي (ب + مال + ي), وبمالي or بالساحل
//! would be "words" too and no proclitic could ever be found. A word here is therefore a form
//! listed in its own right, never a stem + affix analysis. Forms are folded the way matching
//! folds text ([`crate::text::normalize::fold`]), so the list is spelling-tolerant in the same
//! way (hamza seats, alef forms, ta marbuta, diacritics).
//!
//! Loading walks 3 MB of text and keeps about 97,000 folded forms; it takes some tens of
//! milliseconds (about 60 ms) in a release build and happens once per process, the first time
//! [`dictionary`] is called (the GUI calls it on a background thread at start-up).

use crate::text::normalize::fold;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The embedded Ayaspell word list (`ar.dic`).
pub const AYASPELL_AR_DIC: &str = include_str!("../../../../assets/lexicon/ayaspell/ar.dic");

/// A set of folded Arabic words.
#[derive(Clone, Default)]
pub struct Dictionary {
    words: HashSet<Box<str>>,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("words", &self.words.len())
            .finish()
    }
}

impl Dictionary {
    /// Read the word list of a Hunspell `.dic` file: the first line (the entry count), empty
    /// lines, comments (`#`) and the section banners Ayaspell's file carries (`::::`,
    /// `stopwords.dic` …) are skipped; of every other line the form before `/`, a tab or a
    /// space is kept, folded.
    pub fn from_hunspell_dic(text: &str) -> Self {
        let mut words = HashSet::with_capacity(text.len() / 24);
        for line in text.lines().skip(1) {
            let form = line
                .split(['/', '\t', ' '])
                .next()
                .unwrap_or_default()
                .trim_end_matches('\r');
            if form.is_empty()
                || form.starts_with(['#', ':'])
                || form.ends_with(".dic")
                || !form.chars().any(|c| c.is_alphabetic())
            {
                continue;
            }
            let folded = fold(form);
            if !folded.is_empty() && !words.contains(folded.as_str()) {
                words.insert(folded.into_boxed_str());
            }
        }
        Self { words }
    }

    /// A dictionary of the given words (folded here); for tests and special uses.
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            words: words
                .into_iter()
                .map(fold)
                .filter(|w| !w.is_empty())
                .map(String::into_boxed_str)
                .collect(),
        }
    }

    /// Whether a folded word is listed.
    pub fn contains(&self, folded: &str) -> bool {
        self.words.contains(folded)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

static AYASPELL: OnceLock<Dictionary> = OnceLock::new();

/// The embedded Ayaspell dictionary, loaded on first use (later calls, from any thread, get
/// the same one; a call made while another thread loads it waits for that load).
pub fn dictionary() -> &'static Dictionary {
    AYASPELL.get_or_init(|| Dictionary::from_hunspell_dic(AYASPELL_AR_DIC))
}

/// Whether [`dictionary`] has been loaded already (it never blocks).
pub fn dictionary_is_loaded() -> bool {
    AYASPELL.get().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_forms_and_skips_banners_and_comments() {
        let d = Dictionary::from_hunspell_dic(
            "5\n::::::::::::::\nstopwords.dic\nلكن\n#القارات\nكبير/166\nتستقينان/273\t21935\nمسؤول/65\n",
        );
        assert_eq!(d.len(), 4, "{d:?}");
        assert!(d.contains("لكن"));
        assert!(d.contains("كبير"));
        assert!(d.contains("تستقينان"));
        // Folded: ؤ is و.
        assert!(d.contains("مسوول"));
        assert!(!d.contains("stopwords.dic"));
    }

    #[test]
    fn ayaspell_lists_words_not_analyses() {
        let d = dictionary();
        assert!(dictionary_is_loaded());
        assert!(d.len() > 90_000, "{}", d.len());
        for w in [
            "كبير",
            "لسان",
            "كمالي",
            "لكن",
            "ولاية",
            "فرع",
            "بيان",
            "مسؤول",
        ] {
            assert!(d.contains(&fold(w)), "{w}");
        }
        // Names of the region that begin with a clitic letter are listed whole …
        for w in ["لبنان", "ليبيا", "باماكو", "فرنسا"] {
            assert!(d.contains(w), "{w}");
        }
        // … and a proclitic glued to a name is never a listed form, even where the affix
        // rules could analyse it (ب + مال + ي).
        for w in [
            "بمالي",
            "ومالي",
            "وتمبكتو",
            "والنيجر",
            "بالساحل",
            "لموريتانيا",
            "وبمالي",
            "فالجيش",
        ] {
            assert!(!d.contains(&fold(w)), "{w}");
        }
    }
}
