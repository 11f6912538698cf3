//! The review panel driven through the real app: open View ▸ Review, add a colleague's file,
//! step through the disagreements, accept the agreed spans and one colleague's version, and
//! check the gold project that results.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::format::save_project;
use hamish::gui::HamishApp;
use hamish::gui::decoration::DecorationStyle;
use hamish::model::{Annotator, CharRange, Document, LabelId, Project, SpanId, Timestamp};
use hamish::session::Session;

/// Frames to run after each input. The app sets the window title every frame, so it never
/// "settles" in kittest's sense; a few frames are enough for an action to be applied.
const STEPS: usize = 4;

const TEXT: &str = "هجوم قرب بوريم وتمبكتو";

fn project(name: &str, spans: &[(usize, usize, &str)]) -> Project {
    let mut p = Project::new("sahel", Annotator::new(name));
    let mut doc = Document::new("article", "a.txt", TEXT);
    let now = Timestamp("2026-11-21T08:00:00Z".into());
    for (k, &(s, e, l)) in spans.iter().enumerate() {
        let mut span = doc
            .new_span(CharRange::new(s, e), LabelId::new(l), &p.annotator.id, &now)
            .unwrap();
        span.id = SpanId(u64::from(name.as_bytes()[0]) * 100 + k as u64);
        doc.add_span(span, None).unwrap();
    }
    p.apply(hamish::model::Edit::AddDocuments { docs: vec![doc] }, &now)
        .unwrap();
    p
}

/// The real app on the project file at `path`.
fn open_app(path: &std::path::Path) -> Harness<'static, HamishApp> {
    let app = HamishApp::with_session(Session::open(path).unwrap());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(|cc| {
            hamish::gui::install_fonts(&cc.egui_ctx);
            app
        });
    harness.run_steps(STEPS);
    harness
}

/// Type a colleague's file into the review panel and press Add.
fn add_colleague(harness: &mut Harness<'static, HamishApp>, path: &std::path::Path) {
    harness.get_by_label("Colleague file").click();
    harness.run_steps(STEPS);
    harness
        .get_by_label("Colleague file")
        .type_text(&path.display().to_string());
    harness.run_steps(STEPS);
    harness.get_by_label("Add").click();
    wait_for_job(harness);
}

/// Comparing runs in the background: step frames until the job is done, then let the panel
/// settle.
fn wait_for_job(harness: &mut Harness<'static, HamishApp>) {
    harness.step();
    harness.step();
    while harness.state().job_running() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run_steps(STEPS);
}

