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
    let corpus = (!groups.is_empty()).then(|| words::Corpus::new(&v.bodies));
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
    let tests = correct(&mut patterns, preset);
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

/// One Benjamini-Hochberg correction over every p-value (patterns and pairwise comparisons);
/// marks the strong patterns. Returns the number of tests.
fn correct(patterns: &mut [Pattern], preset: &Preset) -> usize {
    let mut p = Vec::new();
    for pattern in patterns.iter() {
        p.extend(pattern.p);
        p.extend(pattern.pairwise.iter().map(|w| w.p));
    }
    let q = benjamini_hochberg(&p);
    let mut next = q.into_iter();
    for pattern in patterns.iter_mut() {
        if pattern.p.is_some() {
            pattern.q = next.next();
        }
        let pair_thresholds = &preset.effect.rank_biserial;
        for w in &mut pattern.pairwise {
            w.q = next.next();
            w.strong = w
                .q
                .is_some_and(|q| preset.is_strong(q, pair_thresholds.magnitude(w.rank_biserial)));
        }
        let omnibus_significant = pattern.q.is_some_and(|q| q <= preset.q_threshold);
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
    p.len()
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
