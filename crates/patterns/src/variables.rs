//! The variables of an evaluation, coded for counting: numeric answers as indices into their
//! sorted distinct values, categorical answers as level indices, triads as shares and zones.

use vertelpunt_model::{Role, Text};

use crate::dataset::{answer_columns, story_columns as sc, Dataset, DatasetError, Shape};
use crate::preset::Preset;
use crate::stats::MISSING;

/// Pseudo question ids of story fields that take part like questions.
pub mod pseudo {
    pub const ROLE: &str = "@rol";
    pub const REGION: &str = "@regio";
    pub const DATE: &str = "@datum";
}

/// What a numeric variable measures, for sentences and charts.
#[derive(Debug, Clone, PartialEq)]
pub enum Scale {
    /// A bipolar slider 0–100.
    Slider { left: Text, right: Text },
    /// The positions 1…k of a scale's options.
    Ordinal { options: Vec<Text> },
    /// Days since 1970-01-01.
    Days,
}

/// A numeric variable.
#[derive(Debug, Clone)]
pub struct Numeric {
    pub question: String,
    pub label: Text,
    pub scale: Scale,
    /// Sorted distinct values.
    pub values: Vec<f64>,
    /// Per story: index into `values`, or `MISSING`.
    pub codes: Vec<u32>,
    pub not_applicable: u64,
}

/// A categorical variable.
#[derive(Debug, Clone)]
pub struct Factor {
    pub question: String,
    /// For one option of a multiple choice: that option (levels are "not picked", "picked").
    pub option: Option<String>,
    pub label: Text,
    pub level_ids: Vec<String>,
    pub levels: Vec<Text>,
    /// Per story: level index or `MISSING`.
    pub codes: Vec<u32>,
    pub not_applicable: u64,
    /// A scale's options are ordered.
    pub ordered: bool,
}

impl Factor {
    /// Stories per level.
    pub fn counts(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.levels.len()];
        for &c in &self.codes {
            if c != MISSING {
                counts[c as usize] += 1;
            }
        }
        counts
    }

    /// A stable key: the question, and the option for a multiple choice.
    pub fn key(&self) -> String {
        match &self.option {
            Some(o) => format!("{}={o}", self.question),
            None => self.question.clone(),
        }
    }
}

/// A triad: shares per story and the zone factor.
#[derive(Debug, Clone)]
pub struct Triad {
    pub question: String,
    pub label: Text,
    pub corners: [Text; 3],
    /// Per story the three shares, or `None`.
    pub shares: Vec<Option<[f64; 3]>>,
    pub zones: Factor,
    pub not_applicable: u64,
}

/// Every variable of the selection.
#[derive(Debug, Clone)]
pub struct Variables {
    pub stories: usize,
    pub numerics: Vec<Numeric>,
    pub factors: Vec<Factor>,
    pub triads: Vec<Triad>,
    pub date: Numeric,
    /// Story bodies, for keyness.
    pub bodies: Vec<String>,
    /// Each story's language code, for its stop words.
    pub languages: Vec<String>,
}

/// Codes numbers into indices of their sorted distinct values.
pub fn code_numbers(raw: &[Option<f64>]) -> (Vec<f64>, Vec<u32>) {
    let mut values: Vec<f64> = raw
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let codes = if values.len() <= 4096 && values.iter().all(|v| v.fract() == 0.0 && *v >= 0.0) {
        // Whole numbers in a small range (sliders, scales): a lookup table.
        let max = values.last().copied().unwrap_or(0.0) as usize;
        let mut lookup = vec![MISSING; max + 1];
        for (i, v) in values.iter().enumerate() {
            lookup[*v as usize] = i as u32;
        }
        raw.iter()
            .map(|v| match v {
                Some(v) if v.is_finite() => lookup[*v as usize],
                _ => MISSING,
            })
            .collect()
    } else {
        raw.iter()
            .map(|v| match v {
                Some(v) if v.is_finite() => values
                    .binary_search_by(|probe| probe.total_cmp(v))
                    .map(|i| i as u32)
                    .unwrap_or(MISSING),
                _ => MISSING,
            })
            .collect()
    };
    (values, codes)
}

