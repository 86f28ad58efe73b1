//! Power: the smallest effect a test could have detected at its n (issue 22, point 5).
//!
//! Every test of the engine is, for large n, a χ² test whose statistic under an alternative
//! follows a noncentral χ² distribution with noncentrality λ (a two-sided z test is the case of
//! one degree of freedom). λ is found once per degrees of freedom such that the test rejects at
//! level α with probability `power`; each measure then gives the effect that produces that λ at
//! the pattern's n (formulas in analysis/METHODS.md, "What a pattern could not have shown").

use std::collections::HashMap;

use super::dist::{chi_square_sf, ln_gamma, normal_sf};

/// The point where `below` turns false, between `lo` and an upper bound found by doubling
/// `hi`, to a relative precision of `tolerance` (every function here rises or falls steadily).
fn bisect(mut lo: f64, mut hi: f64, tolerance: f64, below: impl Fn(f64) -> bool) -> f64 {
    while below(hi) {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if below(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= tolerance * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The x with P(χ²(df) ≥ x) = α.
pub fn chi_square_critical(alpha: f64, df: f64) -> f64 {
    bisect(0.0, 1.0, 1e-12, |x| chi_square_sf(x, df) > alpha)
}

/// P(X ≥ x) for X ~ χ²(df, λ): a Poisson(λ/2) mixture of central χ² with df + 2j degrees of
/// freedom, summed outwards from the largest weight until the weights are negligible.
pub fn noncentral_chi_square_sf(x: f64, df: f64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return chi_square_sf(x, df);
    }
    let half = lambda / 2.0;
    let weight = |j: f64| (-half + j * half.ln() - ln_gamma(j + 1.0)).exp();
    let centre = half.floor();
    let mut total = 0.0;
    let mut j = centre;
    loop {
        let w = weight(j);
        total += w * chi_square_sf(x, df + 2.0 * j);
        if j == 0.0 || (w < 1e-17 && j < centre) {
            break;
        }
        j -= 1.0;
    }
    let mut j = centre + 1.0;
    loop {
        let w = weight(j);
        total += w * chi_square_sf(x, df + 2.0 * j);
        if w < 1e-17 {
            break;
        }
        j += 1.0;
    }
    total.min(1.0)
}

/// The noncentrality λ at which a χ²(df) test at level α rejects with probability `power`.
pub fn noncentrality_for_power(alpha: f64, df: f64, power: f64) -> f64 {
    let critical = chi_square_critical(alpha, df);
    bisect(0.0, 1.0, 1e-9, |lambda| {
        noncentral_chi_square_sf(critical, df, lambda) < power
    })
}

/// λ per degrees of freedom for one level and power, computed once each.
pub struct Noncentrality {
    alpha: f64,
    power: f64,
    known: HashMap<u64, f64>,
}

impl Noncentrality {
    pub fn new(alpha: f64, power: f64) -> Noncentrality {
        Noncentrality {
            alpha,
            power,
            known: HashMap::new(),
        }
    }

    pub fn of(&mut self, df: u64) -> f64 {
        let (alpha, power) = (self.alpha, self.power);
        *self
            .known
            .entry(df)
            .or_insert_with(|| noncentrality_for_power(alpha, df as f64, power))
    }
}

/// Spearman's ρ detectable at n: atanh(ρ) has variance about 1.06 / (n − 3) (Fieller, Hartley
/// & Pearson 1957).
pub fn detectable_rho(lambda_1: f64, n: u64) -> Option<f64> {
    (n > 3).then(|| (lambda_1.sqrt() * (1.06 / (n as f64 - 3.0)).sqrt()).tanh())
}

/// The rank-biserial r detectable between groups of n₁ and n₂: U − n₁n₂/2 = r·n₁n₂/2 against
/// its standard deviation √(n₁n₂(n + 1)/12), so z = r·√(3n₁n₂/(n + 1)).
pub fn detectable_rank_biserial(lambda_1: f64, n1: u64, n2: u64) -> Option<f64> {
    let (a, b) = (n1 as f64, n2 as f64);
    (n1 > 0 && n2 > 0).then(|| (lambda_1.sqrt() / (3.0 * a * b / (a + b + 1.0)).sqrt()).min(1.0))
}

/// The ε² detectable with n stories: H ≈ (n − 1)·ε², so λ = (n − 1)·ε².
pub fn detectable_epsilon_squared(lambda: f64, n: u64) -> Option<f64> {
    (n > 1).then(|| (lambda / (n as f64 - 1.0)).min(1.0))
}

/// Cramér's V detectable in an r × c table of n stories: χ² ≈ n·φ² and V = φ / √(min(r, c) − 1).
pub fn detectable_cramers_v(lambda: f64, n: u64, rows: usize, columns: usize) -> Option<f64> {
    let narrow = rows.min(columns).saturating_sub(1);
    (n > 0 && narrow > 0).then(|| ((lambda / n as f64).sqrt() / (narrow as f64).sqrt()).min(1.0))
}

/// The log ratio (log₂ of the group's rate over the rest's) of a word seen `total` times, in a
/// group of `group_words` words and a rest of `rest_words`, that the log-likelihood test at level
/// α finds with probability `power`, in the direction of `more` (the group uses it more often)
/// or less. Given its total, the word's count in the group is binomial; the power is computed
/// exactly from that distribution (a word's counts are often too small for the noncentral χ²).
/// `None` when no ratio reaches that power (a word too rare to tell apart at all).
pub fn detectable_log_ratio(
    alpha: f64,
    power: f64,
    total: u64,
    group_words: u64,
    rest_words: u64,
    more: bool,
) -> Option<f64> {
    if total == 0 || group_words == 0 || rest_words == 0 {
        return None;
    }
    let (c, d) = (group_words as f64, rest_words as f64);
    let critical = chi_square_critical(alpha, 1.0);
    let rejects =
        |a: u64| super::log_likelihood(a, total - a, group_words, rest_words).g2 >= critical;
    // G² grows steadily away from the expected count on either side: the test rejects at or
    // below `low` and at or above `high`.
    let expected = total as f64 * c / (c + d);
    let low = {
        let (mut lo, mut hi) = (0u64, expected.floor() as u64);
        if !rejects(0) {
            None
        } else {
            // rejects(lo) holds, the largest such below the expected count is sought.
            while lo < hi {
                let mid = lo + (hi - lo).div_ceil(2);
                if rejects(mid) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            Some(lo)
        }
    };
    let high = {
        let (mut lo, mut hi) = ((expected.ceil() as u64).min(total), total);
        if !rejects(total) {
            None
        } else {
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if rejects(mid) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            Some(hi)
        }
    };
    let t = total as f64;
    let power_at = |log_ratio: f64| {
        let ratio = if more { log_ratio } else { -log_ratio }.exp2();
        let share = (c * ratio / (c * ratio + d)).clamp(0.0, 1.0);
        // P(X ≤ k) = I₁₋ₚ(t − k, k + 1) and P(X ≥ k) = Iₚ(k, t − k + 1) for X ~ Bin(t, p).
        let at_most = |k: u64| {
            if k >= total {
                1.0
            } else {
                statrs::function::beta::beta_reg(t - k as f64, k as f64 + 1.0, 1.0 - share)
            }
        };
        let at_least = |k: u64| {
            if k == 0 {
                1.0
            } else {
                statrs::function::beta::beta_reg(k as f64, t - k as f64 + 1.0, share)
            }
        };
        low.map_or(0.0, at_most) + high.map_or(0.0, at_least)
    };
    // Beyond a ratio of 2⁴⁰ every occurrence is in one part: the power no longer grows.
    const FURTHEST: f64 = 40.0;
    (power_at(FURTHEST) >= power)
        // Shown to three decimals: a relative precision of 1e-5 is plenty.
        .then(|| bisect(0.0, 1.0, 1e-5, |l| l < FURTHEST && power_at(l) < power))
}

/// The two-sided z that a test at level α needs: Φ⁻¹(1 − α/2).
pub fn z_two_sided(alpha: f64) -> f64 {
    bisect(0.0, 1.0, 1e-14, |z| 2.0 * normal_sf(z) > alpha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_freedom_is_the_two_sided_z_test() {
        // 80 % power at α = 0.05: λ = (1.959964 + 0.841621)² = 7.8489 (Cohen 1988, table 7.4.15
        // gives λ = 7.85 for u = 1).
        let lambda = noncentrality_for_power(0.05, 1.0, 0.8);
        let z = z_two_sided(0.05) + 0.8416212335729143;
        assert!((lambda - z * z).abs() < 1e-3, "{lambda} vs {}", z * z);
    }

    #[test]
    fn cohens_table_for_more_degrees_of_freedom() {
        // Cohen (1988), table 7.4.15, α = 0.05, power 0.80: u = 4 gives λ = 11.94, u = 10 gives
        // λ = 16.24 (to two decimals).
        assert!((noncentrality_for_power(0.05, 4.0, 0.8) - 11.94).abs() < 0.01);
        assert!((noncentrality_for_power(0.05, 10.0, 0.8) - 16.24).abs() < 0.01);
        assert!((chi_square_critical(0.05, 1.0) - 3.841458820694124).abs() < 1e-9);
    }

    #[test]
    fn a_larger_sample_detects_smaller_effects() {
        let lambda = noncentrality_for_power(0.001, 1.0, 0.8);
        let small = detectable_rho(lambda, 100).unwrap();
        let large = detectable_rho(lambda, 10_000).unwrap();
        assert!(
            small > 0.3 && large < 0.05 && large > 0.0,
            "{small} {large}"
        );
        assert!(detectable_rank_biserial(lambda, 500, 500).unwrap() < 0.2);
    }

    /// At the detectable effect, the engine's own tests reject in about 80 % of samples.
    #[test]
    fn the_engines_tests_find_the_detectable_effect_in_eight_of_ten_samples() {
        use rand::SeedableRng;
        use rand_distr::{Distribution, StandardNormal};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let mut z = || -> f64 { StandardNormal.sample(&mut rng) };
        let alpha = 0.01;
        let lambda = noncentrality_for_power(alpha, 1.0, 0.8);
        let replicates = 600;
        let point = |v: f64| (50.0 + 15.0 * v).round().clamp(0.0, 100.0) as usize;
        let values: Vec<f64> = (0..=100).map(f64::from).collect();

        // Mann-Whitney between two groups of 60.
        let r = detectable_rank_biserial(lambda, 60, 60).unwrap();
        let shift = 2f64.sqrt() * z_two_sided(1.0 - r); // Φ⁻¹((1 + r) / 2)
        let mut found = 0;
        for _ in 0..replicates {
            let (mut a, mut b) = (vec![0u64; 101], vec![0u64; 101]);
            for _ in 0..60 {
                a[point(z() + shift)] += 1;
                b[point(z())] += 1;
            }
            if crate::stats::mann_whitney(&a, &b).unwrap().p <= alpha {
                found += 1;
            }
        }
        let share = found as f64 / replicates as f64;
        assert!(
            (share - 0.8).abs() < 0.06,
            "Mann-Whitney found {share} at r = {r}"
        );

        // Spearman over 150 pairs.
        let rho = detectable_rho(lambda, 150).unwrap();
        let pearson = 2.0 * (std::f64::consts::PI * rho / 6.0).sin();
        let mut found = 0;
        for _ in 0..replicates {
            let (mut x, mut y) = (Vec::new(), Vec::new());
            for _ in 0..150 {
                let u = z();
                x.push(point(u) as u32);
                y.push(point(pearson * u + (1.0 - pearson * pearson).sqrt() * z()) as u32);
            }
            if crate::stats::spearman(&x, &y, &values, &values).unwrap().p <= alpha {
                found += 1;
            }
        }
        let share = found as f64 / replicates as f64;
        assert!(
            (share - 0.8).abs() < 0.06,
            "Spearman found {share} at ρ = {rho}"
        );

        // A key word seen 200 times in 5,000 words of a group and 45,000 of the rest: its
        // count in the group is binomial given its total, at the detectable ratio (computed
        // exactly, so this checks the engine's G² against the formula's rejection region).
        use rand_distr::Binomial;
        for more in [true, false] {
            let (c, d, t) = (5_000u64, 45_000u64, 200u64);
            let l = detectable_log_ratio(alpha, 0.8, t, c, d, more).unwrap();
            let ratio = if more { l } else { -l }.exp2();
            let share_in_group = c as f64 * ratio / (c as f64 * ratio + d as f64);
            let binomial = Binomial::new(t, share_in_group).unwrap();
            let mut found = 0;
            for _ in 0..replicates {
                let a = binomial.sample(&mut rng);
                if crate::stats::log_likelihood(a, t - a, c, d).p <= alpha {
                    found += 1;
                }
            }
            let share = found as f64 / replicates as f64;
            assert!(
                (share - 0.8).abs() < 0.06,
                "keyness ({more}) found {share} at log ratio {l}"
            );
        }
        // A word too rare to tell apart in any ratio has no detectable effect.
        assert_eq!(
            detectable_log_ratio(alpha, 0.8, 2, 5_000, 45_000, false),
            None
        );
    }
}
