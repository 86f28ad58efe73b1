//! Black-box tests of the `vertelpunt` binary: what an operator types and sees.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use vertelpunt_store::stories::{self, StoryFilter};
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_store::Store;

fn vertelpunt(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vertelpunt"));
    cmd.current_dir(dir)
        .env_remove("VERTELPUNT_DATABASE")
        .env_remove("VERTELPUNT_BIND")
        .env_remove("RUST_LOG");
    cmd
}

/// A running `serve`, killed when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(mut cmd: Command) -> Served {
    let mut child = cmd
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vertelpunt serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    Served { child, url }
}

fn healthz(url: &str) -> serde_json::Value {
    let mut response = ureq::get(&format!("{url}/healthz"))
        .call()
        .expect("GET /healthz");
    assert_eq!(response.status(), 200);
    response.body_mut().read_json().unwrap()
}

#[test]
fn serve_without_arguments_creates_the_sqlite_database_and_answers_healthz() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = vertelpunt(dir.path());
    // The only change from the defaults: a free port instead of 8080.
    cmd.env("VERTELPUNT_BIND", "127.0.0.1:0");
    let served = serve(cmd);
    assert!(served.url.starts_with("http://127.0.0.1:"));
    let health = healthz(&served.url);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["backend"], "sqlite");
    assert!(health["schema_version"]
        .as_str()
        .unwrap()
        .starts_with("2026"));
    assert!(dir.path().join("vertelpunt.db").exists());
}

#[test]
fn serve_on_postgres_when_configured() {
    let Some(db) = TestDatabase::postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = vertelpunt(dir.path());
    cmd.args(["--database", &db.url])
        .env("VERTELPUNT_BIND", "127.0.0.1:0");
    let served = serve(cmd);
    assert_eq!(healthz(&served.url)["backend"], "postgres");
    assert!(!dir.path().join("vertelpunt.db").exists());
}

#[test]
fn a_config_file_sets_database_and_address() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vertelpunt.toml"),
        "database = \"sqlite:from-config.db\"\nbind = \"127.0.0.1:0\"\n",
    )
    .unwrap();
    let served = serve(vertelpunt(dir.path()));
    assert_eq!(healthz(&served.url)["backend"], "sqlite");
    assert!(dir.path().join("from-config.db").exists());
}

#[test]
fn an_unknown_database_scheme_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = vertelpunt(dir.path())
        .args(["--database", "mysql://root@localhost/v", "migrate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("uses scheme 'mysql', which Vertelpunt does not support"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file made"
    );
}

#[test]
fn migrate_reports_what_it_applied_and_then_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = vertelpunt(dir.path()).arg("migrate").output().unwrap();
    assert!(first.status.success());
    assert!(String::from_utf8_lossy(&first.stdout).contains("applied 2026"));
    let again = vertelpunt(dir.path()).arg("migrate").output().unwrap();
    assert!(String::from_utf8_lossy(&again.stdout)
        .contains("Nothing to migrate: the database is up to date."));
}

fn create_user(dir: &Path, role: &str, email: &str, password: &str) -> std::process::Output {
    create_user_with(dir, &["--role", role, "--email", email], password)
}

/// `vertelpunt create-user ARGS` with `password` on standard input.
fn create_user_with(dir: &Path, args: &[&str], password: &str) -> std::process::Output {
    let mut child = vertelpunt(dir)
        .arg("create-user")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn create_user_reads_the_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = create_user(
        dir.path(),
        "facilitator",
        "Tafel@Regio.nl",
        "een lang wachtwoord",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "created facilitator tafel@regio.nl"
    );
    let again = create_user(
        dir.path(),
        "admin",
        "tafel@regio.nl",
        "een ander lang wachtwoord",
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr)
        .contains("a user with e-mail address tafel@regio.nl already exists"));
    let bad_role = create_user(dir.path(), "wethouder", "w@regio.nl", "een lang wachtwoord");
    assert!(String::from_utf8_lossy(&bad_role.stderr)
        .contains("role 'wethouder' is unknown: use analyst, facilitator or admin"));
    // There is no way to pass a password as a flag.
    let flag = vertelpunt(dir.path())
        .args([
            "create-user",
            "--role",
            "admin",
            "--email",
            "a@b.nl",
            "--password",
            "x",
        ])
        .output()
        .unwrap();
    assert!(!flag.status.success());
}