fn code_levels(raw: &[Option<String>], ids: &[String]) -> Vec<u32> {
    raw.iter()
        .map(|v| {
            v.as_ref()
                .and_then(|v| ids.iter().position(|id| id == v))
                .map_or(MISSING, |i| i as u32)
        })
        .collect()
}

fn count_true(flags: &[Option<bool>]) -> u64 {
    flags.iter().filter(|f| **f == Some(true)).count() as u64
}

/// The zone of a triad answer: 0–2 a corner, 3–5 the edge opposite corner 0–2 (between the
/// other two), 6 the centre.
pub fn triad_zone(shares: [f64; 3], preset: &Preset) -> u32 {
    if let Some(corner) = (0..3).find(|&i| shares[i] >= preset.triad_corner) {
        return corner as u32;
    }
    let (smallest, _) =
        shares.iter().enumerate().fold(
            (0, f64::INFINITY),
            |best, (i, &s)| if s < best.1 { (i, s) } else { best },
        );
    if shares[smallest] < preset.triad_edge {
        3 + smallest as u32
    } else {
        6
    }
}

fn zone_labels(corners: &[Text; 3]) -> Vec<Text> {
    let mut labels: Vec<Text> = corners
        .iter()
        .map(|c| Text::new(format!("vooral {}", c.nl), format!("mostly {}", c.en)))
        .collect();
    for opposite in 0..3 {
        let (a, b) = ((opposite + 1) % 3, (opposite + 2) % 3);
        labels.push(Text::new(
            format!("{} en {}", corners[a].nl, corners[b].nl),
            format!("{} and {}", corners[a].en, corners[b].en),
        ));
    }
    labels.push(Text::new("midden", "centre"));
    labels
}

