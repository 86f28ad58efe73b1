//! Staff sign-in and the verteltafel over HTTP: argon2 check, lock-out, the session cookie,
//! CSRF on every staff form, and stories entered by a facilitator.

use vertelpunt_store::stories;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    api_story, create, get_with, post_multipart, post_with, session_cookie, sign_in,
    stored_evaluation, PASSWORD,
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

fn stored_project(app: &TestApp) -> String {
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

/// A story whose text holds a phone number, sent (and confirmed) through the API.
fn flagged_story(app: &TestApp, body: &str) -> String {
    flagged_story_at(app, "jeugdhulp", body, None)
}

/// The same at any collection point, with a staff token to pass the rate limit.
fn flagged_story_at(app: &TestApp, slug: &str, body: &str, token: Option<&str>) -> String {
    let mut request = vertelpunt_system_tests::agent().post(format!(
        "{}/api/v1/collection-points/{slug}/stories",
        app.url
    ));
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let mut response = request
        .send_json(serde_json::json!({
            "role": "ouder",
            "story": body,
            "answers": {"gehoord": 20},
            "details_confirmed": true
        }))
        .unwrap();
    assert_eq!(response.status(), 201);
    let created: serde_json::Value = response.body_mut().read_json().unwrap();
    assert_eq!(created["flagged"], true);
    created["id"].as_str().unwrap().to_string()
}

fn an_analyst_reviews_flagged_texts_by_releasing_a_cleaned_text_or_erasing_it(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "tafel@example.nl", UserRole::Facilitator);
    let first = flagged_story(
        &app,
        "De gezinscoach belde ons elke week op 06-12345678 en dat hielp echt.",
    );
    let second = flagged_story(&app, "Mail me op jan@example.nl als je meer wilt weten.");

    let away = Page::from(
        agent_no_redirects()
            .get(format!("{}/beoordelen", app.url))
            .call()
            .unwrap(),
    );
    assert_eq!(away.status, 303);
    let tafel = session_cookie(&sign_in(&app, "tafel@example.nl", PASSWORD));
    assert_eq!(get_with(&app, "/beoordelen", &tafel).status, 403);

    // Signed in, staff land on their start page: what waits for them, linked.
    let signed_in = sign_in(&app, "analist@example.nl", PASSWORD);
    assert_eq!(signed_in.header("location"), Some("/start?lang=nl"));
    let cookie = session_cookie(&signed_in);
    let start = get_with(&app, "/start", &cookie);
    let waiting = start.text();
    assert!(
        waiting.contains(
            "<a href=\"/beoordelen?lang=nl\">2 verhalen wachten op beoordeling van de tekst</a>"
        ),
        "{waiting}"
    );
    assert!(waiting.contains("<a href=\"/start?lang=nl\" aria-current=\"page\">Start</a>"));
    let page = get_with(&app, "/beoordelen", &cookie);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("Wachten op beoordeling: 2."), "{text}");
    assert!(text.contains("elke week op 06-12345678"));
    assert!(text.contains("Gevonden: een telefoonnummer"));
    assert!(text.contains("Gevonden: een e-mailadres"));
    let csrf = page.field("csrf").unwrap();
    let path = format!("/beoordelen/{first}");

    let store = app.db.store();
    let status = |id: &str| stories::get(&mut store.conn().unwrap(), id).unwrap();
    let forged = post_with(
        &app,
        &path,
        Some(&cookie),
        &[("besluit", "vrijgeven"), ("verhaal", "x")],
    );
    assert_eq!(forged.status, 403);
    assert_eq!(status(&first).review_status, "pending");

    // Still a phone number in the edited text: sent back with the edit kept.
    let edited = "De gezinscoach belde ons elke week (06-12345678) en dat hielp echt. Bewerkt.";
    let again = post_with(
        &app,
        &path,
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("besluit", "vrijgeven"),
            ("verhaal", edited),
        ],
    );
    assert_eq!(again.status, 422);
    assert!(again
        .text()
        .contains("De tekst lijkt nog steeds een telefoonnummer te bevatten."));
    assert!(again.text().contains(edited), "the reviewer's edit is kept");
    assert_eq!(status(&first).review_status, "pending");

    let cleaned = "De gezinscoach belde ons elke week en dat hielp echt.";
    let released = post_with(
        &app,
        &path,
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("besluit", "vrijgeven"),
            ("titel", "Elke week"),
            ("verhaal", cleaned),
        ],
    );
    assert_eq!(released.status, 303);
    assert_eq!(
        released.header("location"),
        Some("/beoordelen?lang=nl&klaar=vrijgeven")
    );
    let story = status(&first);
    assert_eq!(story.review_status, "cleared");
    assert_eq!(story.body, cleaned);
    assert_eq!(story.title.as_deref(), Some("Elke week"));
    assert_eq!(story.word_count, 10);

    let erased = post_with(
        &app,
        &format!("/beoordelen/{second}"),
        Some(&cookie),
        &[("csrf", &csrf), ("besluit", "wissen"), ("verhaal", "")],
    );
    assert_eq!(erased.status, 303);
    let story = status(&second);
    assert_eq!(story.review_status, "erased");
    assert_eq!(story.body, "");
    let answers = stories::answers_of(&mut store.conn().unwrap(), &second).unwrap();
    assert!(answers.contains_key("gehoord"), "the answers still count");

    let twice = post_with(
        &app,
        &format!("/beoordelen/{second}"),
        Some(&cookie),
        &[("csrf", &csrf), ("besluit", "wissen")],
    );
    assert_eq!(twice.status, 409);
    assert!(twice
        .text()
        .contains("Dat verhaal is intussen al beoordeeld of ingetrokken."));
    let done = get_with(&app, "/beoordelen?klaar=wissen", &cookie);
    assert!(done
        .text()
        .contains("De tekst is gewist; de antwoorden tellen mee."));
    assert!(done.text().contains("Wachten op beoordeling: 0."));
    assert!(done
        .text()
        .contains("Er wachten geen verhalen op beoordeling."));
    // Both decisions stay on record, newest first, with who made them.
    let text = done.text();
    let table = &text[text.find("Laatste beslissingen").expect("the decisions")..];
    let erased = table.find("<td>tekst gewist</td><td>analist@example.nl</td>");
    let released = table.find("<td>tekst vrijgegeven</td><td>analist@example.nl</td>");
    assert!(
        erased.is_some() && released.is_some() && erased < released,
        "{table}"
    );
}
on_every_backend!(an_analyst_reviews_flagged_texts_by_releasing_a_cleaned_text_or_erasing_it);

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

