//! Saving when the file system fails: a full disk at every write of a save, a folder we may not
//! write to, the target replaced by a folder or a symbolic link, a `.bak` that cannot be
//! written, the folder removed while saving. For each: the save returns an error naming what
//! failed and where, the original file is intact, nothing is reported as saved that is not,
//! and the next save succeeds once the fault is gone.

use super::atomic::{CHUNK, Faults, Step, WriteFailure, sibling, write_atomic_with};
use super::{SaveError, load_project, save_project, save_project_with, to_ron_string};
use crate::model::{Edit, Project, Timestamp};
use crate::session::Session;
use std::cell::{Cell, RefCell};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const ENOSPC: i32 = 28;
const EACCES: i32 = 13;

/// A project whose file is several [`CHUNK`]s long, so a save makes several writes.
fn big_project(name: &str) -> Project {
    let mut p = crate::synthetic::project(4, 40_000, 40, 7);
    p.apply(Edit::Rename { name: name.into() }, &Timestamp::now())
        .unwrap();
    assert!(to_ron_string(&p).len() > 3 * CHUNK);
    p
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// Every step of a save, with the file it works on.
#[derive(Default)]
struct Record(RefCell<Vec<(Step, PathBuf)>>);

impl Faults for Record {
    fn before(&self, step: Step, path: &Path) -> io::Result<()> {
        self.0.borrow_mut().push((step, path.to_owned()));
        Ok(())
    }
}

/// Fails the `at`-th step reached (counting from 0) with `error`.
struct FailAt {
    at: usize,
    seen: Cell<usize>,
    error: fn() -> io::Error,
}

impl FailAt {
    fn new(at: usize, error: fn() -> io::Error) -> Self {
        Self {
            at,
            seen: Cell::new(0),
            error,
        }
    }
}

impl Faults for FailAt {
    fn before(&self, _: Step, _: &Path) -> io::Result<()> {
        let n = self.seen.get();
        self.seen.set(n + 1);
        if n == self.at {
            Err((self.error)())
        } else {
            Ok(())
        }
    }
}

/// Runs `action` just before the first `step`.
struct Before<F: Fn(&Path) -> io::Result<()>> {
    step: Step,
    action: F,
    done: Cell<bool>,
}

impl<F: Fn(&Path) -> io::Result<()>> Faults for Before<F> {
    fn before(&self, step: Step, path: &Path) -> io::Result<()> {
        if step == self.step && !self.done.replace(true) {
            (self.action)(path)?;
        }
        Ok(())
    }
}

fn disk_full() -> io::Error {
    io::Error::from_raw_os_error(ENOSPC)
}

fn denied() -> io::Error {
    io::Error::from_raw_os_error(EACCES)
}

/// The step and file named by a failed save.
fn failure(err: &SaveError) -> &WriteFailure {
    match err {
        SaveError::Io { source, .. } => WriteFailure::of(source).expect("names its step"),
        other => panic!("not an I/O failure: {other}"),
    }
}

#[test]
fn disk_full_at_every_write_of_a_save_leaves_the_old_file_and_the_next_save_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.hamish.ron");
    save_project(&path, &big_project("one")).unwrap();
    save_project(&path, &big_project("two")).unwrap();
    let (file, bak) = (
        fs::read(&path).unwrap(),
        fs::read(sibling(&path, ".bak")).unwrap(),
    );
    let three = big_project("three");

    let record = Record::default();
    save_project_with(&dir.path().join("scratch.hamish.ron"), &three, &record).unwrap();
    save_project_with(&dir.path().join("scratch.hamish.ron"), &three, &record).unwrap();
    let steps: Vec<Step> = record.0.borrow().iter().map(|(s, _)| *s).collect();
    let first_save = steps.iter().position(|s| *s == Step::SyncFolder).unwrap() + 1;
    let steps = &steps[first_save..];
    assert!(steps.iter().filter(|s| **s == Step::WriteTemp).count() > 3);
    assert!(steps.contains(&Step::LinkBackup) && steps.contains(&Step::RenameBackup));
    let backup_done = steps.iter().position(|s| *s == Step::RenameBackup).unwrap();
    let _ = fs::remove_file(dir.path().join("scratch.hamish.ron"));
    let _ = fs::remove_file(dir.path().join("scratch.hamish.ron.bak"));

    for (at, &step) in steps.iter().enumerate() {
        if matches!(step, Step::SyncFolder | Step::LinkBackup) {
            // Not failures of the save: the file is in place before the folder is synced,
            // and a failed hard link falls back to a copy. Both are covered below.
            continue;
        }
        let err = save_project_with(&path, &three, &FailAt::new(at, disk_full))
            .expect_err("a full disk fails the save");
        let named = failure(&err);
        assert_eq!(named.step, step, "step {at}");
        let message = err.to_string();
        assert!(
            message.contains("No space left on device")
                && message.contains(&named.path.display().to_string())
                && message.starts_with(&format!("cannot save {}", path.display())),
            "step {at} ({step:?}): {message}"
        );
        assert!(
            fs::read(&path).unwrap() == file,
            "step {at}: the file is intact"
        );
        // The backup is made complete before the target is replaced: once that step is past,
        // the backup is the file as it is now (still whole), otherwise the old backup.
        let now_bak = fs::read(sibling(&path, ".bak")).unwrap();
        assert!(
            now_bak == bak || (at > backup_done && now_bak == file),
            "step {at}: the backup is whole"
        );
        assert_eq!(
            names(dir.path()),
            ["p.hamish.ron", "p.hamish.ron.bak"],
            "step {at}: nothing left behind"
        );
    }
    save_project(&path, &three).unwrap();
    assert!(load_project(&path).unwrap().project == three);
    assert!(fs::read(sibling(&path, ".bak")).unwrap() == file);
}

