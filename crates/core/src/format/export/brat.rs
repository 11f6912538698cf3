//! brat standoff export: a folder with `NAME.txt` (the text, byte for byte) and `NAME.ann` per
//! document, plus `annotation.conf` (the entity types, overlaps allowed) and `visual.conf`
//! (display names and our label colours).
//!
//! Offsets are scalar values (code points), end exclusive. A span that covers a line end is
//! written as a discontinuous span `START END;START END` split at the line ends (brat cannot put
//! a line end in the `.ann` text field); fragments' texts are joined with a space. Span notes
//! become `#N AnnotatorNotes TN` lines. Names come from titles through [`super::names`].

use super::ExportFile;
use super::names::UniqueNames;
use super::prepare::Prepared;
use super::verify::{CharSlicer, check_slice, problem};
use crate::model::Span;
use std::fmt::Write;
use std::path::PathBuf;

/// brat accepts type names of ASCII letters, digits, `-` and `_`, starting with a letter.
pub fn valid_type_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The fragments of a span: its range cut at every line end, empty pieces dropped.
fn fragments(span: &Span) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = span.start().0;
    for (i, c) in span.text().chars().enumerate() {
        let at = span.start().0 + i;
        if c == '\n' {
            if start < at {
                out.push((start, at));
            }
            start = at + 1;
        }
    }
    if start < span.end().0 {
        out.push((start, span.end().0));
    }
    out
}

pub fn export(prepared: &Prepared, problems: &mut Vec<String>) -> Vec<ExportFile> {
    let mut files = Vec::with_capacity(prepared.docs.len() * 2 + 2);
    let mut names = UniqueNames::default();
    names.reserve("annotation");
    names.reserve("visual");
    names.reserve("tools");
    names.reserve("kb_shortcuts");
    for pdoc in &prepared.docs {
        let name = names.name_for(&pdoc.doc.title);
        let text = pdoc.doc.text();
        let slicer = CharSlicer::new(text);
        let mut ann = String::new();
        let mut note_no = 0;
        for (i, span) in pdoc.spans.iter().enumerate() {
            let t = i + 1;
            if span.text().starts_with('\n') || span.text().ends_with('\n') {
                problems.push(problem(
                    pdoc.doc,
                    Some(span),
                    "brat cannot carry a span that starts or ends with a line end",
                ));
                continue;
            }
            let frags = fragments(span);
            if frags.is_empty() {
                problems.push(problem(
                    pdoc.doc,
                    Some(span),
                    "the span covers only line ends",
                ));
                continue;
            }
            let ranges: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
            let texts: Vec<&str> = frags
                .iter()
                .map(|&(s, e)| slicer.slice(s, e).unwrap_or_default())
                .collect();
            let _ = writeln!(
                ann,
                "T{t}\t{} {}\t{}",
                span.label,
                ranges.join(";"),
                texts.join(" ")
            );
            if let Some(note) = &span.note {
                note_no += 1;
                let one_line: String = note
                    .chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                    .collect();
                let _ = writeln!(ann, "#{note_no}\tAnnotatorNotes T{t}\t{one_line}");
            }
            // Verify: each fragment slices line-free text, and the whole extent is the span.
            let first = frags[0].0;
            let last = frags[frags.len() - 1].1;
            if texts.iter().any(|t| t.contains('\n')) {
                problems.push(problem(pdoc.doc, Some(span), "a fragment holds a line end"));
            }
            let whole = slicer.slice(first, last).map(|w| {
                // Leading or trailing line ends are outside the fragments but inside the span.
                (span.start().0 < first || last < span.end().0, w)
            });
            match whole {
                Some((false, w)) => check_slice(problems, pdoc.doc, span, Some(w), "code points"),
                Some((true, _)) => check_slice(
                    problems,
                    pdoc.doc,
                    span,
                    slicer.slice(span.start().0, span.end().0),
                    "code points",
                ),
                None => check_slice(problems, pdoc.doc, span, None, "code points"),
            }
        }
        files.push(ExportFile {
            path: PathBuf::from(format!("{name}.txt")),
            contents: text.as_bytes().to_vec(),
        });
        files.push(ExportFile {
            path: PathBuf::from(format!("{name}.ann")),
            contents: ann.into_bytes(),
        });
    }
    let mut conf =
        String::from("# Written by Hamish: entity types of the project's schema.\n[entities]\n");
    let mut visual =
        String::from("# Written by Hamish: display names and colours of the schema.\n[labels]\n");
    let mut drawing = String::from("\n[drawing]\n");
    for id in &prepared.labels {
        if !valid_type_name(id.as_str()) {
            problems.push(format!("label {id:?} is not a valid brat type name (ASCII letters, digits, - and _, starting with a letter)"));
        }
        let _ = writeln!(conf, "{id}");
        if let Some(label) = prepared.project.schema().label(id) {
            let _ = writeln!(visual, "{id} | {}", label.name.replace('|', "/"));
            let _ = writeln!(drawing, "{id}\tbgColor:{}", label.color);
        }
    }
    conf.push_str("\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n");
    visual.push_str(&drawing);
    files.push(ExportFile {
        path: PathBuf::from("annotation.conf"),
        contents: conf.into_bytes(),
    });
    files.push(ExportFile {
        path: PathBuf::from("visual.conf"),
        contents: visual.into_bytes(),
    });
    files
}
