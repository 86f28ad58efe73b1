//! Staff sign-in: argon2 password check with lock-out (in `vertelpunt_store::users`), a
//! session cookie (HttpOnly, SameSite=Strict, Secure behind TLS) holding a random token of
//! which only the hash is stored, and a per-session CSRF token every staff form carries.

pub mod login;

use actix_web::{web, HttpRequest};
use vertelpunt_store::sessions::{self, StaffSession};
use vertelpunt_store::users::UserRole;

use crate::state::AppState;
use crate::token::constant_time_eq;

/// The session cookie.
pub const COOKIE: &str = "vp_sessie";

/// The signed-in staff member of this request, if any.
pub async fn current_session(state: &AppState, req: &HttpRequest) -> Option<StaffSession> {
    let token = req.cookie(COOKIE)?.value().to_string();
    if token.is_empty() {
        return None;
    }
    let store = state.store.clone();
    web::block(move || -> Option<StaffSession> {
        let mut conn = store.conn().ok()?;
        sessions::find(&mut conn, &token).ok().flatten()
    })
    .await
    .ok()
    .flatten()
}

/// Whether a submitted CSRF token belongs to the session.
pub fn csrf_ok(session: &StaffSession, submitted: Option<&str>) -> bool {
    submitted.is_some_and(|t| constant_time_eq(t, &session.csrf_token))
}

/// Whether the session's user may enter verteltafel stories.
pub fn may_enter_stories(session: &StaffSession) -> bool {
    matches!(
        UserRole::parse(&session.user.role),
        Some(UserRole::Facilitator | UserRole::Admin)
    )
}
