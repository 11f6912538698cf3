//! Errors of reading and writing project files. Each names the file; parse errors name the
//! line and column.

use crate::model::Problem;
use std::path::PathBuf;
use thiserror::Error;

/// Why a project file could not be read.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: the file is not UTF-8 text (invalid byte at offset {byte})")]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
        byte: usize,
    },
    #[error("{path}:{line}:{column}: not a valid Hamish project file: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} was written by a newer Hamish (project format {found}); this Hamish reads formats up to {supported}: please update Hamish"
    )]
    NewerFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

/// Why a project could not be saved. The file on disk is unchanged after any of these.
#[derive(Debug, Error)]
pub enum SaveError {
    #[error("cannot save {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("refusing to save {path}: the project has {} problem(s){}", problems.len(),
        problems.first().map(|p| format!(", first: {p}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
    /// The session was opened read-only (someone else has the file open for editing).
    #[error("refusing to save {path}: it was opened read-only ({reason})")]
    ReadOnly { path: PathBuf, reason: String },
    /// Save As onto a file someone else has open for editing.
    #[error("refusing to save {path}: it is open for editing elsewhere ({holder})")]
    Locked { path: PathBuf, holder: String },
    /// This session locked the file and someone has taken it over since.
    #[error("refusing to save {path}: it has been taken over ({holder}); save under another name")]
    TakenOver { path: PathBuf, holder: String },
}
