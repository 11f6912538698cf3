//! The `.hamish.ron` project file: one self-contained, pretty-printed RON file per annotator.
//!
//! Deterministic and diff-friendly: fields in a fixed order, documents in import order, spans
//! sorted and one per line, each document's text as one string per line. Arabic letters and
//! diacritics are written as themselves; only line breaks, tabs, quotes, backslashes and
//! invisible characters (directional marks, joiners) are escaped, so nothing hides in the file.
//! Saving a loaded, unchanged project reproduces the file byte for byte. See `docs/FORMAT.md`.

use super::atomic::{Faults, NoFaults, write_atomic_with};
use super::error::{LoadError, SaveError};
use crate::model::{FORMAT_VERSION, Problem, Project};
use std::path::Path;

/// A project read from disk, with everything wrong in it.
#[derive(Debug)]
pub struct Loaded {
    pub project: Project,
    /// Problems found by validation. A project with problems must not be saved over its file.
    pub problems: Vec<Problem>,
}

/// Serialise a project to the canonical text of a project file.
pub fn to_ron_string(project: &Project) -> String {
    // Spans are always sorted (the model keeps them so, also when a file is read).
    let text = ron::ser::to_string_pretty(project, pretty_config())
        .expect("a project always serialises: it has only strings, numbers and lists");
    let mut out = escape_strings(&text);
    out.push('\n');
    out
}

/// The fixed pretty configuration of project (and registry) files: one span or entity per
/// line, four spaces, no struct names, strings unescaped (see [`escape_strings`]).
pub(crate) fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .escape_strings(false)
}

/// RON without string escaping writes each string as it is, or as a raw string `r#"…"#` when
/// it holds a quote or backslash. Rewrite every string literal as an ordinary escaped string in
/// our canonical escaping (see [`push_escaped`]). RON's own escaping is per character and
/// also escapes Arabic diacritics; this is both faster and readable.
pub(crate) fn escape_strings(ron: &str) -> String {
    let mut out = String::with_capacity(ron.len() + ron.len() / 64);
    let bytes = ron.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let (content_start, content_end, next) = match bytes[i] {
            b'"' => {
                let end = i + 1 + ron[i + 1..].find('"').expect("RON closes every string");
                (i + 1, end, end + 1)
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'#' | b'"'))
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'_') =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let open = i + 1 + hashes;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = open
                    + 1
                    + ron[open + 1..]
                        .find(&close)
                        .expect("RON closes raw strings");
                (open + 1, end, end + close.len())
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&ron[copied..i]);
        out.push('"');
        push_escaped(&mut out, &ron[content_start..content_end]);
        out.push('"');
        i = next;
        copied = next;
    }
    out.push_str(&ron[copied..]);
    out
}

/// The canonical escaping of string contents: `\\`, `\"`, `\n`, `\r`, `\t`, and `\u{…}` for
/// other control characters and for invisible format characters (directional marks, joiners,
/// byte-order mark, line and paragraph separators). Everything else, Arabic letters and
/// diacritics included, is written as itself.
fn push_escaped(out: &mut String, s: &str) {
    let mut run = 0;
    for (at, c) in s.char_indices() {
        let escaped: Option<std::borrow::Cow<'static, str>> = match c {
            '"' => Some("\\\"".into()),
            '\\' => Some("\\\\".into()),
            '\n' => Some("\\n".into()),
            '\r' => Some("\\r".into()),
            '\t' => Some("\\t".into()),
            c if is_invisible(c) => Some(format!("\\u{{{:x}}}", c as u32).into()),
            _ => None,
        };
        if let Some(escaped) = escaped {
            out.push_str(&s[run..at]);
            out.push_str(&escaped);
            run = at + c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
}

/// Control characters and the format characters that would hide in a file.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{0600}'..='\u{0605}' | '\u{061c}' | '\u{06dd}' | '\u{070f}'
            | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}' | '\u{e0001}' | '\u{e0020}'..='\u{e007f}')
}

