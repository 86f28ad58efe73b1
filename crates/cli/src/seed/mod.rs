//! Realistic synthetic stories for demonstrations, development and benchmarks.
//!
//! Deterministic for a seed (ChaCha8, so the same seed gives the same stories on every
//! platform and release). Every story is marked synthetic and has source `seed-demo`.
//!
//! Planted relationships, for the pattern evaluation to find (`gevolgen` is the scale
//! "Dit was voor het kind/gezin", 1 zeer negatief … 5 zeer positief):
//! 1. `gehoord` rises with `gevolgen` (about 21 points per step);
//! 2. `juiste_hulp` rises with `gevolgen` (about 20 points per step);
//! 3. `op_tijd` is much lower when `soort_hulp` is `jeugd_ggz` (mean 22 against 50);
//! 4. `duidelijkheid` is higher for professionals (65) than parents (40) and youth (35);
//! 5. `zeggenschap` is lower for youth (25) than for the others (45);
//! 6. `gevoel` follows `gevolgen` (boos/machteloos when negative, opgelucht/blij when positive);
//! 7. `belangrijk` (triad) leans to "relatie" for positive and to "regels" for negative stories.
//!
//! Everything else is independent noise.

pub mod texts;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use vertelpunt_model::completeness::{is_complete, word_count};
use vertelpunt_model::identifying::find_identifying;
use vertelpunt_model::{AnswerValue, Lang, Question, QuestionKind, Questionnaire, Role};
use vertelpunt_store::stories::{NewAnswer, NewStory, StorySource};

/// A channel a synthetic story can arrive through.
#[derive(Debug, Clone)]
pub struct SeedChannel {
    pub code: &'static str,
    pub id: String,
}

/// Where generated stories go and what they answer.
pub struct SeedTarget {
    pub collection_point_id: String,
    pub core_version_id: String,
    pub core: Questionnaire,
    pub modules: Vec<(String, Questionnaire)>,
    pub channels: Vec<SeedChannel>,
    pub region_codes: Vec<String>,
    pub default_region: Option<String>,
}

/// The channel codes the generator uses, with labels.
pub const CHANNELS: &[(&str, &str)] = &[
    ("campagne-social", "Campagne sociale media"),
    ("nieuwsbrief-professionals", "Nieuwsbrief professionals"),
    ("verteltafel", "Verteltafel"),
    ("onbekend", "Onbekend"),
];

/// What a synthetic teller does with one question.
enum Decision {
    Untouched,
    NotApplicable,
    Answer,
}

/// Generates stories one at a time.
pub struct Generator<'a> {
    rng: ChaCha8Rng,
    target: &'a SeedTarget,
    start: NaiveDateTime,
    noise: Normal<f64>,
}

fn clamp_slider(v: f64) -> i32 {
    v.round().clamp(0.0, 100.0) as i32
}

