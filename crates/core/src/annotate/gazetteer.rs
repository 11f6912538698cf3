//! Gazetteer pre-annotation: a `surface<TAB>label` list applied to every document, as one batch.

use super::candidates::{Scope, accept_edit, find_candidates};
use crate::model::{DocId, Edit, EditError, LabelId, Project, Span, SpanId, Timestamp};
use std::collections::{BTreeMap, HashMap, HashSet};
use thiserror::Error;

/// One line of a gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    pub surface: String,
    pub label: LabelId,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GazetteerError {
    #[error("line {line}: expected `surface<TAB>label`, found {text:?}")]
    Malformed { line: usize, text: String },
    #[error("line {line}: label {label} is not in the project's schema")]
    UnknownLabel { line: usize, label: String },
}

/// Parse TSV lines; blank lines and lines starting with `#` are skipped.
pub fn parse_gazetteer(
    text: &str,
    project: &Project,
) -> Result<Vec<GazetteerEntry>, GazetteerError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_start_matches('\u{feff}').trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(surface), Some(label), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(GazetteerError::Malformed {
                line: i + 1,
                text: line.to_owned(),
            });
        };
        let (surface, label) = (surface.trim(), label.trim());
        if surface.is_empty() || label.is_empty() {
            return Err(GazetteerError::Malformed {
                line: i + 1,
                text: line.to_owned(),
            });
        }
        let label = LabelId::new(label);
        if !project.schema.contains(&label) {
            return Err(GazetteerError::UnknownLabel {
                line: i + 1,
                label: label.to_string(),
            });
        }
        out.push(GazetteerEntry {
            surface: surface.to_owned(),
            label,
        });
    }
    Ok(out)
}

