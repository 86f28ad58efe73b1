//! Observation cards over HTTP: an analyst makes a card of a strong pattern, writes it (with
//! refusals that keep everything typed), publishes it; a facilitator reads it on the web and
//! through the API; a teller who withdraws a quoted story takes it off the card.

use vertelpunt_store::api_tokens;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, post_with, session_cookie, sign_in, stored_evaluation, PASSWORD,
};
use vertelpunt_system_tests::{agent, get, post, unescape, TestApp};

/// A story shared through the API with a token; gives its id and receipt code.
fn shared_story(app: &TestApp, token: &str, body: &str) -> (String, String) {
    let mut response = agent()
        .post(format!(
            "{}/api/v1/collection-points/jeugdhulp/stories",
            app.url
        ))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(serde_json::json!({
            "role": "ouder",
            "story": body,
            "answers": {"gehoord": 80, "gevolgen": "4"}
        }))
        .unwrap();
    assert_eq!(response.status(), 201);
    let created: serde_json::Value =
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    (
        created["id"].as_str().unwrap().to_string(),
        created["receipt"].as_str().unwrap().to_string(),
    )
}

fn token_for(app: &TestApp, email: &str) -> String {
    let store = app.db.store();
    let mut conn = store.conn().unwrap();
    let user = vertelpunt_store::users::find_by_email(&mut conn, email)
        .unwrap()
        .unwrap();
    api_tokens::create(&mut conn, &user, "test", None)
        .unwrap()
        .secret
}

pub(crate) fn api_get(app: &TestApp, path: &str, token: &str) -> (u16, serde_json::Value) {
    let mut response = agent()
        .get(format!("{}{path}", app.url))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&body).unwrap_or_default())
}

