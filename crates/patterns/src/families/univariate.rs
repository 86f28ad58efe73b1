//! One question at a time: the distribution, its centre, spread and shape, the share at each
//! pole, the share "niet van toepassing" and unanswered.

use vertelpunt_model::Text;

use super::triad::geometric_centre;
use crate::pattern::{Family, Group, Pattern, SmallGroup};
use crate::preset::Preset;
use crate::sentences::{en_number, nl_number, percent};
use crate::stats::{describe, MISSING};
use crate::variables::{Factor, Numeric, Scale, Triad};

fn shares(pattern: &mut Pattern, stories: usize, answered: u64, not_applicable: u64) {
    let total = stories.max(1) as f64;
    pattern.not_applicable_share = Some(not_applicable as f64 / total);
    pattern.unanswered_share =
        Some(stories.saturating_sub((answered + not_applicable) as usize) as f64 / total);
}

/// The distribution of a slider or scale; a scale's `options` become groups, so the one pattern
/// of a scale carries both its positions and the stories per option.
pub fn numeric(
    numeric: &Numeric,
    options: Option<&Factor>,
    stories: usize,
    preset: &Preset,
) -> Pattern {
    let mut pattern = Pattern::new(
        Family::Univariate,
        vec![numeric.question.clone()],
        vec![numeric.label.clone()],
    );
    let mut counts = vec![0u64; numeric.values.len()];
    for &c in &numeric.codes {
        if c != MISSING {
            counts[c as usize] += 1;
        }
    }
    let Some(d) = describe(&numeric.values, &counts) else {
        pattern.flags.push("no_answers".into());
        pattern.description = Text::new(
            format!("'{}': nog geen antwoorden.", numeric.label.nl),
            format!("'{}': no answers yet.", numeric.label.en),
        );
        shares(&mut pattern, stories, 0, numeric.not_applicable);
        return pattern;
    };
    pattern.n = d.n;
    shares(&mut pattern, stories, d.n, numeric.not_applicable);
    let n = d.n as f64;
    let share_where = |keep: &dyn Fn(f64) -> bool| {
        numeric
            .values
            .iter()
            .zip(&counts)
            .filter(|(v, _)| keep(**v))
            .map(|(_, &c)| c)
            .sum::<u64>() as f64
            / n
    };
    let (left_text, right_text, poles) = match &numeric.scale {
        Scale::Slider { left, right } => (
            left.clone(),
            right.clone(),
            [
                share_where(&|v| v <= preset.pole_width),
                share_where(&|v| v >= 100.0 - preset.pole_width),
            ],
        ),
        Scale::Ordinal { options } => {
            let last = options.len() as f64;
            (
                options.first().cloned().unwrap_or_default(),
                options.last().cloned().unwrap_or_default(),
                [share_where(&|v| v <= 1.0), share_where(&|v| v >= last)],
            )
        }
        Scale::Days => (Text::default(), Text::default(), [0.0, 0.0]),
    };
    pattern.pole_shares = Some(poles);
    let mut notes_nl = Vec::new();
    let mut notes_en = Vec::new();
    if d.skewness.is_some_and(|g| g.abs() >= preset.skewness_flag) {
        pattern.flags.push("skewed".into());
        notes_nl.push("sterk scheef verdeeld");
        notes_en.push("strongly skewed");
    }
    // A flat scale of k points has a coefficient of its own (above the continuous 5/9): only
    // a coefficient above that one says the answers gather at both ends.
    let bimodal_from = match &numeric.scale {
        Scale::Ordinal { options } => preset
            .bimodality_flag
            .max(uniform_bimodality(options.len())),
        _ => preset.bimodality_flag,
    };
    if d.bimodality.is_some_and(|b| b > bimodal_from) && poles[0] > 0.0 && poles[1] > 0.0 {
        pattern.flags.push("bimodal".into());
        notes_nl.push("mogelijk tweetoppig: de meningen lopen uiteen");
        notes_en.push("possibly bimodal: opinions diverge");
    }
    let suffix = |lead: &str, join: &str, notes: &[&str]| {
        if notes.is_empty() {
            String::new()
        } else {
            format!(" {lead} {}.", notes.join(join))
        }
    };
    pattern.description = Text::new(
        format!(
            "'{}': {} aan de kant van '{}', {} aan de kant van '{}'; gemiddeld {}, mediaan {} (n = {}).{}",
            numeric.label.nl,
            percent(poles[0]),
            left_text.nl,
            percent(poles[1]),
            right_text.nl,
            nl_number(d.mean),
            nl_number(d.median),
            d.n,
            suffix("De verdeling is", " en ", &notes_nl)
        ),
        format!(
            "'{}': {} at the '{}' end, {} at the '{}' end; mean {}, median {} (n = {}).{}",
            numeric.label.en,
            percent(poles[0]),
            left_text.en,
            percent(poles[1]),
            right_text.en,
            en_number(d.mean),
            en_number(d.median),
            d.n,
            suffix("The distribution is", " and ", &notes_en)
        ),
    );
    pattern.groups.push(Group {
        id: "alle".into(),
        label: Text::new("alle verhalen", "all stories"),
        n: d.n,
        stats: Some(d),
        centre: None,
    });
    if let Some(f) = options {
        level_groups(&mut pattern, &f.level_ids, &f.levels, &f.counts());
    }
    pattern
}

