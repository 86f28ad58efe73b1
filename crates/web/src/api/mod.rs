//! The JSON API under `/api/v1`, for partners who collect stories in their own app and for
//! analysts who read aggregates and pattern runs in their own tools. Its OpenAPI document is
//! generated from these handlers and their types ([`doc::ApiDoc`]) and served at
//! `/api/openapi.json`.
//!
//! Public endpoints: collection points, questionnaire versions, submitting a story (rate
//! limited per client like the public form, unless a staff token is sent). Staff endpoints need
//! `Authorization: Bearer vpt_…` (tokens from `vertelpunt api-token create`). Every error is
//! JSON: a stable `error` code and a `message` in Dutch or English (`Accept-Language`).

pub mod aggregates;
pub mod cards;
pub mod doc;
pub mod points;
pub mod proposals;
pub mod questionnaires;
pub mod runs;
pub mod stories;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;
use vertelpunt_store::users::{User, UserRole};
use vertelpunt_store::{api_tokens, StoreError};

use crate::support::state::AppState;

/// The API routes, with JSON error bodies for unreadable JSON and query strings.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .app_data(
                web::JsonConfig::default()
                    .limit(crate::support::security::MAX_BODY_BYTES)
                    .error_handler(|err, req| {
                        use actix_web::error::JsonPayloadError;
                        let response = match &err {
                            JsonPayloadError::Overflow { .. }
                            | JsonPayloadError::OverflowKnownLength { .. } => {
                                match req.app_data::<web::Data<AppState>>() {
                                    Some(state) => localized(
                                        state,
                                        req,
                                        StatusCode::PAYLOAD_TOO_LARGE,
                                        "too_large",
                                        "common.too_large_body",
                                    ),
                                    None => HttpResponse::PayloadTooLarge().finish(),
                                }
                            }
                            _ => bad_request(req, "bad_json", "api.bad_json", err.to_string()),
                        };
                        actix_web::error::InternalError::from_response(err, response).into()
                    }),
            )
            .app_data(web::QueryConfig::default().error_handler(|err, req| {
                let detail = err.to_string();
                let response = bad_request(req, "bad_query", "api.bad_query", detail);
                actix_web::error::InternalError::from_response(err, response).into()
            }))
            .service(doc::openapi_json)
            .service(points::list)
            .service(points::get)
            .service(stories::submit)
            .service(aggregates::get)
            .service(questionnaires::list)
            .service(questionnaires::get)
            .service(runs::list)
            .service(runs::get)
            .service(cards::list)
            .service(cards::get)
            .service(proposals::list)
            .default_service(web::to(unknown_endpoint)),
    );
}

pub use crate::support::error::{error, localized, ApiError, ApiFailure, FieldProblem};
pub use crate::support::i18n::accept_language as lang_of;

fn bad_request(req: &HttpRequest, code: &str, key: &str, detail: String) -> HttpResponse {
    let lang = lang_of(req);
    let message = match req.app_data::<web::Data<AppState>>() {
        Some(state) => state.locales.format(lang, key, &[("detail", detail)]),
        None => detail,
    };
    error(StatusCode::BAD_REQUEST, code, message)
}

async fn unknown_endpoint(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    localized(
        &state,
        &req,
        StatusCode::NOT_FOUND,
        "not_found",
        "api.unknown_endpoint",
    )
}

/// Runs database work off the worker; any failure is `unavailable` (503/500).
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    req: &HttpRequest,
    work: impl FnOnce(&mut vertelpunt_store::DbConnection) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiFailure> {
    let store = state.store.clone();
    match web::block(move || -> Result<T, StoreError> { work(&mut *store.conn()?) }).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(ApiFailure::store(state, req, &e)),
        Err(e) => Err(ApiFailure::store(
            state,
            req,
            &StoreError::Connect(e.to_string()),
        )),
    }
}

/// [`blocking`] for work that looks something up: what does not exist is `not_found` (404)
/// with the message of `missing`.
pub async fn find<T: Send + 'static>(
    state: &AppState,
    req: &HttpRequest,
    missing: &str,
    work: impl FnOnce(&mut vertelpunt_store::DbConnection) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiFailure> {
    let store = state.store.clone();
    match web::block(move || -> Result<T, StoreError> { work(&mut *store.conn()?) }).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(StoreError::NotFound(_))) => Err(ApiFailure::localized(
            state,
            req,
            StatusCode::NOT_FOUND,
            "not_found",
            missing,
        )),
        Ok(Err(e)) => Err(ApiFailure::store(state, req, &e)),
        Err(e) => Err(ApiFailure::store(
            state,
            req,
            &StoreError::Connect(e.to_string()),
        )),
    }
}

/// The collection point of a request path, or the JSON 404 (or 503) to answer instead.
pub async fn point(
    state: &AppState,
    req: &HttpRequest,
    slug: &str,
) -> Result<std::sync::Arc<crate::support::catalog::PointContext>, ApiFailure> {
    match state.point(slug).await {
        Ok(Some(ctx)) => Ok(ctx),
        Ok(None) => Err(ApiFailure::localized(
            state,
            req,
            StatusCode::NOT_FOUND,
            "not_found",
            "api.point_not_found",
        )),
        Err(e) => Err(ApiFailure::store(state, req, &e)),
    }
}

/// The staff member a bearer token acts for.
pub struct Staff {
    pub user: User,
}

impl Staff {
    pub fn role(&self) -> Option<UserRole> {
        UserRole::parse(&self.user.role)
    }
}

/// The bearer token of the request, if any (`Authorization: Bearer …`).
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Who sent the request: `Ok(None)` without a token, `Err(401)` for a token that is wrong,
/// expired or revoked.
pub async fn staff(state: &AppState, req: &HttpRequest) -> Result<Option<Staff>, ApiFailure> {
    let Some(token) = bearer(req) else {
        return Ok(None);
    };
    match blocking(state, req, move |conn| {
        api_tokens::authenticate(conn, &token)
    })
    .await?
    {
        Some(user) => Ok(Some(Staff { user })),
        None => Err(unauthorized(state, req)),
    }
}

/// The staff member of a request that must come from staff with one of `roles`.
pub async fn require_staff(
    state: &AppState,
    req: &HttpRequest,
    roles: &[UserRole],
) -> Result<Staff, ApiFailure> {
    match staff(state, req).await? {
        None => Err(unauthorized(state, req)),
        Some(staff) if staff.role().is_some_and(|r| roles.contains(&r)) => Ok(staff),
        Some(_) => Err(ApiFailure::localized(
            state,
            req,
            StatusCode::FORBIDDEN,
            "forbidden",
            "api.forbidden",
        )),
    }
}

fn unauthorized(state: &AppState, req: &HttpRequest) -> ApiFailure {
    ApiFailure::localized(
        state,
        req,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "api.unauthorized",
    )
    .with_authenticate()
}

/// A UTC time as RFC 3339 (`2026-11-23T09:28:03Z`).
pub fn timestamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Dutch and English text of a question, option or pole.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiText {
    pub nl: String,
    pub en: String,
}

impl From<&vertelpunt_model::Text> for ApiText {
    fn from(t: &vertelpunt_model::Text) -> Self {
        ApiText {
            nl: t.nl.clone(),
            en: t.en.clone(),
        }
    }
}
