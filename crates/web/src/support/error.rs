//! Errors of the web layer, and the policy for them. Every handler says what may go wrong in
//! its type, and `?` takes it there; no handler returns early with a bare response.
//!
//! - **Pages** return `Result<HttpResponse, PageError>`. A [`PageError`] is the page to show
//!   instead, rendered in the visitor's language with its own status: "not found" (also for
//!   what the visitor may not know exists: another region's run, another table's board),
//!   "no access" saying why, "something went wrong" (503, the cause in the log only), the way
//!   to the sign-in page, or a form sent back with its messages. `crate::support::pages::stored` (every
//!   database call of a page) fails with it, and so do the staff extractors
//!   (`crate::support::auth::StaffPage`, `crate::support::auth::StaffForm`) before a handler runs.
//! - **The JSON API** returns `Result<HttpResponse, ApiFailure>` from every handler
//!   ([`ApiFailure`], below): each failure has an explicit status, a stable code and a message
//!   in the caller's language (`Accept-Language`); database failures are `unavailable` (503/500)
//!   with the detail in the log only.
//! - **[`WebError`]** is for plain-text answers outside both (the health check).
//! - `anyhow` is for start-up and the command line only; the web layer and the crates below it
//!   use typed errors (`StoreError`, `RunError`, `ImportError`), so each is mapped on purpose.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;
use vertelpunt_store::StoreError;

use crate::support::state::AppState;

/// Why a page is not shown as asked: the page to show instead, already rendered in the
/// visitor's language — "not found", "no access" (saying why), "something went wrong" (the
/// cause in the log only), the way to the sign-in page, or a form sent back with its messages.
/// Page handlers return `Result<HttpResponse, PageError>` and say `?` to what may fail; the
/// helpers they call (`crate::support::pages::stored`, the staff extractors) fail with it.
pub struct PageError {
    status: StatusCode,
    headers: header::HeaderMap,
    body: actix_web::web::Bytes,
}

/// A page rendered instead (its status, headers and body are kept as they are).
impl From<HttpResponse> for PageError {
    fn from(response: HttpResponse) -> PageError {
        use actix_web::body::MessageBody;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().try_into_bytes().unwrap_or_default();
        PageError {
            status,
            headers,
            body,
        }
    }
}

impl From<PageError> for HttpResponse {
    fn from(error: PageError) -> HttpResponse {
        error.error_response()
    }
}

impl std::fmt::Debug for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PageError({})", self.status)
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the page answered {}", self.status)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status).body(self.body.clone());
        *response.headers_mut() = self.headers.clone();
        response
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("niet gevonden")]
    NotFound,
    #[error("de database is niet bereikbaar")]
    Unavailable(String),
    #[error("er ging iets mis")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::Pool(e) => WebError::Unavailable(e.to_string()),
            StoreError::Connect(e) => WebError::Unavailable(e),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for WebError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let WebError::Unavailable(detail) | WebError::Internal(detail) = self {
            tracing::error!("{detail}");
        }
        HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(self.to_string())
    }
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

    /// The same, naming the Bearer scheme (`WWW-Authenticate`), as a 401 does.
    pub fn with_authenticate(mut self) -> ApiFailure {
        self.authenticate = true;
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
            state
                .locales
                .text(crate::support::i18n::accept_language(req), key)
                .to_string(),
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
