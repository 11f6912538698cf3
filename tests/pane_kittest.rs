//! UI tests of the article pane on the real `HamishApp`, driven through egui_kittest: the
//! pane is found by its AccessKit label, pointer positions come from the public layout API.
//! The app sets the window title every frame, which asks for a repaint, so these tests step
//! a fixed number of frames instead of `Harness::run`.

use egui::{Event, Modifiers, PointerButton, Pos2, Rect, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::gui::HamishApp;
use hamish::gui::pane::{BASE_FONT_SIZE, SIDE_MARGIN, TOP_MARGIN};
use hamish::model::{
    Annotator, CharOffset, CharRange, DocId, Document, LabelId, Project, Timestamp,
};
use hamish::session::Session;
use hamish::text::layout::{LayoutParams, ParagraphLayout, TextEngine};

/// One paragraph: "أعلنت جماعة نصرة الإسلام والمسلمين (JNIM) مسؤوليتها عن الهجوم".
/// Chars 0–4 أعلنت, 6–10 جماعة, 12–15 نصرة, 17–23 الإسلام, 25–33 والمسلمين, 35–40 (JNIM).
const TEXT: &str = "أعلنت جماعة نصرة الإسلام والمسلمين (JNIM) مسؤوليتها عن الهجوم";

fn app_with_article() -> (HamishApp, DocId) {
    // Saved to a file first, so the project is not "modified": the status bar's "●" is not
    // in the bundled fonts, and kittest refuses missing glyphs.
    let mut project = Project::new("test", Annotator::new("tester"));
    let mut doc = Document::new("خبر", "test.txt", TEXT);
    let id = doc.id().clone();
    let now = Timestamp::now();
    let span = doc
        .new_span(
            CharRange::new(6, 24),
            LabelId::new("GROUP"),
            &project.annotator.id,
            &now,
        )
        .unwrap();
    doc.add_span(span, None).unwrap();
    project
        .apply(hamish::model::Edit::AddDocuments { docs: vec![doc] }, &now)
        .unwrap();
    let mut session = Session::new(project);
    // Kept on disk for the whole test: a project file that vanishes is (rightly) reported as
    // changed on disk, and that question would block the pane.
    let dir = tempfile::tempdir().unwrap().keep();
    session.save_as(&dir.join("t.hamish.ron")).unwrap();
    (HamishApp::with_session(session), id)
}

fn harness() -> (Harness<'static, HamishApp>, DocId) {
    let (app, id) = app_with_article();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 600.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |cc| {
            hamish::gui::install_fonts(&cc.egui_ctx);
            app
        });
    harness.run_steps(4);
    (harness, id)
}

/// The pane's rect and the layout our API gives for the pane's width, so tests can compute
/// where each character is drawn.
fn pane_layout(harness: &Harness<'_, HamishApp>) -> (Rect, ParagraphLayout) {
    let rect = harness.get_by_label("Article text").rect();
    let width = rect.width() - 2.0 * SIDE_MARGIN;
    let layout = TextEngine::new().layout_paragraph(
        TEXT,
        CharOffset(0),
        &LayoutParams::article(BASE_FONT_SIZE, width),
    );
    (rect, layout)
}

/// A screen point inside char `n`, `fraction` of the way from its left edge.
fn point_in_char(rect: Rect, layout: &ParagraphLayout, n: usize, fraction: f32) -> Pos2 {
    let r = layout.char_rect(CharOffset(n)).expect("drawn");
    pos2(
        rect.min.x + SIDE_MARGIN + r.x0 + fraction * r.width(),
        rect.min.y + TOP_MARGIN + r.center().1,
    )
}

