//! A pattern evaluation: every family over the selection, one Benjamini-Hochberg correction
//! over every test, strong patterns ranked by effect size.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use vertelpunt_model::Text;

use crate::families::{correlation, grouped, table, triad, univariate, words};
use crate::pattern::{Family, Pattern};
use crate::preset::Preset;
use crate::stats::{benjamini_hochberg, MISSING};
use crate::variables::{Factor, Scale, Variables};

/// The version of the engine: results of one version are reproducible byte for byte.
pub const ENGINE_VERSION: &str = concat!("vertelpunt-patterns ", env!("CARGO_PKG_VERSION"));

/// A subgroup compared with the rest of the selection.
#[derive(Debug, Clone)]
pub struct Subgroup {
    /// The condition as written, e.g. `region=JR27`.
    pub key: String,
    pub label: Text,
    /// The question (or story field) that defines it; it is not compared with itself.
    pub field: String,
    pub members: Vec<bool>,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub families: Vec<Family>,
    pub subgroup: Option<Subgroup>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            families: Family::ALL.to_vec(),
            subgroup: None,
        }
    }
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub engine: String,
    pub preset: Preset,
    pub stories: usize,
    /// Number of p-values in the Benjamini-Hochberg correction.
    pub tests: usize,
    pub strong: usize,
    /// Strong patterns first (by rank), then the rest by q.
    pub patterns: Vec<Pattern>,
}

