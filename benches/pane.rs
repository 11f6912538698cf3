//! Per-frame cost of the article pane (layout + egui tessellation, no GPU) while scrolling,
//! on a synthetic 1,000,000-character Arabic document with 20,000 spans and on a
//! 10,000-character one; and the first display of the large document.
//!
//! Scrolling into never-seen text is measured twice: with the idle prefetch off (every step
//! shapes the paragraphs coming into view) and with it on, two idle frames (untimed, as
//! between wheel steps at 60 frames a second) between the timed scrolling frames. The ratio
//! of the latter to revisiting laid-out text is what the idle prefetch is for (about 1).
//!
//! With frames: the same 1,000,000 characters with 30,000 spans, 10,000 events (each with an
//! Actor and a Place, so 20,000 arcs) and 5,000 relations, scrolled through and revisited: the
//! arcs' layout and painting on top of the text's (the bar: within 1.5× the plain figures).
//!
//! `cargo bench --bench pane -- --quick`

use criterion::{Criterion, criterion_group, criterion_main};
use hamish::gui::pane::{PaneState, Selection, article_pane_ui};
use hamish::model::{
    AnnotatorId, Argument, CharRange, Document, Event, EventTypeId, LabelId, Relation,
    RelationTypeId, RoleId, Schema, SpanId, Timestamp,
};
use std::hint::black_box;

const WORDS: &[&str] = &[
    "أعلنت",
    "جماعة",
    "نصرة",
    "الإسلام",
    "والمسلمين",
    "مسؤوليتها",
    "عن",
    "الهجوم",
    "على",
    "بلدة",
    "قرب",
    "تمبكتو",
    "في",
    "منطقة",
    "الساحل",
    "الجيش",
    "المالي",
    "وقالت",
    "إن",
    "مقاتليها",
    "سيطروا",
    "مواقع",
    "لساعات",
    "بعد",
    "اشتباكات",
    "عنيفة",
    "مع",
    "قوات",
    "فاغنر",
    "الروسية",
    "ولاية",
    "داعش",
    "ميناكا",
    "غاو",
    "كيدال",
    "تنسيقية",
    "الحركات",
    "الأزوادية",
    "(JNIM)",
    "2023",
    "1.400",
    "20",
    "أغسطس",
    "“القاعدة”",
    "نحو",
    "4.000",
    "شخص",
    "نزحوا",
    "من",
    "القرى",
    "المجاورة",
    "مدنيًّا",
    "المجلس",
    "العسكري",
    "باماكو",
];

/// An Arabic document of about `chars` characters in paragraphs of 40–90 words, with
/// `spans` spans (words and short phrases, some nested), deterministic.
fn synthetic_document(chars: usize, spans: usize) -> Document {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut text = String::with_capacity(chars * 2);
    let mut word_starts: Vec<(usize, usize)> = Vec::new();
    let mut n = 0;
    while n < chars {
        let words = rng.usize(40..90);
        for w in 0..words {
            let word = WORDS[rng.usize(..WORDS.len())];
            if w > 0 {
                text.push(' ');
                n += 1;
            }
            let len = word.chars().count();
            word_starts.push((n, n + len));
            text.push_str(word);
            n += len;
        }
        text.push('\n');
        n += 1;
    }
    text.pop();
    let mut doc = Document::new("synthetic", "bench", text);
    let step = (word_starts.len() / spans).max(1);
    let labels = ["GROUP", "PLACE", "EVENT"];
    for (k, i) in (0..word_starts.len()).step_by(step).take(spans).enumerate() {
        let (start, mut end) = word_starts[i];
        if k % 5 == 0 && i + 2 < word_starts.len() {
            end = word_starts[i + 2].1; // a three-word phrase around the next span
        }
        let mut span = doc
            .new_span(
                CharRange::new(start, end),
                LabelId::new(labels[k % 3]),
                &AnnotatorId("a-bench".into()),
                &Timestamp("2026-11-21T00:00:00Z".into()),
            )
            .unwrap();
        span.id = SpanId(k as u64 + 1);
        // Phrases may repeat a range already taken; the bench needs the span count, not them.
        let _ = doc.add_span(span, None);
    }
    doc
}

/// `doc` with `events` events on its EVENT spans (the group before each as Actor, the place
/// after as Place) and `relations` relations between successive groups.
fn with_frames(mut doc: Document, events: usize, relations: usize) -> Document {
    let schema = Schema::default();
    let author = AnnotatorId("a-bench".into());
    let now = Timestamp("2026-11-21T00:00:00Z".into());
    let spans: Vec<(SpanId, String)> = doc
        .spans()
        .iter()
        .map(|s| (s.id, s.label.to_string()))
        .collect();
    let of = |i: usize, label: &str, dir: isize| -> Option<SpanId> {
        let mut j = i as isize + dir;
        while j >= 0 && (j as usize) < spans.len() {
            if spans[j as usize].1 == label {
                return Some(spans[j as usize].0);
            }
            j += dir;
        }
        None
    };
    let mut made = 0;
    for (i, (id, label)) in spans.iter().enumerate() {
        if made == events {
            break;
        }
        if label != "EVENT" {
            continue;
        }
        let mut event = Event::new(*id, EventTypeId::new("armed_clash"), author.clone(), &now);
        for (role, label, dir) in [("Actor", "GROUP", -1), ("Place", "PLACE", 1)] {
            if let Some(span) = of(i, label, dir) {
                event.args.push(Argument {
                    role: RoleId::new(role),
                    span,
                });
            }
        }
        if doc.add_event(event, &schema).is_ok() {
            made += 1;
        }
    }
    let groups: Vec<SpanId> = spans
        .iter()
        .filter(|(_, l)| l == "GROUP")
        .map(|(id, _)| *id)
        .collect();
    for pair in groups.windows(2).take(relations) {
        let r = Relation::new(
            RelationTypeId::new("allied_with"),
            pair[0],
            pair[1],
            author.clone(),
            &now,
        );
        let _ = doc.add_relation(r, &schema);
    }
    doc
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1200.0, 780.0),
        )),
        ..Default::default()
    }
}

