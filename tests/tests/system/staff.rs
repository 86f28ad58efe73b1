//! Staff sign-in and the verteltafel over HTTP: argon2 check, lock-out, the session cookie,
//! CSRF on every staff form, stories entered by a facilitator, and NUL characters anywhere.
//! The other staff areas have their own modules: review, dashboard, import and patterns.

use super::import::{sensemaker_data, SENSEMAKER_DEFINITION};
use vertelpunt_store::stories;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, post_multipart, post_with, session_cookie, sign_in, PASSWORD,
};
use vertelpunt_system_tests::{agent_no_redirects, get, Page, TestApp};

fn a_facilitator_signs_in_enters_a_verteltafel_story_and_signs_out(app: TestApp) {
    let user = create(&app, "Femke@Example.nl", UserRole::Facilitator);
    let away = Page::from(
        agent_no_redirects()
            .get(format!("{}/verteltafel", app.url))
            .call()
            .unwrap(),
    );
    assert_eq!(away.status, 303);
    assert!(away.header("location").unwrap().starts_with("/inloggen"));

    let signed_in = sign_in(&app, "femke@example.nl", PASSWORD);
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let set = signed_in.header("set-cookie").unwrap().to_string();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    assert!(
        !set.contains("Secure"),
        "plain HTTP on localhost: no Secure flag"
    );
    let cookie = session_cookie(&signed_in);

    let index = get_with(&app, "/verteltafel", &cookie);
    assert_eq!(index.status, 200);
    assert!(index.text().contains("Ingelogd als femke@example.nl"));
    assert!(index.text().contains("/verteltafel/jeugdhulp"));

    let form = get_with(&app, "/verteltafel/jeugdhulp?rol=jongere", &cookie);
    assert_eq!(form.status, 200);
    let csrf = form
        .field("csrf")
        .expect("the form carries the session's CSRF token");
    let token = form.field("token").unwrap();
    let id = form.field("id").unwrap();
    let story =
        "Aan de verteltafel vertelde een jongen dat zijn mentor hem echt had geholpen op school.";
    let fields = [
        ("rol", "jongere"),
        ("id", id.as_str()),
        ("token", token.as_str()),
        ("verhaal", story),
        ("q.gevolgen", "5"),
        ("q.gehoord", "90"),
        ("q.juiste_hulp", "80"),
    ];
    let forged = post_with(
        &app,
        "/verteltafel/jeugdhulp/vertel",
        Some(&cookie),
        &fields,
    );
    assert_eq!(forged.status, 403, "no CSRF token, no story");
    let mut with_csrf = fields.to_vec();
    with_csrf.push(("csrf", &csrf));
    let saved = post_with(
        &app,
        "/verteltafel/jeugdhulp/vertel",
        Some(&cookie),
        &with_csrf,
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.text().contains("Het verhaal is opgeslagen."));
    assert!(saved
        .text()
        .contains("Geef de verteller deze intrekcode mee:"));
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let stored = stories::get(&mut conn, &id).unwrap();
    assert_eq!(stored.source, "verteltafel");
    assert_eq!(stored.entered_by.as_deref(), Some(user.id.as_str()));
    let channel = vertelpunt_store::channels::find(&mut conn, &stored_project(&app), "verteltafel")
        .unwrap()
        .unwrap();
    assert_eq!(stored.channel_id, Some(channel.id));
    drop(conn);

    let no_csrf = post_with(&app, "/uitloggen", Some(&cookie), &[]);
    assert_eq!(
        no_csrf.status, 403,
        "signing out is a state change: CSRF checked too"
    );
    let out = post_with(&app, "/uitloggen", Some(&cookie), &[("csrf", &csrf)]);
    assert_eq!(out.status, 303);
    assert!(out.header("set-cookie").unwrap().contains("vp_sessie=;"));
    let after = get_with(&app, "/verteltafel", &cookie);
    assert_eq!(after.status, 303, "the old cookie no longer works");
}
on_every_backend!(a_facilitator_signs_in_enters_a_verteltafel_story_and_signs_out);

