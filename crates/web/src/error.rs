//! The one response-error type of the web layer, mapped explicitly to status codes.

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
