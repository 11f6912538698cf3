//! Arcs on real right-to-left layouts: the arrowhead lands on the argument as drawn, on one
//! line and across a wrap.

use hamish_text::layout::arcs::{ArcEnd, ArcSpec, ArcStyle, layout_arcs};
use hamish_text::layout::{LayoutParams, TextEngine};
use hamish_text::{CharOffset, CharRange};

const TEXT: &str = "كمين نصبته جماعة نصرة الإسلام لقافلة الجيش المالي قرب بير في 20 أغسطس";

fn range_of(surface: &str) -> CharRange {
    let byte = TEXT.find(surface).unwrap();
    let start = TEXT[..byte].chars().count();
    CharRange::new(start, start + surface.chars().count())
}

#[test]
fn the_arrow_points_at_the_argument_where_it_is_drawn() {
    let mut engine = TextEngine::new();
    let layout = engine.layout_paragraph(TEXT, CharOffset(0), &LayoutParams::article(18.0, 900.0));
    assert_eq!(layout.lines.len(), 1);
    let trigger = layout.span_place(range_of("كمين"), 0).unwrap();
    let actor = layout.span_place(range_of("جماعة نصرة الإسلام"), 0).unwrap();
    assert!(
        trigger.x0 > actor.x1,
        "the trigger is read first, so drawn right of the actor"
    );
    let lines: Vec<_> = layout.line_boxes().collect();
    let out = layout_arcs(
        &[ArcSpec {
            key: 0,
            from: ArcEnd::Visible(trigger),
            to: ArcEnd::Visible(actor),
            label_width: 30.0,
        }],
        &lines,
        &ArcStyle::default(),
    );
    let s = &out.segments[0];
    assert!(s.arrow);
    assert_eq!(s.x_end, actor.anchor(), "the arrowhead is on the actor");
    assert!(
        s.x_start > s.x_end,
        "the arc runs right to left, as the text does"
    );
}

#[test]
fn an_arc_across_a_wrap_leaves_by_the_left_edge_and_enters_by_the_right() {
    let mut engine = TextEngine::new();
    let layout = engine.layout_paragraph(TEXT, CharOffset(0), &LayoutParams::article(18.0, 260.0));
    assert!(layout.lines.len() >= 2, "{} lines", layout.lines.len());
    let trigger = layout.span_place(range_of("كمين"), 5).unwrap();
    let date = layout.span_place(range_of("أغسطس"), 5).unwrap();
    assert_eq!(
        trigger.line, 5,
        "lines are counted from the paragraph's first visible line"
    );
    assert!(date.line > trigger.line);
    let mut lines = vec![layout.line_boxes().next().unwrap(); 5];
    lines.extend(layout.line_boxes());
    let out = layout_arcs(
        &[ArcSpec {
            key: 0,
            from: ArcEnd::Visible(trigger),
            to: ArcEnd::Visible(date),
            label_width: 30.0,
        }],
        &lines,
        &ArcStyle::default(),
    );
    let [first, second] = &out.segments[..] else {
        panic!("{:?}", out.segments)
    };
    assert_eq!(first.x_end, lines[trigger.line].left);
    assert_eq!(second.x_start, lines[date.line].right);
    assert_eq!(second.x_end, date.anchor());
}
