//! Regions as a scope of access: an account limited to a jeugdregio sees that region's stories,
//! runs, cards and sessions and nothing else — on every page, form, export and API endpoint,
//! also when it asks for another region's object by its id in the URL (it is "not found").

use vertelpunt_model::{Lang, Role};
use vertelpunt_patterns::{Condition, Selection};
use vertelpunt_store::cards::{self, CardChange, CardRow};
use vertelpunt_store::stories::{NewStory, StorySource};
use vertelpunt_store::users::{self, Scope, UserRole};
use vertelpunt_store::{collection_points, pattern_runs, questionnaires};
use vertelpunt_system_tests::staff::{
    create, get_with, post_with, run_to_the_end, session_cookie, sign_in, token_of, PASSWORD,
};
use vertelpunt_system_tests::TestApp;

use crate::cards::api_get as api;
use crate::export::{export, unzip};
use crate::sessions::follow_up::{session_with_proposals, Made};

const OWN: &str = "Een verhaal uit de Haarlemmermeer over de wachtlijst.";
const OTHER: &str = "Een verhaal uit Nijmegen over de wachtlijst.";
const OWN_FLAGGED: &str = "Bel mij in Hoofddorp op 06-11112222 over de wachtlijst.";
const OTHER_FLAGGED: &str = "Bel mij in Nijmegen op 06-33334444 over de wachtlijst.";

/// `n` stories of `region` with this text (flagged ones wait for review); gives their ids.
fn stories_in(app: &TestApp, region: &str, body: &str, n: usize, flagged: bool) -> Vec<String> {
    stories_at(app, "jeugdhulp", region, body, n, flagged)
}

/// `n` stories at the collection point `point`, of `region`, with this text.
pub(crate) fn stories_at(
    app: &TestApp,
    point: &str,
    region: &str,
    body: &str,
    n: usize,
    flagged: bool,
) -> Vec<String> {
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let point = collection_points::find_by_slug(&mut conn, point)
        .unwrap()
        .unwrap();
    let version = questionnaires::get(&mut conn, &point.questionnaire_version_id).unwrap();
    let new: Vec<NewStory> = (0..n)
        .map(|_| NewStory {
            id: vertelpunt_store::new_id(),
            collection_point_id: point.id.clone(),
            questionnaire_version_id: version.id.clone(),
            channel_id: None,
            role: Role::Ouder,
            language: Lang::Nl.into(),
            title: None,
            body: body.into(),
            word_count: 9,
            region_code: Some(region.into()),
            complete: true,
            synthetic: false,
            source: StorySource::Api,
            flagged,
            receipt_hash: None,
            entered_by: None,
            submitted_at: vertelpunt_store::now(),
            answers: Vec::new(),
        })
        .collect();
    let ids = new.iter().map(|s| s.id.clone()).collect();
    vertelpunt_store::stories::insert(&mut conn, &new).unwrap();
    ids
}

/// A selection of the stories of `region` only, as stored with a run.
fn selection_of(region: &str) -> String {
    serde_json::to_string(&Selection {
        collection_points: vec!["jeugdhulp".into()],
        include_synthetic: true,
        conditions: vec![Condition::parse(&format!("region={region}")).unwrap()],
        ..Selection::default()
    })
    .unwrap()
}

/// Limits the stored run to `region`'s stories and adds a copy of it for `own_region`, with a
/// published card; gives the copy's id and its card's id.
fn runs_by_region(app: &TestApp, run: &str, region: &str, own_region: &str) -> (String, String) {
    use diesel::prelude::*;
    use vertelpunt_store::schema::pattern_runs as runs;
    let store = app.db.store();
    diesel::update(runs::table.find(run))
        .set(runs::selection.eq(selection_of(region)))
        .execute(&mut *store.conn().unwrap())
        .unwrap();
    copy_with_card(
        app,
        run,
        |copy| {
            copy.id = "run-haarlemmermeer".into();
            copy.selection = selection_of(own_region);
        },
        "In de Haarlemmermeer voelen ouders zich gehoord.",
    )
}

