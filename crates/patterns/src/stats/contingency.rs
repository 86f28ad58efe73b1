//! Contingency tables: Pearson's χ², Fisher's exact test for 2 × 2, a Monte-Carlo p-value for
//! larger sparse tables, bias-corrected Cramér's V and adjusted standardized residuals.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Hypergeometric};
use serde::Serialize;

use super::dist::{chi_square_sf, ln_gamma};

/// How the p-value of a table was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PMethod {
    /// The χ² distribution (all expected counts large enough).
    ChiSquare,
    /// Fisher's exact test (2 × 2 with small expected counts).
    FisherExact,
    /// Monte-Carlo over tables with the same margins (larger tables with small expected counts).
    MonteCarlo,
}

/// Pearson's χ² of a table, with everything a card needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contingency {
    pub n: u64,
    pub rows: usize,
    pub columns: usize,
    pub chi2: f64,
    pub df: f64,
    /// The p-value of the χ² distribution, whatever method is finally used.
    pub p_asymptotic: f64,
    /// The smallest expected count.
    pub min_expected: f64,
    /// Share of cells with an expected count below 5.
    pub small_expected_share: f64,
    /// Bias-corrected Cramér's V (Bergsma 2013).
    pub cramers_v: f64,
    /// Adjusted standardized residual of each cell, row-major (Agresti 2007, 2.4.5).
    pub residuals: Vec<f64>,
}

impl Contingency {
    /// Cochran's rule: the χ² approximation is trusted when no expected count is below 1 and
    /// at most 20 % are below 5.
    pub fn approximation_holds(&self) -> bool {
        self.min_expected >= 1.0 && self.small_expected_share <= 0.2
    }
}

/// χ² of a row-major `rows × columns` table. `None` when fewer than two non-empty rows or
/// columns remain (empty rows and columns are left out first by the caller).
pub fn chi_square(table: &[u64], rows: usize, columns: usize) -> Option<Contingency> {
    debug_assert_eq!(table.len(), rows * columns);
    if rows < 2 || columns < 2 {
        return None;
    }
    let row_sum: Vec<f64> = (0..rows)
        .map(|r| table[r * columns..(r + 1) * columns].iter().sum::<u64>() as f64)
        .collect();
    let col_sum: Vec<f64> = (0..columns)
        .map(|c| (0..rows).map(|r| table[r * columns + c]).sum::<u64>() as f64)
        .collect();
    if row_sum.contains(&0.0) || col_sum.contains(&0.0) {
        return None;
    }
    let n: f64 = row_sum.iter().sum();
    let mut chi2 = 0.0;
    let mut min_expected = f64::INFINITY;
    let mut small = 0usize;
    let mut residuals = Vec::with_capacity(rows * columns);
    for r in 0..rows {
        for c in 0..columns {
            let expected = row_sum[r] * col_sum[c] / n;
            let observed = table[r * columns + c] as f64;
            let d = observed - expected;
            chi2 += d * d / expected;
            min_expected = min_expected.min(expected);
            if expected < 5.0 {
                small += 1;
            }
            let scale = expected * (1.0 - row_sum[r] / n) * (1.0 - col_sum[c] / n);
            residuals.push(if scale > 0.0 { d / scale.sqrt() } else { 0.0 });
        }
    }
    let df = ((rows - 1) * (columns - 1)) as f64;
    Some(Contingency {
        n: n as u64,
        rows,
        columns,
        chi2,
        df,
        p_asymptotic: chi_square_sf(chi2, df),
        min_expected,
        small_expected_share: small as f64 / (rows * columns) as f64,
        cramers_v: cramers_v_corrected(chi2, n, rows, columns),
        residuals,
    })
}

/// Bergsma's (2013) bias-corrected Cramér's V.
pub fn cramers_v_corrected(chi2: f64, n: f64, rows: usize, columns: usize) -> f64 {
    let (r, k) = (rows as f64, columns as f64);
    let phi2 = (chi2 / n - (k - 1.0) * (r - 1.0) / (n - 1.0)).max(0.0);
    let r_corr = r - (r - 1.0) * (r - 1.0) / (n - 1.0);
    let k_corr = k - (k - 1.0) * (k - 1.0) / (n - 1.0);
    let denominator = (k_corr - 1.0).min(r_corr - 1.0);
    if denominator <= 0.0 {
        return 0.0;
    }
    (phi2 / denominator).sqrt()
}

