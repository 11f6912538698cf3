//! The analyst's workspace driven through AccessKit on the sample project: the layout at 1024
//! and 2560 points wide (nothing overlapping, one-line buttons, the article most of the
//! width), collapsing and resizing the panels, the dock's tabs, "Done, next", the dashboard's
//! numbers against `hamish stats --json`, the guidelines opening at a label's section, and
//! every Arabic string of the new tabs drawn by the bidi widgets.

mod common;
use common::assert_all_arabic_is_bidi;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hamish::gui::dock::DockTab;
use hamish::gui::{Action, HamishApp};
use hamish::model::DocStatus;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const STEPS: usize = 6;

fn open(path: PathBuf, width: f32, height: f32) -> Harness<'static, HamishApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_eframe(move |cc| {
            let mut app = HamishApp::new(cc, Some(path));
            app.prefs.typed_paths = true;
            app
        });
    h.run_steps(STEPS);
    h
}

fn sample(dir: &Path) -> PathBuf {
    hamish::assets::sample_copy_in(dir).unwrap()
}

/// Rects of the visible nodes with `role`, with their labels.
fn nodes(h: &Harness<'_, HamishApp>, role: Role) -> Vec<(String, egui::Rect)> {
    h.root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == role)
        .map(|n| (n.accesskit_node().label().unwrap_or_default(), n.rect()))
        .filter(|(_, r)| r.width() > 0.5 && r.height() > 0.5)
        .collect()
}

fn check_layout(width: f32) {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(sample(dir.path()), width, 768.0);
    h.state_mut().push(Action::ToggleReview);
    h.run_steps(STEPS);
    assert!(h.state().prefs.layout.dock.shows(DockTab::Review));
    // Review is a tab of the side panel, not a column of its own.
    assert!(
        h.query_all_by_label("Review").count() >= 2,
        "the tab and its heading"
    );

    let article = h
        .get_by_role_and_label(Role::Document, "Article text")
        .rect();
    assert!(
        article.width() >= 0.58 * width,
        "at {width}: the article is {} wide",
        article.width()
    );

    let buttons = nodes(&h, Role::Button);
    assert!(buttons.len() > 10, "{buttons:?}");
    for (label, rect) in &buttons {
        // One line of text: a button that wrapped would be two or more lines high.
        assert!(rect.height() <= 34.0, "at {width}: {label:?} is {rect:?}");
        assert!(
            rect.max.x <= width + 0.5,
            "at {width}: {label:?} sticks out at {rect:?}"
        );
    }
    for (i, (a, ra)) in buttons.iter().enumerate() {
        for (b, rb) in &buttons[i + 1..] {
            let overlap = ra.shrink(1.0).intersect(rb.shrink(1.0));
            assert!(
                overlap.width() <= 0.0 || overlap.height() <= 0.0,
                "at {width}: {a:?} {ra:?} overlaps {b:?} {rb:?}"
            );
        }
    }
    // The search row and "Annotate all documents" stay on one line.
    let field = h.get_by_role_and_label(Role::TextInput, "Search").rect();
    let next = h.get_by_label("Next hit").rect();
    assert!(
        (field.center().y - next.center().y).abs() < 6.0,
        "{field:?} {next:?}"
    );
    let first_span = h.state().session.project().documents()[0].spans()[0].id;
    h.state_mut().push(Action::SelectSpan(Some(first_span)));
    h.state_mut().push(Action::ShowTab(DockTab::Spans));
    h.run_steps(STEPS);
    let annotate = h.get_by_label("Annotate all documents").rect();
    assert!(annotate.height() <= 34.0, "{annotate:?}");
    // Document titles are one line each.
    for (label, rect) in nodes(&h, Role::Button)
        .iter()
        .filter(|(l, _)| l.contains(" spans  ·  "))
    {
        assert!(rect.height() <= 34.0, "{label:?} {rect:?}");
    }
}

#[test]
fn layout_at_1024() {
    check_layout(1024.0);
}

#[test]
fn layout_at_2560() {
    check_layout(2560.0);
}

