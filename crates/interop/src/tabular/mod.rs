//! Stories from a table: a spreadsheet (CSV or XLSX) described by a mapping file, or an export
//! of a Vertelpunt (CSV, Parquet or XLSX, with its questionnaire definitions).
//!
//! A [`Plan`] says which column holds what; [`read`] reads every row with it and checks every
//! cell the way the public form checks an answer. The first bad cell refuses the whole file,
//! naming its row and column.
//!
//! - [`mapping`]: the mapping file of a spreadsheet (`column → question`);
//! - [`vertelpunt`]: the plan of a Vertelpunt export, made from its questionnaire definitions.

pub mod mapping;
pub mod vertelpunt;

use std::collections::{BTreeMap, HashMap};

use vertelpunt_model::answer::check_answer;
use vertelpunt_model::{
    regions, AnswerValue, LanguageCode, Question, QuestionKind, Questionnaire, Role,
};

use crate::batch::{ImportedStory, StoryIds};
use crate::error::{ImportError, ImportProblem};
use crate::table::{format_number, Row, Table};

/// What a file to import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    Csv,
    Xlsx,
    Parquet,
}

impl DataFormat {
    /// From the file's extension.
    pub fn of(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" | "txt" => Some(DataFormat::Csv),
            "xlsx" => Some(DataFormat::Xlsx),
            "parquet" => Some(DataFormat::Parquet),
            _ => None,
        }
    }
}

/// Reads the cells of a file. `sheet` picks an XLSX sheet (default: the first).
pub fn read_table(
    file: &str,
    bytes: &[u8],
    format: DataFormat,
    sheet: Option<&str>,
) -> Result<Table, ImportError> {
    match format {
        DataFormat::Csv => Table::from_csv(file, bytes, crate::table::Separators::Any),
        DataFormat::Xlsx => Table::from_xlsx(file, bytes, sheet),
        DataFormat::Parquet => parquet_table(file, bytes),
    }
}

fn parquet_table(file: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    use polars::prelude::*;
    if bytes.is_empty() {
        return Err(ImportError::file(file, ImportProblem::Empty));
    }
    let malformed = |e: PolarsError| {
        ImportError::file(
            file,
            ImportProblem::Malformed {
                expected: "Parquet file",
                detail: e.to_string(),
            },
        )
    };
    let frame = ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .map_err(malformed)?;
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut rows = vec![Vec::with_capacity(names.len()); frame.height()];
    for column in frame.columns() {
        let series = column.as_materialized_series();
        for (i, row) in rows.iter_mut().enumerate() {
            row.push(match series.get(i).map_err(malformed)? {
                AnyValue::Null => String::new(),
                AnyValue::Boolean(b) => b.to_string(),
                AnyValue::String(s) => s.to_string(),
                AnyValue::StringOwned(s) => s.to_string(),
                AnyValue::Float64(f) => format_number(f),
                AnyValue::Float32(f) => format_number(f64::from(f)),
                other => other.to_string(),
            });
        }
    }
    Table::from_cells(file, names, rows)
}

/// How to read one question's answer from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerPlan {
    /// A number in `range`, rescaled to 0–100; n.v.t. as a word in the cell or a tick column.
    Slider {
        question: String,
        column: String,
        range: (f64, f64),
        not_applicable: Option<String>,
    },
    /// A scale or single choice: an option id, an option's label, or a value of `values`.
    Choice {
        question: String,
        column: String,
        values: BTreeMap<String, String>,
        not_applicable: Option<String>,
    },
    /// A multiple choice with a tick column per option, read by `ticked`.
    Ticks {
        question: String,
        columns: Vec<(String, String)>,
        ticked: Tick,
    },
    /// A multiple choice over several columns of which each may hold one pick (an option id,
    /// label or a value of `values`); empty cells are no pick.
    Cells {
        question: String,
        columns: Vec<String>,
        values: BTreeMap<String, String>,
    },
    /// A multiple choice in one column, the picks separated by `separator`.
    List {
        question: String,
        column: String,
        separator: String,
        values: BTreeMap<String, String>,
    },
    /// A triad: three share columns (summing to 100, or to 1).
    Triad {
        question: String,
        columns: [String; 3],
        not_applicable: Option<String>,
    },
    /// Free text, or a jeugdregio (code or name).
    Text { question: String, column: String },
}

