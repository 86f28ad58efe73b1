//! NarraFirma: a story form CSV (which column holds what) and a stories CSV.
//!
//! [`form::parse`] reads the story form as NarraFirma's import guide describes it;
//! [`prepare`] turns it into a generated Vertelpunt questionnaire and reads every story with
//! the checks of [`crate::tabular`]; [`export`] writes a selection as NarraFirma reads it.
//!
//! | NarraFirma                                   | Vertelpunt                              |
//! |----------------------------------------------|-----------------------------------------|
//! | story text (+ columns appended to it)        | the story                               |
//! | story title                                  | the story title                         |
//! | eliciting question                           | single choice `vertelvraag`             |
//! | Single choice (indexed), Radiobuttons        | single choice                           |
//! | Scale                                        | slider (the range rescaled to 0–100)    |
//! | every multi-choice type, Checkbox            | multiple choice                         |
//! | Boolean                                      | single choice ja/nee                    |
//! | Text, Textarea                               | free text                               |
//! | a single choice on a column `role` or `region` whose answers are roles or jeugdregio's | the story's role or region |
//!
//! Answers that share a graph name (`happy|positive`, `glad|positive`) become one option, as
//! NarraFirma lumps them. The participant id is not stored: tellers stay anonymous. NarraFirma
//! files have no story ids: a story's id is derived from its whole row, so importing the same
//! file again adds nothing.

pub mod export;
pub mod form;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use uuid::Uuid;
use vertelpunt_model::definition::{RawCompleteness, RawDefinition, RawOption, RawQuestion};
use vertelpunt_model::validate::validate;
use vertelpunt_model::{LanguageCode, Text};

use crate::batch::{ImportedStory, StoryIds};
use crate::error::{ImportError, ImportProblem};
use crate::sensemaker::questionnaire::{slug, Ids, MAX_FREE_TEXT};
use crate::table::Table;
use crate::tabular::{self, parse_region, parse_role, AnswerPlan, Plan, Questions};
pub use form::{FormType, StoryForm};

/// The source code stored with imported stories (`import:narrafirma`).
pub const SOURCE: &str = "narrafirma";
/// The column added to the stories for the derived story id.
const ID_COLUMN: &str = "(verhaal-id)";
/// The column added when the file has no dates: the moment of the import.
const DATE_COLUMN: &str = "(datum van import)";
/// The id of the question made from the eliciting question.
pub const ELICITING_QUESTION: &str = "vertelvraag";
/// The id of the story question.
pub const STORY_QUESTION: &str = "verhaal";
/// The id of the title question.
pub const TITLE_QUESTION: &str = "titel";
/// The id of the role question.
pub const ROLE_QUESTION: &str = "rol";
/// Rows whose title or story is exactly this are test stories, skipped (as NarraFirma does).
const TEST_STORY: &str = "testing123";
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x6e61_7272_6166_4f72_8d61_0000_0000_0001);

/// A story form and stories file read and checked, ready to be stored.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub form: StoryForm,
    pub definition: RawDefinition,
    pub stories: Vec<ImportedStory>,
    /// Rows skipped because the story has fewer words than the form's minimum.
    pub too_short: usize,
    /// Rows skipped as test stories ("testing123").
    pub tests: usize,
}

fn same(text: &str) -> Text {
    Text::new(text, text)
}

fn form_error(file: &str, message: String) -> ImportError {
    ImportError::file(file, ImportProblem::InvalidDefinition(message))
}

/// A header with the form's texts removed, trimmed; a repeated name gets ` #2`, ` #3`, … so
/// that multi-column answers keep every column.
fn header_names(header: &[String], remove: &[String]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    header
        .iter()
        .map(|h| {
            let mut name = h.clone();
            for r in remove.iter().filter(|r| !r.is_empty()) {
                name = name.replace(r.as_str(), "");
            }
            let name = name.trim().to_string();
            if name.is_empty() {
                return name;
            }
            let n = seen.entry(name.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                name
            } else {
                format!("{name} #{n}")
            }
        })
        .collect()
}

/// The columns of a multi-column question: its name and its repeats.
fn repeats<'a>(names: &'a [String], column: &str) -> Vec<&'a str> {
    names
        .iter()
        .filter(|n| {
            n.as_str() == column
                || n.strip_prefix(column)
                    .and_then(|rest| rest.strip_prefix(" #"))
                    .is_some_and(|k| k.parse::<usize>().is_ok())
        })
        .map(String::as_str)
        .collect()
}

