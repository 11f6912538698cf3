//! Proclitic letters (و ف ب ك ل) against ordinary Arabic words: a first letter is left out only
//! when the word is not an ordinary word in its own right; where both readings are plausible
//! (an ordinary word, and a proclitic + a known name) the match is ambiguous, listed apart and
//! not applied unless asked. And what worked before keeps working.

use hamish_core::annotate::snap::{Lexicon, Proclitic, proclitic_reading, snap, snap_readings};
use hamish_core::annotate::{
    MatchMode, Scope, SearchIndex, annotate_gazetteer_with, find_candidates, parse_gazetteer,
};
use hamish_core::model::{
    Annotator, CharRange, Document, Edit, LabelId, Project, SnapRules, Timestamp,
};
use hamish_core::text::normalize::fold;
use hamish_core::text::slice_chars;

/// Common words of Arabic news that begin with و ف ب ك ل, and what is left without that
/// letter: a string a gazetteer of the Sahel could hold (a town, a region, a person, a
/// transliterated short name). With that rest registered as a known name, none may be split.
const ORDINARY: &[(&str, &str)] = &[
    // ك: "big", "luxury", "also", "elders", "complete", "generous", "dignity", "entity",
    // "ambush", "speech", "battalion", "book", "cost", "chair", "writer", "quiver",
    // "greater", "church", "struggle".
    ("كبير", "بير"),
    ("كمالي", "مالي"),
    ("كمان", "مان"),
    ("كبار", "بار"),
    ("كامل", "أمل"),
    ("كريم", "ريم"),
    ("كرامة", "رامة"),
    ("كيان", "يان"),
    ("كمين", "مين"),
    ("كلام", "لام"),
    ("كتيبة", "تيبة"),
    ("كتاب", "تاب"),
    ("كلفة", "لفة"),
    ("كرسي", "رسي"),
    ("كاتب", "اتب"),
    ("كنانة", "نانة"),
    ("كبرى", "برى"),
    ("كنيسة", "نيسة"),
    ("كفاح", "فاح"),
    // ل: "tongue", "by the life of", "so that not", "cursed", "perhaps I", "but", "beard",
    // "kind", "clothing", "flame", "necessary".
    ("لسان", "سان"),
    ("لعمر", "عمر"),
    ("لكيلا", "كيلا"),
    ("لعين", "عين"),
    ("لعلي", "علي"),
    ("لكن", "كن"),
    ("لحية", "حية"),
    ("لطيف", "طيف"),
    ("لباس", "باس"),
    ("لهيب", "هيب"),
    ("لازم", "ازم"),
    // ب: "statement", "in the eye of", "post", "alternative", "clauses", "good news",
    // "remnants", "desert", "gate", "carpet", "structure", "beginning", "lake".
    ("بيان", "يان"),
    ("بعين", "عين"),
    ("بريد", "ريد"),
    ("بديل", "ديل"),
    ("بنود", "نود"),
    ("بشرى", "شرى"),
    ("بقايا", "قايا"),
    ("بادية", "ادية"),
    ("بوابة", "وابة"),
    ("بساط", "ساط"),
    ("بنية", "نية"),
    ("بداية", "داية"),
    ("بحيرة", "حيرة"),
    // و: "minister", "agent", "paper", "tags", "aorta", "medal", "valley", "governor",
    // "mediator", "mediation", "oasis", "alone", "behind".
    ("وزير", "زير"),
    ("وكيل", "كيل"),
    ("ورقة", "رقة"),
    ("وسوم", "سوم"),
    ("وتين", "تين"),
    ("وسام", "سام"),
    ("وادي", "ادي"),
    ("والي", "الي"),
    ("وسيط", "سيط"),
    ("وساطة", "ساطة"),
    ("واحة", "احة"),
    ("وحيد", "حيد"),
    ("وراء", "راء"),
    // ف: "troupe", "actual", "faction", "team", "flight", "vacuum", "horseman", "ransom",
    // "remnants (of a routed force)", "fuse".
    ("فرقة", "رقة"),
    ("فعلي", "علي"),
    ("فصيل", "صيل"),
    ("فريق", "ريق"),
    ("فرار", "رار"),
    ("فراغ", "راغ"),
    ("فارس", "ارس"),
    ("فدية", "دية"),
    ("فلول", "لول"),
    ("فتيل", "تيل"),
];

