//! Regression tests for what fuzzing (fuzz/, see ARCHITECTURE.md "Hostile input") found in the
//! readers, each the smallest input that showed the fault. The same inputs are in
//! `fuzz/regressions/TARGET/`, replayed by every fuzz pass.

use super::import::{LabelMap, conll, merge};
use crate::model::{Annotator, Project, Timestamp};
use std::path::Path;

fn now() -> Timestamp {
    Timestamp("2026-01-01T00:00:00Z".into())
}

/// CoNLL: a line with many tag columns after a long sentence filled every earlier token with
/// an `O` per column, a `String` each: 220 MB for a 15 KB input. Tags are now borrowed from the
/// input and a line's columns are capped at `MAX_TAG_COLUMNS`.
#[test]
fn conll_many_tag_columns_after_a_long_sentence_cost_in_proportion() {
    let input = format!("{}a{}\n", "a O\n".repeat(3000), " O".repeat(1500));
    let parsed = conll::parse(&input, Path::new("wide.conll"));
    assert_eq!(parsed.docs.len(), 1);
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert!(
        parsed.problems[0].message.contains("1500 tag columns"),
        "{}",
        parsed.problems[0]
    );
    assert_eq!(parsed.problems[0].at.at, "3001");

    // Layers still line up when tokens have different numbers of columns.
    let parsed = conll::parse(
        "هجوم B-EVENT\nجماعة I-EVENT B-GROUP\nنصرة I-EVENT I-GROUP\nفي O\n",
        Path::new("layers.conll"),
    );
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let mut spans: Vec<(usize, usize, String)> = parsed.docs[0]
        .spans
        .iter()
        .map(|s| (s.start.0, s.end.0, s.label.clone()))
        .collect();
    spans.sort();
    assert_eq!(
        spans,
        [(0, 15, "EVENT".into()), (5, 15, "GROUP".into())],
        "{spans:?}"
    );
    let mut p = Project::new("p", Annotator::new("A"));
    let merged = merge(&p, parsed.docs, &LabelMap::default(), &now());
    p.apply(merged.edit.unwrap(), &now()).unwrap();
    assert!(p.validate().is_empty());
}

/// RON nested 10,000 deep (in a field Hamish does not know, which RON skips by parsing it):
/// refused at RON's recursion limit, quickly and without a stack overflow, in words an analyst
/// can act on rather than RON's advice to change its options.
#[test]
fn a_project_file_nested_ten_thousand_deep_is_refused_plainly() {
    for (open, close) in [("[", "]"), ("(a: ", ")"), ("Some(", ")"), ("{", "}")] {
        let text = format!(
            "(format: 1, name: \"n\", extra: {}{}, annotator: (id: \"a\", name: \"b\"), schema: (labels: []), documents: [])",
            open.repeat(10_000),
            close.repeat(10_000)
        );
        let err = super::parse_project(&text, Path::new("deep.hamish.ron")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("nested too deeply"), "{open}: {message}");
        assert!(!message.contains("serde_stacker"), "{message}");
    }
}
