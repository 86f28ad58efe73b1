//! One connection type for SQLite and PostgreSQL, a pool of them, and the [`Store`] handle.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, RunQueryDsl};
use std::time::Duration;

use crate::error::{StoreError, StoreResult};
use crate::url::{Backend, DatabaseUrl};

/// A connection to either backend; queries written once run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// SQLite settings applied to every new connection: write-ahead log, foreign keys enforced,
/// a busy timeout so concurrent writers wait instead of failing, and a 64 MiB page cache so
/// large batches do not thrash the indexes.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536; \
     PRAGMA temp_store = MEMORY;";

impl DbConnection {
    /// Opens one connection to the backend the URL names.
    pub fn open(url: &DatabaseUrl) -> StoreResult<Self> {
        match url.backend {
            Backend::Postgres => PgConnection::establish(&url.target)
                .map(DbConnection::Postgres)
                .map_err(|e| StoreError::Connect(e.to_string())),
            Backend::Sqlite => {
                if let Some(parent) = std::path::Path::new(&url.target).parent() {
                    if !parent.as_os_str().is_empty() && !parent.exists() {
                        return Err(StoreError::Connect(format!(
                            "the folder {} for the SQLite file does not exist",
                            parent.display()
                        )));
                    }
                }
                let mut conn = SqliteConnection::establish(&url.target)
                    .map_err(|e| StoreError::Connect(e.to_string()))?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(|e| StoreError::Connect(e.to_string()))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Postgres(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Makes pooled connections for one URL.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        DbConnection::open(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        diesel::sql_query("SELECT 1")
            .execute(conn)
            .map(|_| ())
            .map_err(StoreError::Query)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// A pooled connection.
pub type PooledDb = PooledConnection<ConnectionManager>;

/// The handle every other crate uses: a connection pool and the backend it talks to.
#[derive(Clone)]
pub struct Store {
    pool: Pool<ConnectionManager>,
    url: DatabaseUrl,
}

impl Store {
    /// Opens a pool for `url` (see [`DatabaseUrl::parse`]) and checks that one connection works.
    pub fn open(url: &str) -> StoreResult<Self> {
        let url = DatabaseUrl::parse(url)?;
        // Check one connection first so that a wrong URL gives the driver's own message
        // instead of a pool time-out.
        drop(DbConnection::open(&url)?);
        let size = match url.backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(30))
            .build(ConnectionManager { url: url.clone() })?;
        Ok(Store { pool, url })
    }

    pub fn backend(&self) -> Backend {
        self.url.backend
    }

    /// A connection of its own, outside the pool (for a `LISTEN` that lasts as long as the
    /// application).
    pub fn dedicated(&self) -> StoreResult<DbConnection> {
        DbConnection::open(&self.url)
    }

    /// A connection from the pool. Blocking: call from `web::block` in request handlers.
    pub fn conn(&self) -> StoreResult<PooledDb> {
        Ok(self.pool.get()?)
    }
}