pub(super) fn stored_project(app: &TestApp) -> String {
    let store = app.db.store();
    vertelpunt_store::projects::find_by_slug(&mut store.conn().unwrap(), "landelijk")
        .unwrap()
        .unwrap()
        .id
}

fn wrong_passwords_are_refused_and_lock_the_account_after_five(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let unknown = sign_in(&app, "niemand@example.nl", PASSWORD);
    assert_eq!(unknown.status, 401);
    let refused = "Dit e-mailadres en wachtwoord horen niet bij elkaar.";
    assert!(unknown.text().contains(refused));
    for _ in 0..4 {
        let page = sign_in(&app, "analist@example.nl", "fout wachtwoord!!");
        assert_eq!(page.status, 401);
        assert!(page.text().contains(refused));
        assert!(
            page.body.contains("value=\"analist@example.nl\""),
            "the address stays filled in"
        );
    }
    let locked = sign_in(&app, "analist@example.nl", "fout wachtwoord!!");
    assert_eq!(locked.status, 429);
    assert!(locked.text().contains("Dit account is geblokkeerd tot"));
    let still = sign_in(&app, "analist@example.nl", PASSWORD);
    assert_eq!(
        still.status, 429,
        "even the right password waits for the lock to end"
    );

    let empty = sign_in(&app, "", "");
    assert!(empty
        .text()
        .contains("Vul je e-mailadres en je wachtwoord in."));
    let forged = post_with(
        &app,
        "/inloggen",
        None,
        &[("email", "analist@example.nl"), ("wachtwoord", PASSWORD)],
    );
    assert_eq!(
        forged.status, 400,
        "a sign-in without the form's token is refused"
    );
}
on_every_backend!(wrong_passwords_are_refused_and_lock_the_account_after_five);

fn an_analyst_may_not_enter_verteltafel_stories(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let page = get_with(&app, "/verteltafel", &cookie);
    assert_eq!(page.status, 403);
    assert!(page
        .text()
        .contains("Met jouw account kun je deze pagina niet gebruiken."));
}
on_every_backend!(an_analyst_may_not_enter_verteltafel_stories);

fn staff_change_their_password_and_end_their_other_sessions(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let here = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let elsewhere = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));

    let page = get_with(&app, "/account", &here);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("Mijn account"));
    assert!(text.contains("analist@example.nl · analist"));
    assert_eq!(
        text.matches(" UTC</td>").count(),
        4,
        "two sessions, two times each"
    );
    assert_eq!(text.matches("deze sessie</td>").count(), 1);
    assert!(text.contains("Alle andere sessies beëindigen"));
    let csrf = page.field("csrf").unwrap();

    let change = |current: &str, new: &str, again: &str, csrf: &str| {
        post_with(
            &app,
            "/account/wachtwoord",
            Some(&here),
            &[
                ("csrf", csrf),
                ("huidig", current),
                ("nieuw", new),
                ("nieuw_nogmaals", again),
            ],
        )
    };
    const NEW: &str = "een heel nieuw wachtwoord";
    assert_eq!(change(PASSWORD, NEW, NEW, "vals").status, 403);
    let wrong = change("niet mijn wachtwoord", NEW, NEW, &csrf);
    assert_eq!(wrong.status, 422);
    assert!(wrong.text().contains("Je huidige wachtwoord klopt niet."));
    let mismatch = change(PASSWORD, NEW, "een ander nieuw wachtwoord", &csrf);
    assert!(mismatch
        .text()
        .contains("De twee nieuwe wachtwoorden zijn niet hetzelfde."));
    let short = change(PASSWORD, "kort", "kort", &csrf);
    assert!(short
        .text()
        .contains("Het nieuwe wachtwoord is te kort: gebruik minstens 12 tekens."));

    let changed = change(PASSWORD, NEW, NEW, &csrf);
    assert_eq!(changed.status, 303);
    assert_eq!(
        changed.header("location"),
        Some("/account?lang=nl&klaar=wachtwoord")
    );
    assert_eq!(
        get_with(&app, "/account", &elsewhere).status,
        303,
        "the other session ended"
    );
    let done = get_with(&app, "/account?klaar=wachtwoord", &here);
    assert!(done.text().contains("Je wachtwoord is gewijzigd."));
    let old = sign_in(&app, "analist@example.nl", PASSWORD);
    assert_eq!(old.status, 401, "the old password no longer works");
    assert!(old.text().contains("horen niet bij elkaar"));
    let third = session_cookie(&sign_in(&app, "analist@example.nl", NEW));

    let csrf = get_with(&app, "/account", &here).field("csrf").unwrap();
    let ended = post_with(&app, "/account/sessies", Some(&here), &[("csrf", &csrf)]);
    assert_eq!(ended.status, 303);
    assert_eq!(get_with(&app, "/account", &third).status, 303);
    let after = get_with(&app, "/account?klaar=sessies", &here);
    assert!(after.text().contains("Je andere sessies zijn beëindigd."));
    assert_eq!(after.text().matches("deze sessie</td>").count(), 1);
    assert!(!after.text().contains("Alle andere sessies beëindigen"));
}
on_every_backend!(staff_change_their_password_and_end_their_other_sessions);

