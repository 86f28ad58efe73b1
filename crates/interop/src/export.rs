//! Exports of a selection: one row per story, one column per answer (the columns of
//! `vertelpunt_patterns::dataset`), as CSV, Parquet or XLSX, with the questionnaire beside it.
//!
//! - `NAME.csv` / `NAME.parquet`: the stories; `NAME.questions.json` beside them explains the
//!   columns (what `vertelpunt evaluate --input` reads);
//! - `NAME.xlsx`: a sheet `verhalen` with the stories (dates as text, `YYYY-MM-DDTHH:MM:SSZ`), a
//!   sheet `vragen` that explains every column, and a sheet `definities` with the exact
//!   questionnaire definitions;
//! - always `NAME.questionnaires.json`: the exact questionnaire definitions (core and modules)
//!   the stories answered, so that `vertelpunt import table` can read the export into another
//!   Vertelpunt without anything else.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use vertelpunt_patterns::dataset::{answer_columns, files, story_columns as sc, Dataset, Shape};
use vertelpunt_store::{collection_points, questionnaires, DbConnection};

/// The largest number of stories an XLSX sheet holds (Excel's row limit, less the header).
pub const XLSX_MAX_STORIES: usize = 1_048_575;

/// The sheet of an XLSX export that holds the stories.
pub const STORIES_SHEET: &str = "verhalen";
/// The sheet that explains the columns.
pub const QUESTIONS_SHEET: &str = "vragen";
/// The sheet with the questionnaire definitions.
pub const DEFINITIONS_SHEET: &str = "definities";
/// Excel keeps at most this many characters in a cell: longer definitions are split.
const CELL_CHARS: usize = 32_000;

/// A format of an export file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Parquet,
    Xlsx,
}

impl ExportFormat {
    /// From the file's extension.
    pub fn of(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "parquet" => Some(ExportFormat::Parquet),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the file name must end in .csv, .parquet or .xlsx")]
    UnknownFormat,
    #[error("an XLSX sheet holds at most {XLSX_MAX_STORIES} stories; this selection has {0}: export it as .csv or .parquet, or select fewer")]
    TooManyForXlsx(usize),
    #[error("{0}")]
    Dataset(#[from] vertelpunt_patterns::dataset::DatasetError),
    #[error("{0}")]
    Store(#[from] vertelpunt_store::StoreError),
    #[error("{0}")]
    Polars(#[from] PolarsError),
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("cannot write {path}: {message}")]
    Io { path: String, message: String },
}

/// One questionnaire version in an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedDefinition {
    pub key: String,
    pub version: i32,
    /// The definition exactly as published.
    pub definition: vertelpunt_model::definition::RawDefinition,
}

/// A collection point in an export: which questionnaire versions its stories answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedPoint {
    pub slug: String,
    /// `key` of the core questionnaire, then its version.
    pub questionnaire: (String, i32),
    pub modules: Vec<(String, i32)>,
}

/// `NAME.questionnaires.json`: what the stories of an export answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedQuestionnaires {
    /// Always `vertelpunt-export`.
    pub format: String,
    pub collection_points: Vec<ExportedPoint>,
    pub definitions: Vec<ExportedDefinition>,
}

/// The format tag of [`ExportedQuestionnaires`].
pub const FORMAT_TAG: &str = "vertelpunt-export";

/// Where the questionnaire definitions of an export are kept: `NAME.questionnaires.json`.
pub fn questionnaires_path(data: &Path) -> PathBuf {
    sibling(data, "questionnaires.json")
}

/// `NAME.SUFFIX` beside `NAME.EXT`: the files that travel with an export.
pub fn sibling(data: &Path, suffix: &str) -> PathBuf {
    let stem = data
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("export");
    data.with_file_name(format!("{stem}.{suffix}"))
}

/// A text column as cells (missing values empty).
pub(crate) fn text_cells(dataset: &Dataset, name: &str) -> Result<Vec<String>, ExportError> {
    Ok(dataset
        .strings(name)?
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect())
}

