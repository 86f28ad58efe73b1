//! The route table: the routes of each area, in the order they are matched. Every URL and
//! its handler is listed in its area's `configure`: [`crate::public::configure`] (the
//! Vertelpunt), [`crate::staff::configure`] (staff pages), [`crate::staff::sessions::configure`]
//! (sessions and their participants) and [`crate::api::configure`] (`/api`).

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(crate::public::configure)
        .configure(crate::staff::configure)
        .configure(crate::staff::sessions::configure)
        .configure(crate::api::configure);
}
