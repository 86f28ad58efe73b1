//! Building a dataset story by story, column-wise.

use polars::prelude::*;
use vertelpunt_model::AnswerValue;

use super::{answer_columns, story_columns as sc, Dataset, DatasetError, DatasetQuestion, Shape};

/// The story fields of one row.
#[derive(Debug, Clone, Default)]
pub struct StoryRecord {
    pub id: String,
    pub collection_point: String,
    /// Seconds since 1970-01-01 UTC.
    pub submitted_at: i64,
    pub role: String,
    pub region: Option<String>,
    pub channel: Option<String>,
    pub source: String,
    pub language: String,
    pub complete: bool,
    pub synthetic: bool,
    pub title: Option<String>,
    pub body: String,
    /// Theme tags (normalized, so never containing `|`).
    pub themes: Vec<String>,
}

/// The answer columns of one question while they are filled.
enum AnswerColumns {
    Number {
        values: Vec<Option<f64>>,
        nvt: Vec<bool>,
    },
    Choice {
        values: Vec<Option<String>>,
        nvt: Vec<bool>,
        scale: bool,
    },
    Multiple {
        picked: Vec<Vec<Option<bool>>>,
    },
    Triad {
        shares: [Vec<Option<f64>>; 3],
        nvt: Vec<bool>,
    },
}

/// Collects stories and answers, then makes the DataFrame.
pub struct DatasetBuilder {
    questions: Vec<DatasetQuestion>,
    stories: Vec<StoryRecord>,
    answers: Vec<AnswerColumns>,
    /// Free-text and region questions: a String column each, named by the question id. They
    /// are not analysed; exports carry them so that nothing a teller wrote is lost.
    texts: Vec<(String, Vec<Option<String>>)>,
}

impl DatasetBuilder {
    pub fn new(questions: Vec<DatasetQuestion>) -> Self {
        let answers = questions
            .iter()
            .map(|q| match &q.shape {
                Shape::Slider { .. } => AnswerColumns::Number {
                    values: Vec::new(),
                    nvt: Vec::new(),
                },
                Shape::Scale { .. } | Shape::SingleChoice { .. } => AnswerColumns::Choice {
                    values: Vec::new(),
                    nvt: Vec::new(),
                    scale: matches!(q.shape, Shape::Scale { .. }),
                },
                Shape::MultipleChoice { options } => AnswerColumns::Multiple {
                    picked: vec![Vec::new(); options.len()],
                },
                Shape::Triad { .. } => AnswerColumns::Triad {
                    shares: [Vec::new(), Vec::new(), Vec::new()],
                    nvt: Vec::new(),
                },
            })
            .collect();
        DatasetBuilder {
            questions,
            stories: Vec::new(),
            answers,
            texts: Vec::new(),
        }
    }

    /// Adds a text column for each of these free-text or region questions; `push` asks for
    /// their answers after the signifier questions' (index `questions().len() + j`).
    pub fn with_texts(mut self, ids: Vec<String>) -> Self {
        self.texts = ids.into_iter().map(|id| (id, Vec::new())).collect();
        self
    }

    pub fn questions(&self) -> &[DatasetQuestion] {
        &self.questions
    }

    /// Adds a story; `answer(i)` gives the answer to the `i`-th question, if any (then to the
    /// text questions of [`Self::with_texts`]).
    pub fn push(
        &mut self,
        story: StoryRecord,
        mut answer: impl FnMut(usize) -> Option<AnswerValue>,
    ) {
        let row = self.push_story(story);
        for i in 0..self.questions.len() + self.texts.len() {
            if let Some(value) = answer(i) {
                self.set_answer(row, i, value);
            }
        }
    }

    /// Adds a story without answers (every question unanswered) and returns its row, for
    /// [`Self::set_answer`].
    pub fn push_story(&mut self, story: StoryRecord) -> usize {
        for columns in &mut self.answers {
            match columns {
                AnswerColumns::Number { values, nvt } => {
                    values.push(None);
                    nvt.push(false);
                }
                AnswerColumns::Choice { values, nvt, .. } => {
                    values.push(None);
                    nvt.push(false);
                }
                AnswerColumns::Multiple { picked } => {
                    for column in picked.iter_mut() {
                        column.push(None);
                    }
                }
                AnswerColumns::Triad { shares, nvt } => {
                    for column in shares.iter_mut() {
                        column.push(None);
                    }
                    nvt.push(false);
                }
            }
        }
        for (_, values) in &mut self.texts {
            values.push(None);
        }
        self.stories.push(story);
        self.stories.len() - 1
    }

