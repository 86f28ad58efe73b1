//! `GET /api/v1/cards[/{id}]`: the published observation cards, for apps that show them at a
//! session table or on a regional site. Every staff role may read them (facilitators choose
//! cards for their tables); drafts never leave through the API. What a card shows of its
//! pattern follows the small-group rule (see [`crate::staff::cards::figures`]), and a typical story is
//! only listed while it may be quoted. Texts of the figures are in the language asked for
//! (`Accept-Language`); the card's own texts are as the analyst wrote them.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use vertelpunt_store::cards;
use vertelpunt_store::StoreError;

use super::{blocking, find, lang_of, require_staff, timestamp, ApiError, ApiFailure};
use crate::staff::cards::figures::{self, Figures};
use crate::staff::cards::{pattern_of, shown_stories};
use crate::support::permissions::Action;
use crate::support::state::AppState;

/// A published card in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardSummary {
    pub id: String,
    /// The one-sentence observation in plain language.
    pub observation: String,
    /// The pattern evaluation the card was made from.
    pub run_id: String,
    /// The pattern's id within that evaluation.
    pub pattern_id: String,
    #[schema(format = DateTime)]
    pub published_at: String,
}

/// A typical story of a card.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypicalStory {
    pub story_id: String,
    /// Word for word from the story.
    pub quote: String,
    /// `jongere`, `ouder`, `professional` or `onbekend`.
    pub role: String,
}

/// A published card with everything it shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardDetail {
    #[serde(flatten)]
    pub summary: CardSummary,
    pub interpretation_a: String,
    pub interpretation_b: String,
    pub figures: Figures,
    pub typical_stories: Vec<TypicalStory>,
    /// The card was made from a run that holds (or may hold) demo stories (synthetic): it says
    /// nothing about real stories.
    pub demo: bool,
    /// The data is not representative; every card says so.
    pub disclaimer: String,
}

fn summary(row: &cards::CardRow) -> CardSummary {
    CardSummary {
        id: row.id.clone(),
        observation: row.observation.clone(),
        run_id: row.run_id.clone(),
        pattern_id: row.pattern_id.clone(),
        published_at: row.published_at.map(timestamp).unwrap_or_default(),
    }
}

/// Every published observation card, most recently changed first.
#[utoipa::path(
    get,
    path = "/api/v1/cards",
    tag = "cards",
    security(("token" = [])),
    responses(
        (status = 200, description = "The published cards", body = [CardSummary]),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token's account may not read cards", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/cards")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let staff = require_staff(&state, &req, Action::ReadCards.roles()).await?;
    let scope = staff.user.scope();
    let rows = blocking(&state, &req, move |conn| {
        crate::support::scope::published_cards(conn, &scope)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(summary).collect::<Vec<_>>()))
}

/// One published observation card.
#[utoipa::path(
    get,
    path = "/api/v1/cards/{id}",
    tag = "cards",
    params(("id" = String, Path, description = "The card id")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The card", body = CardDetail),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token's account may not read cards", body = ApiError),
        (status = 404, description = "No published card has this id", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/cards/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let staff = require_staff(&state, &req, Action::ReadCards.roles()).await?;
    let id = id.into_inner();
    let missing = "api.card_not_found";
    let scope = staff.user.scope();
    let card = find(&state, &req, missing, move |conn| {
        crate::support::scope::card(conn, &scope, &id)
    })
    .await?;
    // A draft is not there for the API.
    if !card.row.is_published() {
        return Err(ApiFailure::localized(
            &state,
            &req,
            StatusCode::NOT_FOUND,
            "not_found",
            missing,
        ));
    }
    let pattern = pattern_of(&card.row)
        .map_err(|e| ApiFailure::store(&state, &req, &StoreError::Conflict(e)))?;
    let lang = lang_of(&req);
    Ok(HttpResponse::Ok().json(CardDetail {
        summary: summary(&card.row),
        interpretation_a: card.row.interpretation_a.clone(),
        interpretation_b: card.row.interpretation_b.clone(),
        figures: figures::of(&pattern, lang),
        typical_stories: shown_stories(&card)
            .into_iter()
            .map(|s| TypicalStory {
                story_id: s.story_id.clone(),
                quote: s.quote.clone(),
                role: s.role.clone(),
            })
            .collect(),
        demo: card.run_synthetic != 0,
        disclaimer: crate::staff::cards::disclaimer().get(lang).to_string(),
    }))
}
