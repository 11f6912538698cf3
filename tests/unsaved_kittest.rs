//! Nothing is dropped without a question: every way of replacing the open project (New, Open,
//! Open recent, restoring recovered work, quitting) asks Save / Don't save / Cancel while there
//! are unsaved changes; Escape cancels; a failed save keeps the project open. And the one
//! selection: after clicking plain text, no span is selected any more.
//!
//! Driven on the real `HamishApp` through egui_kittest and AccessKit labels.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::format::load_project;
use hamish::gui::{Action, HamishApp, install_fonts};
use hamish::model::{Annotator, CharRange, Document, Edit, Project, Timestamp};
use hamish::session::Session;
use std::path::{Path, PathBuf};

const TEXT: &str = "هاجمت جماعة نصرة الإسلام بلدة تمبكتو أمس";
const OTHER: &str = "أعلن الجيش المالي استعادة بلدة بير";

fn project(text: &str) -> Project {
    let mut p = Project::new("t", Annotator::new("Amina"));
    p.apply(
        Edit::AddDocuments {
            docs: vec![Document::new("خبر", "", text)],
        },
        &Timestamp::now(),
    )
    .unwrap();
    p
}

/// A project saved at `dir/name`, and the app open on it with typed paths.
fn saved_app(dir: &Path, name: &str, text: &str) -> (PathBuf, Harness<'static, HamishApp>) {
    let path = dir.join(name);
    let mut session = Session::new(project(text));
    session.save_as(&path).unwrap();
    let mut h = Harness::builder()
        .with_size([1300.0, 850.0])
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = HamishApp::with_session(session);
            app.prefs.typed_paths = true;
            app
        });
    h.run();
    (path, h)
}

fn spans(h: &Harness<'_, HamishApp>) -> usize {
    h.state().session.project().span_count()
}

/// Tag جماعة نصرة الإسلام (6..24) as GROUP with the hotkey: one unsaved span.
fn tag_a_span(h: &mut Harness<'_, HamishApp>) {
    h.state_mut()
        .selection
        .set_range(Some(CharRange::new(6, 24)));
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(spans(h), 1);
    assert!(h.state().session.is_modified());
}

fn question_is_shown(h: &Harness<'_, HamishApp>) -> bool {
    h.query_by_label("Save the changes first?").is_some()
}

fn saved_spans(path: &Path) -> usize {
    load_project(path).unwrap().project.span_count()
}

#[test]
fn ctrl_n_then_escape_keeps_the_span_and_ctrl_s_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = saved_app(dir.path(), "a.hamish.ron", TEXT);
    tag_a_span(&mut h);

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(question_is_shown(&h), "Ctrl+N asks first");
    h.key_press(Key::Escape);
    h.run();
    assert!(!question_is_shown(&h), "Escape closes the question");
    assert_eq!(spans(&h), 1, "the span is still there");
    assert_eq!(h.state().session.path.as_deref(), Some(path.as_path()));

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().session.is_modified());
    assert_eq!(saved_spans(&path), 1, "Ctrl+S wrote the span");
}

#[test]
fn new_project_dont_save_and_save_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = saved_app(dir.path(), "a.hamish.ron", TEXT);
    tag_a_span(&mut h);
    // Save: the file gets the span, then the new project replaces it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(saved_spans(&path), 1);
    assert_eq!(h.state().session.path, None, "a new, untitled project");
    assert!(h.state().session.project().documents().is_empty());

    // A fresh untitled project nobody touched is replaced without a question.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(!question_is_shown(&h));

    // Don't save: the changes are dropped on the analyst's word, and the file keeps its state.
    let (path, mut h) = saved_app(dir.path(), "b.hamish.ron", TEXT);
    tag_a_span(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    assert_eq!(h.state().session.path, None);
    assert_eq!(saved_spans(&path), 0);
}

