//! The pattern families. Each function looks at one combination of variables and returns one
//! pattern with its test (p-values are corrected together afterwards, in `evaluate`).

pub mod correlation;
pub mod grouped;
pub mod table;
pub mod triad;
pub mod univariate;
pub mod words;

use vertelpunt_model::Text;

use crate::pattern::{Effect, SmallGroup};
use crate::preset::{Preset, Thresholds};
use crate::stats::MISSING;
use crate::variables::{Factor, Numeric};

/// An effect size with its magnitude.
pub fn effect(name: &str, value: f64, thresholds: &Thresholds) -> Effect {
    Effect {
        name: name.into(),
        value,
        magnitude: thresholds.magnitude(value),
        relative: value.abs() / thresholds.large,
    }
}

/// Histograms of a numeric variable per level of a factor, over the stories with both.
pub fn histograms(numeric: &Numeric, factor: &Factor) -> Vec<Vec<u64>> {
    let width = numeric.values.len();
    let mut flat = vec![0u64; factor.levels.len() * width];
    for (&v, &g) in numeric.codes.iter().zip(&factor.codes) {
        if v != MISSING && g != MISSING {
            flat[g as usize * width + v as usize] += 1;
        }
    }
    flat.chunks(width.max(1)).map(<[u64]>::to_vec).collect()
}

/// The levels big enough to test (indices), and the others that have stories.
pub fn split_by_size(
    sizes: &[u64],
    factor: &Factor,
    preset: &Preset,
) -> (Vec<usize>, Vec<SmallGroup>) {
    let mut tested = Vec::new();
    let mut small = Vec::new();
    for (i, &n) in sizes.iter().enumerate() {
        if n >= preset.min_group_size {
            tested.push(i);
        } else if n > 0 {
            small.push(SmallGroup {
                id: factor.level_ids[i].clone(),
                label: factor.levels[i].clone(),
                // Its size only when the small-group rule allows it.
                n: vertelpunt_model::disclosure::count(n as i64).map(|_| n),
            });
        }
    }
    (tested, small)
}

/// "'Vraag: optie'" for sentences.
pub fn level_phrase(factor: &Factor, level: usize) -> Text {
    let l = &factor.levels[level];
    if factor.option.is_some() {
        // Levels of one option already name it.
        return l.clone();
    }
    Text::new(
        format!("'{}: {}'", factor.label.nl, l.nl),
        format!("'{}: {}'", factor.label.en, l.en),
    )
}

/// The reason a pattern was not tested because its groups are too small.
pub fn too_small(preset: &Preset) -> (String, String) {
    (
        format!(
            "minder dan twee groepen met minstens {} verhalen",
            preset.min_group_size
        ),
        format!(
            "fewer than two groups with at least {} stories",
            preset.min_group_size
        ),
    )
}
