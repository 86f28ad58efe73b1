//! Rank tests from counts: Kruskal-Wallis, Mann-Whitney U, Spearman's rho (and Pearson's r).
//!
//! A group is given as its histogram over the value codes of one numeric column (see the
//! module above): `hist[c]` stories of the group have the `c`-th smallest value. Tied values
//! share their mid-rank, as in every textbook and in scipy.

use serde::Serialize;

use super::dist::{chi_square_sf, correlation_p, normal_sf};
use super::MISSING;

/// Mid-ranks of each value code given the pooled counts, and the tie term Σ(t³ − t).
fn mid_ranks(pooled: &[u64]) -> (Vec<f64>, f64) {
    let mut ranks = Vec::with_capacity(pooled.len());
    let mut below = 0u64;
    let mut ties = 0.0;
    for &t in pooled {
        ranks.push(below as f64 + (t as f64 + 1.0) / 2.0);
        below += t;
        let t = t as f64;
        ties += t * t * t - t;
    }
    (ranks, ties)
}

fn pooled(groups: &[&[u64]]) -> Vec<u64> {
    let width = groups.iter().map(|g| g.len()).max().unwrap_or(0);
    let mut sum = vec![0u64; width];
    for g in groups {
        for (s, c) in sum.iter_mut().zip(g.iter()) {
            *s += c;
        }
    }
    sum
}

fn rank_sum(hist: &[u64], ranks: &[f64]) -> f64 {
    hist.iter().zip(ranks).map(|(&c, &r)| c as f64 * r).sum()
}

/// The Kruskal-Wallis H test with tie correction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Kruskal {
    pub n: u64,
    /// H, corrected for ties.
    pub h: f64,
    pub df: f64,
    pub p: f64,
    /// ε² = H / (n − 1) (Tomczak & Tomczak 2014).
    pub epsilon_squared: f64,
}

/// Kruskal-Wallis over the given groups (at least two, each non-empty). `None` when every
/// value is the same (H is undefined).
pub fn kruskal_wallis(groups: &[&[u64]]) -> Option<Kruskal> {
    if groups.len() < 2 {
        return None;
    }
    let all = pooled(groups);
    let n: u64 = all.iter().sum();
    let nf = n as f64;
    let (ranks, ties) = mid_ranks(&all);
    let correction = 1.0 - ties / (nf * nf * nf - nf);
    if n < 2 || correction <= 0.0 {
        return None;
    }
    let centre = (nf + 1.0) / 2.0;
    let mut between = 0.0;
    for g in groups {
        let ng: u64 = g.iter().sum();
        if ng == 0 {
            return None;
        }
        let deviation = rank_sum(g, &ranks) - ng as f64 * centre;
        between += deviation * deviation / ng as f64;
    }
    let h = 12.0 / (nf * (nf + 1.0)) * between / correction;
    let df = (groups.len() - 1) as f64;
    Some(Kruskal {
        n,
        h,
        df,
        p: chi_square_sf(h, df),
        epsilon_squared: h / (nf - 1.0),
    })
}

/// The two-sided Mann-Whitney U test (normal approximation with tie and continuity correction).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MannWhitney {
    pub n1: u64,
    pub n2: u64,
    /// U of the first group.
    pub u: f64,
    pub z: f64,
    pub p: f64,
    /// Rank-biserial correlation 2U/(n₁n₂) − 1: positive when the first group lies higher.
    pub rank_biserial: f64,
}

/// Mann-Whitney U of group `a` against group `b`. `None` when a group is empty or every value
/// is the same.
pub fn mann_whitney(a: &[u64], b: &[u64]) -> Option<MannWhitney> {
    let all = pooled(&[a, b]);
    let n1: u64 = a.iter().sum();
    let n2: u64 = b.iter().sum();
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (ranks, ties) = mid_ranks(&all);
    let (f1, f2) = (n1 as f64, n2 as f64);
    let n = f1 + f2;
    let u1 = rank_sum(a, &ranks) - f1 * (f1 + 1.0) / 2.0;
    let u2 = f1 * f2 - u1;
    let variance = f1 * f2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)));
    if variance <= 0.0 {
        return None;
    }
    let mean = f1 * f2 / 2.0;
    let z = (u1.max(u2) - mean - 0.5) / variance.sqrt();
    let p = (2.0 * normal_sf(z)).clamp(0.0, 1.0);
    Some(MannWhitney {
        n1,
        n2,
        u: u1,
        z,
        p,
        rank_biserial: 2.0 * u1 / (f1 * f2) - 1.0,
    })
}

/// A correlation coefficient with its two-sided p-value (t with n − 2 degrees of freedom).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Correlation {
    pub n: u64,
    pub r: f64,
    pub p: f64,
}

