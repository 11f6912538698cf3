//! Krippendorff's alpha for nominal data, any number of coders, missing values allowed.
//!
//! Hamish uses it on tokens: each token of a document is a unit, each annotator whose file has
//! the document gives it a value (the label of the span covering it, or "no label"); annotators
//! without the document are missing. This is nominal alpha on tokens, not unitizing alpha_u.
//!
//! α = 1 − D_o / D_e from the coincidence matrix: a unit coded by m ≥ 2 coders adds
//! 1/(m − 1) for each ordered pair of its values; units with one value are not pairable.

/// Accumulates units one at a time, so callers need not build the whole reliability matrix.
#[derive(Debug, Clone, Default)]
pub struct NominalAlpha {
    /// Σ over units of the disagreeing pairable values: (m² − Σ_c n_uc²) / (m − 1).
    observed: f64,
    /// n_c: how often each value occurs in pairable units.
    totals: Vec<f64>,
    scratch: Vec<u32>,
}

impl NominalAlpha {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one unit: the values the coders who coded it gave (missing coders left out).
    pub fn add_unit(&mut self, values: &[u32]) {
        let m = values.len();
        if m < 2 {
            return;
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(values);
        self.scratch.sort_unstable();
        let mut sum_sq = 0.0;
        let mut run = 0usize;
        for i in 0..m {
            run += 1;
            if i + 1 == m || self.scratch[i + 1] != self.scratch[i] {
                let v = self.scratch[i] as usize;
                if self.totals.len() <= v {
                    self.totals.resize(v + 1, 0.0);
                }
                self.totals[v] += run as f64;
                sum_sq += (run * run) as f64;
                run = 0;
            }
        }
        let mf = m as f64;
        self.observed += (mf * mf - sum_sq) / (mf - 1.0);
    }

    /// Merge another accumulator into this one.
    pub fn absorb(&mut self, other: &NominalAlpha) {
        self.observed += other.observed;
        if self.totals.len() < other.totals.len() {
            self.totals.resize(other.totals.len(), 0.0);
        }
        for (t, o) in self.totals.iter_mut().zip(&other.totals) {
            *t += o;
        }
    }

    /// Number of pairable values n.
    pub fn pairable(&self) -> f64 {
        self.totals.iter().sum()
    }

    /// α, or `None` when there is nothing to compare or only one value was ever used.
    pub fn alpha(&self) -> Option<f64> {
        let n = self.pairable();
        if n < 2.0 {
            return None;
        }
        let expected = n * n - self.totals.iter().map(|t| t * t).sum::<f64>();
        if expected <= 0.0 {
            return None;
        }
        Some(1.0 - (n - 1.0) * self.observed / expected)
    }
}

/// Nominal alpha of a reliability matrix given unit by unit.
pub fn nominal_alpha<'a>(units: impl IntoIterator<Item = &'a [u32]>) -> Option<f64> {
    let mut acc = NominalAlpha::new();
    for unit in units {
        acc.add_unit(unit);
    }
    acc.alpha()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units from a reliability matrix written coder by coder, `None` for missing.
    fn units(rows: &[&[Option<u32>]]) -> Vec<Vec<u32>> {
        (0..rows[0].len())
            .map(|u| rows.iter().filter_map(|r| r[u]).collect())
            .collect()
    }

    #[test]
    fn krippendorff_2011_binary_two_observers() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A:
        // two observers, ten units, binary data; α = 0.095.
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0].map(Some);
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0].map(Some);
        let u = units(&[&a, &b]);
        let alpha = nominal_alpha(u.iter().map(Vec::as_slice)).unwrap();
        assert!((alpha - 0.095).abs() < 5e-4, "{alpha}");
    }

    #[test]
    fn krippendorff_2011_nominal_four_observers_missing_data() {
        // Krippendorff (2011), section C: four observers, twelve units, values 1–5 with
        // missing data; nominal α = 0.743.
        let n = None;
        let a = [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(1),
            Some(4),
            Some(1),
            Some(2),
            n,
            n,
            n,
        ];
        let b = [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(2),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            n,
            Some(3),
        ];
        let c = [
            n,
            Some(3),
            Some(3),
            Some(3),
            Some(2),
            Some(3),
            Some(4),
            Some(2),
            Some(2),
            Some(5),
            Some(1),
            n,
        ];
        let d = [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(4),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            Some(1),
            n,
        ];
        let u = units(&[&a, &b, &c, &d]);
        let alpha = nominal_alpha(u.iter().map(Vec::as_slice)).unwrap();
        assert!((alpha - 0.743).abs() < 5e-4, "{alpha}");
    }

    #[test]
    fn perfect_and_degenerate() {
        let u: Vec<Vec<u32>> = vec![vec![1, 1], vec![2, 2], vec![1, 1, 1]];
        assert_eq!(nominal_alpha(u.iter().map(Vec::as_slice)), Some(1.0));
        let single: Vec<Vec<u32>> = vec![vec![1], vec![2]];
        assert_eq!(nominal_alpha(single.iter().map(Vec::as_slice)), None);
        let constant: Vec<Vec<u32>> = vec![vec![3, 3], vec![3, 3]];
        assert_eq!(nominal_alpha(constant.iter().map(Vec::as_slice)), None);
    }
}
