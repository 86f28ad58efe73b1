//! Sense-making sessions (duidingsbijeenkomsten), the web area of steps 3 and 4 of the
//! StoryCycle: facilitators plan a session with tables and decks (`/sessies`), participants
//! join on their own phone with the session's code (`/doe-mee`), and every table has a live
//! board of its cards and experiences where participants write post-its (`/sessie/{id}/tafel/…`),
//! followed live over server-sent events.
//!
//! Every action is a plain form POST with a CSRF token and works without JavaScript; the live
//! updates are progressive enhancement. The rules themselves live in `vertelpunt_facilitation`,
//! the rows in `vertelpunt_store::sense_making`.
//!
//! Who may do what:
//! - facilitators and admins plan sessions; a facilitator sees and runs only the sessions they
//!   run, analysts and admins see every session (analysts without changing them);
//! - a participant holds a cookie for one session only (its path is that session's), sees only
//!   their own table, and changes only their own post-its.

mod access;
mod board;
mod follow_up;
mod join;
mod pack;
mod plan;
mod report;
mod stream;
mod work;

use actix_web::web;

pub use follow_up::quiet_count as quiet_proposals;
pub use follow_up::status_counts as proposal_counts;

/// Every route of the area, in one read. `/sessies/nieuw` comes before `/sessies/{id}`, and
/// `/voorstellen.{format}` has its own segment, so it never meets `/voorstellen/{id}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/voorstellen", web::get().to(follow_up::list))
        .route("/voorstellen.{format}", web::get().to(follow_up::export))
        .route("/voorstellen/{id}", web::get().to(follow_up::show))
        .route(
            "/voorstellen/{id}/voortgang",
            web::post().to(follow_up::record),
        )
        .route(
            "/voorstellen/{id}/link",
            web::post().to(follow_up::make_link),
        )
        .route(
            "/voorstellen/{id}/link/intrekken",
            web::post().to(follow_up::revoke_link),
        )
        .route(
            "/voorstellen/{id}/thema",
            web::post().to(follow_up::set_theme),
        )
        .route("/opvolging/{token}", web::get().to(follow_up::owner_page))
        .route(
            "/opvolging/{token}",
            web::post().to(follow_up::owner_record),
        )
        .route("/sessies/{id}/verslag", web::get().to(report::show))
        .route("/sessies/{id}/verslag.md", web::get().to(report::markdown))
        .route("/sessies/{id}/verslag/delen", web::post().to(report::share))
        .route(
            "/sessies/{id}/verslag/niet-delen",
            web::post().to(report::unshare),
        )
        .route("/verslag/{token}", web::get().to(report::shared_report))
        .route(
            "/sessie/{id}/evaluatie",
            web::get().to(report::evaluation_form),
        )
        .route("/sessie/{id}/evaluatie", web::post().to(report::evaluate))
        .route("/sessies", web::get().to(plan::list))
        .route("/sessies/nieuw", web::get().to(plan::new_form))
        .route("/sessies/nieuw", web::post().to(plan::create))
        .route("/sessies/{id}/qr.svg", web::get().to(plan::qr))
        .route("/sessies/{id}/stroom", web::get().to(stream::console))
        .route(
            "/sessies/{id}/presentatie",
            web::get().to(plan::presentation),
        )
        .route("/sessies/{id}", web::get().to(plan::console))
        .route("/sessies/{id}/status", web::post().to(plan::advance))
        .route("/sessies/{id}/aanmelden", web::post().to(plan::set_joining))
        .route("/sessies/{id}/tafels", web::post().to(plan::add_table))
        .route(
            "/sessies/{id}/tafels/{table}/cijfers",
            web::post().to(plan::table_figures),
        )
        .route(
            "/sessies/{id}/tafels/{table}/pakket",
            web::get().to(pack::pack),
        )
        .route(
            "/sessies/{id}/tafels/{table}/papier",
            web::get().to(pack::paper_form),
        )
        .route(
            "/sessies/{id}/tafels/{table}/papier",
            web::post().to(pack::paper_add),
        )
        .route(
            "/sessies/{id}/vorige-keer",
            web::post().to(plan::earlier_proposals),
        )
        .route(
            "/sessies/{id}/deelnemers/{participant}/verwijderen",
            web::post().to(plan::remove_participant),
        )
        .route("/doe-mee", web::get().to(join::code_page_get))
        .route("/doe-mee", web::post().to(join::enter_code))
        .route("/doe-mee/{code}", web::get().to(join::join_form))
        .route("/doe-mee/{code}", web::post().to(join::join_session))
        .route("/sessies/{id}/onthullen", web::post().to(plan::reveal))
        .route("/sessies/{id}/agenda", web::post().to(plan::edit_agenda))
        .route("/sessies/{id}/klok", web::post().to(plan::clock))
        .route("/sessies/{id}/bericht", web::post().to(plan::message))
        .route("/sessies/{id}/stemronde", web::post().to(plan::open_vote))
        .route(
            "/sessies/{id}/stemronde/sluiten",
            web::post().to(plan::close_vote),
        )
        .route(
            "/sessie/{id}/tafel/{table}/stroom",
            web::get().to(stream::table),
        )
        .route(
            "/sessie/{id}/tafel/{table}/voorstellen",
            web::get().to(work::presentation),
        )
        .route(
            "/sessie/{id}/tafel/{table}/clusters",
            web::post().to(work::add_cluster),
        )
        .route(
            "/sessie/{id}/tafel/{table}/clusters/verplaats",
            web::post().to(work::move_postits),
        )
        .route(
            "/sessie/{id}/tafel/{table}/stippen",
            web::post().to(work::dot),
        )
        .route(
            "/sessie/{id}/tafel/{table}/voorstellen",
            web::post().to(work::add_proposal),
        )
        .route(
            "/sessie/{id}/tafel/{table}/voorstellen/{proposal}/eigenaar",
            web::post().to(work::set_owner),
        )
        .route(
            "/sessie/{id}/tafel/{table}/kaart/{card}/grafiek",
            web::get().to(board::card_chart),
        )
        .route("/sessie/{id}/tafel/{table}", web::get().to(board::show))
        .route(
            "/sessie/{id}/tafel/{table}/postits",
            web::post().to(board::add),
        )
        .route(
            "/sessie/{id}/tafel/{table}/postits/{postit}",
            web::post().to(board::change),
        )
        .route(
            "/sessie/{id}/tafel/{table}/postits/{postit}/weg",
            web::post().to(board::remove),
        )
        .route(
            "/sessie/{id}/tafel/{table}/postits/{postit}/verbergen",
            web::post().to(board::hide),
        );
}
