//! Triads: the geometric-mean centre (the centre of compositional data, Aitchison 1986) and
//! the zones of a triad against a choice.

use super::table::factor_by_factor;
use crate::pattern::{Family, Pattern};
use crate::preset::Preset;
use crate::stats::MISSING;
use crate::variables::{Factor, Triad};

/// The closed geometric mean of triad answers (shares 0–100), as shares summing to 100. A zero
/// share is replaced by 0.5 (half the smallest step of the form) before taking logarithms.
pub fn geometric_centre<'a>(answers: impl Iterator<Item = &'a [f64; 3]>) -> Option<[f64; 3]> {
    let mut sums = [0.0f64; 3];
    let mut n = 0u64;
    for a in answers {
        for (s, v) in sums.iter_mut().zip(a) {
            *s += v.max(0.5).ln();
        }
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let g: Vec<f64> = sums.iter().map(|s| (s / n as f64).exp()).collect();
    let total: f64 = g.iter().sum();
    Some([
        g[0] / total * 100.0,
        g[1] / total * 100.0,
        g[2] / total * 100.0,
    ])
}

/// The zones of `triad` across the levels of `factor`, with the centre of every group.
pub fn triad_by_factor(triad: &Triad, factor: &Factor, preset: &Preset) -> Pattern {
    let mut pattern = factor_by_factor(factor, &triad.zones, preset, Family::Triad);
    for group in &mut pattern.groups {
        let Some(level) = factor.level_ids.iter().position(|id| *id == group.id) else {
            continue;
        };
        group.centre = geometric_centre(
            triad
                .shares
                .iter()
                .zip(&factor.codes)
                .filter(|(_, &c)| c != MISSING && c as usize == level)
                .filter_map(|(s, _)| s.as_ref()),
        );
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_centre_of_equal_answers_is_that_answer() {
        let answers = [[20.0, 30.0, 50.0], [20.0, 30.0, 50.0]];
        let c = geometric_centre(answers.iter()).unwrap();
        assert!((c[0] - 20.0).abs() < 1e-9 && (c[2] - 50.0).abs() < 1e-9);
    }
}
