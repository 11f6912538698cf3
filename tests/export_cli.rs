//! The real `hamish export` and `hamish import` binaries on the small fixture project, in a
//! temporary folder: every format written, exit codes, `--force`, filters, verification
//! failures listed with nothing written, and annotated imports with `--map` and bad lines.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/small.hamish.ron"
);

fn hamish() -> Command {
    Command::cargo_bin("hamish").unwrap()
}

fn fixture_in(dir: &Path) -> PathBuf {
    let p = dir.join("small.hamish.ron");
    std::fs::copy(FIXTURE, &p).unwrap();
    p
}

#[test]
fn exports_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture_in(dir.path());
    for format in [
        "conll",
        "spacy",
        "hf",
        "doccano",
        "brat",
        "labelstudio",
        "csv",
        "events-json",
        "events-csv",
        "events-table-json",
    ] {
        let out = dir.path().join(format!("out-{format}"));
        hamish()
            .args(["export"])
            .arg(&project)
            .args(["--format", format, "--out"])
            .arg(&out)
            .assert()
            .success()
            .stdout(predicate::str::contains("3 document(s) and 13 span(s)"));
        assert!(out.exists(), "{format}");
    }
    let brat = dir.path().join("out-brat");
    for name in ["annotation.conf", "visual.conf", "_CON.txt", "_CON.ann"] {
        assert!(brat.join(name).is_file(), "{name}");
    }
    let visual = std::fs::read_to_string(brat.join("visual.conf")).unwrap();
    assert!(visual.contains("GROUP\tbgColor:#e69f00"));
    let labels = std::fs::read_to_string(dir.path().join("out-hf/labels.json")).unwrap();
    assert!(labels.contains("\"B-PLACE\""));
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture_in(dir.path());
    let out = dir.path().join("x.jsonl");
    std::fs::write(&out, "keep me").unwrap();
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "doccano", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "doccano", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"label\""));
}

#[test]
fn filters_and_notices() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture_in(dir.path());
    let out = dir.path().join("x.conll");
    hamish()
        .arg("export")
        .arg(&project)
        .args([
            "--format",
            "conll",
            "--labels",
            "PLACE,EVENT",
            "--status",
            "done",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 document(s) and 7 span(s)"))
        .stderr(predicate::str::contains("1 nested or overlapping span(s)"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("GROUP"));
    assert_eq!(text.matches("-DOCSTART-").count(), 2);
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "csv", "--labels", "NOPE", "--out"])
        .arg(dir.path().join("y.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("NOPE"));
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "csv", "--status", "later", "--out"])
        .arg(dir.path().join("y.csv"))
        .assert()
        .code(2);
}

#[test]
fn verification_failure_lists_problems_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A span that starts on a space: valid in the project, impossible in a token format.
    let ron = std::fs::read_to_string(FIXTURE).unwrap();
    let project = dir.path().join("bad.hamish.ron");
    let patched = ron.replacen(
        "start: 6, end: 34, text: \"جماعة",
        "start: 5, end: 34, text: \" جماعة",
        1,
    );
    assert_ne!(patched, ron, "the fixture changed; update this test");
    std::fs::write(&project, patched).unwrap();
    hamish().arg("validate").arg(&project).assert().success();
    let out = dir.path().join("x.conll");
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "conll", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("whitespace"))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(!out.exists());
}

#[test]
fn imports_exports_back_with_map_and_reports_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture_in(dir.path());
    let jsonl = dir.path().join("d.jsonl");
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "doccano", "--out"])
        .arg(&jsonl)
        .assert()
        .success();
    let mut content = std::fs::read_to_string(&jsonl).unwrap();
    content = content.replace("\"GROUP\"", "\"ORG\"");
    content.push_str("{not json\n");
    content.push_str("{\"text\": \"في غاو\", \"label\": [[3, 6, \"LOC\"], [5, 99, \"LOC\"]]}\n");
    std::fs::write(&jsonl, content).unwrap();
    let target = dir.path().join("new.hamish.ron");
    hamish()
        .arg("import")
        .arg(&target)
        .arg(&jsonl)
        .args(["--map", "LOC=PLACE"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("4 document(s) and 14 span(s)"))
        .stderr(predicate::str::contains("d.jsonl:4: not JSON"))
        .stderr(predicate::str::contains("d.jsonl:5: span 5..99"))
        .stderr(predicate::str::contains(
            "label \"ORG\" is not in the schema: added",
        ));
    hamish()
        .args(["stats", "--json"])
        .arg(&target)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"ORG\": 4"))
        .stdout(predicate::str::contains("\"PLACE\": 6"));
}

