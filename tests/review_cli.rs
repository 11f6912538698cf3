//! The review subcommands run as the real binary: `agree`, `merge`, `diff` and `merge-driver`,
//! the latter inside real git repositories.

use assert_cmd::Command;
use hamish::format::{load_project, save_project};
use hamish::model::{
    Annotator, AnnotatorId, Argument, AttrValue, AttributeId, CharRange, DocStatus, Document, Edit,
    Event, EventId, EventTypeId, LabelId, PartialDate, Project, Quantity, RoleId, SpanId,
    Timestamp,
};
use std::path::{Path, PathBuf};

const D0: &str =
    "أعلنت جماعة نصرة الإسلام والمسلمين مسؤوليتها عن هجوم على قاعدة الجيش المالي قرب بوريم وتمبكتو.";
const D1: &str =
    "اندلعت اشتباكات بين الجيش ومقاتلي أزواد قرب ميناكا، وفرضت الجماعة حصارا على ليري.";
const D2: &str = "قالت مصادر محلية إن الهدوء عاد إلى غاو.";

/// The char range of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> CharRange {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {text}"));
    let start = text[..byte].chars().count();
    CharRange::new(start, start + needle.chars().count())
}

/// A project of `name` on the given texts, with spans `(doc, covered text, label)`.
fn project(name: &str, texts: &[&str], spans: &[(usize, &str, &str)]) -> Project {
    let mut p = Project::new("sahel", Annotator::new(name));
    p.annotator.id = AnnotatorId(format!("a-{name}"));
    let now = Timestamp("2026-11-20T09:00:00Z".into());
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("article {}", i + 1), format!("{i}.txt"), *t))
        .collect();
    p.apply(Edit::AddDocuments { docs }, &now).unwrap();
    for (k, &(d, needle, label)) in spans.iter().enumerate() {
        let id = p.documents()[d].id().clone();
        let range = find(texts[d], needle);
        let mut span = p.new_span(&id, range, LabelId::new(label), &now).unwrap();
        // Deterministic ids: annotator initial and position, as if typed in.
        span.id = SpanId(u64::from(name.as_bytes()[0]) * 1000 + k as u64);
        p.apply(Edit::AddSpan { doc: id, span }, &now).unwrap();
    }
    p
}

fn amina() -> Project {
    project(
        "Amina",
        &[D0, D1, D2],
        &[
            (0, "جماعة نصرة الإسلام والمسلمين", "GROUP"),
            (0, "هجوم", "EVENT"),
            (0, "الجيش المالي", "GROUP"),
            (0, "بوريم", "PLACE"),
            (0, "وتمبكتو", "PLACE"),
            (1, "اشتباكات", "EVENT"),
            (1, "أزواد", "GROUP"),
            (1, "ميناكا", "PLACE"),
            (1, "حصارا", "EVENT"),
            (1, "ليري", "PLACE"),
            (2, "غاو", "PLACE"),
        ],
    )
}

fn yusuf() -> Project {
    project(
        "Yusuf",
        &[D0, D1],
        &[
            (0, "جماعة نصرة الإسلام والمسلمين", "GROUP"),
            (0, "الجيش المالي", "GROUP"),
            (0, "بوريم", "PLACE"),
            (0, "تمبكتو", "PLACE"),
            (1, "اشتباكات", "EVENT"),
            (1, "أزواد", "PLACE"),
            (1, "ميناكا", "PLACE"),
            (1, "الجماعة", "GROUP"),
            (1, "حصارا", "EVENT"),
            (1, "ليري", "PLACE"),
        ],
    )
}

fn salma() -> Project {
    project(
        "Salma",
        &[D0, D1],
        &[
            (0, "جماعة نصرة الإسلام والمسلمين", "GROUP"),
            (0, "هجوم", "EVENT"),
            (0, "الجيش المالي", "GROUP"),
            (0, "بوريم", "PLACE"),
            (0, "تمبكتو", "PLACE"),
            (1, "اشتباكات", "EVENT"),
            (1, "أزواد", "GROUP"),
            (1, "ميناكا", "PLACE"),
            (1, "حصارا", "EVENT"),
            (1, "ليري", "PLACE"),
        ],
    )
}

