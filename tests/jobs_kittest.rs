//! Long work in the real app, through AccessKit: an import of many files and annotate-all over
//! the corpus run in the background with a count in the status bar; Cancel (the button or
//! the command) stops them and leaves the project exactly as it was; finished, they apply as
//! one edit that one undo takes back.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hamish::annotate::{Scope, find_candidates};
use hamish::gui::{Action, HamishApp, install_fonts};
use hamish::model::LabelId;
use hamish::session::Session;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn app() -> Harness<'static, HamishApp> {
    let session = Session::new(hamish::assets::sample_project());
    let mut h = Harness::builder()
        .with_size([1300.0, 850.0])
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            HamishApp::with_session(session)
        });
    h.run();
    h
}

/// Step frames until the background job is over (or fail after a generous while).
fn finish(h: &mut Harness<'_, HamishApp>) {
    let start = Instant::now();
    while h.state().job_running() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the job did not finish"
        );
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.run();
}

fn article(i: usize) -> String {
    format!("هاجم مسلحون قرية رقم {i} قرب غاو، وقال سكان إن الهجوم استمر ساعتين.\n")
}

fn folder_of_articles(dir: &Path, n: usize) -> PathBuf {
    let folder = dir.join("articles");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..n {
        std::fs::write(folder.join(format!("{i:03}.txt")), article(i)).unwrap();
    }
    folder
}

#[test]
fn an_import_runs_in_the_background_and_one_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let folder = folder_of_articles(dir.path(), 40);
    let mut h = app();
    let before = h.state().session.project().documents().len();
    h.state_mut().push(Action::Import(vec![folder]));
    h.step();
    finish(&mut h);
    let after = h.state().session.project().documents().len();
    assert_eq!(after, before + 40, "{}", h.state().status);
    assert_eq!(h.state().status, "Imported 40 document(s)");
    h.state_mut().push(Action::Undo);
    h.run();
    assert_eq!(h.state().session.project().documents().len(), before);
}

/// A file that blocks when read (a named pipe) holds the import at a known place: the status
/// bar shows where it is, Cancel is pressed, the pipe is released, and nothing was added.
#[cfg(unix)]
#[test]
fn cancelling_an_import_shows_its_count_and_leaves_the_project_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let folder = folder_of_articles(dir.path(), 3);
    let pipe = folder.join("001.txt");
    std::fs::remove_file(&pipe).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let mut h = app();
    let before = h.state().session.project().clone();
    let state = h.state().session.history().state();
    h.state_mut().push(Action::Import(vec![folder]));
    // The first file is read; the worker waits on the pipe, the second of three.
    let start = Instant::now();
    loop {
        h.step();
        if h.query_by_label_contains("reading files 1 / 3").is_some() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no count shown");
        std::thread::sleep(Duration::from_millis(5));
    }
    let bar = h.get_by_label_contains("reading files 1 / 3");
    assert_eq!(bar.accesskit_node().role(), Role::ProgressIndicator);
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    // One frame sees the click, the next applies it.
    h.step();
    h.step();
    assert!(
        h.state().status.starts_with("Cancelling"),
        "{}",
        h.state().status
    );
    // Release the pipe: the worker reads it, sees the cancel and stops.
    std::fs::write(&pipe, article(1)).unwrap();
    finish(&mut h);
    let status = &h.state().status;
    assert!(
        status.ends_with("cancelled; the project is unchanged."),
        "{status}"
    );
    assert_eq!(h.state().session.project(), &before);
    assert_eq!(h.state().session.history().state(), state);
    assert!(h.query_by_label("Cancel").is_none(), "the bar is gone");
}

#[test]
fn annotate_all_over_the_corpus_runs_as_a_job_and_fills_the_review_list() {
    let mut h = app();
    let (doc, span, label, text) = {
        let p = h.state().session.project();
        let doc = &p.documents()[0];
        let span = doc
            .spans()
            .iter()
            .find(|s| s.label == LabelId::new("PLACE"))
            .expect("the sample has places");
        (
            doc.id().clone(),
            span.id,
            span.label.clone(),
            span.text().to_owned(),
        )
    };
    h.state_mut().push(Action::SelectDocument(doc));
    h.run();
    h.state_mut().selection.select_span(Some(span));
    h.state_mut().push(Action::AnnotateAll(Some(Scope::All)));
    h.step();
    assert!(h.state().job_running(), "searched in the background");
    finish(&mut h);
    let expected = find_candidates(h.state().session.project(), &label, &text, &Scope::All);
    let review = h.state().work.review.as_ref().expect("the review list");
    let found: Vec<_> = review.items.iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(found, expected);
    assert_eq!(review.surface, text);
}

#[test]
fn cancel_with_nothing_running_says_so() {
    let mut h = app();
    h.state_mut().push(Action::CancelJob);
    h.run();
    assert_eq!(h.state().status, "Nothing is running.");
}

fn colleague() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/review/yusuf.hamish.ron")
}

#[test]
fn comparing_with_a_colleague_runs_as_a_job_and_matches_the_direct_comparison() {
    let mut h = app();
    h.state_mut().push(Action::ToggleReview);
    h.state_mut().push(Action::ReviewAddFile(colleague()));
    h.step();
    assert!(h.state().job_running(), "compared in the background");
    assert!(
        h.state().review.colleagues.is_empty(),
        "not before it is done"
    );
    finish(&mut h);
    let mut direct = hamish::gui::review::ReviewState::default();
    direct.add_file(&colleague(), h.state().session.project());
    let review = &h.state().review;
    assert_eq!(review.colleagues.len(), 1);
    assert_eq!(review.disagreements(), direct.disagreements());
    assert_eq!(review.report, direct.report);
    assert!(!review.disagreements().is_empty());
    assert!(
        h.state().status.starts_with("Added "),
        "{}",
        h.state().status
    );
    // Removing the file is a comparison too, back to nothing to compare.
    h.state_mut().push(Action::ReviewRemoveFile(0));
    h.step();
    finish(&mut h);
    assert!(h.state().review.colleagues.is_empty());
    assert!(h.state().review.report.is_none());
}

/// A colleague's file that blocks when read holds the comparison at its first phase; Cancel
/// leaves the review panel as it was (no colleague, no report) and the project untouched.
#[cfg(unix)]
#[test]
fn cancelling_a_comparison_leaves_the_review_panel_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("yusuf.hamish.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let mut h = app();
    let before = h.state().session.project().clone();
    h.state_mut().push(Action::ToggleReview);
    h.state_mut().push(Action::ReviewAddFile(pipe.clone()));
    let start = Instant::now();
    loop {
        h.step();
        if h.query_by_label_contains("reading the colleagues' files")
            .is_some()
        {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no phase shown");
        std::thread::sleep(Duration::from_millis(5));
    }
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.step();
    h.step();
    std::fs::write(&pipe, std::fs::read(colleague()).unwrap()).unwrap();
    finish(&mut h);
    let status = &h.state().status;
    assert!(
        status.ends_with("cancelled; the project is unchanged."),
        "{status}"
    );
    assert!(h.state().review.colleagues.is_empty());
    assert!(h.state().review.adjudication.is_none());
    assert_eq!(h.state().session.project(), &before);
}
