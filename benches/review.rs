//! Agreement and automatic merge for 3 annotators × 1,000 documents × 50 spans (target:
//! ≤ 200 ms together). Run: `cargo bench --bench review`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hamish::model::{
    Annotator, AnnotatorId, CharRange, Document, Edit, LabelId, Project, Span, SpanId, Timestamp,
};
use hamish::review::merge::{Strategy, auto_decide};
use hamish::review::{Adjudication, AgreementReport, Alignment};
use std::hint::black_box;

const WORDS: [&str; 8] = [
    "هجوم",
    "تمبكتو",
    "جماعة",
    "الجيش",
    "قرب",
    "بلدة",
    "مسلحون",
    "أمس",
];
const LABELS: [&str; 3] = ["GROUP", "PLACE", "EVENT"];

/// 1,000 documents of 120 words; every second word of the first 100 is a span (50 per
/// document). Annotator `a` relabels, shifts or drops some of them.
fn annotator(a: usize) -> Project {
    let mut p = Project::new("bench", Annotator::new(format!("annotator {a}")));
    p.annotator.id = AnnotatorId(format!("a-{a}"));
    let now = Timestamp("2026-11-22T00:00:00Z".into());
    let mut docs = Vec::new();
    for d in 0..1000 {
        let words: Vec<&str> = (0..120).map(|w| WORDS[(w * 7 + d) % WORDS.len()]).collect();
        let text = format!("{} {d}", words.join(" "));
        let mut doc = Document::new(format!("doc {d}"), format!("{d}.txt"), text);
        let mut start = 0;
        for (w, word) in words.iter().enumerate() {
            let len = word.chars().count();
            let k = w / 2;
            if w % 2 == 0 && w < 100 && !(k + d + a).is_multiple_of(13) {
                let mut label = LABELS[(k + d) % 3];
                if (k + a).is_multiple_of(7) {
                    label = LABELS[(k + d + 1) % 3];
                }
                let mut range = CharRange::new(start, start + len);
                if (k + a).is_multiple_of(11) {
                    range.start.0 += 1;
                }
                let mut span = doc
                    .new_span(range, LabelId::new(label), &p.annotator.id, &now)
                    .unwrap();
                span.id = SpanId((d * 1000 + w) as u64 + 1);
                doc.add_span(span, None).unwrap();
            }
            start += len + 1;
        }
        docs.push(doc);
    }
    p.apply(Edit::AddDocuments { docs }, &now).unwrap();
    p
}

fn bench(c: &mut Criterion) {
    let projects: Vec<Project> = (0..3).map(annotator).collect();
    let refs: Vec<&Project> = projects.iter().collect();
    assert_eq!(projects[0].documents().len(), 1000);
    let labels: Vec<LabelId> = LABELS.iter().map(|l| LabelId::new(*l)).collect();
    let names: Vec<String> = (0..3).map(|a| format!("annotator {a}")).collect();
    let now = Timestamp("2026-11-22T00:00:00Z".into());
    // As `hamish merge` and the review panel do: the loaded projects move into one alignment
    // that serves both the report and the merge. Cloning the input is setup, not timed.
    c.bench_function("agreement + merge, 3 × 1000 docs × ~50 spans", |b| {
        b.iter_batched(
            || projects.clone(),
            |owned| {
                let mut adj = Adjudication::from_projects(owned, &names);
                let report = AgreementReport::compute(&adj.alignment, &labels);
                auto_decide(&mut adj, Strategy::Majority, &now);
                let gold = adj.gold();
                black_box((report.alpha, gold.span_count()))
            },
            BatchSize::LargeInput,
        )
    });
    // The parts, to see where the time goes.
    c.bench_function("part: alignment", |b| {
        b.iter(|| Alignment::with_names(black_box(&refs), &names))
    });
    c.bench_function("part: cloning every span (reference)", |b| {
        b.iter(|| {
            let copies: Vec<Vec<Vec<Span>>> = refs
                .iter()
                .map(|p| p.documents().iter().map(|d| d.spans().to_vec()).collect())
                .collect();
            black_box(copies)
        })
    });
    let al = Alignment::with_names(&refs, &names);
    c.bench_function("part: agreement report", |b| {
        b.iter(|| AgreementReport::compute(black_box(&al), &labels))
    });
    c.bench_function("part: token table", |b| {
        b.iter(|| hamish::review::report::TokenTable::new(black_box(&al), &labels))
    });
    c.bench_function("part: adjudication + majority + gold", |b| {
        b.iter(|| {
            let mut adj = Adjudication::new(black_box(&refs), &names);
            auto_decide(&mut adj, Strategy::Majority, &now);
            adj.gold()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
