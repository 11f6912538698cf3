//! Reading a brat folder: every `NAME.ann` beside a `NAME.txt` (sorted by name). Text-bound
//! lines `T1<TAB>Label START END[;START END]<TAB>text` become spans from the first start to the
//! last end (offsets in scalar values); `#N<TAB>AnnotatorNotes T1<TAB>note` lines become notes.
//! Relations, events and attributes are counted in a notice; malformed lines are reported with
//! file and line.

use super::line_ends::Normalized;
use super::{ImportedDoc, ImportedSpan, LineProblem, Location, Parsed, read_utf8};
use std::collections::HashMap;
use std::path::Path;

pub fn read(dir: &Path) -> Result<Parsed, std::io::Error> {
    let mut anns: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut out = Parsed::default();
    let mut skipped = 0;
    for ann in anns {
        let txt = ann.with_extension("txt");
        let text = match read_utf8(&txt) {
            Ok(t) => t,
            Err(e) => {
                out.problems.push(LineProblem {
                    at: Location::line(&ann, 1),
                    message: format!("cannot read {}: {e}", txt.display()),
                });
                continue;
            }
        };
        let content = match read_utf8(&ann) {
            Ok(c) => c,
            Err(e) => {
                out.problems.push(LineProblem {
                    at: Location::line(&ann, 1),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let (doc, problems, n) = parse_document(&ann, &content, &text);
        out.docs.push(doc);
        out.problems.extend(problems);
        skipped += n;
    }
    if skipped > 0 {
        out.notices.push(format!(
            "{}: {skipped} relation, event, attribute or other non-span line(s) not imported",
            dir.display()
        ));
    }
    Ok(out)
}

/// One brat document from the contents of its `.ann` file and of its `.txt` file (`ann` names
/// the `.ann` file in problems): the document, the problems, and how many non-span lines
/// (relations, events, attributes) were skipped.
pub fn parse_document(
    ann: &Path,
    content: &str,
    text: &str,
) -> (ImportedDoc, Vec<LineProblem>, usize) {
    let txt = ann.with_extension("txt");
    let mut problems = Vec::new();
    let mut skipped = 0;
    let norm = Normalized::new(text);
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<ImportedSpan> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, line) in content.lines().enumerate() {
        let at = Location::line(ann, i + 1);
        let problem = |message: String| LineProblem {
            at: at.clone(),
            message,
        };
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let id = fields[0];
        if id.starts_with('T') {
            match text_bound(&fields, &chars, &norm) {
                Ok((start, end, label)) => {
                    by_id.insert(id.to_owned(), spans.len());
                    spans.push(ImportedSpan {
                        start,
                        end,
                        label,
                        note: None,
                        origin: at.clone(),
                    });
                }
                Err(m) => problems.push(problem(m)),
            }
        } else if id.starts_with('#') {
            let target = fields
                .get(1)
                .and_then(|f| f.strip_prefix("AnnotatorNotes "));
            match (target, fields.get(2)) {
                (Some(t), Some(note)) => match by_id.get(t.trim()) {
                    Some(&k) => spans[k].note = Some((*note).to_owned()),
                    None => problems.push(problem(format!("note for unknown {t}"))),
                },
                _ => skipped += 1,
            }
        } else if matches!(id.chars().next(), Some('R' | 'E' | 'A' | 'M' | 'N' | '*')) {
            skipped += 1;
        } else {
            problems.push(problem(format!("unrecognised line {line:?}")));
        }
    }
    let doc = ImportedDoc {
        title: ann
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        source: txt
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        text: norm.text,
        spans,
    };
    (doc, problems, skipped)
}

/// Parse the fields of a `T` line and check its text against the `.txt`.
fn text_bound(
    fields: &[&str],
    chars: &[char],
    norm: &Normalized,
) -> Result<(crate::model::CharOffset, crate::model::CharOffset, String), String> {
    let spec = fields.get(1).ok_or("no type and offsets")?;
    let (label, ranges) = spec.split_once(' ').ok_or("no offsets after the type")?;
    let mut pieces = Vec::new();
    for r in ranges.split(';') {
        let (s, e) = r
            .trim()
            .split_once(' ')
            .ok_or_else(|| format!("bad offsets {r:?}"))?;
        let s: usize = s.parse().map_err(|_| format!("bad offset {s:?}"))?;
        let e: usize = e.parse().map_err(|_| format!("bad offset {e:?}"))?;
        if s >= e || e > chars.len() {
            return Err(format!("offsets {s} {e} are empty or outside the text"));
        }
        pieces.push((s, e));
    }
    let first = pieces.iter().map(|p| p.0).min().ok_or("no offsets")?;
    let last = pieces.iter().map(|p| p.1).max().ok_or("no offsets")?;
    if let Some(expected) = fields.get(2) {
        let found: Vec<String> = pieces
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        if found.join(" ") != *expected {
            return Err(format!(
                "offsets cover {:?}, but the line says {expected:?}",
                found.join(" ")
            ));
        }
    }
    let (Some(start), Some(end)) = (norm.map(first), norm.map(last)) else {
        return Err("offsets outside the text".into());
    };
    Ok((start, end, label.to_owned()))
}
