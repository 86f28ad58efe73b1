//! `GET /api/v1/pattern-runs[/{id}]`: stored pattern evaluations, for analysts who continue in
//! their own tools. The results are the run's `patterns.json`, exactly as stored (its SHA-256
//! is `results_sha256`). Analysts and admins only.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use vertelpunt_store::pattern_runs::{self, PatternRun};

use super::{blocking, find, require_staff, timestamp, ApiError, ApiFailure};
use crate::support::permissions::Action;
use crate::support::state::AppState;

/// A stored run.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunSummary {
    pub id: String,
    /// The collection points' slugs.
    pub collection_points: Vec<String>,
    /// The selection of stories, as given to `vertelpunt evaluate`.
    #[schema(value_type = Object)]
    pub selection: serde_json::Value,
    pub subgroup: Option<String>,
    pub preset: String,
    pub engine_version: String,
    pub stories: i32,
    /// How many of `stories` are demo stories (synthetic); -1 for an older run whose selection
    /// let them in without counting them. Anything but 0 means: not (only) real stories.
    pub synthetic_stories: i32,
    pub tests: i32,
    /// Patterns that came out strong.
    pub strong: i32,
    pub results_sha256: String,
    #[schema(format = DateTime)]
    pub started_at: String,
    #[schema(format = DateTime)]
    pub finished_at: String,
}

/// A run with its patterns.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunDetail {
    #[serde(flatten)]
    pub summary: RunSummary,
    /// The preset's thresholds.
    #[schema(value_type = Object)]
    pub preset_definition: serde_json::Value,
    /// The run's patterns.json: every pattern, strong or not, ranked.
    #[schema(value_type = Object)]
    pub results: serde_json::Value,
}

/// Every stored pattern evaluation, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/pattern-runs",
    tag = "patterns",
    security(("token" = [])),
    responses(
        (status = 200, description = "The runs, without their patterns", body = [RunSummary]),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token's account is not an analyst or admin", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/pattern-runs")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let staff = require_staff(&state, &req, Action::RunEvaluations.roles()).await?;
    let scope = staff.user.scope();
    let runs = blocking(&state, &req, move |conn| {
        let mut runs = pattern_runs::list(conn)?;
        crate::support::scope::retain_visible(conn, &scope, &mut runs, |r| &r.id)?;
        Ok(runs)
    })
    .await?;
    Ok(HttpResponse::Ok().json(runs.iter().map(summary).collect::<Vec<_>>()))
}

/// One run with every pattern.
#[utoipa::path(
    get,
    path = "/api/v1/pattern-runs/{id}",
    tag = "patterns",
    params(("id" = String, Path, description = "The run id")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The run and its patterns", body = RunDetail),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token's account is not an analyst or admin", body = ApiError),
        (status = 404, description = "No run has this id", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/pattern-runs/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let staff = require_staff(&state, &req, Action::RunEvaluations.roles()).await?;
    let id = id.into_inner();
    let scope = staff.user.scope();
    let run = find(&state, &req, "api.run_not_found", move |conn| {
        crate::support::scope::check_run(conn, &scope, &id)?;
        pattern_runs::get(conn, &id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(RunDetail {
        summary: summary(&run),
        preset_definition: json(&run.preset_definition),
        results: json(&run.results),
    }))
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::json!({}))
}

fn summary(run: &PatternRun) -> RunSummary {
    RunSummary {
        id: run.id.clone(),
        collection_points: run
            .collection_points
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        selection: json(&run.selection),
        subgroup: run.subgroup.clone(),
        preset: run.preset.clone(),
        engine_version: run.engine_version.clone(),
        stories: run.stories,
        synthetic_stories: run.synthetic_stories,
        tests: run.tests,
        strong: run.strong,
        results_sha256: run.results_sha256.clone(),
        started_at: timestamp(run.started_at),
        finished_at: timestamp(run.finished_at),
    }
}