fn after_signing_in_staff_return_to_the_page_that_asked_for_it_and_never_elsewhere(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let away = Page::from(
        agent_no_redirects()
            .get(format!("{}/account?lang=en", app.url))
            .call()
            .unwrap(),
    );
    let location = away.header("location").unwrap().to_string();
    assert_eq!(location, "/inloggen?lang=en&terug=%2Faccount%3Flang%3Den");
    let form = get(&app, &location);
    assert_eq!(form.field("terug").as_deref(), Some("/account?lang=en"));
    let token = form.field("token").unwrap();
    let browser = vertelpunt_system_tests::staff::login_cookie(&form);
    let post = |back: &str| {
        post_with(
            &app,
            "/inloggen",
            Some(&browser),
            &[
                ("token", &token),
                ("email", "analist@example.nl"),
                ("wachtwoord", PASSWORD),
                ("terug", back),
            ],
        )
    };
    assert_eq!(
        post("/account?lang=en").header("location"),
        Some("/account?lang=en")
    );
    for elsewhere in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        assert_eq!(
            post(elsewhere).header("location"),
            Some("/start?lang=nl"),
            "{elsewhere}"
        );
    }
}
on_every_backend!(after_signing_in_staff_return_to_the_page_that_asked_for_it_and_never_elsewhere);

/// Posts the sign-in form as one browser would: its own form, its own pre-session cookie.
fn attempt(app: &TestApp, email: &str, password: &str) -> u16 {
    sign_in(app, email, password).status
}

/// 40 wrong passwords at once once got 29 (SQLite) or 35 (PostgreSQL) passwords checked
/// instead of 5, and the right one sent as number 30 signed in.
#[test]
fn forty_simultaneous_wrong_passwords_check_no_more_than_five() {
    use vertelpunt_system_tests::{spawn_app_with, TestApp};
    use vertelpunt_web::WebOptions;
    let options = WebOptions {
        logins_per_hour: 0,
        ..WebOptions::default()
    };
    for db in vertelpunt_store::testing::TestDatabase::all() {
        let app: TestApp = spawn_app_with(db, options.clone());
        create(&app, "analist@example.nl", UserRole::Analyst);
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..40)
                .map(|_| scope.spawn(|| attempt(&app, "analist@example.nl", "fout wachtwoord!!")))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let refused = statuses.iter().filter(|s| **s == 401).count();
        let locked = statuses.iter().filter(|s| **s == 429).count();
        assert!(
            refused <= 4,
            "{refused} wrong passwords answered 401: {statuses:?}"
        );
        assert_eq!(refused + locked, 40, "{statuses:?}");
        assert_eq!(
            attempt(&app, "analist@example.nl", PASSWORD),
            429,
            "the right password waits for the lock like any other"
        );
    }
}

