//! Mathet, Widlöcher and Métivier's γ (gamma): agreement on where units are placed *and* how
//! they are labelled, measured on an alignment of the units rather than on positions, so units
//! may overlap or nest. "The Unified and Holistic Method Gamma (γ) for Inter-Annotator Agreement
//! Measure and Alignment", *Computational Linguistics* 41(3), 2015. The defaults are those of
//! pygamma-agreement (0.5.9), against which `tests/interop/check_gamma.py` checks us.
//!
//! # Units and their dissimilarity
//!
//! A *continuum* is one document; each annotator's *units* are their spans, `[start, end)` in
//! characters (Unicode scalar values, the unit of our offsets) with the label as category. An
//! annotator's empty spans are dropped and identical ones (same range and label) counted once,
//! as pygamma's sorted sets do. Two units `u`, `v` differ by pygamma's default combined
//! categorical dissimilarity (α = β = 1, Δ∅ = 1):
//!
//! ```text
//! d(u, v) = α · Δ∅ · ((|s_u − s_v| + |e_u − e_v|) / (l_u + l_v))²   positional-sporadic
//!         + β · Δ∅ · [c_u ≠ c_v]                                     absolute categorical
//! ```
//!
//! # The best alignment: observed disorder
//!
//! A *unitary alignment* takes at most one unit of each of the `m` annotators (an annotator
//! without one contributes the empty unit ∅, and `d(·, ∅) = Δ∅`); its disorder is the mean of
//! `d` over its `C(m, 2)` pairs. An *alignment* partitions all units into unitary alignments;
//! the best one has the least total disorder, and the observed disorder is that total divided
//! by the mean number of units per annotator, `N / m`.
//!
//! Finding it is a weighted set-partitioning problem (pygamma hands it to a MIP solver). We
//! solve it exactly and without floating-point tolerances:
//! 1. A unitary alignment of `k ≥ 2` units whose disorder is at least that of one of its units
//!    alone (`Δ∅`) plus the rest together never does better than that split, so only those
//!    that beat every such split are candidates (by induction none costs `k · Δ∅` or more;
//!    pygamma keeps all under `m · Δ∅`, a superset; the optimum is the same). Two units in a
//!    candidate have `d < m · C(m, 2) · Δ∅`, which bounds the search.
//! 2. Units joined by candidates form independent components (spans far apart never meet).
//! 3. Each component is solved by dynamic programming over the set of units already covered,
//!    always covering the leftmost uncovered unit next; since candidates are local, few sets
//!    occur. Exact, and checked against brute force over all partitions in the tests. Where
//!    units pile up (many spans of every annotator over the same few words) the sets can grow
//!    exponentially: past [`STATE_BUDGET`] sets in one component the continuum gets no value
//!    (`None`) rather than an approximate one or a hang.
//!
//! # Chance: expected disorder and γ
//!
//! The expected disorder is the mean best-alignment disorder of continua drawn at random by
//! pygamma's default `StatisticalContinuumSampler`: from the reference continuum it takes the
//! mean and (population) standard deviation of the number of units per annotator, of the gaps
//! (`0`, each start minus the previous end of the same annotator, and each annotator's first
//! start when positive) and of the unit lengths, and the frequency of each category. Each of the
//! `m` sampled annotators gets `|trunc(N(n̄, σ_n))|` units (at least one for the first), laid
//! left to right from 0, each after a gap `N(ḡ, σ_g)` with length `|N(l̄, σ_l)|` (redrawn below
//! 10⁻⁶) and a category drawn by frequency. Draws use `fastrand` with a fixed seed, so a report
//! is reproducible; it matches pygamma in distribution, not draw for draw.
//!
//! `γ = 1 − D_o / D_e`, and 1 whenever `D_o = 0`.
//!
//! # Many documents
//!
//! pygamma measures one continuum. We measure each document as its own continuum (with its own
//! chance, sampled from that document) and pool the documents as one continuum whose documents
//! lie far apart, so no unit aligns across documents: the observed disorder of that continuum
//! is `Σ_d n̄_d D_o(d) / Σ_d n̄_d` (`n̄_d = N_d / m_d`), and we pool the expected disorders the
//! same way, so `γ = 1 − Σ_d n̄_d D_o(d) / Σ_d n̄_d D_e(d)`. Documents fewer than two annotators
//! have, or with no unit at all, are left out; annotators without a document are left out of it.

