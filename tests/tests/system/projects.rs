//! Projects as a scope of access: an account limited to a project sees that project's
//! collection points with their stories, the runs and cards over them, and its sessions — and
//! nothing of another project, on any page, form, export or API endpoint, also by id or slug in
//! the URL ("not found").

use vertelpunt_patterns::Selection;
use vertelpunt_store::collection_points::{self, NewCollectionPoint};
use vertelpunt_store::users::{self, Scope, UserRole};
use vertelpunt_store::{projects, sense_making};
use vertelpunt_system_tests::staff::{
    create, get_with, post_with, session_cookie, sign_in, token_of, PASSWORD,
};
use vertelpunt_system_tests::TestApp;

use crate::cards::api_get as api;
use crate::export::{export, unzip};
use crate::regions::{copy_with_card, stories_at};
use crate::sessions::follow_up::{session_with_proposals, Made};

const NATIONAL: &str = "Een verhaal bij het landelijke Vertelpunt over de wachtlijst.";
const TWENTE: &str = "Een verhaal bij het Vertelpunt Twente over de wachtlijst.";
const NATIONAL_FLAGGED: &str = "Bel mij op 06-11112222 over de wachtlijst, landelijk.";
const TWENTE_FLAGGED: &str = "Bel mij op 06-55556666 over de wachtlijst, Twente.";

/// A second project, "twente", with its own collection point `twente-punt` (the core set);
/// gives the project's id.
fn twente(app: &TestApp) -> String {
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let national = collection_points::find_by_slug(&mut conn, "jeugdhulp")
        .unwrap()
        .unwrap();
    let project = projects::ensure(&mut conn, "twente", "Vertelpunt Twente").unwrap();
    collection_points::create(
        &mut conn,
        NewCollectionPoint {
            project_id: project.id.clone(),
            slug: "twente-punt".into(),
            name: "Vertelpunt Twente".into(),
            questionnaire_version_id: national.questionnaire_version_id,
            module_version_ids: Vec::new(),
            default_region_code: Some("JR27".into()),
            opens_at: None,
            closes_at: None,
            languages: vec!["nl".into(), "en".into()],
        },
    )
    .unwrap();
    project.id
}

/// A copy of the stored run over `twente-punt`, with a published card; gives their ids.
fn twente_run(app: &TestApp, run: &str) -> (String, String) {
    copy_with_card(
        app,
        run,
        |copy| {
            copy.id = "run-twente".into();
            copy.collection_points = "twente-punt".into();
            copy.selection = serde_json::to_string(&Selection {
                collection_points: vec!["twente-punt".into()],
                include_synthetic: true,
                ..Selection::default()
            })
            .unwrap();
        },
        "In Twente voelen ouders zich gehoord.",
    )
}

/// A staff account limited to the project `project` (an id), signed in; gives its cookie.
fn in_project(app: &TestApp, email: &str, role: UserRole, project: &str) -> String {
    let store = app.db.store();
    let scope = Scope::all().with_projects([project.to_string()].into_iter().collect());
    users::create(&mut store.conn().unwrap(), email, role, PASSWORD, &scope).unwrap();
    session_cookie(&sign_in(app, email, PASSWORD))
}