impl AnswerPlan {
    pub fn question(&self) -> &str {
        match self {
            AnswerPlan::Slider { question, .. }
            | AnswerPlan::Choice { question, .. }
            | AnswerPlan::Ticks { question, .. }
            | AnswerPlan::Cells { question, .. }
            | AnswerPlan::List { question, .. }
            | AnswerPlan::Triad { question, .. }
            | AnswerPlan::Text { question, .. } => question,
        }
    }

    /// The columns the table must have (tick columns for n.v.t. are optional).
    fn required_columns(&self) -> Vec<&str> {
        match self {
            AnswerPlan::Slider { column, .. }
            | AnswerPlan::Choice { column, .. }
            | AnswerPlan::List { column, .. }
            | AnswerPlan::Text { column, .. } => vec![column],
            AnswerPlan::Ticks { columns, .. } => columns.iter().map(|(c, _)| c.as_str()).collect(),
            AnswerPlan::Cells { columns, .. } => columns.iter().map(String::as_str).collect(),
            AnswerPlan::Triad { columns, .. } => columns.iter().map(String::as_str).collect(),
        }
    }
}

/// Which column holds what.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The source's own story id.
    pub id: String,
    pub ids: StoryIds,
    pub body: String,
    /// Whether a row without story text is refused (a Vertelpunt export leaves out the text of
    /// stories that wait for review, so there it is allowed).
    pub body_required: bool,
    pub title: Option<String>,
    pub submitted_at: String,
    pub role: Option<String>,
    pub region: Option<String>,
    pub channel: Option<String>,
    pub language: Option<String>,
    pub synthetic: Option<String>,
    pub default_language: LanguageCode,
    /// The role, region and channel of every story whose row gives none (the file has no
    /// column for it, or the cell is empty).
    pub fixed: Fixed,
    pub answers: Vec<AnswerPlan>,
}

/// When a tick column's cell is ticked.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Tick {
    /// It must be a tick word: 1/x/ja/yes/true, or empty/0/nee/no/false.
    #[default]
    Words,
    /// When it reads one of these (in any case); not ticked otherwise.
    OneOf(Vec<String>),
    /// When it holds anything (e.g. `TikTok` in a column "TikTok"); empty is not ticked.
    AnyValue,
}

/// Values a whole file shares when it has no column for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixed {
    pub role: Option<Role>,
    pub region: Option<String>,
    pub channel: Option<String>,
}

/// The questions of a core questionnaire and its modules.
pub struct Questions<'a>(pub Vec<&'a Questionnaire>);

impl Questions<'_> {
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.0.iter().find_map(|q| q.question(id))
    }
}

/// Words that mean "niet van toepassing" in a cell.
const NOT_APPLICABLE_WORDS: [&str; 6] = [
    "n.v.t.",
    "nvt",
    "n.v.t",
    "niet van toepassing",
    "n/a",
    "not applicable",
];

fn is_not_applicable(v: &str) -> bool {
    NOT_APPLICABLE_WORDS
        .iter()
        .any(|w| v.eq_ignore_ascii_case(w))
}

/// The option a cell names: a value of `values`, an option id, or an option's label.
fn option_of(
    row: &Row,
    column: &str,
    question: &Question,
    values: &BTreeMap<String, String>,
    value: &str,
) -> Result<String, ImportError> {
    let options = question.kind.options();
    if let Some(mapped) = values.get(value) {
        return Ok(mapped.clone());
    }
    if let Some(o) = options.iter().find(|o| o.id == value) {
        return Ok(o.id.clone());
    }
    if let Some(o) = options.iter().find(|o| {
        o.label.nl.trim().eq_ignore_ascii_case(value)
            || o.label.en.trim().eq_ignore_ascii_case(value)
    }) {
        return Ok(o.id.clone());
    }
    Err(row.error(
        column,
        ImportProblem::UnknownOption {
            value: value.to_string(),
            question: question.id.clone(),
        },
    ))
}

