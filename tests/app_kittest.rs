//! The GUI skeleton driven through AccessKit: open the sample, pick a document, save as a new
//! file through the typed-path dialog, see the modified marker come and go.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamish::gui::{Action, HamishApp};
use hamish::model::{DocStatus, Edit};
use std::path::PathBuf;

fn harness(path: PathBuf) -> Harness<'static, HamishApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 700.0))
        .build_eframe(move |cc| {
            let mut app = HamishApp::new(cc, Some(path));
            app.prefs.typed_paths = true;
            app
        });
    harness.run();
    harness
}

#[test]
fn open_select_save_as() {
    let dir = tempfile::tempdir().unwrap();
    let path = hamish::assets::sample_copy_in(dir.path()).unwrap();
    let mut harness = harness(path);
    let project = &harness.state().session.project();
    assert_eq!(project.documents().len(), 5);
    let second = project.documents()[1].clone();
    assert!(!harness.state().session.is_modified());

    // The document list shows every document; clicking one selects it.
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Button,
            &format!(
                "{}  ·  {} spans  ·  {}",
                second.title,
                second.spans().len(),
                second.status.name()
            ),
        )
        .click();
    harness.run();
    assert_eq!(harness.state().selected.as_ref(), Some(second.id()));

    // An edit marks the project modified.
    harness
        .state_mut()
        .push(Action::Edit(Box::new(Edit::SetStatus {
            doc: second.id().clone(),
            status: DocStatus::Done,
        })));
    harness.run();
    assert!(harness.state().session.is_modified());
    assert!(harness.query_by_label("● modified").is_some());

    // File ▸ Save as… with a typed path writes the new file and clears the marker.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Save as…").click();
    harness.run();
    let target = dir.path().join("copy.hamish.ron");
    let path_field = || egui::accesskit::Role::TextInput; // the field, not its label
    harness.get_by_role_and_label(path_field(), "Path:").click();
    harness.run();
    harness
        .get_by_role_and_label(path_field(), "Path:")
        .type_text(target.to_str().unwrap());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
    assert!(target.exists(), "saved through the dialog");
    assert!(!harness.state().session.is_modified());
    assert!(harness.query_by_label("● modified").is_none());
    let saved = hamish::format::load_project(&target).unwrap().project;
    assert_eq!(saved.document(second.id()).unwrap().status, DocStatus::Done);

    // Undo returns to a state that differs from the saved one.
    harness.state_mut().push(Action::Undo);
    harness.run();
    assert!(harness.state().session.is_modified());
}

#[test]
fn a_damaged_file_opens_read_only_and_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.hamish.ron");
    let text =
        hamish::assets::SAMPLE_PROJECT.replacen("start: 0, end: 11,", "start: 0, end: 12,", 1);
    std::fs::write(&path, &text).unwrap();
    let mut harness = harness(path.clone());
    assert!(harness.state().session.is_read_only());
    assert!(
        harness
            .query_by_label("This project has problems")
            .is_some()
    );
    harness.state_mut().push(Action::Save);
    harness.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn file_export_runs_in_the_background_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = hamish::assets::sample_copy_in(dir.path()).unwrap();
    let mut harness = harness(path);
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label_contains("Export training data…")
        .click();
    harness.run();
    harness.get_by_label("labelstudio").click();
    harness.run();
    let out = dir.path().join("tasks.json");
    let field = || egui::accesskit::Role::TextInput;
    harness
        .get_by_role_and_label(field(), "Output file:")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(field(), "Output file:")
        .type_text(out.to_str().unwrap());
    harness.run();
    harness.get_by_label("Export").click();
    for _ in 0..200 {
        harness.step();
        if harness.query_by_label("Export finished").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        harness.query_by_label("Export finished").is_some(),
        "{}",
        harness.state().status
    );
    let tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(tasks.as_array().unwrap().len(), 5);
}