fn the_review_list_pages_through_many_stories_and_filters_by_collection_point(app: TestApp) {
    use vertelpunt_store::api_tokens;
    use vertelpunt_system_tests::add_collection_point;
    let user = create(&app, "analist@example.nl", UserRole::Analyst);
    let store = app.db.store();
    add_collection_point(&app, "nijmegen", "Vertelpunt Nijmegen", None);
    let token = api_tokens::create(&mut store.conn().unwrap(), &user, "test", None)
        .unwrap()
        .secret;
    for i in 0..27 {
        let text = format!("Verhaal {i}: bel de coach op 06-12345678, die hielp ons.");
        flagged_story_at(&app, "jeugdhulp", &text, Some(&token));
    }
    for i in 0..2 {
        let text = format!("Nijmegen {i}: mail naar ouder@example.nl voor meer.");
        flagged_story_at(&app, "nijmegen", &text, Some(&token));
    }
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let first = get_with(&app, "/beoordelen", &cookie);
    let text = first.text();
    assert!(text.contains("Wachten op beoordeling: 29."), "{text}");
    assert!(text.contains("Pagina 1 van 2."));
    assert_eq!(text.matches("<article").count(), 25);
    assert!(text.contains("Verhaal 0:"), "oldest first");
    assert!(
        text.contains("href=\"/beoordelen?lang=nl&pagina=2\""),
        "a link to page 2"
    );
    let second = get_with(&app, "/beoordelen?pagina=2", &cookie);
    assert_eq!(second.text().matches("<article").count(), 4);
    assert!(second.text().contains("Nijmegen 1:"));

    let filtered = get_with(&app, "/beoordelen?punt=nijmegen", &cookie);
    let text = filtered.text();
    assert!(text.contains("Wachten op beoordeling: 2."), "{text}");
    assert_eq!(text.matches("<article").count(), 2);
    assert!(!text.contains("Pagina 1 van"));
    assert!(text.contains("<option value=\"nijmegen\" selected>"));

    // A decision keeps the view: back to the same collection point.
    let id = {
        let mut conn = store.conn().unwrap();
        let (list, _) = stories::pending_review(&mut conn, None, 0, 100).unwrap();
        list.into_iter()
            .find(|s| s.body.starts_with("Nijmegen 0"))
            .unwrap()
            .id
    };
    let csrf = filtered.field("csrf").unwrap();
    let done = post_with(
        &app,
        &format!("/beoordelen/{id}"),
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("besluit", "wissen"),
            ("punt", "nijmegen"),
            ("pagina", "1"),
        ],
    );
    assert_eq!(
        done.header("location"),
        Some("/beoordelen?lang=nl&punt=nijmegen&klaar=wissen")
    );
}
on_every_backend!(the_review_list_pages_through_many_stories_and_filters_by_collection_point);

