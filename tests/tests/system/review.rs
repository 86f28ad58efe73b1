//! Reviewing texts that hold identifying details: releasing a cleaned text or erasing it, and
//! the review list paging through many stories per collection point.

use vertelpunt_store::stories;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, post_with, session_cookie, sign_in, PASSWORD,
};
use vertelpunt_system_tests::{agent_no_redirects, Page, TestApp};

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
        let (list, _) = stories::pending_review(
            &mut conn,
            None,
            &vertelpunt_store::users::Scope::all(),
            0,
            100,
        )
        .unwrap();
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
