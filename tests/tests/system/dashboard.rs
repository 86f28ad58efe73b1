//! The dashboard: who shares through which channel, never a group under five; and the
//! Vertelpunt the staff pages open on.

use super::staff::stored_project;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    api_story, create, get_with, session_cookie, sign_in, PASSWORD,
};
use vertelpunt_system_tests::{agent_no_redirects, Page, TestApp};

/// The cell after a row header in a table of the page, e.g. the count of a role.
pub(super) fn cell_after(text: &str, row_header: &str) -> String {
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
        page.attrs("option[selected], input[checked]", "value")
            .into_iter()
            .next()
            .expect("a chosen Vertelpunt")
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
