//! Why an import was refused, and where: the file, the row as a spreadsheet numbers it (the
//! header is row 1) and the column. Nothing is stored when any row is refused.

use std::fmt;

/// A sheet that uses more cells than are read: where, and the limits.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSize {
    pub sheet: String,
    /// The cell beyond the limits, as a spreadsheet names it (`XFD1048576`).
    pub cell: String,
    pub rows: u64,
    pub columns: u64,
    pub max_columns: u64,
    pub max_cells: u64,
}

/// What is wrong. [`ImportProblem::code`] is the stable key of the message in the locale files.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportProblem {
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("the file is {size_mb:.1} MB; imports accept at most {max_mb:.1} MB")]
    TooLarge { size_mb: f64, max_mb: f64 },
    #[error("the file is empty")]
    Empty,
    #[error(
        "the cell holds a NUL character (\\0), which cannot be stored: remove it and import again"
    )]
    NulCharacter,
    #[error("sheet '{}' has a cell in {}, so its used range spans {} rows × {} columns; a sheet is read only up to {} columns and {} cells (rows × columns): delete what lies beyond your data, or save the sheet as CSV", .0.sheet, .0.cell, .0.rows, .0.columns, .0.max_columns, .0.max_cells)]
    SheetTooLarge(Box<SheetSize>),
    #[error("the workbook unpacks to more than {max_mb} MB; split it, or save the sheet as CSV")]
    WorkbookTooLarge { max_mb: u64 },
    #[error("the text is not valid UTF-8; save the file as UTF-8 and import it again")]
    NotUtf8,
    #[error("the file is not a valid {expected}: {detail}")]
    Malformed {
        expected: &'static str,
        detail: String,
    },
    #[error("the columns are separated by '{found}', not by ','; export the file again as comma-separated CSV")]
    WrongDelimiter { found: char },
    #[error("the column is missing (needed for question \"{question}\")")]
    MissingColumn { question: String },
    #[error("the column name appears twice in the header")]
    DuplicateColumn,
    #[error("the workbook has no sheet '{sheet}' (it has: {present})")]
    MissingSheet { sheet: String, present: String },
    #[error("the row has {found} fields; the header has {expected}")]
    RowLength { found: usize, expected: usize },
    #[error("the file ends inside a quoted cell of this record (a \" is opened and never closed): the file is cut off; export it again")]
    CutOffInQuotes,
    #[error("the story id is empty")]
    EmptyId,
    #[error("story id '{id}' also appears in row {first_row}")]
    DuplicateId { id: String, first_row: u64 },
    #[error("'{value}' is not a date and time")]
    BadTimestamp { value: String },
    #[error("'{value}' is not a number: write a number, or leave the cell empty for no answer")]
    NotANumber { value: String },
    #[error("{value} is outside 0–1")]
    OutOfRange { value: f64 },
    #[error("the three shares add up to {sum}, not {expected}")]
    TriadSum { sum: f64, expected: f64 },
    #[error("{value} is outside {min}–{max}")]
    OutsideRange { value: f64, min: f64, max: f64 },
    #[error("'{value}' is not a Vertelpunt story id (a UUID)")]
    NotAStoryId { value: String },
    #[error("the story text is empty")]
    EmptyStory,
    #[error("'{value}' is not {expected}")]
    UnknownValue {
        value: String,
        expected: &'static str,
    },
    #[error("only {given} of the three shares are filled in")]
    TriadIncomplete { given: usize },
    #[error("only one of the two positions (x, y) is filled in")]
    StoneIncomplete,
    #[error("'{value}' is not an option of question \"{question}\"")]
    UnknownOption { value: String, question: String },
    #[error("'{value}' is not a tick: use 1 for ticked and leave it empty otherwise")]
    NotATick { value: String },
    #[error("{picked} options ticked; question \"{question}\" allows at most {max}")]
    TooManyPicks {
        picked: usize,
        max: u32,
        question: String,
    },
    #[error("the definition has no signifier of type {kind} with id {id}")]
    UnknownSignifier { kind: &'static str, id: String },
    #[error("the answer is refused: {0}")]
    AnswerRefused(String),
    #[error("{0}")]
    InvalidDefinition(String),
    #[error("the mapping is not valid: {0}")]
    InvalidMapping(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the file name must end in .csv, .xlsx or .parquet")]
    UnknownFormat,
    #[error("name the collection point to import into (--collection SLUG, or collection = \"SLUG\" in the mapping)")]
    NoCollection,
    #[error("collection point '{collection}' collects with questionnaire '{collects}', but the mapping names '{named}'")]
    QuestionnaireMismatch {
        collection: Box<str>,
        collects: Box<str>,
        named: Box<str>,
    },
    #[error("collection point '{collection}' does not exist yet: name its questionnaire in the mapping (questionnaire = \"KEY\")")]
    NoQuestionnaire { collection: String },
    #[error(
        "questionnaire '{key}' has not been published (vertelpunt questionnaire publish FILE)"
    )]
    NotPublished { key: String },
    #[error("without a mapping, the file must be an export of a Vertelpunt with its questionnaires ({expected}); for another spreadsheet, give a mapping file (see the README)")]
    NeedsQuestionnaires { expected: String },
    #[error("the stories come from several collection points: name the one to import them into")]
    SeveralCollections,
}

