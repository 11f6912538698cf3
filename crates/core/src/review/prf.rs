//! Pairwise precision, recall and F1 between two annotators' spans, per label and overall,
//! with exact matching (same range and label) or overlap matching (same label, at least one
//! shared character, each span matched at most once).
//!
//! The first annotator is the reference: precision = matches / spans of the second,
//! recall = matches / spans of the first. F1 is symmetric.

use crate::model::{LabelId, Span};
use serde::Serialize;
use std::collections::BTreeMap;

/// How two spans must relate to count as the same annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    Exact,
    Overlap,
}

/// Match counts for one label (or all labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub matched: usize,
    /// Spans of the first (reference) annotator.
    pub reference: usize,
    /// Spans of the second annotator.
    pub predicted: usize,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.matched += other.matched;
        self.reference += other.reference;
        self.predicted += other.predicted;
    }

    pub fn precision(&self) -> Option<f64> {
        (self.predicted > 0).then(|| self.matched as f64 / self.predicted as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        (self.reference > 0).then(|| self.matched as f64 / self.reference as f64)
    }

    /// 2·matched / (reference + predicted); `None` when neither has spans.
    pub fn f1(&self) -> Option<f64> {
        let total = self.reference + self.predicted;
        (total > 0).then(|| 2.0 * self.matched as f64 / total as f64)
    }
}

/// Counts per label and overall.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelCounts {
    pub per_label: BTreeMap<String, Counts>,
    pub overall: Counts,
}

impl LabelCounts {
    pub fn add(&mut self, other: &LabelCounts) {
        for (label, c) in &other.per_label {
            self.per_label.entry(label.clone()).or_default().add(*c);
        }
        self.overall.add(other.overall);
    }
}

/// Compare one document's spans of two annotators. Both lists sorted as in the model.
pub fn compare(reference: &[Span], predicted: &[Span], matching: Matching) -> LabelCounts {
    let (exact, overlap) = compare_both(reference, predicted);
    match matching {
        Matching::Exact => exact,
        Matching::Overlap => overlap,
    }
}

/// Exact and overlap counts in one pass (overlap matching starts from the exact matches).
pub fn compare_both(reference: &[Span], predicted: &[Span]) -> (LabelCounts, LabelCounts) {
    // A handful of labels: a small list keyed by reference is cheaper than a map of strings.
    let mut counts: Vec<(&LabelId, Counts)> = Vec::new();
    fn slot<'a, 'c>(
        counts: &'c mut Vec<(&'a LabelId, Counts)>,
        label: &'a LabelId,
    ) -> &'c mut Counts {
        let at = match counts.iter().position(|(l, _)| *l == label) {
            Some(at) => at,
            None => {
                counts.push((label, Counts::default()));
                counts.len() - 1
            }
        };
        &mut counts[at].1
    }
    for s in reference {
        slot(&mut counts, &s.label).reference += 1;
    }
    for s in predicted {
        slot(&mut counts, &s.label).predicted += 1;
    }
    let mut used = vec![false; predicted.len()];
    // Exact matches first, so that overlap matching never steals an exact partner.
    let mut matched_ref = vec![false; reference.len()];
    for (i, r) in reference.iter().enumerate() {
        let first = predicted.partition_point(|p| p.start() < r.start());
        for (k, p) in predicted[first..].iter().enumerate() {
            if p.start() != r.start() {
                break;
            }
            if !used[first + k] && p.end() == r.end() && p.label == r.label {
                used[first + k] = true;
                matched_ref[i] = true;
                slot(&mut counts, &r.label).matched += 1;
                break;
            }
        }
    }
    let exact = collect(&counts);
    {
        for (i, r) in reference.iter().enumerate() {
            if matched_ref[i] {
                continue;
            }
            let range = r.range();
            // Candidates start before r ends; spans are sorted by start.
            let stop = predicted.partition_point(|p| p.start() < range.end);
            let best = (0..stop)
                .filter(|&k| !used[k] && predicted[k].label == r.label)
                .map(|k| (predicted[k].range().intersection_len(&range), k))
                .filter(|&(shared, _)| shared > 0)
                .max_by_key(|&(shared, k)| (shared, std::cmp::Reverse(k)));
            if let Some((_, k)) = best {
                used[k] = true;
                slot(&mut counts, &r.label).matched += 1;
            }
        }
    }
    (exact, collect(&counts))
}

fn collect(counts: &[(&LabelId, Counts)]) -> LabelCounts {
    let mut out = LabelCounts::default();
    for &(label, c) in counts {
        out.overall.add(c);
        out.per_label.insert(label.to_string(), c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::align::tests::{TEXT, project};

    #[test]
    fn exact_and_overlap_counts() {
        let a = project(
            "A",
            &[TEXT],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "PLACE"),
                (0, 36, 43, "PLACE"),
            ],
        );
        let b = project(
            "B",
            &[TEXT],
            &[
                (0, 6, 24, "GROUP"),
                (0, 30, 35, "GROUP"),
                (0, 37, 43, "PLACE"),
            ],
        );
        let (ra, rb) = (a.documents()[0].spans(), b.documents()[0].spans());
        let exact = compare(ra, rb, Matching::Exact);
        assert_eq!(
            exact.overall,
            Counts {
                matched: 1,
                reference: 3,
                predicted: 3
            }
        );
        assert_eq!(
            exact.per_label["PLACE"],
            Counts {
                matched: 0,
                reference: 2,
                predicted: 1
            }
        );
        let overlap = compare(ra, rb, Matching::Overlap);
        assert_eq!(overlap.overall.matched, 2);
        assert_eq!(overlap.per_label["PLACE"].matched, 1);
        assert_eq!(
            overlap.per_label["GROUP"],
            Counts {
                matched: 1,
                reference: 1,
                predicted: 2
            }
        );
        let g = overlap.per_label["GROUP"];
        assert_eq!(g.precision(), Some(0.5));
        assert_eq!(g.recall(), Some(1.0));
        assert!((g.f1().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), None);
    }

    #[test]
    fn one_long_span_matches_only_one_of_two_short_ones() {
        let a = project("A", &[TEXT], &[(0, 6, 24, "GROUP")]);
        let b = project("B", &[TEXT], &[(0, 6, 11, "GROUP"), (0, 12, 24, "GROUP")]);
        let c = compare(
            a.documents()[0].spans(),
            b.documents()[0].spans(),
            Matching::Overlap,
        );
        // The longer shared stretch (نصرة الإسلام) wins.
        assert_eq!(
            c.overall,
            Counts {
                matched: 1,
                reference: 1,
                predicted: 2
            }
        );
    }
}
