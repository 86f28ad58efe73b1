//! Two numeric answers (or one against the date): Spearman's rho, with Pearson's r beside it.

use vertelpunt_model::Text;

use super::effect;
use crate::pattern::{Family, Pattern};
use crate::preset::Preset;
use crate::sentences::{self, downward, upward};
use crate::stats::rank::spearman_and_pearson;
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
        pattern.flags.push("no_variation".into());
        pattern.description = sentences::not_tested(
            &what,
            "te weinig paren of geen spreiding",
            "too few pairs or no variation",
        );
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
