//! The mapping file of a spreadsheet import: which column holds what (TOML).
//!
//! ```toml
//! questionnaire = "jeugdhulp"        # for a new collection point: a published core questionnaire
//! modules = ["zo-thuis-mogelijk"]    # and its modules (optional)
//! source = "excel-regio-2025"        # stories get the source import:excel-regio-2025
//! sheet = "Verhalen"                 # XLSX: the sheet (default: the first)
//! language = "nl"                    # the stories' language (ISO 639-1: nl, en, de, …) when
//!                                    # there is no language column or its cell is empty (default nl)
//!
//! [columns]                          # the story's own fields
//! id = "Nr"                          # required: the spreadsheet's own story number
//! story = "Verhaal"                  # required
//! date = "Datum"                     # required: 2025-03-01, 01-03-2025, 2025-03-01 14:30, …
//! title = "Titel"                    # the rest is optional
//! role = "Ik ben"                    # jongere/kind, ouder/verzorger, professional
//! region = "Regio"                   # a jeugdregio code (JR27) or name
//! language = "Taal"                  # ISO 639-1 codes: nl, en, de, fr, … (en-GB reads as en)
//! channel = "Kanaal"
//!
//! [fixed]                            # for a file without such a column: every story's
//! role = "jongere"                   # role, region (code or name) and channel
//! region = "JR13"
//! channel = "tiktok"
//!
//! [answers]                          # question id = where its answer is
//! gevolgen = { column = "Gevolgen (1-10)", range = [1, 10] }   # slider, rescaled to 0–100
//! gehoord = { column = "Gehoord", values = { "Ja" = "ja", "Nee" = "nee" } }
//! wie_hielp = { column = "Wie hielp", separator = ";" }        # multiple choice in one cell
//! soort_hulp = { columns = { wijkteam = "Hulp: wijkteam", school = "Hulp: school" } }
//! kanaal = { columns = { tiktok = "TikTok" }, ticked = "any" }  # any value ticks (or ["x"])
//! wat_hielp = { columns = ["Mensen", "Regels", "Geld"] }       # triad shares (sum 100 or 1)
//! ```
//!
//! A cell of a choice may hold the option's id, its Dutch or English label, or a key of
//! `values`. "n.v.t." (or "niet van toepassing", "n/a") is "not applicable" where the question
//! allows it; `not_applicable = "COLUMN"` names a tick column for it instead.
//!
//! `missing = ["NA", "-"]` (at the top, for every column, or in one answer's braces, for its
//! columns) lists the cell values that mean "no answer": such a cell is read as empty.
//! `means_not_applicable = ["weet ik niet"]` in an answer's braces reads those as n.v.t.
//! `skip_rows = [2]` leaves out rows (a second header row). Column names match trimmed, on
//! both sides.

use std::collections::BTreeMap;

use serde::Deserialize;
use vertelpunt_model::{Lang, LanguageCode, QuestionKind};

use super::{AnswerPlan, Plan, Questions};
use crate::batch::StoryIds;
use crate::error::{ImportError, ImportProblem};

/// The source of spreadsheet imports that name none.
pub const DEFAULT_SOURCE: &str = "spreadsheet";

/// A mapping file as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    /// The core questionnaire of a new collection point (its newest published version).
    pub questionnaire: Option<String>,
    #[serde(default)]
    pub modules: Vec<String>,
    /// The collection point to add the stories to.
    pub collection: Option<String>,
    /// What the stories come from; with the id column, it makes their ids.
    pub source: Option<String>,
    pub sheet: Option<String>,
    pub language: Option<String>,
    /// Cell values that mean "no answer" in every column (e.g. `["NA", "n/a", "-"]`).
    #[serde(default)]
    pub missing: Vec<String>,
    /// Rows to leave out, numbered as the spreadsheet numbers them (a second header row: 2).
    #[serde(default)]
    pub skip_rows: Vec<u64>,
    pub columns: StoryColumns,
    /// The role, region or channel of every story, for a file without a column for it.
    #[serde(default)]
    pub fixed: FixedValues,
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerSpec>,
}

/// The story's own fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryColumns {
    pub id: String,
    pub story: String,
    pub date: String,
    pub title: Option<String>,
    pub role: Option<String>,
    pub region: Option<String>,
    pub language: Option<String>,
    pub channel: Option<String>,
}

/// `[fixed]`: what every story of the file shares.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedValues {
    pub role: Option<String>,
    pub region: Option<String>,
    pub channel: Option<String>,
}

