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

    /// The cell of a column as it is in the file, spaces and line breaks around it included.
    pub fn raw(&self, column: &str) -> &'a str {
        self.columns
            .get(column)
            .map(|&i| self.cells[i].as_str())
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
        // Exports write `null` (JSON's word) where a number was not given: no answer.
        if v.is_empty() || v.trim().eq_ignore_ascii_case("null") {
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
        // PostgreSQL cannot store a NUL character: refuse it here, where row and column are
        // known, so both backends say the same.
        if let Some(i) = names.iter().position(|n| n.contains('\0')) {
            let name = names[i].replace('\0', "");
            return Err(ImportError::at(
                file,
                1,
                Some(&name),
                ImportProblem::NulCharacter,
            ));
        }
        for (number, cells) in &rows {
            if let Some(i) = cells.iter().position(|c| c.contains('\0')) {
                let column = names.get(i).map(String::as_str).unwrap_or("");
                return Err(ImportError::at(
                    file,
                    *number,
                    Some(column),
                    ImportProblem::NulCharacter,
                ));
            }
        }
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

    /// Empties every cell of `columns` (every column when `None`) that holds one of `values`
    /// (trimmed, in any case): cells a file writes for "no answer", such as `NA` or `-`.
    pub fn blank(&mut self, columns: Option<&[String]>, values: &[String]) {
        if values.is_empty() {
            return;
        }
        // A set: a mapping may list many values, and every cell is looked up.
        let wanted: std::collections::HashSet<String> =
            values.iter().map(|v| v.trim().to_lowercase()).collect();
        let indices: Vec<usize> = match columns {
            None => (0..self.names.len()).collect(),
            Some(columns) => columns
                .iter()
                .filter_map(|c| self.columns.get(c.trim()).copied())
                .collect(),
        };
        for (_, cells) in &mut self.rows {
            for &i in &indices {
                if let Some(cell) = cells.get_mut(i) {
                    if wanted.contains(&cell.trim().to_lowercase()) {
                        cell.clear();
                    }
                }
            }
        }
    }

    /// Writes `to` in every cell of `columns` that holds one of `values` (trimmed, any case).
    pub fn replace(&mut self, columns: &[String], values: &[String], to: &str) {
        // A set: a mapping may list many values, and every cell is looked up.
        let wanted: std::collections::HashSet<String> =
            values.iter().map(|v| v.trim().to_lowercase()).collect();
        let indices: Vec<usize> = columns
            .iter()
            .filter_map(|c| self.columns.get(c.trim()).copied())
            .collect();
        for (_, cells) in &mut self.rows {
            for &i in &indices {
                if let Some(cell) = cells.get_mut(i) {
                    if wanted.contains(&cell.trim().to_lowercase()) {
                        *cell = to.to_string();
                    }
                }
            }
        }
    }

    /// Leaves out the rows with these numbers (as a spreadsheet counts them: the header is 1),
    /// e.g. a second header row; gives how many were there.
    pub fn skip_rows(&mut self, numbers: &[u64]) -> usize {
        let numbers: std::collections::HashSet<u64> = numbers.iter().copied().collect();
        let before = self.rows.len();
        self.rows.retain(|(n, _)| !numbers.contains(n));
        before - self.rows.len()
    }

    /// Reads a CSV file: UTF-8 (a byte-order mark is allowed), a header, and rows. A row
    /// shorter than the header has its missing trailing cells read as empty (exports often leave
    /// off trailing columns); a longer one is refused (its extra cells would be lost), and so is
    /// a last record that the file cuts off inside a quoted cell. Blank lines are skipped. A cell's leading apostrophe before a formula
    /// character is dropped ([`vertelpunt_model::spreadsheet::read_cell`]).
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
        let mut last_start = None;
        for (index, record) in records.enumerate() {
            let number = index as u64 + 2;
            let record = record.map_err(|e| malformed(file, number, "CSV file", e))?;
            last_start = record.position().map(|p| (number, p.byte() as usize));
            if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
                continue; // a blank line
            }
            if record.len() > names.len() {
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
                // A text marker before a formula character (our exports write one) is not
                // part of the text, as in a spreadsheet.
                cells.push(vertelpunt_model::spreadsheet::read_cell(text).into_owned());
            }
            cells.resize(names.len(), String::new());
            rows.push((number, cells));
        }
        // A complete record holds an even number of quotes (a quote inside a quoted cell is
        // doubled); an odd number in the last one means the file ends inside a quoted cell.
        if let Some((number, start)) = last_start {
            let quotes = bytes[start.min(bytes.len())..]
                .iter()
                .filter(|b| **b == b'"')
                .count();
            if quotes % 2 == 1 {
                return Err(ImportError::at(
                    file,
                    number,
                    None,
                    ImportProblem::CutOffInQuotes,
                ));
            }
        }
        Self::from_numbered(file, names, rows)
    }

    /// Reads a sheet of an XLSX workbook: the named sheet, or the first. Numbers are written
    /// without a needless `.0`, booleans as `true`/`false`, dates as `YYYY-MM-DDTHH:MM:SS`.
    ///
    /// Memory stays bounded whatever the file says: a workbook that unpacks to more than
    /// [`MAX_XLSX_UNPACKED`] bytes is refused before it is parsed, and the sheet is read cell by
    /// cell (never as the whole grid its dimensions claim), refused as soon as it uses more than
    /// [`MAX_SHEET_COLUMNS`] columns or [`MAX_SHEET_CELLS`] cells (rows with content × columns).
    pub fn from_xlsx(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
        use calamine::{Data, Reader, Xlsx};
        if bytes.is_empty() {
            return Err(ImportError::file(file, ImportProblem::Empty));
        }
        let not_a_workbook = |detail: String| {
            ImportError::file(
                file,
                ImportProblem::Malformed {
                    expected: "XLSX workbook",
                    detail,
                },
            )
        };
        check_unpacked_size(file, bytes)?;
        let mut workbook =
            Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| not_a_workbook(e.to_string()))?;
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
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| not_a_workbook(e.to_string()))?;
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
        // Rows with content, by their 0-based row index, each as long as its last non-empty cell.
        let mut sheet_rows: Vec<(u32, Vec<String>)> = Vec::new();
        let mut width = 0usize;
        let mut cells_held = 0u64;
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| not_a_workbook(e.to_string()))?
        {
            let (row, col) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            if text.trim().is_empty() {
                continue;
            }
            let too_large = |rows: u64, columns: u64| {
                ImportError::file(
                    file,
                    ImportProblem::SheetTooLarge(Box::new(crate::error::SheetSize {
                        sheet: name.clone(),
                        cell: cell_name(row, col),
                        rows,
                        columns,
                        max_columns: MAX_SHEET_COLUMNS as u64,
                        max_cells: MAX_SHEET_CELLS,
                    })),
                )
            };
            let col = col as usize;
            if col >= MAX_SHEET_COLUMNS {
                return Err(too_large(u64::from(row) + 1, col as u64 + 1));
            }
            if sheet_rows.last().is_none_or(|(r, _)| *r != row) {
                sheet_rows.push((row, Vec::new()));
            }
            let cells = &mut sheet_rows.last_mut().expect("just pushed").1;
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            cells[col] = text;
            width = width.max(col + 1);
            cells_held = sheet_rows.len() as u64 * width as u64;
            if cells_held > MAX_SHEET_CELLS {
                return Err(too_large(u64::from(row) + 1, width as u64));
            }
        }
        debug_assert!(cells_held <= MAX_SHEET_CELLS);
        // Cells come in stream order, which a hand-made workbook need not keep.
        sheet_rows.sort_by_key(|(r, _)| *r);
        let mut rows_iter = sheet_rows.into_iter();
        let Some((header_row, mut header)) = rows_iter.next() else {
            return Err(ImportError::file(file, ImportProblem::Empty));
        };
        let first_col = header
            .iter()
            .position(|c| !c.trim().is_empty())
            .unwrap_or(0);
        if header_row != 0 || first_col != 0 {
            return Err(ImportError::file(
                file,
                ImportProblem::Malformed {
                    expected: "sheet with the column names in row 1, from column A",
                    detail: format!(
                        "sheet '{name}' starts at row {}, column {}",
                        header_row + 1,
                        first_col + 1
                    ),
                },
            ));
        }
        header.resize(width, String::new());
        let names: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
        let rows = rows_iter
            .map(|(row, mut cells)| {
                cells.resize(width, String::new());
                (u64::from(row) + 1, cells)
            })
            .collect();
        Self::from_numbered(file, names, rows)
    }

    /// The table of a file whose first row is a title row above the real header (SenseMaker
    /// exports are shared so: question texts, then the column ids): the first row's cells become
    /// the column names, and the titles are given back. Rows keep the numbers the file gives them.
    pub fn promote_first_row(self) -> Result<(Table, Vec<String>), ImportError> {
        let mut rows = self.rows.into_iter();
        let Some((_, header)) = rows.next() else {
            return Err(ImportError::file(&self.file, ImportProblem::Empty));
        };
        let names = header.iter().map(|c| c.trim().to_string()).collect();
        let table = Self::from_numbered(&self.file, names, rows.collect())?;
        Ok((table, self.names))
    }

    /// The cells of a column, trimmed, in row order (empty when there is no such column).
    pub fn column(&self, column: &str) -> impl Iterator<Item = &str> + '_ {
        let index = self.columns.get(column).copied();
        self.rows
            .iter()
            .filter_map(move |(_, cells)| index.map(|i| cells[i].trim()))
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
        // Counted by a map: a column of free text has as many values as rows.
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for (_, cells) in &self.rows {
            let v = cells[i].trim();
            if v.is_empty() {
                continue;
            }
            match at.get(v) {
                Some(&k) => out[k].1 += 1,
                None => {
                    at.insert(v, out.len());
                    out.push((v.to_string(), 1));
                }
            }
        }
        out
    }
}

