//! Load and save of a large project: 1,000 Arabic documents × 6,000 characters, 50,000 spans.
//! Target on the 2-core reference machine: each ≤ 0.5 s. Run: `cargo bench --bench project_io`.

use criterion::{Criterion, criterion_group, criterion_main};
use hamish::format::{load_project, save_project, to_ron_string};
use std::hint::black_box;

fn project_io(c: &mut Criterion) {
    let project = hamish::synthetic::project(1_000, 6_000, 50_000, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.hamish.ron");
    save_project(&path, &project).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "project file: {:.1} MB, {} spans",
        size as f64 / 1e6,
        project.span_count()
    );

    let mut group = c.benchmark_group("project_io");
    group.sample_size(10);
    group.bench_function("save 1000 docs x 6000 chars, 50k spans", |b| {
        b.iter(|| save_project(&path, black_box(&project)).unwrap())
    });
    group.bench_function("load 1000 docs x 6000 chars, 50k spans", |b| {
        b.iter(|| {
            let loaded = load_project(black_box(&path)).unwrap();
            assert!(loaded.problems.is_empty());
            loaded
        })
    });
    group.bench_function("serialise only", |b| {
        b.iter(|| to_ron_string(black_box(&project)))
    });
    group.finish();
}

criterion_group!(benches, project_io);
criterion_main!(benches);
