//! vertelpunt-store: persistence for Vertelpunt on SQLite (embedded default) and PostgreSQL.
//!
//! Error policy: library code returns the typed [`StoreError`]; the CLI wraps it in `anyhow`
//! and the web layer maps it to status codes in one place.
//!
//! All queries are written once against [`DbConnection`], a diesel `MultiConnection` over both
//! backends. Ids are UUIDs made in Rust and stored as TEXT; timestamps are UTC `NaiveDateTime`.

/// Multi-row INSERT, which diesel builds per backend rather than for the multi-backend.
macro_rules! batch_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            DbConnection::Postgres(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

pub mod aggregates;
pub mod analysis;
pub mod api_tokens;
pub mod browse;
pub mod cards;
pub mod channels;
pub mod collection_points;
pub mod connection;
pub mod error;
pub mod follow_up;
pub mod migrations;
pub mod pattern_runs;
pub mod projects;
pub mod questionnaires;
pub mod regions;
pub mod schema;
pub mod schema_info;
pub mod secrets;
pub mod sense_making;
pub mod sessions;
pub mod setup;
pub mod stories;
pub mod tally;
pub mod themes;
pub mod url;
pub mod users;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use connection::{DbConnection, PooledDb, Store};
pub use error::{StoreError, StoreResult};
pub use url::{Backend, DatabaseUrl};

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// A new random id (UUID v4) as stored.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new time-ordered id (UUID v7) for rows whose id never leaves the server (answers):
/// ordered ids keep index inserts sequential. Story ids stay random (v4), so that an id never
/// tells when a teller submitted.
pub fn new_row_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current UTC time at the precision both backends keep (microseconds).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}