fn write(dir: &Path, file: &str, p: &Project) -> PathBuf {
    let path = dir.join(file);
    save_project(&path, p).unwrap();
    path
}

fn hamish() -> Command {
    Command::cargo_bin("hamish").unwrap()
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn agree_reports_pairwise_f1_kappa_and_alpha() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    let b = write(dir.path(), "yusuf.hamish.ron", &yusuf());
    let json: serde_json::Value =
        serde_json::from_str(&stdout(hamish().args(["agree", "--json"]).arg(&a).arg(&b))).unwrap();
    assert_eq!(json["annotators"], serde_json::json!(["Amina", "Yusuf"]));
    assert_eq!(json["documents"], 3);
    assert_eq!(json["documents_compared"], 2);
    let pair = &json["pairs"][0];
    // Exact: 3 of D0 (group, army, بوريم) + 4 of D1 = 7 matches of 10 and 10 spans: F1 0.7.
    assert_eq!(pair["exact"]["overall"]["matched"], 7);
    assert_eq!(pair["exact"]["overall"]["f1"], 0.7);
    // Overlap also pairs وتمبكتو with تمبكتو: 8 matches, F1 0.8.
    assert_eq!(pair["overlap"]["overall"]["f1"], 0.8);
    assert_eq!(pair["exact"]["per_label"]["EVENT"]["recall"], 0.6667);
    let kappa = pair["kappa"].as_f64().unwrap();
    let alpha = json["alpha"].as_f64().unwrap();
    assert!(kappa > 0.5 && kappa < 1.0, "{kappa}");
    // With two coders on the same tokens, nominal alpha stays close to kappa (alpha corrects
    // Scott's pi for sample size; pi and kappa differ only by how chance is estimated).
    assert!((alpha - kappa).abs() < 0.02, "{alpha} {kappa}");
    assert_eq!(
        json["documents_not_in_all_files"][0]["missing_from"][0],
        "Yusuf"
    );
    assert_eq!(json["confusion"]["labels"][0], "O");
    // Unitizing alpha: one value per label of the F1 summary, same order, and overall; the
    // boundaries differ somewhere (وتمبكتو / تمبكتو), so not all agree perfectly.
    let unitizing = &json["unitizing"];
    assert_eq!(unitizing["unit"], "character (Unicode scalar value)");
    let labels: Vec<&serde_json::Value> = json["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["label"])
        .collect();
    let per_label = unitizing["per_label"].as_array().unwrap();
    assert_eq!(
        per_label.iter().map(|l| &l["label"]).collect::<Vec<_>>(),
        labels
    );
    let values: Vec<f64> = per_label
        .iter()
        .filter_map(|l| l["alpha_u"].as_f64())
        .collect();
    assert!(values.iter().all(|&v| v <= 1.0), "{values:?}");
    assert!(values.iter().any(|&v| v < 1.0), "{values:?}");
    let overall = unitizing["overall"].as_f64().unwrap();
    assert!(overall < 1.0, "{overall}");
    assert!(
        json["measures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["measure"] == "unitizing alpha (αu)")
    );
}

#[test]
fn agree_gamma_is_seeded_per_document_and_can_be_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    let b = write(dir.path(), "yusuf.hamish.ron", &yusuf());
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut cmd = hamish();
        cmd.args(["agree", "--json"]).args(extra).arg(&a).arg(&b);
        serde_json::from_str(&stdout(&mut cmd)).unwrap()
    };
    let json = run(&["--gamma-samples", "20", "--gamma-seed", "5"]);
    let gamma = &json["gamma"];
    assert_eq!(gamma["samples"], 20);
    assert_eq!(gamma["seed"], 5);
    // Two documents both have; each is measured, and its row carries the same γ.
    let per_document = gamma["per_document"].as_array().unwrap();
    assert_eq!(per_document.len(), 2);
    for d in per_document {
        let row = json["per_document"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == d["id"])
            .unwrap();
        assert_eq!(row["gamma"], d["gamma"]);
        let g = d["gamma"].as_f64().unwrap();
        assert!(g <= 1.0, "{g}");
    }
    // The boundaries differ somewhere, so some disorder is observed.
    assert!(gamma["observed_disorder"].as_f64().unwrap() > 0.0);
    // The same seed repeats; another seed moves only the sampled part.
    assert_eq!(
        run(&["--gamma-samples", "20", "--gamma-seed", "5"])["gamma"],
        *gamma
    );
    let other = run(&["--gamma-samples", "20", "--gamma-seed", "6"]);
    assert_eq!(
        other["gamma"]["observed_disorder"],
        gamma["observed_disorder"]
    );
    assert_ne!(
        other["gamma"]["expected_disorder"],
        gamma["expected_disorder"]
    );
    let without = run(&["--gamma-samples", "0"]);
    assert!(without["gamma"].is_null());
    assert!(without["per_document"][0]["gamma"].is_null());
}

