//! Contingency tables: Pearson's χ², Fisher's exact test for 2 × 2, a Monte-Carlo p-value for
//! larger sparse tables, bias-corrected Cramér's V and adjusted standardized residuals.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
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

/// Random tables with the margins of a given table, drawn with Patefield's (1981) algorithm
/// AS 159 (as R's `r2dtable` and `chisq.test(simulate.p.value = TRUE)`): cell by cell, row by
/// row, each cell from its conditional hypergeometric distribution, sampled by inversion from
/// the mode outwards with a table of log-factorials. This is exactly the distribution of tables
/// under independence given both margins. Deterministic for a seed.
pub struct TableSampler {
    rows: usize,
    columns: usize,
    row_sum: Vec<u64>,
    col_sum: Vec<u64>,
    n: u64,
    inv_expected: Vec<f64>,
    expected: Vec<f64>,
    ln_fact: Vec<f64>,
    cols_left: Vec<u64>,
    rng: ChaCha8Rng,
}

impl TableSampler {
    /// A sampler for the margins of the row-major `table` (no empty row or column).
    pub fn new(table: &[u64], rows: usize, columns: usize, seed: u64) -> TableSampler {
        let row_sum: Vec<u64> = (0..rows)
            .map(|r| table[r * columns..(r + 1) * columns].iter().sum())
            .collect();
        let col_sum: Vec<u64> = (0..columns)
            .map(|c| (0..rows).map(|r| table[r * columns + c]).sum())
            .collect();
        let n: u64 = row_sum.iter().sum();
        let expected: Vec<f64> = (0..rows * columns)
            .map(|i| row_sum[i / columns] as f64 * col_sum[i % columns] as f64 / n as f64)
            .collect();
        let mut ln_fact = Vec::with_capacity(n as usize + 1);
        let mut acc = 0.0f64;
        ln_fact.push(0.0);
        for k in 1..=n {
            acc += (k as f64).ln();
            ln_fact.push(acc);
        }
        TableSampler {
            rows,
            columns,
            inv_expected: expected.iter().map(|e| 1.0 / e).collect(),
            expected,
            row_sum,
            cols_left: col_sum.clone(),
            col_sum,
            n,
            ln_fact,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// One cell: of `population` units left, `successes` belong to the column; the row takes
    /// `draws` of them. Inversion from the mode, alternately one step up and one down (each
    /// value gets an interval of the length of its probability); should rounding leave the
    /// probabilities summing to a hair below the uniform, the uniform is drawn again within
    /// their sum, as AS 159 does.
    fn hypergeometric(&mut self, population: u64, successes: u64, draws: u64) -> u64 {
        let lo = (successes + draws).saturating_sub(population);
        let hi = successes.min(draws);
        if lo == hi {
            return lo;
        }
        let lf = &self.ln_fact;
        // population − successes − draws, which may be negative.
        let k = population as f64 - successes as f64 - draws as f64;
        let mode =
            ((draws as f64 * successes as f64 / population as f64).round() as u64).clamp(lo, hi);
        let at_mode = (lf[successes as usize]
            + lf[(population - successes) as usize]
            + lf[draws as usize]
            + lf[(population - draws) as usize]
            - lf[population as usize]
            - lf[mode as usize]
            - lf[(successes - mode) as usize]
            - lf[(draws - mode) as usize]
            - lf[(population + mode - successes - draws) as usize])
            .exp();
        let mut u: f64 = self.rng.random();
        loop {
            let mut sum = at_mode;
            if sum >= u {
                return mode;
            }
            let (mut up, mut down) = (mode, mode);
            let (mut p_up, mut p_down) = (at_mode, at_mode);
            while up < hi || down > lo {
                if up < hi {
                    let x = up as f64;
                    p_up *=
                        (successes as f64 - x) * (draws as f64 - x) / ((x + 1.0) * (k + x + 1.0));
                    up += 1;
                    sum += p_up;
                    if sum >= u {
                        return up;
                    }
                }
                if down > lo {
                    let x = down as f64;
                    p_down *=
                        x * (k + x) / ((successes as f64 - x + 1.0) * (draws as f64 - x + 1.0));
                    down -= 1;
                    sum += p_down;
                    if sum >= u {
                        return down;
                    }
                }
            }
            u = sum * self.rng.random::<f64>();
        }
    }

    /// The χ² of one random table.
    pub fn chi2(&mut self) -> f64 {
        let (rows, columns) = (self.rows, self.columns);
        self.cols_left.copy_from_slice(&self.col_sum);
        let mut remaining_total = self.n;
        let mut stat = 0.0;
        for r in 0..rows {
            let mut row_left = self.row_sum[r];
            let mut rest = remaining_total;
            for c in 0..columns {
                let left_in_column = self.cols_left[c];
                let cell = if r == rows - 1 {
                    left_in_column
                } else if c == columns - 1 || row_left == 0 {
                    row_left
                } else {
                    self.hypergeometric(rest, left_in_column, row_left)
                };
                rest -= left_in_column;
                self.cols_left[c] -= cell;
                row_left -= cell;
                let i = r * columns + c;
                let d = cell as f64 - self.expected[i];
                stat += d * d * self.inv_expected[i];
            }
            remaining_total -= self.row_sum[r];
        }
        stat
    }
}

/// A Monte-Carlo p-value and how it was reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonteCarlo {
    pub p: f64,
    /// Random tables drawn.
    pub replicates: u64,
    /// Of which with a χ² at least the observed.
    pub exceedances: u64,
}

impl MonteCarlo {
    /// Whether drawing stopped at the wanted number of exceedances (the p is then as precise
    /// as asked, whatever the cap).
    pub fn settled(&self, stop_after: u64) -> bool {
        self.exceedances >= stop_after
    }
}

/// Sequential Monte-Carlo p-value of χ² (Besag & Clifford 1991): random tables with the same
/// margins are drawn until `stop_after` of them have a χ² at least the observed one, then
/// p = stop_after / drawn; or until `max_replicates` are drawn, then p = (1 + at least) /
/// (drawn + 1) (Davison & Hinkley 1997). Both are valid p-values. A table that is clearly not
/// significant stops after a few dozen draws; one whose p is small is drawn up to the cap.
/// The draws are one seeded stream, so a larger cap continues what a smaller one drew.
pub fn sequential_monte_carlo(
    table: &[u64],
    rows: usize,
    columns: usize,
    chi2: f64,
    max_replicates: u64,
    stop_after: u64,
    seed: u64,
) -> MonteCarlo {
    let mut sampler = TableSampler::new(table, rows, columns, seed);
    let tolerance = chi2 * 1e-9;
    let mut at_least = 0u64;
    let mut drawn = 0u64;
    while drawn < max_replicates {
        drawn += 1;
        if sampler.chi2() >= chi2 - tolerance {
            at_least += 1;
            if at_least >= stop_after {
                return MonteCarlo {
                    p: at_least as f64 / drawn as f64,
                    replicates: drawn,
                    exceedances: at_least,
                };
            }
        }
    }
    MonteCarlo {
        p: (1.0 + at_least as f64) / (drawn as f64 + 1.0),
        replicates: drawn,
        exceedances: at_least,
    }
}

/// Monte-Carlo p-value of χ² from exactly `replicates` random tables with the same margins:
/// p = (1 + #{χ²* ≥ χ²}) / (replicates + 1). Deterministic for a seed.
pub fn monte_carlo_p(
    table: &[u64],
    rows: usize,
    columns: usize,
    chi2: f64,
    replicates: u32,
    seed: u64,
) -> f64 {
    sequential_monte_carlo(
        table,
        rows,
        columns,
        chi2,
        replicates.into(),
        u64::MAX,
        seed,
    )
    .p
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

    #[test]
    fn random_tables_have_the_margins_and_the_mean_chi_square_of_independence() {
        // Under independence with both margins fixed, E[χ²] = (r − 1)(c − 1) · n / (n − 1).
        let table = [3, 0, 7, 1, 12, 2, 0, 4, 9, 30, 1, 1];
        let (rows, columns) = (3, 4);
        let n: u64 = table.iter().sum();
        let mut sampler = TableSampler::new(&table, rows, columns, 11);
        let draws = 40_000;
        let mean = (0..draws).map(|_| sampler.chi2()).sum::<f64>() / draws as f64;
        let expected = 6.0 * n as f64 / (n - 1) as f64;
        assert!((mean - expected).abs() < 0.1, "{mean} vs {expected}");
    }

    #[test]
    fn one_cell_follows_the_hypergeometric_distribution() {
        // A 2 × 2 table: its first cell is hypergeometric; compare the frequencies with the pmf.
        let mut sampler = TableSampler::new(&[4, 6, 8, 2], 2, 2, 5);
        let mut seen = [0u32; 11];
        let draws = 100_000;
        for _ in 0..draws {
            seen[sampler.hypergeometric(20, 12, 10) as usize] += 1;
        }
        let ln_choose =
            |n: f64, k: f64| ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0);
        for (x, &count) in seen.iter().enumerate() {
            let x = x as f64;
            let pmf = if (2.0..=10.0).contains(&x) {
                (ln_choose(12.0, x) + ln_choose(8.0, 10.0 - x) - ln_choose(20.0, 10.0)).exp()
            } else {
                0.0
            };
            let share = count as f64 / draws as f64;
            let se = (pmf * (1.0 - pmf) / draws as f64).sqrt();
            assert!(
                (share - pmf).abs() <= 5.0 * se + 1e-9,
                "{x}: {share} vs {pmf}"
            );
        }
    }

    #[test]
    fn sequential_monte_carlo_stops_early_when_clearly_not_significant_and_continues_its_stream() {
        let table = [5, 3, 4, 4, 6, 3, 2, 5, 4];
        let t = chi_square(&table, 3, 3).unwrap();
        let quick = sequential_monte_carlo(&table, 3, 3, t.chi2, 10_000, 20, 3);
        assert_eq!(quick.exceedances, 20);
        assert!(quick.replicates < 100, "{quick:?}");
        assert_eq!(quick.p, 20.0 / quick.replicates as f64);
        // A clear pattern runs to the cap, and a larger cap draws the same tables first.
        let clear = [12, 1, 1, 1, 12, 1, 1, 1, 12];
        let c = chi_square(&clear, 3, 3).unwrap();
        let small = sequential_monte_carlo(&clear, 3, 3, c.chi2, 2_000, 20, 3);
        let large = sequential_monte_carlo(&clear, 3, 3, c.chi2, 200_000, 20, 3);
        assert_eq!(small.replicates, 2_000);
        assert!(large.p < small.p && large.replicates > small.replicates);
        assert!(large.exceedances >= small.exceedances);
    }
}