/// The column of one answer of a yes/no question: `Question [answer]` with the form's separator
/// and ending (spaces around them do not matter).
fn yes_no_column<'a>(
    names: &'a [String],
    column: &str,
    answer: &str,
    separator: &str,
    ending: &str,
) -> Option<&'a str> {
    names
        .iter()
        .find(|n| {
            let Some(rest) = n.strip_prefix(column) else {
                return false;
            };
            let rest = rest.trim_start();
            let Some(rest) = rest.strip_prefix(separator.trim()) else {
                return false;
            };
            let rest = rest.trim();
            let rest = rest.strip_suffix(ending.trim()).unwrap_or(rest).trim();
            rest == answer
        })
        .map(String::as_str)
}

/// Options from answers: answers sharing a name are one option. Returns the options and the
/// data text → option id map.
fn options(answers: &[form::Answer]) -> (Vec<RawOption>, BTreeMap<String, String>) {
    let mut names: Vec<(&str, Vec<&str>)> = Vec::new();
    for a in answers {
        match names.iter_mut().find(|(n, _)| *n == a.name) {
            Some((_, data)) => data.push(&a.data),
            None => names.push((&a.name, vec![&a.data])),
        }
    }
    let mut ids = Ids::default();
    let mut raw = Vec::new();
    let mut values = BTreeMap::new();
    for (i, (name, data)) in names.iter().enumerate() {
        let base = if data.len() == 1 {
            slug(data[0], 40)
        } else {
            slug(name, 40)
        };
        let id = ids.unique(if base.is_empty() {
            format!("optie_{}", i + 1)
        } else {
            base
        });
        raw.push(RawOption::new(
            id.clone(),
            Text::new(name.to_string(), name.to_string()),
        ));
        for d in data {
            values.insert(d.to_string(), id.clone());
        }
    }
    (raw, values)
}

/// Cells of a CSV row with the row's number.
type NumberedRow = (u64, Vec<String>);

/// The stories file's rows, padded to the header's length (trailing empty cells may be left
/// out by spreadsheets); a longer row with text beyond the header is refused.
fn data_rows(
    file: &str,
    bytes: &[u8],
) -> Result<(u64, Vec<String>, Vec<NumberedRow>), ImportError> {
    let mut rows = form::records(file, bytes)?
        .into_iter()
        .filter(|(_, cells)| {
            let first = cells.first().map(|c| c.trim()).unwrap_or_default();
            !first.starts_with(';') && cells.iter().any(|c| !c.trim().is_empty())
        });
    let Some((header_row, header)) = rows.next() else {
        return Err(ImportError::file(file, ImportProblem::Empty));
    };
    let width = header.len();
    let mut out = Vec::new();
    for (number, mut cells) in rows {
        if cells.len() > width {
            if cells[width..].iter().any(|c| !c.trim().is_empty()) {
                return Err(ImportError::at(
                    file,
                    number,
                    None,
                    ImportProblem::RowLength {
                        found: cells.len(),
                        expected: width,
                    },
                ));
            }
            cells.truncate(width);
        }
        cells.resize(width, String::new());
        out.push((number, cells));
    }
    Ok((header_row, header, out))
}

struct Built {
    questions: Vec<RawQuestion>,
    answers: Vec<AnswerPlan>,
    role: Option<String>,
    region: Option<String>,
}

fn missing(file: &str, row: u64, column: &str, question: &str) -> ImportError {
    ImportError::at(
        file,
        row,
        Some(column),
        ImportProblem::MissingColumn {
            question: question.to_string(),
        },
    )
}