#[test]
fn agree_text_report_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    let b = write(dir.path(), "yusuf.hamish.ron", &yusuf());
    let c = write(dir.path(), "salma.hamish.ron", &salma());
    let text = stdout(hamish().arg("agree").arg(&a).arg(&b).arg(&c));
    insta::assert_snapshot!("agree_three_annotators", text);
}

#[test]
fn agree_needs_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    hamish().arg("agree").arg(&a).assert().code(2);
}

#[test]
fn merge_agreed_writes_gold_with_provenance_and_conflicts_json() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    let b = write(dir.path(), "yusuf.hamish.ron", &yusuf());
    let gold = dir.path().join("gold.hamish.ron");
    let conflicts = dir.path().join("conflicts.json");
    let out = stdout(
        hamish()
            .arg("merge")
            .arg(&a)
            .arg(&b)
            .arg("--out")
            .arg(&gold)
            .args(["--strategy", "agreed", "--conflicts"])
            .arg(&conflicts),
    );
    assert!(out.contains("4 conflict(s) left"), "{out}");
    assert!(out.contains("missing from Yusuf"), "{out}");
    let loaded = load_project(&gold).unwrap();
    assert!(loaded.problems.is_empty());
    let g = loaded.project;
    assert_eq!(g.documents().len(), 3);
    // Agreed by both: 3 in D0 and 4 in D1; D2 (only Amina) has one annotator, who agrees with
    // herself, so غاو is taken.
    assert_eq!(g.span_count(), 8);
    let prov = g.documents()[0].spans()[0].provenance.as_ref().unwrap();
    assert_eq!(prov.annotators, ["Amina", "Yusuf"]);
    assert_eq!(prov.decided_by, "auto:agreed");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&conflicts).unwrap()).unwrap();
    let kinds: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "only some",
            "boundary conflict",
            "label conflict",
            "only some"
        ]
    );
    assert_eq!(json[1]["versions"][0]["text"], "وتمبكتو");
    assert_eq!(json[0]["without_span"][0], "Yusuf");
}

#[test]
fn merge_majority_of_three_with_csv_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    let b = write(dir.path(), "yusuf.hamish.ron", &yusuf());
    let c = write(dir.path(), "salma.hamish.ron", &salma());
    let gold = dir.path().join("gold.hamish.ron");
    let conflicts = dir.path().join("conflicts.csv");
    stdout(
        hamish()
            .arg("merge")
            .args([&a, &b, &c])
            .arg("--out")
            .arg(&gold)
            .args([
                "--strategy",
                "majority",
                "--adjudicator",
                "Hawa",
                "--conflicts",
            ])
            .arg(&conflicts),
    );
    let g = load_project(&gold).unwrap().project;
    assert_eq!(g.annotator.name, "Hawa");
    let d0: Vec<&str> = g.documents()[0].spans().iter().map(|s| s.text()).collect();
    // هجوم: 2 of 3; تمبكتو without و: 2 of 3.
    assert_eq!(
        d0,
        [
            "جماعة نصرة الإسلام والمسلمين",
            "هجوم",
            "الجيش المالي",
            "بوريم",
            "تمبكتو"
        ]
    );
    let azawad = g.documents()[1]
        .spans()
        .iter()
        .find(|s| s.text() == "أزواد")
        .unwrap();
    assert_eq!(azawad.label.as_str(), "GROUP");
    assert_eq!(
        azawad.provenance.as_ref().unwrap().annotators,
        ["Amina", "Salma"]
    );
    // Yusuf's lone الجماعة is outvoted: nothing is left to decide.
    assert!(
        !g.documents()[1]
            .spans()
            .iter()
            .any(|s| s.text() == "الجماعة")
    );
    let csv = std::fs::read_to_string(&conflicts).unwrap();
    assert_eq!(csv.lines().count(), 1, "{csv}");
    assert!(csv.starts_with("document,title,kind,"));
}