/// Levels as groups; levels of a small group (the small-group rule of
/// [`vertelpunt_model::disclosure`]) are listed without their size.
fn level_groups(pattern: &mut Pattern, ids: &[String], labels: &[Text], counts: &[u64]) {
    for ((id, label), &n) in ids.iter().zip(labels).zip(counts) {
        if n > 0 && !vertelpunt_model::disclosure::is_small(n as i64) {
            pattern.groups.push(Group {
                id: id.clone(),
                label: label.clone(),
                n,
                stats: None,
                centre: None,
            });
        } else if n > 0 {
            pattern.not_tested.push(SmallGroup {
                id: id.clone(),
                label: label.clone(),
                n: None,
            });
        }
    }
}

/// The distribution of a choice (or role, region): stories per option.
pub fn choice(factor: &Factor, stories: usize) -> Pattern {
    let mut pattern = Pattern::new(
        Family::Univariate,
        vec![factor.key()],
        vec![factor.label.clone()],
    );
    let counts = factor.counts();
    let answered: u64 = counts.iter().sum();
    pattern.n = answered;
    shares(&mut pattern, stories, answered, factor.not_applicable);
    level_groups(&mut pattern, &factor.level_ids, &factor.levels, &counts);
    pattern.description = most_common(&factor.label, &factor.levels, &counts, answered);
    pattern
}

fn most_common(label: &Text, levels: &[Text], counts: &[u64], of: u64) -> Text {
    let Some((top, &n)) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, &c)| (c, usize::MAX - i))
    else {
        return Text::default();
    };
    if of == 0 {
        return Text::new(
            format!("'{}': nog geen antwoorden.", label.nl),
            format!("'{}': no answers yet.", label.en),
        );
    }
    let share = percent(n as f64 / of as f64);
    Text::new(
        format!(
            "'{}': het meest gekozen is '{}' ({share} van {of}).",
            label.nl, levels[top].nl
        ),
        format!(
            "'{}': the most chosen is '{}' ({share} of {of}).",
            label.en, levels[top].en
        ),
    )
}

/// The options of a multiple choice: how often each was picked by those who answered.
pub fn multiple(options: &[&Factor], question_label: &Text, stories: usize) -> Pattern {
    let question = options[0].question.clone();
    let mut pattern = Pattern::new(
        Family::Univariate,
        vec![question],
        vec![question_label.clone()],
    );
    let answered = options[0].codes.iter().filter(|&&c| c != MISSING).count() as u64;
    let picked: Vec<u64> = options.iter().map(|f| f.counts()[1]).collect();
    let ids: Vec<String> = options
        .iter()
        .map(|f| f.option.clone().unwrap_or_default())
        .collect();
    let labels: Vec<Text> = options.iter().map(|f| f.levels[1].clone()).collect();
    pattern.n = answered;
    shares(&mut pattern, stories, answered, 0);
    level_groups(&mut pattern, &ids, &labels, &picked);
    pattern.description = most_common(question_label, &labels, &picked, answered);
    pattern
}