/// A role as a cell may name it: the code, or a word of its label (Dutch or English).
pub fn parse_role(value: &str) -> Option<Role> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Some(Role::Onbekend);
    }
    if let Some(r) = Role::from_stored(&v) {
        return Some(r);
    }
    match v.as_str() {
        "kind"
        | "jongere"
        | "jeugdige"
        | "kind of jongere"
        | "kind/jongere"
        | "child"
        | "young person"
        | "youth"
        | "child or young person" => Some(Role::Jongere),
        "ouder" | "verzorger" | "ouder of verzorger" | "ouder/verzorger" | "parent" | "carer"
        | "parent or carer" => Some(Role::Ouder),
        "professional" | "hulpverlener" | "medewerker" => Some(Role::Professional),
        "niet gevraagd" | "not asked" | "unknown" => Some(Role::Onbekend),
        _ => None,
    }
}

/// A jeugdregio as a cell may name it: its code (`JR27`) or its name.
pub fn parse_region(value: &str) -> Option<String> {
    let v = value.trim();
    regions::jeugdregios()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(v) || r.name.eq_ignore_ascii_case(v))
        .map(|r| r.code.clone())
}

/// Checks that the table has the columns of the plan, before any row is read.
fn require_columns(table: &Table, plan: &Plan) -> Result<(), ImportError> {
    table.require(&plan.id, "story id")?;
    table.require(&plan.body, "story")?;
    table.require(&plan.submitted_at, "date")?;
    for (column, what) in [
        (&plan.title, "title"),
        (&plan.role, "role"),
        (&plan.region, "region"),
        (&plan.channel, "channel"),
        (&plan.language, "language"),
        (&plan.synthetic, "synthetic"),
    ] {
        if let Some(c) = column {
            table.require(c, what)?;
        }
    }
    for a in &plan.answers {
        for c in a.required_columns() {
            table.require(c, a.question())?;
        }
    }
    Ok(())
}

/// Reads every story of a table with a plan, checking every cell.
pub fn read(
    table: &Table,
    plan: &Plan,
    questions: &Questions,
) -> Result<Vec<ImportedStory>, ImportError> {
    require_columns(table, plan)?;
    let mut stories = Vec::with_capacity(table.len());
    let mut seen: HashMap<String, u64> = HashMap::new();
    for index in 0..table.len() {
        let row = table.row(index);
        stories.push(read_row(&row, plan, questions, &mut seen)?);
    }
    Ok(stories)
}

/// How the rescaling of numbers from another range to 0–100 rounded them (a slider stores whole
/// numbers): how many values changed, and by how much at most.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rounding {
    pub values: usize,
    pub largest: f64,
}

/// The rounding [`read`] does to the numbers of `table` (read after it, so the numbers are
/// known to be good): `None` when every rescaled value is a whole number.
pub fn rounding(table: &Table, plan: &Plan) -> Option<Rounding> {
    let mut found = Rounding::default();
    for answer in &plan.answers {
        let AnswerPlan::Slider {
            column,
            range: (lo, hi),
            ..
        } = answer
        else {
            continue;
        };
        for index in 0..table.len() {
            let Ok(Some(x)) = table.row(index).number(column) else {
                continue;
            };
            let scaled = (x - lo) / (hi - lo) * 100.0;
            let change = (scaled - scaled.round()).abs();
            if change > 1e-9 {
                found.values += 1;
                found.largest = found.largest.max(change);
            }
        }
    }
    (found.values > 0).then_some(found)
}

/// How many story texts [`read`] stores without the spaces or line breaks that began or ended
/// them in the file (a trailing line break is common in survey exports).
pub fn trimmed_texts(table: &Table, plan: &Plan) -> usize {
    (0..table.len())
        .filter(|&index| {
            let row = table.row(index);
            let raw = row.raw(&plan.body);
            !raw.trim().is_empty() && raw.trim() != raw
        })
        .count()
}

