//! Property test: every drawn character hit-tests back to itself, at several widths.

use hamish_text::CharOffset;
use hamish_text::layout::{LayoutParams, TextEngine};
use proptest::prelude::*;

fn paragraph() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "أعلنت",
        "جماعة",
        "نصرة",
        "الإسلام",
        "لا",
        "مدنيًّا",
        "تمبكتو،",
        "(JNIM)",
        "Wagner",
        "1.400",
        "2023",
        "20",
        "«الساحل»",
        "“القاعدة”",
        "\"نقلة\"",
        "ـ",
        "-",
        "Africa Corps",
        "في",
        "ولاية",
        "3/5/2024",
        "06:30",
    ]);
    prop::collection::vec(pieces, 1..40).prop_map(|words| words.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_drawn_char_hits_back(text in paragraph(), base in 0usize..5000) {
        let mut engine = TextEngine::new();
        for width in [90.0, 240.0, 700.0] {
            let layout = engine.layout_paragraph(&text, CharOffset(base), &LayoutParams::article(18.0, width));
            let mut drawn = 0;
            for n in 0..text.chars().count() {
                let offset = CharOffset(base + n);
                let Some(rect) = layout.char_rect(offset) else {
                    // Only a space swallowed at a line break may go undrawn.
                    prop_assert_eq!(text.chars().nth(n), Some(' '));
                    continue;
                };
                drawn += 1;
                let (x, y) = rect.center();
                prop_assert_eq!(layout.char_at(x, y), Some(offset), "width {} rect {:?}", width, rect);
                let (line, caret_x) = layout.caret_position(offset);
                prop_assert!(caret_x >= rect.x0 - 0.01 && caret_x <= rect.x1 + 0.01);
                prop_assert_eq!(line, layout.line_at_y(y));
            }
            prop_assert!(drawn > 0);
        }
    }
}

/// The x of every caret boundary of a one-line layout, as drawn.
fn boundary_xs(layout: &hamish_text::layout::ParagraphLayout, n: usize, base: usize) -> Vec<f32> {
    (0..=n)
        .map(|i| layout.caret_position(CharOffset(base + i)).1)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// The caret of a text field on one mixed line: every boundary, put where it is drawn and
    /// hit back, lands on a boundary drawn at the same place; arrow steps (as drawn) from the
    /// left end visit every drawn caret place once, left to right, and stepping back visits
    /// them again in reverse, so the caret round-trips through every position.
    #[test]
    fn the_caret_round_trips_through_every_position(text in paragraph(), base in 0usize..500) {
        let mut engine = TextEngine::new();
        let layout = engine.layout_paragraph(&text, CharOffset(base), &LayoutParams::article(16.0, 100_000.0));
        prop_assert_eq!(layout.lines.len(), 1);
        let n = text.chars().count();
        let xs = boundary_xs(&layout, n, base);
        let y = layout.lines[0].baseline;
        for (i, &x) in xs.iter().enumerate() {
            let back = layout.caret_at(x, y);
            let back_x = layout.caret_position(back).1;
            prop_assert!((back_x - x).abs() < 0.05, "boundary {} at {} hit back as {:?} at {}", i, x, back, back_x);
        }
        // Every place a caret is drawn is a stop, and the stops are reached by stepping.
        let stops = layout.caret_stops(CharOffset(base));
        for &x in &xs {
            prop_assert!(stops.iter().any(|s| (s.0 - x).abs() < 0.05), "no stop at {}", x);
        }
        let mut at = stops[0].1;
        let mut seen = vec![at];
        while let Some(next) = layout.move_visually(at, false) {
            at = next;
            seen.push(at);
            prop_assert!(seen.len() <= stops.len(), "stepping right never ends");
        }
        let expected: Vec<CharOffset> = stops.iter().map(|s| s.1).collect();
        prop_assert_eq!(&seen, &expected);
        let mut back = vec![at];
        while let Some(next) = layout.move_visually(at, true) {
            at = next;
            back.push(at);
            prop_assert!(back.len() <= stops.len());
        }
        back.reverse();
        prop_assert_eq!(back, seen);
    }
}
