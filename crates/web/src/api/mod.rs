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

/// Why an API request is not answered as asked. This is the API's error policy: every handler
/// returns `Result<HttpResponse, ApiFailure>` and says `?` to what may fail; each failure is
/// built with its status, a stable code and a message in the caller's language, and answered
/// as the JSON [`ApiError`] (a 401 also names the Bearer scheme). A database failure is
/// `unavailable` (503 when it cannot be reached, else 500), its detail in the log only.
#[derive(Debug)]
pub struct ApiFailure {
    status: StatusCode,
    body: ApiError,
    authenticate: bool,
    /// Seconds after which a rate-limited client may try again (`Retry-After`).
    retry_after: Option<u64>,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: &str, message: String) -> ApiFailure {
        ApiFailure {
            status,
            body: ApiError {
                error: code.to_string(),
                message,
                problems: Vec::new(),
            },
            authenticate: false,
            retry_after: None,
        }
    }

    /// The same, with a problem per field.
    pub fn with_problems(mut self, problems: Vec<FieldProblem>) -> ApiFailure {
        self.body.problems = problems;
        self
    }

    /// The same, telling when to try again.
    pub fn retry_after(mut self, seconds: u64) -> ApiFailure {
        self.retry_after = Some(seconds);
        self
    }

    /// A failure whose message comes from the locale files.
    pub fn localized(
        state: &AppState,
        req: &HttpRequest,
        status: StatusCode,
        code: &str,
        key: &str,
    ) -> ApiFailure {
        ApiFailure::new(
            status,
            code,
            state.locales.text(lang_of(req), key).to_string(),
        )
    }

    /// A database failure: 503 or 500, the detail logged and not shown.
    pub fn store(state: &AppState, req: &HttpRequest, e: &StoreError) -> ApiFailure {
        tracing::error!("API request failed: {e}");
        let status = match e {
            StoreError::Pool(_) | StoreError::Connect(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiFailure::localized(state, req, status, "unavailable", "common.unavailable_body")
    }

    /// A refused story, with every problem at its field.
    pub fn invalid_story(message: &str, problems: Vec<FieldProblem>) -> ApiFailure {
        ApiFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_story",
            message.to_string(),
        )
        .with_problems(problems)
    }
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.body.error, self.body.message)
    }
}

impl actix_web::ResponseError for ApiFailure {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status).json(&self.body);
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        if self.authenticate {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"vertelpunt\""),
            );
        }
        response
    }
}

/// A JSON error response.
pub fn error(status: StatusCode, code: &str, message: String) -> HttpResponse {
    use actix_web::ResponseError;
    ApiFailure::new(status, code, message).error_response()
}

/// An error response whose message comes from the locale files.
pub fn localized(
    state: &AppState,
    req: &HttpRequest,
    status: StatusCode,
    code: &str,
    key: &str,
) -> HttpResponse {
    use actix_web::ResponseError;
    ApiFailure::localized(state, req, status, code, key).error_response()
}

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
) -> Result<std::sync::Arc<crate::catalog::PointContext>, ApiFailure> {
    match crate::vertelpunt::load_point(state, slug).await {
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
    let mut failure = ApiFailure::localized(
        state,
        req,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "api.unauthorized",
    );
    failure.authenticate = true;
    failure
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
