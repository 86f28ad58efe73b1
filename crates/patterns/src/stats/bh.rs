//! Benjamini-Hochberg false-discovery-rate correction (Benjamini & Hochberg 1995).

/// The BH-adjusted p-values (q-values) of `p`, in the same order.
///
/// q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎ · m / j, capped at 1, where p₍₁₎ ≤ … ≤ p₍ₘ₎. Ties in p are
/// ordered by position, so the result does not depend on how the sort breaks them.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let candidate = p[i] * m as f64 / (rank + 1) as f64;
        running = running.min(candidate).min(1.0);
        q[i] = running;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_worked_example() {
        // The same values as R's p.adjust(p, "BH") on this vector.
        let p = [0.01, 0.04, 0.03, 0.005, 0.5];
        let q = benjamini_hochberg(&p);
        let expected = [0.025, 0.05, 0.05, 0.025, 0.5];
        for (a, b) in q.iter().zip(expected) {
            assert!((a - b).abs() < 1e-15, "{q:?}");
        }
    }

    #[test]
    fn q_is_never_below_p_and_never_above_one() {
        let p = [0.9, 0.95, 0.99, 1.0];
        for (pi, qi) in p.iter().zip(benjamini_hochberg(&p)) {
            assert!(qi >= *pi && qi <= 1.0);
        }
    }
}
