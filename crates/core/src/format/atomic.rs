//! Atomic file replacement: a crash or kill at any moment leaves either the old file or the
//! new one, complete.
//!
//! The new contents go to a temporary file in the same folder, which is flushed and synced and
//! then renamed over the target. The previous version is kept beside it as `NAME.bak` (a hard
//! link where the file system allows, so keeping it costs no copy).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// `path` with `suffix` appended to its file name, e.g. `p.hamish.ron` → `p.hamish.ron.bak`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Replace `path` with `contents` atomically, keeping the old file as `path.bak`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = sibling(path, &format!(".tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        if path.exists() {
            keep_backup(path)?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Make `path.bak` the current contents of `path`, itself atomically.
fn keep_backup(path: &Path) -> io::Result<()> {
    let bak = sibling(path, ".bak");
    let bak_tmp = sibling(path, &format!(".bak.tmp-{}", std::process::id()));
    let _ = fs::remove_file(&bak_tmp);
    if fs::hard_link(path, &bak_tmp).is_err() {
        fs::copy(path, &bak_tmp)?;
        File::open(&bak_tmp)?.sync_all()?;
    }
    fs::rename(&bak_tmp, &bak)
}

/// Make the renames durable; not every platform can open a folder, which is fine.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
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
