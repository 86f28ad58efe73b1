//! Reads the rows of a SenseMaker CSV export into imported stories, checking every cell.
//!
//! The export has one row per story: `id`, `language`, `server_upload_time` (milliseconds
//! since 1970), then the signifier columns named after the definition's ids. Every value is
//! checked as the public form checks it; the first bad cell refuses the whole file, naming its
//! row and column.

use std::collections::HashMap;

use vertelpunt_model::answer::check_answer;
use vertelpunt_model::{AnswerValue, Lang, Questionnaire};

use super::questionnaire::{Mapping, Reader};
use crate::batch::ImportedStory;
use crate::error::{ImportError, ImportProblem};

/// How far from 1 the three corner shares of a triad may add up (SenseMaker writes 16 digits;
/// shares a hair below 0 come from its geometry and count as 0).
const TRIAD_TOLERANCE: f64 = 0.01;

struct Row<'a> {
    file: &'a str,
    number: u64,
    fields: Vec<&'a str>,
    columns: &'a HashMap<String, usize>,
}

impl<'a> Row<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.columns
            .get(column)
            .map(|&i| self.fields[i].trim())
            .unwrap_or("")
    }

    fn error(&self, column: &str, problem: ImportProblem) -> ImportError {
        ImportError::at(self.file, self.number, Some(column), problem)
    }

    fn ticked(&self, column: &str) -> Result<bool, ImportError> {
        match self.get(column).to_ascii_lowercase().as_str() {
            "" | "0" | "false" => Ok(false),
            "1" | "true" | "x" => Ok(true),
            other => Err(self.error(
                column,
                ImportProblem::NotATick {
                    value: other.to_string(),
                },
            )),
        }
    }

    /// A share or position, 0–1; `None` when the cell is empty.
    fn fraction(&self, column: &str) -> Result<Option<f64>, ImportError> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        let x: f64 = v.parse().map_err(|_| {
            self.error(
                column,
                ImportProblem::NotANumber {
                    value: v.to_string(),
                },
            )
        })?;
        if !x.is_finite() || !(-TRIAD_TOLERANCE..=1.0 + TRIAD_TOLERANCE).contains(&x) {
            return Err(self.error(column, ImportProblem::OutOfRange { value: x }));
        }
        Ok(Some(x.clamp(0.0, 1.0)))
    }
}

fn slider(x: f64) -> AnswerValue {
    AnswerValue::Slider {
        value: (x * 100.0).round() as i32,
    }
}

