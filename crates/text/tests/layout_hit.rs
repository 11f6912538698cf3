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
