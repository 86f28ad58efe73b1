//! Who is asking, only as far as the rate limit needs to know: the peer address (or the
//! left-most `X-Forwarded-For` entry behind a trusted proxy). It is used in memory for the
//! limit and never logged or stored.

use actix_web::HttpRequest;
use std::net::IpAddr;

pub fn client_addr(req: &HttpRequest, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.peer_addr().map(|a| a.ip())
}

/// Whether the request came over TLS (directly or, behind a trusted proxy, as reported by it),
/// so that cookies can be marked `Secure`.
pub fn is_https(req: &HttpRequest, trust_forwarded_for: bool) -> bool {
    if trust_forwarded_for {
        if let Some(proto) = req.headers().get("x-forwarded-proto") {
            return proto.as_bytes().eq_ignore_ascii_case(b"https");
        }
    }
    req.connection_info().scheme() == "https"
}

/// The site's address as the visitor reached it (`https://vertelpunt.example`), for links that
/// leave the page (a QR code on a screen). The host comes from the request's `Host` header.
pub fn origin(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    let scheme = if is_https(req, trust_forwarded_for) {
        "https"
    } else {
        "http"
    };
    let info = req.connection_info();
    let host: String = info
        .host()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        .collect();
    format!("{scheme}://{host}")
}
