//! The annotation flows on the real `HamishApp`, driven through egui_kittest: keys and clicks
//! on widgets found by their AccessKit labels, assertions on the session.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::gui::decoration::DecorationStyle;
use hamish::gui::{HamishApp, install_fonts};
use hamish::model::{Annotator, CharRange, Document, Edit, LabelId, Project, Span, Timestamp};
use hamish::session::Session;

const TEXT: &str = "هاجمت جماعة نصرة الإسلام بلدة وتمبكتو أمس";

fn project(texts: &[&str]) -> Project {
    let mut p = Project::new("t", Annotator::new("Amina"));
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("doc {}", i + 1), "", *t))
        .collect();
    p.apply(Edit::AddDocuments { docs }, &Timestamp::now())
        .unwrap();
    p
}

fn harness(project: Project) -> Harness<'static, HamishApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            HamishApp::with_session(Session::new(project))
        });
    h.run();
    h
}

fn spans(h: &Harness<'_, HamishApp>) -> Vec<Span> {
    h.state()
        .session
        .project()
        .documents()
        .iter()
        .flat_map(|d| d.spans().to_vec())
        .collect()
}

fn select(h: &mut Harness<'_, HamishApp>, start: usize, end: usize) {
    h.state_mut()
        .selection
        .set_range(Some(CharRange::new(start, end)));
    h.run();
}

/// Annotate-all over the corpus searches in the background: step until it is done.
fn wait_for_job(h: &mut Harness<'_, HamishApp>) {
    while h.state().job_running() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    // The review window fades in over a few frames.
    h.run_steps(8);
}

fn press(h: &mut Harness<'_, HamishApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

#[test]
fn select_and_press_1_creates_a_group_span_undo_and_redo() {
    let mut h = harness(project(&[TEXT]));
    select(&mut h, 6, 24);
    press(&mut h, Modifiers::NONE, Key::Num1);
    let s = spans(&h);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].label, LabelId::new("GROUP"));
    assert_eq!(s[0].range(), CharRange::new(6, 24));
    assert_eq!(s[0].text(), "جماعة نصرة الإسلام");
    assert_eq!(
        h.state().selection.range(),
        None,
        "the selection is used up"
    );
    // The labels panel counts it.
    h.get_by_label("[1] Group (1)");

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(spans(&h).is_empty(), "undo removes it");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        spans(&h)[0].range(),
        CharRange::new(6, 24),
        "redo restores it"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(spans(&h).len(), 1, "Ctrl+Y redoes too");
}

#[test]
fn a_selection_over_wa_timbuktu_snaps_and_is_previewed() {
    let mut h = harness(project(&[TEXT]));
    // The drag covered the conjunction and half of the next space.
    select(&mut h, 30, 38);
    let preview = h.state_mut().pane_decorations(false);
    let snapped = preview
        .iter()
        .find(|d| d.style == DecorationStyle::Preview)
        .expect("the snapped range is shown before it is committed");
    assert_eq!(snapped.range, CharRange::new(31, 37));
    press(&mut h, Modifiers::NONE, Key::Num2);
    let s = spans(&h);
    assert_eq!(s[0].text(), "تمبكتو");
    assert_eq!(s[0].range(), CharRange::new(31, 37));
    // Holding Alt keeps the exact characters.
    select(&mut h, 30, 37);
    press(&mut h, Modifiers::ALT, Key::Num2);
    let texts: Vec<String> = spans(&h).into_iter().map(|s| s.text().to_owned()).collect();
    assert_eq!(texts, ["وتمبكتو", "تمبكتو"]);
}

#[test]
fn clicking_a_label_with_no_selection_arms_it_for_the_next_drags() {
    let mut h = harness(project(&[TEXT]));
    h.get_by_label("[2] Place (0)").click();
    h.run();
    assert_eq!(h.state().work.armed, Some(LabelId::new("PLACE")));
    select(&mut h, 30, 37);
    select(&mut h, 0, 5);
    let texts: Vec<String> = spans(&h).into_iter().map(|s| s.text().to_owned()).collect();
    assert_eq!(texts, ["هاجمت", "تمبكتو"]);
    assert_eq!(
        h.state().work.armed,
        Some(LabelId::new("PLACE")),
        "stays armed"
    );
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().work.armed, None);
}