use super::align::Alignment;
use std::collections::HashMap;

/// Δ∅, the dissimilarity of a unit and the empty unit (pygamma's default).
pub const DELTA_EMPTY: f64 = 1.0;
/// Weight of the positional dissimilarity (pygamma's `alpha`).
pub const POSITIONAL_WEIGHT: f64 = 1.0;
/// Weight of the categorical dissimilarity (pygamma's `beta`).
pub const CATEGORICAL_WEIGHT: f64 = 1.0;
/// The most sets of covered units one component may visit before the best alignment is given
/// up (see the module doc).
pub const STATE_BUDGET: usize = 250_000;
/// pygamma's default number of sampled continua.
pub const DEFAULT_SAMPLES: usize = 30;

/// One annotated unit: `[start, end)` in characters (fractional in sampled continua).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    pub start: f64,
    pub end: f64,
    /// Index of the label; only equality matters.
    pub category: u32,
}

impl Unit {
    pub fn new(start: f64, end: f64, category: u32) -> Self {
        Self {
            start,
            end,
            category,
        }
    }

    fn len(self) -> f64 {
        self.end - self.start
    }
}

/// The combined categorical dissimilarity of two units (see the module doc).
pub fn dissimilarity(u: Unit, v: Unit) -> f64 {
    let pos = ((u.start - v.start).abs() + (u.end - v.end).abs()) / (u.len() + v.len());
    let categorical = if u.category == v.category {
        0.0
    } else {
        DELTA_EMPTY
    };
    POSITIONAL_WEIGHT * pos * pos * DELTA_EMPTY + CATEGORICAL_WEIGHT * categorical
}

/// Each annotator's units sorted by (start, end, category), empty ones dropped, identical ones
/// once.
fn normalise(annotators: &[Vec<Unit>]) -> Vec<Vec<Unit>> {
    annotators
        .iter()
        .map(|units| {
            let mut u: Vec<Unit> = units.iter().copied().filter(|u| u.len() > 0.0).collect();
            u.sort_by(|a, b| {
                a.start
                    .total_cmp(&b.start)
                    .then(a.end.total_cmp(&b.end))
                    .then(a.category.cmp(&b.category))
            });
            u.dedup();
            u
        })
        .collect()
}

/// A candidate unitary alignment: global unit indices (one per annotator at most) and its
/// disorder (mean over the annotator pairs).
#[derive(Debug, Clone)]
struct Candidate {
    units: Vec<usize>,
    disorder: f64,
}

/// The candidate unitary alignments of a normalised continuum (see the module doc, step 1).
/// Global index of unit `i` of annotator `a` is `offsets[a] + i`.
fn candidates(units: &[Vec<Unit>], offsets: &[usize]) -> Vec<Candidate> {
    let m = units.len();
    let pairs = (m * (m - 1) / 2) as f64;
    let pair_bound = m as f64 * pairs * DELTA_EMPTY;
    let mut out = Vec::new();
    let mut chosen: Vec<(usize, Unit)> = Vec::with_capacity(m);
    search(
        units,
        offsets,
        0,
        &mut chosen,
        0.0,
        pairs,
        pair_bound,
        &mut out,
    );
    out
}

