//! Security headers on every response, and a request log without client addresses.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::{DefaultHeaders, Logger, Next};
use actix_web::web;

use crate::support::state::AppState;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The Content-Security-Policy of every page: only our own scripts, styles and images; no
/// inline scripts, no framing, forms only to ourselves.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Headers added to every response.
pub fn headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add((
            "Permissions-Policy",
            "geolocation=(), camera=(), microphone=()",
        ))
}

/// The request log: method, path, status, size and time. Deliberately no `%a`/`%{r}a`
/// (address) and no user agent or referrer, and no secret link: the token of an owner's
/// follow-up link or a shared report is written as `…`.
pub fn request_log() -> Logger {
    Logger::new("%{request}xi %s %b %Dms").custom_request_replace("request", |req| {
        let path = logged_path(req.path());
        match req.query_string() {
            "" => format!("{} {path}", req.method()),
            query => format!("{} {path}?{query}", req.method()),
        }
    })
}

/// The paths whose last segment is a secret link's token.
const SECRET_LINKS: [&str; 2] = ["/opvolging/", "/verslag/"];

/// A path as it may be logged.
fn logged_path(path: &str) -> String {
    for prefix in SECRET_LINKS {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
            return format!("{prefix}…{tail}");
        }
    }
    path.to_string()
}

/// Refuses an address holding a NUL character (`%00`) with 400 and a page (JSON under `/api/`)
/// saying so, on both backends alike: PostgreSQL cannot store or compare NUL, and no person
/// types one. NUL inside form fields is dropped when the form is read ([`crate::support::forms`]).
pub async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let uri = req.uri().to_string();
    if !uri.contains("%00") {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let (http, _) = req.into_parts();
    let in_path = http.uri().path().contains("%00");
    let response = match http.app_data::<web::Data<AppState>>() {
        // No id or slug holds a NUL: in the API's path that is "not found" (as documented for
        // every path with a parameter); in its query, a parameter that is not valid.
        Some(state) if http.path().starts_with("/api/") && in_path => {
            crate::support::error::localized(
                state,
                &http,
                StatusCode::NOT_FOUND,
                "not_found",
                "common.nul_body",
            )
        }
        Some(state) if http.path().starts_with("/api/") => crate::support::error::localized(
            state,
            &http,
            StatusCode::BAD_REQUEST,
            "bad_query",
            "common.nul_body",
        ),
        Some(state) => {
            let query = crate::support::forms::RawForm::parse(http.query_string().as_bytes());
            crate::support::pages::error_page(
                state,
                StatusCode::BAD_REQUEST,
                crate::support::i18n::lang_param(query.get("lang")),
                "common.nul_title",
                "common.nul_body",
            )
        }
        None => actix_web::HttpResponse::BadRequest().finish(),
    };
    Ok(ServiceResponse::new(http, response).map_into_right_body())
}

#[cfg(test)]
mod log_tests {
    #[test]
    fn secret_links_are_not_logged() {
        assert_eq!(super::logged_path("/opvolging/abc123"), "/opvolging/…");
        assert_eq!(super::logged_path("/verslag/abc123/x"), "/verslag/…/x");
        assert_eq!(super::logged_path("/voorstellen/1"), "/voorstellen/1");
    }
}

tokio::task_local! {
    /// The path of the request being answered, for what a page marks as "here" (the staff
    /// menu's current page). Set around every handler by [`remember_path`].
    static CURRENT_PATH: String;
}

/// Keeps the request's path for the page it renders ([`current_path`]).
pub async fn remember_path(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_string();
    CURRENT_PATH.scope(path, next.call(req)).await
}

/// The path of the request being answered, when called while answering one.
pub fn current_path() -> Option<String> {
    CURRENT_PATH.try_with(Clone::clone).ok()
}