/// A triad: zones and the geometric-mean centre.
pub fn triad(triad: &Triad, stories: usize) -> Pattern {
    let mut pattern = choice(&triad.zones, stories);
    let centre = geometric_centre(triad.shares.iter().flatten());
    if let Some(c) = centre {
        let corners = &triad.corners;
        let centre_nl = format!(
            "{} '{}', {} '{}', {} '{}'",
            percent(c[0] / 100.0),
            corners[0].nl,
            percent(c[1] / 100.0),
            corners[1].nl,
            percent(c[2] / 100.0),
            corners[2].nl
        );
        let centre_en = format!(
            "{} '{}', {} '{}', {} '{}'",
            percent(c[0] / 100.0),
            corners[0].en,
            percent(c[1] / 100.0),
            corners[1].en,
            percent(c[2] / 100.0),
            corners[2].en
        );
        pattern.description = Text::new(
            format!("{} Het zwaartepunt: {centre_nl}.", pattern.description.nl),
            format!("{} The centre: {centre_en}.", pattern.description.en),
        );
        pattern.groups.insert(
            0,
            Group {
                id: "alle".into(),
                label: Text::new("alle verhalen", "all stories"),
                n: pattern.n,
                stats: None,
                centre: Some(c),
            },
        );
    }
    pattern
}

/// Sarle's bimodality coefficient of a flat (discrete uniform) scale of `k` points, 1 / (3 + its
/// excess kurtosis −6(k²+1)/(5(k²−1))): 0.588 for 5 points, towards the continuous 5/9 as k
/// grows, 1 for 2 points (never exceeded). A flat scale's sample coefficient stays below it.
pub fn uniform_bimodality(k: usize) -> f64 {
    if k < 2 {
        return f64::INFINITY;
    }
    let k2 = (k * k) as f64;
    1.0 / (3.0 - 6.0 * (k2 + 1.0) / (5.0 * (k2 - 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 5-point scale whose stories answer `per_point[i]` times option i + 1.
    fn scale(per_point: &[u32]) -> Numeric {
        let codes = per_point
            .iter()
            .enumerate()
            .flat_map(|(i, &n)| std::iter::repeat_n(i as u32, n as usize))
            .collect();
        Numeric {
            question: "s".into(),
            label: Text::new("Schaal", "Scale"),
            scale: Scale::Ordinal {
                options: (1..=per_point.len())
                    .map(|i| Text::new(i.to_string(), i.to_string()))
                    .collect(),
            },
            values: (1..=per_point.len()).map(|i| i as f64).collect(),
            codes,
            not_applicable: 0,
        }
    }

    #[test]
    fn a_flat_scale_is_not_called_bimodal_and_answers_at_both_ends_are() {
        let preset = Preset::standard();
        for n in [4, 20, 200] {
            let flat = numeric(&scale(&[n; 5]), None, 5 * n as usize, &preset);
            assert!(
                !flat.flags.contains(&"bimodal".to_string()),
                "{n} per point: {:?}",
                flat.description.en
            );
        }
        let split = numeric(&scale(&[40, 5, 2, 5, 40]), None, 92, &preset);
        assert!(
            split.flags.contains(&"bimodal".to_string()),
            "{:?}",
            split.flags
        );
        assert!(split.description.en.contains("possibly bimodal"));
        // The flat scale's own coefficient: 0.588 for 5 points, towards 5/9 as points grow.
        assert!((uniform_bimodality(5) - 0.5882).abs() < 1e-4);
        assert!(uniform_bimodality(101) - 5.0 / 9.0 < 1e-3);
        assert_eq!(uniform_bimodality(2), 1.0);
    }
}
