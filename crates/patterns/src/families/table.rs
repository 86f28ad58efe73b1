//! Two categorical variables: Pearson's χ² (exact or Monte-Carlo p when expected counts are
//! small), bias-corrected Cramér's V and the cells that stand out.

use sha2::{Digest, Sha256};
use vertelpunt_model::Text;

use super::{effect, level_phrase, split_by_size, too_small};
use crate::pattern::{Family, Group, Pattern, SmallGroup, Table};
use crate::preset::Preset;
use crate::sentences::{self, percent};
use crate::stats::contingency::{sequential_monte_carlo, MonteCarlo, PMethod};
use crate::stats::{chi_square, fisher_exact_2x2, MISSING};
use crate::variables::Factor;

/// A seed for the Monte-Carlo p of one pattern: the preset's seed and the pattern's id, so the
/// same run gives the same p and different tables get different streams.
pub fn pattern_seed(preset: &Preset, id: &str) -> u64 {
    let digest = Sha256::digest(id.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    preset.seed ^ u64::from_le_bytes(bytes)
}

/// The sequential Monte-Carlo p of a table (seeded by the pattern), drawing at most `cap`
/// random tables.
pub fn simulate(
    table: &[u64],
    rows: usize,
    columns: usize,
    chi2: f64,
    preset: &Preset,
    id: &str,
    cap: u64,
) -> MonteCarlo {
    sequential_monte_carlo(
        table,
        rows,
        columns,
        chi2,
        cap,
        preset.monte_carlo_stop_after.into(),
        pattern_seed(preset, id),
    )
}

/// Draws a Monte-Carlo pattern's table further (tenfold, up to the preset's cap) when its p is
/// not settled; `false` when there is nothing more to draw.
pub fn simulate_further(pattern: &mut Pattern, preset: &Preset) -> bool {
    let (Some(drawn), Some(at_least), Some(t), Some(chi2)) = (
        pattern.replicates,
        pattern.exceedances,
        pattern.table.as_ref(),
        pattern.statistic,
    ) else {
        return false;
    };
    if at_least >= preset.monte_carlo_stop_after.into()
        || drawn >= preset.monte_carlo_max_replicates
    {
        return false;
    }
    let cap = drawn
        .saturating_mul(10)
        .min(preset.monte_carlo_max_replicates);
    let mc = simulate(
        &t.counts,
        t.rows.len(),
        t.columns.len(),
        chi2,
        preset,
        &pattern.id,
        cap,
    );
    pattern.p = Some(mc.p);
    pattern.replicates = Some(mc.replicates);
    pattern.exceedances = Some(mc.exceedances);
    true
}

/// The cross table of `rows` × `columns` over stories with both answers.
pub fn cross(rows: &Factor, columns: &Factor) -> Vec<u64> {
    let width = columns.levels.len();
    let mut table = vec![0u64; rows.levels.len() * width];
    for (&r, &c) in rows.codes.iter().zip(&columns.codes) {
        if r != MISSING && c != MISSING {
            table[r as usize * width + c as usize] += 1;
        }
    }
    table
}

/// `rows` against `columns` (rows are the groups a card talks about).
pub fn factor_by_factor(
    rows: &Factor,
    columns: &Factor,
    preset: &Preset,
    family: Family,
) -> Pattern {
    let mut pattern = Pattern::new(
        family,
        vec![rows.key(), columns.key()],
        vec![rows.label.clone(), columns.label.clone()],
    );
    let full = cross(rows, columns);
    let width = columns.levels.len();
    let row_sizes: Vec<u64> = full.chunks(width.max(1)).map(|r| r.iter().sum()).collect();
    let col_sizes: Vec<u64> = (0..width)
        .map(|c| (0..rows.levels.len()).map(|r| full[r * width + c]).sum())
        .collect();
    let (keep_rows, small_rows) = split_by_size(&row_sizes, rows, preset);
    let (keep_cols, small_cols) = split_by_size(&col_sizes, columns, preset);
    pattern.not_tested = small_rows;
    pattern
        .not_tested
        .extend(small_cols.into_iter().map(|s: SmallGroup| s));
    let table: Vec<u64> = keep_rows
        .iter()
        .flat_map(|&r| keep_cols.iter().map(move |&c| (r, c)))
        .map(|(r, c)| full[r * width + c])
        .collect();
    pattern.n = table.iter().sum();
    pattern.groups = keep_rows
        .iter()
        .map(|&r| Group {
            id: rows.level_ids[r].clone(),
            label: rows.levels[r].clone(),
            n: keep_cols.iter().map(|&c| full[r * width + c]).sum(),
            stats: None,
            centre: None,
        })
        .collect();
    let what = Text::new(
        format!("{} × {}", rows.label.nl, columns.label.nl),
        format!("{} × {}", rows.label.en, columns.label.en),
    );
    if keep_rows.len() < 2 || keep_cols.len() < 2 {
        let (nl, en) = too_small(preset);
        pattern.flags.push("groups_too_small".into());
        pattern.description = sentences::not_tested(&what, &nl, &en);
        return pattern;
    }
    let Some(t) = chi_square(&table, keep_rows.len(), keep_cols.len()) else {
        pattern.flags.push("no_variation".into());
        pattern.description = sentences::not_tested(
            &what,
            "een van beide heeft maar één antwoord",
            "one side has a single answer",
        );
        return pattern;
    };
    let (method, p) = if t.approximation_holds() {
        (PMethod::ChiSquare, t.p_asymptotic)
    } else if table.len() == 4 {
        (
            PMethod::FisherExact,
            fisher_exact_2x2([table[0], table[1], table[2], table[3]]),
        )
    } else {
        let mc = simulate(
            &table,
            t.rows,
            t.columns,
            t.chi2,
            preset,
            &pattern.id,
            preset.monte_carlo_replicates.into(),
        );
        pattern.replicates = Some(mc.replicates);
        pattern.exceedances = Some(mc.exceedances);
        (PMethod::MonteCarlo, mc.p)
    };
    pattern.test = Some("chi_square".into());
    pattern.p_method = Some(method);
    pattern.statistic = Some(t.chi2);
    pattern.df = Some(t.df);
    pattern.p = Some(p);
    let narrow = (t.rows.min(t.columns) - 1) as f64;
    pattern.effect = Some(effect(
        "cramers_v",
        t.cramers_v,
        &preset.effect.cramers_v.scaled(narrow.sqrt()),
    ));
    // The cell that stands out most: the largest positive adjusted residual.
    let (cell, _) = t
        .residuals
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (i, &r)| {
            if r > best.1 {
                (i, r)
            } else {
                best
            }
        });
    let (r, c) = (cell / t.columns, cell % t.columns);
    let row_n: u64 = table[r * t.columns..(r + 1) * t.columns].iter().sum();
    let in_row = table[cell] as f64 / row_n as f64;
    let col_total: u64 = (0..t.rows).map(|x| table[x * t.columns + c]).sum();
    let elsewhere = (col_total - table[cell]) as f64 / (pattern.n - row_n).max(1) as f64;
    let row_phrase = level_phrase(rows, keep_rows[r]);
    let col_phrase = level_phrase(columns, keep_cols[c]);
    pattern.description = Text::new(
        format!(
            "Bij {} komt {} vaker voor: {} tegen {} bij de andere verhalen.",
            row_phrase.nl,
            col_phrase.nl,
            percent(in_row),
            percent(elsewhere)
        ),
        format!(
            "With {}, {} is more common: {} against {} in the other stories.",
            row_phrase.en,
            col_phrase.en,
            percent(in_row),
            percent(elsewhere)
        ),
    );
    pattern.table = Some(Table {
        rows: keep_rows.iter().map(|&i| rows.levels[i].clone()).collect(),
        columns: keep_cols
            .iter()
            .map(|&i| columns.levels[i].clone())
            .collect(),
        counts: table,
        residuals: t.residuals,
    });
    pattern
}