/// The cell after a row header in a table of the page, e.g. the count of a role.
fn cell_after(text: &str, row_header: &str) -> String {
    let start = text
        .find(&format!("<th scope=\"row\">{row_header}</th>"))
        .unwrap_or_else(|| panic!("a row '{row_header}' in {text}"));
    let rest = &text[start..];
    let cell = &rest[rest.find("<td").unwrap()..];
    let cell = &cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()];
    cell.trim().to_string()
}

fn the_dashboard_shows_who_shares_through_which_channel_and_never_a_group_under_five(app: TestApp) {
    use vertelpunt_store::{api_tokens, channels};
    let user = create(&app, "facilitator@example.nl", UserRole::Facilitator);
    let store = app.db.store();
    let project = stored_project(&app);
    channels::ensure(
        &mut store.conn().unwrap(),
        &project,
        "facebook",
        "Facebook-campagne",
    )
    .unwrap();
    let token = api_tokens::create(&mut store.conn().unwrap(), &user, "test", None)
        .unwrap()
        .secret;

    let away = Page::from(
        agent_no_redirects()
            .get(format!("{}/overzicht", app.url))
            .call()
            .unwrap(),
    );
    assert_eq!(away.status, 303);
    let cookie = session_cookie(&sign_in(&app, "facilitator@example.nl", PASSWORD));

    for heard in [10, 15, 20] {
        api_story(&app, &token, "ouder", Some("facebook"), heard);
    }
    let few = get_with(&app, "/overzicht", &cookie);
    assert_eq!(few.status, 200, "{}", few.text());
    assert!(
        few.text()
            .contains("Deze selectie heeft minder dan 5 verhalen."),
        "{}",
        few.text()
    );
    assert!(!few.text().contains("3 verhalen"));

    for heard in [30, 40, 50, 60, 70] {
        api_story(&app, &token, "ouder", Some("facebook"), heard);
    }
    for heard in [80, 85] {
        api_story(&app, &token, "jongere", Some("facebook"), heard);
    }
    for heard in [90, 91, 92, 93, 94, 95] {
        api_story(&app, &token, "professional", None, heard);
    }
    let page = get_with(&app, "/overzicht", &cookie);
    let text = page.text();
    assert!(text.contains("<strong>16 verhalen</strong>"), "{text}");
    // The staff bar links here.
    assert!(text.contains("href=\"/overzicht?lang=nl\""));
    // Role × channel: the two youth stories are withheld, and so is what would give
    // them away (the parents' cell beside them and both row totals); professionals show.
    let cross = &text[text.find("<table class=\"cross\">").unwrap()..];
    let cross = &cross[..cross.find("</table>").unwrap()];
    // Stories without a campaign code count under the "onbekend" channel.
    assert!(
        cross.contains("Facebook-campagne") && cross.contains("Onbekend"),
        "{cross}"
    );
    assert!(
        cell_after(cross, "kind of jongere").contains("<5"),
        "{cross}"
    );
    assert!(!cross.contains(">2<") && !cross.contains(">8<"), "{cross}");
    assert!(cross.contains(">6<"), "{cross}");
    assert!(cross.contains(">10<"), "the Facebook column total: {cross}");
    // Sources, weeks and the questions.
    assert_eq!(cell_after(&text, "via de API"), "16");
    assert!(text.contains("Per week"));
    let heard = &text[text.find("id=\"vraag-gehoord\"").unwrap()..];
    assert!(heard.contains("16 antwoorden."), "a sentence ends: {heard}");
    assert!(
        heard.contains("0 = Zeker niet, 100 = Zeker wel."),
        "{heard}"
    );
    assert_eq!(cell_after(heard, "90–100"), "6");

    // Filters: parents only; a bad date is refused next to the form.
    let parents = get_with(&app, "/overzicht?rol=ouder", &cookie);
    assert!(parents.text().contains("<strong>8 verhalen</strong>"));
    assert!(parents
        .text()
        .contains("<option value=\"ouder\" selected>ouder of verzorger</option>"));
    let bad = get_with(&app, "/overzicht?van=gisteren", &cookie);
    assert_eq!(bad.status, 400);
    assert!(bad
        .text()
        .contains("'gisteren' is geen datum: schrijf JJJJ-MM-DD."));
    let english = get_with(&app, "/overzicht?lang=en&kanaal=facebook", &cookie);
    assert!(
        english.text().contains("<strong>10 stories</strong>"),
        "{}",
        english.text()
    );
    let unknown = get_with(&app, "/overzicht?punt=bestaat-niet", &cookie);
    assert_eq!(unknown.status, 404);
}
on_every_backend!(
    the_dashboard_shows_who_shares_through_which_channel_and_never_a_group_under_five
);

