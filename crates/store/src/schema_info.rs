//! What tables and columns a database has, read from the database itself: used to check that
//! both backends' migrations build the same schema.

use diesel::sql_types::{Integer, Text};
use diesel::{QueryableByName, RunQueryDsl};
use std::collections::BTreeMap;

use crate::connection::DbConnection;
use crate::error::StoreResult;

/// Table name → sorted list of (column name, nullable).
pub type SchemaShape = BTreeMap<String, Vec<(String, bool)>>;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    notnull: i32,
    #[diesel(sql_type = Integer)]
    pk: i32,
}

#[derive(QueryableByName)]
struct PgColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

/// The application's tables (diesel's own bookkeeping table left out).
pub fn schema_shape(conn: &mut DbConnection) -> StoreResult<SchemaShape> {
    let mut shape = SchemaShape::new();
    match conn {
        DbConnection::Sqlite(c) => {
            let tables: Vec<Name> = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations'",
            )
            .load(c)?;
            for t in tables {
                let cols: Vec<SqliteColumn> =
                    diesel::sql_query(format!("PRAGMA table_info(\"{}\")", t.name)).load(c)?;
                let mut cols: Vec<(String, bool)> = cols
                    .into_iter()
                    // SQLite lets a primary key column be NULL unless it says NOT NULL; ours all do.
                    .map(|col| (col.name, col.notnull == 0 && col.pk == 0))
                    .collect();
                cols.sort();
                shape.insert(t.name, cols);
            }
        }
        DbConnection::Postgres(c) => {
            let cols: Vec<PgColumn> = diesel::sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                 is_nullable::text AS is_nullable FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name != '__diesel_schema_migrations'",
            )
            .load(c)?;
            for col in cols {
                shape
                    .entry(col.table_name)
                    .or_default()
                    .push((col.column_name, col.is_nullable == "YES"));
            }
            for cols in shape.values_mut() {
                cols.sort();
            }
        }
    }
    Ok(shape)
}
