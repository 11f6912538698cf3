//! Checks run on every export before anything is written, on what the format will actually
//! contain: spans sliced back out of the exported text in the format's own unit (scalar values
//! or UTF-16 code units), tokens re-joined to the text, tag sequences valid for their scheme and
//! decoding back to exactly the exported spans.
//!
//! The slicers here build their own tables from the exported string; they share nothing with
//! the code that computed the offsets, so a conversion bug shows up as a problem.

use super::prepare::{PreparedDoc, TagScheme, Tokenized};
use crate::model::{Document, Span};
use std::ops::Range;

/// A problem message naming the document and, when given, the span.
pub fn problem(doc: &Document, span: Option<&Span>, message: impl std::fmt::Display) -> String {
    match span {
        Some(s) => format!(
            "document {:?} ({}), span {} {} {}..{} {:?}: {message}",
            doc.title,
            doc.id(),
            s.id,
            s.label,
            s.start(),
            s.end(),
            s.text()
        ),
        None => format!("document {:?} ({}): {message}", doc.title, doc.id()),
    }
}

/// Slices a string by scalar-value offsets.
pub struct CharSlicer<'t> {
    text: &'t str,
    bytes: Vec<usize>,
}

impl<'t> CharSlicer<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        Self { text, bytes }
    }

    pub fn slice(&self, start: usize, end: usize) -> Option<&'t str> {
        let s = *self.bytes.get(start)?;
        let e = *self.bytes.get(end)?;
        (s <= e).then(|| &self.text[s..e])
    }
}

/// Slices a string by UTF-16 code-unit offsets, the way JavaScript's `String.slice` does.
pub struct Utf16Slicer {
    units: Vec<u16>,
}

impl Utf16Slicer {
    pub fn new(text: &str) -> Self {
        Self {
            units: text.encode_utf16().collect(),
        }
    }

    /// `None` when out of range or when an end falls inside a surrogate pair.
    pub fn slice(&self, start: usize, end: usize) -> Option<String> {
        if start > end || end > self.units.len() {
            return None;
        }
        String::from_utf16(&self.units[start..end]).ok()
    }
}

/// Check that `exported[start..end]` (in the slicer's unit) is the span's text.
pub fn check_slice(
    problems: &mut Vec<String>,
    doc: &Document,
    span: &Span,
    sliced: Option<&str>,
    unit: &str,
) {
    match sliced {
        Some(t) if t == span.text() => {}
        Some(t) => problems.push(problem(
            doc,
            Some(span),
            format!("exported offsets ({unit}) slice {t:?} instead"),
        )),
        None => problems.push(problem(
            doc,
            Some(span),
            format!("exported offsets ({unit}) do not slice the exported text"),
        )),
    }
}

/// Check that a reference a frame makes (`what`, e.g. `event E1 argument Place`) resolves to
/// exported offsets that slice `span`'s text out of the exported text in the format's unit:
/// `sliced` is what the offsets the written id names slice, `None` when the id names nothing.
pub fn check_ref(
    problems: &mut Vec<String>,
    doc: &Document,
    what: &str,
    span: &Span,
    sliced: Option<&str>,
    unit: &str,
) {
    match sliced {
        Some(t) if t == span.text() => {}
        Some(t) => problems.push(problem(
            doc,
            Some(span),
            format!("{what}: the id written resolves to offsets ({unit}) that slice {t:?}"),
        )),
        None => problems.push(problem(
            doc,
            Some(span),
            format!("{what}: the id written does not resolve to an exported span ({unit})"),
        )),
    }
}

/// Check that the tokens written for a document, which carry no offsets, are the text's
/// non-whitespace characters in order (so nothing was dropped, duplicated or reordered).
pub fn check_rejoin_without_space<'a>(
    problems: &mut Vec<String>,
    doc: &Document,
    tokens: impl Iterator<Item = &'a str>,
) {
    let mut expected = doc.text().chars().filter(|c| !c.is_whitespace());
    for (i, tok) in tokens.enumerate() {
        if tok.is_empty() || tok.chars().any(char::is_whitespace) {
            problems.push(problem(
                doc,
                None,
                format!("token {i} {tok:?} is empty or holds whitespace"),
            ));
            return;
        }
        for c in tok.chars() {
            if expected.next() != Some(c) {
                problems.push(problem(
                    doc,
                    None,
                    format!("token {i} {tok:?} does not continue the text"),
                ));
                return;
            }
        }
    }
    if expected.next().is_some() {
        problems.push(problem(
            doc,
            None,
            "the tokens stop before the end of the text",
        ));
    }
}