impl<'a> Generator<'a> {
    pub fn new(target: &'a SeedTarget, seed: u64) -> Self {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            target,
            start: NaiveDate::from_ymd_opt(2026, 1, 5)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("valid date"),
            noise: Normal::new(0.0, 1.0).expect("valid normal"),
        }
    }

    fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * self.noise.sample(&mut self.rng)
    }

    fn pick<T: Copy>(&mut self, weighted: &[(T, u32)]) -> T {
        let total: u32 = weighted.iter().map(|(_, w)| w).sum();
        let mut roll = self.rng.random_range(0..total);
        for (item, w) in weighted {
            if roll < *w {
                return *item;
            }
            roll -= w;
        }
        weighted[weighted.len() - 1].0
    }

    fn sentence(&mut self, list: &[&'static str]) -> &'static str {
        list.choose(&mut self.rng).copied().unwrap_or_default()
    }

    fn channel_id(&mut self, role: Role) -> Option<String> {
        let weights: &[(&str, u32)] = match role {
            Role::Ouder => &[
                ("campagne-social", 70),
                ("nieuwsbrief-professionals", 5),
                ("onbekend", 25),
            ],
            Role::Professional => &[
                ("campagne-social", 20),
                ("nieuwsbrief-professionals", 50),
                ("onbekend", 30),
            ],
            // The seed only tells as the three teller roles.
            Role::Jongere | Role::Onbekend => &[
                ("campagne-social", 20),
                ("verteltafel", 60),
                ("onbekend", 20),
            ],
        };
        let code = self.pick(weights);
        self.target
            .channels
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.id.clone())
    }

    fn submitted_at(&mut self) -> NaiveDateTime {
        // 90 days of collection with a publicity peak in the fourth week.
        let day = if self.rng.random_bool(0.3) {
            self.rng.random_range(20..27)
        } else {
            self.rng.random_range(0..90)
        };
        let second = self.rng.random_range(0..86_400);
        self.start + Duration::days(day) + Duration::seconds(second)
    }

    fn story_text(&mut self, role: Role, tone: u32) -> (String, Option<String>) {
        let opening = match role {
            Role::Ouder => self.sentence(texts::OPENINGS_OUDER),
            Role::Professional => self.sentence(texts::OPENINGS_PROFESSIONAL),
            Role::Jongere | Role::Onbekend => self.sentence(texts::OPENINGS_JONGERE),
        };
        let (body, ending, titles): (&[&str], &[&str], &[&str]) = match tone {
            1 | 2 => (
                texts::NEGATIVE,
                texts::ENDINGS_NEGATIVE,
                texts::TITLES_NEGATIVE,
            ),
            3 => (
                texts::NEUTRAL,
                texts::ENDINGS_NEGATIVE,
                texts::TITLES_NEUTRAL,
            ),
            _ => (
                texts::POSITIVE,
                texts::ENDINGS_POSITIVE,
                texts::TITLES_POSITIVE,
            ),
        };
        let mut sentences = vec![opening];
        let n = self.rng.random_range(1..=3);
        for s in body.choose_multiple(&mut self.rng, n) {
            sentences.push(s);
        }
        if self.rng.random_bool(0.6) {
            sentences.push(self.sentence(ending));
        }
        if self.rng.random_bool(0.005) {
            sentences.push(texts::IDENTIFYING);
        }
        let title = self
            .rng
            .random_bool(0.6)
            .then(|| self.sentence(titles).to_string());
        (sentences.join(" "), title)
    }

    /// An answer to a question without a planted relationship.
    fn noise_answer(&mut self, q: &Question) -> Option<AnswerValue> {
        match &q.kind {
            QuestionKind::Slider { .. } => Some(AnswerValue::Slider {
                value: self.rng.random_range(0..=100),
            }),
            QuestionKind::Scale { options, .. } | QuestionKind::SingleChoice { options } => {
                let option = options.choose(&mut self.rng)?.id.clone();
                Some(if matches!(q.kind, QuestionKind::Scale { .. }) {
                    AnswerValue::Scale { option }
                } else {
                    AnswerValue::SingleChoice { option }
                })
            }
            QuestionKind::MultipleChoice { options, max_picks } => {
                let n = self.rng.random_range(1..=*max_picks as usize);
                let mut picked: Vec<String> = options
                    .choose_multiple(&mut self.rng, n)
                    .map(|o| o.id.clone())
                    .collect();
                picked.sort();
                Some(AnswerValue::MultipleChoice { options: picked })
            }
            QuestionKind::Triad { .. } => {
                let a: f64 = self.rng.random_range(0.0..1.0);
                let b: f64 = self.rng.random_range(0.0..1.0 - a);
                Some(triad([a, b, 1.0 - a - b]))
            }
            QuestionKind::FreeText { .. } => {
                self.rng.random_bool(0.15).then(|| AnswerValue::FreeText {
                    text: "Fijn dat jullie dit vragen.".into(),
                })
            }
            QuestionKind::Region => {
                let code = self.target.region_codes.choose(&mut self.rng)?.clone();
                Some(AnswerValue::Region { code })
            }
            QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle => None,
        }
    }

    /// The answer to a core question, with the planted relationships.
    fn core_answer(
        &mut self,
        q: &Question,
        role: Role,
        tone: u32,
        help: &str,
    ) -> Option<AnswerValue> {
        let step = tone as f64 - 1.0;
        let slider = |g: &mut Self, mean: f64, sd: f64| AnswerValue::Slider {
            value: clamp_slider(g.normal(mean, sd)),
        };
        Some(match q.id.as_str() {
            "gevolgen" => AnswerValue::Scale {
                option: tone.to_string(),
            },
            "gehoord" => slider(self, 8.0 + 21.0 * step, 12.0),
            "juiste_hulp" => slider(self, 10.0 + 20.0 * step, 15.0),
            "op_tijd" => slider(self, if help == "jeugd_ggz" { 22.0 } else { 50.0 }, 20.0),
            "duidelijkheid" => {
                let mean = match role {
                    Role::Professional => 65.0,
                    Role::Ouder => 40.0,
                    Role::Jongere | Role::Onbekend => 35.0,
                };
                slider(self, mean, 20.0)
            }
            "zeggenschap" => slider(self, if role == Role::Jongere { 25.0 } else { 45.0 }, 20.0),
            "soort_hulp" => AnswerValue::SingleChoice {
                option: help.to_string(),
            },
            "gevoel" => {
                let options: &[(&str, u32)] = match tone {
                    1 => &[
                        ("boos", 45),
                        ("machteloos", 35),
                        ("verdrietig", 15),
                        ("onzeker", 5),
                    ],
                    2 => &[
                        ("boos", 25),
                        ("machteloos", 30),
                        ("verdrietig", 25),
                        ("onzeker", 20),
                    ],
                    3 => &[
                        ("onzeker", 40),
                        ("hoopvol", 30),
                        ("verdrietig", 15),
                        ("opgelucht", 15),
                    ],
                    4 => &[("opgelucht", 40), ("hoopvol", 35), ("blij", 25)],
                    _ => &[("blij", 50), ("opgelucht", 35), ("hoopvol", 15)],
                };
                AnswerValue::SingleChoice {
                    option: self.pick(options).to_string(),
                }
            }
            "belangrijk" => {
                let relation = (0.15 + 0.15 * step + self.normal(0.0, 0.08)).clamp(0.02, 0.9);
                let rules = ((0.7 - 0.15 * step) * (1.0 - relation)).clamp(0.02, 0.9);
                AnswerValue::Triad {
                    shares: triad_shares([relation, rules, (1.0 - relation - rules).max(0.0)]),
                }
            }
            "leeftijd" => {
                let weights: &[(&str, u32)] = match role {
                    Role::Jongere => &[("12_18", 75), ("18_23", 25)],
                    _ => &[("0_4", 10), ("4_12", 45), ("12_18", 38), ("18_23", 7)],
                };
                AnswerValue::SingleChoice {
                    option: self.pick(weights).to_string(),
                }
            }
            "meta" => {
                let option = self.pick(&[
                    ("5", 14),
                    ("4", 30),
                    ("3", 27),
                    ("2", 9),
                    ("1", 6),
                    ("nvt", 13),
                ]);
                if option == "nvt" {
                    AnswerValue::NotApplicable
                } else {
                    AnswerValue::Scale {
                        option: option.to_string(),
                    }
                }
            }
            _ => return self.noise_answer(q),
        })
    }

    /// Whether a question is left untouched, marked not applicable or answered.
    fn decide(&mut self, q: &Question, position: usize) -> Decision {
        let untouched = if position < 3 { 0.04 } else { 0.08 };
        if self.rng.random_bool(untouched) {
            return Decision::Untouched;
        }
        let allows_na = matches!(
            q.kind,
            QuestionKind::Slider {
                not_applicable: true,
                ..
            } | QuestionKind::Scale {
                not_applicable: true,
                ..
            } | QuestionKind::Triad {
                not_applicable: true,
                ..
            }
        );
        if allows_na && self.rng.random_bool(0.04) {
            Decision::NotApplicable
        } else {
            Decision::Answer
        }
    }

    /// The next story.
    pub fn story(&mut self) -> NewStory {
        let target = self.target;
        let role = self.pick(&[
            (Role::Ouder, 75),
            (Role::Professional, 19),
            (Role::Jongere, 6),
        ]);
        let tone = self.pick(&[(1u32, 28), (2, 25), (3, 15), (4, 19), (5, 13)]);
        let help = self.pick(&[
            ("lichte_jeugdhulp", 30),
            ("zware_jeugdhulp", 15),
            ("jeugd_ggz", 25),
            ("jeugdbescherming", 15),
            ("jeugdreclassering", 3),
            ("anders", 8),
            ("weet_niet", 4),
        ]);
        let (body, title) = self.story_text(role, tone);
        let mut answers = Vec::new();
        let mut region = None;
        for (position, q) in target.core.questions_for(role).enumerate() {
            if !q.kind.is_signifier()
                && !matches!(q.kind, QuestionKind::Region | QuestionKind::FreeText { .. })
            {
                continue;
            }
            let value = match self.decide(q, position) {
                Decision::Untouched => continue,
                Decision::NotApplicable => Some(AnswerValue::NotApplicable),
                Decision::Answer => self.core_answer(q, role, tone, help),
            };
            if let Some(value) = value {
                if let AnswerValue::Region { code } = &value {
                    region = Some(code.clone());
                }
                answers.push(NewAnswer::new(&target.core_version_id, q, value));
            }
        }
        for (version_id, module) in &target.modules {
            for q in module.questions_for(role) {
                if let Some(value) = self.noise_answer(q) {
                    answers.push(NewAnswer::new(version_id, q, value));
                }
            }
        }
        let complete = target.core.completeness.is_some_and(|rule| {
            is_complete(rule, &target.core, role, &body, |id| {
                answers.iter().any(|a| a.question_id == id)
            })
        });
        NewStory {
            id: vertelpunt_store::new_id(),
            collection_point_id: target.collection_point_id.clone(),
            questionnaire_version_id: target.core_version_id.clone(),
            channel_id: self.channel_id(role),
            role,
            language: Lang::Nl.into(),
            title,
            word_count: word_count(&body) as u32,
            flagged: !find_identifying(&body).is_empty(),
            body,
            region_code: region.or_else(|| target.default_region.clone()),
            complete,
            synthetic: true,
            source: StorySource::SeedDemo,
            receipt_hash: None,
            entered_by: None,
            submitted_at: self.submitted_at(),
            answers,
        }
    }
}

