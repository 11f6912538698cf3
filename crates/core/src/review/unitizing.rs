//! Krippendorff's unitizing alpha (αu) on character positions: do annotators place span
//! boundaries alike, on the text as a continuum, with no tokens in between?
//!
//! Krippendorff, "On the reliability of unitizing continuous data" (Sociological Methodology 25,
//! 1995) and *Content Analysis* (2nd ed., 2004, §12.4); the same formulation as DKPro
//! Statistics' `KrippendorffAlphaUnitizingAgreement`, which INCEpTION reports.
//!
//! # One label on one document
//!
//! The continuum is the document, of length `L` characters (Unicode scalar values, the unit of
//! our offsets). Each of the `m` annotators whose file has the document cuts it into sections:
//! the *units* (their spans of label `c`, each a range `[b, e)` of length `l = e − b`) and the
//! *gaps* between them (everything else, up to the document's ends). An annotator's spans of one
//! label that overlap each other are reduced first as INCEpTION does: by start, longest first,
//! a span overlapping one already kept is dropped. Empty spans are not units.
//!
//! For a section `g` of annotator `i` and a section `h` of annotator `j` that intersect:
//!
//! ```text
//! δ²(g, h) = (b_g − b_h)² + (e_g − e_h)²   both units
//!          = l_g²                         g a unit, h a gap that contains g
//!          = l_h²                         g a gap that contains the unit h
//!          = 0                            otherwise (two gaps; a unit sticking out of a gap)
//!
//! D_o = Σ_{i ≠ j} Σ_g Σ_h δ²(g, h) / (m (m − 1) L²)
//!
//! D_e = (2 / L) · Σ_u [ (N − 1)/3 · (2 l_u³ − 3 l_u² + l_u)  +  l_u² · Σ_{gaps γ, l_γ ≥ l_u} (l_γ − l_u + 1) ]
//!       / ( m L (m L − 1) − Σ_u l_u (l_u − 1) )
//! ```
//!
//! where `u` runs over the `N` units of label `c` of all `m` annotators and `γ` over the gaps of
//! all `m` annotators (pooled lengths: what any unit could have coincided with by chance).
//!
//! # Many documents, many labels
//!
//! Only documents at least two annotators have are compared; annotators without a document are
//! left out of it (its `m` counts those who have it). A label's αu over the corpus pools the
//! documents' disagreements weighted by their length, so one document gives exactly the value
//! above and a long document weighs as much as the short ones it could be cut into:
//!
//! ```text
//! αu(c) = 1 − Σ_d L_d D_o(d, c) / Σ_d L_d D_e(d, c)
//! ```
//!
//! The overall αu sums both over the labels too, `1 − Σ_c Σ_d L_d D_o / Σ_c Σ_d L_d D_e`, which
//! is DKPro's "all categories" value (the mean of the categories' D_o over the mean of their
//! D_e). No unit of the label anywhere, or fewer than two annotators on every document, gives
//! `None`, as does a zero expected disagreement.

use super::align::Alignment;
use crate::model::Span;

/// One section of an annotator's cut of the continuum, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Section {
    start: usize,
    end: usize,
    unit: bool,
}

impl Section {
    fn len(self) -> usize {
        self.end - self.start
    }

    fn contains(self, other: Section) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The units `[start, end)` of one annotator reduced to non-overlapping, non-empty ranges
/// inside `0..len`, ascending.
fn reduce_units(len: usize, units: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = units
        .iter()
        .map(|&(s, e)| (s.min(len), e.min(len)))
        .filter(|&(s, e)| s < e)
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        if kept.last().is_none_or(|&(_, last_end)| last_end <= s) {
            kept.push((s, e));
        }
    }
    kept
}

/// Units and gaps tiling `0..len`, from reduced units.
fn sections(len: usize, units: &[(usize, usize)]) -> Vec<Section> {
    let mut out = Vec::with_capacity(2 * units.len() + 1);
    let mut pos = 0;
    for &(start, end) in units {
        if pos < start {
            out.push(Section {
                start: pos,
                end: start,
                unit: false,
            });
        }
        out.push(Section {
            start,
            end,
            unit: true,
        });
        pos = end;
    }
    if pos < len {
        out.push(Section {
            start: pos,
            end: len,
            unit: false,
        });
    }
    out
}

fn square(x: f64) -> f64 {
    x * x
}