#[test]
fn open_with_a_typed_path_asks_and_cancel_keeps_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let (other, _) = saved_app(dir.path(), "other.hamish.ron", OTHER);
    let (path, mut h) = saved_app(dir.path(), "a.hamish.ron", TEXT);
    tag_a_span(&mut h);

    // Ctrl+O, then Escape in the path field: nothing happens.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Path:");
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::TextInput, "Path:")
            .is_none()
    );
    assert_eq!(spans(&h), 1);

    // Ctrl+O with a path: the question comes before anything is replaced.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    let input = egui::accesskit::Role::TextInput;
    h.get_by_role_and_label(input, "Path:").click();
    h.run();
    h.get_by_role_and_label(input, "Path:")
        .type_text(other.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert!(question_is_shown(&h));
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(spans(&h), 1);
    assert_eq!(h.state().session.path.as_deref(), Some(path.as_path()));

    // Open recent goes through the same question; Don't save then opens the other file.
    h.state_mut().push(Action::Open(other.clone()));
    h.run();
    assert!(question_is_shown(&h));
    h.get_by_label("Don't save").click();
    h.run();
    assert_eq!(h.state().session.path.as_deref(), Some(other.as_path()));
}

#[test]
fn open_recent_from_the_menu_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (other, _) = saved_app(dir.path(), "other.hamish.ron", OTHER);
    let (_, mut h) = saved_app(dir.path(), "a.hamish.ron", TEXT);
    h.state_mut().prefs.remember(&other);
    tag_a_span(&mut h);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open recent").hover();
    h.run();
    h.get_by_label(other.to_str().unwrap()).click();
    h.run();
    assert!(question_is_shown(&h));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(spans(&h), 1);
}

#[test]
fn quitting_asks_and_a_failed_save_keeps_the_project_open() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = saved_app(dir.path(), "a.hamish.ron", TEXT);
    tag_a_span(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(question_is_shown(&h), "Ctrl+Q asks first");

    // Make the save fail: the project file's place is taken by a folder.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    h.state_mut().work.disk = None; // the folder is not "changed by someone else"
    h.get_by_label("Save").click();
    h.run();
    assert!(!question_is_shown(&h));
    assert!(
        h.query_by_label("Cannot save").is_some(),
        "the failure is explained"
    );
    assert_eq!(spans(&h), 1, "the project stays open with its span");
    assert!(h.state().session.is_modified());
}

#[test]
fn restoring_recovered_work_over_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut h) = saved_app(dir.path(), "a.hamish.ron", TEXT);
    tag_a_span(&mut h);
    // Recovered work of this file, as an earlier run would have left it.
    let mut recovered = project(TEXT);
    recovered.name = "recovered".into();
    let recovery = hamish::autosave::recovery_path(&path);
    hamish::format::save_project(&recovery, &recovered).unwrap();
    h.state_mut().work.offer_recovery(&path, Some(path.clone()));
    h.run();
    h.get_by_label("Restore recovered work").click();
    h.run();
    assert!(question_is_shown(&h));
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(spans(&h), 1, "the unsaved span is kept");
    assert_eq!(h.state().session.project().name, "t");
}

#[test]
fn untitled_work_is_autosaved_and_offered_on_the_next_start() {
    let data = tempfile::tempdir().unwrap();
    let untitled = data.path().join("untitled").join("untitled.hamish.ron");
    let make = |untitled: PathBuf| {
        Harness::builder()
            .with_size([1300.0, 850.0])
            .build_eframe(move |cc| {
                install_fonts(&cc.egui_ctx);
                HamishApp::with_session(Session::new_empty("untitled", "Amina"))
                    .with_untitled_autosave(Some(untitled))
            })
    };
    let mut h = make(untitled.clone());
    h.run();
    h.state_mut()
        .push(Action::Edit(Box::new(Edit::AddDocuments {
            docs: vec![Document::new("خبر", "", TEXT)],
        })));
    h.run();
    let id = h.state().session.project().documents()[0].id().clone();
    h.state_mut().select_document(id);
    tag_a_span(&mut h);
    // Past the autosave delay.
    std::thread::sleep(std::time::Duration::from_millis(700));
    h.run();
    let recovery = hamish::autosave::recovery_path(&untitled);
    assert!(recovery.exists(), "untitled work reached the data folder");
    drop(h);

    // The next start offers it, and restoring gives back the span, still untitled.
    let mut h = make(untitled);
    h.run();
    h.get_by_label_contains("an untitled project that was never saved");
    h.get_by_label("Restore recovered work").click();
    h.run();
    assert_eq!(spans(&h), 1);
    assert_eq!(h.state().session.path, None);
    assert!(h.state().session.is_modified());
}