/// Reads the answers of one row; `push` receives (question id, column, value).
fn read_answers(
    row: &Row,
    reader: &Reader,
    push: &mut dyn FnMut(&str, &str, AnswerValue) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    match reader {
        Reader::Story { .. } | Reader::Title { .. } => Ok(()),
        Reader::FreeText { question, column } => {
            let text = row.get(column);
            if text.is_empty() {
                return Ok(());
            }
            push(
                question,
                column,
                AnswerValue::FreeText {
                    text: text.to_string(),
                },
            )
        }
        Reader::Single {
            question,
            title,
            column,
            options,
            tick_box,
        } => {
            let v = row.get(column);
            if v.is_empty() {
                return Ok(());
            }
            let Some((_, _, option)) = options
                .iter()
                .find(|(id, item_title, _)| id == v || item_title == v)
            else {
                return Err(row.error(
                    column,
                    ImportProblem::UnknownOption {
                        value: v.to_string(),
                        question: title.clone(),
                    },
                ));
            };
            let value = if *tick_box {
                AnswerValue::MultipleChoice {
                    options: vec![option.clone()],
                }
            } else {
                AnswerValue::SingleChoice {
                    option: option.clone(),
                }
            };
            push(question, column, value)
        }
        Reader::Multi {
            question,
            title,
            max,
            columns,
        } => {
            let mut picked = Vec::new();
            for (column, option) in columns {
                if row.ticked(column)? {
                    picked.push(option.clone());
                }
            }
            if picked.is_empty() {
                return Ok(());
            }
            if picked.len() > *max as usize {
                return Err(row.error(
                    &columns[0].0,
                    ImportProblem::TooManyPicks {
                        picked: picked.len(),
                        max: *max,
                        question: title.clone(),
                    },
                ));
            }
            push(
                question,
                &columns[0].0,
                AnswerValue::MultipleChoice { options: picked },
            )
        }
        Reader::Triad {
            question,
            shares,
            not_applicable,
            ..
        } => {
            if row.ticked(not_applicable)? {
                return push(question, not_applicable, AnswerValue::NotApplicable);
            }
            let values = [
                row.fraction(&shares[0])?,
                row.fraction(&shares[1])?,
                row.fraction(&shares[2])?,
            ];
            let given = values.iter().flatten().count();
            match given {
                0 => return Ok(()),
                3 => {}
                _ => {
                    return Err(row.error(
                        &shares[values.iter().position(Option::is_none).unwrap_or(0)],
                        ImportProblem::TriadIncomplete { given },
                    ))
                }
            }
            let v = values.map(Option::unwrap_or_default);
            let sum: f64 = v.iter().sum();
            if (sum - 1.0).abs() > TRIAD_TOLERANCE {
                return Err(row.error(
                    &shares[0],
                    ImportProblem::TriadSum {
                        sum: (sum * 1e6).round() / 1e6,
                    },
                ));
            }
            push(
                question,
                &shares[0],
                AnswerValue::Triad {
                    shares: v.map(|x| x / sum * 100.0),
                },
            )
        }
        Reader::Dyad {
            question,
            x,
            not_applicable,
            ..
        } => {
            if row.ticked(not_applicable)? {
                return push(question, not_applicable, AnswerValue::NotApplicable);
            }
            match row.fraction(x)? {
                Some(v) => push(question, x, slider(v)),
                None => Ok(()),
            }
        }
        Reader::Stone {
            question_x,
            question_y,
            x,
            y,
            ..
        } => match (row.fraction(x)?, row.fraction(y)?) {
            (None, None) => Ok(()),
            (Some(vx), Some(vy)) => {
                push(question_x, x, slider(vx))?;
                push(question_y, y, slider(vy))
            }
            (None, Some(_)) => Err(row.error(x, ImportProblem::StoneIncomplete)),
            (Some(_), None) => Err(row.error(y, ImportProblem::StoneIncomplete)),
        },
    }
}

/// The columns a reader needs; `_NA` columns are optional.
fn required_columns(reader: &Reader) -> Vec<(&str, &str)> {
    match reader {
        Reader::Story { column } => vec![(column, "story")],
        Reader::Title { column } => vec![(column, "title")],
        Reader::FreeText { column, question } => vec![(column, question)],
        Reader::Single { column, title, .. } => vec![(column, title)],
        Reader::Multi { columns, title, .. } => columns
            .iter()
            .map(|(c, _)| (c.as_str(), title.as_str()))
            .collect(),
        Reader::Triad { shares, title, .. } => shares
            .iter()
            .map(|c| (c.as_str(), title.as_str()))
            .collect(),
        Reader::Dyad { x, title, .. } => vec![(x, title)],
        Reader::Stone { x, y, title, .. } => vec![(x, title), (y, title)],
    }
}

const ID_COLUMN: &str = "id";
const TIME_COLUMN: &str = "server_upload_time";
const LANGUAGE_COLUMN: &str = "language";

