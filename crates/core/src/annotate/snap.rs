//! Snapping a raw selection to what an analyst means: whole words, without the proclitic
//! conjunctions and prepositions (و ف ب ك ل, alone or combined, also before ال) glued to the
//! first word, but keeping the article ال and never cutting letters that belong to a name or
//! to an ordinary Arabic word.
//!
//! A prefix is left out only when what remains is a plausible word: the whole word is not a
//! known name (the project's lexicon, the built-in list, the project's own keep list) and not
//! an ordinary Arabic word (the Ayaspell word list, [`super::dictionary`]); the rest is a known
//! name, or else the word is long enough (the short-word guard), the rest is long enough, and
//! the rest does not start with a bare alef (بامبا, فاغنر) or with the ل of a contracted
//! article (للساحل). When the whole word is an ordinary word *and* the rest is a known name
//! (كبير, ك + بير) both readings are possible: [`Proclitic::Ambiguous`]; snapping keeps the
//! word and [`snap_readings`] also gives the split reading. The rules are [`SnapRules`],
//! configurable per project.

use super::dictionary::{Dictionary, dictionary};
use crate::model::{CharOffset, CharRange, Project, SnapRules};
use crate::text::normalize::{Normalized, fold, is_arabic_mark};
use std::collections::HashSet;

/// Names of the region that begin with a proclitic letter and must never lose it.
pub const BUILTIN_KEEP: &[&str] = &[
    "بامبا",
    "باماكو",
    "بماكو",
    "ليري",
    "كيدال",
    "فاغنر",
    "فاجنر",
    "بوريم",
    "لبنان",
    "ليبيا",
    "فرنسا",
    "بوركينا",
    "بوركينافاسو",
    "كوناكري",
    "كايس",
    "بنين",
    "بوني",
    "ليبتاكو",
    "كوتونو",
    "لومي",
    "فولاني",
    "بمبارا",
    "كانيم",
    "بوكو",
    "فاسو",
];

/// Folded words known to be whole: names already annotated in the project, their aliases, the
/// project's keep list and [`BUILTIN_KEEP`]; and the dictionary of ordinary Arabic words that
/// decides whether a first letter is a proclitic (the embedded Ayaspell list, unless built with
/// [`Lexicon::with_dictionary`]; a `Lexicon::default()` has none).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashSet<String>,
    dictionary: Option<&'static Dictionary>,
}

impl Lexicon {
    /// Only the built-in list and `rules.keep`, with the Ayaspell dictionary (loaded on first
    /// use: see [`dictionary`]).
    pub fn builtin(rules: &SnapRules) -> Self {
        let mut lex = Self {
            words: HashSet::new(),
            dictionary: Some(dictionary()),
        };
        for w in BUILTIN_KEEP {
            lex.add(w);
        }
        for w in &rules.keep {
            lex.add(w);
        }
        lex
    }

    /// Everything the project knows: its spans' surfaces and their words, aliases, the entity
    /// registry's spellings, keep lists.
    pub fn from_project(project: &Project) -> Self {
        let mut lex = Self::builtin(&project.settings.snapping);
        for span in project.documents().iter().flat_map(|d| d.spans()) {
            lex.add(span.text());
        }
        for alias in &project.settings.aliases {
            for s in &alias.spellings {
                lex.add(s);
            }
        }
        for entity in project.entities() {
            for s in entity.spellings() {
                lex.add(s);
            }
        }
        lex
    }

    /// Add a surface form and each of its words.
    pub fn add(&mut self, surface: &str) {
        let folded = fold(surface);
        for word in folded.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                self.words.insert(word.to_owned());
            }
        }
        if !folded.is_empty() {
            self.words.insert(folded);
        }
    }

    /// The same names with another dictionary of ordinary words, or none.
    pub fn with_dictionary(mut self, dictionary: Option<&'static Dictionary>) -> Self {
        self.dictionary = dictionary;
        self
    }

    pub fn dictionary(&self) -> Option<&'static Dictionary> {
        self.dictionary
    }

    /// Whether a folded word is a known name.
    pub fn contains(&self, folded: &str) -> bool {
        self.words.contains(folded)
    }

    /// Whether a folded word is an ordinary Arabic word in its own right (listed in the
    /// dictionary as it stands, not analysed into affixes).
    pub fn is_word(&self, folded: &str) -> bool {
        self.dictionary.is_some_and(|d| d.contains(folded))
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Whether `c` is part of a word: letters, digits, Arabic marks, tatweel and joiners.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_arabic_mark(c) || matches!(c, '\u{0640}' | '\u{200C}' | '\u{200D}')
}

