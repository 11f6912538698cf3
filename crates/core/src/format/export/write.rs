//! Writing a verified [`Export`] to disk. A single-file format writes `out` itself; brat and hf
//! write a folder. An existing file, or a non-empty folder, is replaced only when `force` is
//! set. Each file is written to a temporary name and renamed into place, so a crash never
//! leaves a half-written file under the real name.

use super::Export;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use thiserror::Error;

/// Why an export could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{0} already exists; pass --force to overwrite it")]
    Exists(PathBuf),
    #[error("{0} is a folder; the {1} format writes a single file")]
    NotAFile(PathBuf, super::Format),
    #[error("{0} is a file; the {1} format writes a folder")]
    NotAFolder(PathBuf, super::Format),
    #[error("refusing to write {0}: not a plain relative file name")]
    BadName(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Write `export` to `out`. Returns the paths written.
pub fn write_export(export: &Export, out: &Path, force: bool) -> Result<Vec<PathBuf>, WriteError> {
    if export.format.writes_folder() {
        if out.is_file() {
            return Err(WriteError::NotAFolder(out.to_owned(), export.format));
        }
        let non_empty = out.is_dir() && fs::read_dir(out).map_err(io(out))?.next().is_some();
        if non_empty && !force {
            return Err(WriteError::Exists(out.to_owned()));
        }
        for f in &export.files {
            let plain = f.path.components().count() == 1
                && matches!(f.path.components().next(), Some(Component::Normal(_)));
            if !plain {
                return Err(WriteError::BadName(f.path.clone()));
            }
        }
        fs::create_dir_all(out).map_err(io(out))?;
        let mut written = Vec::with_capacity(export.files.len());
        for f in &export.files {
            let path = out.join(&f.path);
            write_replacing(&path, &f.contents)?;
            written.push(path);
        }
        Ok(written)
    } else {
        if out.is_dir() {
            return Err(WriteError::NotAFile(out.to_owned(), export.format));
        }
        if out.exists() && !force {
            return Err(WriteError::Exists(out.to_owned()));
        }
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let contents: Vec<u8> = export
            .files
            .iter()
            .flat_map(|f| f.contents.iter().copied())
            .collect();
        write_replacing(out, &contents)?;
        Ok(vec![out.to_owned()])
    }
}

/// Write to `path.tmp-PID`, sync, rename over `path`.
fn write_replacing(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let tmp = crate::format::atomic::sibling(path, &format!(".tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io(path))
}
