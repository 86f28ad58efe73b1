//! The route table: every route of the application, in one place.

use actix_web::web;

use crate::health;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz);
}
