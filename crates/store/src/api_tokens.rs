//! Tokens for the JSON API. A staff member (or an operator for them) makes a named token; the
//! token is shown once and only its SHA-256 is stored, so a stolen database holds no usable
//! token. A token acts as its user, with the user's role, until it expires or is revoked.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{api_tokens, users};
use crate::sessions::{random_token, token_hash};
use crate::users::User;

/// Every token starts with this, so that a leaked one is easy to recognise (secret scanners).
pub const PREFIX: &str = "vpt_";

/// A stored token (without the token itself).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiToken {
    /// Whether the token is accepted at `now`.
    pub fn is_live(&self, now: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| at > now)
    }
}

/// A token just made: the secret to hand over once, and its stored record.
pub struct NewApiToken {
    pub secret: String,
    pub token: ApiToken,
}

impl std::fmt::Debug for NewApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewApiToken")
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// Makes a token for `user`, valid for `days` days (none: until revoked).
pub fn create(
    conn: &mut DbConnection,
    user: &User,
    name: &str,
    days: Option<u32>,
) -> StoreResult<NewApiToken> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Conflict(
            "a token needs a name that says what it is for".into(),
        ));
    }
    if user.deactivated_at.is_some() {
        return Err(StoreError::Conflict(format!(
            "the account {} is deactivated: reactivate it before making a token for it",
            user.email
        )));
    }
    let secret = format!("{PREFIX}{}", random_token());
    let now = crate::now();
    let token = ApiToken {
        id: crate::new_id(),
        user_id: user.id.clone(),
        name: name.to_string(),
        created_at: now,
        expires_at: days.map(|d| now + Duration::days(i64::from(d))),
        revoked_at: None,
    };
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::id.eq(&token.id),
            api_tokens::user_id.eq(&token.user_id),
            api_tokens::name.eq(&token.name),
            api_tokens::token_hash.eq(token_hash(&secret)),
            api_tokens::created_at.eq(token.created_at),
            api_tokens::expires_at.eq(token.expires_at),
        ))
        .execute(conn)?;
    Ok(NewApiToken { secret, token })
}

/// The user a presented token acts for, if the token exists and is live.
pub fn authenticate(conn: &mut DbConnection, secret: &str) -> StoreResult<Option<User>> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    let found: Option<(ApiToken, User)> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash(secret)))
        .select((ApiToken::as_select(), User::as_select()))
        .first(conn)
        .optional()?;
    // A deactivated account's tokens stop working with it (and work again if it is reactivated
    // before they expire, as its password does).
    Ok(found
        .filter(|(token, user)| token.is_live(crate::now()) && user.deactivated_at.is_none())
        .map(|(_, user)| user))
}

/// Every token with the e-mail address of its user, newest first.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<(ApiToken, String)>> {
    Ok(api_tokens::table
        .inner_join(users::table)
        .order((api_tokens::created_at.desc(), api_tokens::id.asc()))
        .select((ApiToken::as_select(), users::email))
        .load(conn)?)
}

/// Revokes a token by id; revoking twice keeps the first time.
pub fn revoke(conn: &mut DbConnection, id: &str) -> StoreResult<()> {
    let changed = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(crate::now())))
    .execute(conn)?;
    if changed == 0 {
        let exists = api_tokens::table
            .filter(api_tokens::id.eq(id))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if !exists {
            return Err(StoreError::NotFound(format!(
                "there is no API token with id {id}"
            )));
        }
    }
    Ok(())
}
