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
pub mod hub;
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
    cfg.service(follow_up::list)
        .service(follow_up::export)
        .service(follow_up::show)
        .service(follow_up::record)
        .service(follow_up::make_link)
        .service(follow_up::revoke_link)
        .service(follow_up::set_theme)
        .service(follow_up::owner_page)
        .service(follow_up::owner_record)
        .service(report::show)
        .service(report::markdown)
        .service(report::share)
        .service(report::unshare)
        .service(report::shared_report)
        .service(report::evaluation_form)
        .service(report::evaluate)
        .service(plan::list)
        .service(plan::new_form)
        .service(plan::create)
        .service(plan::qr)
        .service(stream::console)
        .service(plan::presentation)
        .service(plan::console)
        .service(plan::advance)
        .service(plan::set_joining)
        .service(plan::add_table)
        .service(plan::table_figures)
        .service(pack::pack)
        .service(pack::paper_form)
        .service(pack::paper_add)
        .service(plan::earlier_proposals)
        .service(plan::remove_participant)
        .service(join::code_page_get)
        .service(join::enter_code)
        .service(join::join_form)
        .service(join::join_session)
        .service(plan::reveal)
        .service(plan::edit_agenda)
        .service(plan::clock)
        .service(plan::message)
        .service(plan::open_vote)
        .service(plan::close_vote)
        .service(stream::table)
        .service(work::presentation)
        .service(work::add_cluster)
        .service(work::move_postits)
        .service(work::dot)
        .service(work::add_proposal)
        .service(work::set_owner)
        .service(board::card_chart)
        .service(board::show)
        .service(board::add)
        .service(board::change)
        .service(board::remove)
        .service(board::hide);
}
