//! The stylesheet and the small scripts (from `web/static/`, compiled into the binary), served
//! under `/static/`. Every script is optional: every page works without it.

use crate::support::error::PageError;
use actix_web::{web, HttpResponse};

const FILES: [(&str, &str, &str); 8] = [
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../../../../web/static/favicon.svg"),
    ),
    (
        "css/vertelpunt.css",
        "text/css; charset=utf-8",
        include_str!("../../../../web/static/css/vertelpunt.css"),
    ),
    (
        "js/slider.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../../web/static/js/slider.js"),
    ),
    (
        "js/triad.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../../web/static/js/triad.js"),
    ),
    (
        "js/steps.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../../web/static/js/steps.js"),
    ),
    (
        "js/evaluation.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../../web/static/js/evaluation.js"),
    ),
    (
        "js/board.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../../web/static/js/board.js"),
    ),
    (
        "js/console.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../../web/static/js/console.js"),
    ),
];

pub async fn asset(path: web::Path<String>) -> Result<HttpResponse, PageError> {
    Ok(
        match FILES.iter().find(|(name, _, _)| *name == path.as_str()) {
            Some((_, content_type, body)) => HttpResponse::Ok()
                .content_type(*content_type)
                .insert_header(("Cache-Control", "public, max-age=3600"))
                .body(*body),
            None => HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body("niet gevonden / not found"),
        },
    )
}
