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
use vertelpunt_model::Lang;
use vertelpunt_store::users::{User, UserRole};
use vertelpunt_store::{api_tokens, StoreError};

use crate::state::AppState;

/// The API routes, with JSON error bodies for unreadable JSON and query strings.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .app_data(
                web::JsonConfig::default()
                    .limit(crate::server::MAX_BODY_BYTES)
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

/// Every error response of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// A stable, machine-readable code, e.g. `not_found`, `unauthorized`, `invalid_story`.
    pub error: String,
    /// What went wrong, for people, in the language asked for.
    pub message: String,
    /// For a refused story: every problem, each with the field it belongs to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(nullable = false)]
    pub problems: Vec<FieldProblem>,
}

/// One problem of a refused story.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// `story`, `title`, `role`, `language`, `id`, `answers.QUESTION_ID`, or null for the
    /// story as a whole.
    pub field: Option<String>,
    pub message: String,
}

/// The language of API messages: `en` when `Accept-Language` prefers English, else Dutch.
pub fn lang_of(req: &HttpRequest) -> Lang {
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accept
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("en") {
        Lang::En
    } else {
        Lang::Nl
    }
}

/// A JSON error response.
pub fn error(status: StatusCode, code: &str, message: String) -> HttpResponse {
    HttpResponse::build(status).json(ApiError {
        error: code.to_string(),
        message,
        problems: Vec::new(),
    })
}

/// An error response whose message comes from the locale files.
pub fn localized(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    code: &str,
    key: &str,
) -> HttpResponse {
    error(
        status,
        code,
        state.locales.text(lang_of(req), key).to_string(),
    )
}

fn bad_request(req: &HttpRequest, code: &str, key: &str, detail: String) -> HttpResponse {
    let lang = lang_of(req);
    let message = match req.app_data::<web::Data<AppState>>() {
        Some(state) => state.locales.format(lang, key, &[("detail", detail)]),
        None => detail,
    };
    error(StatusCode::BAD_REQUEST, code, message)
}

/// A database failure as a JSON 503/500 (the detail goes to the log, not to the caller).
pub fn failure(state: &AppState, req: &HttpRequest, e: &StoreError) -> HttpResponse {
    tracing::error!("API request failed: {e}");
    let status = match e {
        StoreError::Pool(_) | StoreError::Connect(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    localized(state, req, status, "unavailable", "common.unavailable_body")
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

/// Runs database work off the worker; a failure becomes the JSON 503/500 response.
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    req: &HttpRequest,
    work: impl FnOnce(&mut vertelpunt_store::DbConnection) -> Result<T, StoreError> + Send + 'static,
) -> Result<Result<T, StoreError>, HttpResponse> {
    let store = state.store.clone();
    match web::block(move || -> Result<T, StoreError> { work(&mut *store.conn()?) }).await {
        Ok(Err(e @ StoreError::NotFound(_))) => Ok(Err(e)),
        Ok(Err(e)) => Err(failure(state, req, &e)),
        Ok(Ok(value)) => Ok(Ok(value)),
        Err(e) => Err(failure(state, req, &StoreError::Connect(e.to_string()))),
    }
}

/// The collection point of a request path, or the JSON 404 (or 503) to answer instead.
pub async fn point(
    state: &AppState,
    req: &HttpRequest,
    slug: &str,
) -> Result<std::sync::Arc<crate::catalog::PointContext>, HttpResponse> {
    match crate::vertelpunt::load_point(state, slug).await {
        Ok(Some(ctx)) => Ok(ctx),
        Ok(None) => Err(localized(
            state,
            req,
            StatusCode::NOT_FOUND,
            "not_found",
            "api.point_not_found",
        )),
        Err(e) => Err(failure(state, req, &e)),
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
pub async fn staff(state: &AppState, req: &HttpRequest) -> Result<Option<Staff>, HttpResponse> {
    let Some(token) = bearer(req) else {
        return Ok(None);
    };
    match blocking(state, req, move |conn| {
        api_tokens::authenticate(conn, &token)
    })
    .await?
    {
        Ok(Some(user)) => Ok(Some(Staff { user })),
        _ => Err(unauthorized(state, req)),
    }
}

/// The staff member of a request that must come from staff with one of `roles`.
pub async fn require_staff(
    state: &AppState,
    req: &HttpRequest,
    roles: &[UserRole],
) -> Result<Staff, HttpResponse> {
    match staff(state, req).await? {
        None => Err(unauthorized(state, req)),
        Some(staff) if staff.role().is_some_and(|r| roles.contains(&r)) => Ok(staff),
        Some(_) => Err(localized(
            state,
            req,
            StatusCode::FORBIDDEN,
            "forbidden",
            "api.forbidden",
        )),
    }
}

fn unauthorized(state: &AppState, req: &HttpRequest) -> HttpResponse {
    let mut response = localized(
        state,
        req,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "api.unauthorized",
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer realm=\"vertelpunt\""),
    );
    response
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
