//! A selection as NarraFirma reads it: `NAME.csv` with the stories and `NAME.storyform.csv`, a
//! story form CSV that describes every column with NarraFirma's import types, so NarraFirma (or
//! `vertelpunt import narrafirma`) reads the stories without further work.
//!
//! | Vertelpunt          | NarraFirma story form                                         |
//! |---------------------|---------------------------------------------------------------|
//! | slider              | Scale 0–100, the poles as its answers                         |
//! | scale, single choice| Single choice, `option id|label`                              |
//! | multiple choice     | Multi-choice multi-column yes/no: `question [option]` columns |
//! | triad               | three Scales 0–100, one per corner (`question_a` …)           |
//! | free text, region question | Text                                                  |
//! | role, jeugdregio    | participant Single choice on the columns `role` and `region`  |
//!
//! NarraFirma scales hold whole numbers: slider values and triad shares are rounded. NarraFirma
//! has no "niet van toepassing": such answers are left empty.

use std::path::{Path, PathBuf};
use vertelpunt_model::spreadsheet::write_field;

use vertelpunt_model::regions;
use vertelpunt_model::Role;
use vertelpunt_patterns::dataset::{answer_columns, story_columns as sc, Dataset, Shape};

use super::form::FormType;
use crate::export::{
    io_error, iso_time, text_cells, tick_cells, ExportError, ExportedQuestionnaires,
};
use crate::table::format_number;

/// Column names of the stories file.
pub const STORY_TITLE: &str = "Story title";
pub const STORY_TEXT: &str = "Story text";
pub const COLLECTION_DATE: &str = "Collection date";
pub const ROLE: &str = "role";
pub const REGION: &str = "region";
/// What a ticked multiple-choice cell says.
pub const YES: &str = "yes";

/// `NAME.storyform.csv` beside `NAME.csv`.
pub fn story_form_path(stories: &Path) -> PathBuf {
    crate::export::sibling(stories, "storyform.csv")
}

/// One question of the form and how each story's cells are filled.
struct Column {
    form_row: Vec<String>,
    /// (header, cell per story)
    cells: Vec<(String, Vec<String>)>,
}

fn form_row(column: &str, kind: FormType, about: &str, short: &str, long: &str) -> Vec<String> {
    vec![
        column.to_string(),
        kind.name().to_string(),
        about.to_string(),
        short.to_string(),
        long.to_string(),
    ]
}

fn import_row(option: &str, answers: &[&str]) -> Vec<String> {
    let mut row = vec![
        String::new(),
        option.to_string(),
        "import".into(),
        String::new(),
        String::new(),
    ];
    row.extend(answers.iter().map(|a| a.to_string()));
    row
}

fn numbers(dataset: &Dataset, name: &str) -> Result<Vec<String>, ExportError> {
    Ok(dataset
        .floats(name)?
        .into_iter()
        .map(|v| v.map(|x| format_number(x.round())).unwrap_or_default())
        .collect())
}

fn columns(
    dataset: &Dataset,
    definitions: &ExportedQuestionnaires,
) -> Result<Vec<Column>, ExportError> {
    let mut out = Vec::new();
    for q in &dataset.questions {
        let short = q.label.nl.as_str();
        let long = q.text.nl.as_str();
        match &q.shape {
            Shape::Slider { left, right } => {
                let mut row = form_row(&q.id, FormType::Scale, "story", short, long);
                row.extend([left.nl.clone(), right.nl.clone(), "0".into(), "100".into()]);
                out.push(Column {
                    form_row: row,
                    cells: vec![(q.id.clone(), numbers(dataset, &q.id)?)],
                });
            }
            Shape::Scale { options } | Shape::SingleChoice { options } => {
                let mut row = form_row(&q.id, FormType::SingleChoice, "story", short, long);
                row.extend(options.iter().map(|o| format!("{}|{}", o.id, o.label.nl)));
                out.push(Column {
                    form_row: row,
                    cells: vec![(q.id.clone(), text_cells(dataset, &q.id)?)],
                });
            }
            Shape::MultipleChoice { options } => {
                let mut row = form_row(&q.id, FormType::MultiColumnYesNo, "story", short, long);
                row.extend(options.iter().map(|o| format!("{}|{}", o.id, o.label.nl)));
                let mut cells = Vec::new();
                for o in options {
                    let ticked = dataset.booleans(&answer_columns::option(&q.id, &o.id))?;
                    cells.push((format!("{} [{}]", q.id, o.id), tick_cells(ticked, YES)));
                }
                out.push(Column {
                    form_row: row,
                    cells,
                });
            }
            Shape::Triad { corners } => {
                for (i, corner) in corners.iter().enumerate() {
                    let id = format!("{}_{}", q.id, ["a", "b", "c"][i]);
                    let mut row = form_row(
                        &id,
                        FormType::Scale,
                        "story",
                        &format!("{short}: {}", corner.nl),
                        &format!("{long} — aandeel van '{}'", corner.nl),
                    );
                    row.extend([
                        "0%".into(),
                        format!("100% {}", corner.nl),
                        "0".into(),
                        "100".into(),
                    ]);
                    out.push(Column {
                        form_row: row,
                        cells: vec![(id, numbers(dataset, &answer_columns::triad(&q.id, i))?)],
                    });
                }
            }
        }
    }
    // Free-text and region questions: the dataset's other text columns.
    let shaped: Vec<&str> = dataset.questions.iter().map(|q| q.id.as_str()).collect();
    for name in dataset.frame.get_column_names() {
        let name = name.as_str();
        let Some(question) = definitions
            .definitions
            .iter()
            .flat_map(|d| d.definition.questions.iter())
            .find(|q| q.id == name && !shaped.contains(&name))
        else {
            continue;
        };
        out.push(Column {
            form_row: form_row(name, FormType::Text, "story", name, &question.text.nl),
            cells: vec![(name.to_string(), text_cells(dataset, name)?)],
        });
    }
    Ok(out)
}

