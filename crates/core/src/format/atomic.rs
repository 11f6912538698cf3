//! Atomic file replacement: a crash or kill at any moment leaves either the old file or the
//! new one, complete.
//!
//! The new contents go to a temporary file in the same folder, which is flushed and synced and
//! then renamed over the target. The previous version is kept beside it as `NAME.bak` (a hard
//! link where the file system allows, so keeping it costs no copy).

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// `path` with `suffix` appended to its file name, e.g. `p.hamish.ron` → `p.hamish.ron.bak`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The steps of an atomic write, in the order they happen. A [`Faults`] hook sees each one
/// before it runs; every error of a write names its step and the file it worked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Looking at what is at the target: a folder or a symbolic link is never replaced.
    CheckTarget,
    CreateTemp,
    /// One chunk of the contents (the contents are written [`CHUNK`] bytes at a time).
    WriteTemp,
    SyncTemp,
    /// Keeping the previous version as `NAME.bak`: a hard link, or a copy where links fail.
    LinkBackup,
    CopyBackup,
    RenameBackup,
    /// The rename that replaces the target: the one moment the new version appears.
    RenameTemp,
    /// Syncing the folder after the renames (best effort: a failure here is not an error,
    /// since the new file is already in place).
    SyncFolder,
}

/// How much of the contents one [`Step::WriteTemp`] writes.
pub const CHUNK: usize = 64 * 1024;

impl Step {
    fn doing(self) -> &'static str {
        match self {
            Step::CheckTarget => "checking the file to replace",
            Step::CreateTemp => "creating the temporary file",
            Step::WriteTemp => "writing the temporary file",
            Step::SyncTemp => "flushing the temporary file to disk",
            Step::LinkBackup | Step::CopyBackup | Step::RenameBackup => {
                "keeping the previous version as"
            }
            Step::RenameTemp => "renaming the temporary file over",
            Step::SyncFolder => "syncing the folder",
        }
    }
}

/// A hook that can fail any step of a write, for testing what a full disk, a permission
/// denied or a folder removed mid-way does. Production code uses [`NoFaults`].
pub trait Faults {
    /// Called before `step` runs on `path` (the temporary file, the backup or the target); an
    /// error returned here is what that step fails with. The hook may also act on the file
    /// system itself, e.g. remove the folder, to simulate someone else doing so.
    fn before(&self, step: Step, path: &Path) -> io::Result<()>;
}

/// No faults: every step is left to the file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFaults;

impl Faults for NoFaults {
    fn before(&self, _: Step, _: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// Why an atomic write failed: the step, the file it worked on and the system's reason. It
/// travels inside the returned [`io::Error`] (same kind as the system's error); get it back
/// with [`WriteFailure::of`].
#[derive(Debug)]
pub struct WriteFailure {
    pub step: Step,
    /// The file the step worked on.
    pub path: PathBuf,
    /// The system's reason, in words.
    pub reason: String,
}

impl WriteFailure {
    /// The failure inside an error returned by [`write_atomic`].
    pub fn of(err: &io::Error) -> Option<&WriteFailure> {
        err.get_ref().and_then(|e| e.downcast_ref())
    }
}

impl fmt::Display for WriteFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.step.doing(),
            self.path.display(),
            self.reason
        )
    }
}

/// The reason is part of the message, so the failure has no separate source (an error chain
/// printed in full says it once).
impl std::error::Error for WriteFailure {}

fn failed(step: Step, path: &Path, err: io::Error) -> io::Error {
    if WriteFailure::of(&err).is_some() {
        return err;
    }
    io::Error::new(
        err.kind(),
        WriteFailure {
            step,
            path: path.to_owned(),
            reason: err.to_string(),
        },
    )
}

/// Run one step through the hook, naming the step and file in any error.
fn step<T>(
    faults: &dyn Faults,
    step: Step,
    path: &Path,
    run: impl FnOnce() -> io::Result<T>,
) -> io::Result<T> {
    faults
        .before(step, path)
        .and_then(|()| run())
        .map_err(|e| failed(step, path, e))
}

/// Replace `path` with `contents` atomically, keeping the old file as `path.bak`.
///
/// The target is never replaced when it is a folder or a symbolic link (the link would
/// silently become a plain file, and writing through it would write somewhere else). On any
/// error the target is as it was and no temporary file is left behind.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, &NoFaults)
}

/// [`write_atomic`] with every step passed through `faults` first.
pub fn write_atomic_with(path: &Path, contents: &[u8], faults: &dyn Faults) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let exists = step(faults, Step::CheckTarget, path, || check_target(path))?;
    let tmp = sibling(path, &format!(".tmp-{}", std::process::id()));
    let bak_tmp = sibling(path, &format!(".bak.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = step(faults, Step::CreateTemp, &tmp, || File::create(&tmp))?;
        for chunk in contents.chunks(CHUNK) {
            step(faults, Step::WriteTemp, &tmp, || file.write_all(chunk))?;
        }
        step(faults, Step::SyncTemp, &tmp, || file.sync_all())?;
        drop(file);
        if exists {
            keep_backup(path, &bak_tmp, faults)?;
        }
        step(faults, Step::RenameTemp, path, || fs::rename(&tmp, path))?;
        let _ = step(faults, Step::SyncFolder, &dir, || sync_dir(&dir));
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(&bak_tmp);
    }
    result
}

/// Whether there is a file to replace; an error for a folder or a symbolic link.
fn check_target(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let to = fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "?".into());
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "it is a symbolic link (to {to}), which is not replaced: open and save the file it points to"
                ),
            ))
        }
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder, not a file: nothing was replaced",
        )),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Make `path.bak` the current contents of `path`, itself atomically (through `bak_tmp`).
fn keep_backup(path: &Path, bak_tmp: &Path, faults: &dyn Faults) -> io::Result<()> {
    let bak = sibling(path, ".bak");
    let _ = fs::remove_file(bak_tmp);
    let linked = step(faults, Step::LinkBackup, &bak, || {
        fs::hard_link(path, bak_tmp)
    });
    if linked.is_err() {
        let _ = fs::remove_file(bak_tmp);
        step(faults, Step::CopyBackup, &bak, || {
            fs::copy(path, bak_tmp)?;
            File::open(bak_tmp)?.sync_all()
        })?;
    }
    step(faults, Step::RenameBackup, &bak, || {
        fs::rename(bak_tmp, &bak)
    })
}

/// Make the renames durable; not every platform can open a folder, which is fine.
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir) {
        Ok(d) => d.sync_all(),
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.hamish.ron");
        write_atomic(&path, b"one").unwrap();
        assert!(!sibling(&path, ".bak").exists());
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(sibling(&path, ".bak")).unwrap(), b"one");
        write_atomic(&path, b"three").unwrap();
        assert_eq!(fs::read(sibling(&path, ".bak")).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
    }

    #[test]
    fn failure_leaves_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("p.ron");
        assert!(write_atomic(&path, b"x").is_err());
    }
}