fn an_analyst_writes_and_publishes_an_observation_card_that_facilitators_read(app: TestApp) {
    create(&app, "analist@regio.nl", UserRole::Analyst);
    create(&app, "facilitator@regio.nl", UserRole::Facilitator);
    let analyst = session_cookie(&sign_in(&app, "analist@regio.nl", PASSWORD));
    let facilitator = session_cookie(&sign_in(&app, "facilitator@regio.nl", PASSWORD));
    let token = token_for(&app, "analist@regio.nl");
    let (heard, _) = shared_story(
        &app,
        &token,
        "De begeleider nam echt de tijd.\nWe voelden ons eindelijk gehoord als gezin.",
    );
    let (waited, receipt) = shared_story(
        &app,
        &token,
        "Acht maanden wachtlijst en niemand die belde om te vragen hoe het ging.",
    );
    let (run, evaluation) = stored_evaluation(&app);
    let strongest = evaluation
        .patterns
        .iter()
        .find(|p| p.rank == Some(1))
        .unwrap();

    // The run page offers a card for each pattern; making one opens its edit page.
    let run_page = get_with(&app, &format!("/patronen/{run}"), &analyst);
    assert!(run_page.text().contains("Maak observatiekaart"));
    let csrf = run_page.field("csrf").unwrap();
    let made = post_with(
        &app,
        &format!("/patronen/{run}/kaart"),
        Some(&analyst),
        &[("csrf", &csrf), ("patroon", &strongest.id)],
    );
    assert_eq!(made.status, 303, "{}", made.text());
    let edit = made.header("location").unwrap().to_string();
    assert!(
        edit.starts_with("/kaarten/") && edit.contains("/bewerken"),
        "{edit}"
    );
    let card = edit
        .trim_start_matches("/kaarten/")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    // The same pattern again opens the same card.
    let again = post_with(
        &app,
        &format!("/patronen/{run}/kaart"),
        Some(&analyst),
        &[("csrf", &csrf), ("patroon", &strongest.id)],
    );
    assert_eq!(again.header("location"), Some(edit.as_str()));
    // A forged form makes nothing; a facilitator may not make cards.
    let forged = post_with(
        &app,
        &format!("/patronen/{run}/kaart"),
        Some(&analyst),
        &[("csrf", "nep"), ("patroon", &strongest.id)],
    );
    assert_eq!(forged.status, 403);
    let cards_page = get_with(&app, "/kaarten", &facilitator);
    assert_eq!(cards_page.status, 200, "{}", cards_page.text());
    let csrf_f = cards_page.field("csrf").unwrap();
    let refused = post_with(
        &app,
        &format!("/patronen/{run}/kaart"),
        Some(&facilitator),
        &[("csrf", &csrf_f), ("patroon", &strongest.id)],
    );
    assert_eq!(refused.status, 403);

    // The draft starts from the pattern's own sentence, with its figures and chart.
    let form = get_with(&app, &edit, &analyst);
    assert_eq!(form.status, 200, "{}", form.text());
    let sentence = strongest.description.nl.clone();
    assert!(form.text().contains(&sentence), "{}", form.text());
    assert!(form.text().contains(&format!("/kaarten/{card}/grafiek")));
    // Its figures name the smallest effect that would have shown; a strong pattern does not
    // add that a smaller one would not.
    let detectable = format!("{:.3}", strongest.detectable.unwrap()).replace('.', ",");
    assert!(form
        .text()
        .contains("<dt>Kleinste effect dat zou opvallen (80 % kans)</dt>"));
    assert!(form.text().contains(&format!(" = {detectable}</dd>")));
    assert!(!form
        .text()
        .contains("Niet sterk is niet hetzelfde als afwezig"));
    // A card of a pattern that is not strong says it.
    let quiet = evaluation
        .patterns
        .iter()
        .find(|p| !p.strong && p.detectable.is_some())
        .expect("a tested pattern that is not strong");
    let quiet_card = post_with(
        &app,
        &format!("/patronen/{run}/kaart"),
        Some(&analyst),
        &[("csrf", &csrf), ("patroon", &quiet.id)],
    );
    assert_eq!(quiet_card.status, 303, "{}", quiet_card.text());
    let quiet_form = get_with(&app, quiet_card.header("location").unwrap(), &analyst).text();
    assert!(
        quiet_form.contains(&format!(
            "met deze aantallen zou een effect kleiner dan {} = {} meestal niet opvallen.",
            match quiet.effect.as_ref().unwrap().name.as_str() {
                "epsilon_squared" => "ε²",
                "rho" => "ρ",
                "rank_biserial" => "rank-biseriële r",
                _ => "Cramérs V (gecorrigeerd)",
            },
            format!("{:.3}", quiet.detectable.unwrap()).replace('.', ",")
        )),
        "{quiet_form}"
    );
    // A facilitator does not see a draft.
    assert_eq!(
        get_with(&app, &format!("/kaarten/{card}"), &facilitator).status,
        404
    );
    assert!(!get_with(&app, "/kaarten", &facilitator)
        .text()
        .contains(&sentence));

    // Publishing a card with a quote that is not in the story and no interpretation: refused,
    // with every field kept and each problem next to its field.
    let observation = "Wie zich gehoord voelt, vertelt vaker over positieve gevolgen.";
    let wrong_quote = "We werden nooit gehoord";
    let refused = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", observation),
            (
                "interpretatie_a",
                "Het gaat vooral om relatie en communicatie.",
            ),
            ("interpretatie_b", ""),
            ("verhaal", &heard),
            ("citaat", wrong_quote),
            ("verhaal", "geen-verhaal"),
            ("citaat", "iets"),
            ("actie", "publiceren"),
        ],
    );
    assert_eq!(refused.status, 400, "{}", refused.text());
    let text = refused.text();
    assert!(text.contains("De kaart is niet opgeslagen"));
    assert!(text.contains("Voor publiceren zijn twee interpretaties nodig."));
    assert!(text.contains("Dit citaat staat niet letterlijk in het verhaal"));
    assert!(text.contains("Er is geen verhaal met dit nummer."));
    assert!(text.contains(observation));
    assert!(text.contains("Het gaat vooral om relatie en communicatie."));
    assert!(text.contains(wrong_quote));
    assert!(text.contains("geen-verhaal"));
    assert!(!get_with(&app, &format!("/kaarten/{card}"), &analyst)
        .text()
        .contains(observation));

    // Fixed: a quote across the story's line break, and a second story; published.
    let published = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", observation),
            (
                "interpretatie_a",
                "Het gaat vooral om relatie en communicatie.",
            ),
            (
                "interpretatie_b",
                "Vanuit een positieve situatie kijk je makkelijker constructief terug.",
            ),
            ("verhaal", &heard),
            (
                "citaat",
                "nam echt de tijd. We voelden ons eindelijk gehoord",
            ),
            ("verhaal", &waited),
            ("citaat", "niemand die belde"),
            ("verhaal", ""),
            ("citaat", ""),
            ("actie", "publiceren"),
        ],
    );
    assert_eq!(published.status, 303, "{}", published.text());
    let shown = get_with(&app, published.header("location").unwrap(), &facilitator);
    assert_eq!(shown.status, 200);
    let text = shown.text();
    assert!(text.contains("De kaart is gepubliceerd"));
    assert!(text.contains(observation));
    assert!(text.contains("Vanuit een positieve situatie kijk je makkelijker"));
    assert!(text.contains("nam echt de tijd. We voelden ons eindelijk gehoord"));
    assert!(text.contains(&waited));
    assert!(text.contains("niet representatief"));
    assert!(text.contains("Data en observatie"));
    assert!(
        !text.contains("Kaart bewerken"),
        "facilitators read, not edit"
    );
    assert!(get_with(&app, "/kaarten", &facilitator)
        .text()
        .contains(observation));
    // The chart, unless it would draw a group or cell of 1–4 stories (analysts only then).
    let small = |n: u64| n > 0 && n < 5;
    let has_small = strongest.groups.iter().any(|g| small(g.n))
        || strongest
            .table
            .as_ref()
            .is_some_and(|t| t.counts.iter().any(|&c| small(c)));
    let chart = get_with(&app, &format!("/kaarten/{card}/grafiek"), &facilitator);
    if has_small {
        assert_eq!(chart.status, 404);
    } else {
        assert_eq!(chart.status, 200);
        assert!(chart
            .header("content-type")
            .unwrap()
            .starts_with("image/svg+xml"));
    }
    let chart = get_with(&app, &format!("/kaarten/{card}/grafiek"), &analyst);
    assert_eq!(chart.status, 200);
    assert!(chart
        .header("content-type")
        .unwrap()
        .starts_with("image/svg+xml"));
    // The run page now links to the card.
    assert!(get_with(&app, &format!("/patronen/{run}"), &analyst)
        .text()
        .contains(&format!("/kaarten/{card}")));

    // The API: a facilitator's token reads the published card, with its figures.
    let f_token = token_for(&app, "facilitator@regio.nl");
    let (status, list) = api_get(&app, "/api/v1/cards", &f_token);
    assert_eq!(status, 200);
    assert_eq!(list[0]["observation"], observation);
    let (status, detail) = api_get(&app, &format!("/api/v1/cards/{card}"), &f_token);
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["typical_stories"].as_array().unwrap().len(), 2);
    assert_eq!(detail["figures"]["n"], strongest.n);
    assert_eq!(detail["figures"]["description"], sentence);
    let (status, _) = api_get(&app, "/api/v1/cards/geen-kaart", &f_token);
    assert_eq!(status, 404);
    let unauthorized = agent()
        .get(format!("{}/api/v1/cards", app.url))
        .call()
        .unwrap();
    assert_eq!(unauthorized.status(), 401);

    // The teller withdraws the second story: it leaves the card, page and API alike.
    let withdraw = get(&app, "/v/jeugdhulp/intrekken");
    let token = withdraw.field("token").unwrap();
    let done = post(
        &app,
        "/v/jeugdhulp/intrekken",
        &[("token", &token), ("lang", "nl"), ("code", &receipt)],
    );
    assert_eq!(done.status, 200, "{}", done.body);
    let after = get_with(&app, &format!("/kaarten/{card}"), &facilitator).text();
    assert!(!after.contains("niemand die belde"));
    assert!(!after.contains(&waited));
    let (_, detail) = api_get(&app, &format!("/api/v1/cards/{card}"), &f_token);
    assert_eq!(detail["typical_stories"].as_array().unwrap().len(), 1);
    // This run was evaluated from data outside the database: nothing to suggest, said so,
    // and nothing typed is lost.
    let asked = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", "Een nieuwe zin."),
            ("actie", "voorstellen"),
        ],
    );
    assert_eq!(asked.status, 200);
    assert!(asked.text().contains("geen verhalen voor te stellen"));
    assert!(asked.text().contains("Een nieuwe zin."));
    // And it can no longer be quoted.
    let stale = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", observation),
            ("interpretatie_a", "a"),
            ("interpretatie_b", "b"),
            ("verhaal", &waited),
            ("citaat", "niemand die belde"),
            ("actie", "opslaan"),
        ],
    );
    assert_eq!(stale.status, 400);
    assert!(stale
        .text()
        .contains("Dit verhaal mag niet geciteerd worden"));

    // Back to draft: gone for facilitators and the API; a draft can be deleted.
    let draft = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", observation),
            ("interpretatie_a", "a"),
            ("interpretatie_b", "b"),
            ("actie", "concept"),
        ],
    );
    assert_eq!(draft.status, 303, "{}", draft.text());
    assert_eq!(
        get_with(&app, &format!("/kaarten/{card}"), &facilitator).status,
        404
    );
    let (status, _) = api_get(&app, &format!("/api/v1/cards/{card}"), &f_token);
    assert_eq!(status, 404);
    let deleted = post_with(
        &app,
        &format!("/kaarten/{card}/verwijderen"),
        Some(&analyst),
        &[("csrf", &csrf)],
    );
    assert_eq!(deleted.status, 303);
    let list = get_with(&app, deleted.header("location").unwrap(), &analyst);
    assert!(list.text().contains("Het concept is verwijderd."));
    assert!(!unescape(&list.body).contains(observation));
}
on_every_backend!(an_analyst_writes_and_publishes_an_observation_card_that_facilitators_read);