#[test]
fn relabel_by_hotkey_and_button_then_delete() {
    let mut h = harness(project(&[TEXT]));
    select(&mut h, 6, 24);
    press(&mut h, Modifiers::NONE, Key::Num1);
    // The new span is selected: another label's hotkey relabels it.
    press(&mut h, Modifiers::NONE, Key::Num3);
    assert_eq!(spans(&h)[0].label, LabelId::new("EVENT"));
    assert_eq!(spans(&h).len(), 1);
    h.get_by_label("as GROUP").click();
    h.run();
    assert_eq!(spans(&h)[0].label, LabelId::new("GROUP"));
    // Resize by keys: the end one character earlier, then back.
    press(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(spans(&h)[0].range(), CharRange::new(6, 23));
    press(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(spans(&h)[0].range(), CharRange::new(6, 24));
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(spans(&h).is_empty());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(&h)[0].label, LabelId::new("GROUP"));
}

#[test]
fn annotate_all_accepts_n_spans_in_one_undo_step() {
    let mut h = harness(project(&[
        "دخلت القوات تمبكتو ثم غادرت وتمبكتو",
        "في تُمبُكتو قتلى، وفي بتمبكتو جرحى. أما ليري فهادئة.",
    ]));
    select(&mut h, 12, 18);
    press(&mut h, Modifiers::NONE, Key::Num2);
    assert_eq!(spans(&h).len(), 1);
    h.get_by_label("Annotate all documents").click();
    h.step();
    h.step();
    wait_for_job(&mut h);
    let review = h.state().work.review.as_ref().expect("review list");
    assert_eq!(review.items.len(), 3);
    h.get_by_label("Accept all").click();
    h.run();
    assert_eq!(spans(&h).len(), 4);
    assert!(h.state().work.review.is_none());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(&h).len(), 1, "one undo step for the whole batch");

    // One by one: accept the first, skip the second, leave the third.
    h.get_by_label("Annotate all documents").click();
    h.step();
    h.step();
    wait_for_job(&mut h);
    h.get_by_label("Accept 1").click();
    h.run();
    h.get_by_label("Skip 2").click();
    h.run();
    h.get_by_label("Apply 1 accepted").click();
    h.run();
    assert_eq!(spans(&h).len(), 2);
}

#[test]
fn schema_edit_removes_a_used_label_by_relabelling_in_one_step() {
    let mut h = harness(project(&[TEXT]));
    select(&mut h, 31, 37);
    press(&mut h, Modifiers::NONE, Key::Num2);
    h.get_by_label("Edit labels…").click();
    h.run();
    h.get_by_label("Remove PLACE").click();
    h.run();
    h.get_by_label("Relabel PLACE as EVENT").click();
    h.run();
    h.get_by_label("Apply label changes").click();
    h.run();
    let schema = &h.state().session.project().schema();
    assert!(!schema.contains(&LabelId::new("PLACE")));
    assert_eq!(spans(&h)[0].label, LabelId::new("EVENT"));
    assert!(h.state().work.schema_editor.is_none());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(
        h.state()
            .session
            .project()
            .schema()
            .contains(&LabelId::new("PLACE"))
    );
    assert_eq!(spans(&h)[0].label, LabelId::new("PLACE"));
}

#[test]
fn schema_edit_adds_a_label_with_a_hotkey() {
    let mut h = harness(project(&[TEXT]));
    h.get_by_label("Edit labels…").click();
    h.run();
    h.state_mut().work.schema_editor.as_mut().unwrap().new_id = "date".into();
    h.run();
    h.get_by_label("Add label").click();
    h.run();
    h.state_mut()
        .work
        .schema_editor
        .as_mut()
        .unwrap()
        .schema
        .labels
        .last_mut()
        .unwrap()
        .hotkey = Some("4".into());
    h.run();
    h.get_by_label("Apply label changes").click();
    h.run();
    assert!(
        h.state()
            .session
            .project()
            .schema()
            .contains(&LabelId::new("DATE"))
    );
    select(&mut h, 38, 41);
    press(&mut h, Modifiers::NONE, Key::Num4);
    assert_eq!(spans(&h)[0].label, LabelId::new("DATE"));
    assert_eq!(spans(&h)[0].text(), "أمس");
}

