//! Follow-up of proposals after the session: the owner's own link, the history of every change,
//! and `/voorstellen` with its filters and exports.

use super::*;
use vertelpunt_system_tests::TestApp;
use vertelpunt_system_tests::{agent, on_every_backend, spawn_app_with};
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

/// A session whose table made proposals, the first with Bram (wethouder) as its owner.
pub(crate) struct Made {
    /// The facilitator's cookie.
    pub femke: String,
    pub console: String,
    pub board: String,
    /// The participant's cookie.
    pub anna: String,
    pub code: String,
    pub card: String,
    pub story: String,
    /// The proposals' ids, in order.
    pub ids: Vec<String>,
}

pub(crate) fn session_with_proposals(app: &TestApp, titles: &[&str]) -> Made {
    let (card, story) = published_card(app);
    create(app, "femke@example.nl", UserRole::Facilitator);
    let femke = session_cookie(&sign_in(app, "femke@example.nl", PASSWORD));
    let (console, code) = planned_session(app, &femke, &card, &story, "Regio Nijmegen");
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
    let page = get_with(app, &board, &femke);
    let mut ids: Vec<String> = Vec::new();
    for path in page.paths_under(&format!("{board}/voorstellen/")) {
        let id = path[board.len() + "/voorstellen/".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    assert_eq!(ids.len(), titles.len(), "{}", page.text());
    if let Some(first) = ids.first() {
        let owned = post_with(
            app,
            &format!("{board}/voorstellen/{first}/eigenaar"),
            Some(&femke),
            &[
                ("csrf", &token(&page)),
                ("naam", "Bram"),
                ("rol", "wethouder"),
            ],
        );
        assert_eq!(owned.status, 303, "{}", owned.text());
    }
    Made {
        femke,
        console,
        board,
        anna,
        code,
        card,
        story,
        ids,
    }
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
    let token = made.attrs("input.link-field", "value")[0]
        .split("/opvolging/")
        .nth(1)
        .unwrap()
        .split('?')
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

fn an_owner_keeps_their_proposal_up_to_date_through_a_link_that_can_be_revoked(app: TestApp) {
    let Made { femke, ids, .. } =
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
    assert!(
        tried.text().contains("<title>Geen toegang"),
        "a refusal says so, not ‘er ging iets mis’"
    );
}
on_every_backend!(an_owner_keeps_their_proposal_up_to_date_through_a_link_that_can_be_revoked);

#[test]
fn the_proposals_list_filters_by_status_and_owner_marks_quiet_ones_and_exports() {
    // With 0 weeks, every proposal that is not finished counts as without news.
    let options = WebOptions {
        quiet_weeks: 0,
        ..WebOptions::default()
    };
    for db in vertelpunt_store::testing::TestDatabase::all() {
        let app = spawn_app_with(db, options.clone());
        let Made { femke, ids, .. } = session_with_proposals(
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

fn a_session_leaves_a_report_with_its_evaluation_that_can_be_shared_read_only(app: TestApp) {
    let made = session_with_proposals(&app, &["Eén loket voor wachtende gezinnen"]);
    let Made {
        femke,
        console,
        board,
        anna,
        code,
        ..
    } = &made;
    let session_id = console.trim_start_matches("/sessies/").to_string();
    let evaluation = format!("/sessie/{session_id}/evaluatie");

    // Post-its: one plain, one with a phone number kept after the warning.
    let page = get_with(&app, board, anna);
    let item = item_of(&page, "kaart:");
    for (text, confirm) in [
        ("Lange wachtlijsten", "0"),
        ("Bel Anna op 06-12345678", "1"),
    ] {
        let added = post_with(
            &app,
            &format!("{board}/postits"),
            Some(anna),
            &[
                ("csrf", &token(&page)),
                ("item", &item),
                ("categorie", "zorgen"),
                ("tekst", text),
                ("bevestig", confirm),
            ],
        );
        assert_eq!(added.status, 303, "{}", added.text());
    }

    // The evaluation opens once the session runs; the board links to it.
    let early = get_with(&app, &evaluation, anna);
    assert_eq!(early.status, 403);
    assert!(early.text().contains("pas als de sessie bezig"));
    let staff_csrf = token(&get_with(&app, console, femke));
    let running = post_with(
        &app,
        &format!("{console}/status"),
        Some(femke),
        &[("csrf", &staff_csrf)],
    );
    assert_eq!(running.status, 303);
    assert!(get_with(&app, board, anna)
        .text()
        .contains("korte evaluatie"));
    let evaluate = |cookie: &str, fields: &[(&str, &str)]| {
        let form = get_with(&app, &evaluation, cookie);
        assert_eq!(form.status, 200, "{}", form.text());
        let csrf = form.field("csrf").unwrap();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        post_with(&app, &evaluation, Some(cookie), &all)
    };
    let refused = evaluate(anna, &[("useful", "9")]);
    assert_eq!(refused.status, 422);
    assert!(refused.text().contains("getal van 1 tot 5"));
    let sent = evaluate(
        anna,
        &[
            ("useful", "4"),
            ("heard", "5"),
            ("opmerking", "Fijne middag, graag vaker"),
        ],
    );
    assert_eq!(sent.status, 303, "{}", sent.text());
    assert_eq!(
        post_with(&app, &evaluation, None, &[("csrf", "x"), ("useful", "1")]).status,
        403,
        "only participants evaluate"
    );

    // With one answer the means are withheld; the remark shows.
    let report = get_with(&app, &format!("{console}/verslag"), femke);
    assert_eq!(report.status, 200, "{}", report.text());
    let text = report.text();
    for expected in [
        "Verslag: Regio Nijmegen",
        "Wat betekenen de kaarten voor onze regio?",
        "Lange wachtlijsten",
        "Bel Anna op 06-12345678",
        "Eén loket voor wachtende gezinnen",
        "Bram (wethouder)",
        "Fijne middag, graag vaker",
        "Minder dan 5 deelnemers vulden de evaluatie in",
        "Minder dan 5 deelnemers; aantallen",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    // Five answers: means and counts show (small counts withheld).
    for _ in 0..4 {
        let (cookie, _) = join(&app, code, "professional");
        assert_eq!(evaluate(&cookie, &[("useful", "5")]).status, 303);
    }
    let text = get_with(&app, &format!("{console}/verslag"), femke).text();
    assert!(text.contains("Aantal deelnemers: 5"), "{text}");
    assert!(text.contains("4,8"), "the mean of 4, 5, 5, 5, 5: {text}");
    let markdown = get_with(&app, &format!("{console}/verslag.md"), femke);
    assert_eq!(markdown.status, 200);
    assert!(markdown
        .header("content-type")
        .unwrap()
        .starts_with("text/markdown"));
    let md = markdown.body.clone();
    assert!(md.starts_with("# Verslag: Regio Nijmegen"), "{md}");
    assert!(
        md.contains("- Lange wachtlijsten") && md.contains("Eén loket"),
        "{md}"
    );

    // Shared read-only: without the post-it that may identify someone; revocable.
    let shared = post_with(
        &app,
        &format!("{console}/verslag/delen"),
        Some(femke),
        &[("csrf", &staff_csrf)],
    );
    assert_eq!(shared.status, 200);
    let link = format!(
        "/verslag/{}",
        shared.attrs("input.link-field", "value")[0]
            .split("/verslag/")
            .nth(1)
            .unwrap()
            .split('?')
            .next()
            .unwrap()
    );
    let read = anonymous(&app, &link);
    assert_eq!(read.status, 200);
    let text = read.text();
    assert!(text.contains("Lange wachtlijsten") && text.contains("Eén loket"));
    assert!(!text.contains("06-12345678"), "{text}");
    assert!(!text.contains("Stop met delen") && !text.contains("uitloggen"));
    let stopped = post_with(
        &app,
        &format!("{console}/verslag/niet-delen"),
        Some(femke),
        &[("csrf", &staff_csrf)],
    );
    assert_eq!(stopped.status, 303);
    assert_eq!(anonymous(&app, &link).status, 404);

    // Another facilitator sees no report of this session.
    create(&app, "kees@example.nl", UserRole::Facilitator);
    let kees = session_cookie(&sign_in(&app, "kees@example.nl", PASSWORD));
    assert_eq!(
        get_with(&app, &format!("{console}/verslag"), &kees).status,
        404
    );
    assert_eq!(
        get_with(&app, &format!("{console}/verslag.md"), &kees).status,
        404
    );
}
on_every_backend!(a_session_leaves_a_report_with_its_evaluation_that_can_be_shared_read_only);

fn the_next_session_of_the_region_starts_from_what_became_of_the_last_ones(app: TestApp) {
    let made = session_with_proposals(&app, &["Eén loket voor wachtende gezinnen"]);
    let link = make_link(&app, &made.femke, &made.ids[0]);
    let recorded = owner_posts(
        &app,
        &link,
        &[
            ("stand", "in_uitvoering"),
            ("notitie", "Pilot in Wijchen gestart"),
            ("dag", "2026-11-25"),
        ],
    );
    assert_eq!(recorded.status, 303);
    let (console, code) = planned_session_with(
        &app,
        &made.femke,
        &made.card,
        &made.story,
        "Regio Nijmegen, tweede ronde",
        &[("datum", "2027-04-01")],
    );
    let csrf = token(&get_with(&app, &console, &made.femke));
    let laid = post_with(
        &app,
        &format!("{console}/vorige-keer"),
        Some(&made.femke),
        &[("csrf", &csrf)],
    );
    assert_eq!(laid.status, 303, "{}", laid.text());
    assert!(
        get_with(&app, laid.header("location").unwrap(), &made.femke)
            .text()
            .contains("liggen nu op elke tafel")
    );
    let (carla, board) = join(&app, &code, "ouder");
    let text = get_with(&app, &board, &carla).text();
    for expected in [
        "Vorige keer: Eén loket voor wachtende gezinnen",
        "Stand: in uitvoering · Eigenaar: Bram (wethouder)",
        "Laatste voortgang (2026-11-25): Pilot in Wijchen gestart",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // Laid twice, it is on the table once; the earlier session gets nothing of the later.
    post_with(
        &app,
        &format!("{console}/vorige-keer"),
        Some(&made.femke),
        &[("csrf", &csrf)],
    );
    let text = get_with(&app, &board, &carla).text();
    assert_eq!(text.matches("Vorige keer: Eén loket").count(), 1, "{text}");
    let first_csrf = token(&get_with(&app, &made.console, &made.femke));
    let none = post_with(
        &app,
        &format!("{}/vorige-keer", made.console),
        Some(&made.femke),
        &[("csrf", &first_csrf)],
    );
    assert!(
        get_with(&app, none.header("location").unwrap(), &made.femke)
            .text()
            .contains("nog geen voorstellen uit eerdere sessies")
    );
}
on_every_backend!(the_next_session_of_the_region_starts_from_what_became_of_the_last_ones);

fn paper_postits_are_typed_in_one_after_another_and_the_pack_has_every_sheet(app: TestApp) {
    let made = session_with_proposals(&app, &[]);
    let Made {
        femke,
        console,
        board,
        anna,
        story,
        ..
    } = &made;
    let page = get_with(&app, board, femke);
    let table = board.rsplit('/').next().unwrap().to_string();
    let card_item = item_of(&page, "kaart:");
    let paper = format!("{console}/tafels/{table}/papier");
    let form = get_with(&app, &paper, femke);
    assert_eq!(form.status, 200, "{}", form.text());
    assert!(
        form.body.contains("autofocus"),
        "the text field has the focus"
    );
    let csrf = token(&form);
    let typed = |item: &str, category: &str, text: &str| {
        post_with(
            &app,
            &paper,
            Some(femke),
            &[
                ("csrf", &csrf),
                ("item", item),
                ("categorie", category),
                ("tekst", text),
            ],
        )
    };
    let first = typed(&card_item, "kansen", "Buurtteams als vast aanspreekpunt");
    assert_eq!(first.status, 303, "{}", first.text());
    let next = get_with(&app, first.header("location").unwrap(), femke);
    let text = next.text();
    assert!(text.contains("1 papieren post-it ingevoerd"), "{text}");
    assert!(
        next.body
            .contains(&format!("value=\"{card_item}\" selected"))
            && next.body.contains("value=\"kansen\" selected"),
        "card and category stay for the next one"
    );
    let story_item = format!("verhaal:{story}");
    assert_eq!(typed(&story_item, "zorgen", "Ouders haken af").status, 303);
    let third = typed(&card_item, "verbaast", "Zo weinig jongeren");
    let text = get_with(&app, third.header("location").unwrap(), femke).text();
    assert!(text.contains("3 papieren post-its ingevoerd"), "{text}");
    assert_eq!(typed(&card_item, "kansen", "  ").status, 422);
    assert_eq!(typed("kaart:elders", "kansen", "x").status, 422);
    assert_eq!(typed(&card_item, "onzin", "x").status, 422);
    // A participant cannot use the form: it asks for a staff sign-in.
    let tried = post_with(
        &app,
        &paper,
        Some(anna),
        &[
            ("csrf", &csrf),
            ("item", &card_item),
            ("categorie", "kansen"),
            ("tekst", "Niet van mij"),
        ],
    );
    assert!(
        tried
            .header("location")
            .is_some_and(|l| l.starts_with("/inloggen")),
        "{}",
        tried.status
    );
    assert!(!get_with(&app, board, anna).text().contains("Niet van mij"));

    // They are on the board and in the report, like any post-it.
    assert!(get_with(&app, board, anna)
        .text()
        .contains("Ouders haken af"));
    let report = get_with(&app, &format!("{console}/verslag"), femke).text();
    assert!(
        report.contains("Buurtteams als vast aanspreekpunt")
            && report.contains("Zo weinig jongeren")
    );

    // The pack: a table sheet with the agenda, the card with its post-it sheet and QR code,
    // and the experience with its number.
    let pack = get_with(&app, &format!("{console}/tafels/{table}/pakket"), femke);
    assert_eq!(pack.status, 200);
    let body = &pack.body;
    assert_eq!(body.matches("class=\"pack-sheet pack-card").count(), 1);
    assert_eq!(body.matches("class=\"pack-sheet postit-sheet\"").count(), 1);
    assert_eq!(body.matches("class=\"a5-card\"").count(), 1);
    let text = pack.text();
    for expected in [
        "Grasduinen in kaarten en ervaringen",
        "Ouders die gehoord worden, zijn vaker positief.",
        "Verbaast me",
        &format!("Ervaring {}", &story[..8]),
        "Na maanden wachten",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(
        body.matches("<svg").count() >= 2,
        "QR codes to join and to the card"
    );
    create(&app, "kees@example.nl", UserRole::Facilitator);
    let kees = session_cookie(&sign_in(&app, "kees@example.nl", PASSWORD));
    assert_eq!(
        get_with(&app, &format!("{console}/tafels/{table}/pakket"), &kees).status,
        404
    );
    assert_eq!(get_with(&app, &paper, &kees).status, 404);
}
on_every_backend!(paper_postits_are_typed_in_one_after_another_and_the_pack_has_every_sheet);
