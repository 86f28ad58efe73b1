//! Presets: the thresholds of an evaluation, from `analysis/presets/*.toml`.

use serde::{Deserialize, Serialize};

/// The presets shipped in `analysis/presets/`.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "standaard",
        include_str!("../../../analysis/presets/standaard.toml"),
    ),
    (
        "verkennend",
        include_str!("../../../analysis/presets/verkennend.toml"),
    ),
];

/// How big an effect is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Magnitude {
    Negligible,
    Small,
    Medium,
    Large,
}

/// The limits of one effect-size measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub small: f64,
    pub medium: f64,
    pub large: f64,
}

impl Thresholds {
    /// The magnitude of `|value|`.
    pub fn magnitude(&self, value: f64) -> Magnitude {
        let v = value.abs();
        if v >= self.large {
            Magnitude::Large
        } else if v >= self.medium {
            Magnitude::Medium
        } else if v >= self.small {
            Magnitude::Small
        } else {
            Magnitude::Negligible
        }
    }

    /// These thresholds divided by `factor` (Cramér's V for tables wider than two).
    pub fn scaled(&self, factor: f64) -> Thresholds {
        Thresholds {
            small: self.small / factor,
            medium: self.medium / factor,
            large: self.large / factor,
        }
    }
}

/// The thresholds per effect-size measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectThresholds {
    pub epsilon_squared: Thresholds,
    pub rank_biserial: Thresholds,
    pub cramers_v: Thresholds,
    pub rho: Thresholds,
    pub log_ratio: Thresholds,
}

/// A preset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub name: String,
    pub description: String,
    /// The smallest group a test compares (a statistical minimum, 20 in the shipped presets).
    /// What may be *shown* of a group is the small-group rule of
    /// [`vertelpunt_model::disclosure`], whatever this is set to.
    pub min_group_size: u64,
    pub q_threshold: f64,
    pub strong_from: Magnitude,
    pub pole_width: f64,
    pub skewness_flag: f64,
    pub bimodality_flag: f64,
    pub triad_corner: f64,
    pub triad_edge: f64,
    /// Random tables drawn for a Monte-Carlo p at first.
    pub monte_carlo_replicates: u32,
    /// Drawing stops once this many random tables reach the observed χ² (Besag & Clifford
    /// 1991): the p is then known to about ±1/√ of this, relatively.
    #[serde(default = "default_stop_after")]
    pub monte_carlo_stop_after: u32,
    /// A table whose p sits at the floor of `monte_carlo_replicates` while it could decide
    /// whether a pattern is strong is drawn further, tenfold at a time, up to this many tables.
    #[serde(default = "default_max_replicates")]
    pub monte_carlo_max_replicates: u64,
    pub seed: u64,
    pub words_min_count: u64,
    pub words_min_stories: u64,
    pub effect: EffectThresholds,
}

fn default_stop_after() -> u32 {
    20
}

fn default_max_replicates() -> u64 {
    1_000_000
}

/// A preset could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PresetError {
    #[error("there is no shipped preset '{0}' (shipped: standaard, verkennend)")]
    Unknown(String),
    #[error("{0}: {1}")]
    Invalid(String, String),
}

impl Preset {
    /// Parses a preset file's contents; `origin` names it in errors.
    pub fn parse(source: &str, origin: &str) -> Result<Preset, PresetError> {
        let preset: Preset = toml::from_str(source)
            .map_err(|e| PresetError::Invalid(origin.into(), e.to_string()))?;
        if preset.min_group_size < 2 {
            return Err(PresetError::Invalid(
                origin.into(),
                "min_group_size must be at least 2".into(),
            ));
        }
        if !(0.0..=1.0).contains(&preset.q_threshold) {
            return Err(PresetError::Invalid(
                origin.into(),
                "q_threshold must lie between 0 and 1".into(),
            ));
        }
        Ok(preset)
    }

    /// A shipped preset by name.
    pub fn shipped(name: &str) -> Result<Preset, PresetError> {
        let (_, source) = SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| PresetError::Unknown(name.into()))?;
        Preset::parse(source, name)
    }

    /// The default preset, "standaard".
    pub fn standard() -> Preset {
        Preset::shipped("standaard").expect("the shipped preset is valid")
    }

    /// Whether an effect of this magnitude with this q makes a strong pattern.
    pub fn is_strong(&self, q: f64, magnitude: Magnitude) -> bool {
        q <= self.q_threshold && magnitude >= self.strong_from
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_preset_reads() {
        for (name, _) in SHIPPED {
            assert_eq!(Preset::shipped(name).unwrap().name, *name);
        }
        assert!(matches!(Preset::shipped("x"), Err(PresetError::Unknown(_))));
    }

    /// The thresholds of every measure but keyness are Cohen's d = 0.2 / 0.5 / 0.8 between two
    /// equal normal groups, converted (METHODS.md), rounded to three decimals.
    #[test]
    fn every_threshold_is_the_same_cohens_d_converted_to_its_measure() {
        let anchor = [0.2, 0.5, 0.8];
        let r = |d: f64| d / (d * d + 4.0).sqrt();
        let rank_biserial = |d: f64| 1.0 - 2.0 * crate::stats::dist::normal_sf(d / 2f64.sqrt());
        for (name, _) in SHIPPED {
            let e = Preset::shipped(name).unwrap().effect;
            for (measure, thresholds, convert) in [
                (
                    "ε²",
                    e.epsilon_squared,
                    &(|d| r(d) * r(d)) as &dyn Fn(f64) -> f64,
                ),
                ("rank-biserial r", e.rank_biserial, &rank_biserial),
                ("Cramér's V", e.cramers_v, &r),
                ("ρ", e.rho, &r),
            ] {
                let got = [thresholds.small, thresholds.medium, thresholds.large];
                for (value, d) in got.iter().zip(anchor) {
                    assert!(
                        (value - convert(d)).abs() < 0.0006,
                        "{name}: {measure} {value} is not d = {d} ({})",
                        convert(d)
                    );
                }
            }
        }
    }

    #[test]
    fn magnitudes_follow_the_thresholds() {
        let p = Preset::standard();
        assert_eq!(p.effect.rho.magnitude(-0.35), Magnitude::Medium);
        assert_eq!(p.effect.rho.magnitude(0.05), Magnitude::Negligible);
        assert!(p.is_strong(0.01, Magnitude::Large));
        assert!(!p.is_strong(0.2, Magnitude::Large));
        assert!(!p.is_strong(0.001, Magnitude::Small));
    }
}