fn button(harness: &Harness<'_, HamishApp>, pos: Pos2, pressed: bool) {
    harness.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Press at `from`, move to `to` in `steps` frames, release: a real drag as egui sees it.
fn drag(harness: &mut Harness<'_, HamishApp>, from: Pos2, to: Pos2, steps: usize) {
    harness.hover_at(from);
    harness.step();
    button(harness, from, true);
    harness.step();
    for k in 1..=steps {
        harness.hover_at(from + (to - from) * (k as f32 / steps as f32));
        harness.step();
    }
    button(harness, to, false);
}

#[test]
fn drag_across_arabic_words_selects_the_logical_range() {
    let (mut harness, id) = harness();
    let (rect, layout) = pane_layout(&harness);
    // From the right (leading) part of ج at 6 to the left (trailing) part of م at 23:
    // the words جماعة نصرة الإسلام, dragged right to left as they read.
    let from = point_in_char(rect, &layout, 6, 0.8);
    let to = point_in_char(rect, &layout, 23, 0.2);
    drag(&mut harness, from, to, 6);
    harness.run_steps(4);
    let selection = harness.state().selection.range();
    assert_eq!(selection, Some(CharRange::new(6, 24)));
    let doc = harness.state().session.project().document(&id).unwrap();
    assert_eq!(doc.slice(selection.unwrap()), Some("جماعة نصرة الإسلام"));

    // Ctrl+C (egui turns it into a Copy event) copies the logical text.
    harness.event(Event::Copy);
    harness.step();
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .any(|c| matches!(c, egui::OutputCommand::CopyText(t) if t == "جماعة نصرة الإسلام"));
    assert!(copied, "{:?}", harness.output().platform_output.commands);
}

#[test]
fn drag_into_latin_across_a_direction_change() {
    let (mut harness, id) = harness();
    let (rect, layout) = pane_layout(&harness);
    // From the start of والمسلمين (25) into "JNIM": to the right half of "N" (37).
    let from = point_in_char(rect, &layout, 25, 0.8);
    let to = point_in_char(rect, &layout, 37, 0.8);
    drag(&mut harness, from, to, 6);
    harness.run_steps(4);
    let selection = harness.state().selection.range().unwrap();
    assert_eq!(selection, CharRange::new(25, 38));
    let doc = harness.state().session.project().document(&id).unwrap();
    assert_eq!(doc.slice(selection), Some("والمسلمين (JN"));
}

#[test]
fn double_click_selects_the_word() {
    let (mut harness, _id) = harness();
    let (rect, layout) = pane_layout(&harness);
    let at = point_in_char(rect, &layout, 13, 0.5);
    harness.hover_at(at);
    harness.step();
    // Two clicks a few frames apart (a double-click must come within 0.3 s).
    for _ in 0..2 {
        button(&harness, at, true);
        harness.step();
        button(&harness, at, false);
        harness.step();
    }
    harness.run_steps(4);
    assert_eq!(
        harness.state().selection.range(),
        Some(CharRange::new(12, 16)),
        "نصرة"
    );
}

#[test]
fn click_on_a_span_selects_it_and_shift_arrow_extends_visually() {
    let (mut harness, id) = harness();
    harness.get_by_label("span GROUP جماعة نصرة الإسلام").click();
    harness.run_steps(4);
    let span = harness
        .state()
        .session
        .project()
        .document(&id)
        .unwrap()
        .spans()[0]
        .id;
    assert_eq!(harness.state().selection.span(), Some(span));

    // A caret just before ج (6), placed by a click on the space before it (a click on the
    // span itself selects the span), then shift+left: in an Arabic line, left reads forward.
    let (rect, layout) = pane_layout(&harness);
    let at = point_in_char(rect, &layout, 5, 0.1);
    harness.hover_at(at);
    button(&harness, at, true);
    button(&harness, at, false);
    harness.run_steps(4);
    assert_eq!(
        harness.state().selection.range(),
        Some(CharRange::new(6, 6))
    );
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::ArrowLeft);
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::ArrowLeft);
    harness.run_steps(4);
    assert_eq!(
        harness.state().selection.range(),
        Some(CharRange::new(6, 8))
    );
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::ArrowRight);
    harness.run_steps(4);
    assert_eq!(
        harness.state().selection.range(),
        Some(CharRange::new(6, 7))
    );
}

#[test]
fn ctrl_plus_zooms_the_pane_not_the_whole_ui() {
    let (mut harness, _) = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Plus);
    harness.run_steps(3);
    assert!(harness.state().pane.zoom > 1.05);
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Minus);
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Minus);
    harness.run_steps(3);
    assert!(harness.state().pane.zoom < 0.95);
}

#[test]
fn document_titles_are_drawn_by_the_bidi_label() {
    let (harness, _) = harness();
    // The title's own label node (drawn by the pane's engine), inside the row's button.
    let title = harness.get_by_role_and_label(egui::Role::Label, "خبر");
    assert!(title.rect().width() > 5.0);
    harness.get_by_role_and_label(egui::Role::Button, "خبر  ·  1 spans  ·  todo");
}

#[test]
fn decorations_are_drawn_with_their_accessible_names() {
    use hamish::gui::decoration::{Decoration, DecorationStyle};
    use hamish::gui::pane::{PaneState, Selection, article_pane_ui};
    let (app, id) = app_with_article();
    let doc = app.session.project().document(&id).unwrap().clone();
    let schema = app.session.project().schema().clone();
    let marks = vec![
        Decoration {
            range: CharRange::new(55, 61),
            style: DecorationStyle::Hit,
            tooltip: "search hit".into(),
            name: "hit 1".into(),
        },
        Decoration {
            range: CharRange::new(25, 34),
            style: DecorationStyle::LabelConflict,
            tooltip: "Amina: GROUP · Yusuf: PLACE".into(),
            name: "conflict 1".into(),
        },
    ];
    let mut state = PaneState::default();
    let mut selection = Selection::default();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 400.0))
        .build_ui(move |ui| {
            article_pane_ui(ui, &doc, &schema, &marks, &mut state, &mut selection);
        });
    harness.run_steps(3);
    let hit = harness.get_by_label("hit 1").rect();
    let conflict = harness.get_by_label("conflict 1").rect();
    let span = harness.get_by_label("span GROUP جماعة نصرة الإسلام").rect();
    // الهجوم (55..61) is the last word: leftmost; the span is near the right edge.
    assert!(hit.max.x < conflict.min.x && conflict.max.x < span.min.x);
}

