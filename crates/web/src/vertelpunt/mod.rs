//! The public Vertelpunt: landing page, story form, thank-you page and withdrawal, per
//! collection point under `/v/{slug}`. No cookies, no accounts, nothing about the teller's
//! connection stored.

pub mod check;
pub mod landing;
pub mod raw_form;
pub mod receipt;
pub mod story;
pub mod submit;
pub mod view;
pub mod withdraw;

use actix_web::web;
use std::sync::Arc;

use crate::catalog::PointContext;
use crate::state::AppState;

/// How long a story form stays valid after it was handed out: a day, so that a teller can
/// take their time (an older form is shown again with everything in it, never lost).
pub const STORY_FORM_MAX_AGE: i64 = 24 * 3600;

/// Loads a collection point from the catalog without blocking a worker.
pub async fn load_point(
    state: &AppState,
    slug: &str,
) -> Result<Option<Arc<PointContext>>, vertelpunt_store::StoreError> {
    let catalog = state.catalog.clone();
    let store = state.store.clone();
    let slug = slug.to_string();
    web::block(move || catalog.get(&store, &slug))
        .await
        .map_err(|e| vertelpunt_store::StoreError::Connect(e.to_string()))?
}

/// The collection point with `slug`, or the page to show instead (not found, or unavailable).
pub async fn point_or_page(
    state: &AppState,
    slug: &str,
    lang: vertelpunt_model::Lang,
) -> Result<Arc<PointContext>, crate::error::PageError> {
    match load_point(state, slug).await {
        Ok(Some(ctx)) => Ok(ctx),
        Ok(None) => Err(crate::pages::not_found(state, lang).into()),
        Err(e) => Err(crate::pages::failure(state, lang, &e).into()),
    }
}

/// The current time as Unix seconds (form tokens).
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}
