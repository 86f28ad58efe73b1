//! Staff sign-in sessions. The browser holds a random token in a cookie; the database holds
//! only its SHA-256, the user, a per-session CSRF token and the expiry.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{staff_sessions, users};
use crate::users::User;

/// How long a session lasts after sign-in.
pub const SESSION_HOURS: i64 = 12;

/// A signed-in staff member and the CSRF token their forms must carry.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: NaiveDateTime,
}

/// A new session: the cookie token (give it to the browser, never store it) and the session.
pub struct NewSession {
    pub cookie_token: String,
    pub session: StaffSession,
}

/// A random token of 32 bytes, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored form of a cookie token.
pub fn token_hash(cookie_token: &str) -> String {
    hex(&Sha256::digest(cookie_token.as_bytes()))
}

/// Starts a session for `user`.
pub fn create(conn: &mut DbConnection, user: &User) -> StoreResult<NewSession> {
    let cookie_token = random_token();
    let now = crate::now();
    let session = StaffSession {
        user: user.clone(),
        csrf_token: random_token(),
        expires_at: now + Duration::hours(SESSION_HOURS),
    };
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::token_hash.eq(token_hash(&cookie_token)),
            staff_sessions::user_id.eq(&user.id),
            staff_sessions::csrf_token.eq(&session.csrf_token),
            staff_sessions::created_at.eq(now),
            staff_sessions::expires_at.eq(session.expires_at),
        ))
        .execute(conn)?;
    Ok(NewSession {
        cookie_token,
        session,
    })
}

/// The live session for a cookie token, if any (expired sessions are removed on the way).
pub fn find(conn: &mut DbConnection, cookie_token: &str) -> StoreResult<Option<StaffSession>> {
    let now = crate::now();
    diesel::delete(staff_sessions::table.filter(staff_sessions::expires_at.lt(now)))
        .execute(conn)?;
    let found: Option<(String, NaiveDateTime, User)> = staff_sessions::table
        .inner_join(users::table)
        .filter(staff_sessions::token_hash.eq(token_hash(cookie_token)))
        .select((
            staff_sessions::csrf_token,
            staff_sessions::expires_at,
            User::as_select(),
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(|(csrf_token, expires_at, user)| StaffSession {
        user,
        csrf_token,
        expires_at,
    }))
}

/// Ends the session of a cookie token (signing out). Unknown tokens are ignored.
pub fn delete(conn: &mut DbConnection, cookie_token: &str) -> StoreResult<()> {
    diesel::delete(
        staff_sessions::table.filter(staff_sessions::token_hash.eq(token_hash(cookie_token))),
    )
    .execute(conn)?;
    Ok(())
}

/// A live session as its owner sees it in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub started_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The session of the cookie the list was asked with.
    pub current: bool,
}

/// The live sessions of a user, newest first; `current` marks the one of `cookie_token`.
pub fn list_for(
    conn: &mut DbConnection,
    user_id: &str,
    cookie_token: &str,
) -> StoreResult<Vec<SessionInfo>> {
    let current = token_hash(cookie_token);
    let rows: Vec<(String, NaiveDateTime, NaiveDateTime)> = staff_sessions::table
        .filter(staff_sessions::user_id.eq(user_id))
        .filter(staff_sessions::expires_at.gt(crate::now()))
        .order(staff_sessions::created_at.desc())
        .select((
            staff_sessions::token_hash,
            staff_sessions::created_at,
            staff_sessions::expires_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(hash, started_at, expires_at)| SessionInfo {
            started_at,
            expires_at,
            current: hash == current,
        })
        .collect())
}

/// Ends every session of a user except the one of `keep` (a cookie token), if given; returns
/// how many ended.
pub fn end_all(conn: &mut DbConnection, user_id: &str, keep: Option<&str>) -> StoreResult<usize> {
    let keep = keep.map(token_hash).unwrap_or_default();
    Ok(diesel::delete(
        staff_sessions::table
            .filter(staff_sessions::user_id.eq(user_id))
            .filter(staff_sessions::token_hash.ne(keep)),
    )
    .execute(conn)?)
}
