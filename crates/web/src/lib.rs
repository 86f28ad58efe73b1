//! vertelpunt-web: the actix-web application.
//!
//! One module per area; every route is wired in [`routes`]. Handlers never block a worker:
//! database work runs in `web::block`. Responses carry a strict Content-Security-Policy, and the
//! request log never contains IP addresses or user agents (tellers are anonymous).

pub mod error;
pub mod health;
pub mod routes;
pub mod security;
pub mod server;
pub mod state;

pub use server::{run, ServerHandle};
pub use state::AppState;