/// Parse and validate the text of a project file; `path` is used in messages only.
pub fn parse_project(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let project: Project = match ron::from_str(text) {
        Ok(project) => project,
        Err(err) => {
            if let Some(found) = probe_format(text)
                && found > FORMAT_VERSION
            {
                return Err(LoadError::NewerFormat {
                    path: path.to_owned(),
                    found,
                    supported: FORMAT_VERSION,
                });
            }
            return Err(LoadError::Parse {
                path: path.to_owned(),
                line: err.span.start.line,
                column: err.span.start.col,
                message: match err.code {
                    // RON's own words advise changing its options, which no analyst can do.
                    ron::Error::ExceededRecursionLimit => {
                        "nested too deeply (more than 128 levels)".to_owned()
                    }
                    code => code.to_string(),
                },
            });
        }
    };
    if project.format > FORMAT_VERSION {
        return Err(LoadError::NewerFormat {
            path: path.to_owned(),
            found: project.format,
            supported: FORMAT_VERSION,
        });
    }
    let project = migrate(project);
    let problems = project.validate();
    Ok(Loaded { project, problems })
}

/// Bring a project of an older format up to [`FORMAT_VERSION`], one step per version.
///
/// 1 → 2: format 1 had no events, relations or attributes, so its schema declared none; the
/// project gets the default taxonomy, relation types and attributes of a new project, so that
/// an analyst can start recording events at once. Nothing else changes: spans, documents and
/// their order are as they were.
fn migrate(mut project: Project) -> Project {
    if project.format < 2 {
        project.migrate_schema_from_format_1();
    }
    // Within format 2: files written before the entity registry have none (an empty one);
    // a registry edited by hand is put back in id order.
    project.sort_entities();
    project.format = FORMAT_VERSION;
    project
}

/// The `format: N` field of a file too new (or too broken) to parse.
fn probe_format(text: &str) -> Option<u32> {
    let at = text.find("format:")?;
    let digits: String = text[at + 7..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Read, parse and validate a project file.
pub fn load_project(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_project_bytes(&bytes, path)
}

/// Parse and validate the bytes of a project file (see [`parse_project`]); bytes that are not
/// UTF-8 are refused with the line and column of the first bad one.
pub fn parse_project_bytes(bytes: &[u8], path: &Path) -> Result<Loaded, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let byte = err.valid_up_to();
        let before = &bytes[..byte];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        LoadError::NotUtf8 {
            path: path.to_owned(),
            line,
            column,
            byte,
        }
    })?;
    parse_project(text, path)
}

/// Validate and save atomically (see [`super::atomic::write_atomic`]). A project with problems is refused,
/// so a damaged project never replaces a file.
pub fn save_project(path: &Path, project: &Project) -> Result<(), SaveError> {
    save_project_with(path, project, &NoFaults)
}