/// Conjunction + preposition prefixes, longest first.
const PREFIXES: &[&str] = &["وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل"];

/// How the first letters of one word read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proclitic {
    /// The word keeps all its letters.
    Keep,
    /// The first `n` characters (as written) are a proclitic to leave out.
    Strip(usize),
    /// Both readings are plausible: after the first `word` characters (0, or a conjunction as
    /// in و + كبير) an ordinary Arabic word remains, and after the first `name` characters a
    /// known name (ك + بير). Snapping prefers the word; the name is the other reading.
    Ambiguous { word: usize, name: usize },
}

impl Proclitic {
    /// The characters snapping leaves out: the preferred reading.
    pub fn cut(self) -> usize {
        match self {
            Self::Keep => 0,
            Self::Strip(n) => n,
            Self::Ambiguous { word, .. } => word,
        }
    }
}

/// Endings of inflected forms that the word list does not spell out: feminine, plural, dual,
/// relative adjective and the accusative alef (folded). Only used to keep an ordinary word
/// whole when no known name is involved (كبيرة, كبيرا, بلدات are not cut open).
const ENDINGS: &[(&str, &str)] = &[
    ("يه", ""),
    ("ات", "ه"),
    ("ات", ""),
    ("ون", ""),
    ("ين", ""),
    ("ان", ""),
    ("ه", ""),
    ("ا", ""),
    ("ي", ""),
];

/// Whether a folded word is listed, or is a listed word plus one of the [`ENDINGS`].
fn is_inflected_word(folded: &str, lexicon: &Lexicon) -> bool {
    lexicon.is_word(folded)
        || ENDINGS.iter().any(|(ending, base)| {
            folded.strip_suffix(ending).is_some_and(|stem| {
                stem.chars().count() >= 2 && lexicon.is_word(&format!("{stem}{base}"))
            })
        })
}

/// How the first letters of `word` (one word, as written) read: kept, a proclitic to leave
/// out, or ambiguous between an ordinary word and a proclitic + a known name.
pub fn proclitic_reading(word: &str, rules: &SnapRules, lexicon: &Lexicon) -> Proclitic {
    let n = Normalized::new(word);
    let folded: String = n.chars.iter().collect();
    if lexicon.contains(&folded) {
        return Proclitic::Keep;
    }
    let letters = n.len();
    let after = |cut: usize| -> String { n.chars[cut..].iter().collect() };
    let original_cut = |cut: usize| if cut == 0 { 0 } else { n.original_start(cut).0 };
    // A rest the project knows: وبلحاج with بلحاج known leaves out only و. Unless an ordinary
    // word stands before it: كبير (ك + بير), وكبير (و + كبير, or وك + بير).
    for prefix in PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix)
            && lexicon.contains(rest)
        {
            let name = prefix.chars().count();
            return match (0..name).find(|&cut| lexicon.is_word(&after(cut))) {
                Some(cut) => Proclitic::Ambiguous {
                    word: original_cut(cut),
                    name: original_cut(name),
                },
                None => Proclitic::Strip(original_cut(name)),
            };
        }
    }
    // An ordinary word keeps its first letter: كبير, لسان, كبيرة.
    if is_inflected_word(&folded, lexicon) {
        return Proclitic::Keep;
    }
    let original: Vec<char> = word.chars().collect();
    for prefix in PREFIXES {
        let Some(rest) = folded.strip_prefix(prefix) else {
            continue;
        };
        let plen = prefix.chars().count();
        let rest_len = letters - plen;
        if rest_len < rules.min_stem.max(1) {
            continue;
        }
        if letters < rules.min_word {
            continue;
        }
        let first = original[n.original_start(plen).0];
        if first == 'ا' && !rest.starts_with("ال") {
            continue;
        }
        if prefix.ends_with('ل') && rest.starts_with('ل') {
            continue;
        }
        // A conjunction before an ordinary word: ولكن is و + لكن, not ول + كن.
        let plen = (1..plen)
            .find(|&cut| is_inflected_word(&after(cut), lexicon))
            .unwrap_or(plen);
        return Proclitic::Strip(original_cut(plen));
    }
    Proclitic::Keep
}

