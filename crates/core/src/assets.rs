//! Files compiled into the binary: the sample project and its guidelines (and, re-exported from `hamish-text`,
//! the bundled fonts).
//!
//! Hamish never depends on system fonts, and opening Hamish with no argument never touches
//! the repository: the sample is copied to the user's data folder and opened there.

use std::path::{Path, PathBuf};

pub use hamish_text::fonts::{NASKH_ARABIC, NOTO_SANS, NOTO_SYMBOLS};

/// The shipped sample project, `samples/sahel.hamish.ron`.
pub const SAMPLE_PROJECT: &str = include_str!("../../../samples/sahel.hamish.ron");
/// The sample's labelling guidelines, `samples/GUIDELINES.md`, copied beside the sample.
pub const SAMPLE_GUIDELINES: &str = include_str!("../../../samples/GUIDELINES.md");
/// File name of the sample's working copy.
pub const SAMPLE_FILE_NAME: &str = "sahel.hamish.ron";

/// The shipped sample project, parsed (its validity is checked by this module's tests).
pub fn sample_project() -> crate::model::Project {
    crate::format::parse_project(SAMPLE_PROJECT, Path::new("samples/sahel.hamish.ron"))
        .expect("the shipped sample parses")
        .project
}

/// Make sure a working copy of the sample project exists in `dir` and return its path. An
/// existing copy (with the user's own changes) is kept.
pub fn sample_copy_in(dir: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(SAMPLE_FILE_NAME);
    if !path.exists() {
        crate::format::atomic::write_atomic(&path, SAMPLE_PROJECT.as_bytes())?;
    }
    let guidelines = dir.join(crate::guidelines::DEFAULT_FILE_NAME);
    if !guidelines.exists() {
        crate::format::atomic::write_atomic(&guidelines, SAMPLE_GUIDELINES.as_bytes())?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_sample_is_valid_and_canonical() {
        let loaded =
            crate::format::parse_project(SAMPLE_PROJECT, Path::new("samples/sahel.hamish.ron"))
                .unwrap();
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        assert_eq!(
            crate::format::to_ron_string(&loaded.project),
            SAMPLE_PROJECT
        );
    }

    #[test]
    fn sample_copy_is_made_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = sample_copy_in(dir.path()).unwrap();
        std::fs::write(&path, "changed").unwrap();
        assert_eq!(sample_copy_in(dir.path()).unwrap(), path);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "changed");
    }
}
