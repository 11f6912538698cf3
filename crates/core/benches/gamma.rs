//! γ at the size of the review samples: 3 annotators × 20 documents of about 3,000 characters,
//! about 50 spans per annotator and document (some nested), with pygamma's default 30 sampled
//! continua per document. Target on the 2-core reference machine: ≤ 5 s. Two series show how the
//! cost grows: with the number of documents (5, 10, 20, 40; linear, each document is its own
//! continuum) and with the spans per document (25, 50, 100, 200, on 5 documents).
//! Run: `cargo bench -p hamish-core --bench gamma -- --quick`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hamish_core::review::gamma::{DEFAULT_SAMPLES, Unit, best_alignment_disorder, continuum_gamma};
use std::hint::black_box;

const ANNOTATORS: usize = 3;

/// One document's spans as `ANNOTATORS` annotators mark them: `spans` reference spans of 3 to
/// 20 characters laid left to right (every fifth with a nested span inside, another label),
/// each annotator dropping, moving a boundary, relabelling or adding one now and then.
fn document(spans: usize, seed: u64) -> Vec<Vec<Unit>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut reference = Vec::with_capacity(spans);
    let mut pos = 0usize;
    while reference.len() < spans {
        pos += rng.usize(5..80);
        let len = rng.usize(3..21);
        let label = rng.u32(0..3);
        reference.push((pos, pos + len, label));
        if reference.len().is_multiple_of(5) && len > 6 && reference.len() < spans {
            reference.push((pos + 1, pos + len / 2, (label + 1) % 3));
        }
        pos += len;
    }
    (0..ANNOTATORS)
        .map(|_| {
            let mut units = Vec::with_capacity(spans + 4);
            for &(s, e, c) in &reference {
                if rng.f64() < 0.08 {
                    continue;
                }
                let (mut s, mut e, mut c) = (s, e, c);
                if rng.f64() < 0.2 {
                    s = s.saturating_sub(rng.usize(0..3));
                    e += rng.usize(0..3);
                }
                if rng.f64() < 0.1 {
                    c = (c + 1) % 3;
                }
                units.push(Unit::new(s as f64, e as f64, c));
                if rng.f64() < 0.05 {
                    units.push(Unit::new((e + 2) as f64, (e + 7) as f64, c));
                }
            }
            units
        })
        .collect()
}

fn corpus(documents: usize, spans: usize) -> Vec<Vec<Vec<Unit>>> {
    (0..documents)
        .map(|d| document(spans, d as u64 + 1))
        .collect()
}

/// γ of every document, as `Gamma::compute` does it.
fn gamma_all(docs: &[Vec<Vec<Unit>>]) -> f64 {
    let mut rng = fastrand::Rng::with_seed(0);
    docs.iter()
        .filter_map(|d| continuum_gamma(d, DEFAULT_SAMPLES, &mut rng))
        .filter_map(|g| g.gamma)
        .sum()
}

fn gamma(c: &mut Criterion) {
    let docs = corpus(20, 50);
    let sample = continuum_gamma(&docs[0], DEFAULT_SAMPLES, &mut fastrand::Rng::with_seed(0));
    eprintln!("first document: {sample:?}");
    let mut group = c.benchmark_group("gamma");
    group.sample_size(10);
    group.bench_function("3 annotators x 20 documents x 50 spans, 30 samples", |b| {
        b.iter(|| gamma_all(black_box(&docs)))
    });
    group.bench_function("best alignment only, 3 annotators x 20 documents", |b| {
        b.iter(|| {
            docs.iter()
                .filter_map(|d| best_alignment_disorder(black_box(d)))
                .sum::<f64>()
        })
    });
    for n in [5, 10, 20, 40] {
        let docs = corpus(n, 50);
        group.bench_with_input(
            BenchmarkId::new("documents (50 spans)", n),
            &docs,
            |b, d| b.iter(|| gamma_all(black_box(d))),
        );
    }
    for spans in [25, 50, 100, 200] {
        let docs = corpus(5, spans);
        group.bench_with_input(
            BenchmarkId::new("spans per document (5 documents)", spans),
            &docs,
            |b, d| b.iter(|| gamma_all(black_box(d))),
        );
    }
    group.finish();
}

criterion_group!(benches, gamma);
criterion_main!(benches);