/// A proclitic glued to a name of the domain brief, and the name.
const PROCLITIC: &[(&str, &str)] = &[
    ("وتمبكتو", "تمبكتو"),
    ("بمالي", "مالي"),
    ("والنيجر", "النيجر"),
    ("بالساحل", "الساحل"),
    ("وبمالي", "مالي"),
    ("ومالي", "مالي"),
    ("لمالي", "مالي"),
    ("فمالي", "مالي"),
    ("وبير", "بير"),
    ("ببير", "بير"),
    ("لبير", "بير"),
    ("فبير", "بير"),
    ("وكيدال", "كيدال"),
    ("لكيدال", "كيدال"),
    ("وغاو", "غاو"),
    ("بغاو", "غاو"),
    ("وميناكا", "ميناكا"),
    ("بموبتي", "موبتي"),
    ("وبامبا", "بامبا"),
    ("لليري", "ليري"),
    ("وكوالا", "كوالا"),
    ("وفاغنر", "فاغنر"),
    ("لفاغنر", "فاغنر"),
    ("بباماكو", "باماكو"),
    ("وتشاد", "تشاد"),
    ("لروسيا", "روسيا"),
    ("بموسكو", "موسكو"),
    ("لكييف", "كييف"),
    ("وأوكرانيا", "أوكرانيا"),
    ("بالنيجر", "النيجر"),
    ("وبالساحل", "الساحل"),
    ("والجزائر", "الجزائر"),
    ("بالقاعدة", "القاعدة"),
    ("وداعش", "داعش"),
    ("لموريتانيا", "موريتانيا"),
];

/// Names that begin with a clitic letter of their own.
const CLITIC_LETTER_NAMES: &[&str] = &[
    "بامبا",
    "ليري",
    "كيدال",
    "فاغنر",
    "بوريم",
    "لبنان",
    "باماكو",
    "ليبيا",
    "فرنسا",
    "بولندا",
    "باكو",
];

const GAZETTEER: &str = include_str!("../../../samples/sahel-gazetteer.tsv");

fn names_of_the_brief() -> Vec<String> {
    GAZETTEER
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

fn lexicon_with<'a>(names: impl IntoIterator<Item = &'a str>) -> Lexicon {
    let mut lex = Lexicon::builtin(&SnapRules::default());
    for n in names {
        lex.add(n);
    }
    lex
}

/// Snap the whole of `word` in a sentence: (what a label applies to, the other reading).
fn snapped(word: &str, lex: &Lexicon) -> (String, Option<String>) {
    let text = format!("قال {word} أمس");
    let raw = CharRange::new(4, 4 + word.chars().count());
    let s = snap_readings(&text, raw, &SnapRules::default(), lex).unwrap();
    assert_eq!(snap(&text, raw, &SnapRules::default(), lex), Some(s.range));
    let split = s.split.map(|r| slice_chars(&text, r).unwrap().to_owned());
    (slice_chars(&text, s.range).unwrap().to_owned(), split)
}

fn project_of(texts: &[String]) -> Project {
    let mut p = Project::new("t", Annotator::new("A"));
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("{i}"), "", t.clone()))
        .collect();
    p.apply(Edit::AddDocuments { docs }, &Timestamp::now())
        .unwrap();
    p
}

#[test]
fn the_table_is_large_and_made_of_real_splits() {
    assert!(ORDINARY.len() >= 60, "{}", ORDINARY.len());
    for (word, name) in ORDINARY {
        let (w, n) = (fold(word), fold(name));
        let rest = w
            .strip_suffix(n.as_str())
            .unwrap_or_else(|| panic!("{word}"));
        assert!(["و", "ف", "ب", "ك", "ل"].contains(&rest), "{word}");
    }
}

#[test]
fn ordinary_words_keep_their_first_letter_even_before_a_known_name() {
    let lex = lexicon_with(ORDINARY.iter().map(|(_, n)| *n));
    let mut wrong = Vec::new();
    for (word, name) in ORDINARY {
        let (range, split) = snapped(word, &lex);
        if range != *word || split.as_deref().map(fold) != Some(fold(name)) {
            wrong.push(format!("{word}: {range} / {split:?}"));
        }
        let cut = word.chars().count() - name.chars().count();
        assert_eq!(
            proclitic_reading(word, &SnapRules::default(), &lex),
            Proclitic::Ambiguous { word: 0, name: cut },
            "{word}"
        );
    }
    assert!(wrong.is_empty(), "split or not ambiguous: {wrong:#?}");
}