/// The questionnaire's questions and how to read each from the stories file.
fn build(
    form: &StoryForm,
    names: &[String],
    data_file: &str,
    header_row: u64,
) -> Result<Built, ImportError> {
    let mut ids = Ids::default();
    for fixed in [
        ROLE_QUESTION,
        STORY_QUESTION,
        TITLE_QUESTION,
        ELICITING_QUESTION,
    ] {
        ids.unique(fixed.to_string());
    }
    let mut built = Built {
        questions: Vec::new(),
        answers: Vec::new(),
        role: None,
        region: None,
    };
    if let Some(e) = &form.eliciting {
        if !e.column.is_empty() {
            let (raw, values) = options(&e.answers);
            let mut q = RawQuestion {
                id: ELICITING_QUESTION.into(),
                kind: "single_choice".into(),
                text: same(if e.long_name.is_empty() {
                    "Op welke vraag geeft het verhaal antwoord?"
                } else {
                    &e.long_name
                }),
                options: Some(raw),
                ..RawQuestion::default()
            };
            if !e.short_name.is_empty() {
                q.short = Some(same(&e.short_name));
            }
            built.questions.push(q);
            built.answers.push(AnswerPlan::Choice {
                question: ELICITING_QUESTION.into(),
                column: e.column.clone(),
                values,
                not_applicable: None,
            });
        }
    }
    // Questions about the story first, then about the participant, as NarraFirma shows them.
    let ordered = form
        .questions
        .iter()
        .filter(|q| !q.about_participant)
        .chain(form.questions.iter().filter(|q| q.about_participant));
    for fq in ordered {
        let column = fq.column.as_str();
        let lower = column.to_lowercase();
        let data_values = || fq.answers.iter().map(|a| a.data.as_str());
        if fq.kind == FormType::SingleChoice {
            if (lower == "role" || lower == "rol") && data_values().all(|d| parse_role(d).is_some())
            {
                built.role = Some(column.to_string());
                continue;
            }
            if (lower == "region" || lower == "regio")
                && data_values().all(|d| parse_region(d).is_some())
            {
                built.region = Some(column.to_string());
                continue;
            }
        }
        let base = slug(column, 40);
        let id = ids.unique(match base.chars().next() {
            None => format!("vraag_{}", built.questions.len() + 1),
            Some(c) if !c.is_ascii_lowercase() => format!("v_{base}"),
            Some(_) => base,
        });
        let text = [&fq.long_name, &fq.short_name, &fq.column]
            .into_iter()
            .find(|t| !t.is_empty())
            .cloned()
            .unwrap_or_default();
        let mut q = RawQuestion {
            id: id.clone(),
            kind: "single_choice".into(),
            text: same(&text),
            ..RawQuestion::default()
        };
        if !fq.short_name.is_empty() && fq.short_name != text {
            q.short = Some(same(&fq.short_name));
        }
        let indexed = |values: &mut BTreeMap<String, String>, raw: &[RawOption]| {
            values.clear();
            for (i, a) in fq.answers.iter().enumerate() {
                if let Some(o) = raw.iter().find(|o| o.label.nl == a.name) {
                    values.insert((i + 1).to_string(), o.id.clone());
                }
            }
        };
        let need = |c: &str| -> Result<(), ImportError> {
            if names.iter().any(|n| n == c) {
                Ok(())
            } else {
                Err(missing(data_file, header_row, c, &id))
            }
        };
        let plan = match fq.kind {
            FormType::SingleChoice | FormType::SingleChoiceIndexed => {
                need(column)?;
                let (raw, mut values) = options(&fq.answers);
                if fq.kind == FormType::SingleChoiceIndexed {
                    indexed(&mut values, &raw);
                }
                q.options = Some(raw);
                AnswerPlan::Choice {
                    question: id.clone(),
                    column: column.to_string(),
                    values,
                    not_applicable: None,
                }
            }
            FormType::Boolean => {
                need(column)?;
                q.options = Some(vec![
                    RawOption::new("ja", Text::new("Ja", "Yes")),
                    RawOption::new("nee", Text::new("Nee", "No")),
                ]);
                let values = ["yes", "Yes", "YES", "true", "True", "1"]
                    .into_iter()
                    .map(|v| (v.to_string(), "ja".to_string()))
                    .chain(
                        ["no", "No", "NO", "false", "False", "0"]
                            .into_iter()
                            .map(|v| (v.to_string(), "nee".to_string())),
                    )
                    .collect();
                AnswerPlan::Choice {
                    question: id.clone(),
                    column: column.to_string(),
                    values,
                    not_applicable: None,
                }
            }
            FormType::Scale => {
                need(column)?;
                q.kind = "slider".into();
                let pole = |i: usize, nl: &str, en: &str| match fq.answers.get(i) {
                    Some(a) if !a.data.is_empty() => same(&a.data),
                    _ => Text::new(nl, en),
                };
                q.left = Some(pole(0, "laag", "low"));
                q.right = Some(pole(1, "hoog", "high"));
                AnswerPlan::Slider {
                    question: id.clone(),
                    column: column.to_string(),
                    range: fq.range.or(form.scale_range).unwrap_or((0.0, 100.0)),
                    not_applicable: None,
                }
            }
            FormType::Text => {
                need(column)?;
                q.kind = "free_text".into();
                q.max_length = Some(MAX_FREE_TEXT);
                AnswerPlan::Text {
                    question: id.clone(),
                    column: column.to_string(),
                }
            }
            FormType::MultiColumnTexts => {
                let columns: Vec<String> = repeats(names, column)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                if columns.is_empty() {
                    return Err(missing(data_file, header_row, column, &id));
                }
                let (raw, values) = options(&fq.answers);
                q.kind = "multiple_choice".into();
                q.max_picks = Some(raw.len() as u32);
                q.options = Some(raw);
                AnswerPlan::Cells {
                    question: id.clone(),
                    columns,
                    values,
                }
            }
            FormType::MultiColumnYesNo | FormType::Checkbox => {
                let (raw, values) = options(&fq.answers);
                let mut columns = Vec::new();
                for a in &fq.answers {
                    let c = if fq.kind == FormType::Checkbox {
                        need(column)?;
                        Some(column)
                    } else {
                        yes_no_column(
                            names,
                            column,
                            &a.data,
                            form.yes_no_separator.as_deref().unwrap_or("["),
                            form.yes_no_ending.as_deref().unwrap_or("]"),
                        )
                    };
                    let Some(c) = c else {
                        return Err(missing(
                            data_file,
                            header_row,
                            &format!("{column} [{}]", a.data),
                            &id,
                        ));
                    };
                    let option = values[&a.data].clone();
                    if !columns
                        .iter()
                        .any(|(col, o): &(String, String)| col == c && o == &option)
                    {
                        columns.push((c.to_string(), option));
                    }
                }
                q.kind = "multiple_choice".into();
                q.max_picks = Some(raw.len() as u32);
                q.options = Some(raw);
                AnswerPlan::Ticks {
                    question: id.clone(),
                    columns,
                    ticked: match if fq.kind == FormType::Checkbox {
                        fq.answers.first().map(|a| a.data.clone())
                    } else {
                        form.yes_indicator.clone()
                    } {
                        Some(yes) => crate::tabular::Tick::OneOf(vec![yes]),
                        None => crate::tabular::Tick::Words,
                    },
                }
            }
            FormType::SingleColumnDelimited | FormType::SingleColumnDelimitedIndexed => {
                need(column)?;
                let (raw, mut values) = options(&fq.answers);
                if fq.kind == FormType::SingleColumnDelimitedIndexed {
                    indexed(&mut values, &raw);
                }
                q.kind = "multiple_choice".into();
                q.max_picks = Some(raw.len() as u32);
                q.options = Some(raw);
                AnswerPlan::List {
                    question: id.clone(),
                    column: column.to_string(),
                    separator: form.delimiter.clone().unwrap_or_else(|| ",".into()),
                    values,
                }
            }
        };
        built.questions.push(q);
        built.answers.push(plan);
    }
    Ok(built)
}