#[test]
fn merge_refuses_unknown_conflict_extension() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    let b = write(dir.path(), "yusuf.hamish.ron", &yusuf());
    hamish()
        .arg("merge")
        .args([&a, &b])
        .args(["--out", "g.hamish.ron", "--conflicts", "c.txt"])
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".json or .csv"));
    assert!(!dir.path().join("g.hamish.ron").exists());
}

#[test]
fn diff_gold_against_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "amina.hamish.ron", &amina());
    let b = write(dir.path(), "yusuf.hamish.ron", &yusuf());
    let c = write(dir.path(), "salma.hamish.ron", &salma());
    let gold = dir.path().join("gold.hamish.ron");
    stdout(
        hamish()
            .arg("merge")
            .args([&a, &b, &c])
            .arg("--out")
            .arg(&gold)
            .args(["--strategy", "majority"]),
    );
    let text = stdout(hamish().arg("diff").arg(&gold).arg(&b));
    insta::assert_snapshot!("diff_gold_yusuf", text);
    let json: serde_json::Value = serde_json::from_str(&stdout(
        hamish().arg("diff").arg(&gold).arg(&b).arg("--json"),
    ))
    .unwrap();
    assert_eq!(json["annotator"], "Yusuf");
    let per = &json["per_label"];
    assert_eq!(per["EVENT"]["added"], 1);
    assert_eq!(per["GROUP"]["removed"], 1);
    assert_eq!(per["GROUP"]["relabelled"], 1);
    assert_eq!(json["not_in_annotator"].as_array().unwrap().len(), 1);
    let a_diff: serde_json::Value = serde_json::from_str(&stdout(
        hamish().arg("diff").arg(&gold).arg(&a).arg("--json"),
    ))
    .unwrap();
    let resized = a_diff["documents"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "resized")
        .unwrap();
    assert_eq!(resized["from_text"], "وتمبكتو");
    assert_eq!(resized["text"], "تمبكتو");
}

// ---- git ----

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository with the unlabelled project committed on `main` and two branches.
fn shared_repo() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let base = project("team", &[D0, D1, D2], &[]);
    git_ok(dir.path(), &["init", "-q"]);
    write(dir.path(), "sahel.hamish.ron", &base);
    git_ok(dir.path(), &["add", "."]);
    git_ok(dir.path(), &["commit", "-qm", "unlabelled articles"]);
    (dir, base)
}

fn label(p: &mut Project, doc: usize, needle: &str, label: &str, id: u64) {
    let text = p.documents()[doc].text().to_owned();
    let did = p.documents()[doc].id().clone();
    let now = Timestamp("2026-11-21T12:00:00Z".into());
    let mut span = p
        .new_span(&did, find(&text, needle), LabelId::new(label), &now)
        .unwrap();
    span.id = SpanId(id);
    p.apply(
        Edit::AddSpan {
            doc: did.clone(),
            span,
        },
        &now,
    )
    .unwrap();
    p.apply(
        Edit::SetStatus {
            doc: did,
            status: DocStatus::Done,
        },
        &now,
    )
    .unwrap();
}

