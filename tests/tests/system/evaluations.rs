//! An analyst starts a pattern evaluation on the web, follows it and reads its patterns and
//! charts; a form with mistakes comes back with every choice kept and each mistake named.

use vertelpunt_store::api_tokens;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    api_story, create, get_with, post_with, run_to_the_end, session_cookie, sign_in, PASSWORD,
};
use vertelpunt_system_tests::Page;
use vertelpunt_system_tests::TestApp;

/// The hidden CSRF token of a staff page.
fn csrf(page: &Page) -> String {
    page.field("csrf").expect("a CSRF token")
}

fn an_analyst_starts_an_evaluation_on_the_web_follows_it_and_reads_its_patterns_and_charts(
    app: TestApp,
) {
    let analyst = create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "tafel@example.nl", UserRole::Facilitator);
    let store = app.db.store();
    let token = api_tokens::create(&mut store.conn().unwrap(), &analyst, "test", None)
        .unwrap()
        .secret;
    // Parents feel heard far less than professionals: a pattern to find.
    for i in 0..30 {
        api_story(&app, &token, "ouder", None, 5 + i % 20);
        api_story(&app, &token, "professional", None, 70 + i % 25);
    }
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));

    let list = get_with(&app, "/patronen", &cookie);
    assert!(list
        .text()
        .contains("href=\"/patronen/nieuw?lang=nl\">Nieuwe patroonevaluatie starten</a>"));
    let form = get_with(&app, "/patronen/nieuw", &cookie);
    assert_eq!(form.status, 200);
    let text = form.text();
    assert!(
        text.contains("name=\"punt\" value=\"jeugdhulp\" checked"),
        "the first Vertelpunt is ticked: {text}"
    );
    assert!(text.contains("<option value=\"region=JR27\">Regio: "));
    assert!(text.contains("name=\"soort\" value=\"over_time\" checked"));
    let token = csrf(&form);

    // Mistakes: no Vertelpunt, a date that is none, an end before the start, and a
    // subgroup on the attribute already filtered on. Every choice stays as it was.
    let refused = post_with(
        &app,
        "/patronen/nieuw",
        Some(&cookie),
        &[
            ("csrf", &token),
            ("van", "2026-13-01"),
            ("tot", "2026-01-01"),
            ("rol", "ouder"),
            ("subgroep", "role=professional"),
            ("soort", "univariate"),
            ("drempels", "verkennend"),
            ("compleet", "1"),
        ],
    );
    assert_eq!(refused.status, 400);
    let text = refused.text();
    for message in [
        "Kies minstens één Vertelpunt.",
        "‘2026-13-01’ is geen datum; gebruik de vorm 2026-03-31.",
        "Je selecteert al op dit kenmerk, dus de rest zou leeg zijn.",
    ] {
        assert!(text.contains(message), "{message}: {text}");
    }
    for kept in [
        "value=\"2026-13-01\"",
        "value=\"2026-01-01\"",
        "<option value=\"ouder\" selected>",
        "<option value=\"role=professional\" selected>",
        "<option value=\"verkennend\" selected>",
        "name=\"compleet\" value=\"1\" checked",
        "name=\"soort\" value=\"univariate\" checked",
    ] {
        assert!(text.contains(kept), "{kept} kept: {text}");
    }
    assert!(!text.contains("name=\"soort\" value=\"words\" checked"));
    let dates = post_with(
        &app,
        "/patronen/nieuw?lang=en",
        Some(&cookie),
        &[
            ("csrf", &token),
            ("lang", "en"),
            ("punt", "jeugdhulp"),
            ("van", "2026-05-01"),
            ("tot", "2026-04-01"),
            ("drempels", "standaard"),
        ],
    );
    assert_eq!(dates.status, 400);
    assert!(dates
        .text()
        .contains("The end date is before the start date."));
    assert!(dates
        .text()
        .contains("Choose at least one kind of pattern."));

    // Without the form's token, or as a facilitator: refused.
    let forged = post_with(
        &app,
        "/patronen/nieuw",
        Some(&cookie),
        &[("punt", "jeugdhulp"), ("soort", "univariate")],
    );
    assert_eq!(forged.status, 403);
    let facilitator = session_cookie(&sign_in(&app, "tafel@example.nl", PASSWORD));
    assert_eq!(get_with(&app, "/patronen/nieuw", &facilitator).status, 403);

    // A selection without stories runs, says so, and stores nothing.
    let failed = run_to_the_end(
        &app,
        &cookie,
        &[
            ("csrf", &token),
            ("punt", "jeugdhulp"),
            ("rol", "jongere"),
            ("drempels", "standaard"),
            ("soort", "univariate"),
        ],
    );
    assert_eq!(failed.status, 200);
    assert!(
        failed
            .text()
            .contains("Deze selectie bevat geen verhalen (60 verhalen vóór het selecteren"),
        "{}",
        failed.text()
    );

    // Conditions on answers: each bad line is named with what to write instead, and
    // everything typed comes back.
    let typed = "gehoord\nbestaat_niet=1\ngevolgen=9\ngehoord=veel\ngevolgen>=2";
    let conditions = post_with(
        &app,
        "/patronen/nieuw",
        Some(&cookie),
        &[
            ("csrf", &token),
            ("punt", "jeugdhulp"),
            ("voorwaarden", typed),
            ("drempels", "standaard"),
            ("soort", "univariate"),
        ],
    );
    assert_eq!(conditions.status, 400);
    let text = conditions.text();
    for message in [
        "Regel 1 (‘gehoord’) is geen voorwaarde",
        "Regel 2: er is geen vraag ‘bestaat_niet’ bij deze Vertelpunten",
        "Regel 3: ‘9’ is geen optie van ‘gevolgen’; de opties zijn 1, 2, 3, 4, 5.",
        "Regel 4: ‘gehoord’ is een schuif; geef een bereik",
        "Regel 5: ‘gevolgen’ is een keuzevraag",
    ] {
        assert!(text.contains(message), "{message}: {text}");
    }
    assert!(text.contains(typed), "the conditions are kept");
    // A condition narrows the stories: only those who felt heard (the professionals).
    let heard = run_to_the_end(
        &app,
        &cookie,
        &[
            ("csrf", &token),
            ("punt", "jeugdhulp"),
            ("voorwaarden", "gehoord>=50\ngevolgen=4,5"),
            ("drempels", "standaard"),
            ("soort", "univariate"),
        ],
    );
    assert_eq!(heard.status, 303, "{}", heard.text());
    let page = get_with(&app, heard.header("location").unwrap(), &cookie);
    assert!(
        page.text().contains("30 verhalen uit jeugdhulp"),
        "{}",
        page.text()
    );

    // The real run: every family, parents against the rest.
    let done = run_to_the_end(
        &app,
        &cookie,
        &[
            ("csrf", &token),
            ("punt", "jeugdhulp"),
            ("subgroep", "role=ouder"),
            ("drempels", "standaard"),
            ("soort", "univariate"),
            ("soort", "numeric_by_group"),
            ("soort", "subgroup"),
        ],
    );
    assert_eq!(done.status, 303, "a stored run opens: {}", done.text());
    let run = done.header("location").unwrap().to_string();
    let page = get_with(&app, &run, &cookie);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("60 verhalen uit jeugdhulp"), "{text}");
    // The strongest pattern: feeling heard differs between the roles, with its chart.
    let first = &text[text.find("<article").unwrap()..];
    let first = &first[..first.find("</article>").unwrap()];
    assert!(first.contains("Nr. 1 ·"), "{first}");
    assert!(
        first.contains("Gehoord voelen × Rol van de verteller"),
        "{first}"
    );
    let src_at = first.find("<img src=\"").expect("the chart") + 10;
    let src = &first[src_at..src_at + first[src_at..].find('"').unwrap()];
    assert!(src.contains("/grafiek/charts/001-"), "{src}");
    let chart = get_with(&app, src, &cookie);
    assert_eq!(chart.status, 200);
    assert_eq!(
        chart.header("content-type"),
        Some("image/svg+xml; charset=utf-8")
    );
    assert!(chart.body.starts_with("<svg") && chart.body.contains("n = 60"));
    assert!(chart.header("content-security-policy").is_some());
    // Every question's distribution is kept too.
    let univariate = get_with(&app, &format!("{run}&familie=univariate"), &cookie);
    assert!(
        univariate
            .text()
            .contains("/grafiek/verdelingen/univariate-gehoord.svg"),
        "{}",
        univariate.text()
    );
    assert_eq!(get_with(&app, src, &facilitator).status, 403);
    let missing = src.replace("charts/001-", "charts/999-");
    assert_eq!(get_with(&app, &missing, &cookie).status, 404);

    // The run is in the list, and an unknown job is named as such.
    let list = get_with(&app, "/patronen", &cookie);
    let run_id = run
        .trim_start_matches("/patronen/")
        .split('?')
        .next()
        .unwrap();
    assert!(list.text().contains(run_id));
    let unknown = get_with(&app, "/patronen/taak/bestaat-niet", &cookie);
    assert_eq!(unknown.status, 404);
    assert!(unknown
        .text()
        .contains("Deze patroonevaluatie is hier niet bekend."));
}
on_every_backend!(
    an_analyst_starts_an_evaluation_on_the_web_follows_it_and_reads_its_patterns_and_charts
);
