//! Stored pattern evaluations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::schema::{pattern_charts, pattern_runs};
use crate::stories::ROWS_PER_STATEMENT;
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
    /// How many of `stories` were demo stories (synthetic); -1 for a run stored before this
    /// was kept whose selection let them in.
    pub synthetic_stories: i32,
}

impl PatternRun {
    /// Whether demo stories are (or may be) among the run's stories.
    pub fn has_demo(&self) -> bool {
        self.synthetic_stories != 0
    }
}

/// A finished run in brief: id, when it finished, its stories, demo stories and strong
/// patterns.
pub type RunBrief = (String, NaiveDateTime, i32, i32, i32);

/// The `n` most recently finished runs, in brief (their results are not read).
pub fn recent(conn: &mut DbConnection, n: i64) -> StoreResult<Vec<RunBrief>> {
    Ok(pattern_runs::table
        .order((pattern_runs::finished_at.desc(), pattern_runs::id.asc()))
        .limit(n)
        .select((
            pattern_runs::id,
            pattern_runs::finished_at,
            pattern_runs::stories,
            pattern_runs::synthetic_stories,
            pattern_runs::strong,
        ))
        .load(conn)?)
}

/// The ids of the runs that hold (or may hold) demo stories.
pub fn with_demo(conn: &mut DbConnection) -> StoreResult<std::collections::BTreeSet<String>> {
    Ok(pattern_runs::table
        .filter(pattern_runs::synthetic_stories.ne(0))
        .select(pattern_runs::id)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// SHA-256 of a run's results, hex.
pub fn checksum(results: &str) -> String {
    Sha256::digest(results.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One chart of a run: its file name within the run (`charts/001-….svg`,
/// `verdelingen/univariate-….svg`) and the SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub name: String,
    pub svg: String,
}

/// Stores a run and its charts, together or not at all.
pub fn insert(conn: &mut DbConnection, run: &PatternRun, charts: &[Chart]) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::insert_into(pattern_runs::table)
            .values(run)
            .execute(conn)?;
        let rows: Vec<_> = charts
            .iter()
            .map(|c| {
                (
                    pattern_charts::run_id.eq(&run.id),
                    pattern_charts::name.eq(&c.name),
                    pattern_charts::svg.eq(&c.svg),
                )
            })
            .collect();
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            batch_insert!(conn, pattern_charts::table, chunk)?;
        }
        Ok(())
    })
}

/// The names of a run's charts (runs stored before charts were kept have none).
pub fn chart_names(conn: &mut DbConnection, run_id: &str) -> StoreResult<Vec<String>> {
    Ok(pattern_charts::table
        .filter(pattern_charts::run_id.eq(run_id))
        .select(pattern_charts::name)
        .order(pattern_charts::name)
        .load(conn)?)
}

/// One chart of a run, if the run has a chart by that name.
pub fn chart(conn: &mut DbConnection, run_id: &str, name: &str) -> StoreResult<Option<String>> {
    Ok(pattern_charts::table
        .find((run_id, name))
        .select(pattern_charts::svg)
        .first(conn)
        .optional()?)
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

/// Every run's id with its collection points (slugs, comma-separated) and selection (JSON), to
/// tell which runs a limited account sees.
pub fn selections(conn: &mut DbConnection) -> StoreResult<Vec<(String, String, String)>> {
    Ok(pattern_runs::table
        .select((
            pattern_runs::id,
            pattern_runs::collection_points,
            pattern_runs::selection,
        ))
        .load(conn)?)
}

/// One run's collection points (slugs, comma-separated) and selection (JSON), if the run
/// exists.
pub fn selection_of(conn: &mut DbConnection, id: &str) -> StoreResult<Option<(String, String)>> {
    Ok(pattern_runs::table
        .find(id)
        .select((pattern_runs::collection_points, pattern_runs::selection))
        .first(conn)
        .optional()?)
}