/// [`save_project`] through a fault-injecting hook (see [`Faults`]), for tests of full disks,
/// denied permissions and files replaced under us.
pub fn save_project_with(
    path: &Path,
    project: &Project,
    faults: &dyn Faults,
) -> Result<(), SaveError> {
    let problems = project.validate();
    if !problems.is_empty() {
        return Err(SaveError::Invalid {
            path: path.to_owned(),
            problems,
        });
    }
    write_atomic_with(path, to_ron_string(project).as_bytes(), faults).map_err(|source| {
        SaveError::Io {
            path: path.to_owned(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, AnnotatorId, CharRange, Document, Edit, LabelId, Timestamp};

    fn sample() -> Project {
        let now = Timestamp("2026-11-21T09:00:00Z".into());
        let mut p = Project::new(
            "عينة",
            Annotator {
                id: AnnotatorId("a-1".into()),
                name: "Amina".into(),
            },
        );
        let text = "أعلنت جماعة \"نصرة الإسلام\" مسؤوليتها عن هجوم على بلدة بير.\n\nوقال مسؤول محلّي إن 40 شخصًا قُتلوا\u{200f}.\tنهاية";
        let mut doc = Document::new("هجوم بير", "bir.txt", text);
        doc.note = "سطر\nثانٍ".into();
        let id = doc.id().clone();
        p.apply(Edit::AddDocuments { docs: vec![doc] }, &now)
            .unwrap();
        for (s, e, l) in [
            (6, 26, "GROUP"),
            (55, 58, "PLACE"),
            (40, 58, "EVENT"),
            (12, 26, "GROUP"),
        ] {
            let mut span = p
                .new_span(&id, CharRange::new(s, e), LabelId::new(l), &now)
                .unwrap();
            span.id = crate::model::SpanId(s as u64 * 100 + e as u64);
            p.apply(
                Edit::AddSpan {
                    doc: id.clone(),
                    span,
                },
                &now,
            )
            .unwrap();
        }
        p
    }

    #[test]
    fn round_trip_is_byte_identical_and_readable() {
        let p = sample();
        let text = to_ron_string(&p);
        assert!(
            text.contains("قُتلوا"),
            "diacritics stay as themselves:\n{text}"
        );
        assert!(text.contains("محلّي"));
        assert!(text.contains("\\u{200f}"), "directional marks are visible");
        assert!(text.contains("\\t"));
        assert!(!text.contains("r#\""), "no raw strings");
        let span_lines = text
            .lines()
            .filter(|l| l.trim_start().starts_with("(id:"))
            .count();
        assert_eq!(span_lines, 4, "one span per line:\n{text}");
        let loaded = parse_project(&text, Path::new("x.hamish.ron")).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.project, p);
        assert_eq!(to_ron_string(&loaded.project), text);
    }

    /// The format-1 files committed before format 2 (the sample project and the export
    /// fixture, as they were) open, migrate and save as format 2 with nothing lost.
    #[test]
    fn format_1_files_open_and_migrate() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/format1");
        for name in ["sahel.hamish.ron", "small.hamish.ron"] {
            let path = Path::new(dir).join(name);
            let old = std::fs::read_to_string(&path).unwrap();
            assert!(old.contains("format: 1,"), "{name} is a format-1 file");
            let loaded = load_project(&path).unwrap();
            assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems);
            let p = &loaded.project;
            assert_eq!(p.format, FORMAT_VERSION);
            assert_eq!(
                p.schema().event_types.len(),
                25,
                "{name}: the default taxonomy"
            );
            assert!(!p.schema().relation_types.is_empty());
            assert!(!p.schema().attributes.is_empty());
            let spans = old
                .lines()
                .filter(|l| l.trim_start().starts_with("(id:"))
                .count();
            assert_eq!(p.span_count(), spans, "{name}: every span kept");
            let new = to_ron_string(p);
            assert!(new.contains(&format!("format: {FORMAT_VERSION},")));
            let again = parse_project(&new, &path).unwrap();
            assert_eq!(&again.project, p);
            assert_eq!(
                to_ron_string(&again.project),
                new,
                "{name}: canonical as format 2"
            );
        }
    }

    #[test]
    fn parse_errors_name_line_and_column() {
        let text = to_ron_string(&sample());
        let broken = text.replacen("status:", "status;", 1);
        let err = parse_project(&broken, Path::new("p.hamish.ron")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("p.hamish.ron:"), "{msg}");
        assert!(matches!(err, LoadError::Parse { line, .. } if line > 1));
        let half = (text.len() / 2..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap();
        let truncated = &text[..half];
        assert!(parse_project(truncated, Path::new("p")).is_err());
    }

    #[test]
    fn newer_format_is_refused() {
        let text =
            to_ron_string(&sample()).replacen(&format!("format: {FORMAT_VERSION}"), "format: 9", 1);
        let err = parse_project(&text, Path::new("p")).unwrap_err();
        assert!(
            matches!(err, LoadError::NewerFormat { found: 9, .. }),
            "{err}"
        );
        let text = text.replacen("name:", "brand_new_field: (x: 1), name:", 1);
        assert!(matches!(
            parse_project(&text, Path::new("p")),
            Err(LoadError::NewerFormat { .. })
        ));
    }

    #[test]
    fn invalid_project_is_never_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.hamish.ron");
        let p = sample();
        save_project(&path, &p).unwrap();
        let before = std::fs::read(&path).unwrap();
        let p = crate::model::damaged(&p, |p| p["documents"][0]["spans"][0]["text"] = "غلط".into());
        assert!(matches!(
            save_project(&path, &p),
            Err(SaveError::Invalid { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn non_utf8_file_is_reported_with_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.hamish.ron");
        std::fs::write(&path, b"(\n  name: \"ab\xff\"").unwrap();
        let err = load_project(&path).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::NotUtf8 {
                    line: 2,
                    column: 12,
                    ..
                }
            ),
            "{err}"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Pieces of text that stress the writer: Arabic with marks, emoji, quotes, backslashes,
        /// raw-string lookalikes, control and invisible characters, line breaks.
        fn text() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "ب", "ّ", "ً", "ُ", "ـ", "لا", " ", "\n", "\t", "\r", "\"", "\\", "\\u{64b}", "r#\"",
                "#", "}", "(", ")", ",", "🚀", "👍🏽", "\u{200f}", "\u{200c}", "\u{0}", "\u{7f}",
                "a", "1", "“", "\u{feff}", "\u{301}",
            ]);
            prop::collection::vec(pieces, 1..120).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(96))]
            #[test]
            fn save_then_load_is_identity(
                texts in prop::collection::vec(text(), 1..4),
                note in text(),
                cuts in prop::collection::vec((0usize..1000, 1usize..20, 0usize..3), 0..12),
            ) {
                let now = Timestamp("2026-11-21T09:00:00Z".into());
                let mut p = Project::new(note.clone(), Annotator { id: AnnotatorId("a-1".into()), name: note.clone() });
                let docs: Vec<Document> = texts.iter().enumerate()
                    .map(|(i, t)| Document::new(format!("{i}{note}"), note.clone(), format!("{i}{t}")))
                    .collect();
                p.apply(Edit::AddDocuments { docs }, &now).unwrap();
                for (n, &(start, len, label)) in cuts.iter().enumerate() {
                    let doc = &p.documents()[n % p.documents().len()];
                    let chars = doc.len_chars();
                    let start = start % chars;
                    let end = (start + len).min(chars);
                    if start == end { continue; }
                    let id = doc.id().clone();
                    let mut span = p.new_span(&id, CharRange::new(start, end), LabelId::new(["GROUP", "PLACE", "EVENT"][label]), &now).unwrap();
                    span.note = Some(note.clone());
                    let _ = p.apply(Edit::AddSpan { doc: id, span }, &now);
                }
                let text = to_ron_string(&p);
                let loaded = parse_project(&text, Path::new("p")).unwrap();
                prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
                prop_assert_eq!(&loaded.project, &p);
                prop_assert_eq!(to_ron_string(&loaded.project), text.clone());
                let spans = p.span_count();
                let lines = text.lines().filter(|l| l.trim_start().starts_with("(id:")).count();
                prop_assert_eq!(lines, spans, "one span per line");
            }
        }
    }

    #[test]
    fn the_entity_registry_round_trips_and_files_without_one_still_load() {
        use crate::model::{Entity, EntityId, EntityKind};
        let mut p = sample();
        let plain = to_ron_string(&p);
        assert!(
            !plain.contains("entities"),
            "an empty registry is not written"
        );
        let mut timbuktu = Entity::new(
            EntityId::new("timbuktu"),
            EntityKind::Place,
            "تمبكتو",
            "Timbuktu",
        );
        timbuktu.aliases.push("تنبكتو".into());
        p.apply(
            Edit::AddEntity { entity: timbuktu },
            &Timestamp("2026-11-21T09:00:00Z".into()),
        )
        .unwrap();
        let text = to_ron_string(&p);
        let loaded = parse_project(&text, Path::new("p.hamish.ron")).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.project, p);
        assert_eq!(to_ron_string(&loaded.project), text, "byte for byte");
        let old = parse_project(&plain, Path::new("old.hamish.ron")).unwrap();
        assert!(old.problems.is_empty());
        assert!(old.project.entities().is_empty());
    }
}
