//! Events at scale: a synthetic project of 1,000 documents × 6,000 characters with 50,000
//! spans, 10,000 events and 5,000 relations. Targets on the 2-core reference machine: load
//! (parse, migrate, validate) ≤ 0.5 s, save (`to_ron_string` + atomic write) ≤ 0.5 s, each
//! event export, and brat, doccano and Label Studio with their frames (built and verified in
//! memory) ≤ 1 s.
//! Run: `cargo bench -p hamish-core --bench events -- --quick`.

use criterion::{Criterion, criterion_group, criterion_main};
use hamish_core::format::export::{ExportOptions, Format, export};
use hamish_core::format::{load_project, save_project, to_ron_string};
use std::hint::black_box;

fn events(c: &mut Criterion) {
    let project =
        hamish_core::synthetic::project_with_frames(1_000, 6_000, 50_000, 10_000, 5_000, 1);
    assert_eq!(project.span_count(), 50_000);
    assert_eq!(project.event_count(), 10_000);
    assert_eq!(project.relation_count(), 5_000);
    assert!(project.validate().is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.hamish.ron");
    save_project(&path, &project).unwrap();
    eprintln!(
        "project file: {:.1} MB, {} spans, {} events, {} relations",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
        project.span_count(),
        project.event_count(),
        project.relation_count()
    );

    let mut group = c.benchmark_group("events_1000x6000_50k_spans_10k_events_5k_relations");
    group.sample_size(10);
    group.bench_function("load", |b| {
        b.iter(|| {
            let loaded = load_project(black_box(&path)).unwrap();
            assert!(loaded.problems.is_empty());
            loaded
        })
    });
    group.bench_function("save", |b| {
        b.iter(|| save_project(&path, black_box(&project)).unwrap())
    });
    group.bench_function("to_ron_string", |b| {
        b.iter(|| to_ron_string(black_box(&project)))
    });
    let options = ExportOptions::default();
    for format in [
        Format::EventsJson,
        Format::EventsCsv,
        Format::EventsTableJson,
        Format::Brat,
        Format::Doccano,
        Format::LabelStudio,
    ] {
        export(&project, format, &options).unwrap_or_else(|e| panic!("{format}: {e}"));
        group.bench_function(format.name(), |b| {
            b.iter(|| black_box(export(black_box(&project), format, &options).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, events);
criterion_main!(benches);
