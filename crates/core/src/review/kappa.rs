//! Cohen's kappa for two coders who each gave every item one nominal value:
//! κ = (p_o − p_e) / (1 − p_e), with p_e from each coder's own value distribution.

/// Cohen's kappa of two equally long sequences of value codes. `None` for empty input or
/// when chance agreement is already perfect (both coders used one and the same value).
pub fn cohen_kappa(a: &[u32], b: &[u32]) -> Option<f64> {
    assert_eq!(
        a.len(),
        b.len(),
        "kappa needs one value per item from each coder"
    );
    let n = a.len();
    if n == 0 {
        return None;
    }
    let size = a.iter().chain(b).copied().max().unwrap_or(0) as usize + 1;
    let mut ca = vec![0u64; size];
    let mut cb = vec![0u64; size];
    let mut same = 0u64;
    for (&x, &y) in a.iter().zip(b) {
        ca[x as usize] += 1;
        cb[y as usize] += 1;
        same += u64::from(x == y);
    }
    let nf = n as f64;
    let po = same as f64 / nf;
    let pe: f64 = ca
        .iter()
        .zip(&cb)
        .map(|(&x, &y)| (x as f64 / nf) * (y as f64 / nf))
        .sum();
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expand a 2×2 table (yes/yes, yes/no, no/yes, no/no) into two sequences.
    fn from_table(yy: usize, yn: usize, ny: usize, nn: usize) -> (Vec<u32>, Vec<u32>) {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (count, x, y) in [(yy, 1, 1), (yn, 1, 0), (ny, 0, 1), (nn, 0, 0)] {
            a.extend(std::iter::repeat_n(x, count));
            b.extend(std::iter::repeat_n(y, count));
        }
        (a, b)
    }

    #[test]
    fn wikipedia_grant_proposal_example() {
        // Wikipedia, "Cohen's kappa", simple example: 50 grant proposals, A and B both say yes
        // 20 times, A yes/B no 5, A no/B yes 10, both no 15; p_o = 0.7, p_e = 0.5, κ = 0.4.
        let (a, b) = from_table(20, 5, 10, 15);
        assert!((cohen_kappa(&a, &b).unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn wikipedia_same_agreement_different_kappa() {
        // Wikipedia, "Cohen's kappa", same percentages but different numbers: 45/15/25/15
        // gives κ = 0.1304 and 25/35/5/35 gives κ = 0.2593 (both with p_o = 0.60).
        let (a, b) = from_table(45, 15, 25, 15);
        assert!((cohen_kappa(&a, &b).unwrap() - 0.1304).abs() < 1e-4);
        let (a, b) = from_table(25, 35, 5, 35);
        assert!((cohen_kappa(&a, &b).unwrap() - 0.2593).abs() < 1e-4);
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(cohen_kappa(&[], &[]), None);
        assert_eq!(cohen_kappa(&[2, 2, 2], &[2, 2, 2]), None);
        assert_eq!(cohen_kappa(&[1, 2, 1, 2], &[1, 2, 1, 2]), Some(1.0));
    }
}