/// Check that a tag sequence is valid in `scheme`: every entity opens with `B-` (or `S-`) and
/// continues with the same label; in BIOES, closes with `E-`. Returns the first fault.
pub fn validate_tags<S: AsRef<str>>(tags: &[S], scheme: TagScheme) -> Result<(), String> {
    let mut open: Option<&str> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (prefix, label) = split_tag(t).ok_or_else(|| format!("token {i}: bad tag {t:?}"))?;
        let fault = |m: &str| Err(format!("token {i}: {t}: {m}"));
        match (scheme, prefix) {
            (_, 'O') => {
                if scheme == TagScheme::Bioes && open.is_some() {
                    return fault("entity not closed with E-");
                }
                open = None;
            }
            (_, 'B') => {
                if scheme == TagScheme::Bioes && open.is_some() {
                    return fault("entity not closed with E-");
                }
                open = Some(label);
            }
            (_, 'I') => {
                if open != Some(label) {
                    return fault("I- does not continue an entity of the same label");
                }
            }
            (TagScheme::Bioes, 'E') => {
                if open != Some(label) {
                    return fault("E- does not close an entity of the same label");
                }
                open = None;
            }
            (TagScheme::Bioes, 'S') => {
                if open.is_some() {
                    return fault("entity not closed with E-");
                }
            }
            _ => return fault("prefix not allowed in this scheme"),
        }
    }
    if scheme == TagScheme::Bioes && open.is_some() {
        return Err("the last entity is not closed with E-".to_owned());
    }
    Ok(())
}

/// `("B", "GROUP")` for `B-GROUP`, `('O', "")` for `O`; `None` for anything else.
pub fn split_tag(tag: &str) -> Option<(char, &str)> {
    if tag == "O" {
        return Some(('O', ""));
    }
    let mut chars = tag.chars();
    let prefix = chars.next()?;
    let rest = chars.as_str();
    let label = rest.strip_prefix('-').or_else(|| rest.strip_prefix('_'))?;
    (matches!(prefix, 'B' | 'I' | 'E' | 'S' | 'L' | 'U') && !label.is_empty())
        .then_some((prefix, label))
}

/// Entities of a tag sequence, read leniently so that IOB1, IOB2 and BIOES (and BILOU) all
/// decode: `B-`/`S-`/`U-` always open an entity, `I-`/`E-`/`L-` continue one of the same label
/// or open one, `E-`/`S-`/`L-`/`U-` close it. Tags that are not tags are returned as errors by
/// token index.
pub fn decode_tags<S: AsRef<str>>(tags: &[S]) -> (Vec<(Range<usize>, String)>, Vec<usize>) {
    let mut out: Vec<(Range<usize>, String)> = Vec::new();
    let mut bad = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let close = |open: &mut Option<(usize, String)>, end: usize, out: &mut Vec<_>| {
        if let Some((s, l)) = open.take() {
            out.push((s..end, l));
        }
    };
    for (i, t) in tags.iter().enumerate() {
        let Some((prefix, label)) = split_tag(t.as_ref()) else {
            bad.push(i);
            close(&mut open, i, &mut out);
            continue;
        };
        match prefix {
            'O' => close(&mut open, i, &mut out),
            'B' | 'S' | 'U' => {
                close(&mut open, i, &mut out);
                open = Some((i, label.to_owned()));
            }
            _ => {
                if open.as_ref().is_none_or(|(_, l)| l != label) {
                    close(&mut open, i, &mut out);
                    open = Some((i, label.to_owned()));
                }
            }
        }
        if matches!(prefix, 'E' | 'S' | 'L' | 'U') {
            close(&mut open, i + 1, &mut out);
        }
    }
    close(&mut open, tags.len(), &mut out);
    (out, bad)
}

/// Check that every span starts on a token start and ends on a token end, so that the token
/// formats can carry it exactly.
pub fn check_token_alignment(
    problems: &mut Vec<String>,
    pdoc: &PreparedDoc,
    tokenized: &Tokenized,
) {
    for (si, span) in pdoc.spans.iter().enumerate() {
        let r = &tokenized.token_ranges[si];
        let aligned = !r.is_empty()
            && tokenized.tokens[r.start].range.start == span.start()
            && tokenized.tokens[r.end - 1].range.end == span.end();
        if !aligned {
            problems.push(problem(
                pdoc.doc,
                Some(span),
                "the span starts or ends on whitespace, so no token boundary matches it",
            ));
        }
    }
}

