//! Visual order of unwrapped lines, checked against GNU FriBidi's output committed in
//! `tests/fixtures/bidi/` (made by `make_fixtures.sh` there), and wrapping checks.

use hamish_text::layout::{BaseDirection, Direction, LayoutParams, TextEngine};
use hamish_text::{CharOffset, CharRange};

const CASES: &str = include_str!("fixtures/bidi/cases.txt");
const VTOL: &str = include_str!("fixtures/bidi/cases.vtol");
const SAMPLES: &str = include_str!("fixtures/bidi/samples.txt");
const SAMPLES_VTOL: &str = include_str!("fixtures/bidi/samples.vtol");
const FORCED: &str = include_str!("fixtures/bidi/forced.txt");
const FORCED_VTOL: &str = include_str!("fixtures/bidi/forced.vtol");

#[test]
fn unwrapped_lines_match_fribidi() {
    check_against_fribidi(CASES, VTOL);
}

#[test]
fn sample_article_lines_match_fribidi() {
    check_against_fribidi(SAMPLES, SAMPLES_VTOL);
}

/// Lines that begin with a Latin name, in a document whose direction is set to right to left:
/// the same order as `fribidi --rtl`, and every offset still the line's own.
#[test]
fn forced_right_to_left_matches_fribidi_rtl() {
    let params = LayoutParams {
        base: BaseDirection::RightToLeft,
        ..LayoutParams::article(18.0, 100_000.0)
    };
    check_with(FORCED, FORCED_VTOL, params);
    let mut engine = TextEngine::new();
    for text in FORCED.lines() {
        let layout = engine.layout_paragraph(text, CharOffset(7), &params);
        assert_eq!(layout.direction, Direction::RightToLeft, "{text}");
        let n = text.chars().count();
        assert_eq!(layout.chars, CharRange::new(7, 7 + n));
        let auto =
            engine.layout_paragraph(text, CharOffset(7), &LayoutParams::article(18.0, 100_000.0));
        assert_eq!(
            auto.direction,
            Direction::LeftToRight,
            "the first strong letter is Latin: {text}"
        );
    }
}

fn check_against_fribidi(lines: &str, vtol: &str) {
    check_with(lines, vtol, LayoutParams::article(18.0, 100_000.0));
}

fn check_with(lines: &str, vtol: &str, params: LayoutParams) {
    let mut engine = TextEngine::new();
    let cases: Vec<&str> = lines.lines().collect();
    let expected: Vec<&str> = vtol.lines().collect();
    assert_eq!(cases.len(), expected.len());
    assert!(cases.len() >= 10);
    for (text, vtol) in cases.iter().zip(expected) {
        let want: Vec<usize> = vtol
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        let layout = engine.layout_paragraph(text, CharOffset(0), &params);
        assert_eq!(layout.lines.len(), 1, "{text}");
        let got: Vec<usize> = layout.visual_order()[0].iter().map(|c| c.0).collect();
        assert_eq!(got.len(), want.len(), "every character drawn once: {text}");
        assert_eq!(
            with_marks_on_their_base(text, &got),
            with_marks_on_their_base(text, &want),
            "visual order of {text}"
        );
    }
}

/// The visual order with each combining mark folded into the letter it sits on: a mark is
/// drawn over its base, so which of the two comes "first" is a convention (FriBidi puts it
/// after the base, our clusters split the box in reading order), not something one sees.
fn with_marks_on_their_base(text: &str, order: &[usize]) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let base = |mut i: usize| {
        while i > 0 && unicode_bidi::bidi_class(chars[i]) == unicode_bidi::BidiClass::NSM {
            i -= 1;
        }
        i
    };
    let mut folded: Vec<usize> = order.iter().map(|&i| base(i)).collect();
    folded.dedup();
    folded
}

#[test]
fn english_paragraph_is_left_aligned_and_arabic_right_aligned() {
    let mut engine = TextEngine::new();
    let params = LayoutParams::article(18.0, 900.0);
    let english = engine.layout_paragraph(
        "JNIM claimed the attack near Boulkessi.",
        CharOffset(0),
        &params,
    );
    assert_eq!(english.direction, Direction::LeftToRight);
    assert!(english.lines[0].left.abs() < 0.5);
    let arabic = engine.layout_paragraph("أعلنت جماعة نصرة الإسلام", CharOffset(0), &params);
    assert_eq!(arabic.direction, Direction::RightToLeft);
    assert!((arabic.lines[0].right - 900.0).abs() < 0.5);
    assert!(arabic.lines[0].left > 500.0);
}

#[test]
fn wrapped_paragraph_reads_top_to_bottom() {
    let mut engine = TextEngine::new();
    let text = CASES.lines().nth(10).unwrap();
    let layout =
        engine.layout_paragraph(text, CharOffset(100), &LayoutParams::article(18.0, 220.0));
    assert!(layout.lines.len() >= 3, "{} lines", layout.lines.len());
    // Lines hold consecutive logical ranges, first words on top, covering the paragraph.
    assert_eq!(layout.lines[0].chars.start, CharOffset(100));
    for pair in layout.lines.windows(2) {
        assert_eq!(pair[0].chars.end, pair[1].chars.start);
        assert!(pair[0].top < pair[1].top);
    }
    let len = text.chars().count();
    assert_eq!(
        layout.lines.last().unwrap().chars.end,
        CharOffset(100 + len)
    );
    // On an Arabic line, the first word is at the right end.
    let first = &layout.lines[0];
    let rightmost = first
        .clusters
        .iter()
        .max_by(|a, b| a.x.total_cmp(&b.x))
        .unwrap();
    assert_eq!(rightmost.chars.start, CharOffset(100));
    // No line is wider than the pane.
    for line in &layout.lines {
        for c in &line.clusters {
            assert!(c.x >= -0.5 && c.x + c.width <= 220.5, "{c:?}");
        }
    }
}

#[test]
fn selection_across_a_direction_change_is_two_boxes() {
    let mut engine = TextEngine::new();
    let text = "قوات Wagner الروسية";
    let layout = engine.layout_paragraph(text, CharOffset(0), &LayoutParams::article(18.0, 900.0));
    // "ت Wag": the end of an Arabic word, a space and the start of a Latin word.
    let rects = layout.selection_rects(CharRange::new(4, 8));
    assert_eq!(rects.len(), 2, "{rects:?}");
    let whole = layout.selection_rects(CharRange::new(0, text.chars().count()));
    assert_eq!(whole.len(), 1, "{whole:?}");
}
