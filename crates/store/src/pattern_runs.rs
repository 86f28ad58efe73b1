//! Stored pattern evaluations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::schema::pattern_runs;
use crate::{DbConnection, StoreError, StoreResult};

/// One evaluation as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = pattern_runs)]
pub struct PatternRun {
    pub id: String,
    /// Slugs, comma-separated.
    pub collection_points: String,
    /// The selection as JSON.
    pub selection: String,
    pub subgroup: Option<String>,
    pub preset: String,
    /// The preset's thresholds as JSON.
    pub preset_definition: String,
    pub engine_version: String,
    pub stories: i32,
    pub tests: i32,
    pub strong: i32,
    pub results_sha256: String,
    /// The run's patterns.json.
    pub results: String,
    pub started_at: NaiveDateTime,
    pub finished_at: NaiveDateTime,
}

/// SHA-256 of a run's results, hex.
pub fn checksum(results: &str) -> String {
    Sha256::digest(results.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores a run.
pub fn insert(conn: &mut DbConnection, run: &PatternRun) -> StoreResult<()> {
    diesel::insert_into(pattern_runs::table)
        .values(run)
        .execute(conn)?;
    Ok(())
}

/// Every run, newest first, without their results.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<PatternRun>> {
    let mut runs: Vec<PatternRun> = pattern_runs::table
        .order(pattern_runs::started_at.desc())
        .select(PatternRun::as_select())
        .load(conn)?;
    for r in &mut runs {
        r.results.clear();
    }
    Ok(runs)
}

/// One run with its results.
pub fn get(conn: &mut DbConnection, id: &str) -> StoreResult<PatternRun> {
    pattern_runs::table
        .find(id)
        .select(PatternRun::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("pattern run {id} does not exist")))
}