/// A SenseMaker framework definition and export, as in the interop tests.
const SENSEMAKER_DEFINITION: &str = r#"{
  "id": ["fw-1"], "name": ["Jeugd Demo"], "language": ["nl"],
  "fragment_signifier_id": ["st"],
  "signifiers": [
    {"id": "st", "type": "freetext", "title": "Wat is er gebeurd?", "required": true, "content": {}},
    {"id": "sf", "type": "list", "title": "Het was", "required": true,
     "content": {"max_responses": 1, "items": [{"id": "i-pos", "title": "positief"}, {"id": "i-neg", "title": "negatief"}]}},
    {"id": "tr", "type": "triad", "title": "Wat hielp?", "allow_na": true,
     "content": {"labels": [{"id": "ca", "text": "mensen"}, {"id": "cb", "text": "regels"}, {"id": "cc", "text": "geld"}]}},
    {"id": "dy", "type": "dyad", "title": "Ik voelde me", "allow_na": true,
     "content": {"labels": [{"id": "pl", "text": "niet gehoord"}, {"id": "pr", "text": "gehoord"}]}}
  ]
}"#;

fn sensemaker_data(triad_of_second: &str) -> String {
    format!(
        "id,language,server_upload_time,st,sf,tr_ca,tr_cb,tr_cc,tr_NA,dy_percentX,dy_pl,dy_pr,dy_NA\n\
         a1,nl,1700000000000,Mijn zoon kreeg eindelijk hulp na een jaar wachten.,i-pos,0.5,0.3,0.2,,0.25,0.75,0.25,\n\
         a2,nl,1700000100000,We wachtten heel lang op een gesprek.,i-neg,{triad_of_second},,0.9,0.1,0.9,\n\
         a3,nl,1700000200000,Bel me op 06-12345678 als je wilt.,,,,,1,,,,1\n"
    )
}

fn stored_stories(app: &TestApp) -> i64 {
    let store = app.db.store();
    let everything = stories::StoryFilter {
        include_synthetic: true,
        ..Default::default()
    };
    stories::count(&mut store.conn().unwrap(), &everything).unwrap()
}

