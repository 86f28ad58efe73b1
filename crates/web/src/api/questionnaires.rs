//! `GET /api/v1/questionnaire-versions[/{id}]`: the published, immutable questionnaire
//! versions, and one version's whole definition (as published, JSON).

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use vertelpunt_store::questionnaires::{self, QuestionnaireVersion};

use super::{blocking, find, timestamp, ApiError, ApiFailure, ApiText};
use crate::support::state::AppState;

/// A published questionnaire version.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionSummary {
    pub id: String,
    /// The questionnaire's key, e.g. `jeugdhulp`.
    pub key: String,
    /// 1 for the first version of a key, then 2, 3, …
    pub version: i32,
    /// `core` or `module`.
    pub kind: String,
    /// For a module: the key of the core it extends.
    pub extends: Option<String>,
    pub title: ApiText,
    /// SHA-256 of the definition.
    pub checksum: String,
    #[schema(format = DateTime)]
    pub published_at: String,
}

/// A version with its definition.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionDetail {
    #[serde(flatten)]
    pub summary: VersionSummary,
    /// The definition as published (the questionnaire format in the README, as JSON).
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
}

/// Every published questionnaire version, by key and version.
#[utoipa::path(
    get,
    path = "/api/v1/questionnaire-versions",
    tag = "questionnaires",
    responses(
        (status = 200, description = "Every published version", body = [VersionSummary]),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/questionnaire-versions")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let versions = blocking(&state, &req, questionnaires::list).await?;
    Ok(HttpResponse::Ok().json(versions.iter().map(summary).collect::<Vec<_>>()))
}

/// One version with its whole definition.
#[utoipa::path(
    get,
    path = "/api/v1/questionnaire-versions/{id}",
    tag = "questionnaires",
    params(("id" = String, Path, description = "The version id")),
    responses(
        (status = 200, description = "The version and its definition", body = VersionDetail),
        (status = 404, description = "No version has this id", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/questionnaire-versions/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let id = id.into_inner();
    let version = find(&state, &req, "api.version_not_found", move |conn| {
        questionnaires::get(conn, &id)
    })
    .await?;
    // Stored definitions are JSON, checked when they were published.
    let definition =
        serde_json::from_str(&version.definition).unwrap_or_else(|_| serde_json::json!({}));
    Ok(HttpResponse::Ok().json(VersionDetail {
        summary: summary(&version),
        definition,
    }))
}

fn summary(v: &QuestionnaireVersion) -> VersionSummary {
    VersionSummary {
        id: v.id.clone(),
        key: v.questionnaire_key.clone(),
        version: v.version,
        kind: v.kind.clone(),
        extends: v.extends_key.clone(),
        title: ApiText {
            nl: v.title_nl.clone(),
            en: v.title_en.clone(),
        },
        checksum: v.checksum.clone(),
        published_at: timestamp(v.created_at),
    }
}
