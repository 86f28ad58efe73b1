//! The public Vertelpunt: landing page, story form, thank-you page and withdrawal, per
//! collection point under `/v/{slug}`. No cookies, no accounts, nothing about the teller's
//! connection stored.

pub mod check;
pub mod landing;
pub mod receipt;
pub mod story;
pub mod submit;
pub mod view;
pub mod withdraw;

use std::sync::Arc;

use crate::support::catalog::PointContext;
use crate::support::state::AppState;

/// How long a story form stays valid after it was handed out: a day, so that a teller can
/// take their time (an older form is shown again with everything in it, never lost).
pub const STORY_FORM_MAX_AGE: i64 = 24 * 3600;

/// The collection point with `slug`, or the page to show instead (not found, or unavailable).
pub async fn point_or_page(
    state: &AppState,
    slug: &str,
    lang: vertelpunt_model::Lang,
) -> Result<Arc<PointContext>, crate::support::error::PageError> {
    match state.point(slug).await {
        Ok(Some(ctx)) => Ok(ctx),
        Ok(None) => Err(crate::support::pages::not_found(state, lang).into()),
        Err(e) => Err(crate::support::pages::failure(state, lang, &e).into()),
    }
}
