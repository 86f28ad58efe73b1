//! Errors of the storage layer: typed, so callers can tell a refused URL from a lost database.

use thiserror::Error;

/// Anything that can go wrong in `vertelpunt-store`.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database URL '{url}' uses scheme '{scheme}', which Vertelpunt does not support: use a file path or sqlite:PATH for SQLite, or postgres://… for PostgreSQL")]
    UnsupportedScheme { url: String, scheme: String },
    #[error("database URL is empty: use a file path or sqlite:PATH for SQLite, or postgres://… for PostgreSQL")]
    EmptyUrl,
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("questionnaire definition '{key}' is not valid:\n{errors}")]
    InvalidDefinition { key: String, errors: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("password hashing failed: {0}")]
    Password(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
