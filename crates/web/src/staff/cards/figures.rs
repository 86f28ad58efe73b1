//! The figures of an observation card, as anyone who reads the card may see them: the
//! pattern's questions, n, test, p, q and effect size, and per group n, mean, median, mode,
//! standard deviation, skewness and (excess) kurtosis — with the small-group rule applied. A
//! group of 1–4 stories shows no size and no statistics, and a contingency table withholds its
//! counts of 1–4 (and as many more as it takes that none can be worked out, as on the
//! dashboard). The card page and the API both show these, never the pattern as stored.

use serde::Serialize;
use utoipa::ToSchema;
use vertelpunt_model::Lang;
use vertelpunt_patterns::preset::Magnitude;
use vertelpunt_patterns::Pattern;

use vertelpunt_model::disclosure::{self, MIN_GROUP};

/// An effect size with its magnitude.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EffectFigure {
    /// `epsilon_squared`, `rank_biserial`, `cramers_v`, `rho` or `log_ratio`.
    pub name: String,
    pub value: f64,
    /// `negligible`, `small`, `medium` or `large`.
    pub magnitude: String,
}

/// One group of the pattern.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupFigure {
    pub label: String,
    /// `null` for a group of 1–4 stories (which then shows no statistics either).
    pub n: Option<u64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub mode: Option<f64>,
    pub sd: Option<f64>,
    pub skewness: Option<f64>,
    /// Excess kurtosis.
    pub kurtosis: Option<f64>,
    /// A triad's geometric-mean centre: three shares summing to 100.
    #[schema(value_type = Option<Vec<f64>>)]
    pub centre: Option<[f64; 3]>,
}

/// A contingency table: counts per row and column (`null` where withheld) and the adjusted
/// standardized residual of each cell shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TableFigure {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub counts: Vec<Vec<Option<u64>>>,
    pub residuals: Vec<Vec<Option<f64>>>,
}

/// Everything a card shows of its pattern.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Figures {
    /// The pattern family, e.g. `numeric_by_group`.
    pub family: String,
    /// The questions, by their short labels.
    pub questions: Vec<String>,
    /// Stories that took part; `null` below 5.
    pub n: Option<u64>,
    /// The objective description of the pattern, generated from its numbers.
    pub description: String,
    /// `kruskal_wallis`, `mann_whitney`, `chi_square`, `spearman`, `log_likelihood`; `null` for
    /// a description.
    pub test: Option<String>,
    pub p: Option<f64>,
    /// The p-value after the Benjamini-Hochberg correction over the whole evaluation.
    pub q: Option<f64>,
    pub effect: Option<EffectFigure>,
    /// The smallest effect, in the measure of `effect`, that the test would have found with
    /// 80 % probability at this n and the run's per-test level; `null` for key words and
    /// descriptions.
    pub detectable: Option<f64>,
    pub strong: bool,
    pub groups: Vec<GroupFigure>,
    pub table: Option<TableFigure>,
    /// For a key-word pattern: the word.
    pub word: Option<String>,
}

fn shown(n: u64) -> Option<u64> {
    (n >= MIN_GROUP as u64).then_some(n)
}

/// The figures of `pattern` in `lang`.
pub fn of(pattern: &Pattern, lang: Lang) -> Figures {
    let table = pattern.table.as_ref().map(|t| {
        let width = t.columns.len().max(1);
        let counts: Vec<Vec<i64>> = t
            .counts
            .chunks(width)
            .map(|row| row.iter().map(|&c| c as i64).collect())
            .collect();
        let (withheld, _, _) = disclosure::table(&counts);
        TableFigure {
            rows: t.rows.iter().map(|r| r.get(lang).to_string()).collect(),
            columns: t.columns.iter().map(|c| c.get(lang).to_string()).collect(),
            residuals: withheld
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(j, c)| c.and(t.residuals.get(i * width + j).copied()))
                        .collect()
                })
                .collect(),
            counts: withheld
                .into_iter()
                .map(|row| row.into_iter().map(|c| c.map(|c| c as u64)).collect())
                .collect(),
        }
    });
    // With a table the groups are its rows: their sizes would give withheld counts away.
    let groups = if table.is_some() {
        Vec::new()
    } else {
        // The groups' sizes beside the pattern's n: one withheld size would follow from the
        // rest, so another goes with it; a group's statistics need its own size shown.
        let sizes: Vec<i64> = pattern.groups.iter().map(|g| g.n as i64).collect();
        let shown_sizes = disclosure::counts(&sizes);
        pattern
            .groups
            .iter()
            .zip(shown_sizes)
            .map(|(g, size)| {
                let n = size.and_then(|n| shown(n as u64));
                let stats = g.stats.as_ref().filter(|_| n.is_some());
                GroupFigure {
                    label: g.label.get(lang).to_string(),
                    n,
                    mean: stats.map(|s| s.mean),
                    median: stats.map(|s| s.median),
                    mode: stats.map(|s| s.mode),
                    sd: stats.and_then(|s| s.sd),
                    skewness: stats.and_then(|s| s.skewness),
                    kurtosis: stats.and_then(|s| s.kurtosis),
                    centre: g.centre.filter(|_| n.is_some()),
                }
            })
            .collect()
    };
    Figures {
        family: pattern.family.code().to_string(),
        questions: pattern
            .labels
            .iter()
            .map(|l| l.get(lang).to_string())
            .collect(),
        n: shown(pattern.n),
        description: pattern.description.get(lang).to_string(),
        test: pattern.test.clone(),
        p: pattern.p,
        q: pattern.q,
        effect: pattern.effect.as_ref().map(|e| EffectFigure {
            name: e.name.clone(),
            value: e.value,
            magnitude: magnitude(e.magnitude).to_string(),
        }),
        detectable: pattern.detectable,
        strong: pattern.strong,
        groups,
        table,
        word: pattern.word.clone(),
    }
}

