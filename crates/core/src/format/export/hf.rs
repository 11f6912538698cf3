//! Hugging Face token-classification export: a folder with `data.jsonl` (one row per sentence:
//! `id`, `doc_id`, `tokens`, `ner_tags` as integers) and `labels.json` (the tag names, index =
//! integer, `O` first), for `datasets.load_dataset("json", ...)` with a `ClassLabel` feature.
//!
//! No character offsets survive in this format; the tokens (cut at every span boundary) are the
//! contract. Only the outermost layer of spans fits one tag per token; others are counted in a
//! notice.

use super::ExportFile;
use super::prepare::Prepared;
use super::verify::{
    check_decoded, check_rejoin_without_space, check_token_alignment, problem, validate_tags,
};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    doc_id: &'a str,
    tokens: Vec<&'a str>,
    ner_tags: Vec<usize>,
}

pub fn export(
    prepared: &Prepared,
    notices: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> Vec<ExportFile> {
    let names = prepared.tag_names();
    let number: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut out = Vec::new();
    let mut dropped = 0;
    for pdoc in &prepared.docs {
        let tok = pdoc.tokenized(prepared);
        check_token_alignment(problems, pdoc, &tok);
        dropped += tok.layers.iter().skip(1).map(Vec::len).sum::<usize>();
        let mut written = Vec::new();
        let mut all_words = Vec::with_capacity(tok.tokens.len());
        for (n, sentence) in tok.sentences(pdoc.doc.text(), 1).into_iter().enumerate() {
            let words: Vec<&str> = sentence
                .clone()
                .map(|k| pdoc.slice(tok.tokens[k].range).unwrap_or_default())
                .collect();
            let tags: Vec<String> = sentence
                .clone()
                .map(|k| {
                    tok.tags
                        .first()
                        .map_or_else(|| "O".to_owned(), |t| prepared.tag_name(t[k]))
                })
                .collect();
            if let Err(e) = validate_tags(&tags, prepared.scheme) {
                problems.push(problem(pdoc.doc, None, format!("row {n}: {e}")));
            }
            let ner_tags = tags
                .iter()
                .map(|t| number.get(t.as_str()).copied().unwrap_or(0))
                .collect();
            // Verify the integers, not the strings: map them back through the label list.
            let named: Vec<String> = tags
                .iter()
                .map(|t| {
                    number
                        .get(t.as_str())
                        .map_or_else(|| "?".to_owned(), |&i| names[i].clone())
                })
                .collect();
            written.push((sentence.start, named));
            all_words.extend(words.iter().copied());
            let row = Row {
                id: format!("{}-{n:04}", pdoc.doc.id()),
                doc_id: pdoc.doc.id().as_str(),
                tokens: words,
                ner_tags,
            };
            serde_json::to_writer(&mut out, &row).expect("writing JSON to memory cannot fail");
            out.push(b'\n');
        }
        check_rejoin_without_space(problems, pdoc.doc, all_words.into_iter());
        let expected = tok.expected_layer(&pdoc.spans, 0);
        check_decoded(problems, pdoc.doc, &written, expected, 1);
    }
    if dropped > 0 {
        notices.push(format!(
            "{dropped} nested or overlapping span(s) could not be represented in ner_tags"
        ));
    }
    let mut labels = serde_json::to_vec_pretty(&names).expect("writing JSON to memory cannot fail");
    labels.push(b'\n');
    vec![
        ExportFile {
            path: PathBuf::from("data.jsonl"),
            contents: out,
        },
        ExportFile {
            path: PathBuf::from("labels.json"),
            contents: labels,
        },
    ]
}