fn an_analyst_imports_a_sensemaker_export_on_the_import_page_all_or_nothing(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "facilitator@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "facilitator@example.nl", PASSWORD));
    assert_eq!(get_with(&app, "/importeren", &facilitator).status, 403);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let form = get_with(&app, "/importeren", &cookie);
    assert_eq!(form.status, 200);
    assert!(form.text().contains("href=\"/importeren?lang=nl\""));
    let csrf = form.field("csrf").unwrap();
    let before = stored_stories(&app);
    let definition = ("definitie", "demo_Definition.json", SENSEMAKER_DEFINITION);

    // Triad shares that do not add up: refused, named by file, row and column, in Dutch;
    // the fields are kept and nothing is stored.
    let bad = sensemaker_data("0.5,0.5,0.5");
    let refused = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf), ("punt", "regio-demo"), ("regio", "JR28")],
        &[definition, ("verhalen", "demo_Data.csv", &bad)],
    );
    assert_eq!(refused.status, 422);
    let text = refused.text();
    assert!(
        text.contains(
            "demo_Data.csv, rij 3, kolom ‘tr_ca’: de drie aandelen tellen op tot 1.5, niet tot 1"
        ),
        "{text}"
    );
    assert!(text.contains("Er is niets veranderd."));
    assert!(text.contains("value=\"regio-demo\""));
    assert!(text.contains("<option value=\"JR28\" selected>"));
    assert_eq!(stored_stories(&app), before);
    // Imports run in the background; a job this server does not know says so.
    let unknown = get_with(&app, "/importeren/taak/onbekend", &cookie);
    assert_eq!(unknown.status, 404);
    assert!(unknown.text().contains("Deze import is niet (meer) bekend"));
    assert_eq!(
        get_with(&app, "/importeren/taak/onbekend/stand", &cookie).status,
        404
    );

    // A missing file and a forged form.
    let missing = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf)],
        &[definition],
    );
    assert_eq!(missing.status, 422);
    assert!(missing
        .text()
        .contains("Kies het bestand bij ‘Verhalen (.csv)’."));
    let good = sensemaker_data("0.2,0.3,0.5");
    let forged = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", "niet-de-goede")],
        &[definition, ("verhalen", "demo_Data.csv", &good)],
    );
    assert_eq!(forged.status, 403);

    // Only checking stores nothing.
    let checked = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf), ("controleren", "1")],
        &[definition, ("verhalen", "demo_Data.csv", &good)],
    );
    assert_eq!(checked.status, 200);
    assert!(checked
        .text()
        .contains("3 verhalen gelezen uit demo_Data.csv"));
    assert_eq!(stored_stories(&app), before);

    // The import itself, then the same files again: nothing twice.
    let files = [definition, ("verhalen", "demo_Data.csv", good.as_str())];
    let fields = [
        ("csrf", csrf.as_str()),
        ("punt", "regio-demo"),
        ("regio", "JR28"),
    ];
    let done = post_multipart(&app, "/importeren/sensemaker", &cookie, &fields, &files);
    assert_eq!(done.status, 200);
    let text = done.text();
    assert!(
        text.contains("3 verhalen gelezen: 3 toegevoegd aan Vertelpunt ‘regio-demo’, 0 stonden er al. 2 zijn compleet; 1 wachten op beoordeling"),
        "{text}"
    );
    assert!(text.contains("Het Vertelpunt ‘regio-demo’ is nieuw en gesloten voor het publiek."));
    assert!(text.contains("href=\"/overzicht?lang=nl&punt=regio-demo\""));
    assert_eq!(cell_after(&text, "Ik voelde me (sm_dy)"), "3");
    assert!(text.contains("href=\"/beoordelen?lang=nl&punt=regio-demo\""));
    assert_eq!(stored_stories(&app), before + 3);
    let again = post_multipart(&app, "/importeren/sensemaker", &cookie, &fields, &files);
    assert!(again.text().contains(
        "3 verhalen gelezen: 0 toegevoegd aan Vertelpunt ‘regio-demo’, 3 stonden er al."
    ));
    assert_eq!(stored_stories(&app), before + 3);
    let regions: Vec<Option<String>> = {
        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        let point = vertelpunt_store::collection_points::find_by_slug(&mut conn, "regio-demo")
            .unwrap()
            .expect("the new collection point");
        let counted =
            vertelpunt_store::aggregates::breakdown(&mut conn, &point.id, &Default::default())
                .unwrap();
        assert_eq!(counted.sources["import:sensemaker"], 3);
        counted.regions.keys().cloned().collect()
    };
    assert_eq!(regions, vec![Some("JR28".to_string())]);
}
on_every_backend!(an_analyst_imports_a_sensemaker_export_on_the_import_page_all_or_nothing);

