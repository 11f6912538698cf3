//! `hamish entities list|add|import|export` run as the real binary on projects in a temporary
//! folder.

use assert_cmd::Command;
use hamish::format::registry::read_registry;
use hamish::format::{load_project, save_project};
use hamish::model::{Annotator, CharRange, Document, Edit, EntityId, LabelId, Project, Timestamp};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const STARTER: &str = "samples/sahel-entities.ron";

fn starter() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(STARTER)
}

/// A project with one document and spans over فاجنر, بوركينافاسو and وتمبكتو's تمبكتو.
fn project_in(dir: &Path) -> PathBuf {
    let now = Timestamp::now();
    let mut p = Project::new("t", Annotator::new("A"));
    let text = "انسحبت قوات فاجنر من بوركينافاسو ثم وصلت وتمبكتو";
    let doc = Document::new("1", "a.txt", text);
    let id = doc.id().clone();
    p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
        .unwrap();
    let chars: Vec<char> = text.chars().collect();
    for (word, label) in [
        ("فاجنر", "GROUP"),
        ("بوركينافاسو", "PLACE"),
        ("تمبكتو", "PLACE"),
    ] {
        let w: Vec<char> = word.chars().collect();
        let at = (0..chars.len())
            .find(|&i| chars[i..].starts_with(&w))
            .unwrap();
        let span = p
            .new_span(
                &id,
                CharRange::new(at, at + w.len()),
                LabelId::new(label),
                &now,
            )
            .unwrap();
        p.apply(
            Edit::AddSpan {
                doc: id.clone(),
                span,
            },
            &now,
        )
        .unwrap();
    }
    let path = dir.join("p.hamish.ron");
    save_project(&path, &p).unwrap();
    path
}

fn hamish() -> Command {
    Command::cargo_bin("hamish").unwrap()
}

fn links(path: &Path) -> Vec<Option<String>> {
    let loaded = load_project(path).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.project.documents()[0]
        .spans()
        .iter()
        .map(|s| s.entity.as_ref().map(|e| e.to_string()))
        .collect()
}

#[test]
fn importing_the_starter_registry_twice_adds_it_once_and_export_writes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    let count = read_registry(&starter()).unwrap().len();
    hamish()
        .args(["entities", "import"])
        .arg(&path)
        .arg(starter())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{count} added, 0 updated, 0 unchanged"
        )));
    hamish()
        .args(["entities", "import"])
        .arg(&path)
        .arg(starter())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "0 added, 0 updated, {count} unchanged"
        )));
    let loaded = load_project(&path).unwrap().project;
    assert_eq!(loaded.entities().len(), count);
    let out = dir.path().join("out.entities.ron");
    hamish()
        .args(["entities", "export"])
        .arg(&path)
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(starter()).unwrap(),
        "a project that imported the starter registry exports it byte for byte"
    );
}

