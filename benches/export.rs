//! Export speed: 1,000 documents × 6,000 characters with 50,000 spans (45 outer and 5 nested per
//! document) to each format, built and verified in memory. Target: ≤ 1 s per format.
//!
//! The text is synthetic Arabic-like prose made here: words of Arabic letters, some with a
//! glued proclitic, diacritics, punctuation, an emoji now and then, and line ends.

use criterion::{Criterion, criterion_group, criterion_main};
use hamish::format::export::{ExportOptions, Format, export};
use hamish::model::{
    Annotator, AnnotatorId, CharRange, Document, Edit, LabelId, Project, Span, SpanId, Timestamp,
};
use std::hint::black_box;
use std::time::Duration;

const DOCS: usize = 1_000;
const CHARS: usize = 6_000;
const OUTER: usize = 45;
const INNER: usize = 5;

const LETTERS: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'ز', 'س', 'ش', 'ص', 'ع', 'غ', 'ف', 'ق', 'ك', 'ل',
    'م', 'ن', 'ه', 'و', 'ي', 'ة', 'ى', 'أ', 'إ',
];

/// One document's text and the char ranges of its words.
fn text(rng: &mut fastrand::Rng) -> (String, Vec<(usize, usize)>) {
    let mut s = String::with_capacity(CHARS * 2);
    let mut n = 0;
    let mut words = Vec::new();
    while n < CHARS - 20 {
        if rng.u8(..10) == 0 {
            s.push('و'); // a proclitic glued to the next word
            n += 1;
        }
        let start = n;
        for _ in 0..rng.usize(2..8) {
            s.push(LETTERS[rng.usize(..LETTERS.len())]);
            n += 1;
            if rng.u8(..12) == 0 {
                s.push('\u{64e}');
                n += 1;
            }
        }
        words.push((start, n));
        let sep = match rng.u8(..40) {
            0 => "، ",
            1 => ". ",
            2 => ".\n",
            3 => " 🔥 ",
            _ => " ",
        };
        s.push_str(sep);
        n += sep.chars().count();
    }
    while n < CHARS {
        s.push(' ');
        n += 1;
    }
    (s, words)
}

fn project() -> Project {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut p = Project::new(
        "bench",
        Annotator {
            id: AnnotatorId("a-1".into()),
            name: "bench".into(),
        },
    );
    let labels = ["GROUP", "PLACE", "EVENT"];
    let stamp = Timestamp("2026-11-21T10:00:00Z".into());
    let mut id = 0;
    let mut docs = Vec::new();
    for d in 0..DOCS {
        let (text, words) = text(&mut rng);
        let chars: Vec<char> = text.chars().collect();
        let mut doc = Document::new(format!("وثيقة {d}"), "bench", text);
        let mut span = |s: usize, e: usize, l: usize| {
            id += 1;
            let mut span = Span::new(
                LabelId::new(labels[l % 3]),
                CharRange::new(s, e),
                chars[s..e].iter().collect::<String>(),
                AnnotatorId("a-1".into()),
                &stamp,
            );
            span.id = SpanId(id);
            span
        };
        // Outer spans of 1-3 words on an even grid of the words, so none overlap.
        let step = words.len() / OUTER;
        for k in 0..OUTER {
            let w = k * step;
            let len = 1 + (k % 3).min(step - 1);
            let (s, _) = words[w];
            let (_, e) = words[w + len - 1];
            doc.add_span(span(s, e, k), None).unwrap();
            if k < INNER {
                // Its first word again, nested inside.
                let (s2, e2) = words[w];
                let e2 = if len == 1 { e2 - 1 } else { e2 };
                doc.add_span(span(s2, e2, k + 1), None).unwrap();
            }
        }
        docs.push(doc);
    }
    p.apply(Edit::AddDocuments { docs }, &stamp).unwrap();
    p
}

fn bench(c: &mut Criterion) {
    let p = project();
    assert_eq!(p.documents().len(), DOCS);
    assert_eq!(p.span_count(), DOCS * (OUTER + INNER));
    assert!(p.documents().iter().all(|d| d.len_chars() == CHARS));
    assert!(p.validate().is_empty());
    let mut group = c.benchmark_group("export_1000x6000_50000_spans");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    for format in Format::ALL {
        let options = ExportOptions::default();
        export(&p, format, &options).unwrap_or_else(|e| panic!("{format}: {e}"));
        group.bench_function(format.name(), |b| {
            b.iter(|| black_box(export(black_box(&p), format, &options).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
