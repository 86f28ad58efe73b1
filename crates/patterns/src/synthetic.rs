//! Synthetic datasets for tests and benchmarks: any number of stories and questions, either
//! pure noise or with known ("planted") relationships the evaluation must find.
//!
//! Planted relationships (when `planted` is set), by question id:
//! 1. `s0` (slider) rises with `c0` (scale): mean 20 + 15 per step;
//! 2. `s1` (slider) follows `s0` (rho ≈ 0.6);
//! 3. `s2` (slider) is lower when `k0` (single choice) is `b` (30 against 55);
//! 4. `k1` (single choice) depends on the role: youth choose `a` far more often;
//! 5. `t0` (triad) leans towards its first corner when `c0` is high;
//! 6. `s3` (slider) rises over the year (submission date);
//! 7. stories with `c0` at its top option use the word "gehoord" far more.
//!
//! Everything else is independent noise. Deterministic for a seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use vertelpunt_model::{AnswerValue, Text};

use crate::dataset::{
    Dataset, DatasetBuilder, DatasetError, DatasetQuestion, OptionLabel, Shape, StoryRecord,
};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub stories: usize,
    pub sliders: usize,
    pub scales: usize,
    pub choices: usize,
    pub multiples: usize,
    pub triads: usize,
    pub planted: bool,
    pub seed: u64,
}

impl Spec {
    /// 30 signifier questions: 14 sliders, 5 scales, 6 single choices, 3 multiple choices, 2 triads.
    pub fn thirty(stories: usize, planted: bool, seed: u64) -> Spec {
        Spec {
            stories,
            sliders: 14,
            scales: 5,
            choices: 6,
            multiples: 3,
            triads: 2,
            planted,
            seed,
        }
    }
}

pub(crate) fn options(n: usize) -> Vec<OptionLabel> {
    (0..n)
        .map(|i| {
            let id = ((b'a' + i as u8) as char).to_string();
            OptionLabel {
                label: Text::new(format!("optie {id}"), format!("option {id}")),
                id,
            }
        })
        .collect()
}

pub(crate) fn question(id: String, shape: Shape) -> DatasetQuestion {
    DatasetQuestion {
        label: Text::new(format!("Vraag {id}"), format!("Question {id}")),
        text: Text::new(format!("Vraag {id}?"), format!("Question {id}?")),
        questionnaire: "synthetisch".into(),
        id,
        shape,
    }
}

/// The questions of a spec.
pub fn questions(spec: &Spec) -> Vec<DatasetQuestion> {
    let mut out = Vec::new();
    for i in 0..spec.sliders {
        out.push(question(
            format!("s{i}"),
            Shape::Slider {
                left: Text::new("helemaal niet", "not at all"),
                right: Text::new("helemaal wel", "completely"),
            },
        ));
    }
    for i in 0..spec.scales {
        out.push(question(
            format!("c{i}"),
            Shape::Scale {
                options: options(5),
            },
        ));
    }
    for i in 0..spec.choices {
        out.push(question(
            format!("k{i}"),
            Shape::SingleChoice {
                options: options(4),
            },
        ));
    }
    for i in 0..spec.multiples {
        out.push(question(
            format!("m{i}"),
            Shape::MultipleChoice {
                options: options(4),
            },
        ));
    }
    for i in 0..spec.triads {
        out.push(question(
            format!("t{i}"),
            Shape::Triad {
                corners: [
                    Text::new("relatie", "relationship"),
                    Text::new("regels", "rules"),
                    Text::new("geld", "money"),
                ],
            },
        ));
    }
    out
}

const ROLES: [&str; 3] = ["jongere", "ouder", "professional"];
const REGIONS: [&str; 4] = ["JR01", "JR12", "JR27", "JR33"];

/// A synthetic story's record.
pub(crate) fn record(
    n: usize,
    submitted_at: i64,
    role: &str,
    region: String,
    body: String,
) -> StoryRecord {
    StoryRecord {
        id: format!("{n:08}"),
        collection_point: "synthetisch".into(),
        submitted_at,
        role: role.into(),
        region: Some(region),
        channel: None,
        source: "synthetic".into(),
        language: "nl".into(),
        complete: true,
        synthetic: true,
        title: None,
        body,
        themes: Vec::new(),
    }
}

