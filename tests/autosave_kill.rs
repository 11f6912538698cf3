//! A real kill -9: a child process edits a project, autosaves, keeps running, and is killed
//! with SIGKILL; the next start finds the work in the recovery file.
//!
//! The child is this same test binary re-run with `HAMISH_KILL_CHILD` set.

use hamish::autosave::{Autosave, Tick, find_recovery};
use hamish::format::save_project;
use hamish::model::{Annotator, CharRange, Document, Edit, LabelId, Project, Timestamp};
use hamish::session::Session;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "HAMISH_KILL_CHILD";

/// The child's work: open, edit, autosave, then wait to be killed.
fn child(path: &Path) {
    let mut s = Session::open(path).unwrap();
    let doc = s.project().documents()[0].id().clone();
    let span = s
        .project()
        .new_span(
            &doc,
            CharRange::new(6, 24),
            LabelId::new("GROUP"),
            &Timestamp::now(),
        )
        .unwrap();
    s.apply(Edit::AddSpan { doc, span }).unwrap();
    let mut auto = Autosave::new(path);
    let started = Instant::now();
    loop {
        if auto.tick(&s, Instant::now()).unwrap() == Tick::Wrote {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "autosave too slow"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("autosaved after {:?}", started.elapsed());
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

#[test]
fn kill_minus_nine_loses_nothing_autosaved() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        child(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.hamish.ron");
    let mut p = Project::new("t", Annotator::new("A"));
    p.apply(
        Edit::AddDocuments {
            docs: vec![Document::new("1", "", "هاجمت جماعة نصرة الإسلام بلدة تمبكتو")],
        },
        &Timestamp::now(),
    )
    .unwrap();
    save_project(&path, &p).unwrap();
    let saved = std::fs::read(&path).unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "kill_minus_nine_loses_nothing_autosaved",
            "--nocapture",
        ])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 && !line.contains("autosaved after") {
        line.clear();
    }
    assert!(line.contains("autosaved after"), "child said: {line:?}");
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success());

    assert_eq!(
        std::fs::read(&path).unwrap(),
        saved,
        "project file untouched"
    );
    let recovered = find_recovery(&path).unwrap().expect("recovered work");
    let spans: Vec<&str> = recovered.project.documents()[0]
        .spans()
        .iter()
        .map(|s| s.text())
        .collect();
    assert_eq!(spans, ["جماعة نصرة الإسلام"]);
}
