//! Per-test databases: a temporary SQLite file, or a fresh PostgreSQL database made on the
//! server named by `VERTELPUNT_TEST_POSTGRES_URL` and dropped afterwards.

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};

use crate::connection::Store;

/// The environment variable that enables the PostgreSQL runs of the test suites.
pub const POSTGRES_ENV: &str = "VERTELPUNT_TEST_POSTGRES_URL";

/// A database that exists for one test.
pub struct TestDatabase {
    pub url: String,
    drop_on_exit: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    /// A new empty SQLite file in a temporary folder.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite:{}", dir.path().join("test.db").display());
        TestDatabase {
            url,
            drop_on_exit: None,
            _dir: Some(dir),
        }
    }

    /// A new empty PostgreSQL database, if `VERTELPUNT_TEST_POSTGRES_URL` is set.
    pub fn postgres() -> Option<Self> {
        let admin_url = std::env::var(POSTGRES_ENV).ok()?;
        let name = format!("vertelpunt_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={admin_url}: cannot connect: {e}"));
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .expect("create test database");
        let url = match admin_url.rfind('/') {
            Some(i) if i > "postgres://".len() => format!("{}/{name}", &admin_url[..i]),
            _ => format!("{admin_url}/{name}"),
        };
        Some(TestDatabase {
            url,
            drop_on_exit: Some((admin_url, name)),
            _dir: None,
        })
    }

    /// Both backends when PostgreSQL is configured, else SQLite only.
    pub fn all() -> Vec<Self> {
        let mut dbs = vec![Self::sqlite()];
        dbs.extend(Self::postgres());
        dbs
    }

    /// Opens a store on this database (not migrated).
    pub fn store(&self) -> Store {
        Store::open(&self.url).expect("open test store")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.drop_on_exit.take() {
            if let Ok(mut admin) = PgConnection::establish(&admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin);
            }
        }
    }
}

/// A folder of `../shared/fixtures` (beside the repository; on development and CI machines
/// only), or the folder named by the environment variable `env`.
pub fn shared_fixture(name: &str, env: &str) -> std::path::PathBuf {
    std::env::var_os(env)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/fixtures")
                .join(name)
        })
}
