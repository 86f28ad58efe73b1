//! A numeric answer across groups: Kruskal-Wallis (with pairwise Mann-Whitney) for three or
//! more groups, Mann-Whitney for two.

use vertelpunt_model::Text;

use super::{effect, histograms, level_phrase, split_by_size, too_small};
use crate::pattern::{Family, Group, Pairwise, Pattern};
use crate::preset::Preset;
use crate::sentences::{self, position};
use crate::stats::{describe, kruskal_wallis, mann_whitney};
use crate::variables::{Factor, Numeric};

/// `numeric` compared across the levels of `factor`.
pub fn numeric_by_group(
    numeric: &Numeric,
    factor: &Factor,
    preset: &Preset,
    family: Family,
) -> Pattern {
    let mut pattern = Pattern::new(
        family,
        vec![numeric.question.clone(), factor.key()],
        vec![numeric.label.clone(), factor.label.clone()],
    );
    let hist = histograms(numeric, factor);
    let sizes: Vec<u64> = hist.iter().map(|h| h.iter().sum()).collect();
    let (tested, small) = split_by_size(&sizes, factor, preset);
    pattern.not_tested = small;
    pattern.n = tested.iter().map(|&i| sizes[i]).sum();
    pattern.groups = tested
        .iter()
        .map(|&i| Group {
            id: factor.level_ids[i].clone(),
            label: factor.levels[i].clone(),
            n: sizes[i],
            stats: describe(&numeric.values, &hist[i]),
            centre: None,
        })
        .collect();
    let what = Text::new(
        format!("{} × {}", numeric.label.nl, factor.label.nl),
        format!("{} × {}", numeric.label.en, factor.label.en),
    );
    if tested.len() < 2 {
        let (nl, en) = too_small(preset);
        pattern.flags.push("groups_too_small".into());
        pattern.description = sentences::not_tested(&what, &nl, &en);
        return pattern;
    }
    let groups: Vec<&[u64]> = tested.iter().map(|&i| hist[i].as_slice()).collect();
    if tested.len() == 2 {
        let Some(m) = mann_whitney(groups[0], groups[1]) else {
            return no_variation(pattern, &what);
        };
        pattern.test = Some("mann_whitney".into());
        pattern.statistic = Some(m.u);
        pattern.p = Some(m.p);
        pattern.effect = Some(effect(
            "rank_biserial",
            m.rank_biserial,
            &preset.effect.rank_biserial,
        ));
    } else {
        let Some(k) = kruskal_wallis(&groups) else {
            return no_variation(pattern, &what);
        };
        pattern.test = Some("kruskal_wallis".into());
        pattern.statistic = Some(k.h);
        pattern.df = Some(k.df);
        pattern.p = Some(k.p);
        pattern.effect = Some(effect(
            "epsilon_squared",
            k.epsilon_squared,
            &preset.effect.epsilon_squared,
        ));
        for (x, &a) in tested.iter().enumerate() {
            for &b in &tested[x + 1..] {
                if let Some(m) = mann_whitney(&hist[a], &hist[b]) {
                    pattern.pairwise.push(Pairwise {
                        a: factor.level_ids[a].clone(),
                        b: factor.level_ids[b].clone(),
                        u: m.u,
                        p: m.p,
                        q: None,
                        rank_biserial: m.rank_biserial,
                        strong: false,
                    });
                }
            }
        }
    }
    pattern.description = describe_difference(numeric, factor, &tested, &pattern.groups);
    pattern
}

fn no_variation(mut pattern: Pattern, what: &Text) -> Pattern {
    pattern.flags.push("no_variation".into());
    pattern.description = sentences::not_tested(
        what,
        "alle antwoorden zijn gelijk",
        "every answer is the same",
    );
    pattern
}

/// "'Y' ligt het meest richting '…' (…) bij 'X: a', en het minst bij 'X: b': richting '…' (…)."
fn describe_difference(
    numeric: &Numeric,
    factor: &Factor,
    tested: &[usize],
    groups: &[Group],
) -> Text {
    let mean = |g: &Group| g.stats.as_ref().map_or(f64::NAN, |s| s.mean);
    let (mut hi, mut lo) = (0usize, 0usize);
    for (i, g) in groups.iter().enumerate() {
        if mean(g) > mean(&groups[hi]) {
            hi = i;
        }
        if mean(g) < mean(&groups[lo]) {
            lo = i;
        }
    }
    let (phi, plo) = (
        level_phrase(factor, tested[hi]),
        level_phrase(factor, tested[lo]),
    );
    let (at_hi, at_lo) = (
        position(numeric, mean(&groups[hi])),
        position(numeric, mean(&groups[lo])),
    );
    Text::new(
        format!(
            "'{}' ligt het meest {} bij {}, en het minst bij {}: {}.",
            numeric.label.nl, at_hi.nl, phi.nl, plo.nl, at_lo.nl
        ),
        format!(
            "'{}' lies furthest {} with {}, and least with {}: {}.",
            numeric.label.en, at_hi.en, phi.en, plo.en, at_lo.en
        ),
    )
}