fn a_project_limited_account_sees_only_its_projects_everywhere(app: TestApp) {
    // The national project: a session (planned before Twente existed, so of the national
    // project) with a proposal, a card on a run over `jeugdhulp`, stories (one waiting).
    let Made {
        console,
        board,
        card,
        ids,
        femke,
        ..
    } = session_with_proposals(&app, &["Eén loket voor wachtende gezinnen"]);
    let twente_id = twente(&app);
    let (own_run, own_card) = twente_run(&app, "run-synthetisch");
    stories_at(&app, "jeugdhulp", "JR28", NATIONAL, 6, false);
    let national_pending = stories_at(&app, "jeugdhulp", "JR28", NATIONAL_FLAGGED, 1, true);
    stories_at(&app, "twente-punt", "JR27", TWENTE, 6, false);
    stories_at(&app, "twente-punt", "JR27", TWENTE_FLAGGED, 1, true);

    let analyst = in_project(&app, "twente@example.nl", UserRole::Analyst, &twente_id);
    let sid = console.rsplit('/').next().unwrap().to_string();
    let table = board.rsplit('/').next().unwrap().to_string();
    let proposal = &ids[0];

    // Every page of the other project's objects, by id or slug: not found.
    for path in [
        "/patronen/run-synthetisch".to_string(),
        format!("/kaarten/{card}"),
        format!("/kaarten/{card}/grafiek"),
        format!("/kaarten/{card}/vergelijken"),
        format!("/sessies/{sid}"),
        format!("/sessies/{sid}/verslag"),
        format!("/sessies/{sid}/stroom"),
        format!("/sessies/{sid}/tafels/{table}/pakket"),
        format!("/sessie/{sid}/tafel/{table}"),
        format!("/voorstellen/{proposal}"),
        "/verhalen?punt=jeugdhulp".to_string(),
        "/overzicht?punt=jeugdhulp".to_string(),
    ] {
        let page = get_with(&app, &path, &analyst);
        assert_eq!(page.status, 404, "{path}: {}", page.text());
    }
    let csrf = get_with(&app, "/start", &analyst).field("csrf").unwrap();
    for path in [
        "/patronen/run-synthetisch/kaart".to_string(),
        format!("/kaarten/{card}"),
        format!("/beoordelen/{}", national_pending[0]),
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

    // Their own project's run, card, stories and dashboard open.
    for path in [
        format!("/patronen/{own_run}"),
        format!("/kaarten/{own_card}"),
        "/overzicht?punt=twente-punt".to_string(),
    ] {
        assert_eq!(get_with(&app, &path, &analyst).status, 200, "{path}");
    }
    let reading = get_with(&app, "/verhalen", &analyst).text();
    assert!(
        reading.contains(TWENTE) && !reading.contains(NATIONAL),
        "{reading}"
    );
    // Lists show only their project, and choosers offer only its Vertelpunt.
    let runs = get_with(&app, "/patronen", &analyst).text();
    assert!(
        runs.contains(&own_run) && !runs.contains("run-synthetisch"),
        "{runs}"
    );
    let cards = get_with(&app, "/kaarten", &analyst).text();
    assert!(cards.contains("In Twente voelen ouders zich gehoord."));
    assert!(!cards.contains("Ouders die gehoord worden"), "{cards}");
    let sessions = get_with(&app, "/sessies", &analyst).text();
    assert!(!sessions.contains("Regio Nijmegen"), "{sessions}");
    let proposals = get_with(&app, "/voorstellen", &analyst).text();
    assert!(!proposals.contains("Eén loket"), "{proposals}");
    let review = get_with(&app, "/beoordelen", &analyst).text();
    assert!(
        review.contains("06-55556666") && !review.contains("06-11112222"),
        "{review}"
    );
    let new_run = get_with(&app, "/patronen/nieuw", &analyst);
    assert!(
        new_run.body.contains("value=\"twente-punt\"")
            && !new_run.body.contains("value=\"jeugdhulp\""),
        "{}",
        new_run.text()
    );
    let start = get_with(&app, "/start", &analyst).text();
    assert!(!start.contains("run-synthetisch"), "{start}");

    // The export: the other project's Vertelpunt is refused, their own holds their stories.
    let (status, _, _, _) = export(
        &app,
        &analyst,
        &[("csrf", &csrf), ("punt", "jeugdhulp"), ("formaat", "csv")],
    );
    assert_eq!(status, 400);
    let (status, _, _, bytes) = export(
        &app,
        &analyst,
        &[("csrf", &csrf), ("punt", "twente-punt"), ("formaat", "csv")],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let files = unzip(&bytes);
    let (_, csv) = files.iter().find(|(n, _)| n.ends_with(".csv")).unwrap();
    assert!(csv.contains(TWENTE) && !csv.contains(NATIONAL), "{csv}");

    // Importing and managing accounts need an unlimited account.
    let import = get_with(&app, "/importeren", &analyst);
    assert_eq!(import.status, 403);
    assert!(import
        .text()
        .contains("niet tot regio's of projecten beperkt"));

    // The API answers alike.
    let token = token_of(&app, "twente@example.nl");
    let (_, runs) = api(&app, "/api/v1/pattern-runs", &token);
    let listed: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![own_run.as_str()]);
    assert_eq!(api(&app, &format!("/api/v1/cards/{card}"), &token).0, 404);
    let (_, proposals) = api(&app, "/api/v1/proposals", &token);
    assert_eq!(proposals, serde_json::json!([]));
    let (status, refused) = api(
        &app,
        "/api/v1/collection-points/jeugdhulp/aggregates",
        &token,
    );
    assert_eq!(status, 404, "{refused}");
    let (_, own) = api(
        &app,
        "/api/v1/collection-points/twente-punt/aggregates",
        &token,
    );
    assert_eq!(own["stories"], 7, "{own}");

    // A facilitator of the project: the verteltafel offers only its Vertelpunt, and a session
    // they plan belongs to their project (the only one they see), so the national project's
    // accounts limited to it do not see it.
    let planner = in_project(
        &app,
        "planner-twente@example.nl",
        UserRole::Facilitator,
        &twente_id,
    );
    let table_page = get_with(&app, "/verteltafel", &planner);
    assert!(
        table_page.body.contains("/verteltafel/twente-punt")
            && !table_page.body.contains("/verteltafel/jeugdhulp"),
        "{}",
        table_page.text()
    );
    assert_eq!(
        get_with(&app, "/verteltafel/jeugdhulp", &planner).status,
        404
    );
    let form = get_with(&app, "/sessies/nieuw", &planner);
    assert!(
        !form.body.contains("name=\"project\""),
        "one project: not asked"
    );
    let planned = post_with(
        &app,
        "/sessies/nieuw",
        Some(&planner),
        &[
            ("csrf", &form.field("csrf").unwrap()),
            ("titel", "Twentse tafels"),
            ("doel", "Kijken"),
            ("regio", "JR27"),
            ("datum", "2026-12-10"),
            ("tijd", "13:30"),
            ("plaats", "Enschede"),
            ("vorm", "live"),
            ("opzet", "beide"),
            ("agenda", "dagdeel"),
        ],
    );
    assert_eq!(planned.status, 303, "{}", planned.text());
    let twente_console = planned
        .header("location")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let stored = sense_making::get(
        &mut app.db.store().conn().unwrap(),
        twente_console.rsplit('/').next().unwrap(),
    )
    .unwrap();
    assert_eq!(stored.project_id.as_deref(), Some(twente_id.as_str()));
    assert_eq!(get_with(&app, &twente_console, &planner).status, 200);
    assert_eq!(get_with(&app, &twente_console, &analyst).status, 200);
    let national_id = projects::find_by_slug(&mut app.db.store().conn().unwrap(), "landelijk")
        .unwrap()
        .unwrap()
        .id;
    let national_analyst = in_project(
        &app,
        "landelijk@example.nl",
        UserRole::Analyst,
        &national_id,
    );
    assert_eq!(
        get_with(&app, &twente_console, &national_analyst).status,
        404
    );
    assert_eq!(get_with(&app, &console, &national_analyst).status, 200);
    // The unlimited facilitator who runs the national session still sees it.
    assert_eq!(get_with(&app, &console, &femke).status, 200);
}
on_every_backend!(a_project_limited_account_sees_only_its_projects_everywhere);

fn admins_limit_an_account_to_projects_and_planners_choose_a_project(app: TestApp) {
    let twente_id = twente(&app);
    create(&app, "beheer@example.nl", UserRole::Admin);
    let admin = session_cookie(&sign_in(&app, "beheer@example.nl", PASSWORD));
    let page = get_with(&app, "/beheer/accounts", &admin);
    let csrf = page.field("csrf").unwrap();
    assert!(page.text().contains("Alleen voor deze projecten"));
    // A project that does not exist: refused with what to do, nothing made.
    let refused = post_with(
        &app,
        "/beheer/accounts",
        Some(&admin),
        &[
            ("csrf", &csrf),
            ("email", "twente@example.nl"),
            ("rol", "facilitator"),
            ("projecten", "geen-project"),
        ],
    );
    assert_eq!(refused.status, 400);
    assert!(refused
        .text()
        .contains("Een aangevinkt project bestaat niet"));
    // A hostile form: thousands of long project fields are refused the same way, nothing made.
    let long = "p".repeat(400);
    let mut hostile: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("email", "twente@example.nl"),
        ("rol", "facilitator"),
    ];
    hostile.extend(std::iter::repeat_n(("projecten", long.as_str()), 4_000));
    let flood = post_with(&app, "/beheer/accounts", Some(&admin), &hostile);
    assert_eq!(flood.status, 400);
    assert!(flood.text().contains("Een aangevinkt project bestaat niet"));
    assert!(
        users::find_by_email(&mut app.db.store().conn().unwrap(), "twente@example.nl")
            .unwrap()
            .is_none()
    );
    let made = post_with(
        &app,
        "/beheer/accounts",
        Some(&admin),
        &[
            ("csrf", &csrf),
            ("email", "twente@example.nl"),
            ("rol", "facilitator"),
            ("projecten", &twente_id),
        ],
    );
    assert_eq!(made.status, 200, "{}", made.text());
    assert!(
        made.text().contains("Alleen project Vertelpunt Twente."),
        "{}",
        made.text()
    );
    let store = app.db.store();
    let user = users::find_by_email(&mut store.conn().unwrap(), "twente@example.nl")
        .unwrap()
        .unwrap();
    assert_eq!(user.scope(), Scope::parse("", &twente_id));
    // Regions and projects together, then the limits lifted.
    let changed = post_with(
        &app,
        &format!("/beheer/accounts/{}", user.id),
        Some(&admin),
        &[
            ("csrf", &csrf),
            ("actie", "regios"),
            ("regios", "JR27"),
            ("projecten", &twente_id),
        ],
    );
    assert_eq!(changed.status, 303, "{}", changed.text());
    let user = users::get(&mut store.conn().unwrap(), &user.id)
        .unwrap()
        .unwrap();
    assert_eq!(user.scope(), Scope::parse("JR27", &twente_id));
    let lifted = post_with(
        &app,
        &format!("/beheer/accounts/{}", user.id),
        Some(&admin),
        &[("csrf", &csrf), ("actie", "regios"), ("regios", "")],
    );
    assert_eq!(lifted.status, 303);
    let user = users::get(&mut store.conn().unwrap(), &user.id)
        .unwrap()
        .unwrap();
    assert_eq!(user.scope(), Scope::all());

    // An account that sees both projects chooses the session's project; the national one is
    // chosen first, and one it does not see is refused.
    let form = get_with(&app, "/sessies/nieuw", &admin);
    let options = form.attrs("select#project option", "value");
    assert_eq!(options.len(), 2, "{}", form.text());
    let csrf = form.field("csrf").unwrap();
    let plan = |project: &str| {
        post_with(
            &app,
            "/sessies/nieuw",
            Some(&admin),
            &[
                ("csrf", &csrf),
                ("titel", "Twentse tafels"),
                ("doel", "Kijken"),
                ("regio", "JR27"),
                ("project", project),
                ("datum", "2026-12-10"),
                ("tijd", "13:30"),
                ("plaats", "Enschede"),
                ("vorm", "live"),
                ("opzet", "beide"),
                ("agenda", "dagdeel"),
            ],
        )
    };
    let wrong = plan("geen-project");
    assert_eq!(wrong.status, 422);
    assert!(wrong.text().contains("Kies een project uit de lijst"));
    assert!(plan(&twente_id).status == 303);
    let sessions = sense_making::list(&mut store.conn().unwrap(), None).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].project_id.as_deref(), Some(twente_id.as_str()));
}
on_every_backend!(admins_limit_an_account_to_projects_and_planners_choose_a_project);
