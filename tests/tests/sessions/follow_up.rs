//! Follow-up of proposals after the session: the owner's own link, the history of every change,
//! and `/voorstellen` with its filters and exports.

use super::*;
use vertelpunt_system_tests::{agent, spawn_app_with};
use vertelpunt_web::WebOptions;

/// A GET without any cookie.
fn anonymous(app: &TestApp, path: &str) -> Page {
    Page::from(
        agent_no_redirects()
            .get(format!("{}{path}", app.url))
            .call()
            .unwrap(),
    )
}

/// A session whose table made proposals with `titles`; the first gets Bram (wethouder) as its
/// owner. Gives the facilitator's cookie, the console, the board and the proposals' ids.
pub(super) fn session_with_proposals(
    app: &TestApp,
    titles: &[&str],
) -> (String, String, String, Vec<String>) {
    let (card, story) = published_card(app);
    create(app, "femke@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(app, "femke@example.nl", PASSWORD));
    let (console, code) = planned_session(app, &facilitator, &card, &story, "Regio Nijmegen");
    let (anna, board) = join(app, &code, "jongere");
    let csrf = token(&get_with(app, &board, &anna));
    for title in titles {
        let proposed = post_with(
            app,
            &format!("{board}/voorstellen"),
            Some(&anna),
            &[
                ("csrf", &csrf),
                ("titel", title),
                ("eigenlijk", "gezinnen op de wachtlijst elke maand bellen"),
                ("zodat", "niemand maanden niets hoort"),
            ],
        );
        assert_eq!(proposed.status, 303, "{}", proposed.text());
    }
    let page = get_with(app, &board, &facilitator);
    let ids: Vec<String> = page
        .body
        .split("/voorstellen/")
        .skip(1)
        .map(|rest| rest.split('/').next().unwrap().to_string())
        .fold(Vec::new(), |mut ids, id| {
            if !ids.contains(&id) {
                ids.push(id);
            }
            ids
        });
    assert_eq!(ids.len(), titles.len(), "{}", page.text());
    let owned = post_with(
        app,
        &format!("{board}/voorstellen/{}/eigenaar", ids[0]),
        Some(&facilitator),
        &[
            ("csrf", &token(&page)),
            ("naam", "Bram"),
            ("rol", "wethouder"),
        ],
    );
    assert_eq!(owned.status, 303, "{}", owned.text());
    (facilitator, console, board, ids)
}

/// Makes a follow-up link on the proposal's page; gives its path (`/opvolging/…`).
fn make_link(app: &TestApp, cookie: &str, proposal: &str) -> String {
    let page = get_with(app, &format!("/voorstellen/{proposal}"), cookie);
    assert_eq!(page.status, 200, "{}", page.text());
    let made = post_with(
        app,
        &format!("/voorstellen/{proposal}/link"),
        Some(cookie),
        &[("csrf", &token(&page))],
    );
    assert_eq!(made.status, 200, "{}", made.text());
    assert!(made.text().contains("maar één keer getoond"));
    assert!(made.body.contains("<svg"), "with a QR code to scan");
    let token = made
        .text()
        .split("/opvolging/")
        .nth(1)
        .unwrap()
        .split(['?', '"'])
        .next()
        .unwrap()
        .to_string();
    assert_eq!(token.len(), 64);
    format!("/opvolging/{token}")
}

fn owner_posts(app: &TestApp, link: &str, fields: &[(&str, &str)]) -> Page {
    let page = anonymous(app, link);
    assert_eq!(page.status, 200, "{}", page.text());
    let csrf = page.field("csrf").unwrap();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    post_with(app, link, None, &all)
}

#[test]
fn an_owner_keeps_their_proposal_up_to_date_through_a_link_that_can_be_revoked() {
    for app in spawn_on_every_backend() {
        let (femke, _console, _board, ids) =
            session_with_proposals(&app, &["Eén loket voor wachtende gezinnen", "Buddy's"]);
        let link = make_link(&app, &femke, &ids[0]);

        // The owner, without an account: their proposal, and a form to record progress.
        let page = anonymous(&app, &link);
        assert_eq!(page.status, 200);
        let text = page.text();
        assert!(text.contains("Eén loket voor wachtende gezinnen"), "{text}");
        assert!(text.contains("handschoen opgepakt"));
        assert!(!text.contains("Buddy's"), "only the link's own proposal");

        let stop = owner_posts(&app, &link, &[("stand", "gestopt"), ("notitie", " ")]);
        assert_eq!(stop.status, 422);
        assert!(stop.text().contains("Schrijf waarom het voorstel stopt"));
        let future = owner_posts(
            &app,
            &link,
            &[
                ("stand", "opgepakt"),
                ("notitie", "Gebeld"),
                ("dag", "2999-01-01"),
            ],
        );
        assert_eq!(future.status, 422);
        assert!(future.text().contains("Gebeld"), "what was typed stays");
        let recorded = owner_posts(
            &app,
            &link,
            &[
                ("stand", "opgepakt"),
                ("notitie", "Eerste overleg met de wijkteams gepland"),
                ("dag", "2026-11-20"),
            ],
        );
        assert_eq!(recorded.status, 303, "{}", recorded.text());
        let forged = post_with(
            &app,
            &link,
            None,
            &[
                ("csrf", "nep"),
                ("stand", "gerealiseerd"),
                ("notitie", "klaar"),
            ],
        );
        assert_eq!(forged.status, 403);
        let page = anonymous(&app, &link).text();
        assert!(
            page.contains("Eerste overleg met de wijkteams gepland"),
            "{page}"
        );
        assert!(page.contains("Stand van ‘voorgesteld’ naar ‘opgepakt’"));
        assert!(page.contains("2026-11-20"));

        // Identifying details are warned about, and kept only when confirmed.
        let warned = owner_posts(
            &app,
            &link,
            &[("stand", "opgepakt"), ("notitie", "Bel mij op 06-12345678")],
        );
        assert_eq!(warned.status, 200);
        assert!(
            warned.text().contains("Toch zo bewaren"),
            "{}",
            warned.text()
        );
        let kept = owner_posts(
            &app,
            &link,
            &[
                ("stand", "opgepakt"),
                ("notitie", "Bel mij op 06-12345678"),
                ("bevestig_details", "1"),
            ],
        );
        assert_eq!(kept.status, 303);

        // The link opens nothing else: staff pages want a sign-in.
        assert_ne!(
            anonymous(&app, &format!("/voorstellen/{}", ids[1])).status,
            200
        );
        assert_ne!(anonymous(&app, "/voorstellen").status, 200);

        // The facilitator records progress too; every change is kept with who and when.
        let page = get_with(&app, &format!("/voorstellen/{}", ids[0]), &femke);
        let by_staff = post_with(
            &app,
            &format!("/voorstellen/{}/voortgang", ids[0]),
            Some(&femke),
            &[
                ("csrf", &token(&page)),
                ("stand", "in_uitvoering"),
                ("notitie", "Budget toegezegd door de gemeente"),
            ],
        );
        assert_eq!(by_staff.status, 303, "{}", by_staff.text());
        let history = get_with(&app, &format!("/voorstellen/{}", ids[0]), &femke).text();
        for expected in [
            "Nieuwe opvolglink gemaakt",
            "Eerste overleg met de wijkteams gepland",
            "Bram (handschoenoppakker)",
            "Budget toegezegd door de gemeente",
            "femke@example.nl",
            "Stand van ‘opgepakt’ naar ‘in uitvoering’",
            "mogelijk herkenbare gegevens",
        ] {
            assert!(history.contains(expected), "{expected}: {history}");
        }

        // Revoked: the link is refused; a new link works and the old one stays dead.
        let revoked = post_with(
            &app,
            &format!("/voorstellen/{}/link/intrekken", ids[0]),
            Some(&femke),
            &[("csrf", &token(&page))],
        );
        assert_eq!(revoked.status, 303);
        let gone = anonymous(&app, &link);
        assert_eq!(gone.status, 404);
        assert!(gone.text().contains("ingetrokken of vervangen"));
        let refused = post_with(
            &app,
            &link,
            None,
            &[
                ("csrf", "x"),
                ("stand", "gerealiseerd"),
                ("notitie", "klaar"),
            ],
        );
        assert_eq!(refused.status, 404);
        let renewed = make_link(&app, &femke, &ids[0]);
        assert_ne!(renewed, link);
        assert_eq!(anonymous(&app, &renewed).status, 200);
        assert_eq!(anonymous(&app, &link).status, 404);

        // Another facilitator does not see this session's proposals; an analyst reads, no more.
        create(&app, "kees@example.nl", UserRole::Facilitator);
        let kees = session_cookie(&sign_in(&app, "kees@example.nl", PASSWORD));
        assert_eq!(
            get_with(&app, &format!("/voorstellen/{}", ids[0]), &kees).status,
            404
        );
        assert!(!get_with(&app, "/voorstellen", &kees)
            .text()
            .contains("Eén loket"));
        let analyst = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
        let read = get_with(&app, &format!("/voorstellen/{}", ids[0]), &analyst);
        assert_eq!(read.status, 200);
        assert!(
            !read.text().contains("Voortgang bewaren"),
            "no form to change it"
        );
        let tried = post_with(
            &app,
            &format!("/voorstellen/{}/voortgang", ids[0]),
            Some(&analyst),
            &[
                ("csrf", &token(&read)),
                ("stand", "gerealiseerd"),
                ("notitie", "x"),
            ],
        );
        assert_eq!(tried.status, 403);
    }
}

#[test]
fn the_proposals_list_filters_by_status_and_owner_marks_quiet_ones_and_exports() {
    // With 0 weeks, every proposal that is not finished counts as without news.
    let options = WebOptions {
        quiet_weeks: 0,
        ..WebOptions::default()
    };
    for db in vertelpunt_store::testing::TestDatabase::all() {
        let app = spawn_app_with(db, options.clone());
        let (femke, _console, _board, ids) = session_with_proposals(
            &app,
            &[
                "Eén loket voor wachtende gezinnen",
                "=Buddy's voor jongeren",
            ],
        );
        let page = get_with(&app, &format!("/voorstellen/{}", ids[1]), &femke);
        let realised = post_with(
            &app,
            &format!("/voorstellen/{}/voortgang", ids[1]),
            Some(&femke),
            &[
                ("csrf", &token(&page)),
                ("stand", "gerealiseerd"),
                ("notitie", "Tien buddy's gestart"),
            ],
        );
        assert_eq!(realised.status, 303);

        let all = get_with(&app, "/voorstellen", &femke).text();
        assert!(all.contains("2 voorstellen van 2"), "{all}");
        assert!(all.contains("1 voorstel zonder nieuws"), "{all}");
        let done = get_with(&app, "/voorstellen?stand=gerealiseerd", &femke).text();
        assert!(
            done.contains("Buddy") && !done.contains("Eén loket"),
            "{done}"
        );
        assert!(done.contains("1 voorstel van 2"));
        let by_owner = get_with(&app, "/voorstellen?eigenaar=bram", &femke).text();
        assert!(by_owner.contains("Eén loket") && !by_owner.contains("Buddy"));
        let quiet = get_with(&app, "/voorstellen?stil=1", &femke).text();
        assert!(
            quiet.contains("Eén loket") && !quiet.contains("Buddy"),
            "{quiet}"
        );
        let region = get_with(&app, "/voorstellen?regio=JR01", &femke).text();
        assert!(region.contains("Geen voorstellen gevonden"));
        let english = get_with(&app, "/voorstellen?lang=en", &femke).text();
        assert!(english.contains("2 proposals of 2"), "{english}");

        let csv = get_with(&app, "/voorstellen.csv?stand=gerealiseerd", &femke);
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        let text = csv.text();
        assert!(
            text.contains("sessie,datum sessie,jeugdregio,titel"),
            "{text}"
        );
        assert!(
            text.contains("'=Buddy's voor jongeren"),
            "a formula is neutralised"
        );
        assert!(text.contains("Tien buddy's gestart") && !text.contains("Eén loket"));
        let xlsx = agent()
            .get(format!("{}/voorstellen.xlsx", app.url))
            .header("Cookie", &femke)
            .call()
            .unwrap();
        assert_eq!(xlsx.status(), 200);
        let bytes = xlsx.into_body().read_to_vec().unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(get_with(&app, "/voorstellen.pdf", &femke).status, 404);

        // The dashboard counts them per status; the API gives them with their progress.
        let dashboard = get_with(&app, "/overzicht", &femke);
        assert!(
            dashboard.body.contains("<strong>1</strong> gerealiseerd")
                && dashboard.body.contains("<strong>1</strong> voorgesteld"),
            "{}",
            dashboard.text()
        );
        let api = |query: &str| {
            let response = agent()
                .get(format!("{}/api/v1/proposals{query}", app.url))
                .header(
                    "Authorization",
                    &format!("Bearer {}", token_of(&app, "femke@example.nl")),
                )
                .call()
                .unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.into_body().read_json().unwrap();
            (status, body)
        };
        let (status, all) = api("");
        assert_eq!(status, 200, "{all}");
        assert_eq!(all.as_array().unwrap().len(), 2);
        let (_, done) = api("?status=gerealiseerd&region=JR28");
        assert_eq!(done.as_array().unwrap().len(), 1, "{done}");
        assert_eq!(done[0]["progress"][0]["note"], "Tien buddy's gestart");
        assert_eq!(done[0]["progress"][0]["by"], "staff");
        assert_eq!(done[0]["progress"][0]["status_after"], "gerealiseerd");
        let (status, refused) = api("?status=klaar");
        assert_eq!(status, 400, "{refused}");
        let doc = agent()
            .get(format!("{}/api/openapi.json", app.url))
            .call()
            .unwrap()
            .into_body()
            .read_to_string()
            .unwrap();
        assert!(doc.contains("/api/v1/proposals"));
    }
}