/// Decode the tags written for one document (one list per sentence, each tag already
/// validated) and check they give back exactly `expected`: (token range, label) of the spans
/// of that column.
pub fn check_decoded(
    problems: &mut Vec<String>,
    doc: &Document,
    sentences: &[(usize, Vec<String>)],
    mut expected: Vec<(Range<usize>, String)>,
    column: usize,
) {
    let mut got = Vec::new();
    for (first, tags) in sentences {
        let (entities, bad) = decode_tags(tags);
        if let Some(b) = bad.first() {
            problems.push(problem(
                doc,
                None,
                format!("column {column}: token {} has a bad tag", first + b),
            ));
        }
        got.extend(
            entities
                .into_iter()
                .map(|(r, l)| (r.start + first..r.end + first, l)),
        );
    }
    let key = |e: &(Range<usize>, String)| (e.0.start, e.0.end, e.1.clone());
    got.sort_by_key(key);
    expected.sort_by_key(key);
    if got != expected {
        let missing = expected.iter().filter(|e| !got.contains(e)).count();
        let extra = got.iter().filter(|e| !expected.contains(e)).count();
        problems.push(problem(
            doc,
            None,
            format!("tag column {column} decodes to different spans: {missing} lost, {extra} not in the project"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slicers_count_their_own_units() {
        let text = "🙂 غاو";
        let c = CharSlicer::new(text);
        assert_eq!(c.slice(2, 5), Some("غاو"));
        let u = Utf16Slicer::new(text);
        assert_eq!(u.slice(3, 6).as_deref(), Some("غاو"));
        assert_eq!(u.slice(1, 3), None, "inside a surrogate pair");
    }

    #[test]
    fn a_frame_reference_must_resolve_to_the_span_it_names() {
        let mut doc = Document::new("t", "t.txt", "🙂 غاو");
        let span = doc
            .new_span(
                crate::model::CharRange::new(2, 5),
                crate::model::LabelId::new("PLACE"),
                &crate::model::AnnotatorId("a".into()),
                &crate::model::Timestamp("2026-12-02T10:00:00Z".into()),
            )
            .unwrap();
        doc.add_span(span.clone(), None).unwrap();
        let u = Utf16Slicer::new(doc.text());
        let mut problems = Vec::new();
        let unit = "UTF-16 code units";
        check_ref(
            &mut problems,
            &doc,
            "event E1 argument Place",
            &span,
            u.slice(3, 6).as_deref(),
            unit,
        );
        assert!(problems.is_empty());
        // Code points used where UTF-16 was due, and an id that names nothing.
        check_ref(
            &mut problems,
            &doc,
            "event E1 argument Place",
            &span,
            u.slice(2, 5).as_deref(),
            unit,
        );
        check_ref(&mut problems, &doc, "relation R1 Arg2", &span, None, unit);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("event E1 argument Place") && problems[0].contains("slice"));
        assert!(
            problems[1].contains("relation R1 Arg2") && problems[1].contains("does not resolve")
        );
    }

    #[test]
    fn decodes_iob1_iob2_and_bioes_alike() {
        let iob1 = ["I-G", "I-G", "B-G", "O", "I-P"];
        let iob2 = ["B-G", "I-G", "B-G", "O", "B-P"];
        let bioes = ["B-G", "E-G", "S-G", "O", "S-P"];
        let want = vec![(0..2, "G".into()), (2..3, "G".into()), (4..5, "P".into())];
        assert_eq!(decode_tags(&iob1).0, want);
        assert_eq!(decode_tags(&iob2).0, want);
        assert_eq!(decode_tags(&bioes).0, want);
        assert_eq!(decode_tags(&["B-G", "X"]).1, vec![1]);
    }

    #[test]
    fn validates_schemes_strictly() {
        assert!(validate_tags(&["B-G", "I-G", "O"], TagScheme::Iob2).is_ok());
        assert!(validate_tags(&["I-G"], TagScheme::Iob2).is_err());
        assert!(validate_tags(&["B-G", "I-P"], TagScheme::Iob2).is_err());
        assert!(validate_tags(&["S-G"], TagScheme::Iob2).is_err());
        assert!(validate_tags(&["B-G", "E-G", "S-P", "O"], TagScheme::Bioes).is_ok());
        assert!(validate_tags(&["B-G", "O"], TagScheme::Bioes).is_err());
        assert!(validate_tags(&["B-G"], TagScheme::Bioes).is_err());
    }
}