#[test]
fn a_failed_hard_link_falls_back_to_a_copy_and_a_failed_folder_sync_is_no_failure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.hamish.ron");
    save_project(&path, &big_project("one")).unwrap();
    let old = fs::read(&path).unwrap();
    let faults = |fail: Step| Before {
        step: fail,
        action: |_: &Path| Err(denied()),
        done: Cell::new(false),
    };
    save_project_with(&path, &big_project("two"), &faults(Step::LinkBackup)).unwrap();
    assert!(fs::read(sibling(&path, ".bak")).unwrap() == old);
    save_project_with(&path, &big_project("three"), &faults(Step::SyncFolder)).unwrap();
    assert!(load_project(&path).unwrap().project == big_project("three"));
}

#[test]
fn permission_denied_on_the_folder_names_the_file_it_could_not_create() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.hamish.ron");
    save_project(&path, &big_project("one")).unwrap();
    let old = fs::read(&path).unwrap();
    // What the system says when the folder is not writable: the temporary file cannot be made.
    let faults = Before {
        step: Step::CreateTemp,
        action: |_: &Path| Err(denied()),
        done: Cell::new(false),
    };
    let err = save_project_with(&path, &big_project("two"), &faults).unwrap_err();
    assert_eq!(failure(&err).step, Step::CreateTemp);
    let message = err.to_string();
    assert!(
        message.contains("creating the temporary file")
            && message.contains("p.hamish.ron.tmp-")
            && message.contains("Permission denied"),
        "{message}"
    );
    assert!(fs::read(&path).unwrap() == old);
    assert_eq!(names(dir.path()), ["p.hamish.ron"]);

    // The same with a real read-only folder, where the system enforces it (not for root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let enforced = fs::File::create(dir.path().join("probe")).is_err();
        if enforced {
            let err = save_project(&path, &big_project("two")).unwrap_err();
            assert_eq!(failure(&err).step, Step::CreateTemp, "{err}");
            assert!(fs::read(&path).unwrap() == old);
        }
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let _ = fs::remove_file(dir.path().join("probe"));
    }
    save_project(&path, &big_project("two")).unwrap();
}

