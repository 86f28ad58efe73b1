//! Typed signifier answers and the checks every answer passes before it is stored.

use serde::{Deserialize, Serialize};

use crate::questionnaire::{Question, QuestionKind};

/// How far the three shares of a triad may be from 100 in total (rounding in imports).
pub const TRIAD_SUM_TOLERANCE: f64 = 0.05;

/// One answer to one question. "Not answered" is the absence of an answer, never a value:
/// a slider that was never moved has no `AnswerValue` at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AnswerValue {
    /// "niet van toepassing", for questions that allow it.
    NotApplicable,
    /// A bipolar slider position, 0 (left pole) to 100 (right pole).
    Slider {
        value: i32,
    },
    /// A scale option by id.
    Scale {
        option: String,
    },
    SingleChoice {
        option: String,
    },
    MultipleChoice {
        options: Vec<String>,
    },
    /// Shares of the three corners, each 0–100, summing to 100.
    Triad {
        shares: [f64; 3],
    },
    FreeText {
        text: String,
    },
    /// A jeugdregio code.
    Region {
        code: String,
    },
}

/// Why an answer was refused. `code()` is the stable key of the message in the locale files.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    #[error("question '{question}' expects a {expected} answer")]
    WrongKind {
        question: String,
        expected: &'static str,
    },
    #[error("question '{question}' has no 'not applicable' option")]
    NotApplicableNotAllowed { question: String },
    #[error("question '{question}': {value} is outside 0–100")]
    SliderOutOfRange { question: String, value: i32 },
    #[error("question '{question}': option '{option}' does not exist")]
    UnknownOption { question: String, option: String },
    #[error("question '{question}': {picked} options picked, at most {max} allowed")]
    TooManyPicks {
        question: String,
        picked: usize,
        max: u32,
    },
    #[error("question '{question}': option '{option}' picked twice")]
    DuplicatePick { question: String, option: String },
    #[error("question '{question}': pick at least one option or leave the question open")]
    NoPicks { question: String },
    #[error("question '{question}': each share must be between 0 and 100")]
    TriadShareOutOfRange { question: String },
    #[error("question '{question}': the three shares add up to {sum}, not 100")]
    TriadSum { question: String, sum: f64 },
    #[error("question '{question}': {length} characters, at most {max} allowed")]
    TextTooLong {
        question: String,
        length: usize,
        max: u32,
    },
    #[error("question '{question}': region '{code}' is unknown")]
    UnknownRegion { question: String, code: String },
}

impl AnswerError {
    /// The stable message key (used by the locale files of the web UI).
    pub fn code(&self) -> &'static str {
        match self {
            AnswerError::WrongKind { .. } => "answer-wrong-kind",
            AnswerError::NotApplicableNotAllowed { .. } => "answer-not-applicable-not-allowed",
            AnswerError::SliderOutOfRange { .. } => "answer-slider-out-of-range",
            AnswerError::UnknownOption { .. } => "answer-unknown-option",
            AnswerError::TooManyPicks { .. } => "answer-too-many-picks",
            AnswerError::DuplicatePick { .. } => "answer-duplicate-pick",
            AnswerError::NoPicks { .. } => "answer-no-picks",
            AnswerError::TriadShareOutOfRange { .. } => "answer-triad-share-out-of-range",
            AnswerError::TriadSum { .. } => "answer-triad-sum",
            AnswerError::TextTooLong { .. } => "answer-text-too-long",
            AnswerError::UnknownRegion { .. } => "answer-unknown-region",
        }
    }
}

fn has_option(question: &Question, id: &str) -> bool {
    question.kind.options().iter().any(|o| o.id == id)
}

/// Checks `value` as an answer to `question`. `region_exists` says whether a region code is known.
pub fn check_answer(
    question: &Question,
    value: &AnswerValue,
    region_exists: impl Fn(&str) -> bool,
) -> Result<(), AnswerError> {
    let q = || question.id.clone();
    let wrong = |expected| AnswerError::WrongKind {
        question: question.id.clone(),
        expected,
    };
    match (&question.kind, value) {
        (
            QuestionKind::Slider { not_applicable, .. }
            | QuestionKind::Scale { not_applicable, .. }
            | QuestionKind::Triad { not_applicable, .. },
            AnswerValue::NotApplicable,
        ) => {
            if *not_applicable {
                Ok(())
            } else {
                Err(AnswerError::NotApplicableNotAllowed { question: q() })
            }
        }
        (QuestionKind::Slider { .. }, AnswerValue::Slider { value }) => {
            if (0..=100).contains(value) {
                Ok(())
            } else {
                Err(AnswerError::SliderOutOfRange {
                    question: q(),
                    value: *value,
                })
            }
        }
        (QuestionKind::Slider { .. }, _) => Err(wrong("slider")),
        (QuestionKind::Scale { .. }, AnswerValue::Scale { option })
        | (QuestionKind::SingleChoice { .. }, AnswerValue::SingleChoice { option }) => {
            if has_option(question, option) {
                Ok(())
            } else {
                Err(AnswerError::UnknownOption {
                    question: q(),
                    option: option.clone(),
                })
            }
        }
        (QuestionKind::Scale { .. }, _) => Err(wrong("scale")),
        (QuestionKind::SingleChoice { .. }, _) => Err(wrong("single choice")),
        (
            QuestionKind::MultipleChoice { max_picks, .. },
            AnswerValue::MultipleChoice { options },
        ) => {
            if options.is_empty() {
                return Err(AnswerError::NoPicks { question: q() });
            }
            for (i, option) in options.iter().enumerate() {
                if !has_option(question, option) {
                    return Err(AnswerError::UnknownOption {
                        question: q(),
                        option: option.clone(),
                    });
                }
                if options[..i].contains(option) {
                    return Err(AnswerError::DuplicatePick {
                        question: q(),
                        option: option.clone(),
                    });
                }
            }
            if options.len() > *max_picks as usize {
                return Err(AnswerError::TooManyPicks {
                    question: q(),
                    picked: options.len(),
                    max: *max_picks,
                });
            }
            Ok(())
        }
        (QuestionKind::MultipleChoice { .. }, _) => Err(wrong("multiple choice")),
        (QuestionKind::Triad { .. }, AnswerValue::Triad { shares }) => {
            if shares
                .iter()
                .any(|s| !s.is_finite() || *s < 0.0 || *s > 100.0)
            {
                return Err(AnswerError::TriadShareOutOfRange { question: q() });
            }
            let sum: f64 = shares.iter().sum();
            if (sum - 100.0).abs() > TRIAD_SUM_TOLERANCE {
                return Err(AnswerError::TriadSum { question: q(), sum });
            }
            Ok(())
        }
        (QuestionKind::Triad { .. }, _) => Err(wrong("triad")),
        (QuestionKind::FreeText { max_length }, AnswerValue::FreeText { text }) => {
            let length = text.chars().count();
            if length > *max_length as usize {
                Err(AnswerError::TextTooLong {
                    question: q(),
                    length,
                    max: *max_length,
                })
            } else {
                Ok(())
            }
        }
        (QuestionKind::FreeText { .. }, _) => Err(wrong("free text")),
        (QuestionKind::Region, AnswerValue::Region { code }) => {
            if region_exists(code) {
                Ok(())
            } else {
                Err(AnswerError::UnknownRegion {
                    question: q(),
                    code: code.clone(),
                })
            }
        }
        (QuestionKind::Region, _) => Err(wrong("region")),
        (QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle, _) => {
            Err(wrong("story field (stored on the story itself)"))
        }
    }
}