fn commit_on(dir: &Path, branch: &str, from: &str, p: &Project) {
    git_ok(dir, &["checkout", "-q", "-b", branch, from]);
    write(dir, "sahel.hamish.ron", p);
    git_ok(dir, &["commit", "-qam", &format!("{branch} labels")]);
}

#[test]
fn git_merges_analysts_who_labelled_different_documents_without_markers() {
    let (dir, base) = shared_repo();
    let mut one = base.clone();
    label(&mut one, 0, "جماعة نصرة الإسلام والمسلمين", "GROUP", 11);
    label(&mut one, 0, "بوريم", "PLACE", 12);
    let mut two = base.clone();
    label(&mut two, 1, "ميناكا", "PLACE", 21);
    commit_on(dir.path(), "amina", "main", &one);
    commit_on(dir.path(), "yusuf", "main", &two);
    git_ok(dir.path(), &["checkout", "-q", "amina"]);
    // Plain git, no driver: the two documents' changes are in different lines of the file.
    git_ok(dir.path(), &["merge", "-q", "--no-edit", "yusuf"]);
    let text = std::fs::read_to_string(dir.path().join("sahel.hamish.ron")).unwrap();
    assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"));
    let loaded = load_project(&dir.path().join("sahel.hamish.ron")).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.project.documents()[0].spans().len(), 2);
    assert_eq!(loaded.project.documents()[1].spans()[0].text(), "ميناكا");
}

#[test]
fn git_merge_driver_resolves_edits_to_the_same_document() {
    let (dir, base) = shared_repo();
    let mut one = base.clone();
    label(&mut one, 0, "جماعة نصرة الإسلام والمسلمين", "GROUP", 11);
    let mut two = base.clone();
    label(&mut two, 0, "بوريم", "PLACE", 21);
    label(&mut two, 0, "هجوم", "EVENT", 22);
    commit_on(dir.path(), "amina", "main", &one);
    commit_on(dir.path(), "yusuf", "main", &two);
    git_ok(dir.path(), &["checkout", "-q", "amina"]);
    // Without the driver, both sides rewrote `spans: []` of the same document: a text conflict.
    let plain = git(dir.path(), &["merge", "-q", "--no-edit", "yusuf"]);
    assert!(!plain.status.success());
    git_ok(dir.path(), &["merge", "--abort"]);
    // The two lines of configuration from the README ("Merging project files in git").
    let exe = assert_cmd::cargo::cargo_bin("hamish");
    let driver = format!("'{}' merge-driver %O %A %B", exe.display());
    git_ok(dir.path(), &["config", "merge.hamish.driver", &driver]);
    std::fs::write(
        dir.path().join(".gitattributes"),
        "*.hamish.ron merge=hamish\n",
    )
    .unwrap();
    git_ok(dir.path(), &["merge", "-q", "--no-edit", "yusuf"]);
    let loaded = load_project(&dir.path().join("sahel.hamish.ron")).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let texts: Vec<&str> = loaded.project.documents()[0]
        .spans()
        .iter()
        .map(|s| s.text())
        .collect();
    assert_eq!(texts, ["جماعة نصرة الإسلام والمسلمين", "هجوم", "بوريم"]);
}

#[test]
fn git_merge_driver_stops_on_a_real_conflict() {
    let (dir, base) = shared_repo();
    let mut start = base.clone();
    label(&mut start, 1, "أزواد", "GROUP", 31);
    git_ok(dir.path(), &["checkout", "-q", "-b", "labelled"]);
    write(dir.path(), "sahel.hamish.ron", &start);
    git_ok(dir.path(), &["commit", "-qam", "azawad"]);
    let relabel = |p: &Project, label: &str| {
        let mut p = p.clone();
        let doc = p.documents()[1].id().clone();
        let span = p.documents()[1].spans()[0].id;
        let label = LabelId::new(label);
        p.apply(Edit::Relabel { doc, span, label }, &Timestamp::now())
            .unwrap();
        p
    };
    let one = relabel(&start, "PLACE");
    let two = relabel(&start, "EVENT");
    commit_on(dir.path(), "amina", "labelled", &one);
    commit_on(dir.path(), "yusuf", "labelled", &two);
    git_ok(dir.path(), &["checkout", "-q", "amina"]);
    let exe = assert_cmd::cargo::cargo_bin("hamish");
    git_ok(
        dir.path(),
        &[
            "config",
            "merge.hamish.driver",
            &format!("'{}' merge-driver %O %A %B", exe.display()),
        ],
    );
    std::fs::write(
        dir.path().join(".gitattributes"),
        "*.hamish.ron merge=hamish\n",
    )
    .unwrap();
    let out = git(dir.path(), &["merge", "--no-edit", "yusuf"]);
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("span 31"), "{all}");
    let status = git(dir.path(), &["status", "--porcelain"]);
    assert!(String::from_utf8_lossy(&status.stdout).contains("UU sahel.hamish.ron"));
}

