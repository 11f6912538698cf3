//! Annotate-all across 1,000 documents of 6,000 characters, and the search box on one
//! 1,000,000-character document.
//!
//! Targets (issue 4): annotate-all ≤ 200 ms; a search under one frame (16 ms). Proclitics
//! against ordinary words: loading the Ayaspell word list ≤ 100 ms (once per process), and
//! annotate-all over 1,000 × 6,000 characters full of ordinary words that begin with a clitic
//! letter before a known name (كبير, ك + بير) still ≤ 200 ms.
//! Run: `cargo bench --bench annotate` (or `-- lexicon`, `-- ambiguous`).

use criterion::{Criterion, criterion_group, criterion_main};
use hamish::annotate::dictionary::{AYASPELL_AR_DIC, Dictionary, dictionary};
use hamish::annotate::{MatchMode, Scope, SearchIndex, accept_edit, find_candidates};
use hamish::model::{Annotator, Document, Edit, LabelId, Project, Timestamp};
use std::hint::black_box;

/// Spellings of the surface annotate-all looks for.
const SURFACES: &[&str] = &["تمبكتو", "وتمبكتو", "بتُمبُكتو", "تمبكـتو"];

/// Words of a made-up but realistic news text, with diacritics, tatweel and proclitics.
const WORDS: &[&str] = &[
    "هاجمت",
    "جماعة",
    "نصرة",
    "الإسلام",
    "والمسلمين",
    "قاعدة",
    "عسكرية",
    "قرب",
    "بلدة",
    "في",
    "شمال",
    "مالي",
    "وقال",
    "مسؤول",
    "محلّي",
    "إن",
    "المسلحين",
    "انسحبوا",
    "نحو",
    "الحدود",
    "مع",
    "النيجر",
    "بعد",
    "اشتباكات",
    "استمرت",
    "ساعات",
    "وأسفرت",
    "عن",
    "مقتل",
    "٢٠",
    "جنديًا",
    "الجيش",
    "المالي",
    "فاغنر",
    "ميناكا",
    "غاو",
    "كيدال",
    "الساحل",
    "بوركينا",
    "فاسو",
    "الطريق",
    "الرئيسي",
    "حصار",
    "قُتل",
    "الـقوات",
];

/// Ordinary words that begin with a clitic letter (some before the name بير), the name behind
/// proclitics, and the name itself.
const CLITIC_WORDS: &[&str] = &[
    "كبير",
    "وكبير",
    "كبيرة",
    "لسان",
    "وزير",
    "ولاية",
    "بيان",
    "فريق",
    "لكن",
    "وبير",
    "ببير",
    "بير",
    "بمالي",
    "والنيجر",
];

fn text_of(len_chars: usize, seed: u64) -> String {
    text_with(len_chars, seed, 300)
}

/// A text where one word in `one_in` is the surface or a spelling of it.
fn text_with(len_chars: usize, seed: u64, one_in: u16) -> String {
    text_from(len_chars, seed, one_in, SURFACES)
}

/// A text where one word in `one_in` is one of `special`.
fn text_from(len_chars: usize, seed: u64, one_in: u16, special: &[&str]) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = String::with_capacity(len_chars * 2);
    let mut n = 0;
    while n < len_chars {
        // The surface and its spellings: about three times in a 6,000-character article.
        let w = if rng.u16(..one_in) == 0 {
            special[rng.usize(..special.len())]
        } else {
            WORDS[rng.usize(..WORDS.len())]
        };
        out.push_str(w);
        n += w.chars().count();
        let sep = if rng.u8(..20) == 0 { "،\n" } else { " " };
        out.push_str(sep);
        n += sep.chars().count();
    }
    out
}

fn project(docs: usize, chars: usize) -> Project {
    project_with(docs, chars, 300)
}

