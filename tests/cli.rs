//! The `hamish` binary as a user runs it: import, validate and stats on files in a temporary
//! folder, including broken inputs. Each test runs the real binary.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn hamish() -> Command {
    Command::cargo_bin("hamish").unwrap()
}

const ARTICLE: &str = "حصار تمبكتو يدخل أسبوعه الثالث\nتمبكتو - قال مسؤول محلي إن جماعة نصرة الإسلام والمسلمين (JNIM) منعت شاحنات الوقود من دخول المدينة منذ 11 أغسطس 2023.\n";

fn write_inputs(dir: &Path) {
    fs::write(dir.join("utf8.txt"), ARTICLE).unwrap();
    fs::write(
        dir.join("bom-crlf.txt"),
        format!(
            "\u{feff}{}",
            "هجوم على قاعدة بامبا\r\nقُتل أكثر من 40 جنديًا.\r\n"
        ),
    )
    .unwrap();
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256
        .encode("انسحاب بعثة الأمم المتحدة من كيدال\nغادرت القوات الأممية المعسكر.\n");
    fs::write(dir.join("windows-1256.txt"), &cp1256).unwrap();
    fs::write(dir.join("empty.txt"), "\n  \n").unwrap();
    fs::write(dir.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
}

#[test]
fn import_a_folder_with_good_and_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).unwrap();
    write_inputs(&inputs);
    let project = dir.path().join("p.hamish.ron");

    hamish()
        .args([
            "import",
            project.to_str().unwrap(),
            inputs.to_str().unwrap(),
            "--annotator",
            "Amina",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("imported 3 document(s)"))
        .stderr(predicate::str::contains("empty.txt").and(predicate::str::contains("image.txt")))
        .stderr(predicate::str::contains("Windows-1256"))
        .stderr(predicate::str::contains("CRLF"));

    let text = fs::read_to_string(&project).unwrap();
    assert!(text.contains("انسحاب بعثة الأمم المتحدة من كيدال"));
    assert!(!text.contains('\r'));
    assert!(text.contains("name: \"Amina\""));

    // Importing the same folder again adds nothing and says why.
    hamish()
        .args([
            "import",
            project.to_str().unwrap(),
            inputs.join("utf8.txt").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 0 document(s)"))
        .stderr(predicate::str::contains("skipped"));

    hamish()
        .args(["validate", project.to_str().unwrap()])
        .assert()
        .success();
    let out = hamish()
        .args(["stats", project.to_str().unwrap(), "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stats: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(stats["documents"], 3);
    assert_eq!(stats["spans"], 0);
    assert_eq!(stats["documents_per_status"]["todo"], 3);
}

#[test]
fn validate_lists_each_problem_with_document_and_span() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sample.hamish.ron");
    fs::write(&project, hamish::assets::SAMPLE_PROJECT).unwrap();
    hamish()
        .args(["validate", project.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("valid"));

    // Edit the covered text of one span by hand, and push another past the end of its text.
    let text = hamish::assets::SAMPLE_PROJECT;
    let loaded = hamish::format::parse_project(text, &project)
        .unwrap()
        .project;
    let span = &loaded.documents()[0].spans()[0];
    let line = text
        .lines()
        .find(|l| l.contains(&format!("(id: {},", span.id)))
        .unwrap();
    let broken_line = line.replacen(&format!("text: {:?}", span.text()), "text: \"نص آخر\"", 1);
    assert_ne!(line, broken_line);
    let broken = text.replacen(line, &broken_line, 1);
    fs::write(&project, &broken).unwrap();
    let before = fs::read(&project).unwrap();
    hamish()
        .args(["validate", project.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("span {}", span.id)))
        .stdout(predicate::str::contains(
            loaded.documents()[0].title.as_str(),
        ))
        .stdout(predicate::str::contains("does not match"));

    // A command that would rewrite the file refuses, and the file is untouched.
    let extra = dir.path().join("extra.txt");
    fs::write(&extra, "خبر جديد عن غاو").unwrap();
    hamish()
        .args(["import", project.to_str().unwrap(), extra.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("problem"));
    assert_eq!(fs::read(&project).unwrap(), before);
}

#[test]
fn broken_files_are_errors_with_place_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let text = hamish::assets::SAMPLE_PROJECT;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "truncated.hamish.ron",
            text.as_bytes()[..text.len() / 3].to_vec(),
        ),
        ("garbage.hamish.ron", b"this is not RON at all".to_vec()),
        (
            "latin1.hamish.ron",
            b"(format: 1, name: \"caf\xe9\")".to_vec(),
        ),
        ("empty.hamish.ron", Vec::new()),
        (
            "newer.hamish.ron",
            text.replacen("format: 2", "format: 7", 1).into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        let assert = hamish()
            .args(["validate", path.to_str().unwrap()])
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(name), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        if name.starts_with("truncated") || name.starts_with("latin1") {
            assert!(
                stderr.contains(&format!("{name}:")) && stderr.matches(':').count() >= 3,
                "line and column for {name}: {stderr}"
            );
        }
    }
    hamish()
        .args([
            "validate",
            dir.path().join("missing.hamish.ron").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.hamish.ron"));
}

#[test]
fn stats_table_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sample.hamish.ron");
    fs::write(&project, hamish::assets::SAMPLE_PROJECT).unwrap();
    hamish()
        .args(["stats", project.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("GROUP").and(predicate::str::contains("documents")));
    hamish().args(["stats"]).assert().code(2);
    hamish().args(["frobnicate", "x"]).assert().code(2);
}

#[test]
fn an_import_whose_every_input_was_refused_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("NEW.hamish.ron");
    hamish()
        .args([
            "import",
            project.to_str().unwrap(),
            dir.path().join("missing.txt").to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 refused").and(predicate::str::contains("not created")))
        .stderr(predicate::str::contains("missing.txt"));
    assert!(
        !project.exists(),
        "no project file for an import that refused everything"
    );
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert!(names.is_empty(), "nothing at all was created: {names:?}");

    // Something imported alongside a refusal: the project is created.
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    hamish()
        .args([
            "import",
            project.to_str().unwrap(),
            dir.path().join("missing.txt").to_str().unwrap(),
            dir.path().join("a.txt").to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("imported 1 document(s)"));
    assert!(project.exists());
}

#[test]
fn a_missing_file_is_reported_with_the_systems_reason_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.hamish.ron");
    let out = hamish()
        .args(["validate", missing.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(stderr.contains("missing.hamish.ron"), "{stderr}");
    let reason = "No such file or directory";
    assert_eq!(stderr.matches(reason).count(), 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn validate_reports_a_dangling_argument_with_document_event_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("small.hamish.ron");
    let ron = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/small.hamish.ron"
    ))
    .unwrap();
    // Event 2's Target points at a span the document does not have, as a hand edit would.
    let broken = ron.replacen(
        "(role: \"Target\", span: 110)",
        "(role: \"Target\", span: 999)",
        1,
    );
    assert_ne!(broken, ron, "the fixture changed; update this test");
    fs::write(&project, broken).unwrap();
    hamish()
        .args(["validate", project.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("../CON"))
        .stdout(predicate::str::contains("event 2"))
        .stdout(predicate::str::contains("refers to span 999"))
        .stderr(predicate::str::contains("1 problem(s) found"));
    // Commands that rely on a valid project refuse it.
    hamish()
        .args([
            "export",
            project.to_str().unwrap(),
            "--format",
            "events-json",
            "--out",
        ])
        .arg(dir.path().join("e.jsonl"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hamish validate"));
}