/// The batch that annotates every occurrence of every entry in every document, and how many
/// spans it adds per label. Longer surfaces go first, so "جماعة نصرة الإسلام" wins over
/// "نصرة الإسلام" for the same label.
pub fn annotate_gazetteer(
    project: &Project,
    entries: &[GazetteerEntry],
    now: &Timestamp,
) -> Result<(Edit, BTreeMap<LabelId, usize>), EditError> {
    let mut order: Vec<&GazetteerEntry> = entries.iter().collect();
    order.sort_by_key(|e| std::cmp::Reverse(e.surface.chars().count()));
    // Work on a scratch copy so later entries see the spans earlier ones add.
    let mut scratch = project.clone();
    let mut counts: BTreeMap<LabelId, usize> =
        entries.iter().map(|e| (e.label.clone(), 0)).collect();
    let mut used: HashSet<SpanId> = scratch
        .documents
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| s.id))
        .collect();
    let doc_index: HashMap<DocId, usize> = scratch
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    let mut added: Vec<(usize, Span)> = Vec::new();
    for entry in order {
        let candidates = find_candidates(&scratch, &entry.label, &entry.surface, &Scope::All);
        if candidates.is_empty() {
            continue;
        }
        let Edit::Batch { edits: batch } = accept_edit(&scratch, &candidates, &entry.label, now)?
        else {
            unreachable!("accept_edit returns a batch");
        };
        *counts.entry(entry.label.clone()).or_default() += batch.len();
        // The scratch copy only guides the later entries (which spans exist, which words are
        // known); the returned edit is checked in full when it is applied. Each document's
        // new spans join its sorted ones in one merge, not one insertion each (a million
        // spans inserted one by one into the middle of a list is quadratic).
        let mut per_doc: HashMap<usize, Vec<Span>> = HashMap::new();
        for edit in batch {
            if let Edit::AddSpan { doc, mut span } = edit {
                // Random ids collide now and then among a million spans: draw again.
                while !used.insert(span.id) {
                    span.id = SpanId::random();
                }
                let index = doc_index[&doc];
                per_doc.entry(index).or_default().push(span.clone());
                added.push((index, span));
            }
        }
        for (index, mut spans) in per_doc {
            let doc = &mut scratch.documents[index];
            doc.spans.append(&mut spans);
            doc.sort_spans();
        }
    }
    // In document and reading order, so applying the batch appends to each document's spans
    // wherever it can instead of inserting in the middle.
    added.sort_by(|(a, x), (b, y)| (a, x.sort_key()).cmp(&(b, y.sort_key())));
    let edits: Vec<Edit> = added
        .into_iter()
        .map(|(index, span)| Edit::AddSpan {
            doc: project.documents[index].id.clone(),
            span,
        })
        .collect();
    Ok((Edit::Batch { edits }, counts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotator, Document};

    fn project() -> Project {
        let mut p = Project::new("t", Annotator::new("A"));
        let docs = vec![
            Document::new("1", "", "تبنت جماعة نصرة الإسلام هجوما في بوركينا فاسو."),
            Document::new("2", "", "قالت نصرة الإسلام إن مقاتليها دخلوا وتمبكتو."),
        ];
        p.apply(Edit::AddDocuments { docs }, &Timestamp::now())
            .unwrap();
        p
    }

    #[test]
    fn parses_and_reports_bad_lines() {
        let p = project();
        let g = parse_gazetteer("# comment\nنصرة الإسلام\tGROUP\r\n\nتمبكتو\tPLACE\n", &p).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[1].label, LabelId::new("PLACE"));
        assert_eq!(
            parse_gazetteer("a\tGROUP\nno tab\n", &p),
            Err(GazetteerError::Malformed {
                line: 2,
                text: "no tab".into()
            })
        );
        assert!(matches!(
            parse_gazetteer("x\tNOPE", &p),
            Err(GazetteerError::UnknownLabel { line: 1, .. })
        ));
    }

    #[test]
    fn longer_entries_win_and_counts_are_per_label() {
        let mut p = project();
        let g = parse_gazetteer(
            "نصرة الإسلام\tGROUP\nجماعة نصرة الإسلام\tGROUP\nتمبكتو\tPLACE\nبوركينا فاسو\tPLACE\n",
            &p,
        )
        .unwrap();
        let now = Timestamp::now();
        let (edit, counts) = annotate_gazetteer(&p, &g, &now).unwrap();
        assert_eq!(counts[&LabelId::new("GROUP")], 2);
        assert_eq!(counts[&LabelId::new("PLACE")], 2);
        p.apply(edit, &now).unwrap();
        let texts: Vec<&str> = p
            .documents
            .iter()
            .flat_map(|d| &d.spans)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            texts,
            ["جماعة نصرة الإسلام", "بوركينا فاسو", "نصرة الإسلام", "تمبكتو"]
        );
        // Running it again adds nothing.
        let (edit, counts) = annotate_gazetteer(&p, &g, &now).unwrap();
        assert!(edit.is_noop());
        assert!(counts.values().all(|&n| n == 0));
    }

    /// Found with the edge inputs (fuzz/, `edges long-line`): three names interleaved over a
    /// 2,000,000-character line took 6.5 s (a span inserted into the middle of the list for
    /// each occurrence, twice); now 0.24 s, growing with the text. The batch comes in reading
    /// order, so applying it appends.
    #[test]
    fn interleaved_entries_come_back_in_reading_order_and_apply() {
        let mut p = Project::new("t", Annotator::new("A"));
        let text = "جماعة نصرة الإسلام قرب تمبكتو وبير. ".repeat(2_000);
        p.apply(
            Edit::AddDocuments {
                docs: vec![Document::new("1", "", text)],
            },
            &Timestamp::now(),
        )
        .unwrap();
        let g =
            parse_gazetteer("بير\tPLACE\nجماعة نصرة الإسلام\tGROUP\nتمبكتو\tPLACE\n", &p).unwrap();
        let now = Timestamp::now();
        let (edit, counts) = annotate_gazetteer(&p, &g, &now).unwrap();
        assert_eq!(counts.values().sum::<usize>(), 6_000);
        let Edit::Batch { edits } = &edit else {
            panic!("a batch")
        };
        let starts: Vec<usize> = edits
            .iter()
            .map(|e| match e {
                Edit::AddSpan { span, .. } => span.start.0,
                other => panic!("{other:?}"),
            })
            .collect();
        assert!(starts.is_sorted(), "reading order");
        p.apply(edit, &now).unwrap();
        assert!(p.validate().is_empty());
        assert_eq!(p.span_count(), 6_000);
    }
}
