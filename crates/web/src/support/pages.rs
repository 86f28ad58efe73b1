//! Rendering whole pages from handlers, and the error pages in the visitor's language.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use tera::Context;
use vertelpunt_model::Lang;

use crate::support::error::PageError;
use crate::support::state::AppState;

/// Renders a page template.
pub fn page(
    state: &AppState,
    status: StatusCode,
    template: &str,
    lang: Lang,
    context: Context,
) -> HttpResponse {
    crate::support::templates::render(&state.tera, &state.locales, status, template, lang, context)
}

/// The pages a page handler fails with (see [`crate::support::error`]).
impl PageError {
    /// "Not found": also what a visitor gets for something they may not know exists.
    pub fn not_found(state: &AppState, lang: vertelpunt_model::Lang) -> PageError {
        not_found(state, lang).into()
    }

    /// "Something went wrong on our side": the cause is logged, not shown.
    pub fn failure(
        state: &AppState,
        lang: vertelpunt_model::Lang,
        cause: &dyn std::fmt::Display,
    ) -> PageError {
        failure(state, lang, cause).into()
    }
}

/// The "page not found" page.
pub fn not_found(state: &AppState, lang: Lang) -> HttpResponse {
    error_page(
        state,
        StatusCode::NOT_FOUND,
        lang,
        "common.not_found_title",
        "common.not_found_body",
    )
}

/// A page saying something went wrong on our side (the cause is logged, not shown).
pub fn failure(state: &AppState, lang: Lang, cause: &dyn std::fmt::Display) -> HttpResponse {
    tracing::error!("{cause}");
    error_page(
        state,
        StatusCode::SERVICE_UNAVAILABLE,
        lang,
        "common.error_title",
        "common.unavailable_body",
    )
}

/// An error page with a title and a message, both locale keys.
pub fn error_page(
    state: &AppState,
    status: StatusCode,
    lang: Lang,
    title_key: &str,
    body_key: &str,
) -> HttpResponse {
    let mut context = Context::new();
    // A refusal is not "something went wrong": it says so in its title.
    let title_key = match (status, title_key) {
        (StatusCode::FORBIDDEN, "common.error_title") => "common.forbidden_title",
        _ => title_key,
    };
    context.insert("title", state.locales.text(lang, title_key));
    context.insert("body", state.locales.text(lang, body_key));
    page(state, status, "error.html", lang, context)
}

/// Runs a store call off the actix workers: its result, or the page to give instead — "not
/// found" for a missing row, the failure page otherwise.
pub async fn stored<T, F>(state: &AppState, lang: Lang, call: F) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&mut vertelpunt_store::DbConnection) -> vertelpunt_store::StoreResult<T>
        + Send
        + 'static,
{
    let store = state.store.clone();
    match actix_web::web::block(move || {
        let mut conn = store.conn()?;
        call(&mut conn)
    })
    .await
    {
        Ok(Ok(found)) => Ok(found),
        Ok(Err(vertelpunt_store::StoreError::NotFound(_))) => Err(not_found(state, lang).into()),
        Ok(Err(e)) => Err(failure(state, lang, &e).into()),
        Err(e) => Err(failure(state, lang, &e).into()),
    }
}

/// The line that marks a run, card or comparison made with demo stories (synthetic): `None`
/// when `synthetic` is 0. Like every count, the demo count is withheld when it would give
/// away a small number of real stories beside it; -1 (an older run that kept no count) says
/// only that demo stories may be in.
pub fn demo_note(
    locales: &crate::support::i18n::Locales,
    lang: Lang,
    synthetic: i32,
    stories: i32,
) -> Option<String> {
    match synthetic {
        0 => None,
        n if n < 0 => Some(locales.text(lang, "common.demo_maybe").to_string()),
        n => {
            let (n, stories) = (i64::from(n), i64::from(stories));
            Some(
                match vertelpunt_model::disclosure::counts(&[n, stories - n])[0] {
                    Some(n) => locales.count(
                        lang,
                        "common.demo_some",
                        n as usize,
                        &[("total", stories.to_string())],
                    ),
                    None => locales.text(lang, "common.demo_most").to_string(),
                },
            )
        }
    }
}