#[test]
fn add_colleague_step_through_and_accept_one_version() {
    let dir = tempfile::tempdir().unwrap();
    // Amina: an event, بوريم as a place and وتمبكتو with its proclitic.
    let amina = project(
        "Amina",
        &[(0, 4, "EVENT"), (9, 14, "PLACE"), (15, 22, "PLACE")],
    );
    // Yusuf: no event, بوريم as a place, تمبكتو without و.
    let yusuf = project("Yusuf", &[(9, 14, "PLACE"), (16, 22, "PLACE")]);
    let colleague = dir.path().join("yusuf.hamish.ron");
    save_project(&colleague, &yusuf).unwrap();

    let own = dir.path().join("amina.hamish.ron");
    save_project(&own, &amina).unwrap();
    let mut harness = open_app(&own);

    harness.get_by_label("View").click();
    harness.run_steps(STEPS);
    harness.get_by_label_contains("Review").click();
    harness.run_steps(STEPS);
    assert!(harness.state().show_review());

    add_colleague(&mut harness, &colleague);
    assert_eq!(harness.state().review.colleagues.len(), 1);
    harness.get_by_label("2 disagreement(s), 2 undecided");

    // The first disagreement is the event only Amina marked; step to the second and back.
    harness.get_by_label("1 of 2");
    harness.get_by_label("No span here: Yusuf");
    harness.get_by_label("Next").scroll_to_me();
    harness.run_steps(STEPS);
    harness.get_by_label("Next").click();
    harness.run_steps(STEPS);
    harness.get_by_label("2 of 2");
    assert!(harness.query_by_label("No span here: Yusuf").is_none());
    harness.get_by_label("Previous").scroll_to_me();
    harness.run_steps(STEPS);
    harness.get_by_label("Previous").click();
    harness.run_steps(STEPS);
    harness.get_by_label("1 of 2");
    harness.get_by_label("Next").scroll_to_me();
    harness.run_steps(STEPS);
    harness.get_by_label("Next").click();
    harness.run_steps(STEPS);

    // The second is the boundary at the proclitic: take Yusuf's تمبكتو, with a reason.
    harness.get_by_label_contains("«وتمبكتو»");
    harness.get_by_label("Rationale").scroll_to_me();
    harness.run_steps(STEPS);
    harness.get_by_label("Rationale").click();
    harness.run_steps(STEPS);
    harness
        .get_by_label("Rationale")
        .type_text("و is a proclitic, not part of the name");
    harness.run_steps(STEPS);
    harness.get_by_label("Take Yusuf").scroll_to_me();
    harness.run_steps(STEPS);
    harness.get_by_label("Take Yusuf").click();
    harness.run_steps(STEPS);
    harness
        .get_by_label("Accept everything all agree on")
        .scroll_to_me();
    harness.run_steps(STEPS);
    harness
        .get_by_label("Accept everything all agree on")
        .click();
    harness.run_steps(STEPS);
    harness.get_by_label("2 disagreement(s), 1 undecided");

    let gold = harness.state().review.gold().unwrap();
    let spans = gold.documents()[0].spans();
    let got: Vec<(&str, &str)> = spans.iter().map(|s| (s.text(), s.label.as_str())).collect();
    assert_eq!(got, [("بوريم", "PLACE"), ("تمبكتو", "PLACE")]);
    let prov = spans[1].provenance.as_ref().unwrap();
    assert_eq!(prov.annotators, ["Yusuf"]);
    assert_eq!(prov.decided_by, "Amina");
    assert_eq!(
        prov.rationale.as_deref(),
        Some("و is a proclitic, not part of the name")
    );
    assert_eq!(
        spans[0].provenance.as_ref().unwrap().annotators,
        ["Amina", "Yusuf"]
    );

    // The article pane gets one mark per cluster for the selected document.
    let marks = harness.state().review_decorations();
    let styles: Vec<DecorationStyle> = marks.iter().map(|d| d.style).collect();
    assert_eq!(
        styles,
        [
            DecorationStyle::Partial,
            DecorationStyle::Agree,
            DecorationStyle::BoundaryConflict
        ]
    );
    assert!(marks[2].tooltip.contains("Yusuf: PLACE «تمبكتو»"));
}

/// The adjudicator's feedback in the GUI: what the open (gold) project changed for a colleague.
#[test]
fn what_the_gold_changed_for_a_colleague() {
    let dir = tempfile::tempdir().unwrap();
    let gold = project(
        "Amina",
        &[(0, 4, "EVENT"), (9, 14, "PLACE"), (16, 22, "PLACE")],
    );
    let yusuf = project("Yusuf", &[(9, 14, "PLACE"), (15, 22, "PLACE")]);
    let colleague = dir.path().join("yusuf.hamish.ron");
    save_project(&colleague, &yusuf).unwrap();
    let own = dir.path().join("gold.hamish.ron");
    save_project(&own, &gold).unwrap();
    let mut harness = open_app(&own);
    harness.state_mut().push(hamish::gui::Action::ToggleReview);
    harness.run_steps(STEPS);
    add_colleague(&mut harness, &colleague);
    harness
        .get_by_label("What this project changed for Yusuf")
        .click();
    harness.run_steps(STEPS);
    let diff = harness
        .state()
        .review
        .diff
        .clone()
        .expect("the changes are shown");
    // The event Yusuf missed was added, and تمبكتو lost the proclitic و Yusuf included.
    assert!(
        diff.starts_with("gold compared with Yusuf: 2 change(s)"),
        "{diff}"
    );
    assert!(
        harness
            .query_by_label_contains("gold compared with Yusuf")
            .is_some()
    );
    harness.get_by_label("Close the changes").click();
    harness.run_steps(STEPS);
    assert!(harness.state().review.diff.is_none());
}