    /// Records the answer of the story in `row` to the `i`-th question (then the text
    /// questions of [`Self::with_texts`]). An answer of another kind than the question's
    /// leaves it unanswered.
    pub fn set_answer(&mut self, row: usize, i: usize, value: AnswerValue) {
        let nvt_flag = matches!(value, AnswerValue::NotApplicable);
        let Some(columns) = self.answers.get_mut(i) else {
            if let Some((_, values)) = self.texts.get_mut(i - self.answers.len()) {
                values[row] = match value {
                    AnswerValue::FreeText { text } => Some(text),
                    AnswerValue::Region { code } => Some(code),
                    _ => None,
                };
            }
            return;
        };
        match columns {
            AnswerColumns::Number { values, nvt } => {
                values[row] = match value {
                    AnswerValue::Slider { value } => Some(f64::from(value)),
                    _ => None,
                };
                nvt[row] = nvt_flag;
            }
            AnswerColumns::Choice { values, nvt, .. } => {
                values[row] = match value {
                    AnswerValue::Scale { option } | AnswerValue::SingleChoice { option } => {
                        Some(option)
                    }
                    _ => None,
                };
                nvt[row] = nvt_flag;
            }
            AnswerColumns::Multiple { picked } => {
                let chosen = match &value {
                    AnswerValue::MultipleChoice { options } => Some(options),
                    _ => None,
                };
                for (column, option) in picked.iter_mut().zip(self.questions[i].options()) {
                    column[row] = chosen.map(|c| c.contains(&option.id));
                }
            }
            AnswerColumns::Triad { shares, nvt } => {
                let v = match value {
                    AnswerValue::Triad { shares } => Some(shares),
                    _ => None,
                };
                for (corner, column) in shares.iter_mut().enumerate() {
                    column[row] = v.map(|s| s[corner]);
                }
                nvt[row] = nvt_flag;
            }
        }
    }

    /// The number of stories added.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// Whether no story was added.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// Makes the dataset.
    pub fn finish(self) -> Result<Dataset, DatasetError> {
        let height = self.stories.len();
        let s = &self.stories;
        let text = |name: &str, f: &dyn Fn(&StoryRecord) -> Option<String>| {
            Column::new(name.into(), s.iter().map(f).collect::<Vec<_>>())
        };
        let mut columns = vec![
            text(sc::ID, &|r| Some(r.id.clone())),
            text(sc::COLLECTION_POINT, &|r| Some(r.collection_point.clone())),
            Column::new(
                sc::SUBMITTED_AT.into(),
                s.iter().map(|r| r.submitted_at).collect::<Vec<_>>(),
            ),
            text(sc::ROLE, &|r| Some(r.role.clone())),
            text(sc::REGION, &|r| r.region.clone()),
            text(sc::CHANNEL, &|r| r.channel.clone()),
            text(sc::SOURCE, &|r| Some(r.source.clone())),
            text(sc::LANGUAGE, &|r| Some(r.language.clone())),
            Column::new(
                sc::COMPLETE.into(),
                s.iter().map(|r| r.complete).collect::<Vec<_>>(),
            ),
            Column::new(
                sc::SYNTHETIC.into(),
                s.iter().map(|r| r.synthetic).collect::<Vec<_>>(),
            ),
            text(sc::TITLE, &|r| r.title.clone()),
            text(sc::BODY, &|r| Some(r.body.clone())),
            text(sc::THEMES, &|r| {
                (!r.themes.is_empty()).then(|| r.themes.join("|"))
            }),
        ];
        for (q, answers) in self.questions.iter().zip(self.answers) {
            let nvt_column =
                |nvt: Vec<bool>| Column::new(answer_columns::not_applicable(&q.id).into(), nvt);
            match answers {
                AnswerColumns::Number { values, nvt } => {
                    columns.push(Column::new(q.id.as_str().into(), values));
                    columns.push(nvt_column(nvt));
                }
                AnswerColumns::Choice { values, nvt, scale } => {
                    columns.push(Column::new(q.id.as_str().into(), values));
                    if scale {
                        columns.push(nvt_column(nvt));
                    }
                }
                AnswerColumns::Multiple { picked } => {
                    for (option, values) in q.options().iter().zip(picked) {
                        columns.push(Column::new(
                            answer_columns::option(&q.id, &option.id).into(),
                            values,
                        ));
                    }
                }
                AnswerColumns::Triad { shares, nvt } => {
                    for (corner, values) in shares.into_iter().enumerate() {
                        columns.push(Column::new(
                            answer_columns::triad(&q.id, corner).into(),
                            values,
                        ));
                    }
                    columns.push(nvt_column(nvt));
                }
            }
        }
        for (id, values) in self.texts {
            columns.push(Column::new(id.into(), values));
        }
        Ok(Dataset {
            frame: DataFrame::new(height, columns)?,
            questions: self.questions,
        })
    }
}
