//! vertelpunt-interop: stories in and out of Vertelpunt.
//!
//! - [`sensemaker`]: a SenseMaker CSV export with its framework definition JSON becomes a
//!   generated questionnaire version and imported stories;
//! - [`tabular`]: a spreadsheet (CSV or XLSX) with a mapping file, or an export of a
//!   Vertelpunt (CSV, Parquet, XLSX), becomes imported stories;
//! - [`narrafirma`]: a NarraFirma story form CSV and stories CSV become a generated
//!   questionnaire version and imported stories; a selection is written as NarraFirma reads it;
//! - [`export`]: a selection as CSV, Parquet or XLSX with its questionnaire definitions;
//! - [`table`]: the cells of CSV, XLSX and Parquet files, checked for encoding and shape;
//! - [`generated`]: the SenseMaker and NarraFirma imports from files to stored stories,
//!   shared by the CLI and the staff import page;
//! - [`batch`]: imported stories of any source are stored in one transaction, idempotently;
//! - [`error`]: what went wrong, naming the file, row and column.
//!
//! Error policy: typed errors ([`ImportError`]) whose messages name the place in the file; the
//! CLI prints them, the web layer maps [`ImportProblem::code`] to locale keys.

pub mod batch;
pub mod error;
pub mod export;
pub mod generated;
pub mod html;
pub mod narrafirma;
pub mod sensemaker;
pub mod sheet;
pub mod table;
pub mod tabular;
pub mod timestamp;

pub use batch::{ImportBatch, ImportReport, ImportedStory};
pub use error::{ImportError, ImportProblem};

/// The largest file an import reads, unless the caller allows more: larger files are refused
/// before anything is read, so a mistaken upload cannot exhaust memory.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file to import, refusing files larger than `max_bytes` before reading them.
pub fn read_file(path: &std::path::Path, max_bytes: u64) -> Result<Vec<u8>, ImportError> {
    let name = path.display().to_string();
    let unreadable =
        |e: std::io::Error| ImportError::file(&name, ImportProblem::Unreadable(e.to_string()));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > max_bytes {
        return Err(ImportError::file(
            &name,
            ImportProblem::TooLarge {
                size_mb: size as f64 / 1_048_576.0,
                max_mb: max_bytes as f64 / 1_048_576.0,
            },
        ));
    }
    std::fs::read(path).map_err(unreadable)
}
