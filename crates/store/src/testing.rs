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
        Some(Self::postgres_from(&admin_url, None))
    }

    /// A new database on the server of `admin_url`, empty or a copy of `template`.
    fn postgres_from(admin_url: &str, template: Option<&str>) -> Self {
        let name = format!("vertelpunt_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(admin_url)
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={admin_url}: cannot connect: {e}"));
        let copy = template
            .map(|t| format!(" TEMPLATE {t}"))
            .unwrap_or_default();
        diesel::sql_query(format!("CREATE DATABASE {name}{copy}"))
            .execute(&mut admin)
            .expect("create test database");
        TestDatabase {
            url: database_url(admin_url, &name),
            drop_on_exit: Some((admin_url.to_string(), name)),
            _dir: None,
        }
    }

    /// A new PostgreSQL database with every migration run, if `VERTELPUNT_TEST_POSTGRES_URL`
    /// is set: a copy (`CREATE DATABASE … TEMPLATE`, as crates.io's tests do) of a template
    /// migrated once per test process, which is much faster than migrating every database.
    pub fn postgres_migrated() -> Option<Self> {
        let admin_url = std::env::var(POSTGRES_ENV).ok()?;
        let template = TEMPLATE.get_or_init(|| migrated_template(&admin_url));
        Some(Self::postgres_from(&admin_url, Some(template)))
    }

    /// Both backends when PostgreSQL is configured, else SQLite only.
    pub fn all() -> Vec<Self> {
        let mut dbs = vec![Self::sqlite()];
        dbs.extend(Self::postgres());
        dbs
    }

    /// Another handle on this database, which leaves it in place when dropped (for a second
    /// application instance; drop it first).
    pub fn shared(&self) -> Self {
        TestDatabase {
            url: self.url.clone(),
            drop_on_exit: None,
            _dir: None,
        }
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

/// The URL of database `name` on the server of `admin_url`.
fn database_url(admin_url: &str, name: &str) -> String {
    match admin_url.rfind('/') {
        Some(i) if i > "postgres://".len() => format!("{}/{name}", &admin_url[..i]),
        _ => format!("{admin_url}/{name}"),
    }
}

/// This process's migrated template database.
static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Makes and migrates this process's template database, and drops the templates of test
/// processes that ended (a process cannot drop its own on exit). No connection to it stays
/// open, as `CREATE DATABASE … TEMPLATE` needs.
fn migrated_template(admin_url: &str) -> String {
    let pid = std::process::id();
    let name = format!(
        "vertelpunt_template_{pid}_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let mut admin = PgConnection::establish(admin_url)
        .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={admin_url}: cannot connect: {e}"));
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let stale = diesel::sql_query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'vertelpunt\\_template\\_%'",
    )
    .load::<Name>(&mut admin)
    .unwrap_or_default();
    for old in stale {
        let owner = old
            .datname
            .split('_')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok());
        // Where processes are not listed in /proc, nothing is dropped.
        let listed = std::path::Path::new("/proc/self").exists();
        let ended =
            listed && owner.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists());
        if ended {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                old.datname
            ))
            .execute(&mut admin);
        }
    }
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .expect("create template database");
    {
        let store = Store::open(&database_url(admin_url, &name)).expect("open template database");
        let mut conn = store.conn().expect("template connection");
        crate::migrations::run_pending(&mut conn).expect("migrate template database");
    }
    name
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
