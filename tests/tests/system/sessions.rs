//! Sense-making sessions over HTTP, on every backend: a facilitator plans a session with a table
//! and its deck, participants join with the code on their own phone (a cookie for that session
//! only), write post-its that others see, change only their own, and cannot read or write any
//! other session — by page, by form or by event stream.

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use vertelpunt_store::cards::{self, CardChange, CardRow};
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, post_with, send_story, session_cookie, sign_in, stored_evaluation, token_of,
    PASSWORD,
};
use vertelpunt_system_tests::{agent_no_redirects, Page, TestApp};

const STORY: &str = "Na maanden wachten kregen we eindelijk een vaste begeleider voor onze zoon.";

/// A published card with one typical story; gives the card's and the story's ids.
fn published_card(app: &TestApp) -> (String, String) {
    create(app, "analist@example.nl", UserRole::Analyst);
    let token = token_of(app, "analist@example.nl");
    let (status, created) = send_story(
        app,
        &token,
        serde_json::json!({"role": "ouder", "story": STORY, "answers": {"gehoord": 80}}),
    );
    assert_eq!(status, 201, "{created}");
    let story = created["id"].as_str().unwrap().to_string();
    let (run, evaluation) = stored_evaluation(app);
    let pattern = &evaluation.patterns[0];
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let now = vertelpunt_store::now();
    let card = CardRow {
        id: vertelpunt_store::new_id(),
        run_id: run,
        pattern_id: pattern.id.clone(),
        pattern: serde_json::to_string(pattern).unwrap(),
        chart: None,
        observation: "Ouders die gehoord worden, zijn vaker positief.".into(),
        interpretation_a: "Gehoord worden is de kern.".into(),
        interpretation_b: "Wie positief is, voelt zich makkelijker gehoord.".into(),
        status: cards::status::DRAFT.into(),
        created_by: None,
        created_at: now,
        updated_at: now,
        published_at: None,
    };
    cards::create(&mut conn, &card).unwrap();
    cards::save(
        &mut conn,
        &card.id,
        &CardChange {
            observation: card.observation.clone(),
            interpretation_a: card.interpretation_a.clone(),
            interpretation_b: card.interpretation_b.clone(),
            stories: vec![(story.clone(), "eindelijk een vaste begeleider".into())],
            publish: Some(true),
        },
    )
    .unwrap();
    (card.id, story)
}

/// A facilitator's session with one table holding the card and the story, opened for joining;
/// gives its console path and join code.
fn planned_session(
    app: &TestApp,
    cookie: &str,
    card: &str,
    story: &str,
    title: &str,
) -> (String, String) {
    planned_session_with(app, cookie, card, story, title, &[])
}

/// [`planned_session`] with more fields on the new-session form.
fn planned_session_with(
    app: &TestApp,
    cookie: &str,
    card: &str,
    story: &str,
    title: &str,
    extra: &[(&str, &str)],
) -> (String, String) {
    let form = get_with(app, "/sessies/nieuw", cookie);
    assert_eq!(form.status, 200, "{}", form.text());
    let csrf = form.field("csrf").unwrap();
    let mut fields: Vec<(&str, &str)> = extra.to_vec();
    fields.extend_from_slice(&[
        ("csrf", csrf.as_str()),
        ("titel", title),
        ("doel", "Wat betekenen de kaarten voor onze regio?"),
        ("regio", "JR28"),
        ("datum", "2026-12-10"),
        ("tijd", "13:30"),
        ("plaats", "Stadhuis, zaal 2"),
        ("vorm", "live"),
        ("opzet", "beide"),
        ("agenda", "dagdeel"),
    ]);
    let created = post_with(app, "/sessies/nieuw", Some(cookie), &fields);
    assert_eq!(created.status, 303, "{}", created.text());
    let console = created
        .header("location")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let page = get_with(app, &console, cookie);
    assert!(
        page.text().contains("Grasduinen in kaarten en ervaringen"),
        "the half-day agenda: {} {}",
        page.status,
        page.text()
    );
    let table = post_with(
        app,
        &format!("{console}/tafels"),
        Some(cookie),
        &[
            ("csrf", &csrf),
            ("naam", "De blauwe tafel"),
            ("samenstelling", "gemengd"),
            ("kaart", card),
            ("verhaal", story),
        ],
    );
    assert_eq!(table.status, 303, "{}", table.text());
    let opened = post_with(
        app,
        &format!("{console}/status"),
        Some(cookie),
        &[("csrf", &csrf)],
    );
    assert_eq!(opened.status, 303);
    let page = get_with(app, &console, cookie);
    let text = page.text();
    assert!(text.contains("open voor aanmelden"), "{text}");
    let code = page.texts(".big-code")[0].replace('-', "");
    (console, code)
}

