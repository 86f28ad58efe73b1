//! The cells of a file to import, checked for encoding and shape: a header and rows of the
//! header's length, every cell as text. CSV (comma, or for spreadsheets saved in Dutch, a
//! semicolon), XLSX sheets and polars frames all become a [`Table`], so one reader checks them.
//!
//! Rows are numbered as a spreadsheet numbers them: the header is row 1, the first story row 2
//! (a CSV story spanning several lines is still one row).

use std::collections::HashMap;

use crate::error::{ImportError, ImportProblem};

/// Which separators a CSV file may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separators {
    /// Only commas (a tool that always writes commas: another separator means a re-saved file).
    Comma,
    /// Commas, or semicolons or tabs when the header shows them (spreadsheets in Dutch).
    Any,
}

/// A file's cells.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub names: Vec<String>,
    columns: HashMap<String, usize>,
    /// (row number as a spreadsheet counts it, cells)
    rows: Vec<(u64, Vec<String>)>,
}

/// One row of a table.
pub struct Row<'a> {
    file: &'a str,
    pub number: u64,
    cells: &'a [String],
    columns: &'a HashMap<String, usize>,
}

impl<'a> Row<'a> {
    /// The cell of a column, trimmed; empty when the table has no such column.
    pub fn get(&self, column: &str) -> &'a str {
        self.columns
            .get(column)
            .map(|&i| self.cells[i].trim())
            .unwrap_or("")
    }

    /// An error in a cell of this row.
    pub fn error(&self, column: &str, problem: ImportProblem) -> ImportError {
        ImportError::at(self.file, self.number, Some(column), problem)
    }

    /// A tick box cell: empty, 0, false, nee or no is not ticked; 1, true, x, ja or yes is.
    pub fn ticked(&self, column: &str) -> Result<bool, ImportError> {
        match self.get(column).to_ascii_lowercase().as_str() {
            "" | "0" | "false" | "onwaar" | "nee" | "no" => Ok(false),
            "1" | "true" | "x" | "waar" | "ja" | "yes" => Ok(true),
            other => Err(self.error(
                column,
                ImportProblem::NotATick {
                    value: other.to_string(),
                },
            )),
        }
    }

    /// A number cell; `None` when empty. A decimal comma (Dutch spreadsheets) is accepted.
    pub fn number(&self, column: &str) -> Result<Option<f64>, ImportError> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        let x: f64 = v.replace(',', ".").parse().map_err(|_| {
            self.error(
                column,
                ImportProblem::NotANumber {
                    value: v.to_string(),
                },
            )
        })?;
        if !x.is_finite() {
            return Err(self.error(
                column,
                ImportProblem::NotANumber {
                    value: v.to_string(),
                },
            ));
        }
        Ok(Some(x))
    }
}

fn malformed(file: &str, row: u64, expected: &'static str, detail: impl ToString) -> ImportError {
    ImportError::at(
        file,
        row,
        None,
        ImportProblem::Malformed {
            expected,
            detail: detail.to_string(),
        },
    )
}

impl Table {
    /// A table from a header and rows of cells (row numbers start at 2). Rows must have the
    /// header's length.
    pub fn from_cells(
        file: &str,
        names: Vec<String>,
        rows: Vec<Vec<String>>,
    ) -> Result<Table, ImportError> {
        let mut numbered = Vec::with_capacity(rows.len());
        for (i, cells) in rows.into_iter().enumerate() {
            let number = i as u64 + 2;
            if cells.len() != names.len() {
                return Err(ImportError::at(
                    file,
                    number,
                    None,
                    ImportProblem::RowLength {
                        found: cells.len(),
                        expected: names.len(),
                    },
                ));
            }
            numbered.push((number, cells));
        }
        Self::from_numbered(file, names, numbered)
    }