/// Several columns of one answer: a triad's three shares, or a tick column per option.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Columns {
    List(Vec<String>),
    PerOption(BTreeMap<String, String>),
}

/// Where one question's answer is.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSpec {
    pub column: Option<String>,
    pub columns: Option<Columns>,
    /// A slider's scale in the file, e.g. `[1, 10]` (default `[0, 100]`).
    pub range: Option<[f64; 2]>,
    /// Cell values and the option ids they mean.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// Between the picks of a multiple choice in one cell (default `;`).
    pub separator: Option<String>,
    /// A tick column for "niet van toepassing".
    pub not_applicable: Option<String>,
    /// Cell values that mean "no answer" in this answer's columns.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Cell values that mean "niet van toepassing" for this question (e.g. `["weet ik niet"]`),
    /// besides the words n.v.t., niet van toepassing and n/a.
    #[serde(default)]
    pub means_not_applicable: Vec<String>,
    /// Tick columns: `"any"` (ticked when the cell holds anything) or the values that tick it
    /// (`["x", "ja"]`); default the tick words 1/x/ja/yes/true.
    pub ticked: Option<TickSpec>,
}

/// How a mapping says tick columns are ticked.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum TickSpec {
    Word(String),
    Values(Vec<String>),
}

impl MappingFile {
    /// Prepares `table` as the mapping says: leaves out `skip_rows`, empties the cells that
    /// mean "no answer" (`missing`, for the whole file and per answer) and reads an answer's
    /// `means_not_applicable` values as n.v.t.
    pub fn blank_missing(&self, table: &mut crate::table::Table) {
        table.skip_rows(&self.skip_rows);
        table.blank(None, &self.missing);
        for spec in self.answers.values() {
            let mut columns: Vec<String> = spec.column.iter().cloned().collect();
            match &spec.columns {
                Some(Columns::List(list)) => columns.extend(list.iter().cloned()),
                Some(Columns::PerOption(per_option)) => {
                    columns.extend(per_option.values().cloned())
                }
                None => {}
            }
            table.blank(Some(&columns), &spec.missing);
            table.replace(&columns, &spec.means_not_applicable, "n.v.t.");
        }
    }