impl Variables {
    /// Codes every variable of the dataset.
    pub fn of(dataset: &Dataset, preset: &Preset) -> Result<Variables, DatasetError> {
        let stories = dataset.len();
        let mut numerics = Vec::new();
        let mut factors = Vec::new();
        let mut triads = Vec::new();
        for q in &dataset.questions {
            let nvt = count_true(&dataset.booleans(&answer_columns::not_applicable(&q.id))?);
            match &q.shape {
                Shape::Slider { left, right } => {
                    let (values, codes) = code_numbers(&dataset.floats(&q.id)?);
                    numerics.push(Numeric {
                        question: q.id.clone(),
                        label: q.label.clone(),
                        scale: Scale::Slider {
                            left: left.clone(),
                            right: right.clone(),
                        },
                        values,
                        codes,
                        not_applicable: nvt,
                    });
                }
                Shape::Scale { options } | Shape::SingleChoice { options } => {
                    let ids: Vec<String> = options.iter().map(|o| o.id.clone()).collect();
                    let codes = code_levels(&dataset.strings(&q.id)?, &ids);
                    let ordered = matches!(q.shape, Shape::Scale { .. });
                    let labels: Vec<Text> = options.iter().map(|o| o.label.clone()).collect();
                    if ordered {
                        numerics.push(Numeric {
                            question: q.id.clone(),
                            label: q.label.clone(),
                            scale: Scale::Ordinal {
                                options: labels.clone(),
                            },
                            values: (1..=options.len()).map(|p| p as f64).collect(),
                            codes: codes.clone(),
                            not_applicable: nvt,
                        });
                    }
                    factors.push(Factor {
                        question: q.id.clone(),
                        option: None,
                        label: q.label.clone(),
                        level_ids: ids,
                        levels: labels,
                        codes,
                        not_applicable: nvt,
                        ordered,
                    });
                }
                Shape::MultipleChoice { options } => {
                    for o in options {
                        let picked = dataset.booleans(&answer_columns::option(&q.id, &o.id))?;
                        factors.push(Factor {
                            question: q.id.clone(),
                            option: Some(o.id.clone()),
                            label: Text::new(
                                format!("{}: {}", q.label.nl, o.label.nl),
                                format!("{}: {}", q.label.en, o.label.en),
                            ),
                            level_ids: vec!["nee".into(), "ja".into()],
                            // Levels that read as a whole phrase in a sentence ("… with
                            // 'Italy' not ticked"), never a bare "not 'Italy'".
                            levels: vec![
                                Text::new(
                                    format!("'{}' niet gekozen", o.label.nl),
                                    format!("'{}' not ticked", o.label.en),
                                ),
                                Text::new(
                                    format!("'{}' gekozen", o.label.nl),
                                    format!("'{}' ticked", o.label.en),
                                ),
                            ],
                            codes: picked
                                .iter()
                                .map(|p| p.map_or(MISSING, u32::from))
                                .collect(),
                            not_applicable: 0,
                            ordered: false,
                        });
                    }
                }
                Shape::Triad { corners } => {
                    let columns: Vec<Vec<Option<f64>>> = (0..3)
                        .map(|c| dataset.floats(&answer_columns::triad(&q.id, c)))
                        .collect::<Result<_, _>>()?;
                    let shares: Vec<Option<[f64; 3]>> = (0..stories)
                        .map(|i| match (columns[0][i], columns[1][i], columns[2][i]) {
                            (Some(a), Some(b), Some(c)) => Some([a, b, c]),
                            _ => None,
                        })
                        .collect();
                    let labels = zone_labels(corners);
                    triads.push(Triad {
                        question: q.id.clone(),
                        label: q.label.clone(),
                        corners: corners.clone(),
                        zones: Factor {
                            question: q.id.clone(),
                            option: None,
                            label: q.label.clone(),
                            level_ids: (0..labels.len()).map(|z| format!("zone{z}")).collect(),
                            levels: labels,
                            codes: shares
                                .iter()
                                .map(|s| s.map_or(MISSING, |s| triad_zone(s, preset)))
                                .collect(),
                            not_applicable: nvt,
                            ordered: false,
                        },
                        shares,
                        not_applicable: nvt,
                    });
                }
            }
        }
        let roles: Vec<Role> = vec![Role::Jongere, Role::Ouder, Role::Professional];
        let role_ids: Vec<String> = roles.iter().map(|r| r.code().to_string()).collect();
        factors.push(Factor {
            question: pseudo::ROLE.into(),
            option: None,
            label: Text::new("Rol van de verteller", "Role of the teller"),
            codes: code_levels(&dataset.strings(sc::ROLE)?, &role_ids),
            level_ids: role_ids,
            levels: roles.iter().map(|r| r.label()).collect(),
            not_applicable: 0,
            ordered: false,
        });
        let regions = vertelpunt_model::regions::jeugdregios();
        let region_ids: Vec<String> = regions.iter().map(|r| r.code.clone()).collect();
        factors.push(Factor {
            question: pseudo::REGION.into(),
            option: None,
            label: Text::new("Jeugdregio", "Youth-care region"),
            codes: code_levels(&dataset.strings(sc::REGION)?, &region_ids),
            level_ids: region_ids,
            levels: regions
                .iter()
                .map(|r| Text::new(r.name.clone(), r.name.clone()))
                .collect(),
            not_applicable: 0,
            ordered: false,
        });
        let days: Vec<Option<f64>> = dataset
            .integers(sc::SUBMITTED_AT)?
            .iter()
            .map(|s| s.map(|s| s.div_euclid(86_400) as f64))
            .collect();
        let (values, codes) = code_numbers(&days);
        let date = Numeric {
            question: pseudo::DATE.into(),
            label: Text::new("Datum van insturen", "Date submitted"),
            scale: Scale::Days,
            values,
            codes,
            not_applicable: 0,
        };
        let bodies = dataset
            .strings(sc::BODY)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let languages = dataset
            .strings(sc::LANGUAGE)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        Ok(Variables {
            stories,
            numerics,
            factors,
            triads,
            date,
            bodies,
            languages,
        })
    }
}
