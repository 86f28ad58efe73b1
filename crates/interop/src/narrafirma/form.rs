//! A NarraFirma story form CSV: one row per question or import option, with the columns
//! `Data column name`, `Type`, `About`, `Short name`, `Long name` and `Answers` (every cell from
//! `Answers` rightwards is an answer). Rows whose first cell starts with `;` are comments; rows
//! whose first two cells are empty are skipped, as NarraFirma does.

use crate::error::{ImportError, ImportProblem};

/// How a question's answers are written in the stories file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormType {
    /// The answer's data text in one column (also "Radiobuttons").
    SingleChoice,
    /// The answer's number (1 = first answer) in one column.
    SingleChoiceIndexed,
    /// A number on a scale (default 0–100).
    Scale,
    /// Free text (also "Textarea").
    Text,
    /// Several columns with the question's name, each holding a picked answer's text.
    MultiColumnTexts,
    /// One column per answer (`Question [answer]`) holding a yes or a no.
    MultiColumnYesNo,
    /// The picked answers' texts in one column, separated by the delimiter.
    SingleColumnDelimited,
    /// The picked answers' numbers in one column, separated by the delimiter.
    SingleColumnDelimitedIndexed,
    /// "yes" or anything else.
    Boolean,
    /// One answer that is ticked when the cell reads exactly that answer.
    Checkbox,
}

impl FormType {
    fn parse(text: &str) -> Option<Self> {
        Some(match text.trim().to_lowercase().as_str() {
            "single choice" | "radiobuttons" | "select" => FormType::SingleChoice,
            "single choice indexed" => FormType::SingleChoiceIndexed,
            "scale" | "slider" => FormType::Scale,
            "text" | "textarea" => FormType::Text,
            "multi-choice multi-column texts" | "multiple choice" | "checkboxes" => {
                FormType::MultiColumnTexts
            }
            "multi-choice multi-column yes/no" => FormType::MultiColumnYesNo,
            "multi-choice single-column delimited" => FormType::SingleColumnDelimited,
            "multi-choice single-column delimited indexed" => {
                FormType::SingleColumnDelimitedIndexed
            }
            "boolean" => FormType::Boolean,
            "checkbox" => FormType::Checkbox,
            _ => return None,
        })
    }

    /// The name NarraFirma's story form file uses.
    pub fn name(self) -> &'static str {
        match self {
            FormType::SingleChoice => "Single choice",
            FormType::SingleChoiceIndexed => "Single choice indexed",
            FormType::Scale => "Scale",
            FormType::Text => "Text",
            FormType::MultiColumnTexts => "Multi-choice multi-column texts",
            FormType::MultiColumnYesNo => "Multi-choice multi-column yes/no",
            FormType::SingleColumnDelimited => "Multi-choice single-column delimited",
            FormType::SingleColumnDelimitedIndexed => {
                "Multi-choice single-column delimited indexed"
            }
            FormType::Boolean => "Boolean",
            FormType::Checkbox => "Checkbox",
        }
    }
}

/// A fixed answer: the text in the data file and the name shown (several data texts may share
/// one name: they are lumped into one option).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub data: String,
    pub name: String,
    /// The eliciting question's full text (eliciting answers only).
    pub long: Option<String>,
}

/// A question about the story or the participant.
#[derive(Debug, Clone, PartialEq)]
pub struct FormQuestion {
    /// The story form row, for messages.
    pub row: u64,
    pub column: String,
    pub kind: FormType,
    pub about_participant: bool,
    pub short_name: String,
    pub long_name: String,
    pub answers: Vec<Answer>,
    /// Scale: the range the question gives (after its two pole labels).
    pub range: Option<(f64, f64)>,
}

/// The eliciting question: which question a story answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Eliciting {
    pub column: String,
    pub short_name: String,
    pub long_name: String,
    pub answers: Vec<Answer>,
}

/// A column appended to the story text, with the text written before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
    pub column: String,
    pub intro: Option<String>,
}

/// A story form: its questions and import options.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryForm {
    pub title: Option<String>,
    pub questions: Vec<FormQuestion>,
    pub eliciting: Option<Eliciting>,
    pub story_text_column: Option<String>,
    pub story_title_column: Option<String>,
    pub participant_column: Option<String>,
    /// Vertelpunt's own option: when each story was told (NarraFirma: the collection date).
    pub date_column: Option<String>,
    pub scale_range: Option<(f64, f64)>,
    pub yes_indicator: Option<String>,
    pub yes_no_separator: Option<String>,
    pub yes_no_ending: Option<String>,
    pub delimiter: Option<String>,
    pub min_words: Option<u32>,
    pub appended: Vec<Appended>,
    pub remove_from_headers: Vec<String>,
}

