//! Errors of the web layer, and the policy for them.
//!
//! - **The JSON API** returns `Result<HttpResponse, ApiFailure>` from every handler
//!   ([`crate::api::ApiFailure`]): each failure has an explicit status, a stable code and a
//!   message in the caller's language; database failures are `unavailable` (503/500) with the
//!   detail in the log only.
//! - **Pages** answer a failure with a rendered page in the visitor's language
//!   ([`crate::pages::error_page`], [`crate::pages::failure`], [`crate::pages::not_found`]); the
//!   staff permission checks are extractors ([`crate::auth::StaffPage`],
//!   [`crate::auth::StaffForm`]) whose refusal is such a page. A page error type like the
//!   API's is still to come (issue 18): some page helpers return `Result<T, HttpResponse>`.
//! - **[`WebError`]** below is for plain-text answers outside both (the health check).
//! - `anyhow` is for start-up and the command line only; the web layer and the crates below it
//!   use typed errors (`StoreError`, `RunError`, `ImportError`), so each is mapped on purpose.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use vertelpunt_store::StoreError;

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