fn typical_stories_are_suggested_from_the_extreme_groups_and_taken_over_when_ticked(app: TestApp) {
    let (analyst, csrf, _token, card) = card_from_a_run(&app);

    // Asking for suggestions saves nothing and keeps what was typed.
    let typed = "Ouders voelen zich minder gehoord dan professionals.";
    let asked = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", typed),
            ("interpretatie_a", "Ouders staan verder van de hulp af."),
            ("interpretatie_b", ""),
            ("actie", "voorstellen"),
        ],
    );
    assert_eq!(asked.status, 200, "{}", asked.text());
    let text = asked.text();
    assert!(text.contains("Voorgestelde typerende ervaringen"), "{text}");
    assert!(text.contains(typed));
    assert!(text.contains("Ouders staan verder van de hulp af."));
    assert_eq!(text.matches("name=\"voorstel\"").count(), 6, "{text}");
    let overnemen: Vec<&str> = text.lines().filter(|l| l.contains("Overnemen")).collect();
    assert!(
        text.contains("Overnemen: 'Rol van de verteller: ouder of verzorger'"),
        "{overnemen:?}"
    );
    assert!(text.contains("Overnemen: 'Rol van de verteller: professional'"));
    // Six different quotes: the same sentence is never offered twice.
    let mut quotes: Vec<String> = (0..6)
        .map(|i| asked.field(&format!("voorstel_citaat_{i}")).unwrap())
        .collect();
    quotes.sort();
    quotes.dedup();
    assert_eq!(quotes.len(), 6, "{quotes:?}");
    let card_page = get_with(&app, &format!("/kaarten/{card}"), &analyst);
    assert!(!card_page.text().contains(typed), "nothing was saved");

    // Two ticked suggestions become typical stories of the card, with their quotes.
    let field = |name: &str| asked.field(name).unwrap();
    let (first, fourth) = (field("voorstel_verhaal_0"), field("voorstel_verhaal_3"));
    let (quote_0, quote_3) = (field("voorstel_citaat_0"), field("voorstel_citaat_3"));
    let saved = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", typed),
            ("interpretatie_a", "Ouders staan verder van de hulp af."),
            ("interpretatie_b", ""),
            ("voorstel", "0"),
            ("voorstel", "3"),
            ("voorstel_verhaal_0", &first),
            ("voorstel_citaat_0", &quote_0),
            ("voorstel_verhaal_3", &fourth),
            ("voorstel_citaat_3", &quote_3),
            ("voorstel_verhaal_1", "niet-aangevinkt"),
            ("voorstel_citaat_1", "niet aangevinkt"),
            ("actie", "opslaan"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let shown = get_with(&app, &format!("/kaarten/{card}"), &analyst).text();
    assert!(shown.contains(&first) && shown.contains(&fourth), "{shown}");
    assert!(!shown.contains("niet-aangevinkt"));
    assert!(shown.contains(&quote_0));
    // Suggested again, the stories on the card are left out.
    let again = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("waarneming", typed),
            ("verhaal", &first),
            ("citaat", &quote_0),
            ("actie", "voorstellen"),
        ],
    );
    assert!(!again.text().contains(&format!("value=\"{first}\"><")));
    assert!(!again
        .text()
        .contains(&format!("name=\"voorstel_verhaal_0\" value=\"{first}\"")));
}
on_every_backend!(typical_stories_are_suggested_from_the_extreme_groups_and_taken_over_when_ticked);