#[test]
fn panels_collapse_and_widths_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(sample(dir.path()), 1400.0, 900.0);
    let wide = h
        .get_by_role_and_label(Role::Document, "Article text")
        .rect()
        .width();
    // Ctrl+B hides the documents panel: the article gets its room.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    h.run_steps(STEPS);
    assert!(!h.state().prefs.layout.documents_open);
    assert!(h.query_by_label("Documents").is_none());
    let wider = h
        .get_by_role_and_label(Role::Document, "Article text")
        .rect()
        .width();
    assert!(wider > wide + 100.0, "{wide} → {wider}");
    // Ctrl+Alt+B hides the side panel too.
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::ALT,
        egui::Key::B,
    );
    h.run_steps(STEPS);
    assert!(!h.state().prefs.layout.side_open);
    assert!(h.query_by_label("Labels").is_none());
    h.state_mut().push(Action::ToggleDocumentsPanel);
    h.state_mut().push(Action::ToggleSidePanel);
    h.run_steps(STEPS);
    assert!(h.query_by_label("Documents").is_some());

    // Dragging the documents panel's edge makes it wider, and the width is kept.
    let heading = h.get_by_label("Documents").rect();
    let article = h
        .get_by_role_and_label(Role::Document, "Article text")
        .rect();
    // The central panel's margin lies between the panel's edge and the article.
    let edge_x = article.min.x - 8.5;
    let y = heading.center().y + 200.0;
    h.event(egui::Event::PointerMoved(egui::pos2(edge_x, y)));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: egui::pos2(edge_x, y),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Default::default(),
    });
    h.run();
    for k in 1..=8 {
        h.event(egui::Event::PointerMoved(egui::pos2(
            edge_x + 10.0 * k as f32,
            y,
        )));
        h.run();
    }
    h.event(egui::Event::PointerButton {
        pos: egui::pos2(edge_x + 80.0, y),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Default::default(),
    });
    h.run_steps(STEPS);
    let kept = h
        .state()
        .prefs
        .layout
        .documents_width
        .expect("width remembered");
    assert!(
        kept >= edge_x + 60.0 - 16.0,
        "dragged to {}, kept {kept}",
        edge_x + 80.0
    );
}

#[test]
fn dock_tabs_open_show_and_close() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(sample(dir.path()), 1400.0, 900.0);
    h.state_mut().push(Action::RunCommand(
        hamish::gui::commands::CommandId::ToggleDashboard,
    ));
    h.run_steps(STEPS);
    assert!(h.state().prefs.layout.dock.shows(DockTab::Dashboard));
    assert!(h.query_by_label("Documents by status").is_some());
    h.key_press(egui::Key::F1);
    h.run_steps(STEPS);
    assert!(h.state().prefs.layout.dock.shows(DockTab::Guidelines));
    assert!(h.query_by_label("Documents by status").is_none());
    // The tab strip shows the dashboard again, and its × closes it.
    h.get_by_label("Dashboard").click();
    h.run_steps(STEPS);
    assert!(h.state().prefs.layout.dock.shows(DockTab::Dashboard));
    h.get_by_label("Close Dashboard").click();
    h.run_steps(STEPS);
    assert!(!h.state().prefs.layout.dock.is_open(DockTab::Dashboard));
    // The palette remembers the command run from it.
    assert_eq!(
        h.state().prefs.recent_commands.first().map(String::as_str),
        Some(hamish::gui::commands::CommandId::ToggleDashboard.name())
    );
}

#[test]
fn done_next_marks_done_and_opens_the_next_not_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(sample(dir.path()), 1400.0, 900.0);
    let docs: Vec<_> = h.state().session.project().documents().to_vec();
    let first = docs[0].id().clone();
    h.state_mut().push(Action::SelectDocument(first.clone()));
    h.run_steps(STEPS);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run_steps(STEPS);
    let project = h.state().session.project();
    assert_eq!(project.document(&first).unwrap().status, DocStatus::Done);
    let expected = docs
        .iter()
        .skip(1)
        .find(|d| d.status != DocStatus::Done)
        .unwrap()
        .id()
        .clone();
    assert_eq!(h.state().selected.as_ref(), Some(&expected));
    // One undo takes the status back.
    h.state_mut().push(Action::Undo);
    h.run_steps(STEPS);
    assert_eq!(
        h.state().session.project().document(&first).unwrap().status,
        docs[0].status
    );
}

