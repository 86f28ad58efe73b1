//! Helpers for black-box tests: [`spawn_app`] starts the real application on a random port
//! against a fresh database, so tests read like a user's session.

use std::net::TcpListener;
use vertelpunt_store::setup;
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_web::{AppState, WebOptions};

/// A running application and the database behind it (dropped with it).
pub struct TestApp {
    pub url: String,
    pub db: TestDatabase,
}

/// Prepares `db` like `vertelpunt serve` does and starts the application on a free port.
pub fn spawn_app(db: TestDatabase) -> TestApp {
    spawn_app_with(db, WebOptions::default())
}

/// [`spawn_app`] with other web settings (e.g. a tight rate limit).
pub fn spawn_app_with(db: TestDatabase, options: WebOptions) -> TestApp {
    let store = db.store();
    setup::prepare(&mut store.conn().expect("connection")).expect("prepare database");
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store, options).expect("application state");
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let handle = vertelpunt_web::run(listener, state, 2).expect("start");
            handle.server.await
        })
    });
    TestApp { url, db }
}

/// One application per available backend: SQLite always, PostgreSQL when configured.
pub fn spawn_on_every_backend() -> Vec<TestApp> {
    TestDatabase::all().into_iter().map(spawn_app).collect()
}

/// A plain HTTP agent that reports 4xx/5xx as responses, not errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}