    /// A table from a header and rows numbered by the caller (for files with comment lines).
    /// Empty column names are allowed and never looked up; other names must be unique.
    pub fn from_numbered(
        file: &str,
        names: Vec<String>,
        rows: Vec<(u64, Vec<String>)>,
    ) -> Result<Table, ImportError> {
        let mut columns = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            if n.is_empty() {
                continue;
            }
            if columns.insert(n.clone(), i).is_some() {
                return Err(ImportError::at(
                    file,
                    1,
                    Some(n),
                    ImportProblem::DuplicateColumn,
                ));
            }
        }
        Ok(Table {
            file: file.to_string(),
            names,
            columns,
            rows,
        })
    }

    /// Reads a CSV file: UTF-8 (a byte-order mark is allowed), a header, and rows of the
    /// header's length. Blank lines are skipped.
    pub fn from_csv(
        file: &str,
        bytes: &[u8],
        separators: Separators,
    ) -> Result<Table, ImportError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ImportError::file(file, ImportProblem::Empty));
        }
        let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
        let delimiter = match separators {
            Separators::Comma => b',',
            Separators::Any => [b',', b';', b'\t']
                .into_iter()
                .max_by_key(|d| (count(*d), *d == b','))
                .unwrap_or(b','),
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(bytes);
        let mut records = csv.byte_records();
        let header = match records.next() {
            Some(r) => r.map_err(|e| malformed(file, 1, "CSV file", e))?,
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
        let mut rows = Vec::new();
        for (index, record) in records.enumerate() {
            let number = index as u64 + 2;
            let record = record.map_err(|e| malformed(file, number, "CSV file", e))?;
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
            let mut cells = Vec::with_capacity(record.len());
            for (i, field) in record.iter().enumerate() {
                let text = std::str::from_utf8(field).map_err(|_| {
                    ImportError::at(file, number, Some(&names[i]), ImportProblem::NotUtf8)
                })?;
                cells.push(text.to_string());
            }
            rows.push((number, cells));
        }
        Self::from_numbered(file, names, rows)
    }

    /// Reads a sheet of an XLSX workbook: the named sheet, or the first. Numbers are written
    /// without a needless `.0`, booleans as `true`/`false`, dates as `YYYY-MM-DDTHH:MM:SS`.
    pub fn from_xlsx(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
        use calamine::{Data, Reader, Xlsx};
        if bytes.is_empty() {
            return Err(ImportError::file(file, ImportProblem::Empty));
        }
        let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
            ImportError::file(
                file,
                ImportProblem::Malformed {
                    expected: "XLSX workbook",
                    detail: e.to_string(),
                },
            )
        })?;
        let names = workbook.sheet_names();
        let name = match sheet {
            Some(wanted) => names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(wanted))
                .cloned()
                .ok_or_else(|| {
                    ImportError::file(
                        file,
                        ImportProblem::MissingSheet {
                            sheet: wanted.to_string(),
                            present: names.join(", "),
                        },
                    )
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| ImportError::file(file, ImportProblem::Empty))?,
        };
        let range = workbook.worksheet_range(&name).map_err(|e| {
            ImportError::file(
                file,
                ImportProblem::Malformed {
                    expected: "XLSX workbook",
                    detail: e.to_string(),
                },
            )
        })?;
        // Rows are counted from the sheet's row 1, even when the used range starts lower.
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let cell_text = |d: &Data| -> String {
            match d {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(f) => format_number(*f),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(dt) => dt
                    .as_datetime()
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
                    .unwrap_or_else(|| dt.to_string()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => format!("#{e:?}"),
            }
        };
        let mut rows_iter = range.rows();
        let Some(header) = rows_iter.next() else {
            return Err(ImportError::file(file, ImportProblem::Empty));
        };
        if first_row != 0 || first_col != 0 {
            return Err(ImportError::file(
                file,
                ImportProblem::Malformed {
                    expected: "sheet with the column names in row 1, from column A",
                    detail: format!(
                        "sheet '{name}' starts at row {}, column {}",
                        first_row + 1,
                        first_col + 1
                    ),
                },
            ));
        }
        let names: Vec<String> = header
            .iter()
            .map(|d| cell_text(d).trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for (index, row) in rows_iter.enumerate() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push((index as u64 + 2, cells));
        }
        Self::from_numbered(file, names, rows)
    }

    /// Whether the table has this column.
    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// Refuses the table when a column is missing; `question` says what needs it.
    pub fn require(&self, column: &str, question: &str) -> Result<(), ImportError> {
        if self.has(column) {
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

    /// The `index`-th row (0-based).
    pub fn row(&self, index: usize) -> Row<'_> {
        let (number, cells) = &self.rows[index];
        Row {
            file: &self.file,
            number: *number,
            cells,
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

/// A number as text: integers without a decimal point, others as Rust writes them.
pub fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}