/// Pearson's r over the pairs where both codes are present; `values` map codes to numbers.
fn correlate(
    x: &[u32],
    y: &[u32],
    x_values: &[f64],
    y_values: &[f64],
) -> Option<(Correlation, Correlation)> {
    let mut x_counts = vec![0u64; x_values.len()];
    let mut y_counts = vec![0u64; y_values.len()];
    for (&a, &b) in x.iter().zip(y) {
        if a != MISSING && b != MISSING {
            x_counts[a as usize] += 1;
            y_counts[b as usize] += 1;
        }
    }
    let n: u64 = x_counts.iter().sum();
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let (x_ranks, _) = mid_ranks(&x_counts);
    let (y_ranks, _) = mid_ranks(&y_counts);
    let mean = |counts: &[u64], values: &[f64]| -> f64 {
        counts
            .iter()
            .zip(values)
            .map(|(&c, &v)| c as f64 * v)
            .sum::<f64>()
            / nf
    };
    let (x_mean, y_mean) = (mean(&x_counts, x_values), mean(&y_counts, y_values));
    let rank_mean = (nf + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    let (mut rxy, mut rxx, mut ryy) = (0.0, 0.0, 0.0);
    for (&a, &b) in x.iter().zip(y) {
        if a == MISSING || b == MISSING {
            continue;
        }
        let (dx, dy) = (x_values[a as usize] - x_mean, y_values[b as usize] - y_mean);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
        let (rx, ry) = (
            x_ranks[a as usize] - rank_mean,
            y_ranks[b as usize] - rank_mean,
        );
        rxy += rx * ry;
        rxx += rx * rx;
        ryy += ry * ry;
    }
    if sxx <= 0.0 || syy <= 0.0 || rxx <= 0.0 || ryy <= 0.0 {
        return None;
    }
    let clamp = |r: f64| r.clamp(-1.0, 1.0);
    let rho = clamp(rxy / (rxx * ryy).sqrt());
    let r = clamp(sxy / (sxx * syy).sqrt());
    Some((
        Correlation {
            n,
            r: rho,
            p: correlation_p(rho, n as usize),
        },
        Correlation {
            n,
            r,
            p: correlation_p(r, n as usize),
        },
    ))
}

/// Spearman's rho with pairwise removal of missing answers; `None` below three pairs or when a
/// side does not vary.
pub fn spearman(x: &[u32], y: &[u32], x_values: &[f64], y_values: &[f64]) -> Option<Correlation> {
    correlate(x, y, x_values, y_values).map(|(rho, _)| rho)
}

/// Pearson's r with pairwise removal of missing answers.
pub fn pearson(x: &[u32], y: &[u32], x_values: &[f64], y_values: &[f64]) -> Option<Correlation> {
    correlate(x, y, x_values, y_values).map(|(_, r)| r)
}

/// Spearman's rho and Pearson's r in one pass.
pub fn spearman_and_pearson(
    x: &[u32],
    y: &[u32],
    x_values: &[f64],
    y_values: &[f64],
) -> Option<(Correlation, Correlation)> {
    correlate(x, y, x_values, y_values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kruskal_of_separated_groups_is_significant_and_of_equal_groups_is_not() {
        let a = [5, 5, 0, 0];
        let b = [0, 0, 5, 5];
        let k = kruskal_wallis(&[&a, &b]).unwrap();
        assert!(k.p < 0.01, "{k:?}");
        let same = kruskal_wallis(&[&a, &a]).unwrap();
        assert!(same.h.abs() < 1e-12 && (same.p - 1.0).abs() < 1e-12);
    }

    #[test]
    fn mann_whitney_sign_follows_the_first_group() {
        let low = [4, 3, 1, 0];
        let high = [0, 1, 3, 4];
        let m = mann_whitney(&high, &low).unwrap();
        assert!(m.rank_biserial > 0.5, "{m:?}");
        let m = mann_whitney(&low, &high).unwrap();
        assert!(m.rank_biserial < -0.5, "{m:?}");
    }

    #[test]
    fn spearman_of_a_monotone_relation_is_one() {
        let values: Vec<f64> = (0..10).map(f64::from).collect();
        let x: Vec<u32> = (0..10).collect();
        let y: Vec<u32> = (0..10).map(|v| v * v / 10).collect();
        let rho = spearman(&x, &x, &values, &values).unwrap();
        assert!((rho.r - 1.0).abs() < 1e-12);
        let with_missing: Vec<u32> = x
            .iter()
            .map(|&v| if v == 3 { MISSING } else { v })
            .collect();
        assert_eq!(spearman(&with_missing, &y, &values, &values).unwrap().n, 9);
    }
}
