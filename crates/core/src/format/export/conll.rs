//! CoNLL export: one token per line as `TOKEN TAG` (space separated), a blank line after each
//! sentence, and `-DOCSTART- O` before each document. Tags are IOB2 by default or BIOES.
//!
//! No offsets are written: the tokens are the contract. Tokens come from
//! [`crate::text::tokenize`] cut at every span boundary, so a span after a proclitic (`و` +
//! `تمبكتو`) keeps its own token. Sentences are never split inside a span. Spans inside or
//! across other spans go to further layers: by default only the outermost layer is written and
//! the rest are counted in a notice; with [`Layering::Columns`] each layer gets a tag column.

use super::ExportFile;
use super::prepare::{Layering, Prepared};
use super::verify::{
    check_decoded, check_rejoin_without_space, check_token_alignment, problem, validate_tags,
};

/// Build the single `.conll` file.
pub fn export(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let docs: Vec<_> = prepared
        .docs
        .iter()
        .map(|d| (d, d.tokenized(prepared)))
        .collect();
    let columns = match prepared.layering {
        Layering::Outermost => 1,
        Layering::Columns => docs
            .iter()
            .map(|(_, t)| t.layers.len())
            .max()
            .unwrap_or(1)
            .max(1),
    };
    let dropped: usize = docs
        .iter()
        .map(|(_, t)| t.layers.iter().skip(columns).map(Vec::len).sum::<usize>())
        .sum();
    if dropped > 0 {
        notices.push(format!(
            "{dropped} nested or overlapping span(s) could not be represented in the tag column (use --nested columns to write them)"
        ));
    }
    let mut out = String::with_capacity(docs.iter().map(|(d, _)| d.doc.text().len() * 2).sum());
    for (pdoc, tok) in &docs {
        check_token_alignment(problems, pdoc, tok);
        out.push_str("-DOCSTART-");
        for _ in 0..columns {
            out.push_str(" O");
        }
        out.push_str("\n\n");
        let sentences = tok.sentences(pdoc.doc.text(), columns);
        // Per column: (first token, tags) per sentence, for verification.
        let mut written: Vec<Vec<(usize, Vec<String>)>> = vec![Vec::new(); columns];
        let mut words: Vec<&str> = Vec::with_capacity(tok.tokens.len());
        for sentence in &sentences {
            let mut tag_cols: Vec<Vec<String>> = vec![Vec::with_capacity(sentence.len()); columns];
            for k in sentence.clone() {
                let word = pdoc.slice(tok.tokens[k].range).unwrap_or_default();
                words.push(word);
                out.push_str(word);
                for (c, col) in tag_cols.iter_mut().enumerate() {
                    let tag = tok
                        .tags
                        .get(c)
                        .map_or_else(|| "O".to_owned(), |t| prepared.tag_name(t[k]));
                    out.push(' ');
                    out.push_str(&tag);
                    col.push(tag);
                }
                out.push('\n');
            }
            out.push('\n');
            for (c, col) in tag_cols.into_iter().enumerate() {
                if let Err(e) = validate_tags(&col, prepared.scheme) {
                    problems.push(problem(
                        pdoc.doc,
                        None,
                        format!(
                            "column {}: sentence at token {}: {e}",
                            c + 1,
                            sentence.start
                        ),
                    ));
                }
                written[c].push((sentence.start, col));
            }
        }
        check_rejoin_without_space(problems, pdoc.doc, words.into_iter());
        for (c, sents) in written.iter().enumerate() {
            let expected = tok.expected_layer(&pdoc.spans, c);
            check_decoded(problems, pdoc.doc, sents, expected, c + 1);
        }
    }
    vec![ExportFile {
        path: Default::default(),
        contents: out.into_bytes(),
    }]
}