fn a_card_is_compared_with_the_next_cycle_and_keeps_its_own_numbers(app: TestApp) {
    use diesel::RunQueryDsl;
    use vertelpunt_system_tests::staff::api_story;
    let (analyst, csrf, token, card) = card_from_a_run(&app);
    let before = get_with(&app, &format!("/kaarten/{card}"), &analyst).text();
    let original_n = before.contains("verhalen: 60");
    assert!(original_n, "{before}");
    // A year passes; this year's parents feel almost as heard as professionals.
    {
        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        diesel::sql_query("UPDATE stories SET submitted_at = '2025-06-01 12:00:00'")
            .execute(&mut conn)
            .unwrap();
    }
    for i in 0..20 {
        api_story(&app, &token, "ouder", None, 68 + i % 20);
        api_story(&app, &token, "professional", None, 70 + i % 20);
    }

    let form = get_with(&app, &format!("/kaarten/{card}/vergelijken"), &analyst);
    assert_eq!(form.status, 200, "{}", form.text());
    let unnamed = post_with(
        &app,
        &format!("/kaarten/{card}/vergelijken"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("van", "2026-01-01"),
        ],
    );
    assert_eq!(unnamed.status, 400);
    assert!(unnamed.text().contains("Geef de vergelijking een naam"));
    let empty = post_with(
        &app,
        &format!("/kaarten/{card}/vergelijken"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("naam", "2030"),
            ("punt", "jeugdhulp"),
            ("van", "2030-01-01"),
        ],
    );
    assert_eq!(empty.status, 422, "{}", empty.text());
    assert!(empty.text().contains("geen verhalen"));
    let compared = post_with(
        &app,
        &format!("/kaarten/{card}/vergelijken"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("naam", "2026"),
            ("punt", "jeugdhulp"),
            ("van", "2026-01-01"),
        ],
    );
    assert_eq!(compared.status, 303, "{}", compared.text());
    let page = get_with(&app, compared.header("location").unwrap(), &analyst);
    assert_eq!(page.status, 200, "{}", page.text());
    let text = page.text();
    assert!(
        text.contains("verhalen: 60") && text.contains("verhalen: 40"),
        "{text}"
    );
    assert!(text.contains("De kaart") && text.contains("2026"));
    assert!(
        text.contains("vanaf 2026-01-01"),
        "the selection is said: {text}"
    );
    // The gap shrank: a large effect on the card, a smaller one now.
    let effects: Vec<&str> = text.matches("(groot)").collect();
    assert_eq!(effects.len(), 1, "only the card's effect is large: {text}");
    let chart_path = page
        .attrs("img[src]", "src")
        .into_iter()
        .filter(|s| s.starts_with("/kaarten/") && s.contains("/vergelijkingen/"))
        .map(|s| s.split('?').next().unwrap().to_string())
        .next()
        .expect("the newer chart is shown");
    let chart = get_with(&app, &chart_path, &analyst);
    assert_eq!(chart.status, 200);
    assert!(chart.body.contains("<svg"));
    // The card keeps its numbers and lists the comparison.
    let after = get_with(&app, &format!("/kaarten/{card}"), &analyst).text();
    assert!(
        after.contains("verhalen: 60") && after.contains("2026"),
        "{after}"
    );
}
on_every_backend!(a_card_is_compared_with_the_next_cycle_and_keeps_its_own_numbers);