#[test]
fn create_user_limits_an_account_to_regions_and_refuses_unknown_codes() {
    let dir = tempfile::tempdir().unwrap();
    let run = |regions: &[&str]| {
        let mut args = vec!["--role", "analyst", "--email", "noord@regio.nl"];
        for r in regions {
            args.extend(["--region", r]);
        }
        create_user_with(dir.path(), &args, "een lang wachtwoord")
    };
    let unknown = run(&["JR13", "JR99"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("'JR99' is not a jeugdregio code (e.g. JR13)"));
    let made = run(&["jr28", "JR13"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&made.stdout).trim(),
        "created analyst noord@regio.nl, limited to JR13, JR28"
    );
    let store = Store::open(dir.path().join("vertelpunt.db").to_str().unwrap()).unwrap();
    let user = vertelpunt_store::users::find_by_email(&mut store.conn().unwrap(), "noord@regio.nl")
        .unwrap()
        .unwrap();
    assert_eq!(
        user.scope(),
        vertelpunt_store::users::Scope::parse("JR13,JR28", "")
    );
}

#[test]
fn create_user_limits_an_account_to_projects_and_refuses_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vertelpunt.db");
    let store = Store::open(path.to_str().unwrap()).unwrap();
    vertelpunt_store::setup::prepare(&mut store.conn().unwrap()).unwrap();
    let run = |projects: &[&str]| {
        let mut args = vec![
            "--role",
            "facilitator",
            "--email",
            "twente@regio.nl",
            "--region",
            "JR27",
        ];
        for p in projects {
            args.extend(["--project", p]);
        }
        create_user_with(dir.path(), &args, "een lang wachtwoord")
    };
    let unknown = run(&["landelijk", "nergens"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no project 'nergens'"));
    let made = run(&["landelijk"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&made.stdout).trim(),
        "created facilitator twente@regio.nl, limited to JR27; project landelijk"
    );
    let mut conn = store.conn().unwrap();
    let user = vertelpunt_store::users::find_by_email(&mut conn, "twente@regio.nl")
        .unwrap()
        .unwrap();
    let national = vertelpunt_store::projects::find_by_slug(&mut conn, "landelijk")
        .unwrap()
        .unwrap();
    assert_eq!(
        user.scope(),
        vertelpunt_store::users::Scope::parse("JR27", &national.id)
    );
}

#[test]
fn seed_demo_adds_synthetic_stories_that_stay_out_of_real_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = vertelpunt(dir.path())
        .args(["seed-demo", "--stories", "2500", "--seed", "4", "--quiet"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("2500 synthetic stories added to 'jeugdhulp'"));
    let store = Store::open(dir.path().join("vertelpunt.db").to_str().unwrap()).unwrap();
    let mut conn = store.conn().unwrap();
    assert_eq!(
        stories::count(&mut conn, &StoryFilter::default()).unwrap(),
        0
    );
    let synthetic = StoryFilter {
        only_synthetic: true,
        ..Default::default()
    };
    assert_eq!(stories::count(&mut conn, &synthetic).unwrap(), 2500);
    let unknown = vertelpunt(dir.path())
        .args([
            "seed-demo",
            "--stories",
            "1",
            "--collection",
            "bestaat-niet",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("collection point 'bestaat-niet' does not exist"));
}

#[test]
fn api_tokens_are_printed_once_work_against_serve_and_stop_when_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let out = create_user(
        dir.path(),
        "analyst",
        "data@regio.nl",
        "een lang wachtwoord",
    );
    assert!(out.status.success());
    let made = vertelpunt(dir.path())
        .args([
            "api-token",
            "create",
            "--email",
            "Data@Regio.nl",
            "--name",
            "dashboard",
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let token = String::from_utf8_lossy(&made.stdout).trim().to_string();
    assert!(token.starts_with("vpt_"), "{token}");
    assert!(String::from_utf8_lossy(&made.stderr).contains("shown only now"));

    let missing = vertelpunt(dir.path())
        .args([
            "api-token",
            "create",
            "--email",
            "niemand@regio.nl",
            "--name",
            "x",
        ])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr)
        .contains("there is no staff account niemand@regio.nl"));

    let listed = vertelpunt(dir.path())
        .args(["api-token", "list"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(listed.contains("data@regio.nl  dashboard"), "{listed}");
    assert!(!listed.contains(&token), "the list never shows a token");
    let id = listed.split_whitespace().next().unwrap().to_string();

    let aggregates = |served: &Served| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent()
            .get(&format!(
                "{}/api/v1/collection-points/jeugdhulp/aggregates",
                served.url
            ))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap()
            .status()
            .as_u16()
    };
    let mut cmd = vertelpunt(dir.path());
    cmd.args(["--database", "vertelpunt.db"])
        .env("VERTELPUNT_BIND", "127.0.0.1:0");
    let served = serve(cmd);
    assert_eq!(aggregates(&served), 200);
    let revoked = vertelpunt(dir.path())
        .args(["api-token", "revoke", &id])
        .output()
        .unwrap();
    assert!(revoked.status.success());
    assert_eq!(aggregates(&served), 401);
}

#[test]
fn reset_password_sets_a_new_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    assert!(create_user(
        dir.path(),
        "admin",
        "beheer@regio.nl",
        "een lang wachtwoord"
    )
    .status
    .success());
    let mut child = vertelpunt(dir.path())
        .args(["reset-password", "--email", "Beheer@Regio.nl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "een heel nieuw wachtwoord").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "new password set for admin beheer@regio.nl; 0 sessions ended"
    );
    let store = Store::open(&format!(
        "sqlite:{}",
        dir.path().join("vertelpunt.db").display()
    ))
    .unwrap();
    let user =
        vertelpunt_store::users::find_by_email(&mut store.conn().unwrap(), "beheer@regio.nl")
            .unwrap()
            .unwrap();
    assert!(vertelpunt_store::users::verify_password(
        &user.password_hash,
        "een heel nieuw wachtwoord"
    ));
    let unknown = vertelpunt(dir.path())
        .args(["reset-password", "--email", "niemand@regio.nl"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("there is no staff account niemand@regio.nl"));
}