impl ImportProblem {
    /// The stable message key (used by the locale files of the web UI).
    pub fn code(&self) -> &'static str {
        match self {
            ImportProblem::Unreadable(_) => "import-unreadable",
            ImportProblem::TooLarge { .. } => "import-too-large",
            ImportProblem::Empty => "import-empty",
            ImportProblem::NulCharacter => "import-nul-character",
            ImportProblem::SheetTooLarge(_) => "import-sheet-too-large",
            ImportProblem::WorkbookTooLarge { .. } => "import-workbook-too-large",
            ImportProblem::NotUtf8 => "import-not-utf8",
            ImportProblem::Malformed { .. } => "import-malformed",
            ImportProblem::WrongDelimiter { .. } => "import-wrong-delimiter",
            ImportProblem::MissingColumn { .. } => "import-missing-column",
            ImportProblem::DuplicateColumn => "import-duplicate-column",
            ImportProblem::MissingSheet { .. } => "import-missing-sheet",
            ImportProblem::RowLength { .. } => "import-row-length",
            ImportProblem::CutOffInQuotes => "import-cut-off-in-quotes",
            ImportProblem::EmptyId => "import-empty-id",
            ImportProblem::DuplicateId { .. } => "import-duplicate-id",
            ImportProblem::BadTimestamp { .. } => "import-bad-timestamp",
            ImportProblem::NotANumber { .. } => "import-not-a-number",
            ImportProblem::OutOfRange { .. } => "import-out-of-range",
            ImportProblem::TriadSum { .. } => "import-triad-sum",
            ImportProblem::OutsideRange { .. } => "import-outside-range",
            ImportProblem::NotAStoryId { .. } => "import-not-a-story-id",
            ImportProblem::EmptyStory => "import-empty-story",
            ImportProblem::UnknownValue { .. } => "import-unknown-value",
            ImportProblem::TriadIncomplete { .. } => "import-triad-incomplete",
            ImportProblem::StoneIncomplete => "import-stone-incomplete",
            ImportProblem::UnknownOption { .. } => "import-unknown-option",
            ImportProblem::NotATick { .. } => "import-not-a-tick",
            ImportProblem::TooManyPicks { .. } => "import-too-many-picks",
            ImportProblem::UnknownSignifier { .. } => "import-unknown-signifier",
            ImportProblem::AnswerRefused(_) => "import-answer-refused",
            ImportProblem::InvalidDefinition(_) => "import-invalid-definition",
            ImportProblem::InvalidMapping(_) => "import-invalid-mapping",
            ImportProblem::Conflict(_) => "import-conflict",
            ImportProblem::UnknownFormat => "import-unknown-format",
            ImportProblem::NoCollection => "import-no-collection",
            ImportProblem::QuestionnaireMismatch { .. } => "import-questionnaire-mismatch",
            ImportProblem::NoQuestionnaire { .. } => "import-no-questionnaire",
            ImportProblem::NotPublished { .. } => "import-not-published",
            ImportProblem::NeedsQuestionnaires { .. } => "import-needs-questionnaires",
            ImportProblem::SeveralCollections => "import-several-collections",
        }
    }
}

