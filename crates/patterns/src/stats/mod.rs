//! The statistical tests of the pattern evaluation, as plain functions over counts and codes.
//!
//! Each test is written out from its textbook formula (see `analysis/METHODS.md`) and checked
//! against an independent scipy implementation (`analysis/crosscheck/`). Tests take *codes*:
//! a numeric answer is the index of its value among the sorted distinct values of the column,
//! a categorical answer the index of its level, and [`MISSING`] marks no answer (unanswered or
//! "niet van toepassing"). Ranks are computed from counts, so a slider with 101 possible
//! values costs one pass over the stories whatever their number.

pub mod bh;
pub mod contingency;
pub mod describe;
pub mod dist;
pub mod keyness;
pub mod power;
pub mod rank;

/// The code of a missing answer.
pub const MISSING: u32 = u32::MAX;

pub use bh::benjamini_hochberg;
pub use contingency::{chi_square, fisher_exact_2x2, monte_carlo_p, Contingency};
pub use describe::{describe, Description};
pub use keyness::{log_likelihood, Keyness};
pub use rank::{
    kruskal_wallis, mann_whitney, pearson, spearman, Correlation, Kruskal, MannWhitney,
};
