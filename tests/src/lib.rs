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

/// An agent that does not follow redirects, to see `Location` and `Set-Cookie` itself.
pub fn agent_no_redirects() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// A response as a test reads it.
pub struct Page {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Page {
    pub fn from(mut response: ureq::http::Response<ureq::Body>) -> Page {
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        Page {
            status: response.status().as_u16(),
            body: response.body_mut().read_to_string().expect("body"),
            headers,
        }
    }

    /// The first header of that name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of the first form field with that name (`<input name=… value=…>`), decoded.
    pub fn field(&self, name: &str) -> Option<String> {
        let needle = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&needle)? + needle.len();
        let end = self.body[start..].find('"')? + start;
        Some(unescape(&self.body[start..end]))
    }

    /// The page text with HTML escapes decoded, for plain `contains` checks.
    pub fn text(&self) -> String {
        unescape(&self.body)
    }
}

/// Undoes tera's HTML escaping.
pub fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// GET a page.
pub fn get(app: &TestApp, path: &str) -> Page {
    Page::from(
        agent()
            .get(format!("{}{path}", app.url))
            .call()
            .expect("GET"),
    )
}

/// POST form fields (repeated names allowed) to a page.
pub fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Page {
    Page::from(
        agent()
            .post(format!("{}{path}", app.url))
            .send_form(fields.iter().copied())
            .expect("POST"),
    )
}

/// Adds a collection point on the newest `jeugdhulp` core to the default project, in Dutch and
/// English, closing at `closes_at` (never when `None`).
pub fn add_collection_point(
    app: &TestApp,
    slug: &str,
    name: &str,
    closes_at: Option<chrono::NaiveDateTime>,
) {
    use vertelpunt_store::{collection_points, projects, questionnaires};
    let store = app.db.store();
    let mut conn = store.conn().expect("connection");
    let project = projects::find_by_slug(&mut conn, "landelijk")
        .unwrap()
        .expect("the default project");
    let core = questionnaires::latest(&mut conn, "jeugdhulp")
        .unwrap()
        .expect("the shipped core");
    collection_points::create(
        &mut conn,
        collection_points::NewCollectionPoint {
            project_id: project.id,
            slug: slug.into(),
            name: name.into(),
            questionnaire_version_id: core.id,
            module_version_ids: vec![],
            default_region_code: None,
            opens_at: None,
            closes_at,
            languages: vec!["nl".into(), "en".into()],
        },
    )
    .expect("create the collection point");
}