fn read_row(
    row: &Row,
    plan: &Plan,
    questions: &Questions,
    seen: &mut HashMap<String, u64>,
) -> Result<ImportedStory, ImportError> {
    let id = row.get(&plan.id).to_string();
    if id.is_empty() {
        return Err(row.error(&plan.id, ImportProblem::EmptyId));
    }
    if plan.ids == StoryIds::Kept && uuid::Uuid::parse_str(&id).is_err() {
        return Err(row.error(&plan.id, ImportProblem::NotAStoryId { value: id }));
    }
    if let Some(&first_row) = seen.get(&id) {
        return Err(row.error(&plan.id, ImportProblem::DuplicateId { id, first_row }));
    }
    seen.insert(id.clone(), row.number);
    let time = row.get(&plan.submitted_at);
    let submitted_at = crate::timestamp::parse(time).ok_or_else(|| {
        row.error(
            &plan.submitted_at,
            ImportProblem::BadTimestamp {
                value: time.to_string(),
            },
        )
    })?;
    let body = row.get(&plan.body).to_string();
    if body.is_empty() && plan.body_required {
        return Err(row.error(&plan.body, ImportProblem::EmptyStory));
    }
    let language = match &plan.language {
        Some(column) => crate::batch::language_cell(row, column)?,
        None => None,
    }
    .unwrap_or_else(|| plan.default_language.clone());
    let mut story = ImportedStory::new(id, row.number, language, body, submitted_at);
    story.title = plan
        .title
        .as_deref()
        .map(|c| row.get(c).to_string())
        .filter(|t| !t.is_empty());
    if let Some(role) = plan.fixed.role {
        story.role = role;
    }
    story.region = plan.fixed.region.clone();
    story.channel = plan.fixed.channel.clone();
    if let Some(column) = plan.role.as_ref().filter(|c| !row.get(c).is_empty()) {
        let v = row.get(column);
        story.role = parse_role(v).ok_or_else(|| {
            row.error(
                column,
                ImportProblem::UnknownValue {
                    value: v.to_string(),
                    expected: "a role: jongere, ouder or professional",
                },
            )
        })?;
    }
    if let Some(column) = &plan.region {
        let v = row.get(column);
        if !v.is_empty() {
            story.region = Some(parse_region(v).ok_or_else(|| {
                row.error(
                    column,
                    ImportProblem::UnknownValue {
                        value: v.to_string(),
                        expected: "a jeugdregio code (JR01 … JR42) or name",
                    },
                )
            })?);
        }
    }
    if let Some(channel) = plan
        .channel
        .as_deref()
        .map(|c| row.get(c).to_string())
        .filter(|c| !c.is_empty())
    {
        story.channel = Some(channel);
    }
    if let Some(column) = &plan.synthetic {
        story.synthetic = row.ticked(column)?;
    }
    for a in &plan.answers {
        let question = questions
            .get(a.question())
            .expect("a plan names questions of its questionnaires");
        if let Some((column, value)) = read_answer(row, a, question)? {
            check_answer(question, &value, |c| regions::region(c).is_some())
                .map_err(|e| row.error(&column, ImportProblem::AnswerRefused(e.to_string())))?;
            story.answers.push((question.id.clone(), value));
        }
    }
    Ok(story)
}

fn ticked_optional(row: &Row, column: &Option<String>) -> Result<bool, ImportError> {
    match column {
        Some(c) => row.ticked(c),
        None => Ok(false),
    }
}