/// Writes rows of text cells, safe from formula injection ([`write_field`]).
fn write_csv(path: &Path, rows: impl IntoIterator<Item = Vec<String>>) -> Result<(), ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| io_error(path, e))?;
    for row in rows {
        writer
            .write_record(row.iter().map(|c| write_field(c).into_owned()))
            .map_err(|e| io_error(path, e))?;
    }
    writer.flush().map_err(|e| io_error(path, e))
}

/// Writes the stories to `path` and the story form beside it; returns the story form's path.
pub fn write(
    dataset: &Dataset,
    definitions: &ExportedQuestionnaires,
    path: &Path,
) -> Result<PathBuf, ExportError> {
    let columns = columns(dataset, definitions)?;
    let form_path = story_form_path(path);

    let title = definitions
        .definitions
        .first()
        .map(|d| d.definition.title.nl.clone())
        .unwrap_or_else(|| "Vertelpunt".into());
    let mut form = vec![
        [
            "Data column name",
            "Type",
            "About",
            "Short name",
            "Long name",
            "Answers",
        ]
        .map(String::from)
        .to_vec(),
        vec![
            String::new(),
            "Title".into(),
            "form".into(),
            String::new(),
            String::new(),
            title,
        ],
        import_row("Story text column name", &[STORY_TEXT]),
        import_row("Story title column name", &[STORY_TITLE]),
        import_row("Collection date column name", &[COLLECTION_DATE]),
        import_row("Yes no questions yes indicator", &[YES]),
        import_row("Yes no questions Q-A separator", &["["]),
        import_row("Yes no questions Q-A ending", &["]"]),
    ];
    form.extend(columns.iter().map(|c| c.form_row.clone()));
    let mut role = form_row(
        ROLE,
        FormType::SingleChoice,
        "participant",
        "Rol",
        "Wie vertelt?",
    );
    role.extend(
        [
            Role::Jongere,
            Role::Ouder,
            Role::Professional,
            Role::Onbekend,
        ]
        .map(|r| format!("{}|{}", r.code(), r.label().nl)),
    );
    form.push(role);
    let mut region = form_row(
        REGION,
        FormType::SingleChoice,
        "participant",
        "Jeugdregio",
        "Jeugdregio",
    );
    region.extend(
        regions::jeugdregios()
            .iter()
            .map(|r| format!("{}|{}", r.code, r.name)),
    );
    form.push(region);
    write_csv(&form_path, form)?;

    let mut header: Vec<String> = [STORY_TITLE, STORY_TEXT, COLLECTION_DATE, ROLE, REGION]
        .map(String::from)
        .to_vec();
    let title = text_cells(dataset, sc::TITLE)?;
    let body = text_cells(dataset, sc::BODY)?;
    let dates: Vec<String> = dataset
        .integers(sc::SUBMITTED_AT)?
        .into_iter()
        .map(|t| t.map(iso_time).unwrap_or_default())
        .collect();
    let roles = text_cells(dataset, sc::ROLE)?;
    let regions = text_cells(dataset, sc::REGION)?;
    let mut fixed = vec![&title, &body, &dates, &roles, &regions];
    let answer_cells: Vec<&(String, Vec<String>)> =
        columns.iter().flat_map(|c| c.cells.iter()).collect();
    header.extend(answer_cells.iter().map(|(h, _)| h.clone()));
    fixed.extend(answer_cells.iter().map(|(_, cells)| cells));
    let rows = (0..dataset.len()).map(|i| fixed.iter().map(|c| c[i].clone()).collect());
    write_csv(path, std::iter::once(header).chain(rows))?;
    Ok(form_path)
}
