//! An analyst reads stories, finds them by word and role, gives them a theme, and compares that
//! theme with the rest in a pattern evaluation.

use vertelpunt_store::api_tokens;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::agent;
use vertelpunt_system_tests::staff::{
    api_story, create, get_with, post_with, run_to_the_end, session_cookie, sign_in, PASSWORD,
};
use vertelpunt_system_tests::TestApp;

fn an_analyst_finds_stories_gives_them_a_theme_and_compares_the_theme_with_the_rest(app: TestApp) {
    let analyst = create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "tafel@example.nl", UserRole::Facilitator);
    let store = app.db.store();
    let token = api_tokens::create(&mut store.conn().unwrap(), &analyst, "test", None)
        .unwrap()
        .secret;
    for i in 0..30 {
        api_story(&app, &token, "ouder", None, 5 + i % 20);
        api_story(&app, &token, "professional", None, 70 + i % 25);
    }
    // A text with a phone number waits for review and is not shown here.
    let flagged = agent()
        .post(format!(
            "{}/api/v1/collection-points/jeugdhulp/stories",
            app.url
        ))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(serde_json::json!({
            "role": "ouder",
            "story": "Bel me over de wachtlijst op 06-12345678, dan vertel ik meer.",
            "details_confirmed": true
        }))
        .unwrap();
    assert_eq!(flagged.status(), 201);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));

    let page = get_with(&app, "/verhalen", &cookie);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("61 verhalen gevonden."), "{text}");
    assert!(text.contains("Pagina 1 van 3."), "{text}");
    assert!(
        text.contains("href=\"/verhalen?lang=nl\""),
        "in the staff bar"
    );
    assert_eq!(text.matches("<article").count(), 25);
    // Newest first: the flagged story, without its text.
    let first = &text[text.find("<article").unwrap()..];
    let first = &first[..first.find("</article>").unwrap()];
    assert!(first.contains("wacht op beoordeling"), "{first}");
    assert!(!text.contains("06-12345678"));

    let found = get_with(
        &app,
        "/verhalen?punt=jeugdhulp&zoek=LUISTERDE+begeleider&rol=professional",
        &cookie,
    );
    assert!(
        found.text().contains("30 verhalen gevonden."),
        "{}",
        found.text()
    );
    let none = get_with(&app, "/verhalen?zoek=luisterde+nooit", &cookie);
    assert!(none.text().contains("0 verhalen gevonden."));

    // A theme that is no theme: refused, the typed text kept, nothing tagged.
    let csrf = page.field("csrf").unwrap();
    let ids: Vec<String> = text
        .match_indices("name=\"verhaal\" value=\"")
        .map(|(at, m)| text[at + m.len()..at + m.len() + 36].to_string())
        .collect();
    assert_eq!(ids.len(), 25);
    let refused = post_with(
        &app,
        "/verhalen/thema",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("nieuw_thema", "wacht<lijst>"),
            ("verhaal", &ids[1]),
        ],
    );
    assert_eq!(refused.status, 400);
    assert!(refused
        .text()
        .contains("Een thema bestaat uit letters, cijfers, spaties en streepjes."));
    assert!(refused.text().contains("value=\"wacht<lijst>\""));
    let nothing = post_with(
        &app,
        "/verhalen/thema",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("nieuw_thema", "school"),
        ],
    );
    assert_eq!(nothing.status, 400);
    assert!(nothing
        .text()
        .contains("Vink eerst één of meer verhalen aan"));

    // Two ticked stories, then every parent's story found: tagged once each.
    let ticked = post_with(
        &app,
        "/verhalen/thema",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("nieuw_thema", "  Lange Wachtlijst "),
            ("verhaal", &ids[1]),
            ("verhaal", &ids[2]),
        ],
    );
    assert_eq!(ticked.status, 303);
    let back = ticked.header("location").unwrap().to_string();
    let done = get_with(&app, &back, &cookie);
    assert!(
        done.text()
            .contains("2 verhalen hebben nu ook het thema ‘lange-wachtlijst’."),
        "{}",
        done.text()
    );
    let all = post_with(
        &app,
        "/verhalen/thema",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("rol", "ouder"),
            ("zoek", "begeleider"),
            ("nieuw_thema", "lange-wachtlijst"),
            ("alle", "1"),
        ],
    );
    assert_eq!(all.status, 303);
    let back = all.header("location").unwrap().to_string();
    assert!(
        back.contains("rol=ouder") && back.contains("zoek=begeleider"),
        "{back}"
    );
    let tagged = get_with(&app, "/verhalen?thema=lange-wachtlijst", &cookie);
    let count = tagged.text();
    assert!(
        count.contains("<option value=\"lange-wachtlijst\" selected>lange-wachtlijst (")
            && count.contains(" verhalen gevonden."),
        "{count}"
    );
    let n: usize = count[count.find("<strong>").unwrap() + 8..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // The 30 parents' stories and the professional's story ticked before (newest first:
    // the flagged story, then the last professional's, then the last parent's).
    assert_eq!(n, 31);

    // Taking a theme off one story.
    let one = &ids[1];
    let removed = post_with(
        &app,
        "/verhalen/thema/weg",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("verhaal", one),
            ("nieuw_thema", "lange-wachtlijst"),
        ],
    );
    assert_eq!(removed.status, 303);
    let after = get_with(&app, "/verhalen?thema=lange-wachtlijst", &cookie);
    assert!(
        after.text().contains("30 verhalen gevonden."),
        "{}",
        after.text()
    );

    // Facilitators do not read here; a form without its token changes nothing.
    let facilitator = session_cookie(&sign_in(&app, "tafel@example.nl", PASSWORD));
    assert_eq!(get_with(&app, "/verhalen", &facilitator).status, 403);
    let forged = post_with(
        &app,
        "/verhalen/thema",
        Some(&cookie),
        &[("punt", "jeugdhulp"), ("nieuw_thema", "x"), ("alle", "1")],
    );
    assert_eq!(forged.status, 403);

    // The theme against the rest in a pattern evaluation.
    let form = get_with(&app, "/patronen/nieuw", &cookie);
    assert!(form
        .text()
        .contains("<option value=\"theme=lange-wachtlijst\">Thema: lange-wachtlijst ("));
    let done = run_to_the_end(
        &app,
        &cookie,
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("subgroep", "theme=lange-wachtlijst"),
            ("drempels", "standaard"),
            ("soort", "subgroup"),
        ],
    );
    assert_eq!(done.status, 303, "the run opens: {}", done.text());
    let run = done.header("location").unwrap().to_string();
    let patterns = get_with(&app, &run, &cookie).text();
    assert!(
        patterns.contains("subgroep tegen de rest") && patterns.contains("thema: lange-wachtlijst"),
        "{patterns}"
    );
}
on_every_backend!(an_analyst_finds_stories_gives_them_a_theme_and_compares_the_theme_with_the_rest);

/// A 3,000-word search gave 503 on SQLite ("Expression tree is too large") and took 3 s on
/// PostgreSQL. Now the page says how many words a search may have, and searches nothing.
fn a_search_of_thousands_of_words_is_refused_with_a_message(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
    let page = get_with(
        &app,
        &format!("/verhalen?zoek={}", words.join("+")),
        &cookie,
    );
    assert_eq!(
        page.status,
        200,
        "{}",
        &page.body[..page.body.len().min(400)]
    );
    assert!(
        page.text()
            .contains("Zoek op hoogstens 12 woorden tegelijk. Er is nu niet gezocht."),
        "{}",
        page.text()
    );
    let twelve = words[..12].join("+");
    let fine = get_with(&app, &format!("/verhalen?zoek={twelve}"), &cookie);
    assert_eq!(fine.status, 200);
    assert!(!fine.text().contains("Zoek op hoogstens"));
}
on_every_backend!(a_search_of_thousands_of_words_is_refused_with_a_message);
