//! vertelpunt-web: the actix-web application.
//!
//! One module per area; every route is wired in [`routes`]. Handlers never block a worker:
//! database work runs in `web::block` or on the story writer thread. Pages are tera templates
//! with every string from the locale files; responses carry a strict Content-Security-Policy,
//! and the request log never contains IP addresses or user agents (tellers are anonymous).

/// The value of a `Result<T, HttpResponse>`, or else return its response from the handler:
/// the opening of most staff handlers (signed in with the right role, the CSRF token, the
/// stored thing found), where each step either gives what the page needs or the page to send.
macro_rules! or_return {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(response) => return response,
        }
    };
}

pub mod account;
pub mod accounts;
pub mod api;
pub mod auth;
pub mod cards;
pub mod catalog;
pub mod client;
pub mod dashboard;
pub mod error;
pub mod evaluations;
pub mod export;
pub mod health;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod pages;
pub mod pattern_runs;
pub mod permissions;
pub mod ratelimit;
pub mod reading;
pub mod review;
pub mod routes;
pub(crate) mod scope;
pub mod security;
pub mod selection_form;
pub mod server;
pub mod sessions;
pub mod start;
pub mod state;
pub mod static_files;
pub mod templates;
pub mod token;
pub mod vertelpunt;
pub mod verteltafel;
pub mod writer;

pub use server::{run, ServerHandle};
pub use state::{AppState, WebOptions};
