//! Embedded migrations, one set per backend, run at `serve` start and by `vertelpunt migrate`.

use diesel::migration::MigrationVersion;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

fn migration_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Migration(e.to_string())
}

fn versions(list: Vec<MigrationVersion<'_>>) -> Vec<String> {
    list.into_iter().map(|v| v.to_string()).collect()
}

/// Runs every pending migration; returns the versions that were applied now.
pub fn run_pending(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    match conn {
        DbConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(versions)
            .map_err(migration_error),
        DbConnection::Postgres(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(versions)
            .map_err(migration_error),
    }
}

/// Reverts every applied migration, newest first; returns the reverted versions.
pub fn revert_all(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    match conn {
        DbConnection::Sqlite(c) => c
            .revert_all_migrations(SQLITE_MIGRATIONS)
            .map(versions)
            .map_err(migration_error),
        DbConnection::Postgres(c) => c
            .revert_all_migrations(POSTGRES_MIGRATIONS)
            .map(versions)
            .map_err(migration_error),
    }
}

/// The newest applied migration version: the schema version reported by `/healthz`.
pub fn schema_version(conn: &mut DbConnection) -> StoreResult<Option<String>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.applied_migrations().map_err(migration_error)?,
        DbConnection::Postgres(c) => c.applied_migrations().map_err(migration_error)?,
    };
    Ok(versions(applied).into_iter().max())
}

/// Whether migrations are waiting to be applied.
pub fn has_pending(conn: &mut DbConnection) -> StoreResult<bool> {
    match conn {
        DbConnection::Sqlite(c) => c
            .has_pending_migration(SQLITE_MIGRATIONS)
            .map_err(migration_error),
        DbConnection::Postgres(c) => c
            .has_pending_migration(POSTGRES_MIGRATIONS)
            .map_err(migration_error),
    }
}