/// The answer in a row, with the column it came from; `None` when the question is unanswered.
fn read_answer(
    row: &Row,
    plan: &AnswerPlan,
    question: &Question,
) -> Result<Option<(String, AnswerValue)>, ImportError> {
    let found = |column: &str, value| Ok(Some((column.to_string(), value)));
    match plan {
        AnswerPlan::Slider {
            column,
            range,
            not_applicable,
            ..
        } => {
            if ticked_optional(row, not_applicable)? || is_not_applicable(row.get(column)) {
                return found(column, AnswerValue::NotApplicable);
            }
            let Some(x) = row.number(column)? else {
                return Ok(None);
            };
            let (lo, hi) = *range;
            if x < lo.min(hi) || x > lo.max(hi) {
                return Err(row.error(
                    column,
                    ImportProblem::OutsideRange {
                        value: x,
                        min: lo,
                        max: hi,
                    },
                ));
            }
            let value = ((x - lo) / (hi - lo) * 100.0).round() as i32;
            found(column, AnswerValue::Slider { value })
        }
        AnswerPlan::Choice {
            column,
            values,
            not_applicable,
            ..
        } => {
            let v = row.get(column);
            if ticked_optional(row, not_applicable)? || is_not_applicable(v) {
                return found(column, AnswerValue::NotApplicable);
            }
            if v.is_empty() {
                return Ok(None);
            }
            let option = option_of(row, column, question, values, v)?;
            let value = match question.kind {
                QuestionKind::Scale { .. } => AnswerValue::Scale { option },
                QuestionKind::MultipleChoice { .. } => AnswerValue::MultipleChoice {
                    options: vec![option],
                },
                _ => AnswerValue::SingleChoice { option },
            };
            found(column, value)
        }
        AnswerPlan::Ticks {
            columns, ticked, ..
        } => {
            let mut picked = Vec::new();
            for (column, option) in columns {
                let cell = row.get(column);
                let ticked = match ticked {
                    Tick::Words => row.ticked(column)?,
                    Tick::OneOf(values) => {
                        values.iter().any(|v| v.trim().eq_ignore_ascii_case(cell))
                    }
                    Tick::AnyValue => !cell.is_empty(),
                };
                if ticked {
                    picked.push(option.clone());
                }
            }
            if picked.is_empty() {
                return Ok(None);
            }
            found(
                &columns[0].0,
                AnswerValue::MultipleChoice { options: picked },
            )
        }
        AnswerPlan::Cells {
            columns, values, ..
        } => {
            let mut picked: Vec<String> = Vec::new();
            for column in columns {
                let v = row.get(column);
                if v.is_empty() {
                    continue;
                }
                let option = option_of(row, column, question, values, v)?;
                if !picked.contains(&option) {
                    picked.push(option);
                }
            }
            if picked.is_empty() {
                return Ok(None);
            }
            found(&columns[0], AnswerValue::MultipleChoice { options: picked })
        }
        AnswerPlan::List {
            column,
            separator,
            values,
            ..
        } => {
            let v = row.get(column);
            if v.is_empty() {
                return Ok(None);
            }
            let mut picked: Vec<String> = Vec::new();
            for part in v
                .split(separator.as_str())
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let option = option_of(row, column, question, values, part)?;
                if !picked.contains(&option) {
                    picked.push(option);
                }
            }
            if picked.is_empty() {
                return Ok(None);
            }
            found(column, AnswerValue::MultipleChoice { options: picked })
        }
        AnswerPlan::Triad {
            columns,
            not_applicable,
            ..
        } => {
            if ticked_optional(row, not_applicable)? {
                let column = not_applicable.as_deref().unwrap_or(&columns[0]);
                return found(column, AnswerValue::NotApplicable);
            }
            let values = [
                row.number(&columns[0])?,
                row.number(&columns[1])?,
                row.number(&columns[2])?,
            ];
            let given = values.iter().flatten().count();
            match given {
                0 => return Ok(None),
                3 => {}
                _ => {
                    return Err(row.error(
                        &columns[values.iter().position(Option::is_none).unwrap_or(0)],
                        ImportProblem::TriadIncomplete { given },
                    ))
                }
            }
            let v = values.map(Option::unwrap_or_default);
            if let Some(i) = v.iter().position(|x| *x < 0.0) {
                return Err(row.error(
                    &columns[i],
                    ImportProblem::OutsideRange {
                        value: v[i],
                        min: 0.0,
                        max: 100.0,
                    },
                ));
            }
            let sum: f64 = v.iter().sum();
            // Shares as fractions (summing to 1) or as percentages (summing to 100).
            let scale = if (sum - 1.0).abs() <= 0.01 {
                100.0
            } else if (sum - 100.0).abs() <= 0.5 {
                1.0
            } else {
                return Err(row.error(
                    &columns[0],
                    ImportProblem::TriadSum {
                        sum: (sum * 1e6).round() / 1e6,
                        expected: 100.0,
                    },
                ));
            };
            let mut shares = v.map(|x| x * scale);
            let total: f64 = shares.iter().sum();
            if (total - 100.0).abs() > 1e-9 {
                shares = shares.map(|x| x / total * 100.0);
            }
            found(&columns[0], AnswerValue::Triad { shares })
        }
        AnswerPlan::Text { column, .. } => {
            let v = row.get(column);
            if v.is_empty() {
                return Ok(None);
            }
            let value = match question.kind {
                QuestionKind::Region => AnswerValue::Region {
                    code: parse_region(v).ok_or_else(|| {
                        row.error(
                            column,
                            ImportProblem::UnknownValue {
                                value: v.to_string(),
                                expected: "a jeugdregio code (JR01 … JR42) or name",
                            },
                        )
                    })?,
                },
                _ => AnswerValue::FreeText {
                    text: v.to_string(),
                },
            };
            found(column, value)
        }
    }
}