/// Stores a copy of the run `run`, changed by `change`, with a published card on its first
/// pattern saying `observation`; gives the copy's id and its card's id.
pub(crate) fn copy_with_card(
    app: &TestApp,
    run: &str,
    change: impl FnOnce(&mut pattern_runs::PatternRun),
    observation: &str,
) -> (String, String) {
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let mut copy = pattern_runs::get(&mut conn, run).unwrap();
    change(&mut copy);
    pattern_runs::insert(&mut conn, &copy, &[]).unwrap();
    let results: serde_json::Value = serde_json::from_str(&copy.results).unwrap();
    let pattern = &results["patterns"][0];
    let now = vertelpunt_store::now();
    let card = CardRow {
        id: vertelpunt_store::new_id(),
        run_id: copy.id.clone(),
        pattern_id: pattern["id"].as_str().unwrap().to_string(),
        pattern: pattern.to_string(),
        chart: None,
        observation: observation.into(),
        interpretation_a: "a".into(),
        interpretation_b: "b".into(),
        status: cards::status::DRAFT.into(),
        created_by: None,
        created_at: now,
        updated_at: now,
        published_at: None,
    };
    cards::create(&mut conn, &card).unwrap();
    let publish = CardChange {
        observation: card.observation.clone(),
        interpretation_a: "a".into(),
        interpretation_b: "b".into(),
        stories: Vec::new(),
        publish: Some(true),
    };
    cards::save(&mut conn, &card.id, &publish).unwrap();
    (copy.id, card.id)
}

/// A staff account limited to `regions`, signed in; gives its cookie.
pub(crate) fn limited(app: &TestApp, email: &str, role: UserRole, regions: &[&str]) -> String {
    let store = app.db.store();
    let scope = users::scope_of_codes(regions).unwrap();
    users::create(&mut store.conn().unwrap(), email, role, PASSWORD, &scope).unwrap();
    session_cookie(&sign_in(app, email, PASSWORD))
}

