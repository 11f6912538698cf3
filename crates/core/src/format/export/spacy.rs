//! spaCy / Prodigy JSONL export: one line per document with `text`, `tokens` (`text`, `start`,
//! `end`, `id`, `ws`) and `spans` (`start`, `end`, `token_start`, `token_end`, `label`).
//!
//! Offsets are scalar values (Python `str` indices); `token_end` is inclusive, as in Prodigy.
//! A span linked to a registry entity carries its id as `kb_id` (what `Span(…, kb_id=…)` and
//! `span.kb_id_` hold in spaCy).
//! `spans` holds the outermost, non-overlapping layer (for `doc.ents`); spans inside or across
//! them are in `overlapping_spans` (for `doc.spans`). The tokens are ready for
//! `Doc(vocab, words, spaces)`: `ws` is a single following space, and any other whitespace
//! (line ends, runs of spaces) is a token of its own, as spaCy's tokenizer would make it, so
//! the words and spaces give back the text exactly.

use super::ExportFile;
use super::prepare::{Prepared, PreparedDoc};
use super::verify::{CharSlicer, check_slice, check_token_alignment, problem};
use crate::model::{CharRange, Span};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    title: &'a str,
    text: &'a str,
    tokens: Vec<SpacyToken<'a>>,
    spans: Vec<SpacySpan<'a>>,
    overlapping_spans: Vec<SpacySpan<'a>>,
}

#[derive(Serialize)]
struct SpacyToken<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct SpacySpan<'a> {
    start: usize,
    end: usize,
    token_start: usize,
    /// Inclusive.
    token_end: usize,
    label: &'a str,
    /// The linked entity's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    kb_id: Option<&'a str>,
}

/// Add the whitespace `s..e` (if any) as a token of its own.
fn push_ws<'a>(tokens: &mut Vec<SpacyToken<'a>>, pdoc: &PreparedDoc<'a>, s: usize, e: usize) {
    if s < e {
        let id = tokens.len();
        tokens.push(SpacyToken {
            text: pdoc.slice(CharRange::new(s, e)).unwrap_or_default(),
            start: s,
            end: e,
            id,
            ws: false,
        });
    }
}

pub fn export(prepared: &Prepared, problems: &mut Vec<String>) -> Vec<ExportFile> {
    let mut out = Vec::new();
    for pdoc in &prepared.docs {
        let tok = pdoc.tokenized(prepared);
        check_token_alignment(problems, pdoc, &tok);
        let text = pdoc.doc.text();
        let n = pdoc.len_chars();
        let mut tokens: Vec<SpacyToken> = Vec::with_capacity(tok.tokens.len() + 8);
        // Index in `tokens` of each of our tokens.
        let mut index = Vec::with_capacity(tok.tokens.len());
        let first = tok.tokens.first().map_or(n, |t| t.range.start.0);
        push_ws(&mut tokens, pdoc, 0, first);
        for (k, t) in tok.tokens.iter().enumerate() {
            let next = tok.tokens.get(k + 1).map_or(n, |t| t.range.start.0);
            let (s, e) = (t.range.start.0, t.range.end.0);
            let gap = pdoc.slice(CharRange::new(e, next)).unwrap_or_default();
            let ws = gap.starts_with(' ');
            index.push(tokens.len());
            let id = tokens.len();
            tokens.push(SpacyToken {
                text: pdoc.slice(t.range).unwrap_or_default(),
                start: s,
                end: e,
                id,
                ws,
            });
            push_ws(&mut tokens, pdoc, e + usize::from(ws), next);
        }
        let to_span = |si: usize| {
            let span: &Span = pdoc.spans[si];
            let r = tok.token_ranges[si].clone();
            SpacySpan {
                start: span.start().0,
                end: span.end().0,
                token_start: index.get(r.start).copied().unwrap_or(0),
                token_end: index.get(r.end.saturating_sub(1)).copied().unwrap_or(0),
                label: span.label.as_str(),
                kb_id: span.entity.as_ref().map(|e| e.as_str()),
            }
        };
        let spans: Vec<SpacySpan> = tok
            .layers
            .first()
            .map(|l| l.iter().map(|&si| to_span(si)).collect())
            .unwrap_or_default();
        let overlapping: Vec<SpacySpan> = tok
            .layers
            .iter()
            .skip(1)
            .flatten()
            .map(|&si| to_span(si))
            .collect();

        // Verification on what is written.
        let slicer = CharSlicer::new(text);
        let mut rebuilt = String::with_capacity(text.len());
        for t in &tokens {
            rebuilt.push_str(t.text);
            if t.ws {
                rebuilt.push(' ');
            }
            if slicer.slice(t.start, t.end) != Some(t.text) {
                problems.push(problem(
                    pdoc.doc,
                    None,
                    format!("token {} offsets do not slice its text", t.id),
                ));
            }
        }
        if rebuilt != text {
            problems.push(problem(
                pdoc.doc,
                None,
                "words and spaces do not give back the text",
            ));
        }
        for s in spans.iter().chain(&overlapping) {
            let Some(span) = pdoc.spans.iter().find(|x| {
                x.start().0 == s.start && x.end().0 == s.end && x.label.as_str() == s.label
            }) else {
                continue;
            };
            check_slice(
                problems,
                pdoc.doc,
                span,
                slicer.slice(s.start, s.end),
                "scalar values",
            );
            let aligned = tokens
                .get(s.token_start)
                .is_some_and(|t| t.start == s.start)
                && tokens.get(s.token_end).is_some_and(|t| t.end == s.end);
            if !aligned {
                problems.push(problem(
                    pdoc.doc,
                    Some(span),
                    "token_start/token_end do not match the offsets",
                ));
            }
        }
        let line = Line {
            id: pdoc.doc.id().as_str(),
            title: &pdoc.doc.title,
            text,
            tokens,
            spans,
            overlapping_spans: overlapping,
        };
        serde_json::to_writer(&mut out, &line).expect("writing JSON to memory cannot fail");
        out.push(b'\n');
    }
    vec![ExportFile {
        path: Default::default(),
        contents: out,
    }]
}