#[test]
fn search_box_finds_through_spelling_and_steps() {
    let mut h = harness(project(&["تمبكتو، ثم تُمبُكتو، ثم وتمبكـتو"]));
    h.state_mut().work.search.query = "تمبكتو".into();
    h.run();
    assert_eq!(h.state().work.search.hits.len(), 3);
    h.get_by_label("1 of 3");
    press(&mut h, Modifiers::NONE, Key::F3);
    press(&mut h, Modifiers::NONE, Key::F3);
    assert_eq!(h.state().work.search.current, Some(2));
    assert_eq!(
        h.state().selection.range(),
        Some(h.state().work.search.hits[2])
    );
    press(&mut h, Modifiers::SHIFT, Key::F3);
    assert_eq!(h.state().work.search.current, Some(1));
    let marks = h.state_mut().pane_decorations(false);
    assert_eq!(
        marks
            .iter()
            .filter(|d| d.style == DecorationStyle::Hit)
            .count(),
        2
    );
    assert_eq!(
        marks
            .iter()
            .filter(|d| d.style == DecorationStyle::Current)
            .count(),
        1
    );
}

#[test]
fn palette_opens_lists_commands_and_runs_one() {
    let mut h = harness(project(&[TEXT, "نص ثان"]));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    assert!(h.state().work.palette.is_some());
    // Typing filters the list (the query field has the focus).
    h.event(egui::Event::Text("next doc".into()));
    h.run();
    assert_eq!(h.state().work.palette.as_deref(), Some("next doc"));
    assert!(h.query_by_label_contains("Save as").is_none());
    h.get_by_label_contains("Next document").click();
    h.run();
    assert!(h.state().work.palette.is_none());
    let second = h.state().session.project().documents()[1].id().clone();
    assert_eq!(h.state().selected, Some(second));
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    let first = h.state().session.project().documents()[0].id().clone();
    assert_eq!(h.state().selected, Some(first));
}

fn saved_harness(dir: &std::path::Path) -> (std::path::PathBuf, Project) {
    let p = project(&[TEXT]);
    let path = dir.join("p.hamish.ron");
    hamish::format::save_project(&path, &p).unwrap();
    (path, p)
}

fn open_harness(path: &std::path::Path) -> Harness<'static, HamishApp> {
    let session = Session::open(path).unwrap();
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            HamishApp::with_session(session)
        });
    h.run();
    h
}

#[test]
fn recovered_work_is_offered_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut p) = saved_harness(dir.path());
    // What an earlier, killed run autosaved.
    let doc = p.documents()[0].id().clone();
    let now = Timestamp::now();
    let span = p
        .new_span(&doc, CharRange::new(6, 24), LabelId::new("GROUP"), &now)
        .unwrap();
    p.apply(Edit::AddSpan { doc, span }, &now).unwrap();
    hamish::format::atomic::write_atomic(
        &hamish::autosave::recovery_path(&path),
        hamish::format::to_ron_string(&p).as_bytes(),
    )
    .unwrap();
    let mut h = open_harness(&path);
    h.get_by_label("Restore recovered work").click();
    h.run();
    assert_eq!(spans(&h).len(), 1);
    assert!(
        h.state().session.is_modified(),
        "restored work still needs a save"
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().session.is_modified(), "{}", h.state().status);
    assert!(!hamish::autosave::recovery_path(&path).exists());
    assert_eq!(
        hamish::format::load_project(&path)
            .unwrap()
            .project
            .span_count(),
        1
    );
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_silently() {
    let dir = tempfile::tempdir().unwrap();
    let (path, p) = saved_harness(dir.path());
    let mut h = open_harness(&path);
    select(&mut h, 6, 24);
    press(&mut h, Modifiers::NONE, Key::Num1);
    // A colleague saves their version meanwhile.
    let mut theirs = p.clone();
    theirs.name = "colleague".into();
    hamish::format::save_project(&path, &theirs).unwrap();
    let on_disk = std::fs::read(&path).unwrap();
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(std::fs::read(&path).unwrap(), on_disk, "not overwritten");
    h.get_by_label("Reload from disk").click();
    h.run();
    assert_eq!(h.state().session.project().name, "colleague");
    assert!(spans(&h).is_empty());
}

