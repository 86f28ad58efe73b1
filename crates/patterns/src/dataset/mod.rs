//! The dataset of a pattern evaluation: one polars DataFrame with one row per story and typed
//! columns per answer, plus the questions that explain the columns.
//!
//! Columns (the same in memory, in the CSV/Parquet files of `files.rs`, and in exports):
//! - story fields: `story_id`, `collection_point`, `submitted_at` (seconds since 1970 UTC),
//!   `role`, `region`, `channel`, `source`, `language`, `complete`, `synthetic`, `title`, `body`,
//!   `themes` (the theme tags, joined by `|`);
//! - a slider `Q`: `Q` (Float64, 0–100) and `Q:nvt` (Boolean, "niet van toepassing");
//! - a scale or single choice `Q`: `Q` (String, the option id) and, for a scale, `Q:nvt`;
//! - a multiple choice `Q`: `Q=OPTION` per option (Boolean; null when the question was not answered);
//! - a triad `Q`: `Q:a`, `Q:b`, `Q:c` (Float64 shares summing to 100) and `Q:nvt`.
//!
//! A missing value is "not answered"; never a number standing in for one.

pub mod build;
pub mod files;
pub mod load;

use polars::prelude::*;
use serde::{Deserialize, Serialize};
use vertelpunt_model::{ChoiceOption, Question, QuestionKind, Text};

pub use build::{DatasetBuilder, StoryRecord};

/// Story columns every dataset has.
pub mod story_columns {
    pub const ID: &str = "story_id";
    pub const COLLECTION_POINT: &str = "collection_point";
    pub const SUBMITTED_AT: &str = "submitted_at";
    pub const ROLE: &str = "role";
    pub const REGION: &str = "region";
    pub const CHANNEL: &str = "channel";
    pub const SOURCE: &str = "source";
    pub const LANGUAGE: &str = "language";
    pub const COMPLETE: &str = "complete";
    pub const SYNTHETIC: &str = "synthetic";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    /// The story's theme tags, joined by `|` (empty when it has none).
    pub const THEMES: &str = "themes";
}

/// An option of a scale or choice, as the dataset knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionLabel {
    pub id: String,
    pub label: Text,
}

impl From<&ChoiceOption> for OptionLabel {
    fn from(o: &ChoiceOption) -> Self {
        OptionLabel {
            id: o.id.clone(),
            label: o.label.clone(),
        }
    }
}

/// What a signifier question looks like to the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    Slider { left: Text, right: Text },
    Scale { options: Vec<OptionLabel> },
    SingleChoice { options: Vec<OptionLabel> },
    MultipleChoice { options: Vec<OptionLabel> },
    Triad { corners: [Text; 3] },
}

/// A signifier question of the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetQuestion {
    pub id: String,
    /// The short name used in charts and sentences.
    pub label: Text,
    /// The full question text.
    pub text: Text,
    /// The questionnaire (core or module key) the question belongs to.
    pub questionnaire: String,
    #[serde(flatten)]
    pub shape: Shape,
}

impl DatasetQuestion {
    /// The analysis view of a questionnaire question; `None` for questions that carry no
    /// signifier (story, title, role, free text, region: the region is a story field).
    pub fn from_question(q: &Question, questionnaire: &str) -> Option<Self> {
        let shape = match &q.kind {
            QuestionKind::Slider { left, right, .. } => Shape::Slider {
                left: left.clone(),
                right: right.clone(),
            },
            QuestionKind::Scale { options, .. } => Shape::Scale {
                options: options.iter().map(Into::into).collect(),
            },
            QuestionKind::SingleChoice { options } => Shape::SingleChoice {
                options: options.iter().map(Into::into).collect(),
            },
            QuestionKind::MultipleChoice { options, .. } => Shape::MultipleChoice {
                options: options.iter().map(Into::into).collect(),
            },
            QuestionKind::Triad { corners, .. } => Shape::Triad {
                corners: corners.clone(),
            },
            _ => return None,
        };
        Some(DatasetQuestion {
            id: q.id.clone(),
            label: q.short_or_text().clone(),
            text: q.text.clone(),
            questionnaire: questionnaire.to_string(),
            shape,
        })
    }

    /// The options of a scale or choice question.
    pub fn options(&self) -> &[OptionLabel] {
        match &self.shape {
            Shape::Scale { options }
            | Shape::SingleChoice { options }
            | Shape::MultipleChoice { options } => options,
            _ => &[],
        }
    }
}

/// Column names of a question's answers.
pub mod answer_columns {
    pub fn not_applicable(id: &str) -> String {
        format!("{id}:nvt")
    }
    pub fn triad(id: &str, corner: usize) -> String {
        format!("{id}:{}", ["a", "b", "c"][corner])
    }
    pub fn option(id: &str, option: &str) -> String {
        format!("{id}={option}")
    }
}

/// Stories and answers ready for analysis.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub frame: DataFrame,
    pub questions: Vec<DatasetQuestion>,
}

/// Why a dataset could not be built or read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{0}")]
    Polars(#[from] PolarsError),
    #[error("{0}")]
    Store(#[from] vertelpunt_store::StoreError),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

impl Dataset {
    /// Number of stories.
    pub fn len(&self) -> usize {
        self.frame.height()
    }

    pub fn is_empty(&self) -> bool {
        self.frame.height() == 0
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&DatasetQuestion> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Keeps the rows where `mask` is true.
    pub fn filter(&self, mask: &[bool]) -> Result<Dataset, DatasetError> {
        let mask = BooleanChunked::from_slice("mask".into(), mask);
        Ok(Dataset {
            frame: self.frame.filter(&mask)?,
            questions: self.questions.clone(),
        })
    }

    /// A string column as owned optional values (absent column: all missing).
    pub fn strings(&self, name: &str) -> Result<Vec<Option<String>>, DatasetError> {
        match self.frame.column(name) {
            Ok(c) => Ok(c.str()?.iter().map(|v| v.map(str::to_string)).collect()),
            Err(_) => Ok(vec![None; self.len()]),
        }
    }

    /// A Float64 column (absent column: all missing).
    pub fn floats(&self, name: &str) -> Result<Vec<Option<f64>>, DatasetError> {
        match self.frame.column(name) {
            Ok(c) => Ok(c.cast(&DataType::Float64)?.f64()?.iter().collect()),
            Err(_) => Ok(vec![None; self.len()]),
        }
    }

    /// A Boolean column (absent column: all missing).
    pub fn booleans(&self, name: &str) -> Result<Vec<Option<bool>>, DatasetError> {
        match self.frame.column(name) {
            Ok(c) => Ok(c.bool()?.iter().collect()),
            Err(_) => Ok(vec![None; self.len()]),
        }
    }

    /// An Int64 column (absent column: all missing).
    pub fn integers(&self, name: &str) -> Result<Vec<Option<i64>>, DatasetError> {
        match self.frame.column(name) {
            Ok(c) => Ok(c.cast(&DataType::Int64)?.i64()?.iter().collect()),
            Err(_) => Ok(vec![None; self.len()]),
        }
    }
}
