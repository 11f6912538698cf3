//! `hamish annotate` run as the real binary on projects in a temporary folder.

use assert_cmd::Command;
use hamish::format::{load_project, save_project};
use hamish::model::{Annotator, Document, Edit, Project, Timestamp};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn project_in(dir: &Path) -> PathBuf {
    let mut p = Project::new("t", Annotator::new("A"));
    let docs = vec![
        Document::new(
            "1",
            "a.txt",
            "هاجمت جماعة نصرة الإسلام بلدة تمبكتو، ثم انسحبت من وتُمبُكتو.",
        ),
        Document::new(
            "2",
            "b.txt",
            "قالت نصرة الإسلام إن مقاتليها في بمالي وبتمبكتو.",
        ),
        Document::new("3", "c.txt", "اجتمعت الحكومة في باماكو."),
    ];
    p.apply(Edit::AddDocuments { docs }, &Timestamp::now())
        .unwrap();
    let path = dir.join("p.hamish.ron");
    save_project(&path, &p).unwrap();
    path
}

fn hamish() -> Command {
    Command::cargo_bin("hamish").unwrap()
}

#[test]
fn annotates_a_surface_in_all_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    hamish()
        .args(["annotate"])
        .arg(&path)
        .args(["--label", "PLACE", "--text", "تمبكتو"])
        .assert()
        .success()
        .stdout(predicate::str::contains("PLACE\t3"))
        .stdout(predicate::str::contains("added 3 span(s)"));
    let loaded = load_project(&path).unwrap();
    assert!(loaded.problems.is_empty());
    let texts: Vec<String> = loaded
        .project
        .documents()
        .iter()
        .flat_map(|d| d.spans().iter().map(|s| s.text().to_owned()))
        .collect();
    assert_eq!(texts, ["تمبكتو", "تُمبُكتو", "تمبكتو"]);
    // Again: nothing new, no duplicates.
    hamish()
        .args(["annotate"])
        .arg(&path)
        .args(["--label", "PLACE", "--text", "تمبكتو"])
        .assert()
        .success()
        .stdout(predicate::str::contains("added 0 span(s)"));
    assert_eq!(load_project(&path).unwrap().project.span_count(), 3);
}

#[test]
fn gazetteer_counts_per_label_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    let gaz = dir.path().join("g.tsv");
    std::fs::write(
        &gaz,
        "# surface\tlabel\nنصرة الإسلام\tGROUP\nجماعة نصرة الإسلام\tGROUP\nمالي\tPLACE\nباماكو\tPLACE\n",
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    hamish()
        .arg("annotate")
        .arg(&path)
        .arg("--gazetteer")
        .arg(&gaz)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains("GROUP\t2"))
        .stdout(predicate::str::contains("PLACE\t2"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    hamish()
        .arg("annotate")
        .arg(&path)
        .arg("--gazetteer")
        .arg(&gaz)
        .assert()
        .success()
        .stdout(predicate::str::contains("added 4 span(s)"));
    let p = load_project(&path).unwrap().project;
    let first: Vec<&str> = p.documents()[0].spans().iter().map(|s| s.text()).collect();
    assert_eq!(first, ["جماعة نصرة الإسلام"]);
    let second: Vec<&str> = p.documents()[1].spans().iter().map(|s| s.text()).collect();
    assert_eq!(second, ["نصرة الإسلام", "مالي"]);
}

#[test]
fn bad_input_exits_2_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_in(dir.path());
    let before = std::fs::read(&path).unwrap();
    hamish()
        .arg("annotate")
        .arg(&path)
        .args(["--label", "NOPE", "--text", "مالي"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not in the schema"));
    let gaz = dir.path().join("g.tsv");
    std::fs::write(&gaz, "مالي PLACE\n").unwrap();
    hamish()
        .arg("annotate")
        .arg(&path)
        .arg("--gazetteer")
        .arg(&gaz)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 1"));
    hamish().arg("annotate").arg(&path).assert().code(2);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn ambiguous_occurrences_are_listed_and_added_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::new("t", Annotator::new("A"));
    let docs = vec![Document::new(
        "1",
        "ber.txt",
        "اندلعت اشتباكات في بير ثم وبير، وهو تطور كبير.",
    )];
    p.apply(Edit::AddDocuments { docs }, &Timestamp::now())
        .unwrap();
    let path = dir.path().join("p.hamish.ron");
    save_project(&path, &p).unwrap();
    let gaz = dir.path().join("g.tsv");
    std::fs::write(&gaz, "بير\tPLACE\n").unwrap();
    hamish()
        .arg("annotate")
        .arg(&path)
        .arg("--gazetteer")
        .arg(&gaz)
        .assert()
        .success()
        .stdout(predicate::str::contains("PLACE\t2"))
        .stdout(predicate::str::contains(
            "ambiguous\tPLACE\tبير\tber.txt\t42..45\tكبير\tlisted",
        ))
        .stdout(predicate::str::contains("1 ambiguous occurrence(s) listed"));
    assert_eq!(load_project(&path).unwrap().project.span_count(), 2);
    hamish()
        .arg("annotate")
        .arg(&path)
        .arg("--gazetteer")
        .arg(&gaz)
        .arg("--include-ambiguous")
        .assert()
        .success()
        .stdout(predicate::str::contains("PLACE\t1"))
        .stdout(predicate::str::contains("كبير\tadded"));
    assert_eq!(load_project(&path).unwrap().project.span_count(), 3);
}