/// The two lines of configuration from the README, in `dir`.
fn install_driver(dir: &Path) {
    let exe = assert_cmd::cargo::cargo_bin("hamish");
    let driver = format!("'{}' merge-driver %O %A %B", exe.display());
    git_ok(dir, &["config", "merge.hamish.driver", &driver]);
    std::fs::write(dir.join(".gitattributes"), "*.hamish.ron merge=hamish\n").unwrap();
}

/// A repository whose `main` has the first article labelled (group 11, trigger 12, army 13,
/// Bourem 14) and an attack event 1 with the group as Actor.
fn repo_with_event() -> (tempfile::TempDir, Project) {
    let (dir, mut p) = shared_repo();
    label(&mut p, 0, "جماعة نصرة الإسلام والمسلمين", "GROUP", 11);
    label(&mut p, 0, "هجوم", "EVENT", 12);
    label(&mut p, 0, "الجيش المالي", "GROUP", 13);
    label(&mut p, 0, "بوريم", "PLACE", 14);
    let mut event = Event::new(
        SpanId(12),
        EventTypeId::new("attack"),
        p.annotator.id.clone(),
        &Timestamp("2026-11-21T12:00:00Z".into()),
    );
    event.id = EventId(1);
    event.args = vec![argument("Actor", 11)];
    let doc = p.documents()[0].id().clone();
    p.apply(Edit::AddEvent { doc, event }, &Timestamp::now())
        .unwrap();
    write(dir.path(), "sahel.hamish.ron", &p);
    git_ok(dir.path(), &["commit", "-qam", "first article labelled"]);
    (dir, p)
}

fn argument(role: &str, span: u64) -> Argument {
    Argument {
        role: RoleId::new(role),
        span: SpanId(span),
    }
}

/// `p` with event 1 of the first article changed by `f`.
fn change_event(p: &Project, f: impl FnOnce(&mut Event)) -> Project {
    let mut p = p.clone();
    let doc = p.documents()[0].id().clone();
    let mut event = p.documents()[0].event(EventId(1)).unwrap().clone();
    f(&mut event);
    p.apply(Edit::ReplaceEvent { doc, event }, &Timestamp::now())
        .unwrap();
    p
}

fn set_attr(e: &mut Event, attribute: &str, value: &str) {
    let value = match attribute {
        "date" => AttrValue::Date(PartialDate::parse(value).unwrap()),
        "fatalities" => AttrValue::Number(Quantity::parse(value).unwrap()),
        _ => AttrValue::Choice(value.to_owned()),
    };
    e.attrs.insert(AttributeId::new(attribute), value);
}

#[test]
fn git_merge_driver_merges_two_analysts_edits_of_one_event() {
    let (dir, base) = repo_with_event();
    let one = change_event(&base, |e| e.args.push(argument("Target", 13)));
    let two = change_event(&base, |e| {
        set_attr(e, "fatalities", "40+");
        set_attr(e, "factuality", "claimed");
        e.args.push(argument("Place", 14));
    });
    commit_on(dir.path(), "amina", "main", &one);
    commit_on(dir.path(), "yusuf", "main", &two);
    git_ok(dir.path(), &["checkout", "-q", "amina"]);
    install_driver(dir.path());
    git_ok(dir.path(), &["merge", "-q", "--no-edit", "yusuf"]);
    let loaded = load_project(&dir.path().join("sahel.hamish.ron")).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let event = loaded.project.documents()[0].event(EventId(1)).unwrap();
    let mut args: Vec<(String, u64)> = event
        .args
        .iter()
        .map(|a| (a.role.to_string(), a.span.0))
        .collect();
    args.sort();
    assert_eq!(
        args,
        [
            ("Actor".to_owned(), 11),
            ("Place".to_owned(), 14),
            ("Target".to_owned(), 13)
        ]
    );
    let attrs: Vec<String> = event
        .attrs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(attrs, ["factuality=claimed", "fatalities=40+"]);
}

