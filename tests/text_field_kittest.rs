//! The bidi text field and "Arabic right everywhere", on the real `HamishApp`:
//! mixed Arabic / digits / Latin typed into the search box and a span note are stored in
//! logical order with the caret at the right logical offset, and every widget that shows an
//! Arabic string (as its label or its value) drew it through the bidi engine, never through
//! egui's own text, which runs no bidi.

mod common;
use common::assert_all_arabic_is_bidi;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hamish::gui::pane::audit_bidi_widgets;
use hamish::gui::text_field::focused_field_caret;
use hamish::gui::{Action, HamishApp, install_fonts};
use hamish::model::{CharOffset, CharRange};
use hamish::session::Session;
use hamish::text::Caret;

fn sample_app() -> (tempfile::TempDir, Harness<'static, HamishApp>) {
    let dir = tempfile::tempdir().unwrap();
    let path = hamish::assets::sample_copy_in(dir.path()).unwrap();
    let session = Session::open(&path).unwrap();
    let mut h = Harness::builder()
        // Tall enough for the span's note and its Save button above the status bar with the
        // sample's four labels listed (a shorter window scrolls the panel).
        .with_size([1400.0, 1000.0])
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            audit_bidi_widgets(&cc.egui_ctx);
            HamishApp::with_session(session)
        });
    h.run();
    (dir, h)
}

fn caret(h: &Harness<'_, HamishApp>) -> Caret {
    focused_field_caret(&h.ctx).expect("a field has focus")
}

fn at(n: usize) -> Caret {
    Caret::at(CharOffset(n))
}

#[test]
fn typing_mixed_text_into_the_search_box() {
    let (_dir, mut h) = sample_app();
    let input = egui::accesskit::Role::TextInput;
    h.get_by_role_and_label(input, "Search").click();
    h.run();
    for piece in ["هجوم", " ", "12", " ", "JNIM"] {
        h.get_by_role_and_label(input, "Search").type_text(piece);
        h.run();
    }
    assert_eq!(h.state().work.search.query, "هجوم 12 JNIM");
    assert_eq!(caret(&h), at(12));
    // The field reports its value to AccessKit in logical order.
    h.get_by_role_and_label(input, "Search")
        .accesskit_node()
        .value()
        .filter(|v| v == "هجوم 12 JNIM")
        .expect("the value");

    h.key_press(Key::Home);
    h.run();
    assert_eq!(caret(&h), at(0));
    // The paragraph reads right to left: Left moves forward, into the Arabic word.
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(caret(&h), at(1));
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(caret(&h), at(0));
    // Ctrl+Left jumps a word forward (reading order), Shift+End selects to the end.
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowLeft);
    h.run();
    assert_eq!(caret(&h), at(4));
    h.key_press_modifiers(Modifiers::SHIFT, Key::End);
    h.run();
    assert_eq!(caret(&h).range(), CharRange::new(4, 12));
    // Typing replaces the selection; undo inside the field brings it back.
    h.get_by_role_and_label(input, "Search").type_text("ات");
    h.run();
    assert_eq!(h.state().work.search.query, "هجومات");
    assert_eq!(caret(&h), at(6));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().work.search.query, "هجوم 12 JNIM");
    // Backspace deletes the character before the caret, logically.
    h.key_press(Key::End);
    h.key_press(Key::Backspace);
    h.run();
    assert_eq!(h.state().work.search.query, "هجوم 12 JNI");
}

#[test]
fn a_span_note_in_arabic_with_a_line_break() {
    let (_dir, mut h) = sample_app();
    let doc = h.state().session.project().documents()[0].clone();
    let span = doc.spans()[0].id;
    h.state_mut().push(Action::SelectSpan(Some(span)));
    h.run();
    let input = egui::accesskit::Role::MultilineTextInput;
    h.get_by_role_and_label(input, "Span note").click();
    h.run();
    h.get_by_role_and_label(input, "Span note")
        .type_text("قتل 40 مدنيا (ACLED)");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_role_and_label(input, "Span note")
        .type_text("مصدر: بيان JNIM");
    h.run();
    let expected = "قتل 40 مدنيا (ACLED)\nمصدر: بيان JNIM";
    assert_eq!(caret(&h), at(expected.chars().count()));
    h.get_by_label("Save span note").click();
    h.run();
    let saved = h.state().session.project().documents()[0]
        .span(span)
        .unwrap()
        .note
        .clone();
    assert_eq!(saved.as_deref(), Some(expected));
}

#[test]
fn every_arabic_string_on_screen_is_drawn_by_the_bidi_engine() {
    let (dir, mut h) = sample_app();
    // Arabic in the filters, the search box, a note; a span selected; the review panel with
    // a colleague's file and its disagreement list.
    h.state_mut().work.search.query = "تمبكتو".into();
    h.state_mut().work.doc_filter = "مالي".into();
    let span = h.state().session.project().documents()[0].spans()[1].id;
    h.state_mut().push(Action::SelectSpan(Some(span)));
    // Label names in Arabic, as an analyst may name them.
    let mut schema = h.state().session.project().schema().clone();
    schema.labels[0].name = "جماعة مسلحة".into();
    schema.labels[1].name = "مكان".into();
    h.state_mut()
        .push(Action::Edit(Box::new(hamish::model::Edit::SetSchema {
            schema,
        })));
    h.run();
    assert!(h.query_by_label_contains("جماعة مسلحة").is_some());
    assert_all_arabic_is_bidi(&h, "annotating", 11);

    let colleague =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/review/yusuf.hamish.ron");
    let _ = dir;
    h.state_mut().push(Action::ToggleReview);
    h.state_mut().push(Action::ReviewAddFile(colleague));
    // The comparison runs in the background; then the review marks and tab settle over a few
    // frames (the article's heights as laid out).
    h.step();
    while h.state().job_running() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run_steps(8);
    h.state_mut().push(Action::ReviewStep(true));
    h.run();
    assert!(h.state().review.adjudication.is_some());
    assert_all_arabic_is_bidi(&h, "reviewing", 11);
}