/// A yes/no column as cells: `yes` where true, empty otherwise.
pub(crate) fn tick_cells(values: Vec<Option<bool>>, yes: &str) -> Vec<String> {
    values
        .into_iter()
        .map(|t| {
            if t == Some(true) {
                yes.to_string()
            } else {
                String::new()
            }
        })
        .collect()
}

/// The questionnaire versions of these collection points.
pub fn questionnaires_of(
    conn: &mut DbConnection,
    slugs: &[String],
) -> Result<ExportedQuestionnaires, ExportError> {
    let mut out = ExportedQuestionnaires {
        format: FORMAT_TAG.to_string(),
        collection_points: Vec::new(),
        definitions: Vec::new(),
    };
    for slug in slugs {
        let Some(point) = collection_points::find_by_slug(conn, slug)? else {
            continue;
        };
        let mut versions = vec![questionnaires::get(conn, &point.questionnaire_version_id)?];
        versions.extend(collection_points::modules(conn, &point.id)?);
        for v in &versions {
            if !out
                .definitions
                .iter()
                .any(|d| d.key == v.questionnaire_key && d.version == v.version)
            {
                out.definitions.push(ExportedDefinition {
                    key: v.questionnaire_key.clone(),
                    version: v.version,
                    definition: v.raw()?,
                });
            }
        }
        out.collection_points.push(ExportedPoint {
            slug: point.slug.clone(),
            questionnaire: (versions[0].questionnaire_key.clone(), versions[0].version),
            modules: versions[1..]
                .iter()
                .map(|v| (v.questionnaire_key.clone(), v.version))
                .collect(),
        });
    }
    Ok(out)
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub stories: usize,
    pub files: Vec<PathBuf>,
}

