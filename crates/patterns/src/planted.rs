//! The recall check: datasets with one effect planted per family, each a quarter above the
//! "medium" threshold of its own measure, and the same datasets without them (the null).
//!
//! An analyst reads a missing pattern as "it is not there". The check measures how often the
//! evaluation finds what was planted — at 1,000 and 5,000 stories, 5 seeded replicates each —
//! and that pure noise gives no strong pattern at all (`cargo test --workspace --test patterns
//! recall`; the method is in `analysis/crosscheck/README.md`).
//!
//! Every story answers 21 questions and has a role (3), one of 12 regions and a date. Beside
//! the planted pairs there are 6 noise sliders, 2 scales, 2 choices and a multiple choice, so
//! the Benjamini-Hochberg correction runs over several hundred tests as in a real run.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use vertelpunt_model::{AnswerValue, Text};

use crate::dataset::{Dataset, DatasetBuilder, DatasetError, DatasetQuestion, Shape};
use crate::pattern::{Family, Pattern};
use crate::preset::Preset;
use crate::stats::dist::normal_sf;
use crate::synthetic::{options, question, record};

/// One planted effect: where it is and how the evaluation should see it.
#[derive(Debug, Clone, Copy)]
pub struct Planted {
    pub name: &'static str,
    pub family: Family,
    /// The two questions (or story fields) of the pattern; for key words the word.
    pub questions: [&'static str; 2],
}

/// The planted effects, one per family (two kinds of table).
pub const PLANTED: [Planted; 9] = [
    Planted {
        name: "slider by a two-option choice (Mann-Whitney, rank-biserial r)",
        family: Family::NumericByGroup,
        questions: ["s1", "k1"],
    },
    Planted {
        name: "slider higher for one role (Kruskal-Wallis, ε²)",
        family: Family::NumericByGroup,
        questions: ["s2", "@rol"],
    },
    Planted {
        name: "choice × choice (χ², Cramér's V)",
        family: Family::ChoiceByChoice,
        questions: ["k2", "k3"],
    },
    Planted {
        name: "choice × choice in a sparse table (Monte-Carlo p, Cramér's V)",
        family: Family::ChoiceByChoice,
        questions: ["k4", "k5"],
    },
    Planted {
        name: "slider × slider (Spearman's ρ)",
        family: Family::NumericByNumeric,
        questions: ["s3", "s4"],
    },
    Planted {
        name: "slider over time (Spearman's ρ with the date)",
        family: Family::OverTime,
        questions: ["@datum", "s5"],
    },
    Planted {
        name: "triad by choice (χ² of the zones, Cramér's V)",
        family: Family::Triad,
        questions: ["t1", "k6"],
    },
    Planted {
        name: "three regions against the rest on a slider (subgroup, rank-biserial r)",
        family: Family::Subgroup,
        questions: ["s6", ""],
    },
    Planted {
        name: "a word youth use more often (keyness, log ratio)",
        family: Family::Words,
        questions: ["gehoord", ""],
    },
];

/// The subgroup of the check: three of the 12 regions (a quarter of the stories).
pub const SUBGROUP: &str = "region=JR07,JR08,JR09";
const SUBGROUP_REGIONS: [&str; 3] = ["JR07", "JR08", "JR09"];

impl Planted {
    /// Whether `pattern` is this planted effect's pattern.
    pub fn is(&self, pattern: &Pattern) -> bool {
        if pattern.family != self.family {
            return false;
        }
        match self.family {
            Family::Words => {
                pattern.word.as_deref() == Some(self.questions[0])
                    && pattern.questions.iter().any(|q| q.contains("jongere"))
            }
            Family::Subgroup => pattern.questions.iter().any(|q| q == self.questions[0]),
            _ => self
                .questions
                .iter()
                .all(|q| pattern.questions.iter().any(|p| p == q)),
        }
    }
}

/// The standard normal quantile, by bisection of `normal_sf` (to 1e-12; for the generator).
fn probit(p: f64) -> f64 {
    let (mut lo, mut hi) = (-10.0f64, 10.0f64);
    while hi - lo > 1e-12 {
        let mid = 0.5 * (lo + hi);
        if 1.0 - normal_sf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The effect sizes to plant: a quarter above the preset's "medium" of each measure.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Shift in standard deviations giving rank-biserial r = 1.25 × medium:
    /// r = 2Φ(d/√2) − 1, so d = √2 Φ⁻¹((1 + r) / 2).
    pub shift_two: f64,
    /// Shift of one of three equal groups giving ε² = 1.25 × medium: for ranks,
    /// ε² ≈ 12 p(1 − p)(θ − ½)² with θ = Φ(d/√2) and p = ⅓.
    pub shift_one_of_three: f64,
    /// Copy probability λ of a 3 × 3 table with uniform margins: V = λ; target
    /// 1.25 × medium / √(3 − 1).
    pub copy_three: f64,
    /// Pearson r of normal scores giving Spearman ρ = 1.25 × medium: ρ = (6/π) asin(r/2).
    pub normal_r: f64,
    /// Cramér's V for the sparse 4 × 5 table: 1.25 × medium / √(4 − 1).
    pub sparse_v: f64,
    /// log2 of how much more often the group uses the word: 1.25 × medium.
    pub log_ratio: f64,
}

impl Sizes {
    pub fn of(preset: &Preset) -> Sizes {
        let e = &preset.effect;
        let rb = 1.25 * e.rank_biserial.medium;
        let eps = 1.25 * e.epsilon_squared.medium;
        let p = 1.0 / 3.0;
        let theta = 0.5 + (eps / (12.0 * p * (1.0 - p))).sqrt();
        let rho = 1.25 * e.rho.medium;
        Sizes {
            shift_two: 2f64.sqrt() * probit((1.0 + rb) / 2.0),
            shift_one_of_three: 2f64.sqrt() * probit(theta),
            copy_three: 1.25 * e.cramers_v.medium / 2f64.sqrt(),
            normal_r: 2.0 * (std::f64::consts::PI * rho / 6.0).sin(),
            sparse_v: 1.25 * e.cramers_v.medium / 3f64.sqrt(),
            log_ratio: 1.25 * e.log_ratio.medium,
        }
    }
}

/// The sparse table: `k4` has two common options and two rare ones of exactly 22 stories each
/// (at any size, so half of the expected counts stay below 5 and the p is Monte-Carlo);
/// `k5` has five options. With probability λ, `k5` is the option of the same index as `k4`,
/// else uniform.
const SPARSE_RARE: u64 = 22;

/// Cramér's V (no bias correction) of a joint distribution, row-major.
fn population_v(joint: &[f64], rows: usize, columns: usize) -> f64 {
    let row: Vec<f64> = (0..rows)
        .map(|r| joint[r * columns..(r + 1) * columns].iter().sum())
        .collect();
    let col: Vec<f64> = (0..columns)
        .map(|c| (0..rows).map(|r| joint[r * columns + c]).sum())
        .collect();
    let mut phi2 = 0.0;
    for r in 0..rows {
        for c in 0..columns {
            let e = row[r] * col[c];
            if e > 0.0 {
                phi2 += (joint[r * columns + c] - e).powi(2) / e;
            }
        }
    }
    (phi2 / (rows.min(columns) - 1) as f64).sqrt()
}

/// The joint distribution of the sparse table at `stories` for copy probability `lambda`.
fn sparse_joint(stories: usize, lambda: f64) -> Vec<f64> {
    let rare = SPARSE_RARE as f64 / stories as f64;
    let row = [0.5 - rare, 0.5 - rare, rare, rare];
    let mut joint = vec![0.0; 20];
    for (r, &share) in row.iter().enumerate() {
        for c in 0..5 {
            let copy = if c == r { lambda } else { 0.0 };
            joint[r * 5 + c] = share * (copy + (1.0 - lambda) / 5.0);
        }
    }
    joint
}

/// The copy probability that gives the sparse table the wanted V at `stories`.
fn sparse_copy(stories: usize, v: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if population_v(&sparse_joint(stories, mid), 4, 5) < v {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

fn questions() -> Vec<DatasetQuestion> {
    let slider = |id: &str| {
        question(
            id.into(),
            Shape::Slider {
                left: Text::new("helemaal niet", "not at all"),
                right: Text::new("helemaal wel", "completely"),
            },
        )
    };
    let choice = |id: &str, n: usize| {
        question(
            id.into(),
            Shape::SingleChoice {
                options: options(n),
            },
        )
    };
    let mut qs: Vec<DatasetQuestion> = (1..=6).map(|i| slider(&format!("s{i}"))).collect();
    qs.extend((0..6).map(|i| slider(&format!("n{i}"))));
    qs.push(choice("k1", 2));
    qs.push(choice("k2", 3));
    qs.push(choice("k3", 3));
    qs.push(choice("k4", 4));
    qs.push(choice("k5", 5));
    qs.push(choice("k6", 3));
    qs.push(choice("k7", 4));
    qs.push(choice("k8", 4));
    for i in 0..2 {
        qs.push(question(
            format!("c{i}"),
            Shape::Scale {
                options: options(5),
            },
        ));
    }
    qs.push(question(
        "m0".into(),
        Shape::MultipleChoice {
            options: options(4),
        },
    ));
    qs.push(question(
        "t1".into(),
        Shape::Triad {
            corners: [
                Text::new("relatie", "relationship"),
                Text::new("regels", "rules"),
                Text::new("geld", "money"),
            ],
        },
    ));
    qs
}

const ROLES: [&str; 3] = ["jongere", "ouder", "professional"];

/// A dataset of `stories` stories with every effect of [`PLANTED`] (or none: the null).
/// Deterministic for a seed.
pub fn dataset(
    stories: usize,
    planted: bool,
    seed: u64,
    preset: &Preset,
) -> Result<Dataset, DatasetError> {
    let sizes = Sizes::of(preset);
    let on = if planted { 1.0 } else { 0.0 };
    let qs = questions();
    let index = |id: &str| {
        qs.iter()
            .position(|q| q.id == id)
            .expect("a question of the check")
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = |rng: &mut ChaCha8Rng| -> f64 { StandardNormal.sample(rng) };
    let slider = |z: f64| AnswerValue::Slider {
        value: (50.0 + 15.0 * z).round().clamp(0.0, 100.0) as i32,
    };
    let option = |i: usize| AnswerValue::SingleChoice {
        option: ((b'a' + i as u8) as char).to_string(),
    };
    let sparse_lambda = if planted {
        sparse_copy(stories, sizes.sparse_v)
    } else {
        0.0
    };
    let rare_every = (stories as u64 / (2 * SPARSE_RARE)).max(1);
    let r = sizes.normal_r * on;
    let word_rate = 0.01;
    let vocabulary: Vec<String> = (0..300).map(|i| format!("woord{i}")).collect();
    let mut builder = DatasetBuilder::new(qs.clone());
    let start = 1_767_225_600i64; // 2026-01-01
    let mut answers: Vec<Option<AnswerValue>> = vec![None; qs.len()];
    for n in 0..stories {
        let role = rng.random_range(0..3usize);
        let region = format!("JR{:02}", rng.random_range(1..=12));
        let day = rng.random_range(0..365i64);
        for a in answers.iter_mut() {
            *a = None;
        }
        // Noise: sliders (5 % unanswered), scales, choices, a multiple choice.
        for i in 0..6 {
            if rng.random::<f64>() >= 0.05 {
                answers[index(&format!("n{i}"))] = Some(slider(normal(&mut rng)));
            }
        }
        for (id, k) in [("k7", 4), ("k8", 4)] {
            answers[index(id)] = Some(option(rng.random_range(0..k)));
        }
        for id in ["c0", "c1"] {
            answers[index(id)] = Some(AnswerValue::Scale {
                option: ((b'a' + rng.random_range(0..5u8)) as char).to_string(),
            });
        }
        answers[index("m0")] = Some(AnswerValue::MultipleChoice {
            options: ["a", "b", "c", "d"]
                .iter()
                .filter(|_| rng.random::<f64>() < 0.3)
                .map(|o| o.to_string())
                .collect(),
        });
        // 1. A two-option choice shifts a slider.
        let k1 = rng.random_range(0..2usize);
        answers[index("k1")] = Some(option(k1));
        let shift = if k1 == 0 { sizes.shift_two * on } else { 0.0 };
        answers[index("s1")] = Some(slider(normal(&mut rng) + shift));
        // 2. Youth lie higher on a slider.
        let shift = if role == 0 {
            sizes.shift_one_of_three * on
        } else {
            0.0
        };
        answers[index("s2")] = Some(slider(normal(&mut rng) + shift));
        // 3. Two choices go together (copy with probability λ, else independent).
        let k2 = rng.random_range(0..3usize);
        let k3 = if rng.random::<f64>() < sizes.copy_three * on {
            k2
        } else {
            rng.random_range(0..3usize)
        };
        answers[index("k2")] = Some(option(k2));
        answers[index("k3")] = Some(option(k3));
        // 4. The sparse table: two rare options of exactly 22 stories each.
        let k4 = match n as u64 % rare_every {
            0 if (n as u64 / rare_every) < 2 * SPARSE_RARE => {
                2 + (n as u64 / rare_every % 2) as usize
            }
            _ => rng.random_range(0..2usize),
        };
        let k5 = if rng.random::<f64>() < sparse_lambda {
            k4
        } else {
            rng.random_range(0..5usize)
        };
        answers[index("k4")] = Some(option(k4));
        answers[index("k5")] = Some(option(k5));
        // 5. Two sliders go together.
        let z = normal(&mut rng);
        answers[index("s3")] = Some(slider(z));
        answers[index("s4")] = Some(slider(r * z + (1.0 - r * r).sqrt() * normal(&mut rng)));
        // 6. A slider rises over the year.
        let z_day = probit((day as f64 + 0.5) / 365.0);
        answers[index("s5")] = Some(slider(r * z_day + (1.0 - r * r).sqrt() * normal(&mut rng)));
        // 7. A triad leans to the corner of the choice's option.
        let k6 = rng.random_range(0..3usize);
        let corner = if rng.random::<f64>() < sizes.copy_three * on {
            k6
        } else {
            rng.random_range(0..3usize)
        };
        let top = 70.0 + 20.0 * rng.random::<f64>();
        let split = rng.random::<f64>();
        let mut shares = [0.0; 3];
        shares[corner] = top;
        shares[(corner + 1) % 3] = (100.0 - top) * split;
        shares[(corner + 2) % 3] = (100.0 - top) * (1.0 - split);
        answers[index("k6")] = Some(option(k6));
        answers[index("t1")] = Some(AnswerValue::Triad { shares });
        // 8. One region lies higher on a slider.
        let shift = if SUBGROUP_REGIONS.contains(&region.as_str()) {
            sizes.shift_two * on
        } else {
            0.0
        };
        answers[index("s6")] = Some(slider(normal(&mut rng) + shift));
        // 9. Youth use a word more often.
        let rate = if role == 0 {
            word_rate * 2f64.powf(sizes.log_ratio * on)
        } else {
            word_rate
        };
        let words = 30 + rng.random_range(0..10);
        let mut body = String::with_capacity(words * 9);
        for w in 0..words {
            if w > 0 {
                body.push(' ');
            }
            if rng.random::<f64>() < rate {
                body.push_str("gehoord");
            } else {
                body.push_str(&vocabulary[rng.random_range(0..vocabulary.len())]);
            }
        }
        let submitted_at = start + day * 86_400 + rng.random_range(0..86_400);
        let record = record(n, submitted_at, ROLES[role], region, body);
        builder.push(record, |i| answers[i].take());
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_planted_sizes_are_a_quarter_above_medium_in_each_measure() {
        let preset = Preset::standard();
        let e = &preset.effect;
        let s = Sizes::of(&preset);
        let phi = |d: f64| 1.0 - normal_sf(d / 2f64.sqrt());
        assert!((2.0 * phi(s.shift_two) - 1.0 - 1.25 * e.rank_biserial.medium).abs() < 1e-9);
        let p = 1.0f64 / 3.0;
        let eps = 12.0 * p * (1.0 - p) * (phi(s.shift_one_of_three) - 0.5).powi(2);
        assert!((eps - 1.25 * e.epsilon_squared.medium).abs() < 1e-9);
        let rho = 6.0 / std::f64::consts::PI * (s.normal_r / 2.0).asin();
        assert!((rho - 1.25 * e.rho.medium).abs() < 1e-9);
        for stories in [1_000, 5_000] {
            let v = population_v(
                &sparse_joint(stories, sparse_copy(stories, s.sparse_v)),
                4,
                5,
            );
            assert!((v - s.sparse_v).abs() < 1e-9, "{stories}: {v}");
        }
        assert!((probit(0.975) - 1.959963984540054).abs() < 1e-9);
    }
}