/// δ² of two intersecting sections of different annotators.
fn distance(g: Section, h: Section) -> f64 {
    match (g.unit, h.unit) {
        (true, true) => {
            square(g.start as f64 - h.start as f64) + square(g.end as f64 - h.end as f64)
        }
        (true, false) if h.contains(g) => square(g.len() as f64),
        (false, true) if g.contains(h) => square(h.len() as f64),
        _ => 0.0,
    }
}

/// Σ_g Σ_h δ²(g, h) over the intersecting sections of two cuts of the same continuum.
fn pair_disagreement(a: &[Section], b: &[Section]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        sum += distance(a[i], b[j]);
        match a[i].end.cmp(&b[j].end) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Observed and expected disagreement `(D_o, D_e)` of one label on one continuum of `len`
/// characters, given each annotator's units `[start, end)` of that label (see the module doc).
/// `None` with fewer than two annotators, an empty continuum or no unit at all.
pub fn disagreements(len: usize, annotators: &[Vec<(usize, usize)>]) -> Option<(f64, f64)> {
    let m = annotators.len();
    if m < 2 || len == 0 {
        return None;
    }
    let units: Vec<Vec<(usize, usize)>> = annotators.iter().map(|u| reduce_units(len, u)).collect();
    let n_units: usize = units.iter().map(Vec::len).sum();
    if n_units == 0 {
        return None;
    }
    let cuts: Vec<Vec<Section>> = units.iter().map(|u| sections(len, u)).collect();
    let l = len as f64;
    let mf = m as f64;

    let mut observed = 0.0;
    for i in 0..m {
        for j in i + 1..m {
            observed += pair_disagreement(&cuts[i], &cuts[j]);
        }
    }
    // Both orders of each pair.
    let observed = 2.0 * observed / (mf * (mf - 1.0) * l * l);

    // Gap lengths of all annotators, ascending, with suffix sums for Σ_{γ ≥ l} (l_γ − l + 1).
    let mut gaps: Vec<usize> = cuts
        .iter()
        .flatten()
        .filter(|s| !s.unit)
        .map(|s| s.len())
        .collect();
    gaps.sort_unstable();
    let mut suffix = vec![0.0; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        suffix[k] = suffix[k + 1] + gaps[k] as f64;
    }
    let n = n_units as f64;
    let mut numerator = 0.0;
    let mut self_pairs = 0.0;
    for &(s, e) in units.iter().flatten() {
        let lu = (e - s) as f64;
        self_pairs += lu * (lu - 1.0);
        let first = gaps.partition_point(|&g| g < e - s);
        let count = (gaps.len() - first) as f64;
        let fitting = suffix[first] - (lu - 1.0) * count;
        numerator +=
            (n - 1.0) / 3.0 * (2.0 * lu * lu * lu - 3.0 * lu * lu + lu) + lu * lu * fitting;
    }
    let expected = 2.0 / l * numerator / (mf * l * (mf * l - 1.0) - self_pairs);
    Some((observed, expected))
}

/// αu of one label on one continuum: `1 − D_o / D_e` (see [`disagreements`]).
pub fn alpha_u(len: usize, annotators: &[Vec<(usize, usize)>]) -> Option<f64> {
    let (observed, expected) = disagreements(len, annotators)?;
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Length-weighted sums of `D_o` and `D_e` over documents (and labels), for the pooled αu.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Pool {
    observed: f64,
    expected: f64,
    any: bool,
}

impl Pool {
    fn add(&mut self, len: usize, d: Option<(f64, f64)>) {
        if let Some((o, e)) = d {
            self.observed += len as f64 * o;
            self.expected += len as f64 * e;
            self.any = true;
        }
    }

    fn alpha(self) -> Option<f64> {
        (self.any && self.expected > 0.0).then(|| 1.0 - self.observed / self.expected)
    }
}

/// αu per label (in the order given) and over all labels, on an alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitizingAlpha {
    pub per_label: Vec<(String, Option<f64>)>,
    pub overall: Option<f64>,
    /// Each document's αu over all labels (`None` where fewer than two annotators have it or
    /// nobody marked anything), in [`Alignment::documents`] order.
    pub per_document: Vec<Option<f64>>,
}

fn units_of(spans: &[Span], label: &str) -> Vec<(usize, usize)> {
    spans
        .iter()
        .filter(|s| s.label.as_str() == label)
        .map(|s| (s.start().0, s.end().0))
        .collect()
}

impl UnitizingAlpha {
    /// αu of each of `labels` over the documents at least two annotators have, and overall.
    pub fn compute(al: &Alignment, labels: &[String]) -> Self {
        let mut overall = Pool::default();
        let mut per_label: Vec<Pool> = vec![Pool::default(); labels.len()];
        let mut per_document = Vec::with_capacity(al.documents.len());
        for doc in &al.documents {
            if doc.present.len() < 2 {
                per_document.push(None);
                continue;
            }
            let len = doc.text.chars().count();
            let mut this = Pool::default();
            for (k, label) in labels.iter().enumerate() {
                let units: Vec<Vec<(usize, usize)>> = doc
                    .present
                    .iter()
                    .map(|&a| units_of(&doc.spans[a], label))
                    .collect();
                let d = disagreements(len, &units);
                per_label[k].add(len, d);
                overall.add(len, d);
                this.add(len, d);
            }
            per_document.push(this.alpha());
        }
        Self {
            per_label: labels
                .iter()
                .cloned()
                .zip(per_label.iter().map(|p| p.alpha()))
                .collect(),
            overall: overall.alpha(),
            per_document,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hand_worked_example_on_ten_characters() {
        // L = 10, two annotators, one label.
        //   A: units [1,4) and [6,8)   sections: gap[0,1) unit[1,4) gap[4,6) unit[6,8) gap[8,10)
        //   B: unit  [2,5)             sections: gap[0,2) unit[2,5) gap[5,10)
        // Intersecting pairs (A, B) and δ²:
        //   gap[0,1)  gap[0,2)   0
        //   unit[1,4) gap[0,2)   0   (the unit sticks out of the gap)
        //   unit[1,4) unit[2,5)  (1−2)² + (4−5)² = 2
        //   gap[4,6)  unit[2,5)  0   (the gap does not contain the unit)
        //   gap[4,6)  gap[5,10)  0
        //   unit[6,8) gap[5,10)  2² = 4   (the gap contains the unit)
        //   gap[8,10) gap[5,10)  0
        // Σ = 6 for (A, B), 12 for both orders; D_o = 12 / (2 · 1 · 10²) = 0.06.
        //
        // Expected: units of lengths 3, 2, 3 (N = 3); Σ l(l−1) = 6 + 2 + 6 = 14;
        // gaps of both annotators: 1, 2, 2 (A) and 2, 5 (B).
        //   l = 3: (N−1)/3 · (2·27 − 3·9 + 3) = 2/3 · 30 = 20; gaps ≥ 3: 5 → 5−3+1 = 3; 9 · 3 = 27;
        //          47 (twice: A's [1,4) and B's [2,5))
        //   l = 2: 2/3 · (2·8 − 3·4 + 2) = 2/3 · 6 = 4; gaps ≥ 2: 5, 2, 2, 2 → 4+1+1+1 = 7;
        //          4 · 7 = 28; 32
        //   Σ = 47 + 32 + 47 = 126; · 2/L = 25.2;
        //   denominator m L (m L − 1) − 14 = 20 · 19 − 14 = 366; D_e = 25.2 / 366.
        // αu = 1 − 0.06 · 366 / 25.2 = 1 − 21.96 / 25.2 = 3.24 / 25.2 = 9/70.
        let a = vec![(1, 4), (6, 8)];
        let b = vec![(2, 5)];
        let (o, e) = disagreements(10, &[a.clone(), b.clone()]).unwrap();
        assert!((o - 0.06).abs() < 1e-12);
        assert!((e - 25.2 / 366.0).abs() < 1e-12);
        assert!((alpha_u(10, &[a, b]).unwrap() - 9.0 / 70.0).abs() < 1e-9);
    }

    #[test]
    fn edge_cases_give_none_without_panicking() {
        assert_eq!(alpha_u(10, &[vec![(1, 4)]]), None);
        assert_eq!(alpha_u(10, &[vec![], vec![]]), None);
        assert_eq!(alpha_u(0, &[vec![(0, 0)], vec![]]), None);
        // Ranges past the end are clipped, empty ones dropped, overlapping ones reduced.
        assert_eq!(
            alpha_u(
                10,
                &[vec![(1, 4), (2, 3), (8, 30)], vec![(1, 4), (8, 10), (5, 5)]]
            ),
            Some(1.0)
        );
        // One character, both marked: nothing could differ.
        assert_eq!(alpha_u(1, &[vec![(0, 1)], vec![(0, 1)]]), None);
    }

    #[test]
    fn a_unit_only_one_annotator_marks_is_disagreement() {
        let v = alpha_u(20, &[vec![(3, 9)], vec![]]).unwrap();
        assert!(v < 0.0, "{v}");
    }

    #[test]
    fn documents_pool_by_length_labels_sum_and_lone_annotators_are_left_out() {
        use crate::review::align::tests::{SECOND, TEXT, three_documents_two_annotators};
        let al = three_documents_two_annotators();
        let labels = ["GROUP".to_owned(), "PLACE".to_owned(), "EVENT".to_owned()];
        let u = UnitizingAlpha::compute(&al, &labels);

        let (l1, l2) = (TEXT.chars().count(), SECOND.chars().count());
        let g1 = disagreements(l1, &[vec![(6, 24)], vec![(6, 24), (30, 35)]]).unwrap();
        let g2 = disagreements(l2, &[vec![(4, 9)], vec![(4, 12)]]).unwrap();
        let p1 = disagreements(l1, &[vec![(30, 35)], vec![]]).unwrap();
        let (l1, l2) = (l1 as f64, l2 as f64);
        let group = 1.0 - (l1 * g1.0 + l2 * g2.0) / (l1 * g1.1 + l2 * g2.1);
        let place = 1.0 - p1.0 / p1.1;
        let overall = 1.0 - (l1 * (g1.0 + p1.0) + l2 * g2.0) / (l1 * (g1.1 + p1.1) + l2 * g2.1);
        let close = |x: Option<f64>, y: f64| (x.unwrap() - y).abs() < 1e-12;
        assert!(close(u.per_label[0].1, group));
        assert!(close(u.per_label[1].1, place));
        assert_eq!(u.per_label[2], ("EVENT".to_owned(), None));
        assert!(close(u.overall, overall));
        // The third document only A has: left out, whatever A marked on it.
        assert_eq!(u.per_document.len(), 3);
        assert_eq!(u.per_document[2], None);
        let doc1 = 1.0 - (g1.0 + p1.0) / (g1.1 + p1.1);
        assert!(close(u.per_document[0], doc1));
        assert!(close(u.per_document[1], 1.0 - g2.0 / g2.1));
    }

    fn cut(len: usize) -> impl Strategy<Value = Vec<(usize, usize)>> {
        prop::collection::vec((0..len, 1..8usize), 0..5)
            .prop_map(move |v| v.into_iter().map(|(s, l)| (s, (s + l).min(len))).collect())
    }

    proptest! {
        #[test]
        fn identical_annotations_agree_perfectly(
            units in cut(40),
            copies in 2..5usize,
        ) {
            let all = vec![units.clone(); copies];
            let a = alpha_u(40, &all);
            if reduce_units(40, &units).is_empty() {
                prop_assert_eq!(a, None);
            } else {
                prop_assert!((a.unwrap() - 1.0).abs() < 1e-12, "{:?}", a);
            }
        }

        #[test]
        fn alpha_u_does_not_depend_on_annotator_order(
            a in cut(30),
            b in cut(30),
            c in cut(30),
        ) {
            let forward = alpha_u(30, &[a.clone(), b.clone(), c.clone()]);
            let backward = alpha_u(30, &[c.clone(), a.clone(), b.clone()]);
            let swapped = alpha_u(30, &[b.clone(), a.clone(), c.clone()]);
            for other in [backward, swapped] {
                match (forward, other) {
                    (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9, "{} {}", x, y),
                    (x, y) => prop_assert_eq!(x, y),
                }
            }
            // Pairwise too.
            let ab = alpha_u(30, &[a.clone(), b.clone()]);
            let ba = alpha_u(30, &[b, a]);
            match (ab, ba) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9),
                (x, y) => prop_assert_eq!(x, y),
            }
        }

        #[test]
        fn observed_disagreement_matches_all_pairs_of_sections(
            a in cut(25),
            b in cut(25),
        ) {
            // Plain reference: every section of A against every section of B.
            let sa = sections(25, &reduce_units(25, &a));
            let sb = sections(25, &reduce_units(25, &b));
            let mut brute = 0.0;
            for &g in &sa {
                for &h in &sb {
                    if g.start < h.end && h.start < g.end {
                        brute += distance(g, h);
                    }
                }
            }
            prop_assert!((pair_disagreement(&sa, &sb) - brute).abs() < 1e-9);
        }
    }
}