fn a_region_limited_account_sees_only_its_regions_everywhere(app: TestApp) {
    // Another region (Rijk van Nijmegen, JR28): a session with a proposal, a card on a run of
    // that region's stories, stories (one waiting for review).
    let Made {
        console,
        board,
        card,
        ids,
        femke,
        ..
    } = session_with_proposals(&app, &["Eén loket voor wachtende gezinnen"]);
    let (own_run, own_card) = runs_by_region(&app, "run-synthetisch", "JR28", "JR13");
    stories_in(&app, "JR28", OTHER, 6, false);
    let other_pending = stories_in(&app, "JR28", OTHER_FLAGGED, 1, true);
    // The account's own region (Haarlemmermeer, JR13).
    stories_in(&app, "JR13", OWN, 6, false);
    stories_in(&app, "JR13", OWN_FLAGGED, 1, true);

    let analyst = limited(
        &app,
        "haarlemmermeer@example.nl",
        UserRole::Analyst,
        &["JR13"],
    );
    let sid = console.rsplit('/').next().unwrap().to_string();
    let table = board.rsplit('/').next().unwrap().to_string();
    let proposal = &ids[0];

    // Every page of another region's object, by id: not found, as if it did not exist.
    for path in [
        "/patronen/run-synthetisch".to_string(),
        "/patronen/run-synthetisch/grafiek/gehoord".to_string(),
        format!("/kaarten/{card}"),
        format!("/kaarten/{card}/grafiek"),
        format!("/kaarten/{card}/bewerken"),
        format!("/kaarten/{card}/vergelijken"),
        format!("/sessies/{sid}"),
        format!("/sessies/{sid}/verslag"),
        format!("/sessies/{sid}/verslag.md"),
        format!("/sessies/{sid}/qr.svg"),
        format!("/sessies/{sid}/stroom"),
        format!("/sessies/{sid}/tafels/{table}/pakket"),
        format!("/sessies/{sid}/tafels/{table}/papier"),
        format!("/sessie/{sid}/tafel/{table}"),
        format!("/voorstellen/{proposal}"),
    ] {
        let page = get_with(&app, &path, &analyst);
        assert_eq!(page.status, 404, "{path}: {}", page.text());
    }
    // ... and every form on it.
    let csrf = get_with(&app, "/start", &analyst).field("csrf").unwrap();
    for path in [
        "/patronen/run-synthetisch/kaart".to_string(),
        format!("/kaarten/{card}"),
        format!("/kaarten/{card}/verwijderen"),
        format!("/kaarten/{card}/vergelijken"),
        format!("/beoordelen/{}", other_pending[0]),
        format!("/sessies/{sid}/status"),
        format!("/voorstellen/{proposal}/link"),
    ] {
        let page = post_with(
            &app,
            &path,
            Some(&analyst),
            &[("csrf", &csrf), ("patroon", "p1"), ("actie", "vrijgeven")],
        );
        assert_eq!(page.status, 404, "POST {path}: {}", page.text());
    }
    // An admin limited to the region, who may run every session of it, gets no further with
    // any form of another region's session.
    let regional_admin = limited(&app, "regiobeheer@example.nl", UserRole::Admin, &["JR13"]);
    let csrf_admin = get_with(&app, "/start", &regional_admin)
        .field("csrf")
        .unwrap();
    for action in [
        "status",
        "aanmelden",
        "tafels",
        "onthullen",
        "agenda",
        "klok",
        "bericht",
        "stemronde",
        "verslag/delen",
    ] {
        let path = format!("/sessies/{sid}/{action}");
        let page = post_with(&app, &path, Some(&regional_admin), &[("csrf", &csrf_admin)]);
        assert_eq!(page.status, 404, "POST {path}: {}", page.text());
    }
    assert_eq!(get_with(&app, &console, &regional_admin).status, 404);

    // Their own region's run and card open.
    assert_eq!(
        get_with(&app, &format!("/patronen/{own_run}"), &analyst).status,
        200
    );
    assert_eq!(
        get_with(&app, &format!("/kaarten/{own_card}"), &analyst).status,
        200
    );

    // Lists show their own region only.
    let runs = get_with(&app, "/patronen", &analyst).text();
    assert!(
        runs.contains(&own_run) && !runs.contains("run-synthetisch"),
        "{runs}"
    );
    let cards = get_with(&app, "/kaarten", &analyst).text();
    assert!(cards.contains("In de Haarlemmermeer voelen ouders zich gehoord."));
    assert!(!cards.contains("Ouders die gehoord worden"), "{cards}");
    let sessions = get_with(&app, "/sessies", &analyst).text();
    assert!(!sessions.contains("Regio Nijmegen"), "{sessions}");
    for path in ["/voorstellen", "/voorstellen.csv"] {
        let page = get_with(&app, path, &analyst);
        assert_eq!(page.status, 200, "{path}");
        assert!(
            !page.text().contains("Eén loket"),
            "{path}: {}",
            page.text()
        );
    }
    let reading = get_with(&app, "/verhalen?punt=jeugdhulp", &analyst).text();
    assert!(
        reading.contains(OWN) && !reading.contains(OTHER),
        "{reading}"
    );
    let review = get_with(&app, "/beoordelen", &analyst).text();
    assert!(
        review.contains("06-11112222") && !review.contains("06-33334444"),
        "{review}"
    );
    let dashboard = get_with(&app, "/overzicht?punt=jeugdhulp", &analyst);
    assert_eq!(dashboard.status, 200);
    assert!(
        !dashboard.text().contains("Rijk van Nijmegen"),
        "{}",
        dashboard.text()
    );
    assert!(dashboard.text().contains("Haarlemmermeer"));
    let asked_other = get_with(&app, "/overzicht?punt=jeugdhulp&regio=JR28", &analyst);
    assert_eq!(asked_other.status, 400);
    assert!(asked_other
        .text()
        .contains("Je account is beperkt tot andere regio's dan ‘JR28’."));
    let start = get_with(&app, "/start", &analyst).text();
    assert!(!start.contains("run-synthetisch"), "{start}");

    // The export holds their region's stories only.
    let (status, _, _, bytes) = export(
        &app,
        &analyst,
        &[("csrf", &csrf), ("punt", "jeugdhulp"), ("formaat", "csv")],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let files = unzip(&bytes);
    let (_, csv) = files.iter().find(|(n, _)| n.ends_with(".csv")).unwrap();
    assert!(csv.contains(OWN) && !csv.contains(OTHER), "{csv}");

    // Importing (a file holds any region's stories) needs an account without a limit; the menu
    // does not offer it.
    let import = get_with(&app, "/importeren", &analyst);
    assert_eq!(import.status, 403);
    assert!(import
        .text()
        .contains("niet tot regio's of projecten beperkt"));
    assert!(!get_with(&app, "/start", &analyst)
        .body
        .contains("href=\"/importeren"));

    // An evaluation they start keeps only their region's stories, whatever they ask.
    let finished = run_to_the_end(
        &app,
        &analyst,
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("drempels", "standaard"),
            ("soort", "univariate"),
        ],
    );
    let run_href = finished.header("location").unwrap_or_default().to_string();
    let run_id = run_href
        .trim_start_matches("/patronen/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    assert!(!run_id.is_empty(), "{}", finished.text());
    let stored = pattern_runs::get(&mut app.db.store().conn().unwrap(), &run_id).unwrap();
    assert_eq!(stored.stories, 7, "the seven JR13 stories, none of JR28");
    let selection: Selection = serde_json::from_str(&stored.selection).unwrap();
    assert_eq!(
        selection.regions(),
        Some(["JR13".to_string()].into_iter().collect())
    );

    // The API answers alike.
    let token = token_of(&app, "haarlemmermeer@example.nl");
    let (_, runs) = api(&app, "/api/v1/pattern-runs", &token);
    let listed: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&own_run.as_str()) && !listed.contains(&"run-synthetisch"));
    assert_eq!(
        api(&app, "/api/v1/pattern-runs/run-synthetisch", &token).0,
        404
    );
    let (_, cards) = api(&app, "/api/v1/cards", &token);
    assert_eq!(cards.as_array().unwrap().len(), 1, "{cards}");
    assert_eq!(api(&app, &format!("/api/v1/cards/{card}"), &token).0, 404);
    assert_eq!(
        api(&app, &format!("/api/v1/cards/{own_card}"), &token).0,
        200
    );
    let (_, proposals) = api(&app, "/api/v1/proposals", &token);
    assert_eq!(proposals, serde_json::json!([]));
    let aggregates = "/api/v1/collection-points/jeugdhulp/aggregates";
    let (status, refused) = api(&app, &format!("{aggregates}?region=JR28"), &token);
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"], "region_outside_scope");
    let (_, own) = api(&app, aggregates, &token);
    assert_eq!(own["stories"], 7, "{own}");
    // An account without a limit counts both regions.
    let everyone = token_of(&app, "femke@example.nl");
    let (_, all) = api(&app, aggregates, &everyone);
    assert!(all["stories"].as_i64().unwrap() >= 14, "{all}");

    // A limited facilitator plans sessions in their own region only.
    let planner = limited(&app, "planner@example.nl", UserRole::Facilitator, &["JR13"]);
    let form = get_with(&app, "/sessies/nieuw", &planner);
    assert!(form.body.contains("value=\"JR13\"") && !form.body.contains("value=\"JR28\""));
    let planned = post_with(
        &app,
        "/sessies/nieuw",
        Some(&planner),
        &[
            ("csrf", &form.field("csrf").unwrap()),
            ("titel", "Elders"),
            ("doel", "Kijken"),
            ("regio", "JR28"),
            ("datum", "2026-12-10"),
            ("tijd", "13:30"),
            ("plaats", "Stadhuis"),
            ("vorm", "live"),
            ("opzet", "beide"),
            ("agenda", "dagdeel"),
        ],
    );
    assert_eq!(planned.status, 422);
    assert!(planned.text().contains("Kies een van je eigen regio's"));
    // A saved deck of another region's card is not offered to them: not even its name.
    let femke_csrf = get_with(&app, &console, &femke).field("csrf").unwrap();
    let saved = post_with(
        &app,
        &format!("{console}/tafels"),
        Some(&femke),
        &[
            ("csrf", &femke_csrf),
            ("naam", "De groene tafel"),
            ("samenstelling", "gemengd"),
            ("kaart", &card),
            ("bewaar_als", "Stapel Nijmegen"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert!(get_with(&app, &console, &femke)
        .body
        .contains("Stapel Nijmegen"));
    let own = post_with(
        &app,
        "/sessies/nieuw",
        Some(&planner),
        &[
            ("csrf", &form.field("csrf").unwrap()),
            ("titel", "Thuis"),
            ("doel", "Kijken"),
            ("regio", "JR13"),
            ("datum", "2026-12-10"),
            ("tijd", "13:30"),
            ("plaats", "Hoofddorp"),
            ("vorm", "live"),
            ("opzet", "beide"),
            ("agenda", "dagdeel"),
        ],
    );
    assert_eq!(own.status, 303, "{}", own.text());
    let own_console = own
        .header("location")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let page = get_with(&app, &own_console, &planner);
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Stapel Nijmegen"), "{}", page.text());
    // The unlimited facilitator who runs the other session still sees it.
    assert_eq!(get_with(&app, &console, &femke).status, 200);
}
on_every_backend!(a_region_limited_account_sees_only_its_regions_everywhere);

fn admins_limit_an_account_to_regions_and_a_limited_admin_manages_no_accounts(app: TestApp) {
    create(&app, "beheer@example.nl", UserRole::Admin);
    let admin = session_cookie(&sign_in(&app, "beheer@example.nl", PASSWORD));
    let csrf = get_with(&app, "/beheer/accounts", &admin)
        .field("csrf")
        .unwrap();
    let made = |regions: &str, email: &str| {
        post_with(
            &app,
            "/beheer/accounts",
            Some(&admin),
            &[
                ("csrf", &csrf),
                ("email", email),
                ("rol", "admin"),
                ("regios", regions),
            ],
        )
    };
    // A code that is no jeugdregio is refused with what to do, and the form keeps what was typed.
    let refused = made("JR13, JR99", "regio@example.nl");
    assert_eq!(refused.status, 400);
    let text = refused.text();
    assert!(text.contains("‘JR99’ is geen jeugdregio-code"), "{text}");
    assert!(text.contains("value=\"JR13, JR99\""), "{text}");
    // A hostile field of a million characters: refused, naming 20 of them, nothing made.
    let huge = made(&"x".repeat(1_000_000), "groot@example.nl");
    assert_eq!(huge.status, 400);
    assert!(huge
        .text()
        .contains(&format!("‘{}’ is geen jeugdregio-code", "x".repeat(20))));
    // Codes in any case and order.
    let page = made("jr28 JR13", "regio@example.nl");
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.text()
            .contains("Alleen JR13 Haarlemmermeer, JR28 Rijk van Nijmegen."),
        "{}",
        page.text()
    );
    let store = app.db.store();
    let user = users::find_by_email(&mut store.conn().unwrap(), "regio@example.nl")
        .unwrap()
        .unwrap();
    assert_eq!(user.scope(), Scope::parse("JR13,JR28", ""));

    // Changed to one region: the account signs in again to see less.
    users::set_password(&mut store.conn().unwrap(), &user.id, PASSWORD).unwrap();
    let limited_admin = session_cookie(&sign_in(&app, "regio@example.nl", PASSWORD));
    let changed = post_with(
        &app,
        &format!("/beheer/accounts/{}", user.id),
        Some(&admin),
        &[("csrf", &csrf), ("actie", "regios"), ("regios", "JR13")],
    );
    assert_eq!(changed.status, 303, "{}", changed.text());
    let user = users::get(&mut store.conn().unwrap(), &user.id)
        .unwrap()
        .unwrap();
    assert_eq!(user.scope(), Scope::parse("JR13", ""));
    assert_eq!(
        get_with(&app, "/start", &limited_admin).status,
        303,
        "signed out"
    );

    // A limited admin cannot manage accounts (nor widen their own reach).
    let limited_admin = session_cookie(&sign_in(&app, "regio@example.nl", PASSWORD));
    let accounts = get_with(&app, "/beheer/accounts", &limited_admin);
    assert_eq!(accounts.status, 403);
    assert!(accounts
        .text()
        .contains("niet tot regio's of projecten beperkt"));
    let csrf = get_with(&app, "/start", &limited_admin)
        .field("csrf")
        .unwrap();
    let widened = post_with(
        &app,
        &format!("/beheer/accounts/{}", user.id),
        Some(&limited_admin),
        &[("csrf", &csrf), ("actie", "regios"), ("regios", "")],
    );
    assert_eq!(widened.status, 403);
    // Lifting the limit: an empty field.
    let lifted = post_with(
        &app,
        &format!("/beheer/accounts/{}", user.id),
        Some(&admin),
        &[
            (
                "csrf",
                &get_with(&app, "/beheer/accounts", &admin)
                    .field("csrf")
                    .unwrap(),
            ),
            ("actie", "regios"),
            ("regios", ""),
        ],
    );
    assert_eq!(lifted.status, 303);
    let user = users::get(&mut store.conn().unwrap(), &user.id)
        .unwrap()
        .unwrap();
    assert_eq!(user.scope(), Scope::all());
}
on_every_backend!(admins_limit_an_account_to_regions_and_a_limited_admin_manages_no_accounts);

/// Fills in and sends the verteltafel form of `jeugdhulp` for a parent; `region` is the answer
/// to the region question (empty: not answered).
fn enter_story(
    app: &TestApp,
    cookie: &str,
    region: &str,
) -> (vertelpunt_system_tests::Page, String) {
    let form = get_with(app, "/verteltafel/jeugdhulp?rol=ouder", cookie);
    assert_eq!(form.status, 200);
    let id = form.field("id").unwrap();
    let token = form.field("token").unwrap();
    let csrf = form.field("csrf").unwrap();
    let fields = [
        ("rol", "ouder"),
        ("id", id.as_str()),
        ("token", token.as_str()),
        ("csrf", csrf.as_str()),
        (
            "verhaal",
            "Aan de verteltafel vertelde een moeder over de lange wachtlijst.",
        ),
        ("q.regio", region),
    ];
    (
        post_with(app, "/verteltafel/jeugdhulp/vertel", Some(cookie), &fields),
        id,
    )
}

fn a_region_limited_facilitator_enters_verteltafel_stories_of_their_own_regions_only(app: TestApp) {
    let two = limited(
        &app,
        "tafel@example.nl",
        UserRole::Facilitator,
        &["JR13", "JR14"],
    );
    // The region question offers their regions only.
    let form = get_with(&app, "/verteltafel/jeugdhulp?rol=ouder", &two);
    let text = form.text();
    assert!(text.contains("<option value=\"JR13\"") && text.contains("<option value=\"JR14\""));
    assert!(
        !text.contains("<option value=\"JR28\""),
        "another region is not offered"
    );
    let region_of = |id: &str| {
        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        vertelpunt_store::stories::get(&mut conn, id)
            .ok()
            .map(|s| s.region_code)
    };

    // Another region, sent by hand: refused, saying which regions they may enter.
    let (refused, id) = enter_story(&app, &two, "JR28");
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains(
            "Je account mag alleen verhalen invoeren uit Haarlemmermeer, Hart van Brabant: kies een van die regio’s."
        ),
        "{}",
        refused.text()
    );
    assert_eq!(region_of(&id), None, "nothing stored");
    // No region with two to choose from: asked to choose.
    let (unanswered, _) = enter_story(&app, &two, "");
    assert_eq!(unanswered.status, 422);
    assert!(unanswered
        .text()
        .contains("Kies de regio van dit verhaal: je account mag alleen verhalen invoeren uit Haarlemmermeer, Hart van Brabant."));
    // Their own region: stored with it.
    let (saved, id) = enter_story(&app, &two, "JR14");
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(region_of(&id), Some(Some("JR14".to_string())));

    // A facilitator of one region who leaves the question open: the story is of that region.
    let one = limited(&app, "een@example.nl", UserRole::Facilitator, &["JR13"]);
    let (saved, id) = enter_story(&app, &one, "");
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(region_of(&id), Some(Some("JR13".to_string())));
}
on_every_backend!(
    a_region_limited_facilitator_enters_verteltafel_stories_of_their_own_regions_only
);
