//! Killing Hamish (SIGKILL) in the middle of saving a large project never leaves a file that
//! fails to load: the project file is always the old or the new version, complete.

use std::fs;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn kill_during_save_leaves_old_or_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.hamish.ron");
    let project = hamish::synthetic::project(150, 6_000, 8_000, 3);
    hamish::format::save_project(&path, &project).unwrap();
    let mut documents = project.documents().len();
    let mut rng = fastrand::Rng::with_seed(11);
    let mut killed_mid_way = 0;

    for round in 0..12 {
        let input = dir.path().join(format!("new-{round}.txt"));
        fs::write(
            &input,
            format!(
                "خبر رقم {round}\n{}",
                hamish::synthetic::arabic_text(500, &mut rng)
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_hamish"))
            .args(["import", path.to_str().unwrap(), input.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(20..400)));
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            killed_mid_way += 1;
            child.kill().unwrap();
        }
        child.wait().unwrap();

        let loaded = hamish::format::load_project(&path)
            .unwrap_or_else(|err| panic!("round {round}: project does not load after kill: {err}"));
        assert!(
            loaded.problems.is_empty(),
            "round {round}: {:?}",
            loaded.problems
        );
        let now = loaded.project.documents().len();
        assert!(
            now == documents || now == documents + 1,
            "round {round}: {documents} -> {now}"
        );
        documents = now;
    }
    assert!(
        killed_mid_way > 0,
        "no process was killed while running; the test proved nothing"
    );
}