#[test]
fn ordinary_words_are_ambiguous_for_annotate_all_and_the_gazetteer() {
    // Every table word in a sentence of its own.
    let text: String = ORDINARY
        .iter()
        .map(|(w, _)| format!("قال المسؤول {w} ثم مضى. "))
        .collect();
    let p = project_of(std::slice::from_ref(&text));
    let place = LabelId::new("PLACE");
    let mut sure = Vec::new();
    for (word, name) in ORDINARY {
        let found = find_candidates(&p, &place, name, &Scope::All);
        assert!(!found.is_empty(), "{name} not found at all");
        for c in &found {
            let whole = c.ambiguous.map(|r| slice_chars(&text, r).unwrap());
            match whole {
                Some(whole) => assert!(fold(whole).ends_with(&fold(name)), "{whole} / {name}"),
                None => sure.push(format!("{name} in {word}")),
            }
        }
        // The search index alone: `find` leaves ambiguous matches out.
        let index = SearchIndex::new(&text);
        assert!(
            index
                .find(name, MatchMode::Word, Some(&lexicon_with([])))
                .is_empty(),
            "{name}"
        );
    }
    assert!(sure.is_empty(), "taken as sure: {sure:#?}");

    // The gazetteer lists them and applies none unless asked.
    let tsv: String = ORDINARY
        .iter()
        .map(|(_, n)| format!("{n}\tPLACE\n"))
        .collect();
    let entries = parse_gazetteer(&tsv, &p).unwrap();
    let now = Timestamp::now();
    let run = annotate_gazetteer_with(&p, &entries, &now, false).unwrap();
    assert!(run.edit.is_noop());
    assert_eq!(run.counts[&place], 0);
    assert!(run.ambiguous.len() >= ORDINARY.len());
    assert!(run.ambiguous.iter().all(|a| !a.applied));
    let run = annotate_gazetteer_with(&p, &entries, &now, true).unwrap();
    assert_eq!(run.counts[&place], run.ambiguous.len());
    assert!(run.ambiguous.iter().all(|a| a.applied));
}

#[test]
fn a_conjunction_before_an_ordinary_word_is_still_left_out() {
    let lex = lexicon_with(["بير", "مالي", "سان"]);
    for (word, kept, split) in [
        ("وكبير", "كبير", "بير"),
        ("فكبير", "كبير", "بير"),
        ("وكمالي", "كمالي", "مالي"),
        ("ولسان", "لسان", "سان"),
    ] {
        assert_eq!(
            snapped(word, &lex),
            (kept.into(), Some(split.into())),
            "{word}"
        );
    }
    // Without a known name behind it: just the conjunction, never وك + بير.
    let lex = lexicon_with([]);
    assert_eq!(snapped("وكبير", &lex), ("كبير".into(), None));
    assert_eq!(snapped("وكتيبة", &lex), ("كتيبة".into(), None));
    assert_eq!(snapped("فكتاب", &lex), ("كتاب".into(), None));
    // Nor is an inflected ordinary word cut open: كبيرة is not ك + بيرة.
    assert_eq!(snapped("كبيرة", &lex), ("كبيرة".into(), None));
    assert_eq!(snapped("بلدات", &lex), ("بلدات".into(), None));
}