/// An analyst's card on "how heard, by role" from a run over 30 parents (who feel little heard)
/// and 30 professionals (who feel heard): gives the analyst's cookie, a form token, their API
/// token and the card's id.
fn card_from_a_run(app: &TestApp) -> (String, String, String, String) {
    card_from_a_run_with(app, false)
}

/// [`card_from_a_run`]; with `demo`, the parents' 30 stories are demo stories (synthetic) and
/// the run lets them in.
fn card_from_a_run_with(app: &TestApp, demo: bool) -> (String, String, String, String) {
    use diesel::RunQueryDsl;
    use vertelpunt_system_tests::staff::{api_story, run_to_the_end};
    create(app, "analist@regio.nl", UserRole::Analyst);
    let analyst = session_cookie(&sign_in(app, "analist@regio.nl", PASSWORD));
    let token = token_for(app, "analist@regio.nl");
    for i in 0..30 {
        api_story(app, &token, "ouder", None, 5 + i % 20);
        api_story(app, &token, "professional", None, 70 + i % 25);
    }
    if demo {
        let store = app.db.store();
        diesel::sql_query("UPDATE stories SET synthetic = TRUE WHERE role = 'ouder'")
            .execute(&mut store.conn().unwrap())
            .unwrap();
    }
    let csrf = get_with(app, "/patronen/nieuw", &analyst)
        .field("csrf")
        .unwrap();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("punt", "jeugdhulp"),
        ("drempels", "standaard"),
        ("soort", "numeric_by_group"),
    ];
    if demo {
        fields.push(("synthetisch", "1"));
    }
    let done = run_to_the_end(app, &analyst, &fields);
    // The job page sends the analyst on to the stored run.
    assert_eq!(done.status, 303, "{}", done.text());
    let run = {
        let store = app.db.store();
        vertelpunt_store::pattern_runs::list(&mut store.conn().unwrap()).unwrap()[0]
            .id
            .clone()
    };
    let made = post_with(
        app,
        &format!("/patronen/{run}/kaart"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            ("patroon", "numeric_by_group:gehoord|@rol"),
        ],
    );
    assert_eq!(made.status, 303, "{}", made.text());
    let card = made
        .header("location")
        .unwrap()
        .trim_start_matches("/kaarten/")
        .split(['/', '?'])
        .next()
        .unwrap()
        .to_string();
    (analyst, csrf, token, card)
}

