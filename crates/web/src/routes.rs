//! The route table: every route of the application, in one place.

use actix_web::web;

use crate::{
    account, accounts, api, auth, cards, dashboard, evaluations, export, health, import,
    pattern_runs, reading, review, sessions, start, static_files, vertelpunt, verteltafel,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(static_files::asset)
        .service(vertelpunt::landing::home)
        .service(vertelpunt::landing::landing)
        .service(vertelpunt::submit::show_form)
        .service(vertelpunt::submit::submit)
        .service(vertelpunt::withdraw::show_form)
        .service(vertelpunt::withdraw::withdraw)
        .service(auth::login::show_form)
        .service(auth::login::login)
        .service(auth::login::logout)
        .service(verteltafel::index)
        .service(verteltafel::point)
        .service(verteltafel::submit)
        .service(account::show)
        .service(account::change_password)
        .service(account::end_other_sessions)
        .service(start::show)
        .service(dashboard::show)
        .service(import::show)
        .service(import::receive)
        .configure(crate::jobs::routes::<import::Import>)
        .service(export::show)
        .service(export::download)
        .service(pattern_runs::list)
        // Before `/patronen/{id}`, which would take `nieuw` for a run id.
        .service(evaluations::new)
        .service(evaluations::start)
        .configure(crate::jobs::routes::<evaluations::Evaluation>)
        .service(pattern_runs::chart)
        .service(pattern_runs::show)
        .service(cards::edit::create)
        .service(cards::list)
        .service(cards::edit::edit)
        .service(cards::chart)
        .service(cards::show)
        .service(cards::edit::save)
        .service(cards::edit::delete)
        .service(cards::compare::new)
        .service(cards::compare::create)
        .service(cards::compare::show)
        .service(cards::compare::comparison_chart)
        .service(reading::index)
        .service(reading::tag)
        .service(reading::untag)
        .service(accounts::index)
        .service(accounts::create)
        .service(accounts::change)
        .service(review::index)
        .service(review::decide)
        .configure(sessions::configure)
        .configure(api::configure);
}
