//! The label confusion matrix on tokens: for every pair of annotators and every token of a
//! document both have, the pair of labels they gave it. Each pair is counted in both orders, so
//! the matrix is symmetric and its diagonal counts agreements; "no label" is row/column `O`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Row and column names, `O` first.
    pub labels: Vec<String>,
    /// `counts[i][j]`: tokens labelled `labels[i]` by one annotator and `labels[j]` by another.
    pub counts: Vec<Vec<u64>>,
}

impl Confusion {
    pub fn new(labels: Vec<String>) -> Self {
        let n = labels.len();
        Self {
            labels,
            counts: vec![vec![0; n]; n],
        }
    }

    /// Add the tokens of one document for one pair of annotators.
    pub fn add_pair(&mut self, a: &[u32], b: &[u32]) {
        for (&x, &y) in a.iter().zip(b) {
            self.counts[x as usize][y as usize] += 1;
            self.counts[y as usize][x as usize] += 1;
        }
    }

    pub fn get(&self, a: &str, b: &str) -> u64 {
        let i = self.labels.iter().position(|l| l == a);
        let j = self.labels.iter().position(|l| l == b);
        match (i, j) {
            (Some(i), Some(j)) => self.counts[i][j],
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_counts() {
        let mut c = Confusion::new(vec!["O".into(), "GROUP".into(), "PLACE".into()]);
        c.add_pair(&[0, 1, 2, 2], &[0, 2, 2, 0]);
        assert_eq!(c.get("GROUP", "PLACE"), 1);
        assert_eq!(c.get("PLACE", "GROUP"), 1);
        assert_eq!(c.get("PLACE", "PLACE"), 2);
        assert_eq!(c.get("O", "O"), 2);
        assert_eq!(c.get("O", "PLACE"), 1);
        let total: u64 = c.counts.iter().flatten().sum();
        assert_eq!(total, 8);
    }
}