/// Generates the dataset.
pub fn dataset(spec: &Spec) -> Result<Dataset, DatasetError> {
    let qs = questions(spec);
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let noise = Normal::new(0.0, 22.0).expect("valid");
    let vocabulary: Vec<String> = (0..300).map(|i| format!("woord{i}")).collect();
    let mut builder = DatasetBuilder::new(qs.clone());
    let start = 1_767_225_600i64; // 2026-01-01
    let mut answers: Vec<Option<AnswerValue>> = vec![None; qs.len()];
    let slider = |v: f64| AnswerValue::Slider {
        value: v.round().clamp(0.0, 100.0) as i32,
    };
    for n in 0..spec.stories {
        let role = ROLES[rng.random_range(0..3)];
        let day = rng.random_range(0..365i64);
        let c0: usize = rng.random_range(0..5);
        let mut s0 = 0.0;
        for (i, q) in qs.iter().enumerate() {
            let r: f64 = rng.random();
            answers[i] = if r < 0.05 {
                None
            } else if r < 0.07 && matches!(q.shape, Shape::Slider { .. } | Shape::Triad { .. }) {
                Some(AnswerValue::NotApplicable)
            } else {
                let id = q.id.as_str();
                let planted = spec.planted;
                Some(match &q.shape {
                    Shape::Slider { .. } => {
                        let base = match id {
                            "s0" if planted => 20.0 + 15.0 * c0 as f64,
                            "s1" if planted => 15.0 + 0.7 * s0,
                            "s3" if planted => 30.0 + 40.0 * day as f64 / 365.0,
                            _ => 50.0,
                        };
                        let value = base + noise.sample(&mut rng);
                        if id == "s0" {
                            s0 = value.clamp(0.0, 100.0);
                        }
                        slider(value)
                    }
                    Shape::Scale { options } => {
                        let pick = if id == "c0" {
                            c0
                        } else {
                            rng.random_range(0..options.len())
                        };
                        AnswerValue::Scale {
                            option: options[pick].id.clone(),
                        }
                    }
                    Shape::SingleChoice { options } => {
                        let pick = if planted
                            && id == "k1"
                            && role == "jongere"
                            && rng.random::<f64>() < 0.6
                        {
                            0
                        } else {
                            rng.random_range(0..options.len())
                        };
                        AnswerValue::SingleChoice {
                            option: options[pick].id.clone(),
                        }
                    }
                    Shape::MultipleChoice { options } => AnswerValue::MultipleChoice {
                        options: options
                            .iter()
                            .filter(|_| rng.random::<f64>() < 0.3)
                            .map(|o| o.id.clone())
                            .collect(),
                    },
                    Shape::Triad { .. } => {
                        let lean = if planted && id == "t0" {
                            c0 as f64 * 0.6
                        } else {
                            0.0
                        };
                        let w = [
                            rng.random::<f64>() + lean,
                            rng.random::<f64>(),
                            rng.random::<f64>(),
                        ];
                        let total: f64 = w.iter().sum();
                        AnswerValue::Triad {
                            shares: [
                                w[0] / total * 100.0,
                                w[1] / total * 100.0,
                                w[2] / total * 100.0,
                            ],
                        }
                    }
                })
            };
        }
        if spec.planted {
            // Plant 3: k0 = b lowers s2.
            let k0 = qs.iter().position(|q| q.id == "k0");
            let s2 = qs.iter().position(|q| q.id == "s2");
            if let (Some(k0), Some(s2)) = (k0, s2) {
                if let (
                    Some(AnswerValue::SingleChoice { option }),
                    Some(AnswerValue::Slider { .. }),
                ) = (&answers[k0], &answers[s2])
                {
                    if option == "b" {
                        answers[s2] = Some(slider(30.0 + noise.sample(&mut rng)));
                    }
                }
            }
        }
        let words = 25 + rng.random_range(0..20);
        let mut body = String::with_capacity(words * 8);
        for w in 0..words {
            if w > 0 {
                body.push(' ');
            }
            body.push_str(&vocabulary[rng.random_range(0..vocabulary.len())]);
        }
        if spec.planted && c0 == 4 {
            body.push_str(" gehoord gehoord");
        }
        let submitted_at = start + day * 86_400 + rng.random_range(0..86_400);
        let region = REGIONS[rng.random_range(0..REGIONS.len())].to_string();
        let record = record(n, submitted_at, role, region, body);
        builder.push(record, |i| answers[i].take());
    }
    builder.finish()
}