#[test]
fn proclitics_before_names_are_still_left_out() {
    let names = names_of_the_brief();
    let lex = lexicon_with(names.iter().map(String::as_str));
    let mut wrong = Vec::new();
    for (word, name) in PROCLITIC {
        if snapped(word, &lex) != ((*name).into(), None) {
            wrong.push(format!("{word}: {:?}", snapped(word, &lex)));
        }
    }
    // Without the names known, the built-in list and the dictionary still get the common ones.
    let bare = lexicon_with([]);
    for (word, name) in [
        ("وتمبكتو", "تمبكتو"),
        ("بمالي", "مالي"),
        ("والنيجر", "النيجر"),
        ("بالساحل", "الساحل"),
    ] {
        if snapped(word, &bare) != (name.into(), None) {
            wrong.push(format!("{word} (bare): {:?}", snapped(word, &bare)));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");

    // Annotate-all finds them as sure matches.
    let text: String = PROCLITIC
        .iter()
        .map(|(w, _)| format!("ثم {w} أمس. "))
        .collect();
    let p = project_of(std::slice::from_ref(&text));
    let place = LabelId::new("PLACE");
    for (word, name) in PROCLITIC {
        let found = find_candidates(&p, &place, name, &Scope::All);
        assert!(
            found
                .iter()
                .any(|c| !c.is_ambiguous() && c.text == *name && {
                    let before = slice_chars(&text, CharRange::new(0, c.range.start.0)).unwrap();
                    before.ends_with(&word[..word.len() - name.len()])
                }),
            "{word}: {found:?}"
        );
        assert!(found.iter().all(|c| !c.is_ambiguous()), "{word}: {found:?}");
    }
}

#[test]
fn names_that_begin_with_a_clitic_letter_are_untouched() {
    let lex = lexicon_with([]);
    for name in CLITIC_LETTER_NAMES {
        assert_eq!(snapped(name, &lex), ((*name).into(), None), "{name}");
    }
    let text = format!("في {} وفي الجيش المالي", CLITIC_LETTER_NAMES.join(" و"));
    let index = SearchIndex::new(&text);
    for name in CLITIC_LETTER_NAMES {
        let rest: String = name.chars().skip(1).collect();
        assert!(
            index.find(&rest, MatchMode::Word, Some(&lex)).is_empty(),
            "{rest} inside {name}"
        );
    }
    // المالي is not مالي.
    assert!(index.find("مالي", MatchMode::Word, Some(&lex)).is_empty());
}

#[test]
fn the_dictionary_can_be_left_out() {
    // Without a dictionary, the table's words fall back to the old rules.
    let lex = lexicon_with(["بير"]).with_dictionary(None);
    assert_eq!(snapped("كبير", &lex), ("بير".into(), None));
}

/// The sample project's articles without their spans, annotated with every place and group
/// name of the domain brief (`samples/sahel-gazetteer.tsv`), against the analysts' spans.
#[test]
fn sample_articles_with_the_brief_gazetteer() {
    use hamish_core::annotate::snap::is_word_char;
    let sample = hamish_core::format::parse_project(
        hamish_core::assets::SAMPLE_PROJECT,
        std::path::Path::new("samples/sahel.hamish.ron"),
    )
    .unwrap()
    .project;
    let mut bare = Project::new("bare", Annotator::new("A"));
    let schema = sample.schema().clone();
    bare.apply(Edit::SetSchema { schema }, &Timestamp::now())
        .unwrap();
    let docs = sample
        .documents()
        .iter()
        .map(|d| d.without_spans())
        .collect();
    bare.apply(Edit::AddDocuments { docs }, &Timestamp::now())
        .unwrap();
    let entries = parse_gazetteer(GAZETTEER, &bare).unwrap();
    let now = Timestamp::now();
    let run = annotate_gazetteer_with(&bare, &entries, &now, false).unwrap();
    let mut done = bare.clone();
    done.apply(run.edit, &now).unwrap();

    let entry_surfaces: Vec<(String, LabelId)> = entries
        .iter()
        .map(|e| (fold(&e.surface), e.label.clone()))
        .collect();
    let (mut splits, mut wrong_splits, mut lost) = (0, Vec::new(), Vec::new());
    for (analysed, annotated) in sample.documents().iter().zip(done.documents()) {
        let chars: Vec<char> = analysed.text().chars().collect();
        let word_start = |mut i: usize| {
            while i > 0 && is_word_char(chars[i - 1]) {
                i -= 1;
            }
            i
        };
        // A span the run starts after a proclitic must start where one of the analysts' does
        // (it may end elsewhere: the analysts' تنظيم داعش في الساحل is longer than any entry).
        for s in annotated.spans() {
            if word_start(s.start().0) < s.start().0 {
                splits += 1;
                let analysts = analysed
                    .spans()
                    .iter()
                    .any(|a| a.label == s.label && a.start() == s.start());
                if !analysts {
                    wrong_splits.push(format!("{}: {} {}", analysed.source, s.label, s.text()));
                }
            }
        }
        // Every analysts' span of a gazetteer name must be found.
        for a in analysed.spans() {
            if !entry_surfaces.contains(&(fold(a.text()), a.label.clone())) {
                continue;
            }
            let found = annotated
                .spans()
                .iter()
                .any(|s| s.label == a.label && s.range() == a.range());
            if !found {
                lost.push(format!("{}: {} {}", analysed.source, a.label, a.text()));
            }
        }
    }
    let ambiguous: Vec<String> = run
        .ambiguous
        .iter()
        .map(|m| {
            let doc = sample.document(&m.candidate.doc).unwrap();
            let word = m.candidate.ambiguous.and_then(|r| doc.slice(r)).unwrap();
            format!(
                "{}\t{}\t{}\t{}..{}\t{word}",
                doc.source,
                m.entry.label,
                m.entry.surface,
                m.candidate.range.start.0,
                m.candidate.range.end.0
            )
        })
        .collect();
    eprintln!(
        "{splits} proclitic splits, all the analysts'; ambiguous:\n{}",
        ambiguous.join("\n")
    );
    assert!(splits >= 25, "{splits}");
    assert!(wrong_splits.is_empty(), "wrong splits: {wrong_splits:#?}");
    assert!(lost.is_empty(), "lost: {lost:#?}");
    assert_eq!(
        ambiguous,
        ["03-tinzaouaten-kyiv.txt\tPLACE\tبير\t836..839\tكبير"]
    );
}