#[test]
fn git_merge_driver_stops_on_an_event_date_set_differently_and_names_it() {
    let (dir, base) = repo_with_event();
    let one = change_event(&base, |e| {
        set_attr(e, "date", "2023-08-20");
        e.args.push(argument("Target", 13));
    });
    let two = change_event(&base, |e| set_attr(e, "date", "2023-08-21"));
    commit_on(dir.path(), "amina", "main", &one);
    commit_on(dir.path(), "yusuf", "main", &two);
    git_ok(dir.path(), &["checkout", "-q", "amina"]);
    install_driver(dir.path());
    let out = git(dir.path(), &["merge", "--no-edit", "yusuf"]);
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains(
            "document \"article 1\", event 1: attribute date changed differently on both sides \
             (ours 2023-08-20, theirs 2023-08-21); ours kept"
        ),
        "{all}"
    );
    assert!(all.contains("1 conflict(s)"), "{all}");
    // The merge is written with ours for the date and everything else merged.
    let loaded = load_project(&dir.path().join("sahel.hamish.ron")).unwrap();
    let event = loaded.project.documents()[0].event(EventId(1)).unwrap();
    assert_eq!(
        event.attrs[&AttributeId::new("date")].to_string(),
        "2023-08-20"
    );
    assert!(event.args.contains(&argument("Target", 13)));
}

#[test]
fn merge_driver_direct_call_writes_ours() {
    let dir = tempfile::tempdir().unwrap();
    let base = project("team", &[D0], &[]);
    let mut one = base.clone();
    label(&mut one, 0, "بوريم", "PLACE", 1);
    let mut two = base.clone();
    label(&mut two, 0, "تمبكتو", "PLACE", 2);
    let o = write(dir.path(), "o", &base);
    let a = write(dir.path(), "a", &one);
    let b = write(dir.path(), "b", &two);
    hamish()
        .arg("merge-driver")
        .args([&o, &a, &b])
        .assert()
        .success();
    let merged = load_project(&a).unwrap().project;
    assert_eq!(merged.documents()[0].spans().len(), 2);
}

#[test]
fn shipped_review_samples_show_every_kind_of_disagreement() {
    use hamish::review::{Agreement, Alignment};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/review");
    let projects: Vec<Project> = ["amina", "yusuf", "salma"]
        .iter()
        .map(|n| {
            let loaded = load_project(&root.join(format!("{n}.hamish.ron"))).unwrap();
            assert!(loaded.problems.is_empty(), "{n}: {:?}", loaded.problems);
            loaded.project
        })
        .collect();
    let refs: Vec<&Project> = projects.iter().collect();
    let al = Alignment::new(&refs);
    assert_eq!(al.annotators, ["Amina", "Yusuf", "Salma"]);
    let kinds: std::collections::HashSet<Agreement> = al
        .documents
        .iter()
        .flat_map(|d| d.clusters.iter().map(|c| c.kind))
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert_eq!(al.partial_documents().len(), 1);
    // A proclitic boundary conflict: Amina's span starts with و and another's one later.
    let proclitic = al.documents.iter().flat_map(|d| &d.clusters).any(|c| {
        c.kind == Agreement::BoundaryConflict
            && c.candidates.iter().any(|x| x.text.starts_with('و'))
            && c.candidates
                .iter()
                .any(|x| x.range.start.get() == c.range.start.get() + 1)
    });
    assert!(proclitic);
}