#[test]
fn a_target_replaced_by_a_folder_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.hamish.ron");
    save_project(&path, &big_project("one")).unwrap();
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    fs::write(path.join("inside.txt"), "keep me").unwrap();
    let err = save_project(&path, &big_project("two")).unwrap_err();
    assert_eq!(failure(&err).step, Step::CheckTarget);
    let message = err.to_string();
    assert!(message.contains("is a folder"), "{message}");
    assert_eq!(
        fs::read_to_string(path.join("inside.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(names(dir.path()), ["p.hamish.ron"]);
    fs::remove_dir_all(&path).unwrap();
    save_project(&path, &big_project("two")).unwrap();
}

#[cfg(unix)]
#[test]
fn a_target_replaced_by_a_symbolic_link_is_not_replaced_nor_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.hamish.ron");
    let elsewhere = dir.path().join("elsewhere.txt");
    fs::write(&elsewhere, "someone else's file").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    let err = save_project(&path, &big_project("one")).unwrap_err();
    assert_eq!(failure(&err).step, Step::CheckTarget);
    let message = err.to_string();
    assert!(
        message.contains("symbolic link") && message.contains("elsewhere.txt"),
        "{message}"
    );
    assert!(
        fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(&elsewhere).unwrap(),
        "someone else's file"
    );
    assert_eq!(names(dir.path()), ["elsewhere.txt", "p.hamish.ron"]);
    fs::remove_file(&path).unwrap();
    save_project(&path, &big_project("one")).unwrap();
}

#[test]
fn a_backup_that_cannot_be_written_fails_the_save_naming_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.hamish.ron");
    save_project(&path, &big_project("one")).unwrap();
    let old = fs::read(&path).unwrap();
    let bak = sibling(&path, ".bak");
    fs::create_dir(&bak).unwrap();
    fs::write(bak.join("x"), "in the way").unwrap();
    let err = save_project(&path, &big_project("two")).unwrap_err();
    let named = failure(&err);
    assert_eq!(named.step, Step::RenameBackup);
    assert_eq!(named.path, bak);
    assert!(
        err.to_string().contains("keeping the previous version as"),
        "{err}"
    );
    assert!(fs::read(&path).unwrap() == old);
    assert_eq!(names(dir.path()), ["p.hamish.ron", "p.hamish.ron.bak"]);

    // Neither a link nor a copy possible (e.g. a full disk): the same, one step earlier.
    fs::remove_dir_all(&bak).unwrap();
    struct NoBackup;
    impl Faults for NoBackup {
        fn before(&self, step: Step, _: &Path) -> io::Result<()> {
            match step {
                Step::LinkBackup | Step::CopyBackup => Err(disk_full()),
                _ => Ok(()),
            }
        }
    }
    let err = save_project_with(&path, &big_project("two"), &NoBackup).unwrap_err();
    assert_eq!(failure(&err).step, Step::CopyBackup);
    assert_eq!(failure(&err).path, bak);
    assert!(fs::read(&path).unwrap() == old);
    assert_eq!(names(dir.path()), ["p.hamish.ron"]);
    save_project(&path, &big_project("two")).unwrap();
    assert!(fs::read(&bak).unwrap() == old);
}

#[test]
fn the_folder_removed_while_saving_is_an_error_and_the_next_save_works() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("project");
    fs::create_dir(&dir).unwrap();
    let path = dir.join("p.hamish.ron");
    save_project(&path, &big_project("one")).unwrap();
    for step in [
        Step::CreateTemp,
        Step::WriteTemp,
        Step::RenameBackup,
        Step::RenameTemp,
    ] {
        let faults = Before {
            step,
            action: |_: &Path| fs::remove_dir_all(&dir),
            done: Cell::new(false),
        };
        let err = save_project_with(&path, &big_project("two"), &faults).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("No such file or directory") || message.contains("os error 2"),
            "{step:?}: {message}"
        );
        assert!(!dir.exists(), "{step:?}: nothing was made in its place");
        fs::create_dir(&dir).unwrap();
        save_project(&path, &big_project("one")).unwrap();
    }
    // Writes to an open file whose folder is gone still succeed on Unix; the rename is what
    // fails, and nothing claims the file was saved.
}

#[test]
fn a_session_whose_save_failed_is_still_unsaved_and_saves_once_the_fault_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.hamish.ron");
    let mut s = Session::new(big_project("one"));
    s.save_as(&path).unwrap();
    s.apply(Edit::Rename { name: "two".into() }).unwrap();
    assert!(s.is_modified());
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    let err = s.save().unwrap_err();
    assert!(err.to_string().contains("is a folder"), "{err}");
    assert!(s.is_modified(), "a failed save is not a save");
    fs::remove_dir(&path).unwrap();
    assert!(s.save().unwrap());
    assert!(!s.is_modified());
    assert_eq!(load_project(&path).unwrap().project.name, "two");
}

#[test]
fn write_atomic_with_no_faults_writes_chunked_contents_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    let contents: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i % 251) as u8).collect();
    write_atomic_with(&path, &contents, &super::atomic::NoFaults).unwrap();
    assert!(fs::read(&path).unwrap() == contents);
}