/// Open every "Numbers: …" list of the dashboard (each starts closed).
fn open_numbers(h: &mut Harness<'_, HamishApp>) {
    let closed: Vec<String> = h
        .root()
        .children_recursive()
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with("Numbers: "))
        .collect();
    assert!(closed.len() >= 5, "{closed:?}");
    for label in closed {
        h.get_by_label(&label).scroll_to_me();
        h.run();
        h.get_by_label(&label).click();
        h.run_steps(2);
    }
}

#[test]
fn dashboard_numbers_equal_stats_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let out = assert_cmd::Command::cargo_bin("hamish")
        .unwrap()
        .args(["stats", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut h = open(path, 1600.0, 4000.0);
    hamish::gui::pane::audit_bidi_widgets(&h.ctx);
    h.state_mut().push(Action::ShowTab(DockTab::Dashboard));
    h.run_steps(STEPS);
    open_numbers(&mut h);
    // egui gives a label's text as the node's value.
    let labels: HashSet<String> = h
        .root()
        .children_recursive()
        .flat_map(|n| [n.accesskit_node().label(), n.accesskit_node().value()])
        .flatten()
        .collect();
    let has = |want: String| {
        assert!(
            labels.contains(&want),
            "no {want:?} on the dashboard: {:?}",
            labels.len()
        )
    };
    for (status, n) in stats["documents_per_status"].as_object().unwrap() {
        has(format!("Documents {status}: {n}"));
    }
    for (label, n) in stats["spans_per_label"].as_object().unwrap() {
        has(format!("Spans {label}: {n}"));
    }
    for (i, d) in stats["spans_per_document"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        has(format!(
            "{}. {}: {}",
            i + 1,
            d["title"].as_str().unwrap(),
            d["spans"]
        ));
    }
    let mut events = 0;
    for (month, types) in stats["events_per_month_by_type"].as_object().unwrap() {
        for (ty, n) in types.as_object().unwrap() {
            has(format!("Events {month} {ty}: {n}"));
            events += n.as_u64().unwrap();
        }
    }
    assert_eq!(events, stats["events"].as_u64().unwrap());
    assert_eq!(events, 17, "the sample's events");
    for (month, actors) in stats["events_per_month_by_actor"].as_object().unwrap() {
        for (actor, n) in actors.as_object().unwrap() {
            let name = if actor.is_empty() {
                "no actor named"
            } else {
                actor
            };
            has(format!("Events {month} by {name}: {n}"));
        }
    }
    let entities = stats["entities"].as_array().unwrap();
    let mentioned: Vec<_> = entities
        .iter()
        .filter(|e| e["mentions"].as_u64() > Some(0))
        .take(hamish::gui::dashboard::TOP_ENTITIES)
        .collect();
    assert!(
        mentioned.len() >= 10,
        "the sample's entities: {}",
        mentioned.len()
    );
    for (i, e) in mentioned.iter().enumerate() {
        has(format!(
            "{}. {}: {} mentions in {} documents; events as actor {}, target {}, place {}",
            i + 1,
            e["name"].as_str().unwrap(),
            e["mentions"],
            e["documents"],
            e["events_as_actor"],
            e["events_as_target"],
            e["events_as_place"]
        ));
    }
    let mut total = 0;
    for (day, n) in stats["spans_created_per_day"].as_object().unwrap() {
        total += n.as_u64().unwrap();
        has(format!("Spans by {day}: {total}"));
    }
    assert_eq!(total, stats["spans"].as_u64().unwrap());

    // A click on a number filters the document list to the documents behind it.
    let done = stats["documents_per_status"]["done"].as_u64().unwrap();
    h.get_by_label(&format!("Documents done: {done}")).click();
    h.run_steps(STEPS);
    let shown = h
        .root()
        .children_recursive()
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains(" spans  ·  "))
        })
        .count();
    assert_eq!(shown as u64, done);
    assert_eq!(
        h.state().doc_filter,
        Some(hamish::stats::DocFilter::Status(DocStatus::Done))
    );
    assert_all_arabic_is_bidi(&h, "dashboard", 1);

    // A click on an entity's row shows the documents that mention it.
    let first = mentioned[0];
    let row = format!(
        "1. {}: {} mentions in {} documents; events as actor {}, target {}, place {}",
        first["name"].as_str().unwrap(),
        first["mentions"],
        first["documents"],
        first["events_as_actor"],
        first["events_as_target"],
        first["events_as_place"]
    );
    h.get_by_label(&row).scroll_to_me();
    h.run();
    h.get_by_label(&row).click();
    h.run_steps(STEPS);
    assert_eq!(
        h.state().doc_filter,
        Some(hamish::stats::DocFilter::Entity(
            first["id"].as_str().unwrap().to_owned()
        ))
    );
    let shown = h
        .root()
        .children_recursive()
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains(" spans  ·  "))
        })
        .count();
    assert_eq!(Some(shown as u64), first["documents"].as_u64());
}