/// One unit of work.
enum Task<'a> {
    UnivariateNumeric(usize),
    UnivariateFactor(&'a Factor),
    UnivariateMultiple(Vec<&'a Factor>),
    UnivariateTriad(usize),
    NumericByGroup(usize, &'a Factor),
    ChoiceByChoice(&'a Factor, &'a Factor),
    NumericByNumeric(usize, usize),
    TriadByFactor(usize, &'a Factor),
    SubgroupNumeric(usize),
    SubgroupFactor(&'a Factor),
    SubgroupTriad(usize),
    TimeNumeric(usize),
    TimeFactor(&'a Factor),
    Words(usize),
}

fn is_ordinal(v: &Variables, i: usize) -> bool {
    matches!(v.numerics[i].scale, Scale::Ordinal { .. })
}

/// Factors that group stories for numeric comparisons and tables: every factor except scales
/// (which take part as numbers).
fn grouping<'a>(v: &'a Variables) -> impl Iterator<Item = &'a Factor> + 'a {
    v.factors.iter().filter(|f| !f.ordered)
}

fn plan<'a>(
    v: &'a Variables,
    options: &Options,
    subgroup: Option<&'a Factor>,
    word_groups: usize,
) -> Vec<Task<'a>> {
    let wants = |f: Family| options.families.contains(&f);
    let mut tasks = Vec::new();
    if wants(Family::Univariate) {
        tasks.extend((0..v.numerics.len()).map(Task::UnivariateNumeric));
        let mut multiple: Vec<Vec<&Factor>> = Vec::new();
        for f in &v.factors {
            // A scale is described once, as positions (with its options as groups).
            if f.ordered {
                continue;
            }
            if f.option.is_none() {
                tasks.push(Task::UnivariateFactor(f));
            } else if let Some(last) = multiple.last_mut().filter(|m| m[0].question == f.question) {
                last.push(f);
            } else {
                multiple.push(vec![f]);
            }
        }
        tasks.extend(multiple.into_iter().map(Task::UnivariateMultiple));
        tasks.extend((0..v.triads.len()).map(Task::UnivariateTriad));
    }
    if wants(Family::NumericByGroup) {
        for (i, n) in v.numerics.iter().enumerate() {
            for f in &v.factors {
                let scale_on_scale = f.ordered && is_ordinal(v, i);
                if f.question != n.question && !scale_on_scale {
                    tasks.push(Task::NumericByGroup(i, f));
                }
            }
        }
    }
    if wants(Family::ChoiceByChoice) {
        let factors: Vec<&Factor> = grouping(v).collect();
        for (x, a) in factors.iter().enumerate() {
            for b in &factors[x + 1..] {
                if a.question != b.question {
                    tasks.push(Task::ChoiceByChoice(a, b));
                }
            }
        }
    }
    if wants(Family::NumericByNumeric) {
        for x in 0..v.numerics.len() {
            for y in x + 1..v.numerics.len() {
                if is_ordinal(v, x) == is_ordinal(v, y) {
                    tasks.push(Task::NumericByNumeric(x, y));
                }
            }
        }
    }
    if wants(Family::Triad) {
        for t in 0..v.triads.len() {
            tasks.extend(v.factors.iter().map(|f| Task::TriadByFactor(t, f)));
        }
    }
    if let (true, Some(sub)) = (wants(Family::Subgroup), subgroup) {
        let defining = options.subgroup.as_ref().map(|s| match s.field.as_str() {
            "role" => crate::variables::pseudo::ROLE,
            "region" => crate::variables::pseudo::REGION,
            other => other,
        });
        tasks.extend(
            (0..v.numerics.len())
                .filter(|&i| Some(v.numerics[i].question.as_str()) != defining)
                .map(Task::SubgroupNumeric),
        );
        tasks.extend(
            grouping(v)
                .filter(|f| Some(f.question.as_str()) != defining && f.question != sub.question)
                .map(Task::SubgroupFactor),
        );
        tasks.extend((0..v.triads.len()).map(Task::SubgroupTriad));
    }
    if wants(Family::OverTime) {
        tasks.extend((0..v.numerics.len()).map(Task::TimeNumeric));
        tasks.extend(grouping(v).map(Task::TimeFactor));
    }
    if wants(Family::Words) {
        tasks.extend((0..word_groups).map(Task::Words));
    }
    tasks
}

/// The groups searched for key words: each role, the first and last option of each scale, and
/// the subgroup.
fn word_groups(v: &Variables, subgroup: Option<&Subgroup>) -> Vec<words::WordGroup> {
    let mut groups = Vec::new();
    let members_of =
        |f: &Factor, level: u32| -> Vec<bool> { f.codes.iter().map(|&c| c == level).collect() };
    for f in &v.factors {
        let levels: Vec<usize> = if f.question == crate::variables::pseudo::ROLE {
            (0..f.levels.len()).collect()
        } else if f.ordered && f.levels.len() >= 2 {
            vec![0, f.levels.len() - 1]
        } else {
            continue;
        };
        for level in levels {
            groups.push(words::WordGroup {
                key: format!("{}={}", f.question, f.level_ids[level]),
                label: crate::families::level_phrase(f, level),
                members: members_of(f, level as u32),
            });
        }
    }
    if let Some(s) = subgroup {
        groups.push(words::WordGroup {
            key: s.key.clone(),
            label: s.label.clone(),
            members: s.members.clone(),
        });
    }
    groups
}

/// The subgroup as a factor of two levels, `subgroep` and `rest` (its key is
/// `@subgroep:CONDITION`).
pub fn subgroup_factor(s: &Subgroup) -> Factor {
    Factor {
        question: format!("@subgroep:{}", s.key),
        option: None,
        label: s.label.clone(),
        level_ids: vec!["subgroep".into(), "rest".into()],
        levels: vec![
            s.label.clone(),
            Text::new("de rest van de selectie", "the rest of the selection"),
        ],
        codes: s.members.iter().map(|&m| if m { 0 } else { 1 }).collect(),
        not_applicable: 0,
        ordered: false,
    }
}

/// Runs the evaluation. `progress(done, total)` is called as tasks finish (from any thread).
pub fn evaluate(
    v: &Variables,
    preset: &Preset,
    options: &Options,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Evaluation {
    let sub_factor = options.subgroup.as_ref().map(subgroup_factor);
    let groups = if options.families.contains(&Family::Words) {
        word_groups(v, options.subgroup.as_ref())
    } else {
        Vec::new()
    };
    let corpus = (!groups.is_empty()).then(|| words::Corpus::new(&v.bodies, &v.languages));
    let totals = corpus
        .as_ref()
        .map(words::Corpus::totals)
        .unwrap_or_default();
    let tasks = plan(v, options, sub_factor.as_ref(), groups.len());
    let total = tasks.len() as u64;
    let done = AtomicU64::new(0);
    let run = |task: &Task| -> Vec<Pattern> {
        let out = match *task {
            Task::UnivariateNumeric(i) => {
                let options = v
                    .factors
                    .iter()
                    .find(|f| f.ordered && f.question == v.numerics[i].question);
                vec![univariate::numeric(
                    &v.numerics[i],
                    options,
                    v.stories,
                    preset,
                )]
            }
            Task::UnivariateFactor(f) => vec![univariate::choice(f, v.stories)],
            Task::UnivariateMultiple(ref options) => {
                let label = options[0].label.clone();
                let question_label = Text::new(
                    label.nl.split(": ").next().unwrap_or_default().to_string(),
                    label.en.split(": ").next().unwrap_or_default().to_string(),
                );
                vec![univariate::multiple(options, &question_label, v.stories)]
            }
            Task::UnivariateTriad(t) => vec![univariate::triad(&v.triads[t], v.stories)],
            Task::NumericByGroup(i, f) => vec![grouped::numeric_by_group(
                &v.numerics[i],
                f,
                preset,
                Family::NumericByGroup,
            )],
            Task::ChoiceByChoice(a, b) => {
                vec![table::factor_by_factor(
                    a,
                    b,
                    preset,
                    Family::ChoiceByChoice,
                )]
            }
            Task::NumericByNumeric(x, y) => vec![correlation::numeric_by_numeric(
                &v.numerics[x],
                &v.numerics[y],
                preset,
                Family::NumericByNumeric,
            )],
            Task::TriadByFactor(t, f) => vec![triad::triad_by_factor(&v.triads[t], f, preset)],
            Task::SubgroupNumeric(i) => vec![grouped::numeric_by_group(
                &v.numerics[i],
                sub_factor.as_ref().expect("planned with a subgroup"),
                preset,
                Family::Subgroup,
            )],
            Task::SubgroupFactor(f) => vec![table::factor_by_factor(
                sub_factor.as_ref().expect("planned with a subgroup"),
                f,
                preset,
                Family::Subgroup,
            )],
            Task::SubgroupTriad(t) => vec![table::factor_by_factor(
                sub_factor.as_ref().expect("planned with a subgroup"),
                &v.triads[t].zones,
                preset,
                Family::Subgroup,
            )],
            Task::TimeNumeric(i) => vec![correlation::numeric_by_numeric(
                &v.date,
                &v.numerics[i],
                preset,
                Family::OverTime,
            )],
            Task::TimeFactor(f) => {
                vec![grouped::numeric_by_group(
                    &v.date,
                    f,
                    preset,
                    Family::OverTime,
                )]
            }
            Task::Words(g) => words::key_words(
                corpus.as_ref().expect("planned with a corpus"),
                &totals,
                &groups[g],
                preset,
            ),
        };
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        out
    };
    let mut patterns: Vec<Pattern> = tasks.par_iter().map(run).collect::<Vec<_>>().concat();
    settle_monte_carlo(&mut patterns, preset);
    let tests = correct(&mut patterns, preset);
    detectable(&mut patterns, preset);
    rank(&mut patterns);
    let strong = patterns.iter().filter(|p| p.strong).count();
    Evaluation {
        engine: ENGINE_VERSION.to_string(),
        preset: preset.clone(),
        stories: v.stories,
        tests,
        strong,
        patterns,
    }
}

/// Monte-Carlo p-values that could decide whether a pattern is strong are drawn further.
///
/// A first pass draws at most `monte_carlo_replicates` tables per pattern, so its p has a floor
/// of 1 / (replicates + 1); after Benjamini-Hochberg over thousands of tests such a floor may
/// never reach the q threshold. A pattern whose effect is large enough to be strong, whose q is
/// above the threshold and whose p is not yet settled (fewer than `monte_carlo_stop_after`
/// tables reached its χ²) is drawn tenfold further, and again, up to
/// `monte_carlo_max_replicates`. Every other p stays as it is. Deterministic: each pattern has
/// its own seeded stream, and a longer run starts with the same tables.
fn settle_monte_carlo(patterns: &mut [Pattern], preset: &Preset) {
    loop {
        let p: Vec<f64> = patterns.iter().filter_map(|x| x.p).collect();
        let mut q = benjamini_hochberg(&p).into_iter();
        let mut open = vec![false; patterns.len()];
        for (i, pattern) in patterns.iter().enumerate() {
            if pattern.p.is_none() {
                continue;
            }
            let q = q.next().unwrap_or(1.0);
            let could_be_strong = pattern
                .effect
                .as_ref()
                .is_some_and(|e| e.magnitude >= preset.strong_from);
            open[i] = could_be_strong && q > preset.q_threshold && pattern.replicates.is_some();
        }
        let drawn: Vec<bool> = patterns
            .par_iter_mut()
            .zip(open.par_iter())
            .filter(|(_, &open)| open)
            .map(|(pattern, _)| table::simulate_further(pattern, preset))
            .collect();
        if !drawn.contains(&true) {
            return;
        }
    }
}

/// The correction for multiple testing, in two levels (Benjamini & Bogomolov 2014).
///
/// 1. One Benjamini-Hochberg correction over every pattern's own test (for a Kruskal-Wallis
///    pattern its omnibus test): this gives each pattern its q.
/// 2. The pairwise Mann-Whitney comparisons of a Kruskal-Wallis pattern are only looked at when
///    its omnibus q is at most the threshold (R of the m patterns), and then corrected among
///    themselves with Benjamini-Hochberg at the level threshold · R / m. A comparison's q is
///    that within-pattern q scaled by m / R, so that q ≤ threshold means it passed. The
///    comparisons of 42 regions (861 pairs) no longer raise m for every other pattern, and the
///    expected share of false discoveries over the selected patterns stays at the threshold.
///
/// Marks the strong patterns. Returns m, the number of tests of the first level.
fn correct(patterns: &mut [Pattern], preset: &Preset) -> usize {
    let p: Vec<f64> = patterns.iter().filter_map(|x| x.p).collect();
    let q = benjamini_hochberg(&p);
    let m = p.len();
    let selected = q.iter().filter(|&&q| q <= preset.q_threshold).count();
    let mut next = q.into_iter();
    let pair_thresholds = &preset.effect.rank_biserial;
    for pattern in patterns.iter_mut() {
        if pattern.p.is_some() {
            pattern.q = next.next();
        }
        let omnibus_significant = pattern.q.is_some_and(|q| q <= preset.q_threshold);
        if omnibus_significant && !pattern.pairwise.is_empty() {
            let within: Vec<f64> = pattern.pairwise.iter().map(|w| w.p).collect();
            let scale = m as f64 / selected as f64;
            for (w, q) in pattern.pairwise.iter_mut().zip(benjamini_hochberg(&within)) {
                let q = (q * scale).min(1.0);
                w.q = Some(q);
                w.strong = preset.is_strong(q, pair_thresholds.magnitude(w.rank_biserial));
            }
        } else {
            for w in &mut pattern.pairwise {
                w.q = None;
                w.strong = false;
            }
        }
        pattern.strong = match (&pattern.q, &pattern.effect) {
            (Some(q), Some(e)) => preset.is_strong(*q, e.magnitude),
            _ => false,
        };
        // Kruskal-Wallis over many groups dilutes one group that differs a lot (youth among
        // mostly parents): the pattern is also strong when the omnibus test is significant and
        // a pairwise comparison is strong by itself. It then ranks by that comparison.
        if let Some(best) = pattern
            .pairwise
            .iter()
            .filter(|w| w.strong)
            .map(|w| w.rank_biserial.abs() / pair_thresholds.large)
            .max_by(f64::total_cmp)
        {
            if omnibus_significant {
                pattern.strong = true;
                if let Some(e) = &mut pattern.effect {
                    e.relative = e.relative.max(best);
                }
            }
        }
    }
    m
}

/// The power with which `detectable` is computed.
pub const POWER: f64 = 0.8;

/// Each tested pattern's smallest detectable effect (80 % power) at the run's per-test level
/// α = threshold · max(R, 1) / m: a p-value at most that passes Benjamini-Hochberg once R
/// patterns pass (with none passing, the first one needs p ≤ threshold / m). Key words get none:
/// what a word could show depends on how often it is used at all, which the run does not keep.
fn detectable(patterns: &mut [Pattern], preset: &Preset) {
    use crate::stats::power::{self, Noncentrality};
    let tested: Vec<f64> = patterns.iter().filter_map(|p| p.q).collect();
    if tested.is_empty() {
        return;
    }
    let passed = tested.iter().filter(|&&q| q <= preset.q_threshold).count();
    let alpha = preset.q_threshold * passed.max(1) as f64 / tested.len() as f64;
    let mut lambda = Noncentrality::new(alpha, POWER);
    for p in patterns.iter_mut() {
        let (Some(test), Some(_)) = (p.test.as_deref(), p.effect.as_ref()) else {
            continue;
        };
        p.detectable = match test {
            "spearman" => power::detectable_rho(lambda.of(1), p.n),
            "mann_whitney" => match p.groups.as_slice() {
                [a, b] => power::detectable_rank_biserial(lambda.of(1), a.n, b.n),
                _ => None,
            },
            "kruskal_wallis" => {
                let df = p.groups.len().saturating_sub(1) as u64;
                power::detectable_epsilon_squared(lambda.of(df.max(1)), p.n)
            }
            "chi_square" => p.table.as_ref().and_then(|t| {
                let df = ((t.rows.len() - 1) * (t.columns.len() - 1)) as u64;
                power::detectable_cramers_v(
                    lambda.of(df.max(1)),
                    p.n,
                    t.rows.len(),
                    t.columns.len(),
                )
            }),
            // Key words below, in parallel: their power is computed exactly.
            _ => None,
        };
    }
    patterns
        .par_iter_mut()
        .filter(|p| p.test.as_deref() == Some("log_likelihood"))
        .for_each(|p| {
            let more = p.effect.as_ref().is_none_or(|e| e.value >= 0.0);
            p.detectable = p.word_counts.and_then(|[a, b, c, d]| {
                power::detectable_log_ratio(alpha, POWER, a + b, c, d, more)
            });
        });
}

/// Strong patterns by relative effect size (then q, then id), key words after the patterns of
/// questions (they illustrate rather than stand alone, and a corpus yields many); the rest by q,
/// then id.
fn rank(patterns: &mut [Pattern]) {
    let words_last = |p: &Pattern| p.family == Family::Words;
    let relative = |p: &Pattern| p.effect.as_ref().map_or(0.0, |e| e.relative);
    let q = |p: &Pattern| p.q.unwrap_or(f64::INFINITY);
    patterns.sort_by(|a, b| {
        b.strong
            .cmp(&a.strong)
            .then_with(|| words_last(a).cmp(&words_last(b)))
            .then_with(|| {
                if a.strong {
                    relative(b).total_cmp(&relative(a))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then_with(|| q(a).total_cmp(&q(b)))
            .then_with(|| a.id.cmp(&b.id))
    });
    for (i, p) in patterns
        .iter_mut()
        .enumerate()
        .take_while(|(_, p)| p.strong)
    {
        p.rank = Some(i as u32 + 1);
    }
}

/// Counts stories with an answer, for reports.
pub fn answered(codes: &[u32]) -> usize {
    codes.iter().filter(|&&c| c != MISSING).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(question: &str, codes: Vec<u32>) -> Factor {
        let levels = 5;
        Factor {
            question: question.into(),
            option: None,
            label: Text::new(question, question),
            level_ids: (0..levels).map(|i| format!("{i}")).collect(),
            levels: (0..levels)
                .map(|i| Text::new(format!("{i}"), format!("{i}")))
                .collect(),
            codes,
            not_applicable: 0,
            ordered: false,
        }
    }

    /// A sparse 5 × 5 table with a very clear diagonal (22 stories per row, every expected
    /// count 4.4) among 2,000 tests without anything: the first 10,000 random tables leave its
    /// p at the floor 1/10,001, where Benjamini-Hochberg over 2,001 tests gives q ≈ 0.2. Drawn
    /// further, its p falls below 1/100,000 and the pattern is strong.
    #[test]
    fn a_monte_carlo_p_at_its_floor_is_drawn_further_when_it_could_make_a_pattern_strong() {
        let preset = Preset::standard();
        let (mut rows, mut columns) = (Vec::new(), Vec::new());
        for r in 0..5u32 {
            for i in 0..22u32 {
                rows.push(r);
                columns.push(if i < 18 { r } else { (r + 1 + i % 4) % 5 });
            }
        }
        let sparse = table::factor_by_factor(
            &factor("a", rows),
            &factor("b", columns),
            &preset,
            Family::ChoiceByChoice,
        );
        assert_eq!(
            sparse.p_method,
            Some(crate::stats::contingency::PMethod::MonteCarlo)
        );
        assert_eq!(sparse.replicates, Some(10_000));
        assert_eq!(sparse.exceedances, Some(0));
        let mut nothing = Pattern::new(Family::NumericByNumeric, vec!["x".into()], Vec::new());
        nothing.p = Some(0.9);
        let mut patterns = vec![sparse.clone()];
        patterns.extend(std::iter::repeat_n(nothing, 2_000));

        let mut at_the_floor = patterns.clone();
        correct(&mut at_the_floor, &preset);
        assert!(at_the_floor[0].q.unwrap() > 0.1 && !at_the_floor[0].strong);

        settle_monte_carlo(&mut patterns, &preset);
        correct(&mut patterns, &preset);
        let settled = &patterns[0];
        assert_eq!(settled.replicates, Some(100_000), "tenfold once was enough");
        assert!(settled.p.unwrap() < 1e-4 && settled.strong, "{settled:?}");
        // The 2,000 others were not drawn again.
        assert!(patterns[1..].iter().all(|p| p.replicates.is_none()));
    }

    /// Pairwise comparisons are corrected within their pattern (Benjamini & Bogomolov 2014):
    /// they do not count among the run's tests, and only a pattern whose omnibus test passed has
    /// them corrected at all.
    #[test]
    fn pairwise_comparisons_are_corrected_within_a_selected_pattern_only() {
        let preset = Preset::standard();
        let pair = |p: f64| crate::pattern::Pairwise {
            a: "a".into(),
            b: "b".into(),
            u: 0.0,
            p,
            q: None,
            rank_biserial: 0.4,
            strong: false,
        };
        let mut selected = Pattern::new(Family::NumericByGroup, vec!["s".into()], Vec::new());
        selected.p = Some(1e-6);
        selected.pairwise = vec![pair(0.001), pair(0.02), pair(0.5)];
        let mut other = selected.clone();
        other.p = Some(0.8);
        let mut patterns = vec![selected, other];
        assert_eq!(
            correct(&mut patterns, &preset),
            2,
            "m counts the patterns only"
        );
        // m = 2, R = 1: within-pattern BH q of 0.001, 0.02, 0.5 is 0.003, 0.03, 0.5, times 2.
        let q: Vec<f64> = patterns[0].pairwise.iter().map(|w| w.q.unwrap()).collect();
        assert!((q[0] - 0.006).abs() < 1e-12 && (q[1] - 0.06).abs() < 1e-12 && q[2] == 1.0);
        assert!(patterns[0].pairwise[0].strong && !patterns[0].pairwise[1].strong);
        assert!(patterns[1]
            .pairwise
            .iter()
            .all(|w| w.q.is_none() && !w.strong));
    }
}