/// "space" stands for a space (a cell cannot show one).
fn spaced(text: &str) -> String {
    if text.trim().eq_ignore_ascii_case("space") {
        " ".to_string()
    } else {
        text.to_string()
    }
}

fn split_answer(text: &str) -> Answer {
    let mut parts = text.split('|').map(str::trim);
    let data = parts.next().unwrap_or_default().to_string();
    let name = parts
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(&data)
        .to_string();
    let long = parts.next().filter(|l| !l.is_empty()).map(str::to_string);
    Answer { data, name, long }
}

/// The records of a CSV file (comma, semicolon or tab, as the header shows) with their row
/// numbers; a byte-order mark is allowed, the text must be UTF-8.
pub fn records(file: &str, bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::file(file, ImportProblem::Empty));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64
            + 1;
        ImportError::at(file, line, None, ImportProblem::NotUtf8)
    })?;
    // The header is the first line that is not a comment.
    let header_line = text
        .lines()
        .find(|l| !l.trim_start().starts_with(';') && !l.trim().is_empty())
        .unwrap_or_default();
    let count = |d: char| header_line.matches(d).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (count(*d as char), *d == b','))
        .unwrap_or(b',');
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (index, record) in csv.records().enumerate() {
        let number = index as u64 + 1;
        let record = record.map_err(|e| {
            ImportError::at(
                file,
                number,
                None,
                ImportProblem::Malformed {
                    expected: "CSV file",
                    detail: e.to_string(),
                },
            )
        })?;
        // A text marker before a formula character (our exports write one) is not part of
        // the text, as in a spreadsheet.
        out.push((
            number,
            record
                .iter()
                .map(|c| vertelpunt_model::spreadsheet::read_cell(c).into_owned())
                .collect(),
        ));
    }
    Ok(out)
}

/// Whether NarraFirma skips a row: a comment, or its first two cells empty.
pub fn skipped(cells: &[String]) -> bool {
    let first = cells.first().map(|c| c.trim()).unwrap_or_default();
    let second = cells.get(1).map(|c| c.trim()).unwrap_or_default();
    first.starts_with(';') || cells.len() < 2 || (first.is_empty() && second.is_empty())
}

const COLUMNS: [&str; 6] = [
    "Data column name",
    "Type",
    "About",
    "Short name",
    "Long name",
    "Answers",
];

fn invalid(file: &str, row: u64, column: &str, message: String) -> ImportError {
    ImportError::at(
        file,
        row,
        Some(column),
        ImportProblem::InvalidDefinition(message),
    )
}

fn number(file: &str, row: u64, text: &str) -> Result<f64, ImportError> {
    text.trim().replace(',', ".").parse().map_err(|_| {
        ImportError::at(
            file,
            row,
            Some("Answers"),
            ImportProblem::NotANumber {
                value: text.trim().to_string(),
            },
        )
    })
}

fn range(file: &str, row: u64, cells: &[String]) -> Result<Option<(f64, f64)>, ImportError> {
    match cells {
        [] => Ok(None),
        [lo, hi, ..] => {
            let (lo, hi) = (number(file, row, lo)?, number(file, row, hi)?);
            if lo == hi {
                return Err(invalid(
                    file,
                    row,
                    "Answers",
                    format!("the scale range {lo}–{hi} is empty"),
                ));
            }
            Ok(Some((lo, hi)))
        }
        [_] => Err(invalid(
            file,
            row,
            "Answers",
            "a scale range needs two numbers: the lowest and the highest".into(),
        )),
    }
}