impl ImportProblem {
    /// The values a message about this problem names, by placeholder: the locale files word
    /// the message (`import_problem.CODE` without `import-`, `-` as `_`) around them.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        use ImportProblem as P;
        let one = |name: &'static str, value: String| vec![(name, value)];
        match self {
            P::Unreadable(detail)
            | P::AnswerRefused(detail)
            | P::InvalidDefinition(detail)
            | P::InvalidMapping(detail)
            | P::Conflict(detail) => one("detail", detail.clone()),
            P::TooLarge { size_mb, max_mb } => vec![
                ("size", format!("{size_mb:.1}")),
                ("max", format!("{max_mb:.1}")),
            ],
            P::SheetTooLarge(size) => vec![
                ("sheet", size.sheet.clone()),
                ("cell", size.cell.clone()),
                ("rows", size.rows.to_string()),
                ("columns", size.columns.to_string()),
                ("max_columns", size.max_columns.to_string()),
                ("max_cells", size.max_cells.to_string()),
            ],
            P::WorkbookTooLarge { max_mb } => one("max", max_mb.to_string()),
            P::Empty
            | P::NulCharacter
            | P::NotUtf8
            | P::CutOffInQuotes
            | P::DuplicateColumn
            | P::EmptyId
            | P::EmptyStory
            | P::StoneIncomplete
            | P::UnknownFormat
            | P::NoCollection
            | P::SeveralCollections => Vec::new(),
            P::QuestionnaireMismatch {
                collection,
                collects,
                named,
            } => vec![
                ("collection", collection.to_string()),
                ("collects", collects.to_string()),
                ("named", named.to_string()),
            ],
            P::NoQuestionnaire { collection } => one("collection", collection.clone()),
            P::NotPublished { key } => one("key", key.clone()),
            P::NeedsQuestionnaires { expected } => one("expected", expected.clone()),
            P::Malformed { expected, detail } => vec![
                ("expected", expected.to_string()),
                ("detail", detail.clone()),
            ],
            P::WrongDelimiter { found } => one("found", found.to_string()),
            P::MissingColumn { question } => one("question", question.clone()),
            P::MissingSheet { sheet, present } => {
                vec![("sheet", sheet.clone()), ("present", present.clone())]
            }
            P::RowLength { found, expected } => vec![
                ("found", found.to_string()),
                ("expected", expected.to_string()),
            ],
            P::DuplicateId { id, first_row } => {
                vec![("id", id.clone()), ("first_row", first_row.to_string())]
            }
            P::BadTimestamp { value }
            | P::NotANumber { value }
            | P::NotAStoryId { value }
            | P::NotATick { value } => one("value", value.clone()),
            P::OutOfRange { value } => one("value", value.to_string()),
            P::TriadSum { sum, expected } => {
                vec![("sum", sum.to_string()), ("expected", expected.to_string())]
            }
            P::OutsideRange { value, min, max } => vec![
                ("value", value.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
            ],
            P::UnknownValue { value, expected } => {
                vec![("value", value.clone()), ("expected", expected.to_string())]
            }
            P::TriadIncomplete { given } => one("given", given.to_string()),
            P::UnknownOption { value, question } => {
                vec![("value", value.clone()), ("question", question.clone())]
            }
            P::TooManyPicks {
                picked,
                max,
                question,
            } => vec![
                ("picked", picked.to_string()),
                ("max", max.to_string()),
                ("question", question.clone()),
            ],
            P::UnknownSignifier { kind, id } => {
                vec![("kind", kind.to_string()), ("id", id.clone())]
            }
        }
    }
}

/// An import was refused: what is wrong and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    /// The file's name as the user gave it.
    pub file: String,
    /// The row as a spreadsheet numbers it: the header is row 1, the first story row 2.
    pub row: Option<u64>,
    /// The column's header.
    pub column: Option<String>,
    pub problem: ImportProblem,
}

impl ImportError {
    /// A problem with the file as a whole.
    pub fn file(file: &str, problem: ImportProblem) -> Self {
        ImportError {
            file: file.to_string(),
            row: None,
            column: None,
            problem,
        }
    }

    /// A problem in one cell (or, without a column, in one row).
    pub fn at(file: &str, row: u64, column: Option<&str>, problem: ImportProblem) -> Self {
        ImportError {
            file: file.to_string(),
            row: Some(row),
            column: column.map(str::to_string),
            problem,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column '{column}'")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for ImportError {}