/// Two-sided Fisher's exact test of a 2 × 2 table `[a, b, c, d]` (row-major): the sum of the
/// probabilities of every table with the same margins that is no more likely than the one
/// observed (the convention of R and scipy, with the same relative tolerance 1e-7).
pub fn fisher_exact_2x2(table: [u64; 4]) -> f64 {
    let [a, b, c, d] = table;
    let row1 = a + b;
    let col1 = a + c;
    let n = a + b + c + d;
    let row2 = n - row1;
    let lo = col1.saturating_sub(row2);
    let hi = col1.min(row1);
    let ln_choose = |n: u64, k: u64| {
        ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
    };
    let ln_total = ln_choose(n, col1);
    let ln_pmf = |x: u64| ln_choose(row1, x) + ln_choose(row2, col1 - x) - ln_total;
    let observed = ln_pmf(a);
    let threshold = observed + (1.0f64 + 1e-7).ln();
    let p: f64 = (lo..=hi)
        .map(ln_pmf)
        .filter(|&l| l <= threshold)
        .map(f64::exp)
        .sum();
    p.min(1.0)
}

/// Monte-Carlo p-value of χ² for a table: `replicates` random tables with the same margins
/// (drawn cell by cell from hypergeometric distributions, which gives exactly the
/// distribution of tables under independence), p = (1 + #{χ²* ≥ χ²}) / (replicates + 1)
/// (Davison & Hinkley 1997). Deterministic for a seed.
pub fn monte_carlo_p(
    table: &[u64],
    rows: usize,
    columns: usize,
    chi2: f64,
    replicates: u32,
    seed: u64,
) -> f64 {
    let row_sum: Vec<u64> = (0..rows)
        .map(|r| table[r * columns..(r + 1) * columns].iter().sum())
        .collect();
    let col_sum: Vec<u64> = (0..columns)
        .map(|c| (0..rows).map(|r| table[r * columns + c]).sum())
        .collect();
    let n: u64 = row_sum.iter().sum();
    let nf = n as f64;
    let expected: Vec<f64> = (0..rows * columns)
        .map(|i| row_sum[i / columns] as f64 * col_sum[i % columns] as f64 / nf)
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tolerance = chi2 * 1e-9;
    let mut at_least = 0u32;
    let mut cols_left = vec![0u64; columns];
    for _ in 0..replicates {
        cols_left.copy_from_slice(&col_sum);
        let mut remaining_total = n;
        let mut stat = 0.0;
        for r in 0..rows {
            let mut row_left = row_sum[r];
            let mut rest = remaining_total;
            for c in 0..columns {
                let cell = if c == columns - 1 {
                    row_left
                } else if row_left == 0 {
                    0
                } else {
                    // Of `rest` remaining units, `cols_left[c]` belong to column c; the row
                    // takes `row_left` of them.
                    let draw = Hypergeometric::new(rest, cols_left[c], row_left)
                        .expect("margins are consistent");
                    draw.sample(&mut rng)
                };
                rest -= cols_left[c];
                cols_left[c] -= cell;
                row_left -= cell;
                let e = expected[r * columns + c];
                let d = cell as f64 - e;
                stat += d * d / e;
            }
            remaining_total -= row_sum[r];
        }
        if stat >= chi2 - tolerance {
            at_least += 1;
        }
    }
    (1.0 + at_least as f64) / (replicates as f64 + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fisher_matches_the_tea_tasting_lady() {
        // Fisher's own example: [[3, 1], [1, 3]], two-sided p = 0.4857142857142857.
        let p = fisher_exact_2x2([3, 1, 1, 3]);
        assert!((p - 0.4857142857142857).abs() < 1e-12, "{p}");
    }

    #[test]
    fn independence_gives_zero_chi_square_and_v() {
        let t = chi_square(&[10, 20, 30, 60], 2, 2).unwrap();
        assert!(t.chi2.abs() < 1e-12 && t.cramers_v == 0.0);
        assert!((t.p_asymptotic - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_standing_out_cell_has_the_largest_residual() {
        let t = chi_square(&[40, 10, 10, 10, 40, 10, 10, 10, 40], 3, 3).unwrap();
        assert!(t.residuals[0] > 5.0 && t.residuals[1] < 0.0);
        assert!(t.cramers_v > 0.4);
    }

    #[test]
    fn monte_carlo_agrees_with_the_approximation_on_a_large_table_and_is_seeded() {
        let table = [30, 20, 10, 20, 30, 25];
        let t = chi_square(&table, 2, 3).unwrap();
        let mc = monte_carlo_p(&table, 2, 3, t.chi2, 4000, 7);
        assert!(
            (mc - t.p_asymptotic).abs() < 0.02,
            "{mc} vs {}",
            t.p_asymptotic
        );
        assert_eq!(mc, monte_carlo_p(&table, 2, 3, t.chi2, 4000, 7));
    }
}
