//! Two numeric answers (or one against the date): Spearman's rho, with Pearson's r beside it.

use vertelpunt_model::Text;

use super::effect;
use crate::pattern::{Family, Pattern};
use crate::preset::Preset;
use crate::sentences::{self, downward, upward};
use crate::stats::rank::spearman_and_pearson;
use crate::stats::MISSING;
use crate::variables::Numeric;

/// `y` against `x`.
pub fn numeric_by_numeric(x: &Numeric, y: &Numeric, preset: &Preset, family: Family) -> Pattern {
    let mut pattern = Pattern::new(
        family,
        vec![x.question.clone(), y.question.clone()],
        vec![x.label.clone(), y.label.clone()],
    );
    let what = Text::new(
        format!("{} × {}", x.label.nl, y.label.nl),
        format!("{} × {}", x.label.en, y.label.en),
    );
    let Some((rho, r)) = spearman_and_pearson(&x.codes, &y.codes, &x.values, &y.values) else {
        // Say which: how many stories answered both, and which answer does not vary.
        let pairs: Vec<(u32, u32)> = x
            .codes
            .iter()
            .zip(&y.codes)
            .filter(|(a, b)| **a != MISSING && **b != MISSING)
            .map(|(a, b)| (*a, *b))
            .collect();
        pattern.n = pairs.len() as u64;
        let varies = |codes: &[u32]| codes.iter().any(|c| *c != codes[0]);
        let (xs, ys): (Vec<u32>, Vec<u32>) = pairs.iter().copied().unzip();
        let (nl, en) = if pairs.len() < 3 {
            (
                format!("{} verhalen met beide antwoorden", pairs.len()),
                format!("{} stories with both answers", pairs.len()),
            )
        } else if !varies(&xs) {
            (
                format!("elk antwoord op '{}' is gelijk", x.label.nl),
                format!("every answer to '{}' is the same", x.label.en),
            )
        } else if !varies(&ys) {
            (
                format!("elk antwoord op '{}' is gelijk", y.label.nl),
                format!("every answer to '{}' is the same", y.label.en),
            )
        } else {
            (
                "te weinig paren of geen spreiding".to_string(),
                "too few pairs or no variation".to_string(),
            )
        };
        pattern.flags.push("no_variation".into());
        pattern.description = sentences::not_tested(&what, &nl, &en);
        return pattern;
    };
    pattern.n = rho.n;
    if rho.n < preset.min_group_size {
        pattern.flags.push("groups_too_small".into());
        pattern.description = sentences::not_tested(
            &what,
            &format!(
                "minder dan {} verhalen met beide antwoorden",
                preset.min_group_size
            ),
            &format!(
                "fewer than {} stories with both answers",
                preset.min_group_size
            ),
        );
        return pattern;
    }
    pattern.test = Some("spearman".into());
    pattern.statistic = Some(rho.r);
    pattern.df = Some(rho.n as f64 - 2.0);
    pattern.p = Some(rho.p);
    pattern.pearson_r = Some(r.r);
    pattern.effect = Some(effect("rho", rho.r, &preset.effect.rho));
    let y_direction = if rho.r >= 0.0 { upward(y) } else { downward(y) };
    let x_direction = upward(x);
    let rho_nl = format!("{:.2}", rho.r).replace('.', ",");
    pattern.description = if family == Family::OverTime {
        Text::new(
            format!(
                "'{}' verschuift in de loop van de tijd {} (rho = {rho_nl}).",
                y.label.nl, y_direction.nl
            ),
            format!(
                "'{}' shifts over time {} (rho = {:.2}).",
                y.label.en, y_direction.en, rho.r
            ),
        )
    } else {
        Text::new(
            format!(
                "Wie bij '{}' {} antwoordt, antwoordt bij '{}' meestal ook {} (rho = {rho_nl}).",
                x.label.nl, x_direction.nl, y.label.nl, y_direction.nl
            ),
            format!(
                "Those who answer '{}' {} mostly also answer '{}' {} (rho = {:.2}).",
                x.label.en, x_direction.en, y.label.en, y_direction.en, rho.r
            ),
        )
    };
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::Scale;

    fn slider(id: &str, answers: &[Option<f64>]) -> Numeric {
        let mut values: Vec<f64> = answers.iter().flatten().copied().collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        Numeric {
            question: id.into(),
            label: Text::new(id, id),
            scale: Scale::Slider {
                left: Text::default(),
                right: Text::default(),
            },
            codes: answers
                .iter()
                .map(|a| match a {
                    Some(v) => values.iter().position(|x| x == v).unwrap() as u32,
                    None => MISSING,
                })
                .collect(),
            values,
            not_applicable: 0,
        }
    }

    #[test]
    fn a_slider_with_one_value_everywhere_says_so_and_counts_its_stories() {
        let preset = Preset::standard();
        let same = slider("gelijk", &[Some(50.0); 8]);
        let varied = slider(
            "anders",
            &[10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0].map(Some),
        );
        let p = numeric_by_numeric(&same, &varied, &preset, Family::NumericByNumeric);
        assert_eq!(p.n, 8, "the stories with both answers, not 0");
        assert!(p.flags.contains(&"no_variation".to_string()));
        assert!(
            p.description
                .en
                .contains("every answer to 'gelijk' is the same"),
            "{}",
            p.description.en
        );
        let few = slider(
            "weinig",
            &[Some(1.0), Some(2.0), None, None, None, None, None, None],
        );
        let p = numeric_by_numeric(&few, &varied, &preset, Family::NumericByNumeric);
        assert_eq!(p.n, 2);
        assert!(
            p.description.en.contains("2 stories with both answers"),
            "{}",
            p.description.en
        );
    }
}
