//! Gazetteer pre-annotation: a `surface<TAB>label` list applied to every document, as one batch.

use super::candidates::{Candidate, Scope, SearchCache, find_candidates_with};
use crate::model::{Edit, EditError, LabelId, Project, Span, Timestamp};
use std::collections::BTreeMap;
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
        if !project.schema().contains(&label) {
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

/// The batch that annotates every sure occurrence of every entry in every document, and how
/// many spans it adds per label (see [`annotate_gazetteer_with`], which also reports and can
/// apply the ambiguous ones).
pub fn annotate_gazetteer(
    project: &Project,
    entries: &[GazetteerEntry],
    now: &Timestamp,
) -> Result<(Edit, BTreeMap<LabelId, usize>), EditError> {
    let run = annotate_gazetteer_with(project, entries, now, false)?;
    Ok((run.edit, run.counts))
}

/// What a gazetteer run does.
#[derive(Debug, Clone)]
pub struct GazetteerRun {
    /// One batch adding every applied span.
    pub edit: Edit,
    /// Spans added per label (every entry's label is present, maybe with 0).
    pub counts: BTreeMap<LabelId, usize>,
    /// The ambiguous occurrences (بير in كبير), in the order found, each with its entry and
    /// whether it was applied (only with `include_ambiguous`).
    pub ambiguous: Vec<AmbiguousMatch>,
}

/// An ambiguous occurrence of a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbiguousMatch {
    pub entry: GazetteerEntry,
    pub candidate: Candidate,
    pub applied: bool,
}

/// The batch that annotates every occurrence of every entry in every document; ambiguous
/// occurrences are listed, and applied only when `include_ambiguous`. Longer surfaces go
/// first, so "جماعة نصرة الإسلام" wins over "نصرة الإسلام" for the same label.
pub fn annotate_gazetteer_with(
    project: &Project,
    entries: &[GazetteerEntry],
    now: &Timestamp,
    include_ambiguous: bool,
) -> Result<GazetteerRun, EditError> {
    let mut order: Vec<&GazetteerEntry> = entries.iter().collect();
    order.sort_by_key(|e| std::cmp::Reverse(e.surface.chars().count()));
    // Work on a scratch copy so later entries see the spans earlier ones add.
    let mut scratch = project.clone();
    let mut edits = Vec::new();
    let mut ambiguous = Vec::new();
    let mut counts: BTreeMap<LabelId, usize> =
        entries.iter().map(|e| (e.label.clone(), 0)).collect();
    // Each document is indexed once for the whole run, not once per entry.
    let mut cache = SearchCache::default();
    for entry in order {
        // One checked batch per entry (its occurrences never overlap each other): the batch's
        // indexes make adding thousands of spans linear, where one `apply` per span scanned
        // every span id each time. The span text is the candidate's, already cut exactly.
        let mut batch = Vec::new();
        for c in find_candidates_with(
            &scratch,
            &entry.label,
            &entry.surface,
            &Scope::All,
            &mut cache,
        ) {
            let applied = !c.is_ambiguous() || include_ambiguous;
            if applied {
                let span = Span::new(
                    entry.label.clone(),
                    c.range,
                    c.text.clone(),
                    project.annotator.id.clone(),
                    now,
                );
                cache.added(&c.text);
                batch.push(Edit::AddSpan {
                    doc: c.doc.clone(),
                    span,
                });
                *counts.entry(entry.label.clone()).or_default() += 1;
            }
            if c.is_ambiguous() {
                ambiguous.push(AmbiguousMatch {
                    entry: entry.clone(),
                    candidate: c,
                    applied,
                });
            }
        }
        if !batch.is_empty() {
            scratch.apply(
                Edit::Batch {
                    edits: batch.clone(),
                },
                now,
            )?;
            edits.extend(batch);
        }
    }
    Ok(GazetteerRun {
        edit: Edit::Batch { edits },
        counts,
        ambiguous,
    })
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
            .documents()
            .iter()
            .flat_map(|d| d.spans())
            .map(|s| s.text())
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
}
