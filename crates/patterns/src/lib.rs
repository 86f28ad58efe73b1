//! vertelpunt-patterns: the pattern evaluation of step 2 of the StoryCycle (dataset building
//! with polars, statistics, the pattern scan, ranking, card drafts and charts).
//!
//! Nothing is built here yet; this crate only fixes its place in the workspace
//! (`model` ← `store` ← `patterns` ← `web` ← `cli`). It exports nothing, so nothing can mistake it
//! for a working engine.