/// The smallest detectable effect as a page shows it ("ρ = 0,162"), and for a pattern that
/// is not strong the sentence that says a smaller effect would usually not show.
pub fn detectable(
    locales: &crate::support::i18n::Locales,
    lang: Lang,
    pattern: &Pattern,
) -> (Option<String>, Option<String>) {
    let value = pattern
        .detectable
        .zip(pattern.effect.as_ref())
        .map(|(d, e)| {
            format!(
                "{} = {}",
                locales.text(lang, &format!("patterns.effect_{}", e.name)),
                crate::support::i18n::decimal_comma(lang, format!("{d:.3}"))
            )
        });
    let absence = value
        .clone()
        .filter(|_| !pattern.strong)
        .map(|effect| locales.format(lang, "patterns.absence", &[("effect", effect)]));
    (value, absence)
}

/// Whether the pattern's chart may be shown to people who may only see what the small-group
/// rule allows: charts draw every group and cell as it is, so a chart with a group or cell of
/// 1–4 stories is for analysts only (the card then shows the table with those counts withheld).
pub fn chart_shareable(pattern: &Pattern) -> bool {
    let small = |n: u64| disclosure::is_small(n as i64);
    !pattern.groups.iter().any(|g| small(g.n))
        && !pattern
            .table
            .as_ref()
            .is_some_and(|t| t.counts.iter().any(|&c| small(c)))
}

/// The magnitude's code, also in the locale key `patterns.magnitude_CODE`.
pub fn magnitude(m: Magnitude) -> &'static str {
    match m {
        Magnitude::Negligible => "negligible",
        Magnitude::Small => "small",
        Magnitude::Medium => "medium",
        Magnitude::Large => "large",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vertelpunt_model::Text;
    use vertelpunt_patterns::pattern::{Group, Table};
    use vertelpunt_patterns::Family;

    #[test]
    fn small_groups_and_small_cells_are_never_shown() {
        let mut p = Pattern::new(
            Family::ChoiceByChoice,
            vec!["a".into(), "b".into()],
            vec![Text::new("A", "A"), Text::new("B", "B")],
        );
        p.n = 63;
        p.table = Some(Table {
            rows: vec![Text::new("r1", "r1"), Text::new("r2", "r2")],
            columns: vec![Text::new("k1", "k1"), Text::new("k2", "k2")],
            counts: vec![3, 30, 20, 10],
            residuals: vec![-2.0, 2.0, 2.0, -2.0],
        });
        p.groups = vec![Group {
            id: "r1".into(),
            label: Text::new("r1", "r1"),
            n: 33,
            stats: None,
            centre: None,
        }];
        assert!(!chart_shareable(&p));
        let f = of(&p, Lang::Nl);
        let table = f.table.unwrap();
        // The 3 is withheld, then one more count in its row and one in its column, and then
        // the last one: in a 2 × 2 table any shown count would give the 3 away.
        assert_eq!(table.counts[0][0], None);
        assert_eq!(table.residuals[0][0], None);
        assert_eq!(
            table
                .counts
                .iter()
                .flatten()
                .filter(|c| c.is_none())
                .count(),
            4
        );
        assert!(f.groups.is_empty(), "row sizes would give the 3 away");

        let mut q = Pattern::new(Family::Univariate, vec!["c".into()], vec![Text::default()]);
        q.n = 4;
        q.groups = vec![Group {
            id: "x".into(),
            label: Text::new("x", "x"),
            n: 4,
            stats: None,
            centre: Some([20.0, 30.0, 50.0]),
        }];
        let f = of(&q, Lang::En);
        assert_eq!(f.n, None);
        assert_eq!(f.groups[0].n, None);

        // Three groups of 20, 3 and 30 beside n = 53: the 3 is withheld, and the 20 with it,
        // so that 53 − 20 − 30 cannot give it away.
        let mut r = Pattern::new(Family::Univariate, vec!["d".into()], vec![Text::default()]);
        r.n = 53;
        r.groups = [("a", 20), ("b", 3), ("c", 30)]
            .into_iter()
            .map(|(id, n)| Group {
                id: id.into(),
                label: Text::new(id, id),
                n,
                stats: None,
                centre: None,
            })
            .collect();
        let f = of(&r, Lang::Nl);
        let sizes: Vec<Option<u64>> = f.groups.iter().map(|g| g.n).collect();
        assert_eq!(sizes, vec![None, None, Some(30)]);
        assert_eq!(f.groups[0].centre, None);
    }
}