/// A participant joins with `code` at the first table; gives their cookie and board path.
fn join(app: &TestApp, code: &str, perspective: &str) -> (String, String) {
    let form = Page::from(
        agent_no_redirects()
            .get(format!("{}/doe-mee/{}", app.url, code.to_lowercase()))
            .call()
            .unwrap(),
    );
    assert_eq!(form.status, 200, "{}", form.text());
    let table = form.attrs("input[name=tafel]", "value")[0].clone();
    let joined = post_with(
        app,
        &format!("/doe-mee/{code}"),
        None,
        &[
            ("token", &form.field("token").unwrap()),
            ("tafel", &table),
            ("perspectief", perspective),
            ("voornaam", ""),
        ],
    );
    assert_eq!(joined.status, 303, "{}", joined.text());
    let set = joined.header("set-cookie").unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("Path=/sessie/"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_string();
    let board = joined
        .header("location")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    (cookie, board)
}

/// The board's form token (a participant's is signed for them).
fn token(page: &Page) -> String {
    page.field("csrf").unwrap()
}

fn item_of(page: &Page, kind: &str) -> String {
    page.attrs("input[name=item]", "value")
        .into_iter()
        .find(|i| i.starts_with(kind))
        .unwrap()
}

fn participants_join_by_code_and_write_postits_only_they_can_change(app: TestApp) {
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    create(&app, "ander@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (console, code) = planned_session(&app, &facilitator, &card, &story, "Regio Twente");

    // Another facilitator does not see the session, by list or by URL; an analyst reads it.
    let other = session_cookie(&sign_in(&app, "ander@example.nl", PASSWORD));
    assert!(!get_with(&app, "/sessies", &other)
        .text()
        .contains("Regio Twente"));
    assert_eq!(get_with(&app, &console, &other).status, 404);
    let analyst = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    assert_eq!(get_with(&app, &console, &analyst).status, 200);

    let (anna, board) = join(&app, &code, "jongere");
    let (bram, _) = join(&app, &code, "ouder");
    let page = get_with(&app, &board, &anna);
    assert_eq!(page.status, 200, "{}", page.text());
    let text = page.text();
    assert!(
        text.contains("Ouders die gehoord worden, zijn vaker positief."),
        "the card"
    );
    assert!(text.contains(STORY), "the experience");
    assert!(
        text.contains("Gegevens, grafiek en statistiek van deze kaart"),
        "the whole card, with its figures"
    );
    let card_item = item_of(&page, "kaart:");

    // Anna writes a post-it; Bram sees it.
    let added = post_with(
        &app,
        &format!("{board}/postits"),
        Some(&anna),
        &[
            ("csrf", &token(&page)),
            ("item", &card_item),
            ("categorie", "zorgen"),
            ("tekst", "Jongeren worden te weinig gevraagd."),
        ],
    );
    assert_eq!(added.status, 303, "{}", added.text());
    let seen = get_with(&app, &board, &bram);
    assert!(seen.text().contains("Jongeren worden te weinig gevraagd."));
    let postit = seen.attrs("[data-postit]", "data-postit")[0].clone();

    // Bram cannot change or remove Anna's post-it; Anna can.
    let bram_token = token(&seen);
    let refused = post_with(
        &app,
        &format!("{board}/postits/{postit}"),
        Some(&bram),
        &[("csrf", &bram_token), ("tekst", "Overschreven")],
    );
    assert_eq!(refused.status, 403);
    let refused = post_with(
        &app,
        &format!("{board}/postits/{postit}/weg"),
        Some(&bram),
        &[("csrf", &bram_token)],
    );
    assert_eq!(refused.status, 403);
    let forged = post_with(
        &app,
        &format!("{board}/postits/{postit}"),
        Some(&anna),
        &[("csrf", &bram_token), ("tekst", "Vals")],
    );
    assert_eq!(
        forged.status, 403,
        "another participant's form token is refused"
    );
    let changed = post_with(
        &app,
        &format!("{board}/postits/{postit}"),
        Some(&anna),
        &[
            ("csrf", &token(&page)),
            ("tekst", "Jongeren worden bijna nooit gevraagd."),
        ],
    );
    assert_eq!(changed.status, 303);
    assert!(get_with(&app, &board, &bram)
        .text()
        .contains("bijna nooit gevraagd"));

    // Identifying details: the writer is warned first and may still place it.
    let warned = post_with(
        &app,
        &format!("{board}/postits"),
        Some(&bram),
        &[
            ("csrf", &bram_token),
            ("item", &card_item),
            ("categorie", "kansen"),
            ("tekst", "Bel de coach op 06-12345678"),
        ],
    );
    assert_eq!(warned.status, 200);
    assert!(warned.text().contains("Toch zo plaatsen"));
    assert!(!get_with(&app, &board, &anna).text().contains("06-12345678"));

    // The facilitator hides a post-it: participants no longer see it.
    let facilitator_board = get_with(&app, &board, &facilitator);
    assert_eq!(facilitator_board.status, 200);
    let hidden = post_with(
        &app,
        &format!("{board}/postits/{postit}/verbergen"),
        Some(&facilitator),
        &[("csrf", &token(&facilitator_board)), ("verborgen", "1")],
    );
    assert_eq!(hidden.status, 303);
    assert!(!get_with(&app, &board, &bram)
        .text()
        .contains("bijna nooit gevraagd"));
    assert!(
        get_with(&app, &board, &anna)
            .text()
            .contains("verborgen door de begeleider"),
        "its writer still sees it"
    );

    // A removed participant's cookie stops working.
    let console_page = get_with(&app, &console, &facilitator);
    // The participants' forms, in the order they joined: Bram's is the second.
    let removals = console_page.paths_under(&format!("{console}/deelnemers/"));
    let bram_id = removals
        .get(1)
        .or(removals.first())
        .unwrap()
        .trim_start_matches(&format!("{console}/deelnemers/"))
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let removed = post_with(
        &app,
        &format!("{console}/deelnemers/{bram_id}/verwijderen"),
        Some(&facilitator),
        &[("csrf", &token(&console_page))],
    );
    assert_eq!(removed.status, 303);
    let removed_one = [&anna, &bram]
        .iter()
        .filter(|c| get_with(&app, &board, c).status == 403)
        .count();
    assert_eq!(removed_one, 1, "exactly the removed participant is refused");

    // A closed session accepts nothing.
    for _ in 0..2 {
        post_with(
            &app,
            &format!("{console}/status"),
            Some(&facilitator),
            &[("csrf", &token(&console_page))],
        );
    }
    assert!(get_with(&app, &console, &facilitator)
        .text()
        .contains("afgesloten"));
    let closed = post_with(
        &app,
        &format!("{board}/postits"),
        Some(&anna),
        &[
            ("csrf", &token(&page)),
            ("item", &card_item),
            ("categorie", "zorgen"),
            ("tekst", "Te laat"),
        ],
    );
    assert_eq!(closed.status, 403);
    let late = Page::from(
        agent_no_redirects()
            .get(format!("{}/doe-mee/{code}", app.url))
            .call()
            .unwrap(),
    );
    assert_eq!(late.status, 403, "a closed session takes no one in");
}
on_every_backend!(participants_join_by_code_and_write_postits_only_they_can_change);

/// Reads an event stream until `wanted` appears in it (or the time is up).
fn stream_until(
    app: &TestApp,
    path: &str,
    cookie: &str,
    wanted: &str,
    write: impl FnOnce(),
) -> bool {
    let response = vertelpunt_system_tests::agent()
        .get(format!("{}{path}", app.url))
        .header("Cookie", cookie)
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream")));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(response.into_body().into_reader());
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    write();
    let begun = Instant::now();
    while begun.elapsed() < Duration::from_secs(10) {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            if line.contains(wanted) {
                return true;
            }
        }
    }
    false
}

fn a_postit_reaches_the_other_phones_stream_and_no_other_session_can_read_it(app: TestApp) {
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (_, code_a) = planned_session(&app, &facilitator, &card, &story, "Sessie A");
    let (_, code_b) = planned_session(&app, &facilitator, &card, &story, "Sessie B");
    let (anna, board_a) = join(&app, &code_a, "jongere");
    let (bram, _) = join(&app, &code_a, "professional");
    let (carla, board_b) = join(&app, &code_b, "ouder");

    // Carla, of session B, reads nothing of A: not the board, not its stream, and her
    // cookie is not even sent there (its path is B's).
    assert_ne!(get_with(&app, &board_a, &carla).status, 200);
    let carla_stream = Page::from(
        agent_no_redirects()
            .get(format!("{}{board_a}/stroom", app.url))
            .header("Cookie", &carla)
            .call()
            .unwrap(),
    );
    assert_eq!(carla_stream.status, 403);
    assert_ne!(get_with(&app, &board_b, &anna).status, 200);

    let page = get_with(&app, &board_a, &anna);
    let item = item_of(&page, "verhaal:");
    let csrf = token(&page);
    let delivered = stream_until(
        &app,
        &format!("{board_a}/stroom"),
        &bram,
        "Meer tijd voor gesprekken",
        || {
            let added = post_with(
                &app,
                &format!("{board_a}/postits"),
                Some(&anna),
                &[
                    ("csrf", &csrf),
                    ("item", &item),
                    ("categorie", "voorstel"),
                    ("tekst", "Meer tijd voor gesprekken"),
                    ("zodat", "ouders zich gehoord voelen"),
                ],
            );
            assert_eq!(added.status, 303, "{}", added.text());
        },
    );
    assert!(
        delivered,
        "the post-it reached the other participant's stream"
    );

    // A phone that lost its connection resumes after the last event it saw.
    let resumed = stream_until(
        &app,
        &format!("{board_a}/stroom?na=0"),
        &bram,
        "ouders zich gehoord voelen",
        || {},
    );
    assert!(resumed, "events after the cursor are sent again");
}
on_every_backend!(a_postit_reaches_the_other_phones_stream_and_no_other_session_can_read_it);

#[test]
fn wrong_join_codes_are_limited_and_unknown_codes_say_so() {
    use vertelpunt_system_tests::spawn_app_with;
    use vertelpunt_web::WebOptions;
    let options = WebOptions {
        wrong_codes_per_hour: 10,
        wrong_code_burst: 3,
        ..WebOptions::default()
    };
    for db in vertelpunt_store::testing::TestDatabase::all() {
        let app = spawn_app_with(db, options.clone());
        let statuses: Vec<u16> = (0..4)
            .map(|_| post_with(&app, "/doe-mee", None, &[("code", "AAAAAA")]).status)
            .collect();
        assert_eq!(statuses, vec![404, 404, 404, 429]);
        let page = post_with(&app, "/doe-mee", None, &[("code", "AAAAAA")]);
        assert!(page.text().contains("vaak een verkeerde code"));
    }
}

/// The ids of the post-its on a board page, in order.
fn postit_ids(page: &Page) -> Vec<String> {
    page.attrs("input[name=postit]", "value")
}

fn a_table_clusters_by_ticking_votes_with_a_budget_and_a_proposal_gets_its_owner(app: TestApp) {
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (console, code) = planned_session(&app, &facilitator, &card, &story, "Regio Nijmegen");
    let (anna, board) = join(&app, &code, "jongere");
    let (bram, _) = join(&app, &code, "bestuur");
    let page = get_with(&app, &board, &anna);
    let csrf = token(&page);
    let item = item_of(&page, "kaart:");
    for text in ["Lange wachtlijsten", "Niemand belt terug"] {
        let added = post_with(
            &app,
            &format!("{board}/postits"),
            Some(&anna),
            &[
                ("csrf", &csrf),
                ("item", &item),
                ("categorie", "zorgen"),
                ("tekst", text),
            ],
        );
        assert_eq!(added.status, 303);
    }
    let made = post_with(
        &app,
        &format!("{board}/clusters"),
        Some(&anna),
        &[("csrf", &csrf), ("naam", "Wachten")],
    );
    assert_eq!(made.status, 303, "{}", made.text());
    let page = get_with(&app, &board, &anna);
    let ids = postit_ids(&page);
    assert_eq!(ids.len(), 2, "both post-its can be ticked");
    let cluster = page.attrs("select[name=cluster] option", "value")[0].clone();
    let moved = post_with(
        &app,
        &format!("{board}/clusters/verplaats"),
        Some(&anna),
        &[
            ("csrf", &csrf),
            ("postit", &ids[0]),
            ("postit", &ids[1]),
            ("cluster", &cluster),
        ],
    );
    assert_eq!(moved.status, 303, "{}", moved.text());
    let section = get_with(&app, &board, &bram).texts("#clusters").join(" ");
    assert!(
        section.contains("Lange wachtlijsten") && section.contains("Niemand belt terug"),
        "{section}"
    );

    // A vote with two dots each: a third is refused; the result shows only when it closes.
    let console_page = get_with(&app, &console, &facilitator);
    let staff_csrf = token(&console_page);
    let opened = post_with(
        &app,
        &format!("{console}/stemronde"),
        Some(&facilitator),
        &[("csrf", &staff_csrf), ("stippen", "2")],
    );
    assert_eq!(opened.status, 303);
    let dot = |cookie: &str, csrf: &str, direction: &str| {
        post_with(
            &app,
            &format!("{board}/stippen"),
            Some(cookie),
            &[
                ("csrf", csrf),
                ("cluster", &cluster),
                ("richting", direction),
            ],
        )
        .status
    };
    assert_eq!(dot(&anna, &csrf, "1"), 303);
    assert_eq!(dot(&anna, &csrf, "1"), 303);
    let third = post_with(
        &app,
        &format!("{board}/stippen"),
        Some(&anna),
        &[("csrf", &csrf), ("cluster", &cluster), ("richting", "1")],
    );
    assert_eq!(third.status, 422);
    assert!(third.text().contains("al je stippen geplakt"));
    let bram_csrf = token(&get_with(&app, &board, &bram));
    assert_eq!(dot(&bram, &bram_csrf, "1"), 303);
    assert_eq!(dot(&bram, &bram_csrf, "-1"), 303);
    assert_eq!(dot(&bram, &bram_csrf, "-1"), 422, "no dot of his is there");
    assert_eq!(dot(&bram, &bram_csrf, "1"), 303);
    assert!(
        !get_with(&app, &board, &bram).text().contains("stippen: 3"),
        "hidden while open"
    );
    let closed = post_with(
        &app,
        &format!("{console}/stemronde/sluiten"),
        Some(&facilitator),
        &[("csrf", &staff_csrf)],
    );
    assert_eq!(closed.status, 303);
    assert!(get_with(&app, &board, &bram).text().contains("stippen: 3"));
    assert_eq!(dot(&anna, &csrf, "1"), 422, "a closed vote takes no dots");

    // A proposal from the cluster; Bram picks up the glove on his phone.
    let proposed = post_with(
        &app,
        &format!("{board}/voorstellen"),
        Some(&anna),
        &[
            ("csrf", &csrf),
            ("cluster", &cluster),
            ("titel", "Eén loket voor wachtende gezinnen"),
            (
                "eigenlijk",
                "één loket inrichten dat gezinnen op de wachtlijst belt",
            ),
            ("zodat", "niemand maanden niets hoort"),
            ("acties", "Gesprek met de wijkteams"),
            ("datum", "2027-01-15"),
        ],
    );
    assert_eq!(proposed.status, 303, "{}", proposed.text());
    let refused = post_with(
        &app,
        &format!("{board}/voorstellen"),
        Some(&anna),
        &[("csrf", &csrf), ("titel", ""), ("eigenlijk", "")],
    );
    assert_eq!(refused.status, 422);
    let page = get_with(&app, &board, &bram);
    let proposal = page.paths_under(&format!("{board}/voorstellen/"))[0]
        .trim_start_matches(&format!("{board}/voorstellen/"))
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let picked = post_with(
        &app,
        &format!("{board}/voorstellen/{proposal}/eigenaar"),
        Some(&bram),
        &[
            ("csrf", &token(&page)),
            ("naam", "Bram"),
            ("rol", "wethouder"),
        ],
    );
    // Bram gets his own follow-up link at once, shown once.
    assert_eq!(picked.status, 200, "{}", picked.text());
    let text = picked.text();
    assert!(
        text.contains("Jouw opvolglink") && text.contains("Dank je wel, Bram"),
        "{text}"
    );
    let link = picked.attrs("input.link-field", "value")[0]
        .split("/opvolging/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let own = Page::from(
        agent_no_redirects()
            .get(format!("{}/opvolging/{link}", app.url))
            .call()
            .unwrap(),
    );
    assert_eq!(own.status, 200);
    assert!(own.text().contains("Eén loket voor wachtende gezinnen"));
    let shown = get_with(&app, &format!("{board}/voorstellen"), &anna);
    assert_eq!(shown.status, 200);
    let text = shown.text();
    assert!(text.contains("Eén loket voor wachtende gezinnen"));
    assert!(text.contains("Bram (wethouder)"), "{text}");
    assert!(text.contains("Wachten"), "the cluster it came from");
    assert!(text.contains("Niemand belt terug"), "and its post-its");
    let overview = get_with(&app, &console, &facilitator).text();
    assert!(overview.contains("Eén loket voor wachtende gezinnen") && overview.contains("Bram"));
}
on_every_backend!(a_table_clusters_by_ticking_votes_with_a_budget_and_a_proposal_gets_its_owner);

/// Two `serve` instances on one PostgreSQL database: a post-it written through one reaches an
/// event stream of the other (LISTEN/NOTIFY wakes it). Only where PostgreSQL is configured.
#[test]
fn a_postit_written_through_one_instance_reaches_a_stream_of_the_other_postgres() {
    let Some(db) = vertelpunt_store::testing::TestDatabase::postgres() else {
        return;
    };
    let app = vertelpunt_system_tests::spawn_app(db);
    let second = vertelpunt_system_tests::spawn_another_instance(&app);
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (_, code) = planned_session(&app, &facilitator, &card, &story, "Twee servers");
    let (anna, board) = join(&app, &code, "jongere");
    let (bram, _) = join(&second, &code, "ouder");
    let page = get_with(&app, &board, &anna);
    let (csrf, item) = (token(&page), item_of(&page, "kaart:"));
    let delivered = stream_until(
        &second,
        &format!("{board}/stroom"),
        &bram,
        "Over twee servers",
        || {
            let added = post_with(
                &app,
                &format!("{board}/postits"),
                Some(&anna),
                &[
                    ("csrf", &csrf),
                    ("item", &item),
                    ("categorie", "kansen"),
                    ("tekst", "Over twee servers"),
                ],
            );
            assert_eq!(added.status, 303);
        },
    );
    assert!(delivered, "the other instance's stream got the post-it");
}

fn the_agenda_timer_and_a_message_show_on_every_phone(app: TestApp) {
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (console, code) = planned_session(&app, &facilitator, &card, &story, "Met klok");
    let (anna, board) = join(&app, &code, "jongere");
    let csrf = token(&get_with(&app, &console, &facilitator));
    let clock = |action: &str| {
        let r = post_with(
            &app,
            &format!("{console}/klok"),
            Some(&facilitator),
            &[("csrf", &csrf), ("actie", action)],
        );
        assert_eq!(r.status, 303, "{action}");
        get_with(&app, &board, &anna).text()
    };
    assert!(!get_with(&app, &board, &anna).text().contains("Nu, stap"));
    let started = clock("start");
    assert!(
        started.contains("Nu, stap 1/7: <strong>Introductie"),
        "{started}"
    );
    assert!(clock("pauze").contains("gepauzeerd"));
    let on = clock("verder");
    assert!(!on.contains("gepauzeerd") && on.contains("Introductie"));
    assert!(clock("volgende").contains("Nu, stap 2/7: <strong>Grasduinen"));
    let said = post_with(
        &app,
        &format!("{console}/bericht"),
        Some(&facilitator),
        &[("csrf", &csrf), ("bericht", "Nog vijf minuten, rond af!")],
    );
    assert_eq!(said.status, 303);
    assert!(get_with(&app, &board, &anna)
        .text()
        .contains("Nog vijf minuten, rond af!"));
    assert!(!clock("stop").contains("Nu, stap"));
    // The agenda is edited on the console: one step a line, minutes first.
    let edited = post_with(
        &app,
        &format!("{console}/agenda"),
        Some(&facilitator),
        &[
            ("csrf", &csrf),
            ("stappen", "15 Welkom\n45 Aan de slag met de kaarten\n"),
        ],
    );
    assert_eq!(edited.status, 303);
    assert!(clock("start").contains("Nu, stap 1/2: <strong>Welkom"));
    let console_text = get_with(&app, &console, &facilitator).text();
    assert!(
        console_text.contains("Nu, stap 1/2: <strong>Welkom"),
        "the console shows the clock too"
    );
    assert!(
        console_text.contains("Nog vijf minuten, rond af!"),
        "and the message"
    );
    let refused = post_with(
        &app,
        &format!("{console}/agenda"),
        Some(&facilitator),
        &[("csrf", &csrf), ("stappen", "veel Welkom")],
    );
    assert_eq!(refused.status, 422);
    // A participant cannot work the clock.
    let refused = post_with(
        &app,
        &format!("{console}/klok"),
        Some(&anna),
        &[("csrf", &csrf), ("actie", "start")],
    );
    assert_eq!(refused.status, 303, "a participant is sent to sign in");
    assert!(refused.header("location").unwrap().starts_with("/inloggen"));
}
on_every_backend!(the_agenda_timer_and_a_message_show_on_every_phone);

fn in_a_private_session_participants_see_only_their_own_postits_until_the_reveal(app: TestApp) {
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (console, code) = planned_session_with(
        &app,
        &facilitator,
        &card,
        &story,
        "Eerst privé",
        &[("prive", "1")],
    );
    let (anna, board) = join(&app, &code, "jongere");
    let (bram, _) = join(&app, &code, "ouder");
    let page = get_with(&app, &board, &anna);
    assert!(page.text().contains("Je schrijft nu privé"));
    let added = post_with(
        &app,
        &format!("{board}/postits"),
        Some(&anna),
        &[
            ("csrf", &token(&page)),
            ("item", &item_of(&page, "kaart:")),
            ("categorie", "kansen"),
            ("tekst", "Mijn eigen idee"),
        ],
    );
    assert_eq!(added.status, 303);
    assert!(get_with(&app, &board, &anna)
        .text()
        .contains("Mijn eigen idee"));
    assert!(
        !get_with(&app, &board, &bram)
            .text()
            .contains("Mijn eigen idee"),
        "not yet"
    );
    assert!(get_with(&app, &board, &facilitator)
        .text()
        .contains("Mijn eigen idee"));
    let csrf = token(&get_with(&app, &console, &facilitator));
    let revealed = post_with(
        &app,
        &format!("{console}/onthullen"),
        Some(&facilitator),
        &[("csrf", &csrf)],
    );
    assert_eq!(revealed.status, 303);
    assert!(
        get_with(&app, &board, &bram)
            .text()
            .contains("Mijn eigen idee"),
        "revealed"
    );
}
on_every_backend!(in_a_private_session_participants_see_only_their_own_postits_until_the_reveal);

fn a_deck_saved_in_one_session_is_laid_on_a_table_of_the_next(app: TestApp) {
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (first, _) = planned_session(&app, &facilitator, &card, &story, "Voorjaar");
    let csrf = token(&get_with(&app, &first, &facilitator));
    let saved = post_with(
        &app,
        &format!("{first}/tafels"),
        Some(&facilitator),
        &[
            ("csrf", &csrf),
            ("naam", "De groene tafel"),
            ("samenstelling", "jongere"),
            ("kaart", &card),
            ("verhaal", &story),
            ("bewaar_als", "Stapel wachttijden"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let (second, _) = planned_session(&app, &facilitator, &card, &story, "Najaar");
    let console = get_with(&app, &second, &facilitator);
    assert!(
        console.text().contains("Stapel wachttijden"),
        "the deck is offered"
    );
    // The first choice is "no deck"; the saved deck is the next.
    let deck_id = console.attrs("select[name=stapel] option", "value")[1].clone();
    let laid = post_with(
        &app,
        &format!("{second}/tafels"),
        Some(&facilitator),
        &[
            ("csrf", &token(&console)),
            ("naam", "De rode tafel"),
            ("samenstelling", "gemengd"),
            ("stapel", &deck_id),
        ],
    );
    assert_eq!(laid.status, 303, "{}", laid.text());
    let text = get_with(&app, &second, &facilitator).text();
    let red = text.split("De rode tafel").nth(1).unwrap();
    assert!(
        red.contains("Kaarten: 1") && red.contains("Ervaringen: 1"),
        "{red}"
    );
}
on_every_backend!(a_deck_saved_in_one_session_is_laid_on_a_table_of_the_next);

fn a_table_shows_regional_figures_pasted_on_the_console(app: TestApp) {
    let (card, story) = published_card(&app);
    create(&app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "femke@example.nl", PASSWORD));
    let (console, code) = planned_session(&app, &facilitator, &card, &story, "Twente");
    let (anna, board) = join(&app, &code, "jongere");
    let page = get_with(&app, &console, &facilitator);
    let table = page.paths_under(&format!("{console}/tafels/"))[0]
        .trim_start_matches(&format!("{console}/tafels/"))
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let csrf = token(&page);
    let set = post_with(
        &app,
        &format!("{console}/tafels/{table}/cijfers"),
        Some(&facilitator),
        &[
            ("csrf", &csrf),
            ("titel", "Jeugdhulp per 1000 jongeren"),
            ("bron", "CBS, 2025"),
            ("cijfers", "Gemeente;Aantal\nEnschede;98,3\nHengelo;87,1\n"),
        ],
    );
    assert_eq!(set.status, 303, "{}", set.text());
    let text = get_with(&app, &board, &anna).text();
    assert!(
        text.contains("Jeugdhulp per 1000 jongeren")
            && text.contains("98,3")
            && text.contains("CBS, 2025"),
        "{text}"
    );
    let refused = post_with(
        &app,
        &format!("{console}/tafels/{table}/cijfers"),
        Some(&facilitator),
        &[
            ("csrf", &csrf),
            ("titel", "Iets"),
            ("cijfers", "Enschede;veel"),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(
        get_with(&app, &board, &anna).text().contains("98,3"),
        "the earlier figures stay"
    );
}
on_every_backend!(a_table_shows_regional_figures_pasted_on_the_console);

pub(crate) mod follow_up;