/// Aliases are declared in Annotate ▸ Project settings (one undoable edit) and then carry
/// annotate-all from one spelling to the other.
#[test]
fn aliases_declared_in_project_settings_are_used_and_undone() {
    let mut h = harness(project(&["دخلت فاغنر تمبكتو", "قوات فاجنر في غاو"]));
    h.get_by_label("Annotate").click();
    h.run();
    h.get_by_label_contains("Project settings").click();
    h.run();
    h.get_by_label("Add alias").click();
    h.run();
    let field = egui::accesskit::Role::TextInput;
    h.get_by_role_and_label(field, "Alias 1 spellings").click();
    h.run();
    h.get_by_role_and_label(field, "Alias 1 spellings")
        .type_text("فاغنر، فاجنر");
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    let aliases = &h.state().session.project().settings.aliases;
    assert_eq!(aliases.len(), 1);
    assert_eq!(aliases[0].label.as_str(), "GROUP");
    assert_eq!(aliases[0].spellings, ["فاغنر", "فاجنر"]);

    // The alias makes فاجنر a candidate when annotating all from فاغنر.
    let p = &h.state().session.project();
    let found = hamish::annotate::find_candidates(
        p,
        &LabelId::new("GROUP"),
        "فاغنر",
        &hamish::annotate::Scope::All,
    );
    let texts: Vec<_> = found.iter().map(|c| c.text.as_str()).collect();
    assert!(texts.contains(&"فاجنر"), "{texts:?}");

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().session.project().settings.aliases.is_empty());
}

/// Work per frame follows what is visible: with 3,000 spans in a document, the spans panel
/// builds only the rows in view.
#[test]
fn spans_panel_draws_only_visible_rows() {
    let text = "قصف غاو ".repeat(3000);
    let mut p = project(&[&text]);
    let id = p.documents()[0].id().clone();
    let now = Timestamp::now();
    let edits = (0..3000)
        .map(|i| Edit::AddSpan {
            doc: id.clone(),
            span: p
                .new_span(
                    &id,
                    CharRange::new(i * 8 + 4, i * 8 + 7),
                    LabelId::new("PLACE"),
                    &now,
                )
                .unwrap(),
        })
        .collect();
    p.apply(Edit::Batch { edits }, &now).unwrap();
    let h = harness(p);
    let rows = h.query_all_by_label_contains("PLACE · غاو").count();
    assert!(rows > 0 && rows < 40, "{rows} span rows built");
}

/// بير (Ber, a town) is a PLACE; كبير ("big") is an ordinary word whose ك could be a
/// preposition before it.
const BER: &str = "اشتباكات في بير ثم وبير، وهو تطور كبير.";

#[test]
fn ambiguous_candidates_are_listed_apart_and_included_only_when_ticked() {
    let mut h = harness(project(&[BER]));
    select(&mut h, 12, 15);
    press(&mut h, Modifiers::NONE, Key::Num2);
    assert_eq!(spans(&h).len(), 1);
    h.get_by_label("Annotate all documents").click();
    h.step();
    h.step();
    wait_for_job(&mut h);
    let review = h.state().work.review.as_ref().expect("review list");
    assert_eq!(review.items.len(), 2);
    assert_eq!(review.ambiguous_count(), 1, "بير in كبير");
    assert!(!review.include_ambiguous);
    h.get_by_label("Include the 1 ambiguous occurrence(s)");
    // Accept all takes the sure one only.
    h.get_by_label("Accept all").click();
    h.run();
    let texts: Vec<String> = spans(&h).into_iter().map(|s| s.text().to_owned()).collect();
    assert_eq!(texts, ["بير", "بير"]);
    assert_eq!(spans(&h)[1].range(), CharRange::new(20, 23));

    // Again: only the ambiguous one is left; it cannot be accepted until ticked.
    h.get_by_label("Annotate all documents").click();
    h.step();
    h.step();
    wait_for_job(&mut h);
    h.get_by_label("Accept 1").click();
    h.run();
    h.get_by_label("Apply 0 accepted");
    h.get_by_label("Include the 1 ambiguous occurrence(s)")
        .click();
    h.run();
    assert!(h.state().work.review.as_ref().unwrap().include_ambiguous);
    h.get_by_label("Accept all").click();
    h.run();
    assert_eq!(spans(&h).len(), 3);
    assert_eq!(spans(&h)[2].range(), CharRange::new(35, 38));
}