/// Depth-first over annotators: `chosen` holds (global index, unit) of the real units so far
/// and `sum` the dissimilarities among them.
#[allow(clippy::too_many_arguments)] // a private recursion; a struct would only rename them
fn search(
    units: &[Vec<Unit>],
    offsets: &[usize],
    annotator: usize,
    chosen: &mut Vec<(usize, Unit)>,
    sum: f64,
    pairs: f64,
    pair_bound: f64,
    out: &mut Vec<Candidate>,
) {
    if annotator == units.len() {
        let k = chosen.len();
        if k == 0 {
            return;
        }
        let real_pairs = (k * (k - 1) / 2) as f64;
        let disorder = (sum + (pairs - real_pairs) * DELTA_EMPTY) / pairs;
        // Kept only if it beats every split into one unit alone and the rest together.
        let beats_splits = (0..k).all(|x| {
            let (_, ux) = chosen[x];
            let with_x: f64 = (0..k)
                .filter(|&y| y != x)
                .map(|y| dissimilarity(ux, chosen[y].1))
                .sum();
            let rest_pairs = ((k - 1) * k.saturating_sub(2) / 2) as f64;
            let rest = (sum - with_x + (pairs - rest_pairs) * DELTA_EMPTY) / pairs;
            disorder < rest + DELTA_EMPTY
        });
        if k == 1 || beats_splits {
            out.push(Candidate {
                units: chosen.iter().map(|&(g, _)| g).collect(),
                disorder,
            });
        }
        return;
    }
    // The empty unit for this annotator.
    search(
        units,
        offsets,
        annotator + 1,
        chosen,
        sum,
        pairs,
        pair_bound,
        out,
    );
    for (i, &u) in units[annotator].iter().enumerate() {
        let mut added = 0.0;
        let mut fits = true;
        for &(_, v) in chosen.iter() {
            let d = dissimilarity(u, v);
            if d >= pair_bound {
                fits = false;
                break;
            }
            added += d;
        }
        if !fits || sum + added >= pair_bound {
            continue;
        }
        chosen.push((offsets[annotator] + i, u));
        search(
            units,
            offsets,
            annotator + 1,
            chosen,
            sum + added,
            pairs,
            pair_bound,
            out,
        );
        chosen.pop();
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The least total disorder of a partition of `n` units (sorted by position) into the given
/// candidates (local indices); the singletons must be among them. `None` past `budget` sets.
fn solve_component(n: usize, cands: &[(Vec<usize>, f64)], budget: usize) -> Option<f64> {
    let mut by_first: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (c, (units, _)) in cands.iter().enumerate() {
        let first = units.iter().copied().min().unwrap_or(0);
        by_first[first].push(c);
    }
    let words = n.div_ceil(64);
    let mut memo: HashMap<Vec<u64>, f64> = HashMap::new();
    let mut covered = vec![0u64; words];
    let best = cover(0, &mut covered, cands, &by_first, &mut memo, budget);
    // Past the budget some branches were cut, so the least found need not be the least.
    (memo.len() < budget && best.is_finite()).then_some(best)
}

fn is_set(bits: &[u64], i: usize) -> bool {
    bits[i / 64] >> (i % 64) & 1 == 1
}

fn toggle(bits: &mut [u64], units: &[usize]) {
    for &i in units {
        bits[i / 64] ^= 1 << (i % 64);
    }
}

/// Least disorder covering every unit not yet in `covered`, the first `from` being covered.
fn cover(
    from: usize,
    covered: &mut Vec<u64>,
    cands: &[(Vec<usize>, f64)],
    by_first: &[Vec<usize>],
    memo: &mut HashMap<Vec<u64>, f64>,
    budget: usize,
) -> f64 {
    let n = by_first.len();
    let mut first = from;
    while first < n && is_set(covered, first) {
        first += 1;
    }
    if first == n {
        return 0.0;
    }
    if let Some(&v) = memo.get(covered.as_slice()) {
        return v;
    }
    if memo.len() >= budget {
        // Given up (the caller sees the full memo and returns `None`).
        return f64::INFINITY;
    }
    let mut best = f64::INFINITY;
    for &c in &by_first[first] {
        let (units, disorder) = &cands[c];
        if units.iter().any(|&u| is_set(covered, u)) {
            continue;
        }
        toggle(covered, units);
        let rest = cover(first + 1, covered, cands, by_first, memo, budget);
        toggle(covered, units);
        best = best.min(disorder + rest);
    }
    memo.insert(covered.clone(), best);
    best
}

/// The observed disorder of one continuum: the best alignment's total disorder over the mean
/// number of units per annotator. `None` with fewer than two annotators, no unit, or a pile-up
/// of units past [`STATE_BUDGET`].
pub fn best_alignment_disorder(annotators: &[Vec<Unit>]) -> Option<f64> {
    let units = normalise(annotators);
    best_disorder_normalised(&units)
}

fn best_disorder_normalised(units: &[Vec<Unit>]) -> Option<f64> {
    let m = units.len();
    let total: usize = units.iter().map(Vec::len).sum();
    if m < 2 || total == 0 {
        return None;
    }
    let mut offsets = Vec::with_capacity(m);
    let mut flat: Vec<Unit> = Vec::with_capacity(total);
    for u in units {
        offsets.push(flat.len());
        flat.extend_from_slice(u);
    }
    let cands = candidates(units, &offsets);
    let mut parent: Vec<usize> = (0..total).collect();
    for c in &cands {
        for w in c.units.windows(2) {
            let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            parent[a] = b;
        }
    }
    // Group units and candidates by component, units in position order.
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for g in 0..total {
        let root = find(&mut parent, g);
        members.entry(root).or_default().push(g);
    }
    let mut local = vec![0usize; total];
    let mut comp_cands: HashMap<usize, Vec<(Vec<usize>, f64)>> = HashMap::new();
    for list in members.values_mut() {
        list.sort_by(|&a, &b| {
            flat[a]
                .start
                .total_cmp(&flat[b].start)
                .then(flat[a].end.total_cmp(&flat[b].end))
                .then(a.cmp(&b))
        });
        for (k, &g) in list.iter().enumerate() {
            local[g] = k;
        }
    }
    for c in cands {
        let root = find(&mut parent, c.units[0]);
        let ids = c.units.iter().map(|&g| local[g]).collect();
        comp_cands.entry(root).or_default().push((ids, c.disorder));
    }
    let mut roots: Vec<usize> = members.keys().copied().collect();
    roots.sort_unstable();
    let mut sum = 0.0;
    for root in roots {
        sum += solve_component(members[&root].len(), &comp_cands[&root], STATE_BUDGET)?;
    }
    Some(sum * m as f64 / total as f64)
}

/// A draw from the normal distribution `N(mean, sd)` (Box–Muller).
fn normal(rng: &mut fastrand::Rng, mean: f64, sd: f64) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// pygamma's `StatisticalContinuumSampler`, initialised from a reference continuum.
#[derive(Debug, Clone, PartialEq)]
pub struct StatisticalSampler {
    annotators: usize,
    units: (f64, f64),
    gap: (f64, f64),
    length: (f64, f64),
    /// (category, cumulative frequency), ascending.
    categories: Vec<(u32, f64)>,
}

impl StatisticalSampler {
    /// The statistics of a continuum (see the module doc); `None` without any unit.
    pub fn new(annotators: &[Vec<Unit>]) -> Option<Self> {
        let units = normalise(annotators);
        Self::from_normalised(&units)
    }

    fn from_normalised(units: &[Vec<Unit>]) -> Option<Self> {
        let all: Vec<Unit> = units.iter().flatten().copied().collect();
        if all.is_empty() {
            return None;
        }
        let mut gaps = vec![0.0];
        for list in units {
            for w in list.windows(2) {
                gaps.push(w[1].start - w[0].end);
            }
            if let Some(first) = list.first()
                && first.start > 0.0
            {
                gaps.push(first.start);
            }
        }
        let counts: Vec<f64> = units.iter().map(|u| u.len() as f64).collect();
        let lengths: Vec<f64> = all.iter().map(|u| u.len()).collect();
        let mut freq: Vec<(u32, usize)> = Vec::new();
        for u in &all {
            match freq.iter_mut().find(|(c, _)| *c == u.category) {
                Some((_, n)) => *n += 1,
                None => freq.push((u.category, 1)),
            }
        }
        freq.sort_unstable();
        let mut acc = 0.0;
        let categories = freq
            .into_iter()
            .map(|(c, n)| {
                acc += n as f64 / all.len() as f64;
                (c, acc)
            })
            .collect();
        Some(Self {
            annotators: units.len(),
            units: mean_sd(&counts),
            gap: mean_sd(&gaps),
            length: mean_sd(&lengths),
            categories,
        })
    }

    fn category(&self, rng: &mut fastrand::Rng) -> u32 {
        let x = rng.f64();
        self.categories
            .iter()
            .find(|&&(_, cum)| x < cum)
            .or(self.categories.last())
            .map_or(0, |&(c, _)| c)
    }

    /// One random continuum with as many annotators as the reference.
    pub fn sample(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Unit>> {
        let mut out: Vec<Vec<Unit>> = Vec::with_capacity(self.annotators);
        for _ in 0..self.annotators {
            let mut n = normal(rng, self.units.0, self.units.1).trunc().abs() as usize;
            if out.iter().all(Vec::is_empty) {
                n = n.max(1);
            }
            let mut last = 0.0;
            let mut units = Vec::with_capacity(n);
            for _ in 0..n {
                let start = last + normal(rng, self.gap.0, self.gap.1);
                let mut end = start + normal(rng, self.length.0, self.length.1).abs();
                while end - start < 1e-6 {
                    end = start + normal(rng, self.length.0, self.length.1).abs();
                }
                units.push(Unit::new(start, end, self.category(rng)));
                last = end;
            }
            out.push(units);
        }
        out
    }
}

/// How many continua to sample for the expected disorder, and the seed of the draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GammaOptions {
    pub samples: usize,
    pub seed: u64,
}

impl Default for GammaOptions {
    fn default() -> Self {
        Self {
            samples: DEFAULT_SAMPLES,
            seed: 0,
        }
    }
}

/// γ of one continuum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContinuumGamma {
    pub observed: f64,
    pub expected: f64,
    /// `None` when the expected disorder is 0 and the observed is not.
    pub gamma: Option<f64>,
    /// Mean number of units per annotator, `N / m` (the weight in pooling).
    pub units_per_annotator: f64,
}

fn gamma_of(observed: f64, expected: f64) -> Option<f64> {
    if observed == 0.0 {
        Some(1.0)
    } else {
        (expected > 0.0).then(|| 1.0 - observed / expected)
    }
}

/// γ of one continuum, drawing `samples` random continua from `rng`. `None` with fewer than
/// two annotators, no unit, no sample, or where a best alignment is past [`STATE_BUDGET`].
pub fn continuum_gamma(
    annotators: &[Vec<Unit>],
    samples: usize,
    rng: &mut fastrand::Rng,
) -> Option<ContinuumGamma> {
    let units = normalise(annotators);
    let observed = best_disorder_normalised(&units)?;
    let sampler = StatisticalSampler::from_normalised(&units)?;
    if samples == 0 {
        return None;
    }
    let mut sum = 0.0;
    for _ in 0..samples {
        let sample = normalise(&sampler.sample(rng));
        // A sample always has a unit (the first annotator's); `None` only past the budget.
        sum += best_disorder_normalised(&sample)?;
    }
    let expected = sum / samples as f64;
    let total: usize = units.iter().map(Vec::len).sum();
    Some(ContinuumGamma {
        observed,
        expected,
        gamma: gamma_of(observed, expected),
        units_per_annotator: total as f64 / units.len() as f64,
    })
}

/// The seed of one document's draws: the run's seed mixed with the document id (FNV-1a), so a
/// document's γ does not depend on which other documents are measured.
fn document_seed(seed: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// γ per document and pooled over the documents of an alignment (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub struct Gamma {
    pub options: GammaOptions,
    /// In [`Alignment::documents`] order; `None` where left out.
    pub per_document: Vec<Option<ContinuumGamma>>,
    /// Pooled observed and expected disorder, and γ; `None` when no document counts.
    pub observed: Option<f64>,
    pub expected: Option<f64>,
    pub overall: Option<f64>,
}

impl Gamma {
    /// Labels are categories by name.
    pub fn compute(al: &Alignment, options: GammaOptions) -> Self {
        let mut per_document = Vec::with_capacity(al.documents.len());
        let (mut observed, mut expected, mut weight) = (0.0, 0.0, 0.0);
        for doc in &al.documents {
            if doc.present.len() < 2 {
                per_document.push(None);
                continue;
            }
            let mut names: Vec<&str> = Vec::new();
            let units: Vec<Vec<Unit>> = doc
                .present
                .iter()
                .map(|&a| {
                    doc.spans[a]
                        .iter()
                        .map(|s| {
                            let label = s.label.as_str();
                            let c = names.iter().position(|&n| n == label).unwrap_or_else(|| {
                                names.push(label);
                                names.len() - 1
                            });
                            Unit::new(s.start().0 as f64, s.end().0 as f64, c as u32)
                        })
                        .collect()
                })
                .collect();
            let id = doc.id.to_string();
            let mut rng = fastrand::Rng::with_seed(document_seed(options.seed, &id));
            let g = continuum_gamma(&units, options.samples, &mut rng);
            if let Some(g) = g {
                observed += g.units_per_annotator * g.observed;
                expected += g.units_per_annotator * g.expected;
                weight += g.units_per_annotator;
            }
            per_document.push(g);
        }
        let any = weight > 0.0;
        Self {
            options,
            per_document,
            observed: any.then(|| observed / weight),
            expected: any.then(|| expected / weight),
            overall: if any {
                gamma_of(observed, expected)
            } else {
                None
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u(s: usize, e: usize, c: u32) -> Unit {
        Unit::new(s as f64, e as f64, c)
    }

    #[test]
    fn dissimilarity_is_pygammas_default() {
        // Same category: ((|0−2| + |10−10|) / (10 + 8))² = (2/18)².
        assert!((dissimilarity(u(0, 10, 0), u(2, 10, 0)) - (2.0f64 / 18.0).powi(2)).abs() < 1e-15);
        // Different category adds Δ∅.
        assert_eq!(dissimilarity(u(3, 5, 0), u(3, 5, 1)), 1.0);
        // Disjoint: ((|0−10| + |4−14|) / 8)² = 6.25.
        assert_eq!(dissimilarity(u(0, 4, 0), u(10, 14, 0)), 6.25);
    }

    #[test]
    fn hand_worked_best_alignment() {
        // Three annotators.
        //   A: [0,10) GROUP, [20,24) PLACE
        //   B: [0,10) GROUP, [20,24) GROUP
        //   C: [2,10) GROUP
        // Pairs: d(A0,B0) = 0; d(A0,C0) = d(B0,C0) = (2/18)² = 1/81; d(A1,B1) = 1 (category).
        // Best: {A0,B0,C0} with (0 + 1/81 + 1/81)/3 = 2/243, and {A1,B1,∅} with (1 + 1 + 1)/3 = 1
        // (as good as A1 and B1 apart, 1 + 1 = 2 > 1, so together). Total 1 + 2/243 over
        // N/m = 5/3 units per annotator.
        let a = vec![u(0, 10, 0), u(20, 24, 1)];
        let b = vec![u(0, 10, 0), u(20, 24, 0)];
        let c = vec![u(2, 10, 0)];
        let d = best_alignment_disorder(&[a, b, c]).unwrap();
        let want = (1.0 + 2.0 / 243.0) * 3.0 / 5.0;
        assert!((d - want).abs() < 1e-12, "{d} {want}");
    }

    #[test]
    fn a_lone_unit_costs_delta_empty() {
        // Two annotators, one unit only A has: disorder Δ∅ over N/m = 1/2.
        let d = best_alignment_disorder(&[vec![u(0, 5, 0)], vec![]]).unwrap();
        assert!((d - 2.0).abs() < 1e-12);
        assert_eq!(best_alignment_disorder(&[vec![u(0, 5, 0)]]), None);
        assert_eq!(best_alignment_disorder(&[vec![], vec![]]), None);
        // Empty units are not units; duplicates count once.
        let d2 = best_alignment_disorder(&[vec![u(0, 5, 0), u(0, 5, 0), u(7, 7, 0)], vec![]]);
        assert_eq!(d2, Some(d));
    }

    #[test]
    fn identical_annotations_give_gamma_one() {
        let units = vec![u(0, 4, 0), u(2, 9, 1), u(20, 30, 0), u(22, 25, 2)];
        let all = vec![units.clone(), units.clone(), units];
        let mut rng = fastrand::Rng::with_seed(7);
        let g = continuum_gamma(&all, 10, &mut rng).unwrap();
        assert_eq!(g.observed, 0.0);
        assert_eq!(g.gamma, Some(1.0));
        assert!(g.expected > 0.0);
    }

    #[test]
    fn disagreement_lowers_gamma_and_seeds_repeat() {
        let a = vec![u(0, 10, 0), u(30, 40, 1), u(60, 70, 0), u(90, 95, 1)];
        let b = vec![u(1, 10, 0), u(30, 41, 0), u(75, 80, 0)];
        let c = vec![u(0, 12, 0), u(30, 40, 1), u(60, 70, 0), u(90, 95, 1)];
        let all = [a, b, c];
        let run = |seed| continuum_gamma(&all, 30, &mut fastrand::Rng::with_seed(seed)).unwrap();
        let (x, y) = (run(3), run(3));
        assert_eq!(x, y);
        let g = x.gamma.unwrap();
        assert!(g < 1.0 && g > 0.0, "{g}");
        assert_eq!(run(4).observed, x.observed);
    }

    #[test]
    fn sampler_statistics_are_pygammas() {
        // A: [2,5) [7,8)   B: [0,4)   gaps 0, 7−5 = 2, 2 (A's first start); B starts at 0.
        let s = StatisticalSampler::new(&[vec![u(2, 5, 0), u(7, 8, 1)], vec![u(0, 4, 0)]]).unwrap();
        assert_eq!(s.units, (1.5, 0.5));
        let (gm, gs) = s.gap;
        assert!((gm - 4.0 / 3.0).abs() < 1e-12);
        assert!((gs - (8.0f64 / 9.0).sqrt()).abs() < 1e-12);
        let (lm, _) = s.length;
        assert!((lm - 8.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.categories.len(), 2);
        assert!((s.categories[0].1 - 2.0 / 3.0).abs() < 1e-12);
        let sample = s.sample(&mut fastrand::Rng::with_seed(1));
        assert_eq!(sample.len(), 2);
        assert!(sample.iter().flatten().all(|u| u.len() >= 1e-6));
    }

    #[test]
    fn documents_pool_by_units_per_annotator() {
        let al = crate::review::align::tests::three_documents_two_annotators();
        let g = Gamma::compute(&al, GammaOptions::default());
        assert_eq!(g.per_document.len(), 3);
        assert_eq!(g.per_document[2], None);
        let (d0, d1) = (g.per_document[0].unwrap(), g.per_document[1].unwrap());
        // Document 1: A [4,9), B [4,12): ((0 + 3) / 13)² for the pair, less than apart.
        assert!((d1.observed - (3.0f64 / 13.0).powi(2)).abs() < 1e-12);
        // Document 0: GROUP agrees; PLACE vs GROUP on the same range costs Δ∅ = 1.
        assert!((d0.observed - 1.0 / 2.0).abs() < 1e-12);
        let pooled = (2.0 * d0.observed + d1.observed) / 3.0;
        assert!((g.observed.unwrap() - pooled).abs() < 1e-12);
        let pooled_e = (2.0 * d0.expected + d1.expected) / 3.0;
        assert!((g.overall.unwrap() - (1.0 - pooled / pooled_e)).abs() < 1e-12);
    }

    #[test]
    fn a_pile_up_past_the_budget_gives_none_not_a_hang() {
        // Every triple of 12 units (4 per annotator, 3 "annotators" by local index) is a
        // candidate of cost 0.5: many covered sets. With room it is solved, without none.
        let mut cands: Vec<(Vec<usize>, f64)> = (0..12).map(|i| (vec![i], 1.0)).collect();
        for a in 0..4 {
            for b in 4..8 {
                for c in 8..12 {
                    cands.push((vec![a, b, c], 0.5));
                }
            }
        }
        assert_eq!(solve_component(12, &cands, STATE_BUDGET), Some(2.0));
        assert_eq!(solve_component(12, &cands, 3), None);
    }

    /// Plain reference: the least total disorder over every partition of the units into
    /// unitary alignments, with no pruning.
    fn brute_force(units: &[Vec<Unit>]) -> Option<f64> {
        let m = units.len();
        let total: usize = units.iter().map(Vec::len).sum();
        if m < 2 || total == 0 {
            return None;
        }
        let pairs = (m * (m - 1) / 2) as f64;
        fn tuple_disorder(t: &[Option<Unit>], pairs: f64) -> f64 {
            let mut s = 0.0;
            for i in 0..t.len() {
                for j in i + 1..t.len() {
                    s += match (t[i], t[j]) {
                        (Some(a), Some(b)) => dissimilarity(a, b),
                        _ => DELTA_EMPTY,
                    };
                }
            }
            s / pairs
        }
        fn go(units: &[Vec<Unit>], used: &mut Vec<Vec<bool>>, pairs: f64) -> f64 {
            // The first unused unit, by annotator then index.
            let Some((a, i)) = (0..units.len())
                .flat_map(|a| (0..units[a].len()).map(move |i| (a, i)))
                .find(|&(a, i)| !used[a][i])
            else {
                return 0.0;
            };
            used[a][i] = true;
            let mut best = f64::INFINITY;
            let mut tuple: Vec<Option<Unit>> = vec![None; units.len()];
            tuple[a] = Some(units[a][i]);
            fn extend(
                units: &[Vec<Unit>],
                used: &mut Vec<Vec<bool>>,
                tuple: &mut Vec<Option<Unit>>,
                b: usize,
                skip: usize,
                pairs: f64,
                best: &mut f64,
            ) {
                if b == units.len() {
                    let here = tuple_disorder(tuple, pairs) + go(units, used, pairs);
                    *best = best.min(here);
                    return;
                }
                if b == skip {
                    return extend(units, used, tuple, b + 1, skip, pairs, best);
                }
                extend(units, used, tuple, b + 1, skip, pairs, best);
                for j in 0..units[b].len() {
                    if !used[b][j] {
                        used[b][j] = true;
                        tuple[b] = Some(units[b][j]);
                        extend(units, used, tuple, b + 1, skip, pairs, best);
                        tuple[b] = None;
                        used[b][j] = false;
                    }
                }
            }
            extend(units, used, &mut tuple, 0, a, pairs, &mut best);
            used[a][i] = false;
            best
        }
        let mut used: Vec<Vec<bool>> = units.iter().map(|u| vec![false; u.len()]).collect();
        Some(go(units, &mut used, pairs) * m as f64 / total as f64)
    }

    fn annotator_units() -> impl Strategy<Value = Vec<Unit>> {
        prop::collection::vec((0..30usize, 1..10usize, 0..2u32), 0..4)
            .prop_map(|v| v.into_iter().map(|(s, l, c)| u(s, s + l, c)).collect())
    }

    proptest! {
        #[test]
        fn best_alignment_is_the_optimum_over_all_partitions(
            units in prop::collection::vec(annotator_units(), 2..4),
        ) {
            let norm = normalise(&units);
            let ours = best_alignment_disorder(&units);
            let brute = brute_force(&norm);
            match (ours, brute) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9, "{} {}", x, y),
                (x, y) => prop_assert_eq!(x, y),
            }
        }

        #[test]
        fn identical_annotators_have_no_disorder(
            units in annotator_units(),
            copies in 2..5usize,
        ) {
            let all = vec![units.clone(); copies];
            let d = best_alignment_disorder(&all);
            if normalise(&all)[0].is_empty() {
                prop_assert_eq!(d, None);
            } else {
                prop_assert_eq!(d, Some(0.0));
            }
        }

        #[test]
        fn annotator_order_does_not_matter(
            a in annotator_units(),
            b in annotator_units(),
            c in annotator_units(),
        ) {
            let x = best_alignment_disorder(&[a.clone(), b.clone(), c.clone()]);
            let y = best_alignment_disorder(&[c, a, b]);
            match (x, y) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9),
                (x, y) => prop_assert_eq!(x, y),
            }
        }
    }
}
