//! What anyone may open without signing in: the Vertelpunt (landing page, story form,
//! withdrawal) and the health check.

pub mod health;
pub mod vertelpunt;

use actix_web::web;

/// The public routes: health check, assets, the root, and every collection point's pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route(
            "/static/{path:.*}",
            web::get().to(crate::support::static_files::asset),
        )
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
        );
}