fn project_with(docs: usize, chars: usize, one_in: u16) -> Project {
    let mut p = Project::new("bench", Annotator::new("bench"));
    let docs = (0..docs)
        .map(|i| Document::new(format!("{i}"), "", text_with(chars, i as u64, one_in)))
        .collect();
    p.apply(Edit::AddDocuments { docs }, &Timestamp::now())
        .unwrap();
    p
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("lexicon");
    group.sample_size(10);
    group.bench_function("load_ayaspell_word_list", |b| {
        b.iter(|| Dictionary::from_hunspell_dic(black_box(AYASPELL_AR_DIC)))
    });
    group.finish();
    // Loaded once for the rest, as in the application.
    let loaded = std::time::Instant::now();
    let words = dictionary().len();
    eprintln!(
        "Ayaspell: {words} folded words, loaded in {:?}",
        loaded.elapsed()
    );

    let p = project(1000, 6000);
    let place = LabelId::new("PLACE");
    let now = Timestamp::now();
    let found = find_candidates(&p, &place, "تمبكتو", &Scope::All);
    assert!(found.len() > 1000, "{} candidates", found.len());
    let mut group = c.benchmark_group("annotate");
    group.sample_size(10);
    group.bench_function("annotate_all_1000_docs_x_6000_chars", |b| {
        b.iter(|| {
            let candidates = find_candidates(black_box(&p), &place, "تمبكتو", &Scope::All);
            accept_edit(&p, &candidates, &place, &now).unwrap()
        })
    });
    group.bench_function("apply_annotate_all_batch", |b| {
        let edit = accept_edit(&p, &found, &place, &now).unwrap();
        b.iter_batched(
            || (p.clone(), edit.clone()),
            |(mut p, edit)| p.apply(edit, &now).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    // A name that occurs about 60 times in every article: the batch must still cost time in
    // proportion to the spans it adds.
    let dense = project_with(1000, 6000, 15);
    let dense_found = find_candidates(&dense, &place, "تمبكتو", &Scope::All);
    assert!(
        dense_found.len() > 30_000,
        "{} candidates",
        dense_found.len()
    );
    group.bench_function("annotate_all_dense_60_per_doc", |b| {
        let edit = accept_edit(&dense, &dense_found, &place, &now).unwrap();
        b.iter_batched(
            || (dense.clone(), edit.clone()),
            |(mut p, edit)| p.apply(edit, &now).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    // One word in 20 is an ordinary word with a clitic letter or the name behind a proclitic:
    // every match of بير behind a letter asks the dictionary.
    let mut clitic = Project::new("bench", Annotator::new("bench"));
    let docs = (0..1000u64)
        .map(|i| Document::new(format!("{i}"), "", text_from(6000, i, 20, CLITIC_WORDS)))
        .collect();
    clitic
        .apply(Edit::AddDocuments { docs }, &Timestamp::now())
        .unwrap();
    let found = find_candidates(&clitic, &place, "بير", &Scope::All);
    let ambiguous = found.iter().filter(|c| c.is_ambiguous()).count();
    assert!(ambiguous > 3_000, "{ambiguous} ambiguous");
    assert!(
        found.len() - ambiguous > 3_000,
        "{} sure",
        found.len() - ambiguous
    );
    group.bench_function("annotate_all_ambiguous_1000_docs_x_6000_chars", |b| {
        b.iter(|| {
            let candidates = find_candidates(black_box(&clitic), &place, "بير", &Scope::All);
            let sure: Vec<_> = candidates
                .into_iter()
                .filter(|c| !c.is_ambiguous())
                .collect();
            accept_edit(&clitic, &sure, &place, &now).unwrap()
        })
    });
    group.finish();

    let big = text_of(1_000_000, 7);
    let index = SearchIndex::new(&big);
    let mut group = c.benchmark_group("search");
    group.bench_function("search_1m_chars", |b| {
        b.iter(|| index.find(black_box("تمبكتو"), MatchMode::Substring, None))
    });
    group.bench_function("search_1m_chars_rare_query", |b| {
        b.iter(|| index.find(black_box("الطريق الرئيسي"), MatchMode::Substring, None))
    });
    group.sample_size(10);
    group.bench_function("build_index_1m_chars", |b| {
        b.iter(|| SearchIndex::new(black_box(&big)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
