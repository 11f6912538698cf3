//! Reading CoNLL: one token per line, the token first and the tag last (or, when the second
//! column is already a tag, every column after the token is a tag layer, as written by
//! `hamish export --nested columns`); blank lines end sentences; `-DOCSTART-` starts a new
//! document. IOB1, IOB2 and BIOES are all read by [`decode_tags`].
//!
//! CoNLL carries no text, so the text is rebuilt: tokens joined with one space, sentences with
//! a line end. Offsets into that text are scalar values.

use super::{ImportedDoc, ImportedSpan, LineProblem, Location, Parsed, read_utf8};
use crate::format::export::verify::{decode_tags, split_tag};
use crate::model::CharOffset;
use std::path::Path;

/// The most tag columns a line may have (one per layer of nested spans); more are reported and
/// ignored, so a hostile line cannot multiply the work by the length of its sentence.
pub const MAX_TAG_COLUMNS: usize = 32;

/// One sentence being collected: tokens, each token's tags (one per column it has), and the
/// line of each token. Borrowed from the input: a token costs no more than its line.
#[derive(Default)]
struct Sentence<'a> {
    tokens: Vec<&'a str>,
    tags: Vec<Vec<&'a str>>,
    lines: Vec<usize>,
    /// The most columns any token of the sentence has.
    columns: usize,
}

#[derive(Default)]
struct DocBuilder {
    text: String,
    len_chars: usize,
    spans: Vec<ImportedSpan>,
    first_line: usize,
}

pub fn read(path: &Path) -> Result<Parsed, std::io::Error> {
    Ok(parse(&read_utf8(path)?, path))
}

/// Parse the contents of a CoNLL file; `path` names it in titles and problems.
pub fn parse(content: &str, path: &Path) -> Parsed {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = Parsed::default();
    let mut doc = DocBuilder::default();
    let mut sentence = Sentence::default();
    let finish_doc = |doc: &mut DocBuilder, out: &mut Parsed| {
        let d = std::mem::take(doc);
        if !d.text.is_empty() {
            let n = out.docs.len() + 1;
            out.docs.push(ImportedDoc::with_spans(
                format!("{stem} {n}"),
                format!("{}:{}", path.display(), d.first_line),
                d.text,
                d.spans,
            ));
        }
    };
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            add_sentence(
                &mut doc,
                std::mem::take(&mut sentence),
                path,
                &mut out.problems,
            );
            continue;
        }
        if cols[0] == "-DOCSTART-" {
            add_sentence(
                &mut doc,
                std::mem::take(&mut sentence),
                path,
                &mut out.problems,
            );
            finish_doc(&mut doc, &mut out);
            continue;
        }
        if cols.len() < 2 {
            out.problems.push(LineProblem {
                at: Location::line(path, n),
                message: format!("expected a token and a tag, found {line:?}"),
            });
            continue;
        }
        let mut tags: Vec<&str> = if split_tag(cols[1]).is_some() {
            cols[1..].to_vec()
        } else {
            vec![cols[cols.len() - 1]]
        };
        if tags.len() > MAX_TAG_COLUMNS {
            out.problems.push(LineProblem {
                at: Location::line(path, n),
                message: format!(
                    "{} tag columns; only the first {MAX_TAG_COLUMNS} are read",
                    tags.len()
                ),
            });
            tags.truncate(MAX_TAG_COLUMNS);
        }
        if doc.text.is_empty() && sentence.tokens.is_empty() {
            doc.first_line = n;
        }
        sentence.columns = sentence.columns.max(tags.len());
        sentence.tags.push(tags);
        sentence.tokens.push(cols[0]);
        sentence.lines.push(n);
    }
    add_sentence(&mut doc, sentence, path, &mut out.problems);
    finish_doc(&mut doc, &mut out);
    out
}

/// Append a sentence's tokens to the document's text and its entities to its spans.
fn add_sentence(doc: &mut DocBuilder, s: Sentence, path: &Path, problems: &mut Vec<LineProblem>) {
    if s.tokens.is_empty() {
        return;
    }
    if !doc.text.is_empty() {
        doc.text.push('\n');
        doc.len_chars += 1;
    }
    let mut starts = Vec::with_capacity(s.tokens.len());
    let mut ends = Vec::with_capacity(s.tokens.len());
    for (k, t) in s.tokens.iter().enumerate() {
        if k > 0 {
            doc.text.push(' ');
            doc.len_chars += 1;
        }
        starts.push(doc.len_chars);
        doc.text.push_str(t);
        doc.len_chars += t.chars().count();
        ends.push(doc.len_chars);
    }
    for c in 0..s.columns {
        // Tokens with fewer columns than others are outside this layer's spans.
        let col: Vec<&str> = s
            .tags
            .iter()
            .map(|t| t.get(c).copied().unwrap_or("O"))
            .collect();
        let (entities, bad) = decode_tags(&col);
        for b in bad {
            problems.push(LineProblem {
                at: Location::line(path, s.lines[b]),
                message: format!("{:?} is not a tag (O, B-X, I-X, E-X, S-X)", col[b]),
            });
        }
        for (r, label) in entities {
            doc.spans.push(ImportedSpan {
                start: CharOffset(starts[r.start]),
                end: CharOffset(ends[r.end - 1]),
                label,
                note: None,
                attrs: Vec::new(),
                entity: None,
                origin: Location::line(path, s.lines[r.start]),
            });
        }
    }
}
