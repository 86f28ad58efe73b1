//! The OpenAPI document of the JSON API, generated from the handlers' annotations and the
//! request and response types, served at `GET /api/openapi.json`.

use actix_web::{get, HttpResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{aggregates, cards, points, proposals, questionnaires, runs, stories};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Vertelpunt API",
        description = "Collect stories from your own app, read collection points, questionnaire \
            versions, aggregate counts (small groups withheld), pattern evaluations and published \
            observation cards, and improvement proposals with their progress. Staff \
            endpoints need `Authorization: Bearer vpt_…` (`vertelpunt api-token create`). Errors \
            are JSON with a stable `error` code and a `message` in Dutch or English \
            (`Accept-Language`)."
    ),
    paths(
        points::list,
        points::get,
        stories::submit,
        aggregates::get,
        questionnaires::list,
        questionnaires::get,
        runs::list,
        runs::get,
        cards::list,
        cards::get,
        proposals::list,
    ),
    modifiers(&BearerToken),
    tags(
        (name = "collection points", description = "The Vertelpunten and their questions"),
        (name = "stories", description = "Sharing a story"),
        (name = "aggregates", description = "Counts per question (staff)"),
        (name = "questionnaires", description = "Published questionnaire versions"),
        (name = "patterns", description = "Stored pattern evaluations (analysts)"),
        (name = "cards", description = "Published observation cards (staff)"),
        (name = "proposals", description = "Improvement proposals of sense-making sessions and their follow-up (staff)"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("vpt_…")
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document.
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