fn analysts_browse_every_pattern_of_a_stored_evaluation_strong_ones_first(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "facilitator@example.nl", UserRole::Facilitator);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let empty = get_with(&app, "/patronen", &cookie);
    assert!(empty
        .text()
        .contains("Er is nog geen patroonevaluatie opgeslagen."));
    let (id, evaluation) = stored_evaluation(&app);
    assert!(evaluation.strong >= 7, "the planted patterns are strong");

    let list = get_with(&app, "/patronen", &cookie);
    let text = list.text();
    assert!(
        text.contains(&format!("href=\"/patronen/{id}?lang=nl\"")),
        "{text}"
    );
    assert!(
        text.contains("href=\"/patronen?lang=nl\""),
        "in the staff bar"
    );

    // With every family shown, the key words of a group (of one strength) are one entry.
    use vertelpunt_patterns::{Family, Pattern};
    let entries = |patterns: &[&Pattern]| {
        let mut groups: std::collections::HashMap<(String, bool), usize> = Default::default();
        for p in patterns.iter().filter(|p| p.family == Family::Words) {
            *groups
                .entry((p.questions[0].clone(), p.strong))
                .or_default() += 1;
        }
        let others = patterns
            .iter()
            .filter(|p| p.family != Family::Words)
            .count();
        others
            + groups
                .values()
                .map(|&n| if n >= 2 { 1 } else { n })
                .sum::<usize>()
    };
    let all: Vec<&Pattern> = evaluation.patterns.iter().collect();
    let strong_ones: Vec<&Pattern> = all.iter().copied().filter(|p| p.strong).collect();
    let (all_entries, strong_entries) = (entries(&all), entries(&strong_ones));
    assert!(all_entries < all.len(), "the seeded stories have key words");

    let run = get_with(&app, &format!("/patronen/{id}"), &cookie);
    assert_eq!(run.status, 200);
    let text = run.text();
    let total = evaluation.patterns.len();
    assert!(
        text.contains(&format!(
            "{total} patronen, met de kernwoorden van elke groep samengenomen; pagina 1 van {}.",
            all_entries.div_ceil(50)
        )),
        "{text}"
    );
    assert!(text.contains("niet representatief"), "the disclaimer");
    // How the strong patterns spread over the families, each a link to them.
    let grouped = evaluation
        .patterns
        .iter()
        .filter(|p| p.strong && p.family == Family::NumericByGroup)
        .count();
    assert!(grouped > 0);
    assert!(
        text.contains(&format!(
            "familie=numeric_by_group&sterk=1\">schuif of schaal per groep: {grouped}</a>"
        )),
        "{text}"
    );
    // The strongest pattern comes first, with its Dutch sentence.
    let first = evaluation
        .patterns
        .iter()
        .find(|p| p.rank == Some(1))
        .unwrap();
    let first_article = &text[text.find("<article").unwrap()..];
    assert!(first_article.starts_with("<article class=\"pattern strong\">"));
    assert!(first_article.contains("Nr. 1 ·"));
    assert!(
        first_article.contains(&first.description.nl),
        "{first_article}"
    );

    // Strong ones only, then one family: every pattern stays reachable.
    let strong = get_with(&app, &format!("/patronen/{id}?sterk=1"), &cookie);
    assert_eq!(
        strong.text().matches("<article").count(),
        strong_entries.min(50)
    );
    assert!(!strong.text().contains("<article class=\"pattern\">"));
    assert!(!strong.text().contains("<article class=\"pattern words\">"));
    // A group's key words: named in one entry, which links to them one by one.
    let word_key =
        |p: &Pattern| (p.family == Family::Words).then(|| (p.questions[0].clone(), p.strong));
    let members_of = |key: &(String, bool)| -> Vec<&Pattern> {
        all.iter()
            .copied()
            .filter(|p| word_key(p).as_ref() == Some(key))
            .collect()
    };
    let mut order: Vec<Option<(String, bool)>> = Vec::new();
    for p in &all {
        match word_key(p) {
            Some(key) if members_of(&key).len() >= 2 => {
                if !order.contains(&Some(key.clone())) {
                    order.push(Some(key));
                }
            }
            _ => order.push(None),
        }
    }
    assert_eq!(order.len(), all_entries);
    let at = order.iter().position(Option::is_some).unwrap();
    let key = order[at].clone().unwrap();
    let members = members_of(&key);
    let page = get_with(
        &app,
        &format!("/patronen/{id}?pagina={}", at / 50 + 1),
        &cookie,
    )
    .text();
    let heading = format!("Kernwoorden: {}", members[0].labels[0].nl);
    let start = page
        .find(&heading)
        .unwrap_or_else(|| panic!("{heading} in {page}"));
    let article = &page[start..page[start..].find("</article>").unwrap() + start];
    if let Some(first_rank) = members.iter().filter_map(|p| p.rank).min() {
        assert!(
            article.contains(&format!("vanaf Nr. {first_rank} ·")),
            "{article}"
        );
    }
    let first_word = members[0].word.as_ref().unwrap();
    assert!(article.contains(&format!("‘{first_word}’")), "{article}");
    assert!(
        article.contains(&format!(
            "Bekijk deze {} woorden één voor één",
            members.len()
        )),
        "{article}"
    );
    let encoded: String = form_urlencoded::byte_serialize(key.0.as_bytes()).collect();
    let mut link = format!("/patronen/{id}?lang=nl&familie=words&groep={encoded}");
    if key.1 {
        link.push_str("&sterk=1");
    }
    assert!(article.contains(&link), "{article}");
    let one_by_one = get_with(&app, &link, &cookie).text();
    // Without `sterk`, a group's strong words are listed too.
    let listed = all
        .iter()
        .filter(|p| p.family == Family::Words && p.questions[0] == key.0 && (p.strong || !key.1))
        .count();
    assert_eq!(one_by_one.matches("<article").count(), listed.min(50));
    assert!(one_by_one.contains("Alleen de kernwoorden van"));
    for p in members.iter().take(50) {
        assert!(
            one_by_one.contains(&p.description.nl),
            "{}",
            p.description.nl
        );
    }

    let words = evaluation
        .patterns
        .iter()
        .filter(|p| p.family == Family::Words)
        .count();
    let family = get_with(
        &app,
        &format!("/patronen/{id}?familie=words&lang=en"),
        &cookie,
    );
    assert!(family.text().contains(&format!(
        "{words} patterns; page 1 of {}.",
        words.div_ceil(50).max(1)
    )));
    assert!(family
        .text()
        .contains("<option value=\"words\" selected>words</option>"));
    let last_page = all_entries.div_ceil(50);
    let last = get_with(&app, &format!("/patronen/{id}?pagina={last_page}"), &cookie);
    assert_eq!(
        last.text().matches("<article").count(),
        all_entries - (last_page - 1) * 50
    );
    assert!(last.text().contains("rel=\"prev\""));

    assert_eq!(
        get_with(&app, "/patronen/bestaat-niet", &cookie).status,
        404
    );
    let facilitator = session_cookie(&sign_in(&app, "facilitator@example.nl", PASSWORD));
    assert_eq!(
        get_with(&app, &format!("/patronen/{id}"), &facilitator).status,
        403
    );
}
on_every_backend!(analysts_browse_every_pattern_of_a_stored_evaluation_strong_ones_first);

