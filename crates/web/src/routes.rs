//! The route table: every route of the application, in one place.

use actix_web::web;

use crate::{
    account, accounts, api, auth, cards, dashboard, evaluations, export, health, import,
    pattern_runs, reading, review, sessions, start, static_files, vertelpunt, verteltafel,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/static/{path:.*}", web::get().to(static_files::asset))
        .route("/", web::get().to(vertelpunt::landing::home))
        .route("/v/{slug}", web::get().to(vertelpunt::landing::landing))
        .route(
            "/v/{slug}/vertel",
            web::get().to(vertelpunt::submit::show_form),
        )
        .route(
            "/v/{slug}/vertel",
            web::post().to(vertelpunt::submit::submit),
        )
        .route(
            "/v/{slug}/intrekken",
            web::get().to(vertelpunt::withdraw::show_form),
        )
        .route(
            "/v/{slug}/intrekken",
            web::post().to(vertelpunt::withdraw::withdraw),
        )
        .route("/inloggen", web::get().to(auth::login::show_form))
        .route("/inloggen", web::post().to(auth::login::login))
        .route("/uitloggen", web::post().to(auth::login::logout))
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
        .configure(crate::jobs::routes::<import::Import>)
        .route("/exporteren", web::get().to(export::show))
        .route("/exporteren", web::post().to(export::download))
        .route("/patronen", web::get().to(pattern_runs::list))
        // Before `/patronen/{id}`, which would take `nieuw` for a run id.
        .route("/patronen/nieuw", web::get().to(evaluations::new))
        .route("/patronen/nieuw", web::post().to(evaluations::start))
        .configure(crate::jobs::routes::<evaluations::Evaluation>)
        .route(
            "/patronen/{id}/grafiek/{name:.*}",
            web::get().to(pattern_runs::chart),
        )
        .route("/patronen/{id}", web::get().to(pattern_runs::show))
        .route("/patronen/{run}/kaart", web::post().to(cards::edit::create))
        .route("/kaarten", web::get().to(cards::list))
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
        .route("/beoordelen/{id}", web::post().to(review::decide))
        .configure(sessions::configure)
        .configure(api::configure);
}