/// The most columns a sheet may use (SenseMaker exports, the widest we know, use about 150).
pub const MAX_SHEET_COLUMNS: usize = 1_000;
/// The most cells (rows with content × columns used) a sheet may hold.
pub const MAX_SHEET_CELLS: u64 = 10_000_000;
/// The most bytes a workbook may unpack to (its XML parts together).
pub const MAX_XLSX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Refuses a workbook whose parts unpack to more than [`MAX_XLSX_UNPACKED`] bytes, counting the
/// bytes actually unpacked (a zip header may claim less than its data holds), in constant memory.
fn check_unpacked_size(file: &str, bytes: &[u8]) -> Result<(), ImportError> {
    let refused = || {
        ImportError::file(
            file,
            ImportProblem::WorkbookTooLarge {
                max_mb: MAX_XLSX_UNPACKED / (1024 * 1024),
            },
        )
    };
    let malformed = |e: &dyn std::fmt::Display| {
        ImportError::file(
            file,
            ImportProblem::Malformed {
                expected: "XLSX workbook",
                detail: e.to_string(),
            },
        )
    };
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| malformed(&e))?;
    let declared: u64 = (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if declared > MAX_XLSX_UNPACKED {
        return Err(refused());
    }
    let mut left = MAX_XLSX_UNPACKED;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| malformed(&e))?;
        let mut limited = std::io::Read::take(entry, left + 1);
        let unpacked =
            std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| malformed(&e))?;
        if unpacked > left {
            return Err(refused());
        }
        left -= unpacked;
    }
    Ok(())
}

/// A cell's name as a spreadsheet writes it (`XFD1048576`), from 0-based row and column.
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

/// A number as text: integers without a decimal point, others as Rust writes them.
pub fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}
