//! Secrets the application makes for itself on first use (for example the key that signs form
//! tokens), kept in the database so that restarts and several server processes agree.

use diesel::prelude::*;
use rand::RngCore;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::app_secrets;

/// The secret called `name`: read it, or make 32 random bytes (hex) and store them if there is
/// none yet. Two processes racing on first start end up with the same, first-stored value.
pub fn get_or_create(conn: &mut DbConnection, name: &str) -> StoreResult<String> {
    if let Some(value) = get(conn, name)? {
        return Ok(value);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let value: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let inserted = diesel::insert_into(app_secrets::table)
        .values((
            app_secrets::name.eq(name),
            app_secrets::value.eq(&value),
            app_secrets::created_at.eq(crate::now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(value),
        // Another process stored one first: use theirs.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(get(conn, name)?.unwrap_or(value)),
        Err(e) => Err(e.into()),
    }
}

fn get(conn: &mut DbConnection, name: &str) -> StoreResult<Option<String>> {
    Ok(app_secrets::table
        .find(name)
        .select(app_secrets::value)
        .first(conn)
        .optional()?)
}
