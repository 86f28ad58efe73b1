//! vertelpunt-patterns: the pattern evaluation of step 2 of the StoryCycle.
//!
//! - [`dataset`]: stories and answers as a polars DataFrame, from the database or from a
//!   CSV/Parquet file;
//! - [`selection`]: which stories, and the subgroup compared with the rest;
//! - [`variables`]: the answers coded for counting;
//! - [`stats`]: the tests, each from its formula (checked against scipy in `analysis/crosscheck`);
//! - [`families`]: the pattern families; [`evaluate`]: one run with one Benjamini-Hochberg
//!   correction and the ranking; [`output`]: `patterns.json`, `patterns.csv` and the charts;
//! - [`run`]: one evaluation from a dataset to its stored run, for the CLI and the web.
//!
//! The statistics are described with formulas and references in `analysis/METHODS.md`.

pub mod card;
pub mod charts;
pub mod dataset;
pub mod evaluate;
pub mod families;
pub mod output;
pub mod pattern;
pub mod planted;
pub mod preset;
pub mod run;
pub mod selection;
pub mod sentences;
pub mod stats;
pub mod suggest;
pub mod synthetic;
pub mod variables;

pub use dataset::{Dataset, DatasetError, DatasetQuestion};
pub use evaluate::{evaluate, Evaluation, Options, Subgroup, ENGINE_VERSION};
pub use pattern::{Family, Pattern};
pub use preset::Preset;
pub use selection::{Condition, Selection};
pub use variables::Variables;
