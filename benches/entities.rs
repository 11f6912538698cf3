//! Link suggestions: 50,000 spans against a registry of 2,000 entities with 10,000 spellings.
//!
//! Target (issue 13): building the alias index and suggesting a link for every span ≤ 200 ms.
//! Spans are the registry's spellings (a third behind a proclitic, with diacritics or glued
//! differently) and unknown words. Run: `cargo bench --bench entities`.

use criterion::{Criterion, criterion_group, criterion_main};
use hamish::annotate::{AliasIndex, Scope, suggest_links};
use hamish::model::{
    Annotator, CharRange, Document, DocumentBuilder, Edit, Entity, EntityId, EntityKind, LabelId,
    Project, Timestamp,
};
use std::hint::black_box;

const LETTERS: &[char] = &[
    'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'س', 'ش', 'ص', 'ط', 'ع', 'غ', 'ق', 'م', 'ن', 'ه',
];

/// A made-up name of three to six letters, the same for the same seed.
fn name(rng: &mut fastrand::Rng) -> String {
    (0..rng.usize(3..7))
        .map(|_| LETTERS[rng.usize(..LETTERS.len())])
        .collect()
}

fn project() -> Project {
    let mut rng = fastrand::Rng::with_seed(13);
    let now = Timestamp("2026-12-01T00:00:00Z".into());
    let mut p = Project::new("bench", Annotator::new("A"));
    let mut spellings = Vec::new();
    let mut entities = Vec::new();
    for i in 0..2_000 {
        let kind = if i % 2 == 0 {
            EntityKind::Group
        } else {
            EntityKind::Place
        };
        let mut e = Entity::new(
            EntityId::new(format!("e{i}")),
            kind,
            format!("{} {}", name(&mut rng), name(&mut rng)),
            "",
        );
        for _ in 0..4 {
            e.aliases.push(name(&mut rng));
        }
        spellings.extend(e.spellings().map(|s| (s.to_owned(), kind)));
        entities.push(Edit::AddEntity { entity: e });
    }
    p.apply(Edit::Batch { edits: entities }, &now).unwrap();
    let author = p.annotator.id.clone();
    let mut docs = Vec::new();
    for _ in 0..100 {
        let mut text = String::new();
        let mut ranges = Vec::new();
        for _ in 0..500 {
            let (word, kind) = if rng.usize(..4) == 0 {
                (name(&mut rng), EntityKind::Group)
            } else {
                let (s, k) = &spellings[rng.usize(..spellings.len())];
                let s = match rng.usize(..3) {
                    0 => format!("و{s}"),
                    1 => s.replacen(' ', "", 1),
                    _ => s.clone(),
                };
                (s, *k)
            };
            let start = text.chars().count();
            text.push_str(&word);
            ranges.push((start, start + word.chars().count(), kind));
            text.push_str(" في ");
        }
        let mut b = DocumentBuilder::new(Document::new("d", "", text));
        for (s, e, kind) in ranges {
            let label = match kind {
                EntityKind::Group => "GROUP",
                _ => "PLACE",
            };
            let span = b
                .new_span(CharRange::new(s, e), LabelId::new(label), &author, &now)
                .unwrap();
            let _ = b.add_span(span, None);
        }
        docs.push(b.finish());
    }
    docs.dedup_by(|a, b| a.id() == b.id());
    p.apply(Edit::AddDocuments { docs }, &now).unwrap();
    p
}

fn bench(c: &mut Criterion) {
    let p = project();
    assert!(p.span_count() >= 49_000, "{}", p.span_count());
    assert_eq!(
        p.entities()
            .iter()
            .map(|e| e.spellings().count())
            .sum::<usize>(),
        10_000
    );
    let found = suggest_links(&p, &AliasIndex::of(&p), &Scope::All).len();
    assert!(found > p.span_count() / 2, "{found}");
    c.bench_function("suggest links 50k spans x 2k entities", |b| {
        b.iter(|| {
            let index = AliasIndex::of(black_box(&p));
            black_box(suggest_links(&p, &index, &Scope::All).len())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
