//! What signed-in staff use, area by area (and, in `sessions`, the pages of session
//! participants): sign-in and their own account, accounts, the start page, the dashboard,
//! review, reading, import and export, the verteltafel, pattern evaluations, observation cards
//! and sense-making sessions.

pub mod account;
pub mod accounts;
pub mod cards;
pub mod dashboard;
pub mod export;
pub mod import;
pub mod login;
pub mod patterns;
pub mod reading;
pub mod review;
pub mod sessions;
pub mod start;
pub mod verteltafel;

use actix_web::web;

/// The staff routes (sessions have their own, [`sessions::configure`]). `/patronen/nieuw`
/// comes before `/patronen/{id}`, which would take `nieuw` for a run id.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/inloggen", web::get().to(login::show_form))
        .route("/inloggen", web::post().to(login::login))
        .route("/uitloggen", web::post().to(login::logout))
        .route("/verteltafel", web::get().to(verteltafel::index))
        .route("/verteltafel/{slug}", web::get().to(verteltafel::point))
        .route(
            "/verteltafel/{slug}/vertel",
            web::post().to(verteltafel::submit),
        )
        .route("/account", web::get().to(account::show))
        .route(
            "/account/wachtwoord",
            web::post().to(account::change_password),
        )
        .route(
            "/account/sessies",
            web::post().to(account::end_other_sessions),
        )
        .route("/start", web::get().to(start::show))
        .route("/overzicht", web::get().to(dashboard::show))
        .route("/importeren", web::get().to(import::show))
        .route("/importeren/{kind}", web::post().to(import::receive))
        .configure(crate::support::jobs::routes::<import::Import>)
        .route("/exporteren", web::get().to(export::show))
        .route("/exporteren", web::post().to(export::download))
        .route("/patronen", web::get().to(patterns::list))
        // Before `/patronen/{id}`, which would take `nieuw` for a run id.
        .route("/patronen/nieuw", web::get().to(patterns::evaluations::new))
        .route(
            "/patronen/nieuw",
            web::post().to(patterns::evaluations::start),
        )
        .configure(crate::support::jobs::routes::<patterns::evaluations::Evaluation>)
        .route(
            "/patronen/{id}/grafiek/{name:.*}",
            web::get().to(patterns::chart),
        )
        .route("/patronen/{id}", web::get().to(patterns::show))
        .route("/patronen/{run}/kaart", web::post().to(cards::edit::create))
        .route("/kaarten", web::get().to(cards::list))
        // Before `/kaarten/{id}/…`: a search for a card's typical stories, by its job id.
        .configure(crate::support::jobs::routes::<cards::edit::Suggestions>)
        .route("/kaarten/{id}/bewerken", web::get().to(cards::edit::edit))
        .route("/kaarten/{id}/grafiek", web::get().to(cards::chart))
        .route("/kaarten/{id}", web::get().to(cards::show))
        .route("/kaarten/{id}", web::post().to(cards::edit::save))
        .route(
            "/kaarten/{id}/verwijderen",
            web::post().to(cards::edit::delete),
        )
        .route(
            "/kaarten/{id}/vergelijken",
            web::get().to(cards::compare::new),
        )
        .route(
            "/kaarten/{id}/vergelijken",
            web::post().to(cards::compare::create),
        )
        .route(
            "/kaarten/{id}/vergelijkingen/{comparison}",
            web::get().to(cards::compare::show),
        )
        .route(
            "/kaarten/{id}/vergelijkingen/{comparison}/grafiek",
            web::get().to(cards::compare::comparison_chart),
        )
        .route("/verhalen", web::get().to(reading::index))
        .route("/verhalen/thema", web::post().to(reading::tag))
        .route("/verhalen/thema/weg", web::post().to(reading::untag))
        .route("/beheer/accounts", web::get().to(accounts::index))
        .route("/beheer/accounts", web::post().to(accounts::create))
        .route("/beheer/accounts/{id}", web::post().to(accounts::change))
        .route("/beoordelen", web::get().to(review::index))
        .route("/beoordelen/{id}", web::post().to(review::decide));
}