fn demo_stories_are_marked_on_the_run_its_card_the_review_queue_and_the_dashboard(app: TestApp) {
    use diesel::RunQueryDsl;
    let (analyst, csrf, token, card) = card_from_a_run_with(&app, true);
    let badge = "class=\"demo-badge\"";
    let runs = get_with(&app, "/patronen", &analyst);
    assert!(runs.body.contains(badge), "{}", runs.text());
    let run_id = {
        let store = app.db.store();
        vertelpunt_store::pattern_runs::list(&mut store.conn().unwrap()).unwrap()[0]
            .id
            .clone()
    };
    let run = get_with(&app, &format!("/patronen/{run_id}"), &analyst).text();
    assert!(
        run.contains(
            "Gemaakt met 30 demoverhalen (synthetisch) van de 60: dat zijn geen echte verhalen."
        ),
        "{run}"
    );
    let shown = get_with(&app, &format!("/kaarten/{card}"), &analyst);
    assert!(shown.body.contains(badge), "{}", shown.text());
    assert!(shown
        .text()
        .contains("Gemaakt met 30 demoverhalen (synthetisch) van de 60"));
    let listed = get_with(&app, "/kaarten", &analyst);
    assert!(listed.body.contains(badge), "{}", listed.text());
    let english = get_with(&app, &format!("/kaarten/{card}?lang=en"), &analyst).text();
    assert!(
        english.contains("Made with 30 demo stories (synthetic) of 60"),
        "{english}"
    );
    // The start page counts the draft (in both languages), until it is published.
    let start = get_with(&app, "/start", &analyst).text();
    assert!(start.contains("1 kaart is nog een concept"), "{start}");
    let start = get_with(&app, "/start?lang=en", &analyst).text();
    assert!(start.contains("1 card is still a draft"), "{start}");
    // Through the API the published card says so too.
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    let typical = {
        let store = app.db.store();
        diesel::sql_query("SELECT id FROM stories WHERE role = 'professional' ORDER BY id LIMIT 1")
            .load::<Id>(&mut store.conn().unwrap())
            .unwrap()
            .remove(0)
            .id
    };
    let published = post_with(
        &app,
        &format!("/kaarten/{card}"),
        Some(&analyst),
        &[
            ("csrf", &csrf),
            (
                "waarneming",
                "Ouders voelen zich minder gehoord dan professionals.",
            ),
            ("interpretatie_a", "Ouders worden minder betrokken."),
            ("interpretatie_b", "Ouders verwachten meer."),
            ("verhaal", &typical),
            ("citaat", "begeleider luisterde echt"),
            ("actie", "publiceren"),
        ],
    );
    assert_eq!(published.status, 303, "{}", published.text());
    let start = get_with(&app, "/start", &analyst).text();
    assert!(!start.contains("nog een concept"), "{start}");
    let (status, detail) = api_get(&app, &format!("/api/v1/cards/{card}"), &token);
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["demo"], true);

    // A waiting demo story is marked in the review queue.
    {
        let store = app.db.store();
        diesel::sql_query(
            "UPDATE stories SET review_status = 'pending' WHERE id IN \
             (SELECT id FROM stories WHERE synthetic = TRUE ORDER BY id LIMIT 1)",
        )
        .execute(&mut store.conn().unwrap())
        .unwrap();
    }
    let queue = get_with(&app, "/beoordelen", &analyst);
    assert_eq!(queue.body.matches(badge).count(), 1, "{}", queue.text());

    // The dashboard says so when demo stories are counted, and not otherwise.
    let with = get_with(&app, "/overzicht?punt=jeugdhulp&synthetisch=1", &analyst).text();
    assert!(
        with.contains(
            "Hierin tellen 30 demoverhalen (synthetisch) mee: dat zijn geen echte verhalen."
        ),
        "{with}"
    );
    let without = get_with(&app, "/overzicht?punt=jeugdhulp", &analyst).text();
    assert!(!without.contains("Hierin tellen"), "{without}");
}
on_every_backend!(demo_stories_are_marked_on_the_run_its_card_the_review_queue_and_the_dashboard);