/// How many characters of `word` (one word, as written) snapping leaves out as a proclitic
/// (the preferred reading of [`proclitic_reading`]).
pub fn proclitic_len(word: &str, rules: &SnapRules, lexicon: &Lexicon) -> usize {
    proclitic_reading(word, rules, lexicon).cut()
}

/// A snapped selection: the range a label applies to, and the other reading when the first
/// word is ambiguous (an ordinary word, or a proclitic + a known name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapped {
    pub range: CharRange,
    /// The range with the proclitic left out (بير in كبير), when that reading is possible
    /// but not preferred.
    pub split: Option<CharRange>,
}

/// Snap `raw` (a selection in `text`, in chars) by `rules`. `None` when the selection holds no
/// word at all.
pub fn snap(text: &str, raw: CharRange, rules: &SnapRules, lexicon: &Lexicon) -> Option<CharRange> {
    snap_readings(text, raw, rules, lexicon).map(|s| s.range)
}

/// [`snap`] with both readings of an ambiguous first word: `range` keeps the ordinary word
/// (كبير), `split` leaves out the proclitic before the known name (بير).
pub fn snap_readings(
    text: &str,
    raw: CharRange,
    rules: &SnapRules,
    lexicon: &Lexicon,
) -> Option<Snapped> {
    // Work on a window around the selection: words are never this long.
    const MARGIN: usize = 96;
    let from = raw.start.0.saturating_sub(MARGIN);
    let window: Vec<char> = text
        .chars()
        .skip(from)
        .take(raw.end.0.saturating_sub(from) + MARGIN)
        .collect();
    let mut start = raw.start.0.min(from + window.len()) - from;
    let mut end = raw.end.0.min(from + window.len()) - from;
    if start >= end {
        return None;
    }
    let at = |i: usize| window[i];
    // Trim what is not a word at both ends.
    while start < end && !is_word_char(at(start)) {
        start += 1;
    }
    while end > start && !is_word_char(at(end - 1)) {
        end -= 1;
    }
    if start >= end {
        return None;
    }
    if rules.whole_words {
        while start > 0 && is_word_char(at(start - 1)) {
            start -= 1;
        }
        while end < window.len() && is_word_char(at(end)) {
            end += 1;
        }
    }
    let mut split = None;
    if rules.strip_proclitics {
        let word_end = (start..end).find(|&i| !is_word_char(at(i))).unwrap_or(end);
        let word: String = window[start..word_end].iter().collect();
        let reading = proclitic_reading(&word, rules, lexicon);
        if let Proclitic::Ambiguous { name, .. } = reading
            && start + name < end
        {
            split = Some(CharRange {
                start: CharOffset(from + start + name),
                end: CharOffset(from + end),
            });
        }
        let cut = reading.cut();
        if start + cut < end {
            start += cut;
        }
    }
    Some(Snapped {
        range: CharRange {
            start: CharOffset(from + start),
            end: CharOffset(from + end),
        },
        split,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slice_chars;

    fn snapped_word(word: &str, lex: &Lexicon) -> String {
        let rules = SnapRules::default();
        let text = format!("قال {word} أمس");
        let start = 4;
        let range = CharRange::new(start, start + word.chars().count());
        let r = snap(&text, range, &rules, lex).unwrap();
        slice_chars(&text, r).unwrap().to_owned()
    }

    #[test]
    fn strips_proclitics_before_names() {
        let lex = Lexicon::builtin(&SnapRules::default());
        for (word, want) in [
            ("وتمبكتو", "تمبكتو"),
            ("بمالي", "مالي"),
            ("والنيجر", "النيجر"),
            ("بالساحل", "الساحل"),
            ("وبمالي", "مالي"),
            ("فالجيش", "الجيش"),
            ("كالقاعدة", "القاعدة"),
            ("لموريتانيا", "موريتانيا"),
            ("وبتمبكتو", "تمبكتو"),
            ("بأزواد", "أزواد"),
            ("وميناكا", "ميناكا"),
            ("فتمبكتو", "تمبكتو"),
            ("وبالنيجر", "النيجر"),
        ] {
            assert_eq!(snapped_word(word, &lex), want, "{word}");
        }
    }

    #[test]
    fn keeps_letters_that_belong_to_the_word() {
        let lex = Lexicon::builtin(&SnapRules::default());
        for word in [
            "بامبا",
            "ليري",
            "كيدال",
            "فاغنر",
            "بوريم",
            "لبنان",
            "الساحل",
            "النيجر",
            "تمبكتو",
            "باماكو",
            "فرنسا",
            "ليبيا",
            "واغادوغو",
            "للساحل",
            "بير",
            "وادي",
        ] {
            assert_eq!(snapped_word(word, &lex), word, "{word}");
        }
    }

    #[test]
    fn keeps_the_article_and_diacritics() {
        let lex = Lexicon::builtin(&SnapRules::default());
        assert_eq!(snapped_word("وَتُمْبُكْتُو", &lex), "تُمْبُكْتُو");
        assert_eq!(snapped_word("بِالسَّاحِل", &lex), "السَّاحِل");
        assert_eq!(snapped_word("وتمبكـتو", &lex), "تمبكـتو");
    }

    #[test]
    fn project_lexicon_decides_both_ways() {
        let rules = SnapRules::default();
        // Without knowledge: a four-letter word is too short to strip.
        let mut lex = Lexicon::builtin(&rules);
        assert_eq!(snapped_word("بغاو", &lex), "بغاو");
        // A known name in the rest allows it.
        lex.add("غاو");
        assert_eq!(snapped_word("بغاو", &lex), "غاو");
        // A long unknown word would be stripped, unless the project knows it whole.
        let mut lex = Lexicon::builtin(&rules);
        assert_eq!(snapped_word("بلحاج", &lex), "لحاج");
        lex.add("بلحاج");
        assert_eq!(snapped_word("بلحاج", &lex), "بلحاج");
        assert_eq!(snapped_word("وبلحاج", &lex), "بلحاج");
    }

    #[test]
    fn project_keep_list_and_switches() {
        let mut rules = SnapRules {
            keep: vec!["كتامة".into()],
            ..SnapRules::default()
        };
        let lex = Lexicon::builtin(&rules);
        let text = "في كتامة";
        let r = snap(text, CharRange::new(3, 8), &rules, &lex).unwrap();
        assert_eq!(slice_chars(text, r), Some("كتامة"));
        rules.strip_proclitics = false;
        let text = "وتمبكتو";
        let r = snap(text, CharRange::new(0, 7), &rules, &lex).unwrap();
        assert_eq!(r, CharRange::new(0, 7));
    }

    #[test]
    fn grows_to_whole_words_and_trims_space() {
        let lex = Lexicon::builtin(&SnapRules::default());
        let rules = SnapRules::default();
        let text = "هاجمت جماعة نصرة الإسلام وتمبكتو أمس";
        // A drag from the middle of جماعة to the middle of الإسلام.
        let r = snap(text, CharRange::new(8, 20), &rules, &lex).unwrap();
        assert_eq!(slice_chars(text, r), Some("جماعة نصرة الإسلام"));
        // Leading and trailing spaces fall away; the proclitic of وتمبكتو too.
        let r = snap(text, CharRange::new(24, 33), &rules, &lex).unwrap();
        assert_eq!(slice_chars(text, r), Some("تمبكتو"));
        // Only spaces: nothing.
        assert_eq!(snap(text, CharRange::new(5, 6), &rules, &lex), None);
        assert_eq!(snap(text, CharRange::new(3, 3), &rules, &lex), None);
        // Past the end is clamped.
        let r = snap(text, CharRange::new(34, 99), &rules, &lex).unwrap();
        assert_eq!(slice_chars(text, r), Some("أمس"));
    }

    #[test]
    fn exact_words_when_whole_words_is_off() {
        let rules = SnapRules {
            whole_words: false,
            strip_proclitics: false,
            ..SnapRules::default()
        };
        let lex = Lexicon::default();
        let text = "هاجمت جماعة";
        let r = snap(text, CharRange::new(7, 9), &rules, &lex).unwrap();
        assert_eq!(r, CharRange::new(7, 9));
    }
}