#[test]
fn imports_brat_labelstudio_and_conll_and_keeps_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture_in(dir.path());
    for (format, out) in [
        ("brat", "b"),
        ("labelstudio", "ls.json"),
        ("conll", "c.conll"),
    ] {
        hamish()
            .arg("export")
            .arg(&project)
            .args(["--format", format, "--out"])
            .arg(dir.path().join(out))
            .assert()
            .success();
    }
    let txt = dir.path().join("plain.txt");
    std::fs::write(&txt, "عنوان\nنص عادي").unwrap();
    let target = dir.path().join("all.hamish.ron");
    hamish()
        .arg("import")
        .arg(&target)
        .arg(dir.path().join("b"))
        .arg(dir.path().join("ls.json"))
        .arg(dir.path().join("c.conll"))
        .arg(&txt)
        .assert()
        .success()
        // brat and Label Studio give the same 3 texts (13 spans, counted once); CoNLL's texts
        // are rebuilt from tokens, so 3 more documents with the 11 outermost spans.
        .stdout(predicate::str::contains("7 document(s) and 24 span(s)"));
    hamish().arg("validate").arg(&target).assert().success();
}

#[test]
fn event_exports_list_what_they_leave_out_and_span_formats_count_frames() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture_in(dir.path());
    let out = dir.path().join("events.jsonl");
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "events-json", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "notice: 1 event argument(s) in another sentence than their trigger",
        ))
        .stderr(predicate::str::contains("event 2, role Target: \"مُسَلَّحُون\""));
    let lines = std::fs::read_to_string(&out).unwrap();
    assert_eq!(lines.matches("\"event_type\"").count(), 3);
    let csv = dir.path().join("events.csv");
    hamish()
        .arg("export")
        .arg(&project)
        .args(["--format", "events-csv", "--out"])
        .arg(&csv)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 event(s) dated only to a year"));
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(table.starts_with("event_id_cnty,event_date,"));
    for format in ["conll", "hf", "spacy", "csv"] {
        hamish()
            .arg("export")
            .arg(&project)
            .args(["--format", format, "--out"])
            .arg(dir.path().join(format!("x-{format}")))
            .assert()
            .success()
            .stderr(predicate::str::contains(format!(
                "3 events and 1 relation are not in {format}"
            )));
    }
}

#[test]
fn stats_count_events_relations_roles_and_incomplete_frames() {
    let dir = tempfile::tempdir().unwrap();
    let project = fixture_in(dir.path());
    // Make Actor required for "other": event 3 (a siege with only a place) is then incomplete.
    let ron = std::fs::read_to_string(&project).unwrap();
    let at = ron.find("id: \"other\"").unwrap();
    let (before, after) = ron.split_at(at);
    let after = after.replacen("cardinality: Many", "cardinality: OneOrMore", 1);
    std::fs::write(&project, format!("{before}{after}")).unwrap();
    let out = hamish()
        .args(["stats", "--json"])
        .arg(&project)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stats: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(stats["events"], 3);
    assert_eq!(stats["events_per_type"]["armed_clash"], 1);
    assert_eq!(stats["relations"], 1);
    assert_eq!(stats["relations_per_type"]["allied_with"], 1);
    assert_eq!(stats["arguments_per_role"]["Place"], 4);
    assert_eq!(stats["arguments_per_role"]["Actor"], 3);
    assert_eq!(stats["arguments_per_role"]["Target"], 1);
    let incomplete = stats["incomplete_events"].as_array().unwrap();
    assert_eq!(incomplete.len(), 1);
    assert_eq!(incomplete[0]["event"], 3);
    assert_eq!(incomplete[0]["missing_roles"][0], "Actor");
    hamish()
        .arg("stats")
        .arg(&project)
        .assert()
        .success()
        .stdout(predicate::str::contains("events      3"))
        .stdout(predicate::str::contains("relations   1"))
        .stdout(predicate::str::contains("incomplete  1"))
        .stdout(predicate::str::contains("event 3 other: missing Actor"));
}
