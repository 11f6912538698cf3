//! Frames on screen: one document of 1,000,000 characters with 60,000 spans, 10,000 events and
//! 5,000 relations (`synthetic::project_with_frames`; arguments are drawn from the whole
//! document, so most arcs are long and end off screen: the hard case for edge markers). Per
//! GUI frame the pane asks the frame index for the arcs with an end in the visible window
//! (3,000 characters, about a screen) and lays them out. Target: well under a millisecond per
//! frame, against a scan of every arc. Also argument suggestions for the document's last event
//! (the sentence is found by a walk from the text's start), and the events list of the
//! 1,000-document project of `benches/events.rs` (10,000 events).
//! Run: `cargo bench -p hamish-core --bench frame_view -- --quick`.

use criterion::{Criterion, criterion_group, criterion_main};
use hamish_core::annotate::propose_arguments;
use hamish_core::events_list::{EventFilter, ListScope, event_rows};
use hamish_core::frame_index::{FrameIndex, arc_spec};
use hamish_core::model::CharRange;
use hamish_core::text::layout::Direction;
use hamish_core::text::layout::arcs::{ArcStyle, LineBox, SpanPlace, layout_arcs};
use std::hint::black_box;

/// Characters per line and points per character of the stand-in geometry.
const LINE_CHARS: usize = 60;
const CHAR_PT: f32 = 6.0;
const WINDOW: usize = 3_000;

/// Where a fake right-to-left pane draws a range of the window: 60 characters a line, the
/// first character at the right edge.
fn place(window: CharRange) -> impl Fn(CharRange) -> Option<SpanPlace> {
    move |r: CharRange| {
        let from = r.start.0.max(window.start.0) - window.start.0;
        let line = from / LINE_CHARS;
        let col = from % LINE_CHARS;
        let len = (r.end.0.min(window.end.0) - window.start.0 - from).min(LINE_CHARS - col);
        let right = (LINE_CHARS - col) as f32 * CHAR_PT;
        Some(SpanPlace {
            line,
            x0: right - len as f32 * CHAR_PT,
            x1: right,
        })
    }
}

fn frame_view(c: &mut Criterion) {
    let project =
        hamish_core::synthetic::project_with_frames(1, 1_000_000, 60_000, 10_000, 5_000, 7);
    let doc = &project.documents()[0];
    assert_eq!(doc.events().len(), 10_000);
    assert_eq!(doc.relations().len(), 5_000);
    let n = doc.len_chars();
    let windows: Vec<CharRange> = (0..64)
        .map(|i| {
            let start = (n - WINDOW) * i / 63;
            CharRange::new(start, start + WINDOW)
        })
        .collect();
    let lines = vec![
        LineBox {
            left: 0.0,
            right: LINE_CHARS as f32 * CHAR_PT,
            direction: Direction::RightToLeft,
        };
        WINDOW / LINE_CHARS + 1
    ];
    let style = ArcStyle::default();
    let index = FrameIndex::new(doc);
    let per_window: Vec<usize> = windows
        .iter()
        .map(|w| index.visible_arcs(*w).len())
        .collect();
    eprintln!(
        "{} chars, {} spans, {} arcs; arcs with an end in a {WINDOW}-char window: {} to {} (mean {})",
        n,
        doc.spans().len(),
        index.arcs().len(),
        per_window.iter().min().unwrap(),
        per_window.iter().max().unwrap(),
        per_window.iter().sum::<usize>() / per_window.len()
    );

    let mut group = c.benchmark_group("frame_view_1m_chars_10k_events_5k_relations");
    group.bench_function("build_index", |b| {
        b.iter(|| FrameIndex::new(black_box(doc)))
    });
    let mut i = 0;
    group.bench_function("visible_arcs", |b| {
        b.iter(|| {
            i = (i + 1) % windows.len();
            black_box(index.visible_arcs(black_box(windows[i])).len())
        })
    });
    let mut i = 0;
    group.bench_function("visible_arcs_and_layout", |b| {
        b.iter(|| {
            i = (i + 1) % windows.len();
            let window = windows[i];
            let specs: Vec<_> = index
                .visible_arcs(window)
                .into_iter()
                .map(|a| arc_spec(a, window, place(window), 30.0))
                .collect();
            black_box(layout_arcs(&specs, &lines, &style))
        })
    });
    // What a pane without the index would do: test every arc against the window.
    let mut i = 0;
    group.bench_function("scan_every_arc", |b| {
        b.iter(|| {
            i = (i + 1) % windows.len();
            let w = windows[i];
            black_box(
                index
                    .arcs()
                    .iter()
                    .filter(|a| a.from.overlaps(&w) || a.to.overlaps(&w))
                    .count(),
            )
        })
    });
    // Suggestions for the document's last event: the worst case, the sentence is found by a
    // walk from the start of the text.
    let last = doc
        .events()
        .iter()
        .max_by_key(|e| doc.span(e.trigger).map(|s| s.start()))
        .unwrap();
    group.bench_function("propose_arguments_last_event", |b| {
        b.iter(|| propose_arguments(project.schema(), black_box(doc), black_box(last)).unwrap())
    });
    group.finish();

    let corpus =
        hamish_core::synthetic::project_with_frames(1_000, 6_000, 50_000, 10_000, 5_000, 1);
    let mut group = c.benchmark_group("events_list_1000_docs_10k_events");
    group.sample_size(20);
    group.bench_function("all_rows", |b| {
        b.iter(|| {
            event_rows(
                black_box(&corpus),
                &ListScope::Project,
                &EventFilter::default(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, frame_view);
criterion_main!(benches);
