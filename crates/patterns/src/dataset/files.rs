//! The dataset as files: `NAME.csv` or `NAME.parquet` with the columns of the module above, and
//! `NAME.questions.json` beside it with the questions that explain them. `vertelpunt evaluate
//! --input` reads these, so an evaluation can run offline on an export.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::*;

use super::{answer_columns, story_columns as sc, Dataset, DatasetError, DatasetQuestion, Shape};

/// A file format of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Parquet,
}

impl FileFormat {
    /// From the file's extension.
    pub fn of(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(FileFormat::Csv),
            "parquet" => Some(FileFormat::Parquet),
            _ => None,
        }
    }
}

/// Where the questions of a dataset file are kept: `NAME.questions.json` beside `NAME.csv`.
pub fn questions_path(data: &Path) -> PathBuf {
    let stem = data
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("dataset");
    data.with_file_name(format!("{stem}.questions.json"))
}

fn file_error(path: &Path, message: impl ToString) -> DatasetError {
    DatasetError::File {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// Writes the dataset to `path` (format from the extension) and its questions beside it.
pub fn write(dataset: &Dataset, path: &Path) -> Result<(), DatasetError> {
    let format = FileFormat::of(path)
        .ok_or_else(|| file_error(path, "the file name must end in .csv or .parquet"))?;
    let mut frame = dataset.frame.clone();
    let file = File::create(path).map_err(|e| file_error(path, e))?;
    match format {
        FileFormat::Csv => {
            // Text cells a spreadsheet would run as a formula get the text marker.
            map_text_cells(&mut frame, vertelpunt_model::spreadsheet::write_cell)?;
            CsvWriter::new(file).finish(&mut frame)?
        }
        FileFormat::Parquet => {
            ParquetWriter::new(file).finish(&mut frame)?;
        }
    }
    let questions = questions_path(path);
    let json = serde_json::to_string_pretty(&dataset.questions).expect("questions serialise");
    std::fs::write(&questions, json + "\n").map_err(|e| file_error(&questions, e))
}

/// Applies `f` to every cell of every text column.
fn map_text_cells(
    frame: &mut DataFrame,
    f: fn(&str) -> std::borrow::Cow<'_, str>,
) -> PolarsResult<()> {
    let names: Vec<PlSmallStr> = frame
        .columns()
        .iter()
        .filter(|c| c.dtype() == &DataType::String)
        .map(|c| c.name().clone())
        .collect();
    for name in names {
        let mapped: StringChunked = frame
            .column(&name)?
            .str()?
            .iter()
            .map(|cell| cell.map(|text| f(text).into_owned()))
            .collect();
        frame.with_column(mapped.with_name(name).into_column())?;
    }
    Ok(())
}

/// The type of every column the questions and story fields define, so that a CSV column with
/// only empty cells is still read as what it is.
fn schema_of(questions: &[DatasetQuestion]) -> Schema {
    let mut fields: Vec<(&str, DataType)> = vec![
        (sc::SUBMITTED_AT, DataType::Int64),
        (sc::COMPLETE, DataType::Boolean),
        (sc::SYNTHETIC, DataType::Boolean),
    ];
    let mut owned: Vec<(String, DataType)> = Vec::new();
    for name in [
        sc::ID,
        sc::COLLECTION_POINT,
        sc::ROLE,
        sc::REGION,
        sc::CHANNEL,
        sc::SOURCE,
        sc::LANGUAGE,
        sc::TITLE,
        sc::BODY,
        sc::THEMES,
    ] {
        fields.push((name, DataType::String));
    }
    for q in questions {
        let nvt = (answer_columns::not_applicable(&q.id), DataType::Boolean);
        match &q.shape {
            Shape::Slider { .. } => {
                owned.push((q.id.clone(), DataType::Float64));
                owned.push(nvt);
            }
            Shape::Scale { .. } => {
                owned.push((q.id.clone(), DataType::String));
                owned.push(nvt);
            }
            Shape::SingleChoice { .. } => owned.push((q.id.clone(), DataType::String)),
            Shape::MultipleChoice { options } => owned.extend(
                options
                    .iter()
                    .map(|o| (answer_columns::option(&q.id, &o.id), DataType::Boolean)),
            ),
            Shape::Triad { .. } => {
                owned.extend((0..3).map(|c| (answer_columns::triad(&q.id, c), DataType::Float64)));
                owned.push(nvt);
            }
        }
    }
    fields
        .into_iter()
        .map(|(n, t)| Field::new(n.into(), t))
        .chain(owned.into_iter().map(|(n, t)| Field::new(n.into(), t)))
        .collect()
}

/// Reads a dataset written by [`write`] (or by `vertelpunt export`).
pub fn read(path: &Path) -> Result<Dataset, DatasetError> {
    let format = FileFormat::of(path)
        .ok_or_else(|| file_error(path, "the file name must end in .csv or .parquet"))?;
    let questions_file = questions_path(path);
    let json = std::fs::read_to_string(&questions_file).map_err(|e| {
        file_error(
            &questions_file,
            format!("the questions of the dataset are missing ({e})"),
        )
    })?;
    let questions: Vec<DatasetQuestion> =
        serde_json::from_str(&json).map_err(|e| file_error(&questions_file, e))?;
    let schema = schema_of(&questions);
    let frame = match format {
        FileFormat::Csv => {
            let mut frame = CsvReadOptions::default()
                .with_has_header(true)
                .with_schema_overwrite(Some(Arc::new(schema.clone())))
                .try_into_reader_with_file_path(Some(path.to_path_buf()))
                .and_then(|r| r.finish())
                .map_err(|e| file_error(path, e))?;
            map_text_cells(&mut frame, vertelpunt_model::spreadsheet::read_cell)
                .map_err(|e| file_error(path, e))?;
            frame
        }
        FileFormat::Parquet => {
            let file = File::open(path).map_err(|e| file_error(path, e))?;
            ParquetReader::new(file)
                .finish()
                .map_err(|e| file_error(path, e))?
        }
    };
    for field in schema.iter_fields() {
        let column = frame
            .column(field.name())
            .map_err(|_| file_error(path, format!("the column '{}' is missing", field.name())))?;
        if column.dtype() != field.dtype() && column.dtype() != &DataType::Null {
            return Err(file_error(
                path,
                format!(
                    "the column '{}' holds {} where {} was expected",
                    field.name(),
                    column.dtype(),
                    field.dtype()
                ),
            ));
        }
    }
    Ok(Dataset { frame, questions })
}