#[test]
fn shift_click_extends_the_selection() {
    let (mut harness, id) = harness();
    let (rect, layout) = pane_layout(&harness);
    // A caret before و (25), just after the span: a click on plain text.
    let first = point_in_char(rect, &layout, 25, 0.9);
    harness.hover_at(first);
    button(&harness, first, true);
    harness.step();
    button(&harness, first, false);
    harness.run_steps(2);
    assert_eq!(
        harness.state().selection.range(),
        Some(CharRange::new(25, 25))
    );
    // Shift+click after the Latin "(JNIM)": a direction change between the two points.
    let second = point_in_char(rect, &layout, 40, 0.9);
    harness.hover_at(second);
    harness.event(Event::ModifiersChanged(Modifiers::SHIFT));
    harness.event(Event::PointerButton {
        pos: second,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::SHIFT,
    });
    harness.step();
    harness.event(Event::PointerButton {
        pos: second,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::SHIFT,
    });
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run_steps(2);
    let doc = harness.state().session.project().document(&id).unwrap();
    let selection = harness.state().selection.range().unwrap();
    // ")" at 40 is drawn mirrored on the left of "(JNIM)": its right part is before it.
    assert_eq!(selection, CharRange::new(25, 40));
    assert_eq!(doc.slice(selection), Some("والمسلمين (JNIM"));
}

/// The daily path end to end: drag over words in the pane, press a label's hotkey, get a span
/// with exactly the dragged range (the pane's keyboard focus must not swallow hotkeys).
#[test]
fn drag_then_hotkey_creates_the_span() {
    let (mut harness, id) = harness();
    let (rect, layout) = pane_layout(&harness);
    let from = point_in_char(rect, &layout, 12, 0.8);
    let to = point_in_char(rect, &layout, 23, 0.2);
    drag(&mut harness, from, to, 4);
    harness.run_steps(3);
    assert_eq!(
        harness.state().selection.range(),
        Some(CharRange::new(12, 24))
    );
    harness.key_press(egui::Key::Num1);
    harness.run_steps(3);
    let doc = harness.state().session.project().document(&id).unwrap();
    let created: Vec<_> = doc
        .spans()
        .iter()
        .filter(|s| s.range() == CharRange::new(12, 24))
        .collect();
    assert_eq!(created.len(), 1, "{:?}", doc.spans());
    assert_eq!(created[0].label.as_str(), "GROUP");
    assert_eq!(created[0].text(), "نصرة الإسلام");
}

/// Resize by dragging an edge: select the span, drag its start edge from before جماعة to
/// before نصرة; the span becomes نصرة الإسلام, in one undo step.
#[test]
fn dragging_an_edge_of_the_selected_span_resizes_it() {
    let (mut harness, id) = harness();
    harness.get_by_label("span GROUP جماعة نصرة الإسلام").click();
    harness.run_steps(4);
    let span = harness
        .state()
        .session
        .project()
        .document(&id)
        .unwrap()
        .spans()[0]
        .id;
    assert_eq!(harness.state().selection.span(), Some(span));
    // Let the click above age past the double-click interval.
    harness.run_steps(30);
    let (rect, layout) = pane_layout(&harness);
    // In a right-to-left line the logical start of a character is its right edge.
    let from = point_in_char(rect, &layout, 6, 0.95);
    let to = point_in_char(rect, &layout, 12, 0.95);
    drag(&mut harness, from, to, 4);
    harness.run_steps(4);
    let doc = harness.state().session.project().document(&id).unwrap();
    let resized = doc.span(span).unwrap();
    assert_eq!(resized.range(), CharRange::new(12, 24));
    assert_eq!(resized.text(), "نصرة الإسلام");
    assert_eq!(doc.spans().len(), 1, "resized, not added");
    harness.state_mut().push(hamish::gui::Action::Undo);
    harness.run_steps(3);
    let doc = harness.state().session.project().document(&id).unwrap();
    assert_eq!(doc.span(span).unwrap().range(), CharRange::new(6, 24));
}