/// A known address answered 401 ×4 then 429, an unknown one always 401: the difference told
/// which addresses have an account. Now both answer alike.
fn known_and_unknown_addresses_are_answered_alike(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let known: Vec<u16> = (0..6)
        .map(|_| attempt(&app, "analist@example.nl", "fout wachtwoord!!"))
        .collect();
    let unknown: Vec<u16> = (0..6)
        .map(|_| attempt(&app, "niemand@example.nl", "fout wachtwoord!!"))
        .collect();
    assert_eq!(known, vec![401, 401, 401, 401, 429, 429]);
    assert_eq!(unknown, known);
    let page = sign_in(&app, "niemand@example.nl", "fout wachtwoord!!");
    assert!(page.text().contains("Dit account is geblokkeerd tot"));
}
on_every_backend!(known_and_unknown_addresses_are_answered_alike);

/// One client may make only so many sign-in attempts, whatever addresses it tries.
#[test]
fn sign_in_attempts_are_limited_per_client() {
    use vertelpunt_system_tests::spawn_app_with;
    use vertelpunt_web::WebOptions;
    let options = WebOptions {
        logins_per_hour: 10,
        login_burst: 3,
        ..WebOptions::default()
    };
    for db in vertelpunt_store::testing::TestDatabase::all() {
        let app = spawn_app_with(db, options.clone());
        create(&app, "analist@example.nl", UserRole::Analyst);
        for n in 0..3 {
            assert_eq!(attempt(&app, &format!("a{n}@example.nl"), "x"), 401);
        }
        let page = sign_in(&app, "analist@example.nl", PASSWORD);
        assert_eq!(page.status, 429);
        assert!(page.text().contains("vaak geprobeerd in te loggen"));
        assert!(page.header("retry-after").is_some());
    }
}

/// The sign-in form's token was not tied to the browser (login CSRF), and signing in again kept
/// the browser's previous session valid.
fn the_sign_in_form_belongs_to_one_browser_and_ends_its_previous_session(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "ander@example.nl", UserRole::Analyst);
    let mine = get(&app, "/inloggen");
    let theirs = get(&app, "/inloggen");
    let set = mine.header("set-cookie").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let token = mine.field("token").unwrap();
    let fields = [
        ("token", token.as_str()),
        ("email", "analist@example.nl"),
        ("wachtwoord", PASSWORD),
    ];
    let other_browser = vertelpunt_system_tests::staff::login_cookie(&theirs);
    let forged = post_with(&app, "/inloggen", Some(&other_browser), &fields);
    assert_eq!(forged.status, 400, "another browser's form is refused");
    let cookieless = post_with(&app, "/inloggen", None, &fields);
    assert_eq!(cookieless.status, 400);
    assert!(cookieless
        .text()
        .contains("stuurde het inlogcookie niet mee"));

    let first = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    assert_eq!(get_with(&app, "/account", &first).status, 200);
    // The same browser signs in again (as someone else): its old session ends.
    let form = get(&app, "/inloggen");
    let browser = vertelpunt_system_tests::staff::login_cookie(&form);
    let again = post_with(
        &app,
        "/inloggen",
        Some(&format!("{first}; {browser}")),
        &[
            ("token", &form.field("token").unwrap()),
            ("email", "ander@example.nl"),
            ("wachtwoord", PASSWORD),
        ],
    );
    assert_eq!(again.status, 303, "{}", again.text());
    assert_eq!(
        get_with(&app, "/account", &first).status,
        303,
        "the previous session no longer works"
    );
    assert_eq!(
        get_with(&app, "/account", &session_cookie(&again)).status,
        200
    );
}
on_every_backend!(the_sign_in_form_belongs_to_one_browser_and_ends_its_previous_session);

