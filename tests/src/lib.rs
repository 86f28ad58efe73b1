//! Helpers for black-box tests: [`spawn_app`] starts the real application on a random port
//! against a fresh database, so tests read like a user's session.

use std::net::TcpListener;
use vertelpunt_store::setup;
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_web::{AppState, WebOptions};

/// A running application and the database behind it. Dropping it stops the server (and with
/// it the application's threads) before the database goes: no thread may still be talking to
/// PostgreSQL when the test process exits.
pub struct TestApp {
    // Fields drop in this order: the server first.
    _server: Running,
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
    let (url, server) = serve(AppState::new(store, options).expect("application state"));
    TestApp {
        _server: server,
        url,
        db,
    }
}

/// A server running in a thread of its own; stopped and waited for when dropped.
struct Running {
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        // Sends the stop at once; the thread ends when the server has stopped.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serves `state` on a free port in a thread of its own; gives the address.
fn serve(state: AppState) -> (String, Running) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (started, handle) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = vertelpunt_web::run(listener, state, 2)
                .expect("start")
                .server;
            started.send(server.handle()).expect("the test waits");
            let _ = server.await;
        })
    });
    let handle = handle.recv().expect("the server started");
    (
        url,
        Running {
            handle,
            thread: Some(thread),
        },
    )
}

/// Starts a second instance of the application on the database of `app` (as a second `serve`
/// behind a load balancer would run). Drop it before `app`.
pub fn spawn_another_instance(app: &TestApp) -> TestApp {
    let (url, server) =
        serve(AppState::new(app.db.store(), WebOptions::default()).expect("application state"));
    TestApp {
        _server: server,
        url,
        db: app.db.shared(),
    }
}

#[doc(hidden)]
pub use vertelpunt_store as __store;