/// Suggestions that take longer than a request waits are found in the background: the form
/// goes to the search's progress page, which shows the form as typed with the suggestions once
/// the search is done. Here the request waits not at all, as with a million stories.
#[test]
fn suggestions_that_take_long_are_found_in_the_background_and_nothing_typed_is_lost() {
    use vertelpunt_store::testing::TestDatabase;
    let options = vertelpunt_web::WebOptions {
        quick_job_wait: std::time::Duration::ZERO,
        ..vertelpunt_web::WebOptions::default()
    };
    for db in TestDatabase::all() {
        let app = vertelpunt_system_tests::spawn_app_with(db, options.clone());
        let (analyst, csrf, _token, card) = card_from_a_run(&app);
        let typed = "Ouders voelen zich minder gehoord dan professionals.";
        let asked = post_with(
            &app,
            &format!("/kaarten/{card}"),
            Some(&analyst),
            &[
                ("csrf", &csrf),
                ("waarneming", typed),
                ("actie", "voorstellen"),
            ],
        );
        assert_eq!(asked.status, 303, "{}", asked.text());
        let job = asked.header("location").unwrap().to_string();
        assert!(job.starts_with("/kaarten/voorstellen/"), "{job}");
        let id = job
            .trim_start_matches("/kaarten/voorstellen/")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        // The search's page answers at once, whether it still runs (its progress) or is done.
        let first = get_with(&app, &job, &analyst);
        assert_eq!(first.status, 200, "{}", first.text());
        assert!(
            first.text().contains("Typerende verhalen zoeken")
                || first.text().contains("Voorgestelde typerende ervaringen"),
            "{}",
            first.text()
        );
        // The status the page's script reads, until the search is done.
        let begun = std::time::Instant::now();
        loop {
            let status = get_with(&app, &format!("/kaarten/voorstellen/{id}/stand"), &analyst);
            assert_eq!(status.status, 200);
            let standing: serde_json::Value = serde_json::from_str(&status.text()).unwrap();
            if standing["state"] == "done" {
                assert_eq!(
                    standing["href"],
                    format!("/kaarten/voorstellen/{id}?lang=nl")
                );
                break;
            }
            assert_eq!(standing["state"], "running", "{standing}");
            assert!(begun.elapsed().as_secs() < 30, "the search ends");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let page = get_with(&app, &job, &analyst);
        assert_eq!(page.status, 200);
        let text = page.text();
        assert!(text.contains("Voorgestelde typerende ervaringen"), "{text}");
        assert!(text.contains(typed), "what was typed comes back");
        assert_eq!(text.matches("name=\"voorstel\"").count(), 6, "{text}");
        assert!(
            !get_with(&app, &format!("/kaarten/{card}"), &analyst)
                .text()
                .contains(typed),
            "nothing was saved"
        );
        // A search the server does not know says so.
        let unknown = get_with(&app, "/kaarten/voorstellen/onbekend", &analyst);
        assert_eq!(unknown.status, 404);
        assert!(unknown.text().contains("niet (meer) bekend"));
    }
}
