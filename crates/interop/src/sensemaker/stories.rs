//! Reads the rows of a SenseMaker CSV export into imported stories, checking every cell.
//!
//! The export has one row per story: `id`, `language`, `server_upload_time` (milliseconds
//! since 1970), then the signifier columns named after the definition's ids. Every value is
//! checked as the public form checks it; the first bad cell refuses the whole file, naming its
//! row and column.

use std::collections::HashMap;

use vertelpunt_model::answer::check_answer;
use vertelpunt_model::{AnswerValue, LanguageCode, Questionnaire};

use super::questionnaire::{Mapping, Reader};
use crate::batch::ImportedStory;
use crate::error::{ImportError, ImportProblem};
use crate::table::{Row, Separators, Table};

/// How far from 1 the three corner shares of a triad may add up (SenseMaker writes 16 digits;
/// shares a hair below 0 come from its geometry and count as 0).
const TRIAD_TOLERANCE: f64 = 0.01;

/// A share or position, 0–1; `None` when the cell is empty.
fn fraction(row: &Row, column: &str) -> Result<Option<f64>, ImportError> {
    let Some(x) = row.number(column)? else {
        return Ok(None);
    };
    if !(-TRIAD_TOLERANCE..=1.0 + TRIAD_TOLERANCE).contains(&x) {
        return Err(row.error(column, ImportProblem::OutOfRange { value: x }));
    }
    Ok(Some(x.clamp(0.0, 1.0)))
}

/// The rounding [`read`] does to the positions of dyads and stones (a share 0–1 becomes a whole
/// number 0–100); `None` when every stored value was whole already. Read after [`read`], so
/// the numbers are known to be good.
pub fn rounding(table: &Table, mapping: &Mapping) -> Option<crate::tabular::Rounding> {
    let mut found = crate::tabular::Rounding::default();
    for index in 0..table.len() {
        let row = table.row(index);
        for reader in &mapping.readers {
            let columns: Vec<&String> = match reader {
                Reader::Dyad {
                    x, not_applicable, ..
                } if !row.ticked(not_applicable).unwrap_or(false) => vec![x],
                Reader::Stone { x, y, .. } => vec![x, y],
                _ => continue,
            };
            for column in columns {
                let Ok(Some(x)) = fraction(&row, column) else {
                    continue;
                };
                let scaled = x * 100.0;
                let change = (scaled - scaled.round()).abs();
                if change > 1e-9 {
                    found.values += 1;
                    found.largest = found.largest.max(change);
                }
            }
        }
    }
    (found.values > 0).then_some(found)
}

/// How many story texts [`read`] stores without the spaces or line breaks that began or ended
/// them in the export.
pub fn trimmed_texts(table: &Table, mapping: &Mapping) -> usize {
    let Some(column) = mapping.readers.iter().find_map(|r| match r {
        Reader::Story { column } => Some(column),
        _ => None,
    }) else {
        return 0;
    };
    (0..table.len())
        .filter(|&index| {
            let raw = table.row(index).raw(column);
            !raw.trim().is_empty() && raw.trim() != raw
        })
        .count()
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
                fraction(row, &shares[0])?,
                fraction(row, &shares[1])?,
                fraction(row, &shares[2])?,
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
                        expected: 1.0,
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
            match fraction(row, x)? {
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
        } => match (fraction(row, x)?, fraction(row, y)?) {
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

/// Reads the export's cells: comma-separated UTF-8 with the columns every story needs. An
/// export with a title row above the column ids (question texts, then ids) is read from the
/// ids, and the titles are given back.
pub fn parse(file: &str, bytes: &[u8]) -> Result<(Table, Option<Vec<String>>), ImportError> {
    let mut table = Table::from_csv(file, bytes, Separators::Comma)?;
    let mut titles = None;
    // The row of ids repeats the metadata names (`id`) under a title row that has them too, or
    // sits under a title row that names them otherwise.
    let ids_below =
        !table.is_empty() && (!table.has(ID_COLUMN) || table.row(0).get(ID_COLUMN) == ID_COLUMN);
    if ids_below {
        let (below, above) = table.clone().promote_first_row()?;
        if below.has(ID_COLUMN) && below.has(TIME_COLUMN) {
            table = below;
            titles = Some(above);
        }
    }
    for (column, what) in [(ID_COLUMN, "story id"), (TIME_COLUMN, "upload time")] {
        table.require(column, what)?;
    }
    Ok((table, titles))
}

/// Reads every story of a table. `questionnaire` is the checked form of `mapping.definition`.
pub fn read(
    table: &Table,
    mapping: &Mapping,
    questionnaire: &Questionnaire,
    default_language: &LanguageCode,
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
        let language = crate::batch::language_cell(&row, LANGUAGE_COLUMN)?
            .unwrap_or_else(|| default_language.clone());
        let mut story = ImportedStory::new(id, number, language, String::new(), submitted_at);
        for reader in &mapping.readers {
            match reader {
                // Texts that went through a web page come with `&amp;` for `&`: decoded.
                Reader::Story { column } => {
                    story.body = crate::html::decode_entities(row.get(column))
                }
                Reader::Title { column } => {
                    story.title = Some(crate::html::decode_entities(row.get(column)))
                        .filter(|t| !t.is_empty())
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