fn an_analyst_imports_a_spreadsheet_with_a_mapping_file_on_the_import_page(app: TestApp) {
    const MAPPING: &str = r#"
questionnaire = "jeugdhulp"
source = "excel-web"

[columns]
id = "Nr"
story = "Verhaal"
date = "Datum"
role = "Ik ben"

[answers]
gehoord = { column = "Gehoord (1-10)", range = [1, 10] }
"#;
    let sheet = |last: &str| {
        format!(
            "Nr,Datum,Ik ben,Verhaal,Gehoord (1-10)\n\
             1,2025-02-03,ouder,Na een jaar wachten kreeg mijn zoon eindelijk de hulp die hij nodig had.,10\n\
             2,2025-02-04,jongere,Niemand luisterde naar wat ik zelf wilde en dat was zwaar.,{last}\n"
        )
    };
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let form = get_with(&app, "/importeren", &cookie);
    assert!(form.text().contains("action=\"/importeren/tabel?lang=nl\""));
    let csrf = form.field("csrf").unwrap();
    let fields = [("csrf", csrf.as_str()), ("punt", "web-tabel")];
    // The spreadsheet, with the mapping file or without.
    let upload = |data: &str, mapped: bool| {
        let mut files = vec![("gegevens", "regio.csv", data)];
        if mapped {
            files.push(("koppeling", "koppeling.toml", MAPPING));
        }
        post_multipart(&app, "/importeren/tabel", &cookie, &fields, &files)
    };

    // One cell out of range: the file, row and column named, nothing stored.
    let bad = sheet("11");
    let refused = upload(&bad, true);
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("regio.csv, rij 3, kolom ‘Gehoord (1-10)’"),
        "{}",
        refused.text()
    );
    assert!(
        refused.text().contains("value=\"web-tabel\""),
        "the target is kept"
    );
    assert_eq!(stored_stories(&app), 0);

    // Without a mapping, a plain spreadsheet is refused with what to do.
    let good = sheet("1");
    let unmapped = upload(&good, false);
    assert_eq!(unmapped.status, 422);
    assert!(unmapped
        .text()
        .contains("zonder koppeling moet het bestand een export van een Vertelpunt zijn"));

    let done = upload(&good, true);
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(
        done.text().contains(
            "2 verhalen gelezen: 2 toegevoegd aan Vertelpunt ‘web-tabel’, 0 stonden er al."
        ),
        "{}",
        done.text()
    );
    assert_eq!(stored_stories(&app), 2);
    let again = upload(&good, true);
    assert!(again
        .text()
        .contains("2 verhalen gelezen: 0 toegevoegd aan Vertelpunt ‘web-tabel’, 2 stonden er al."));
}
on_every_backend!(an_analyst_imports_a_spreadsheet_with_a_mapping_file_on_the_import_page);

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

