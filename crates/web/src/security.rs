//! Security headers on every response, and a request log without client addresses.

use actix_web::middleware::{DefaultHeaders, Logger};

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
/// (address) and no user agent or referrer.
pub fn request_log() -> Logger {
    Logger::new("%r %s %b %Dms")
}