/// The cells of an export, checked for encoding and shape, with the columns every story needs.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub names: Vec<String>,
    columns: HashMap<String, usize>,
    /// (row number as a spreadsheet counts it, cells)
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Reads the CSV: UTF-8, comma-separated, a header and rows of the header's length.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Table, ImportError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ImportError::file(file, ImportProblem::Empty));
        }
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = csv.byte_records();
        let malformed = |row: u64, e: csv::Error| {
            ImportError::at(
                file,
                row,
                None,
                ImportProblem::Malformed {
                    expected: "CSV file",
                    detail: e.to_string(),
                },
            )
        };
        let header = match records.next() {
            Some(r) => r.map_err(|e| malformed(1, e))?,
            None => return Err(ImportError::file(file, ImportProblem::Empty)),
        };
        let mut names = Vec::with_capacity(header.len());
        for field in header.iter() {
            let name = std::str::from_utf8(field)
                .map_err(|_| ImportError::at(file, 1, None, ImportProblem::NotUtf8))?;
            names.push(name.trim().to_string());
        }
        if names.len() == 1 {
            if let Some(found) = [';', '\t', '|'].into_iter().find(|d| names[0].contains(*d)) {
                return Err(ImportError::file(
                    file,
                    ImportProblem::WrongDelimiter { found },
                ));
            }
        }
        let columns: HashMap<String, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        let mut rows = Vec::new();
        for (index, record) in records.enumerate() {
            let number = index as u64 + 2;
            let record = record.map_err(|e| malformed(number, e))?;
            if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
                continue; // a blank line
            }
            if record.len() != names.len() {
                return Err(ImportError::at(
                    file,
                    number,
                    None,
                    ImportProblem::RowLength {
                        found: record.len(),
                        expected: names.len(),
                    },
                ));
            }
            let mut fields = Vec::with_capacity(record.len());
            for (i, field) in record.iter().enumerate() {
                let text = std::str::from_utf8(field).map_err(|_| {
                    ImportError::at(file, number, Some(&names[i]), ImportProblem::NotUtf8)
                })?;
                fields.push(text.to_string());
            }
            rows.push((number, fields));
        }
        let table = Table {
            file: file.to_string(),
            names,
            columns,
            rows,
        };
        for (column, what) in [(ID_COLUMN, "story id"), (TIME_COLUMN, "upload time")] {
            table.require(column, what)?;
        }
        Ok(table)
    }

    fn require(&self, column: &str, question: &str) -> Result<(), ImportError> {
        if self.columns.contains_key(column) {
            return Ok(());
        }
        Err(ImportError::at(
            &self.file,
            1,
            Some(column),
            ImportProblem::MissingColumn {
                question: question.to_string(),
            },
        ))
    }

    fn row(&self, index: usize) -> Row<'_> {
        let (number, cells) = &self.rows[index];
        Row {
            file: &self.file,
            number: *number,
            fields: cells.iter().map(String::as_str).collect(),
            columns: &self.columns,
        }
    }

    /// How many stories (rows).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The distinct values of a column, in order of first appearance, with their counts.
    pub fn values(&self, column: &str) -> Vec<(String, usize)> {
        let Some(&i) = self.columns.get(column) else {
            return Vec::new();
        };
        let mut out: Vec<(String, usize)> = Vec::new();
        for (_, cells) in &self.rows {
            let v = cells[i].trim();
            if v.is_empty() {
                continue;
            }
            match out.iter_mut().find(|(seen, _)| seen == v) {
                Some((_, n)) => *n += 1,
                None => out.push((v.to_string(), 1)),
            }
        }
        out
    }
}

/// Reads every story of a table. `questionnaire` is the checked form of `mapping.definition`.
pub fn read(
    table: &Table,
    mapping: &Mapping,
    questionnaire: &Questionnaire,
    default_language: Lang,
) -> Result<Vec<ImportedStory>, ImportError> {
    for reader in &mapping.readers {
        for (column, question) in required_columns(reader) {
            table.require(column, question)?;
        }
    }
    let mut stories = Vec::with_capacity(table.len());
    let mut seen: HashMap<String, u64> = HashMap::new();
    for index in 0..table.len() {
        let row = table.row(index);
        let number = row.number;
        let id = row.get(ID_COLUMN).to_string();
        if id.is_empty() {
            return Err(row.error(ID_COLUMN, ImportProblem::EmptyId));
        }
        if let Some(&first_row) = seen.get(&id) {
            return Err(row.error(ID_COLUMN, ImportProblem::DuplicateId { id, first_row }));
        }
        seen.insert(id.clone(), number);
        let time = row.get(TIME_COLUMN);
        let submitted_at = crate::timestamp::parse(time).ok_or_else(|| {
            row.error(
                TIME_COLUMN,
                ImportProblem::BadTimestamp {
                    value: time.to_string(),
                },
            )
        })?;
        let mut story = ImportedStory {
            external_id: id,
            row: number,
            language: Lang::parse(row.get(LANGUAGE_COLUMN)).unwrap_or(default_language),
            title: None,
            body: String::new(),
            submitted_at,
            answers: Vec::new(),
        };
        for reader in &mapping.readers {
            match reader {
                Reader::Story { column } => story.body = row.get(column).to_string(),
                Reader::Title { column } => {
                    story.title = Some(row.get(column).to_string()).filter(|t| !t.is_empty())
                }
                _ => {}
            }
            read_answers(&row, reader, &mut |question, column, value| {
                let q = questionnaire
                    .question(question)
                    .expect("every reader's question is in the generated questionnaire");
                check_answer(q, &value, |_| false)
                    .map_err(|e| row.error(column, ImportProblem::AnswerRefused(e.to_string())))?;
                story.answers.push((question.to_string(), value));
                Ok(())
            })?;
        }
        stories.push(story);
    }
    Ok(stories)
}