/// A file over the import's limit (32 MB) was accepted up to 64 MB, and above that the teller's
/// "maak je verhaal korter" page replaced the import page's own message.
fn an_upload_over_the_limit_is_refused_on_the_import_page_naming_the_file(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let csrf = get_with(&app, "/importeren", &cookie)
        .field("csrf")
        .unwrap();
    let big = "a".repeat(33 * 1024 * 1024);
    let refused = post_multipart(
        &app,
        "/importeren/tabel",
        &cookie,
        &[("csrf", &csrf)],
        &[("gegevens", "groot.csv", &big)],
    );
    assert_eq!(refused.status, 413);
    let text = refused.text();
    assert!(
        text.contains("groot.csv: het bestand is 33.0 MB; een import neemt hoogstens 32.0 MB"),
        "{text}"
    );
    assert!(!text.contains("Maak je verhaal korter"), "{text}");
}
on_every_backend!(an_upload_over_the_limit_is_refused_on_the_import_page_naming_the_file);

fn staff_pages_open_on_the_open_vertelpunt_and_then_on_the_one_the_user_chose_last(app: TestApp) {
    use vertelpunt_store::collection_points::{self, NewCollectionPoint};
    // An import made a closed Vertelpunt whose name sorts before the open one.
    {
        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        let open = collection_points::find_by_slug(&mut conn, "jeugdhulp")
            .unwrap()
            .unwrap();
        collection_points::create(
            &mut conn,
            NewCollectionPoint {
                project_id: open.project_id.clone(),
                slug: "a-import-2025".into(),
                name: "Import 2025".into(),
                questionnaire_version_id: open.questionnaire_version_id.clone(),
                module_version_ids: Vec::new(),
                default_region_code: None,
                opens_at: None,
                closes_at: Some(vertelpunt_store::now() - chrono::Duration::days(1)),
                languages: vec!["nl".into()],
            },
        )
        .unwrap();
    }
    create(&app, "analist@regio.nl", UserRole::Analyst);
    let analyst = session_cookie(&sign_in(&app, "analist@regio.nl", PASSWORD));
    // The Vertelpunt chosen: the selected option (dashboard, reading) or the ticked box of
    // the selection form (export, evaluation), which come first on their pages.
    let selected = |page: &Page| {
        let body = page.text();
        let at = ["\" selected>", "\" checked>"]
            .iter()
            .filter_map(|mark| body.find(mark))
            .min()
            .expect("a chosen Vertelpunt");
        let start = body[..at].rfind("value=\"").unwrap() + 7;
        body[start..at].to_string()
    };
    // First visits: the open Vertelpunt, not the alphabetically first.
    for path in ["/overzicht", "/verhalen", "/exporteren", "/patronen/nieuw"] {
        let page = get_with(&app, path, &analyst);
        assert_eq!(page.status, 200, "{path}: {}", page.text());
        assert_eq!(selected(&page), "jeugdhulp", "{path}");
    }
    // Choosing the import on the dashboard is remembered on every page after it.
    let chosen = get_with(&app, "/overzicht?punt=a-import-2025", &analyst);
    assert_eq!(selected(&chosen), "a-import-2025");
    for path in ["/overzicht", "/verhalen", "/exporteren", "/patronen/nieuw"] {
        assert_eq!(
            selected(&get_with(&app, path, &analyst)),
            "a-import-2025",
            "{path}"
        );
    }
    // Another user is not affected.
    create(&app, "tweede@regio.nl", UserRole::Analyst);
    let other = session_cookie(&sign_in(&app, "tweede@regio.nl", PASSWORD));
    assert_eq!(selected(&get_with(&app, "/overzicht", &other)), "jeugdhulp");
}
on_every_backend!(staff_pages_open_on_the_open_vertelpunt_and_then_on_the_one_the_user_chose_last);