/// One frame of the pane: layout of what is visible, painting, then tessellation.
fn frame(ctx: &egui::Context, doc: &Document, schema: &Schema, state: &mut PaneState) -> usize {
    let mut selection = Selection::default();
    let output = ctx.run_ui(input(), |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            article_pane_ui(ui, doc, schema, &[], state, &mut selection);
        });
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn context() -> egui::Context {
    let ctx = egui::Context::default();
    hamish::gui::install_fonts(&ctx);
    ctx
}

/// Scroll down one wheel step per frame through the first `span_pt` points (or the whole
/// document), then start again at the top.
fn scrolling(c: &mut Criterion, name: &str, doc: &Document, span_pt: f32) {
    scrolling_with(c, name, doc, span_pt, false);
}

/// As [`scrolling`]; with `prefetch`, idle frames (untimed) between the timed steps.
fn scrolling_with(c: &mut Criterion, name: &str, doc: &Document, span_pt: f32, prefetch: bool) {
    let schema = Schema::default();
    let ctx = context();
    // As in the app: the project's state number is passed, so per-span indexes are kept
    // while nothing changes.
    let mut state = PaneState::default();
    state.spans_revision = Some(1);
    state.prefetch = prefetch;
    if prefetch {
        frame(&ctx, doc, &schema, &mut state);
        let mut y = 0.0f32;
        c.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut timed = std::time::Duration::ZERO;
                for _ in 0..iters {
                    // Idle frames: no input, nothing asked to scroll.
                    frame(&ctx, doc, &schema, &mut state);
                    frame(&ctx, doc, &schema, &mut state);
                    y += 90.0;
                    if y > state.scroll_y + 1000.0 || y > span_pt {
                        y = 0.0;
                    }
                    state.scroll_to_y = Some(y);
                    let start = std::time::Instant::now();
                    black_box(frame(&ctx, doc, &schema, &mut state));
                    timed += start.elapsed();
                }
                timed
            });
        });
        return;
    }
    frame(&ctx, doc, &schema, &mut state);
    let mut y = 0.0f32;
    c.bench_function(name, |b| {
        b.iter(|| {
            // One wheel step per frame, back to the top at the end.
            y += 90.0;
            if y > state.scroll_y + 1000.0 || y > span_pt {
                y = 0.0;
            }
            state.scroll_to_y = Some(y);
            black_box(frame(&ctx, doc, &schema, &mut state));
        });
    });
}

fn benches(c: &mut Criterion) {
    let large = synthetic_document(1_000_000, 20_000);
    let small = synthetic_document(10_000, 200);
    assert!(large.len_chars() >= 1_000_000 && large.spans().len() == 20_000);
    scrolling(c, "pane frame, scrolling 10k chars", &small, f32::MAX);
    // Through the whole document: most frames bring new paragraphs into view to lay out.
    scrolling(
        c,
        "pane frame, scrolling 1M chars 20k spans",
        &large,
        f32::MAX,
    );
    // The same, with idle frames between the steps shaping ahead.
    scrolling_with(
        c,
        "pane frame, scrolling 1M chars 20k spans, idle prefetch",
        &large,
        f32::MAX,
        true,
    );
    // Back and forth over the first 5,000 pt (about the 10k document's height): the same
    // work as on the small document, minus first-time layout, on the large one.
    scrolling(
        c,
        "pane frame, scrolling 1M chars 20k spans, revisiting",
        &large,
        5_000.0,
    );

    // With 10,000 events and 5,000 relations drawn as arcs.
    let framed = with_frames(synthetic_document(1_000_000, 30_000), 10_000, 5_000);
    assert_eq!(framed.events().len(), 10_000);
    assert_eq!(framed.relations().len(), 5_000);
    scrolling(
        c,
        "pane frame, scrolling 1M chars, 10k events 5k relations",
        &framed,
        f32::MAX,
    );
    scrolling(
        c,
        "pane frame, scrolling 1M chars, 10k events 5k relations, revisiting",
        &framed,
        5_000.0,
    );

    let schema = Schema::default();
    let ctx = context();
    frame(&ctx, &small, &schema, &mut PaneState::default());
    c.bench_function("pane first display, 1M chars", |b| {
        b.iter(|| {
            let mut state = PaneState::default();
            state.spans_revision = Some(1);
            black_box(frame(&ctx, &large, &schema, &mut state));
        });
    });
}

criterion_group! {
    name = pane;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(pane);