#[test]
fn import_with_link_links_variant_spellings_and_proclitics_and_list_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    hamish()
        .args(["entities", "import", "--dry-run", "--link"])
        .arg(&path)
        .arg(starter())
        .assert()
        .success()
        .stdout(predicate::str::contains("3 span(s) linked"));
    assert_eq!(links(&path), [None, None, None], "dry run writes nothing");
    hamish()
        .args(["entities", "import", "--link"])
        .arg(&path)
        .arg(starter())
        .assert()
        .success();
    assert_eq!(
        links(&path),
        [
            Some("wagner".into()),
            Some("burkina-faso".into()),
            Some("timbuktu".into())
        ]
    );
    hamish()
        .args(["entities", "list", "--kind", "group"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "wagner\tgroup\tWagner Group\tمجموعة فاغنر\t1\t",
        ))
        .stdout(predicate::str::contains("\tplace\t").not());
    let out = hamish()
        .args(["entities", "list", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json.as_array().unwrap();
    let burkina = list.iter().find(|e| e["id"] == "burkina-faso").unwrap();
    assert_eq!(burkina["kind"], "Place");
    assert_eq!(burkina["mentions"], 1);
    assert_eq!(burkina["documents"], 1);
    assert_eq!(burkina["aliases"][0], "بوركينافاسو");
}

#[test]
fn add_makes_an_id_from_the_latin_name_and_refuses_what_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    hamish()
        .args(["entities", "add"])
        .arg(&path)
        .args([
            "--kind",
            "group",
            "--ar",
            "مجموعة فاغنر",
            "--latin",
            "Wagner Group",
        ])
        .args(["--alias", "فاجنر", "--alias", "فاغنر"])
        .assert()
        .success()
        .stdout(predicate::str::contains("added entity wagner-group"));
    let project = load_project(&path).unwrap().project;
    let wagner = project.entity(&EntityId::new("wagner-group")).unwrap();
    assert_eq!(wagner.aliases, ["فاجنر", "فاغنر"]);
    let before = std::fs::read(&path).unwrap();
    // An unknown parent, a parent that is not a group, a nameless entity, a bad kind.
    for args in [
        &["--kind", "group", "--latin", "JNIM", "--parent", "al-qaeda"][..],
        &[
            "--kind",
            "place",
            "--latin",
            "Gao",
            "--parent",
            "wagner-group",
        ][..],
        &["--kind", "place"][..],
    ] {
        hamish()
            .args(["entities", "add"])
            .arg(&path)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("error:"));
    }
    hamish()
        .args(["entities", "add"])
        .arg(&path)
        .args(["--kind", "person", "--latin", "X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("group, place or other"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
}

#[test]
fn a_broken_or_conflicting_registry_is_refused_with_its_file_and_the_project_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    let before = std::fs::read(&path).unwrap();
    let broken = dir.path().join("broken.entities.ron");
    std::fs::write(
        &broken,
        "(format: 1, entities: [(id: \"a\", kind: Group, name_latin: \"A\", parent: Some(\"b\"))])",
    )
    .unwrap();
    hamish()
        .args(["entities", "import"])
        .arg(&path)
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.entities.ron"))
        .stderr(predicate::str::contains("b is not in the registry"));
    let garbled = dir.path().join("garbled.entities.ron");
    std::fs::write(&garbled, "(format: 1, entities: [(id: ").unwrap();
    hamish()
        .args(["entities", "import"])
        .arg(&path)
        .arg(&garbled)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("garbled.entities.ron:1:"));
    // Wagner as a place in the project, a group in the file.
    hamish()
        .args(["entities", "add"])
        .arg(&path)
        .args(["--kind", "place", "--id", "wagner", "--latin", "Wagner"])
        .assert()
        .success();
    let with_place = std::fs::read(&path).unwrap();
    assert_ne!(with_place, before);
    hamish()
        .args(["entities", "import"])
        .arg(&path)
        .arg(starter())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "entity wagner is a group entity in the registry but a place entity in the project",
        ));
    assert_eq!(std::fs::read(&path).unwrap(), with_place);
}

#[test]
fn link_uses_the_registry_the_project_has_and_lists_what_two_entities_share() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    hamish()
        .args(["entities", "import"])
        .arg(&path)
        .arg(starter())
        .assert()
        .success();
    // A second place also written بوركينافاسو: that span is now ambiguous.
    hamish()
        .args(["entities", "add"])
        .arg(&path)
        .args([
            "--kind",
            "place",
            "--id",
            "bf-2",
            "--latin",
            "BF",
            "--alias",
            "بوركينافاسو",
        ])
        .assert()
        .success();
    hamish()
        .args(["entities", "link", "--dry-run"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 span(s) linked"));
    assert_eq!(links(&path), [None, None, None], "dry run writes nothing");
    hamish()
        .args(["entities", "link"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("\tبوركينافاسو\tbf-2,burkina-faso"))
        .stdout(predicate::str::contains("2 span(s) linked"));
    assert_eq!(
        links(&path),
        [Some("wagner".into()), None, Some("timbuktu".into())]
    );
    hamish()
        .args(["entities", "link"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 span(s) linked"));
}

/// Regression: a gold merged from linked files kept its annotators' links without their
/// registry, so it did not validate. Two analysts' copies of the linked sample.
#[test]
fn merging_linked_files_gives_a_gold_with_the_registry_and_the_agreed_links() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sahel.hamish.ron");
    let text = std::fs::read_to_string(&sample).unwrap();
    let a = dir.path().join("a.hamish.ron");
    let b = dir.path().join("b.hamish.ron");
    std::fs::write(&a, &text).unwrap();
    std::fs::write(&b, text.replace("Sample analyst", "Other analyst")).unwrap();
    let gold = dir.path().join("gold.hamish.ron");
    hamish()
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("--out")
        .arg(&gold)
        .args(["--strategy", "agreed"])
        .assert()
        .success();
    let sample = load_project(&sample).unwrap().project;
    let merged = load_project(&gold).unwrap();
    assert!(merged.problems.is_empty(), "{:?}", merged.problems);
    assert_eq!(merged.project.entities(), sample.entities());
    let linked = |p: &Project| {
        p.documents()
            .iter()
            .flat_map(|d| d.spans())
            .filter(|s| s.entity.is_some())
            .count()
    };
    assert_eq!(linked(&merged.project), linked(&sample));
    hamish()
        .arg("agree")
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "entity links on agreed spans: {0} of {0} the same",
            linked(&sample)
        )));
}