/// Triad shares (fractions) as percentages rounded to 0.01 that sum to exactly 100.
fn triad_shares(fractions: [f64; 3]) -> [f64; 3] {
    let total: f64 = fractions.iter().sum();
    let a = (fractions[0] / total * 10_000.0).round() / 100.0;
    let b = (fractions[1] / total * 10_000.0).round() / 100.0;
    [a, b, ((100.0 - a - b) * 100.0).round() / 100.0]
}

fn triad(fractions: [f64; 3]) -> AnswerValue {
    AnswerValue::Triad {
        shares: triad_shares(fractions),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vertelpunt_model::answer::check_answer;
    use vertelpunt_model::shipped::SHIPPED;
    use vertelpunt_model::validate::validate;

    fn target() -> SeedTarget {
        SeedTarget {
            collection_point_id: "cp".into(),
            core_version_id: "v1".into(),
            core: validate(&SHIPPED[0].parse()).unwrap(),
            modules: vec![],
            channels: CHANNELS
                .iter()
                .map(|(code, _)| SeedChannel {
                    code,
                    id: format!("ch-{code}"),
                })
                .collect(),
            region_codes: vertelpunt_model::regions::jeugdregios()
                .iter()
                .map(|r| r.code.clone())
                .collect(),
            default_region: None,
        }
    }

    fn comparable(s: &NewStory) -> String {
        let answers: Vec<_> = s
            .answers
            .iter()
            .map(|a| (&a.question_id, &a.value))
            .collect();
        format!(
            "{:?}|{:?}|{}|{:?}|{}|{:?}|{:?}",
            s.role, s.title, s.body, s.region_code, s.submitted_at, s.channel_id, answers
        )
    }

    #[test]
    fn the_same_seed_gives_the_same_stories_and_another_seed_others() {
        let t = target();
        let a: Vec<String> = {
            let mut g = Generator::new(&t, 7);
            (0..50).map(|_| comparable(&g.story())).collect()
        };
        let b: Vec<String> = {
            let mut g = Generator::new(&t, 7);
            (0..50).map(|_| comparable(&g.story())).collect()
        };
        let c: Vec<String> = {
            let mut g = Generator::new(&t, 8);
            (0..50).map(|_| comparable(&g.story())).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn every_generated_answer_is_valid_and_most_stories_are_complete() {
        let t = target();
        let mut g = Generator::new(&t, 3);
        let stories: Vec<NewStory> = (0..2000).map(|_| g.story()).collect();
        for s in &stories {
            assert!(s.synthetic);
            for a in &s.answers {
                let q = t.core.question(&a.question_id).unwrap();
                check_answer(q, &a.value, |c| {
                    vertelpunt_model::regions::region(c).is_some()
                })
                .unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let complete = stories.iter().filter(|s| s.complete).count();
        assert!(complete > 1500 && complete < 2000, "{complete} complete");
        let parents = stories.iter().filter(|s| s.role == Role::Ouder).count();
        assert!(parents > 1300, "{parents} parents");
        assert!(stories.iter().any(|s| s.role == Role::Jongere));
    }

    #[test]
    fn the_planted_relationship_between_consequences_and_feeling_heard_is_there() {
        let t = target();
        let mut g = Generator::new(&t, 11);
        let (mut low, mut high) = (Vec::new(), Vec::new());
        for _ in 0..3000 {
            let s = g.story();
            let get = |id: &str| {
                s.answers
                    .iter()
                    .find(|a| a.question_id == id)
                    .map(|a| a.value.clone())
            };
            if let (Some(AnswerValue::Scale { option }), Some(AnswerValue::Slider { value })) =
                (get("gevolgen"), get("gehoord"))
            {
                match option.as_str() {
                    "1" => low.push(value as f64),
                    "5" => high.push(value as f64),
                    _ => {}
                }
            }
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        assert!(
            mean(&low) < 20.0 && mean(&high) > 75.0,
            "{} {}",
            mean(&low),
            mean(&high)
        );
    }
}