/// Runs the test function `NAME(app: TestApp)` on each backend as its own named test, so a
/// failure says where: `NAME::sqlite`, and `NAME::postgres`, which runs when
/// `VERTELPUNT_TEST_POSTGRES_URL` is set (without it, it says so on stderr and passes).
///
/// ```ignore
/// fn a_teller_shares_a_story(app: TestApp) {
///     assert_eq!(get(&app, "/v/jeugdhulp").status, 200);
/// }
/// on_every_backend!(a_teller_shares_a_story);
/// ```
#[macro_export]
macro_rules! on_every_backend {
    ($name:ident) => {
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::spawn_app(
                    $crate::__store::testing::TestDatabase::sqlite(),
                ))
            }

            #[test]
            fn postgres() {
                match $crate::__store::testing::TestDatabase::postgres_migrated() {
                    Some(db) => super::$name($crate::spawn_app(db)),
                    None => eprintln!(
                        "not run on PostgreSQL: {} is not set",
                        $crate::__store::testing::POSTGRES_ENV
                    ),
                }
            }
        }
    };
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

    /// The value of the first form field with that name (`<input name=… value=…>`).
    pub fn field(&self, name: &str) -> Option<String> {
        self.attrs(&format!("input[name=\"{name}\"]"), "value")
            .into_iter()
            .next()
    }

    /// The value of attribute `attr` of every element that matches the CSS selector `css`, in
    /// the order of the page (the page is read as HTML, entities decoded).
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e}"));
        scraper::Html::parse_document(&self.body)
            .select(&selector)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// The text of every element that matches `css`, whitespace collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e}"));
        scraper::Html::parse_document(&self.body)
            .select(&selector)
            .map(|e| e.text().collect::<Vec<_>>().join(" "))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// The path of every link (`<a href>`) and form action, without its query, that starts
    /// with `prefix`, each once, in order.
    pub fn paths_under(&self, prefix: &str) -> Vec<String> {
        let mut paths: Vec<String> = Vec::new();
        for path in self
            .attrs("a[href]", "href")
            .into_iter()
            .chain(self.attrs("form[action]", "action"))
        {
            let path = path
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_string();
            if path.starts_with(prefix) && !paths.contains(&path) {
                paths.push(path);
            }
        }
        paths
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

/// Staff pages as a signed-in staff member sees them.
pub mod staff {
    use vertelpunt_store::users::{self, UserRole};

    use super::{agent_no_redirects, get, Page, TestApp};

    pub const PASSWORD: &str = "correct horse battery staple";

    pub fn create(app: &TestApp, email: &str, role: UserRole) -> users::User {
        let store = app.db.store();
        users::create(
            &mut store.conn().unwrap(),
            email,
            role,
            PASSWORD,
            &users::Scope::all(),
        )
        .unwrap()
    }

    pub fn post_with(
        app: &TestApp,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Page {
        let mut request = agent_no_redirects().post(format!("{}{path}", app.url));
        if let Some(c) = cookie {
            request = request.header("Cookie", c);
        }
        Page::from(request.send_form(fields.iter().copied()).unwrap())
    }

    pub fn get_with(app: &TestApp, path: &str, cookie: &str) -> Page {
        Page::from(
            agent_no_redirects()
                .get(format!("{}{path}", app.url))
                .header("Cookie", cookie)
                .call()
                .unwrap(),
        )
    }

    pub fn sign_in(app: &TestApp, email: &str, password: &str) -> Page {
        let form = get(app, "/inloggen");
        let token = form.field("token").unwrap();
        let browser = login_cookie(&form);
        post_with(
            app,
            "/inloggen",
            Some(&browser),
            &[
                ("token", &token),
                ("email", email),
                ("wachtwoord", password),
            ],
        )
    }

    /// The `name=value` of the sign-in form's pre-session cookie (`vp_inlog`).
    pub fn login_cookie(page: &Page) -> String {
        cookie_named(page, "vp_inlog").expect("the sign-in form sets its cookie")
    }

    /// The `name=value` part of the session cookie set by a response.
    pub fn session_cookie(page: &Page) -> String {
        cookie_named(page, "vp_sessie").expect("a session cookie")
    }

    fn cookie_named(page: &Page, name: &str) -> Option<String> {
        page.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.split(';').next().unwrap_or_default().to_string())
            .find(|c| {
                c.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('='))
            })
    }

    /// A new API token for the account with this address.
    pub fn token_of(app: &TestApp, email: &str) -> String {
        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        let user = users::find_by_email(&mut conn, email).unwrap().unwrap();
        vertelpunt_store::api_tokens::create(&mut conn, &user, "test", None)
            .unwrap()
            .secret
    }

    /// Sends a story (JSON) to the API of `jeugdhulp` with a token; status and answer.
    pub fn send_story(
        app: &TestApp,
        token: &str,
        story: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let mut response = super::agent()
            .post(format!(
                "{}/api/v1/collection-points/jeugdhulp/stories",
                app.url
            ))
            .header("Authorization", &format!("Bearer {token}"))
            .send_json(story)
            .unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_json().unwrap_or_default())
    }

    /// A story sent through the API with a staff token (no rate limit): `role`, a campaign code and
    /// how heard the teller felt.
    pub fn api_story(app: &TestApp, token: &str, role: &str, channel: Option<&str>, heard: u32) {
        // Stories differ in their opening, as real ones do (typical stories never repeat a quote).
        const OPENINGS: [&str; 6] = [
            "We wachtten lang op hulp.",
            "Na drie maanden kregen we een vaste begeleider.",
            "Het wijkteam belde terug zoals beloofd.",
            "Mijn dochter kreeg eindelijk een plek op een nieuwe school.",
            "Ik moest mijn verhaal vier keer vertellen.",
            "De huisarts verwees ons door naar de jeugd-ggz.",
        ];
        let body = format!(
            "{} De begeleider luisterde echt naar ons gezin.",
            OPENINGS[heard as usize % OPENINGS.len()]
        );
        let mut story = serde_json::json!({
            "role": role,
            "story": body,
            "answers": {"gehoord": heard, "gevolgen": "4"}
        });
        if let Some(code) = channel {
            story["channel"] = serde_json::Value::String(code.to_string());
        }
        let response = super::agent()
            .post(format!(
                "{}/api/v1/collection-points/jeugdhulp/stories",
                app.url
            ))
            .header("Authorization", &format!("Bearer {token}"))
            .send_json(story)
            .unwrap();
        assert_eq!(response.status(), 201);
    }

    /// Posts a multipart form: text fields and files (field, file name, content).
    pub fn post_multipart(
        app: &TestApp,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str)],
    ) -> Page {
        let boundary = "----vertelpunt-test-boundary";
        let mut body = String::new();
        for (name, value) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        for (name, file, content) in files {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let sent = Page::from(
            agent_no_redirects()
                .post(format!("{}{path}", app.url))
                .header("Cookie", cookie)
                .header(
                    "Content-Type",
                    &format!("multipart/form-data; boundary={boundary}"),
                )
                .send(body.as_bytes())
                .unwrap(),
        );
        // An accepted upload is imported in the background: follow its page until it is done.
        match sent.header("location").map(str::to_string) {
            Some(job) if sent.status == 303 => import_to_the_end(app, cookie, &job),
            _ => sent,
        }
    }

    /// Follows an import's page (and the status its script reads) until the import has ended, and
    /// gives the page as it then answers: what was read and stored, or why the files were refused.
    fn import_to_the_end(app: &TestApp, cookie: &str, job: &str) -> Page {
        use std::time::{Duration, Instant};
        assert!(job.starts_with("/importeren/taak/"), "{job}");
        let status = job.replacen('?', "/stand?", 1);
        let begun = Instant::now();
        loop {
            let standing = get_with(app, &status, cookie);
            assert_eq!(standing.status, 200, "{}", standing.text());
            let standing: serde_json::Value = serde_json::from_str(&standing.body).unwrap();
            match standing["state"].as_str().unwrap() {
                "running" => {
                    assert!(begun.elapsed() < Duration::from_secs(60), "{standing}");
                    std::thread::sleep(Duration::from_millis(20));
                }
                "done" => {
                    assert_eq!(standing["href"].as_str(), Some(job));
                    return get_with(app, job, cookie);
                }
                other => panic!("import ended as {other}: {standing}"),
            }
        }
    }

    /// Stores a real evaluation of 600 synthetic stories with planted relationships, as
    /// `vertelpunt evaluate --database` would, and gives its id.
    pub fn stored_evaluation(app: &TestApp) -> (String, vertelpunt_patterns::Evaluation) {
        use vertelpunt_patterns::run::{self, Request};
        use vertelpunt_patterns::synthetic::{dataset, Spec};
        use vertelpunt_patterns::{Preset, Selection};
        use vertelpunt_store::pattern_runs;
        let request = Request {
            selection: Selection {
                include_synthetic: true,
                ..Selection::default()
            },
            preset: Preset::standard(),
            subgroup: None,
            families: Vec::new(),
        };
        let data = dataset(&Spec::thirty(600, true, 13)).unwrap();
        let prepared = run::prepare(&data, &request).unwrap();
        let finished = run::finish(&prepared, &request, &|_, _| {}).unwrap();
        let mut stored = finished
            .record(
                &request,
                &["jeugdhulp".to_string()],
                vertelpunt_store::now(),
            )
            .unwrap();
        stored.id = "run-synthetisch".into();
        let store = app.db.store();
        pattern_runs::insert(&mut store.conn().unwrap(), &stored, &finished.charts()).unwrap();
        (stored.id, finished.evaluation)
    }

    /// Starts a pattern evaluation with the form's `fields` and follows its job until it ends:
    /// gives the job page as it then answers (the way to the run, or why there is none).
    pub fn run_to_the_end(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> Page {
        use std::time::{Duration, Instant};
        let started = post_with(app, "/patronen/nieuw", Some(cookie), fields);
        assert_eq!(started.status, 303, "{}", started.text());
        let job = started.header("location").unwrap().to_string();
        assert!(job.starts_with("/patronen/taak/"), "{job}");
        let status = job.replacen('?', "/stand?", 1);
        let begun = Instant::now();
        loop {
            let page = get_with(app, &status, cookie);
            assert_eq!(page.status, 200, "{}", page.text());
            let standing: serde_json::Value = serde_json::from_str(&page.body).unwrap();
            match standing["state"].as_str().unwrap() {
                "running" => {
                    assert!(begun.elapsed() < Duration::from_secs(120), "{standing}");
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => return get_with(app, &job, cookie),
            }
        }
    }
}