pub(crate) fn io_error(path: &Path, e: impl ToString) -> ExportError {
    ExportError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes the dataset to `path` (format from the extension) with its questionnaires.
pub fn write(
    dataset: &Dataset,
    definitions: &ExportedQuestionnaires,
    path: &Path,
) -> Result<Written, ExportError> {
    let format = ExportFormat::of(path).ok_or(ExportError::UnknownFormat)?;
    let mut files_written = vec![path.to_path_buf()];
    match format {
        ExportFormat::Csv | ExportFormat::Parquet => {
            files::write(dataset, path)?;
            files_written.push(files::questions_path(path));
        }
        ExportFormat::Xlsx => write_xlsx(dataset, definitions, path)?,
    }
    let sidecar = questionnaires_path(path);
    let json = serde_json::to_string_pretty(definitions).expect("definitions serialise");
    std::fs::write(&sidecar, json + "\n").map_err(|e| io_error(&sidecar, e))?;
    files_written.push(sidecar);
    Ok(Written {
        stories: dataset.len(),
        files: files_written,
    })
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso_time(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

fn header(sheet: &mut Worksheet, names: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_xlsx(
    dataset: &Dataset,
    definitions: &ExportedQuestionnaires,
    path: &Path,
) -> Result<(), ExportError> {
    if dataset.len() > XLSX_MAX_STORIES {
        return Err(ExportError::TooManyForXlsx(dataset.len()));
    }
    let frame = &dataset.frame;
    if frame.width() > 16_384 {
        return Err(io_error(path, "more than 16,384 columns"));
    }
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(STORIES_SHEET)?;
    let names: Vec<&str> = frame
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    header(sheet, &names)?;
    let series: Vec<&Series> = frame
        .columns()
        .iter()
        .map(|c| c.as_materialized_series())
        .collect();
    for row in 0..frame.height() {
        let r = row as u32 + 1;
        for (c, s) in series.iter().enumerate() {
            let c = c as u16;
            match s.get(row)? {
                AnyValue::Null => {}
                AnyValue::Boolean(b) => {
                    sheet.write_boolean(r, c, b)?;
                }
                AnyValue::Int64(v) if s.name().as_str() == sc::SUBMITTED_AT => {
                    sheet.write_string(r, c, iso_time(v))?;
                }
                AnyValue::Int64(v) => {
                    sheet.write_number(r, c, v as f64)?;
                }
                AnyValue::Float64(v) => {
                    sheet.write_number(r, c, v)?;
                }
                AnyValue::String(v) => {
                    sheet.write_string(r, c, v)?;
                }
                AnyValue::StringOwned(v) => {
                    sheet.write_string(r, c, v.as_str())?;
                }
                other => {
                    sheet.write_string(r, c, other.to_string())?;
                }
            }
        }
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(QUESTIONS_SHEET)?;
    header(
        sheet,
        &[
            "kolom",
            "vraag",
            "vragenlijst",
            "soort",
            "korte naam",
            "vraag (nl)",
            "question (en)",
            "betekenis",
        ],
    )?;
    let mut r = 1u32;
    for q in &dataset.questions {
        let (kind, columns): (&str, Vec<(String, String)>) = match &q.shape {
            Shape::Slider { left, right } => (
                "slider",
                vec![
                    (
                        q.id.clone(),
                        format!("0 = {} … 100 = {}", left.nl, right.nl),
                    ),
                    (
                        answer_columns::not_applicable(&q.id),
                        "niet van toepassing".into(),
                    ),
                ],
            ),
            Shape::Scale { options } => (
                "scale",
                vec![
                    (
                        q.id.clone(),
                        options
                            .iter()
                            .map(|o| format!("{} = {}", o.id, o.label.nl))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    (
                        answer_columns::not_applicable(&q.id),
                        "niet van toepassing".into(),
                    ),
                ],
            ),
            Shape::SingleChoice { options } => (
                "single_choice",
                vec![(
                    q.id.clone(),
                    options
                        .iter()
                        .map(|o| format!("{} = {}", o.id, o.label.nl))
                        .collect::<Vec<_>>()
                        .join("; "),
                )],
            ),
            Shape::MultipleChoice { options } => (
                "multiple_choice",
                options
                    .iter()
                    .map(|o| {
                        (
                            answer_columns::option(&q.id, &o.id),
                            format!("aangevinkt: {}", o.label.nl),
                        )
                    })
                    .collect(),
            ),
            Shape::Triad { corners } => (
                "triad",
                (0..3)
                    .map(|i| {
                        (
                            answer_columns::triad(&q.id, i),
                            format!("aandeel (0–100) van '{}'", corners[i].nl),
                        )
                    })
                    .chain(std::iter::once((
                        answer_columns::not_applicable(&q.id),
                        "niet van toepassing".to_string(),
                    )))
                    .collect(),
            ),
        };
        for (column, meaning) in columns {
            for (c, value) in [
                column.as_str(),
                &q.id,
                &q.questionnaire,
                kind,
                &q.label.nl,
                &q.text.nl,
                &q.text.en,
                &meaning,
            ]
            .into_iter()
            .enumerate()
            {
                sheet.write_string(r, c as u16, value)?;
            }
            r += 1;
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(5, 60)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(DEFINITIONS_SHEET)?;
    header(
        sheet,
        &["vragenlijst", "versie", "deel", "definitie (JSON)"],
    )?;
    let mut r = 1u32;
    for d in &definitions.definitions {
        let json = d.definition.canonical_json();
        let chars: Vec<char> = json.chars().collect();
        for (part, chunk) in chars.chunks(CELL_CHARS).enumerate() {
            sheet.write_string(r, 0, d.key.as_str())?;
            sheet.write_number(r, 1, f64::from(d.version))?;
            sheet.write_number(r, 2, part as f64 + 1.0)?;
            sheet.write_string(r, 3, chunk.iter().collect::<String>())?;
            r += 1;
        }
    }
    workbook.save(path).map_err(|e| io_error(path, e))?;
    Ok(())
}