/// A token could be made for a deactivated account, and then worked.
fn a_deactivated_accounts_api_tokens_are_refused_and_none_can_be_made(app: TestApp) {
    use vertelpunt_store::{api_tokens, users};
    let user = create(&app, "analist@example.nl", UserRole::Analyst);
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let secret = api_tokens::create(&mut conn, &user, "monitor", None)
        .unwrap()
        .secret;
    let call = |secret: &str| {
        vertelpunt_system_tests::agent()
            .get(format!("{}/api/v1/pattern-runs", app.url))
            .header("Authorization", &format!("Bearer {secret}"))
            .call()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(call(&secret), 200);
    users::deactivate(&mut conn, &user.id).unwrap();
    assert_eq!(call(&secret), 401, "the token stops with its account");
    let user = users::get(&mut conn, &user.id).unwrap().unwrap();
    let refused = api_tokens::create(&mut conn, &user, "nog een", None);
    assert!(
        refused.is_err_and(|e| e.to_string().contains("deactivated")),
        "no token for a deactivated account"
    );
}
on_every_backend!(a_deactivated_accounts_api_tokens_are_refused_and_none_can_be_made);

/// NUL characters gave 503/500 with a database error on PostgreSQL (story form, API, search,
/// import). Every path now answers the same on both backends: dropped from form fields (no
/// person types one), refused with a message in an address, an API story or an imported file.
fn nul_characters_are_handled_alike_on_every_backend(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));

    let search = get_with(&app, "/verhalen?zoek=%00", &cookie);
    assert_eq!(search.status, 400, "{}", search.text());
    assert!(search.text().contains("NUL-teken"));
    assert_eq!(get(&app, "/v/%00").status, 400);

    let token = vertelpunt_system_tests::staff::token_of(&app, "analist@example.nl");
    let (status, body) = vertelpunt_system_tests::staff::send_story(
        &app,
        &token,
        serde_json::json!({
            "role": "ouder",
            "story": "Een verhaal met een \u{0000} erin over de wachtlijst.",
        }),
    );
    assert_eq!(status, 422);
    assert_eq!(body["problems"][0]["field"], "story", "{body}");
    assert!(body["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("NUL-teken"));

    // The public form: the character is dropped and the story is stored.
    let form = get(&app, "/v/jeugdhulp/vertel?rol=ouder");
    let sent = vertelpunt_system_tests::post(
        &app,
        "/v/jeugdhulp/vertel",
        &[
            ("rol", "ouder"),
            ("lang", "nl"),
            ("id", &form.field("id").unwrap()),
            ("token", &form.field("token").unwrap()),
            ("website", ""),
            (
                "verhaal",
                "We wachtten\u{0000} lang op de juiste hulp voor ons kind.",
            ),
        ],
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    assert!(sent.text().contains("intrekcode"), "{}", sent.text());
    let read = get_with(&app, "/verhalen?zoek=wachtten", &cookie);
    assert!(
        read.text()
            .contains("We wachtten lang op de juiste hulp voor ons kind."),
        "{}",
        read.text()
    );

    // An import: refused with the cell named.
    let csrf = get_with(&app, "/importeren", &cookie)
        .field("csrf")
        .unwrap();
    let bad = sensemaker_data("0.2,0.3,0.5").replacen("Mijn zoon", "Mijn\u{0000} zoon", 1);
    let refused = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf)],
        &[
            ("definitie", "demo_Definition.json", SENSEMAKER_DEFINITION),
            ("verhalen", "demo_Data.csv", &bad),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused.text().contains("demo_Data.csv, rij 2") && refused.text().contains("NUL-teken"),
        "{}",
        refused.text()
    );
}
on_every_backend!(nul_characters_are_handled_alike_on_every_backend);