#[test]
fn guidelines_open_at_the_labels_section() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(sample(dir.path()), 1400.0, 900.0);
    hamish::gui::pane::audit_bidi_widgets(&h.ctx);
    // The labels panel's "?" of PLACE opens the guidelines at PLACE.
    h.get_by_label("Guidelines for PLACE").click();
    h.run_steps(STEPS);
    assert!(h.state().prefs.layout.dock.shows(DockTab::Guidelines));
    let heading = h
        .get_by_role_and_label(Role::Heading, "PLACE (hotkey 2)")
        .rect();
    let tabs = h.get_by_label("Reload").rect();
    assert!(
        heading.min.y >= tabs.max.y && heading.min.y < tabs.max.y + 80.0,
        "PLACE heading at {heading:?}, below the buttons at {tabs:?}"
    );
    // The earlier section scrolled out of view above (or is not drawn at all, being far
    // enough out of view).
    if let Some(group) = h.query_by_role_and_label(Role::Heading, "GROUP (hotkey 1)") {
        assert!(group.rect().max.y < tabs.max.y, "{:?}", group.rect());
    }
    // The section's Arabic examples are there, drawn bidi-correct.
    assert!(h.query_all_by_label_contains("بوركينافاسو").count() >= 1);
    // With a span selected, its label's section button comes first and goes there.
    let span = h.state().session.project().documents()[0]
        .spans()
        .iter()
        .find(|s| s.label.as_str() == "EVENT")
        .unwrap()
        .id;
    h.state_mut().push(Action::SelectSpan(Some(span)));
    h.run_steps(STEPS);
    h.get_by_label("EVENT section").click();
    h.run_steps(STEPS);
    let event = h
        .get_by_role_and_label(Role::Heading, "EVENT (hotkey 3)")
        .rect();
    assert!(
        event.min.y >= tabs.max.y && event.min.y < tabs.max.y + 80.0,
        "{event:?}"
    );
    assert_all_arabic_is_bidi(&h, "guidelines", 1);
}

/// Long guidelines are drawn a screen at a time: going to a section near the end puts it at
/// the top, and only the blocks about the view are in the tree, not the thousands before.
#[test]
fn long_guidelines_draw_only_what_is_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let mut rules = String::from("# Rules\n\n## GROUP\n\n");
    for i in 0..3000 {
        rules.push_str(&format!(
            "Rule {i}: tag the name of an armed group as written, e.g. «جماعة نصرة الإسلام».\n\n"
        ));
    }
    rules.push_str("## PLACE\n\nOnly named places.\n\n");
    // Enough after it for the section to scroll to the top.
    for i in 0..60 {
        rules.push_str(&format!(
            "Place rule {i}: «تمبكتو» and «تينبكتو» are one town.\n\n"
        ));
    }
    std::fs::write(dir.path().join("GUIDELINES.md"), rules).unwrap();
    let mut h = open(path, 1400.0, 900.0);
    hamish::gui::pane::audit_bidi_widgets(&h.ctx);
    h.state_mut()
        .push(Action::OpenGuidelines(Some(hamish::model::LabelId::new(
            "PLACE",
        ))));
    h.run_steps(STEPS);
    let heading = h.get_by_role_and_label(Role::Heading, "PLACE").rect();
    let tabs = h.get_by_label("Reload").rect();
    assert!(
        heading.min.y >= tabs.max.y && heading.min.y < tabs.max.y + 80.0,
        "PLACE heading at {heading:?}, below the buttons at {tabs:?}"
    );
    assert!(h.query_by_label("Only named places.").is_some());
    let drawn = h.query_all_by_label_contains("Rule ").count();
    assert!(drawn > 0 && drawn < 200, "{drawn} of 3000 rules drawn");
    assert!(h.query_by_label_contains("Rule 0:").is_none());
    // Back to the first section: the top of the guidelines, drawn again.
    h.state_mut()
        .push(Action::OpenGuidelines(Some(hamish::model::LabelId::new(
            "GROUP",
        ))));
    h.run_steps(STEPS);
    assert!(h.query_by_label_contains("Rule 0:").is_some());
    assert!(h.query_by_label_contains("Rule 2999:").is_none());
    assert_all_arabic_is_bidi(&h, "long guidelines", 1);
}