/// Reads a story form CSV.
pub fn parse(file: &str, bytes: &[u8]) -> Result<StoryForm, ImportError> {
    let rows = records(file, bytes)?;
    let mut rows = rows.into_iter().filter(|(_, cells)| !skipped(cells));
    let Some((header_row, header)) = rows.next() else {
        return Err(ImportError::file(file, ImportProblem::Empty));
    };
    let position = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let mut at = [0usize; 6];
    for (i, name) in COLUMNS.iter().enumerate() {
        at[i] = position(name).ok_or_else(|| {
            ImportError::at(
                file,
                header_row,
                Some(name),
                ImportProblem::MissingColumn {
                    question: "a NarraFirma story form".into(),
                },
            )
        })?;
    }
    let [data_at, type_at, about_at, short_at, long_at, answers_at] = at;
    let mut form = StoryForm::default();
    for (row, cells) in rows {
        let cell = |i: usize| cells.get(i).map(|c| c.trim()).unwrap_or_default();
        let answers: Vec<String> = cells
            .iter()
            .skip(answers_at)
            .map(|c| c.trim_matches(|c| c == '\r' || c == '\n').to_string())
            .filter(|c| !c.trim().is_empty())
            .collect();
        let first = || answers.first().map(|a| a.trim().to_string());
        let kind = cell(type_at);
        match cell(about_at).to_lowercase().as_str() {
            "import" => {
                let value = first();
                match kind.to_lowercase().as_str() {
                    "story text column name" => form.story_text_column = value,
                    "story title column name" => form.story_title_column = value,
                    "participant id column name" => form.participant_column = value,
                    "collection date column name" => form.date_column = value,
                    "scale range" => form.scale_range = range(file, row, &answers)?,
                    "yes no questions yes indicator" => form.yes_indicator = value,
                    // Spaces around the separator are trimmed, as NarraFirma does.
                    "yes no questions q-a separator" => {
                        form.yes_no_separator =
                            answers.first().map(|a| spaced(a).trim().to_string())
                    }
                    "yes no questions q-a ending" => form.yes_no_ending = value,
                    "multi choice single column delimiter" => {
                        form.delimiter = answers.first().map(|a| spaced(a))
                    }
                    "minimum words to include story" => {
                        form.min_words = match value {
                            Some(v) => Some(v.parse().map_err(|_| {
                                ImportError::at(
                                    file,
                                    row,
                                    Some("Answers"),
                                    ImportProblem::NotANumber { value: v.clone() },
                                )
                            })?),
                            None => None,
                        }
                    }
                    "data columns to append to story text" => {
                        form.appended = answers
                            .iter()
                            .map(|a| {
                                let (column, intro) = match a.split_once('|') {
                                    Some((c, i)) => (c.trim(), Some(i.trim().to_string())),
                                    None => (a.trim(), None),
                                };
                                Appended {
                                    column: column.to_string(),
                                    intro: intro.filter(|i| !i.is_empty()),
                                }
                            })
                            .collect()
                    }
                    "texts to remove from column headers" => {
                        form.remove_from_headers =
                            answers.iter().map(|a| a.trim().to_string()).collect()
                    }
                    "data columns to ignore" => {}
                    _ => {
                        return Err(invalid(
                            file,
                            row,
                            "Type",
                            format!("'{kind}' is not an import option NarraFirma knows"),
                        ))
                    }
                }
            }
            "form" => {
                if kind.eq_ignore_ascii_case("title") {
                    form.title = first();
                }
            }
            "eliciting" => {
                form.eliciting = Some(Eliciting {
                    column: cell(data_at).to_string(),
                    short_name: cell(short_at).to_string(),
                    long_name: cell(long_at).to_string(),
                    answers: answers.iter().map(|a| split_answer(a)).collect(),
                });
            }
            about @ ("story" | "participant") => {
                let column = cell(data_at).to_string();
                if column.is_empty() {
                    return Err(invalid(
                        file,
                        row,
                        "Data column name",
                        "a question needs the name of its column in the stories file".into(),
                    ));
                }
                let kind = FormType::parse(kind).ok_or_else(|| {
                    invalid(
                        file,
                        row,
                        "Type",
                        format!("'{kind}' is not a question type NarraFirma can import"),
                    )
                })?;
                let mut answers: Vec<String> = answers;
                let mut range_given = None;
                if kind == FormType::Scale && answers.len() >= 4 {
                    range_given = range(file, row, &answers[2..4])?;
                    answers.truncate(2);
                }
                let needs_answers =
                    !matches!(kind, FormType::Scale | FormType::Text | FormType::Boolean);
                if needs_answers && answers.is_empty() {
                    return Err(invalid(
                        file,
                        row,
                        "Answers",
                        format!("a {} question needs its answers", kind.name()),
                    ));
                }
                form.questions.push(FormQuestion {
                    row,
                    column,
                    kind,
                    about_participant: about == "participant",
                    short_name: cell(short_at).to_string(),
                    long_name: cell(long_at).to_string(),
                    answers: answers.iter().map(|a| split_answer(a)).collect(),
                    range: range_given,
                });
            }
            "ignore" | "annotation" => {}
            other => {
                return Err(invalid(
                    file,
                    row,
                    "About",
                    format!(
                        "'{other}' is not story, participant, eliciting, import, form or ignore"
                    ),
                ))
            }
        }
    }
    Ok(form)
}