#[test]
fn exact_selection_takes_the_other_reading_of_an_ambiguous_word() {
    let mut h = harness(project(&[BER]));
    select(&mut h, 12, 15);
    press(&mut h, Modifiers::NONE, Key::Num2);
    // The whole of كبير: snapping keeps the ordinary word …
    select(&mut h, 34, 38);
    let preview = |h: &mut Harness<'_, HamishApp>, exact: bool| {
        h.state_mut()
            .pane_decorations(exact)
            .into_iter()
            .find(|d| d.style == DecorationStyle::Preview)
            .map(|d| d.range)
    };
    assert_eq!(preview(&mut h, false), Some(CharRange::new(34, 38)));
    // … and exact selection (Alt, or exact mode) offers ك + بير.
    assert_eq!(preview(&mut h, true), Some(CharRange::new(35, 38)));
    press(&mut h, Modifiers::ALT, Key::Num2);
    let s = spans(&h);
    assert_eq!(s.len(), 2);
    assert_eq!(s[1].text(), "بير");
    assert_eq!(s[1].range(), CharRange::new(35, 38));
    // A word that is not ambiguous keeps its exact characters with Alt, as before.
    select(&mut h, 19, 23);
    press(&mut h, Modifiers::ALT, Key::Num2);
    assert!(spans(&h).iter().any(|s| s.text() == "وبير"));
}

/// A project whose one document has an event: trigger هاجمت, Actor جماعة نصرة الإسلام.
fn project_with_event() -> Project {
    use hamish::model::{Argument, Event, EventTypeId, RoleId, SpanId};
    let mut p = project(&[TEXT]);
    let doc = p.documents()[0].id().clone();
    let now = Timestamp::now();
    let mut ids = Vec::new();
    for (s, e, label, id) in [(0, 5, "EVENT", 1), (6, 24, "GROUP", 2)] {
        let mut span = p
            .new_span(&doc, CharRange::new(s, e), LabelId::new(label), &now)
            .unwrap();
        span.id = SpanId(id);
        ids.push(span.id);
        p.apply(
            Edit::AddSpan {
                doc: doc.clone(),
                span,
            },
            &now,
        )
        .unwrap();
    }
    let mut event = Event::new(
        ids[0],
        EventTypeId::new("armed_clash"),
        p.annotator.id.clone(),
        &now,
    );
    event.args.push(Argument {
        role: RoleId::new("Actor"),
        span: ids[1],
    });
    p.apply(Edit::AddEvent { doc, event }, &now).unwrap();
    p
}

fn event_args(h: &Harness<'_, HamishApp>) -> usize {
    h.state().session.project().documents()[0].events()[0]
        .args
        .len()
}

#[test]
fn deleting_an_argument_span_says_what_went_with_it_and_undo_restores_both() {
    let mut h = harness(project_with_event());
    assert_eq!(event_args(&h), 1);
    h.state_mut()
        .selection
        .select_span(Some(hamish::model::SpanId(2)));
    h.run();
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(spans(&h).len(), 1);
    assert_eq!(event_args(&h), 0, "the Actor argument went with its span");
    let status = h.state().status.clone();
    assert!(status.contains("also removes 1 argument"), "{status}");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(&h).len(), 2);
    assert_eq!(event_args(&h), 1, "one undo step brings both back");
}

#[test]
fn relabelling_a_trigger_out_of_its_event_is_refused_with_the_reason() {
    let mut h = harness(project_with_event());
    h.state_mut()
        .selection
        .select_span(Some(hamish::model::SpanId(1)));
    h.run();
    press(&mut h, Modifiers::NONE, Key::Num1);
    assert_eq!(spans(&h)[0].label, LabelId::new("EVENT"), "not relabelled");
    let status = h.state().status.clone();
    assert!(status.contains("trigger"), "{status}");
}