#[test]
fn guidelines_path_is_a_project_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    std::fs::write(
        dir.path().join("rules.md"),
        "# Rules\n\n## PLACE\n\nOnly named places.\n",
    )
    .unwrap();
    let mut h = open(path, 1400.0, 900.0);
    let mut settings = h.state().session.project().settings.clone();
    settings.guidelines = Some("rules.md".into());
    h.state_mut()
        .push(Action::Edit(Box::new(hamish::model::Edit::SetSettings {
            settings,
        })));
    h.state_mut()
        .push(Action::OpenGuidelines(Some(hamish::model::LabelId::new(
            "PLACE",
        ))));
    h.run_steps(STEPS);
    assert!(h.query_by_label("Only named places.").is_some());
    assert!(h.query_by_label("GROUP (hotkey 1)").is_none());
    // Undo brings back the file beside the project.
    h.state_mut().push(Action::Undo);
    h.state_mut().push(Action::OpenGuidelines(None));
    h.run_steps(STEPS);
    assert!(h.query_by_label("GROUP (hotkey 1)").is_some());
}

#[test]
fn palette_moves_with_arrows_and_jumps_to_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(sample(dir.path()), 1400.0, 900.0);
    let third = h.state().session.project().documents()[2].clone();
    h.state_mut().push(Action::OpenPalette);
    h.run_steps(2);
    let query = format!(
        "document {}",
        third.title.split_whitespace().next().unwrap()
    );
    h.event(egui::Event::Text(query));
    h.run_steps(2);
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::ArrowUp);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run_steps(STEPS);
    assert!(h.state().work.palette.is_none());
    assert_eq!(h.state().selected.as_ref(), Some(third.id()));
}

/// An event of a document other than the open one, found by its trigger's text: Enter opens
/// that document with the trigger selected.
#[test]
fn palette_jumps_to_an_event_by_its_trigger() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(sample(dir.path()), 1400.0, 900.0);
    hamish::gui::pane::audit_bidi_widgets(&h.ctx);
    let (doc, trigger, text) = {
        let p = h.state().session.project();
        let doc = p
            .documents()
            .iter()
            .rev()
            .find(|d| !d.events().is_empty())
            .expect("the sample has events");
        let event = doc.events().last().unwrap();
        let trigger = doc.span(event.trigger).unwrap();
        (doc.id().clone(), trigger.id, trigger.text().to_owned())
    };
    assert_ne!(h.state().selected.as_ref(), Some(&doc));
    h.state_mut().push(Action::OpenPalette);
    h.run_steps(2);
    h.event(egui::Event::Text(format!("event {text}")));
    h.run_steps(2);
    assert!(h.query_by_label_contains(&format!(": {text} · ")).is_some());
    assert_all_arabic_is_bidi(&h, "palette", 1);
    h.key_press(egui::Key::Enter);
    h.run_steps(STEPS);
    assert!(h.state().work.palette.is_none());
    assert_eq!(h.state().selected.as_ref(), Some(&doc));
    assert_eq!(h.state().selection.span(), Some(trigger));
}
