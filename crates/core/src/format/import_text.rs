//! Importing plain-text articles (`.txt` files, or folders searched recursively) as documents.
//!
//! Decoding rules are in [`crate::text::decode`]. A file that cannot be read or decoded is
//! refused with its reason and the rest of the batch is still imported; a text already in the
//! project (same [`DocId`]) is skipped with a notice.

use crate::model::{BaseDirection, DocId, Document, Project};
use crate::progress::{Cancelled, Progress};
use crate::text::decode::{Encoding, decode_text};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What an import found; `documents` are not yet in the project (apply
/// [`crate::model::Edit::AddDocuments`]).
#[derive(Debug, Default)]
pub struct TextImport {
    pub documents: Vec<Document>,
    /// Things the user should know, each naming its file.
    pub notices: Vec<String>,
    /// Files that could not be imported, with the reason.
    pub refused: Vec<(PathBuf, String)>,
}

/// Read every input (a file, or a folder whose `.txt` files are read recursively, in name order).
pub fn import_texts(project: &Project, inputs: &[PathBuf]) -> TextImport {
    match import_texts_with(project, inputs, &Progress::new()) {
        Ok(found) => found,
        Err(Cancelled) => unreachable!("nobody else holds this Progress to cancel it"),
    }
}

/// [`import_texts`] reporting each file read to `progress` (phase "listing files", then
/// "reading files" with their number), stopping with [`Cancelled`] when it is cancelled. The
/// project is only read: a cancelled import has nothing to undo.
pub fn import_texts_with(
    project: &Project,
    inputs: &[PathBuf],
    progress: &Progress,
) -> Result<TextImport, Cancelled> {
    let mut out = TextImport::default();
    let mut seen: HashSet<DocId> = project.documents().iter().map(|d| d.id().clone()).collect();
    progress.begin("listing files", inputs.len() as u64)?;
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            match text_files_in(input) {
                Ok(found) => files.extend(found),
                Err(err) => out
                    .refused
                    .push((input.clone(), format!("cannot read folder: {err}"))),
            }
        } else {
            files.push(input.clone());
        }
        progress.step()?;
    }
    progress.begin("reading files", files.len() as u64)?;
    for file in files {
        import_one(&file, &mut seen, &mut out);
        progress.step()?;
    }
    Ok(out)
}

fn import_one(file: &Path, seen: &mut HashSet<DocId>, out: &mut TextImport) {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            out.refused
                .push((file.to_owned(), format!("cannot read: {err}")));
            return;
        }
    };
    let decoded = match decode_text(&bytes) {
        Ok(decoded) => decoded,
        Err(err) => {
            out.refused.push((file.to_owned(), err.to_string()));
            return;
        }
    };
    if decoded.encoding == Encoding::Windows1256 {
        out.notices.push(format!(
            "{}: not UTF-8; read as Arabic Windows-1256",
            file.display()
        ));
    }
    if decoded.converted_line_ends {
        out.notices.push(format!(
            "{}: CRLF/CR line ends converted to LF",
            file.display()
        ));
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = decoded
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
        .unwrap_or(stem);
    let source = file
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut doc = Document::new(title, source, decoded.text);
    if mostly_arabic(doc.text()) {
        // An Arabic article reads right to left even where a paragraph opens with a Latin name.
        doc.direction = Some(BaseDirection::RightToLeft);
    }
    if !seen.insert(doc.id().clone()) {
        out.notices.push(format!(
            "{}: skipped, the same text is already in the project ({})",
            file.display(),
            doc.id()
        ));
        return;
    }
    out.documents.push(doc);
}

/// The `.txt` files below `dir`, recursively, sorted by path.
fn text_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Annotator;

    #[test]
    fn imports_folder_refuses_bad_files_and_skips_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(dir.path().join("a.txt"), "\n  حصار تمبكتو  \nنص المقال").unwrap();
        std::fs::write(sub.join("b.TXT"), "\u{feff}هجوم\r\nعلى بامبا").unwrap();
        std::fs::write(sub.join("copy.txt"), "\n  حصار تمبكتو  \nنص المقال").unwrap();
        std::fs::write(sub.join("empty.txt"), "   \n").unwrap();
        std::fs::write(sub.join("bin.txt"), b"\x00\x01\x02").unwrap();
        std::fs::write(sub.join("notes.md"), "ignored").unwrap();
        let p = Project::new("t", Annotator::new("A"));
        let out = import_texts(&p, &[dir.path().to_owned()]);
        let titles: Vec<_> = out.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["حصار تمبكتو", "هجوم"]);
        assert_eq!(out.documents[1].text(), "هجوم\nعلى بامبا");
        assert_eq!(out.refused.len(), 2);
        assert!(
            out.notices
                .iter()
                .any(|n| n.contains("copy.txt") && n.contains("skipped"))
        );
    }
}

/// Whether most letters of `text` are Arabic (so its paragraphs read right to left).
pub fn mostly_arabic(text: &str) -> bool {
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    arabic > other
}

#[cfg(test)]
mod direction_tests {
    use super::*;

    #[test]
    fn arabic_articles_are_imported_right_to_left() {
        assert!(mostly_arabic("JNIM أعلنت مسؤوليتها عن الهجوم"));
        assert!(!mostly_arabic("JNIM claimed the attack on Ber, قرب تمبكتو"));
        let dir = tempfile::tempdir().unwrap();
        let ar = dir.path().join("a.txt");
        let en = dir.path().join("b.txt");
        std::fs::write(&ar, "JNIM أعلنت مسؤوليتها عن الهجوم").unwrap();
        std::fs::write(&en, "JNIM claimed the attack").unwrap();
        let project = crate::model::Project::new("t", crate::model::Annotator::new("a"));
        let found = import_texts(&project, &[ar, en]);
        let dirs: Vec<_> = found.documents.iter().map(|d| d.direction).collect();
        assert_eq!(dirs, [Some(BaseDirection::RightToLeft), None]);
    }
}

#[cfg(test)]
mod progress_tests {
    use super::*;
    use crate::model::Annotator;

    fn folder(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..n {
            std::fs::write(dir.path().join(format!("{i}.txt")), format!("خبر رقم {i}")).unwrap();
        }
        dir
    }

    #[test]
    fn counts_every_file_read() {
        let dir = folder(5);
        let project = Project::new("t", Annotator::new("a"));
        let progress = Progress::new();
        let found = import_texts_with(&project, &[dir.path().to_owned()], &progress).unwrap();
        assert_eq!(found.documents.len(), 5);
        let s = progress.snapshot();
        assert_eq!((s.phase, s.done, s.total), ("reading files", 5, 5));
    }

    #[test]
    fn a_cancelled_import_returns_nothing() {
        let dir = folder(5);
        let project = Project::new("t", Annotator::new("a"));
        let progress = Progress::new();
        progress.cancel();
        let found = import_texts_with(&project, &[dir.path().to_owned()], &progress);
        assert_eq!(found.err(), Some(Cancelled));
    }
}