#[test]
fn click_a_span_then_plain_text_then_delete_removes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = saved_app(dir.path(), "a.hamish.ron", TEXT);
    tag_a_span(&mut h);
    h.state_mut().selection.clear();
    h.run();
    let span = h.get_by_label("span GROUP جماعة نصرة الإسلام");
    let span_rect = span.rect();
    span.click();
    h.run();
    assert!(
        h.state().selection.span().is_some(),
        "the click selects the span"
    );

    // A click on plain text, left of the span (later words of the Arabic line).
    let article = h.get_by_label("Article text").rect();
    let plain = egui::pos2(
        (article.min.x + span_rect.min.x) / 2.0,
        span_rect.center().y,
    );
    h.hover_at(plain);
    h.event(egui::Event::PointerButton {
        pos: plain,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: plain,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert_eq!(h.state().selection.span(), None, "no span stays selected");
    assert!(h.state().selection.caret().is_some(), "a caret instead");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(spans(&h), 1, "Delete had nothing to delete");
}

#[test]
fn a_read_only_session_reports_a_refused_import_honestly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.hamish.ron");
    let text =
        hamish::assets::SAMPLE_PROJECT.replacen("start: 0, end: 11,", "start: 0, end: 12,", 1);
    std::fs::write(&path, &text).unwrap();
    let session = Session::open(&path).unwrap();
    assert!(session.is_read_only());
    let before = session.project().documents().len();
    let txt = dir.path().join("new.txt");
    std::fs::write(&txt, OTHER).unwrap();
    let mut h = Harness::builder()
        .with_size([1300.0, 850.0])
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            HamishApp::with_session(session)
        });
    h.run();
    h.state_mut().push(Action::Import(vec![txt]));
    h.run();
    // The files are read in the background; wait for the import to end.
    while h.state().job_running() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run();
    assert_eq!(h.state().session.project().documents().len(), before);
    let status = &h.state().status;
    assert!(status.starts_with("Nothing imported"), "{status}");
}

#[test]
fn a_project_open_elsewhere_offers_read_only_or_take_over() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_app(dir.path(), "shared.hamish.ron", OTHER);
    // Another window (or an analyst on a shared folder) has it open for editing.
    let other = Session::open_for_editing(&path).unwrap();
    let (_, mut h) = saved_app(dir.path(), "mine.hamish.ron", TEXT);
    h.state_mut().push(Action::Open(path.clone()));
    h.run();
    h.get_by_label("This project is open elsewhere");
    h.get_by_label("Open read-only").click();
    h.run();
    assert_eq!(h.state().session.path.as_deref(), Some(path.as_path()));
    assert!(h.state().session.is_read_only());
    assert!(
        h.state().status.contains("read-only"),
        "{}",
        h.state().status
    );
    assert!(
        !other.lock_lost(),
        "reading takes nothing from the other window"
    );

    // Asked again, the analyst takes it over: the other window can no longer save over it.
    h.state_mut().push(Action::Open(path.clone()));
    h.run();
    h.get_by_label("Take over").click();
    h.run();
    assert!(!h.state().session.is_read_only());
    assert!(other.lock_lost());
}