/// The story id of a row: derived from all its cells, and from how often the same row came
/// before (two identical rows are two stories).
fn row_id(cells: &[String], seen: &mut HashMap<Uuid, u32>) -> String {
    let joined = cells.join("\u{1f}");
    let base = Uuid::new_v5(&ID_NAMESPACE, joined.as_bytes());
    let n = seen.entry(base).or_insert(0);
    *n += 1;
    if *n == 1 {
        base.to_string()
    } else {
        Uuid::new_v5(&base, n.to_string().as_bytes()).to_string()
    }
}

/// Reads a story form and its stories file into a questionnaire under `key` and checked stories.
/// Stories without a date in the file get `now`.
pub fn prepare(
    form_file: &str,
    form_bytes: &[u8],
    data_file: &str,
    data: &[u8],
    key: &str,
    language: LanguageCode,
    now: NaiveDateTime,
) -> Result<Prepared, ImportError> {
    let form = form::parse(form_file, form_bytes)?;
    let Some(text_column) = form.story_text_column.clone() else {
        return Err(form_error(
            form_file,
            "the story form does not say which column holds the stories: add a row with Type 'Story text column name', About 'import' and the column's name under Answers".into(),
        ));
    };
    let (header_row, header, rows) = data_rows(data_file, data)?;
    let mut names = header_names(&header, &form.remove_from_headers);
    let index = |names: &[String], c: &str| names.iter().position(|n| n == c);
    let text_at = index(&names, &text_column)
        .ok_or_else(|| missing(data_file, header_row, &text_column, "story"))?;
    let title_at = match &form.story_title_column {
        Some(c) => {
            Some(index(&names, c).ok_or_else(|| missing(data_file, header_row, c, "title"))?)
        }
        None => None,
    };
    let mut appended = Vec::new();
    for a in &form.appended {
        let at = index(&names, &a.column)
            .ok_or_else(|| missing(data_file, header_row, &a.column, "story"))?;
        appended.push((at, a.intro.clone()));
    }
    let date_column = match &form.date_column {
        Some(c) => {
            index(&names, c).ok_or_else(|| missing(data_file, header_row, c, "date"))?;
            Some(c.clone())
        }
        None => index(&names, "Collection date").map(|_| "Collection date".to_string()),
    };
    let built = build(&form, &names, data_file, header_row)?;

    // The rows to import: test stories and too-short stories are left out.
    let mut too_short = 0;
    let mut tests = 0;
    let mut seen = HashMap::new();
    let mut kept = Vec::with_capacity(rows.len());
    let now_text = now.format("%Y-%m-%d %H:%M:%S").to_string();
    for (number, mut cells) in rows {
        let is_test = |at: usize| cells[at].trim().eq_ignore_ascii_case(TEST_STORY);
        if is_test(text_at) || title_at.is_some_and(is_test) {
            tests += 1;
            continue;
        }
        if let Some(min) = form.min_words {
            if cells[text_at].split_whitespace().count() < min as usize {
                too_short += 1;
                continue;
            }
        }
        let id = row_id(&cells, &mut seen);
        let mut body = cells[text_at].trim().to_string();
        for (at, intro) in &appended {
            let more = cells[*at].trim();
            if !more.is_empty() {
                match intro {
                    Some(i) => body.push_str(&format!(" {i} {more}")),
                    None => body.push_str(&format!(" --- {more}")),
                }
            }
        }
        cells[text_at] = body;
        cells.push(id);
        if date_column.is_none() {
            cells.push(now_text.clone());
        }
        kept.push((number, cells));
    }
    names.push(ID_COLUMN.into());
    if date_column.is_none() {
        names.push(DATE_COLUMN.into());
    }
    let table = Table::from_numbered(data_file, names, kept)?;

    let mut questions = vec![
        RawQuestion {
            id: ROLE_QUESTION.into(),
            kind: "role".into(),
            text: if built.role.is_some() {
                Text::new("Wie vertelt?", "Who is telling?")
            } else {
                Text::new(
                    "Wie vertelt? (niet gevraagd in NarraFirma)",
                    "Who is telling? (not asked in NarraFirma)",
                )
            },
            ..RawQuestion::default()
        },
        RawQuestion {
            id: STORY_QUESTION.into(),
            kind: "story".into(),
            text: Text::new("Verhaal", "Story"),
            required: true,
            ..RawQuestion::default()
        },
    ];
    if form.story_title_column.is_some() {
        questions.push(RawQuestion {
            id: TITLE_QUESTION.into(),
            kind: "story_title".into(),
            text: Text::new("Titel", "Title"),
            ..RawQuestion::default()
        });
    }
    questions.extend(built.questions);
    let title = form.title.clone().unwrap_or_else(|| key.to_string());
    let definition = RawDefinition {
        languages: None,
        key: key.to_string(),
        kind: "core".into(),
        extends: None,
        title: same(&title),
        description: Some(Text::new(
            format!("Gemaakt uit NarraFirma-verhaalformulier {form_file}."),
            format!("Generated from NarraFirma story form {form_file}."),
        )),
        completeness: Some(RawCompleteness {
            min_words: form.min_words.unwrap_or(1).max(1),
            first_signifiers: 0,
        }),
        questions,
    };
    let checked = validate(&definition).map_err(|e| {
        form_error(
            form_file,
            format!("the questionnaire made from it is not valid:\n{e}"),
        )
    })?;
    let plan = Plan {
        id: ID_COLUMN.into(),
        ids: StoryIds::Derived,
        body: text_column,
        // NarraFirma allows rows without a story (and an export leaves out unreviewed text).
        body_required: false,
        title: form.story_title_column.clone(),
        submitted_at: date_column.unwrap_or_else(|| DATE_COLUMN.into()),
        role: built.role,
        region: built.region,
        channel: None,
        language: None,
        synthetic: None,
        default_language: language,
        fixed: Default::default(),
        answers: built.answers,
    };
    let stories = tabular::read(&table, &plan, &Questions(vec![&checked]))?;
    Ok(Prepared {
        form,
        definition,
        stories,
        too_short,
        tests,
    })
}