    /// Reads a mapping file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<MappingFile, ImportError> {
        toml::from_str(text).map_err(|e| {
            ImportError::file(file, ImportProblem::InvalidMapping(e.message().to_string()))
        })
    }

    /// The source name of the stories.
    pub fn source(&self) -> &str {
        self.source.as_deref().unwrap_or(DEFAULT_SOURCE)
    }

    /// The plan this mapping describes, checked against the questionnaires.
    pub fn plan(&self, file: &str, questions: &Questions) -> Result<Plan, ImportError> {
        let invalid =
            |message: String| ImportError::file(file, ImportProblem::InvalidMapping(message));
        let default_language = match self.language.as_deref() {
            None => Lang::Nl.into(),
            Some(code) => LanguageCode::parse(code).ok_or_else(|| {
                invalid(format!(
                    "language = \"{code}\": {}",
                    vertelpunt_model::text::not_a_language(code)
                ))
            })?,
        };
        let c = &self.columns;
        let fixed = super::Fixed {
            role: match self.fixed.role.as_deref() {
                None => None,
                Some(v) => Some(super::parse_role(v).ok_or_else(|| {
                    invalid(format!(
                        "fixed.role = \"{v}\": use jongere, ouder or professional"
                    ))
                })?),
            },
            region: match self.fixed.region.as_deref() {
                None => None,
                Some(v) => Some(super::parse_region(v).ok_or_else(|| {
                    invalid(format!(
                        "fixed.region = \"{v}\": use a jeugdregio code (JR01 … JR42) or name"
                    ))
                })?),
            },
            channel: self
                .fixed
                .channel
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        };
        let mut answers = Vec::with_capacity(self.answers.len());
        for (id, spec) in &self.answers {
            let question = questions.get(id).ok_or_else(|| {
                invalid(format!(
                    "answers.{id}: the questionnaire has no question '{id}'"
                ))
            })?;
            let at = |what: &str| invalid(format!("answers.{id}: {what}"));
            let column = || {
                spec.column
                    .as_deref()
                    .map(|c| c.trim().to_string())
                    .ok_or_else(|| at("name its column: { column = \"…\" }"))
            };
            let check_values = |values: &BTreeMap<String, String>| {
                for (cell, option) in values {
                    if !question.kind.options().iter().any(|o| &o.id == option) {
                        return Err(at(&format!(
                            "values.\"{cell}\" = \"{option}\": the question has no option '{option}'"
                        )));
                    }
                }
                Ok(())
            };
            let plan = match &question.kind {
                QuestionKind::Slider { .. } => {
                    let range = spec.range.unwrap_or([0.0, 100.0]);
                    if range[0] == range[1] || !range.iter().all(|x| x.is_finite()) {
                        return Err(at("range must be two different numbers, e.g. [1, 10]"));
                    }
                    AnswerPlan::Slider {
                        question: id.clone(),
                        column: column()?,
                        range: (range[0], range[1]),
                        not_applicable: trimmed(&spec.not_applicable),
                    }
                }
                QuestionKind::Scale { .. } | QuestionKind::SingleChoice { .. } => {
                    check_values(&spec.values)?;
                    AnswerPlan::Choice {
                        question: id.clone(),
                        column: column()?,
                        values: spec.values.clone(),
                        not_applicable: trimmed(&spec.not_applicable),
                    }
                }
                QuestionKind::MultipleChoice { .. } => match &spec.columns {
                    Some(Columns::PerOption(per_option)) => {
                        let mut columns = Vec::with_capacity(per_option.len());
                        for (option, column) in per_option {
                            if !question.kind.options().iter().any(|o| &o.id == option) {
                                return Err(at(&format!(
                                    "columns.{option}: the question has no option '{option}'"
                                )));
                            }
                            columns.push((column.trim().to_string(), option.clone()));
                        }
                        if columns.is_empty() {
                            return Err(at("columns names no option"));
                        }
                        let ticked = match &spec.ticked {
                            None => super::Tick::Words,
                            Some(TickSpec::Word(w)) if w.trim() == "any" => super::Tick::AnyValue,
                            Some(TickSpec::Values(values)) if !values.is_empty() => {
                                super::Tick::OneOf(values.clone())
                            }
                            Some(_) => {
                                return Err(at(
                                    "ticked takes \"any\" (a cell with anything in it is ticked) or the values that tick, e.g. [\"x\", \"ja\"]",
                                ))
                            }
                        };
                        AnswerPlan::Ticks {
                            question: id.clone(),
                            columns,
                            ticked,
                        }
                    }
                    Some(Columns::List(_)) => {
                        return Err(at(
                            "a multiple choice takes { columns = { OPTION = \"COLUMN\", … } } or { column = \"…\", separator = \";\" }",
                        ))
                    }
                    None => {
                        check_values(&spec.values)?;
                        let separator = spec.separator.clone().unwrap_or_else(|| ";".into());
                        if separator.is_empty() {
                            return Err(at("separator must not be empty"));
                        }
                        AnswerPlan::List {
                            question: id.clone(),
                            column: column()?,
                            separator,
                            values: spec.values.clone(),
                        }
                    }
                },
                QuestionKind::Triad { .. } => match &spec.columns {
                    Some(Columns::List(list)) if list.len() == 3 => AnswerPlan::Triad {
                        question: id.clone(),
                        columns: [
                            list[0].trim().to_string(),
                            list[1].trim().to_string(),
                            list[2].trim().to_string(),
                        ],
                        not_applicable: trimmed(&spec.not_applicable),
                    },
                    _ => {
                        return Err(at(
                            "a triad takes its three share columns in corner order: { columns = [\"…\", \"…\", \"…\"] }",
                        ))
                    }
                },
                QuestionKind::FreeText { .. } | QuestionKind::Region => AnswerPlan::Text {
                    question: id.clone(),
                    column: column()?,
                },
                QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle => {
                    return Err(at(
                        "the role, the story and its title are story fields: name their columns under [columns]",
                    ))
                }
            };
            answers.push(plan);
        }
        Ok(Plan {
            id: c.id.trim().to_string(),
            ids: StoryIds::Derived,
            body: c.story.trim().to_string(),
            body_required: true,
            title: trimmed(&c.title),
            submitted_at: c.date.trim().to_string(),
            role: trimmed(&c.role),
            region: trimmed(&c.region),
            channel: trimmed(&c.channel),
            language: trimmed(&c.language),
            synthetic: None,
            default_language,
            fixed,
            answers,
        })
    }
}

/// A column name as the table holds it (trimmed).
fn trimmed(column: &Option<String>) -> Option<String> {
    column.as_deref().map(|c| c.trim().to_string())
}
