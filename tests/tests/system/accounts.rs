//! An admin manages staff accounts on the web: makes one with a temporary password shown once,
//! changes its role, lifts a lock-out, sets a new password, deactivates and reactivates it — and
//! never their own role or account.

use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, post_with, session_cookie, sign_in, PASSWORD,
};
use vertelpunt_system_tests::Page;
use vertelpunt_system_tests::TestApp;

/// The temporary password a page shows once.
fn shown_password(page: &Page) -> String {
    let text = page.text();
    let at = text.find("<code>").expect("a password is shown") + 6;
    text[at..at + text[at..].find("</code>").unwrap()].to_string()
}

/// The form address of an account in the list.
fn account_action(page: &Page, email: &str) -> String {
    let text = page.text();
    let at = text
        .find(&format!(">{email}"))
        .unwrap_or_else(|| panic!("{email} is not listed: {text}"));
    let form = &text[at..];
    let start = form.find("action=\"").unwrap() + 8;
    form[start..start + form[start..].find('"').unwrap()].to_string()
}

fn an_admin_makes_changes_deactivates_and_reactivates_staff_accounts(app: TestApp) {
    create(&app, "beheer@example.nl", UserRole::Admin);
    create(&app, "analist@example.nl", UserRole::Analyst);
    let admin = session_cookie(&sign_in(&app, "beheer@example.nl", PASSWORD));
    let list = get_with(&app, "/beheer/accounts", &admin);
    assert_eq!(list.status, 200);
    assert!(list
        .text()
        .contains("href=\"/beheer/accounts?lang=nl\" aria-current=\"page\">Accounts</a>"));
    let csrf = list.field("csrf").unwrap();

    // Making an account: the temporary password is shown once and works.
    let made = post_with(
        &app,
        "/beheer/accounts",
        Some(&admin),
        &[
            ("csrf", &csrf),
            ("email", " Nieuw@Example.nl "),
            ("rol", "analyst"),
        ],
    );
    assert_eq!(made.status, 200, "{}", made.text());
    assert!(made
        .text()
        .contains("Het account nieuw@example.nl is gemaakt."));
    let password = shown_password(&made);
    assert_eq!(password.len(), 20);
    let newcomer = sign_in(&app, "nieuw@example.nl", &password);
    assert_eq!(newcomer.status, 303);
    let newcomer = session_cookie(&newcomer);
    assert_eq!(get_with(&app, "/patronen", &newcomer).status, 200);
    assert!(!get_with(&app, "/beheer/accounts", &admin)
        .text()
        .contains(&password));

    // Refusals keep what was typed.
    for (email, message) in [
        (
            "nieuw@example.nl",
            "Er is al een account met dit e-mailadres.",
        ),
        ("geen-adres", "Dat is geen e-mailadres."),
    ] {
        let refused = post_with(
            &app,
            "/beheer/accounts",
            Some(&admin),
            &[("csrf", &csrf), ("email", email), ("rol", "facilitator")],
        );
        assert_eq!(refused.status, 400);
        assert!(refused.text().contains(message), "{}", refused.text());
        assert!(refused.text().contains(&format!("value=\"{email}\"")));
        assert!(refused
            .text()
            .contains("<option value=\"facilitator\" selected>"));
    }

    // Another role: the analyst's pages close to a facilitator.
    let list = get_with(&app, "/beheer/accounts", &admin);
    let action = account_action(&list, "nieuw@example.nl");
    let changed = post_with(
        &app,
        &action,
        Some(&admin),
        &[("csrf", &csrf), ("actie", "rol"), ("rol", "facilitator")],
    );
    assert_eq!(changed.status, 303);
    let done = get_with(&app, changed.header("location").unwrap(), &admin);
    assert!(done
        .text()
        .contains("De rol van nieuw@example.nl is gewijzigd."));
    assert_eq!(get_with(&app, "/patronen", &newcomer).status, 403);
    assert_eq!(get_with(&app, "/verteltafel", &newcomer).status, 200);

    // A new temporary password ends the account's sessions.
    let reset = post_with(
        &app,
        &action,
        Some(&admin),
        &[("csrf", &csrf), ("actie", "wachtwoord")],
    );
    assert_eq!(reset.status, 200);
    let second = shown_password(&reset);
    assert_ne!(second, password);
    assert_eq!(get_with(&app, "/verteltafel", &newcomer).status, 303);
    assert_eq!(sign_in(&app, "nieuw@example.nl", &password).status, 401);
    assert_eq!(sign_in(&app, "nieuw@example.nl", &second).status, 303);

    // A lock-out after failed attempts, lifted by the admin.
    for _ in 0..5 {
        sign_in(&app, "analist@example.nl", "niet het wachtwoord");
    }
    let locked = get_with(&app, "/beheer/accounts", &admin);
    assert!(locked
        .text()
        .contains("Vergrendeld na te veel mislukte pogingen"));
    let analyst = account_action(&locked, "analist@example.nl");
    let unlocked = post_with(
        &app,
        &analyst,
        Some(&admin),
        &[("csrf", &csrf), ("actie", "ontgrendelen")],
    );
    assert_eq!(unlocked.status, 303);
    assert_eq!(sign_in(&app, "analist@example.nl", PASSWORD).status, 303);

    // Deactivated: no sign-in, sessions gone; reactivated: the same password works again.
    let signed_in = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let off = post_with(
        &app,
        &analyst,
        Some(&admin),
        &[("csrf", &csrf), ("actie", "deactiveren")],
    );
    assert_eq!(off.status, 303);
    assert_eq!(get_with(&app, "/patronen", &signed_in).status, 303);
    let refused = sign_in(&app, "analist@example.nl", PASSWORD);
    assert_eq!(refused.status, 401, "refused like a wrong password");
    let list = get_with(&app, "/beheer/accounts", &admin);
    assert!(list.text().contains(": kan niet inloggen."));
    assert!(list.text().contains("value=\"activeren\""));
    let on = post_with(
        &app,
        &analyst,
        Some(&admin),
        &[("csrf", &csrf), ("actie", "activeren")],
    );
    assert_eq!(on.status, 303);
    assert_eq!(sign_in(&app, "analist@example.nl", PASSWORD).status, 303);

    // Never one's own role or account; never without the form's token or as an analyst.
    let list = get_with(&app, "/beheer/accounts", &admin);
    let own = account_action(&list, "beheer@example.nl");
    let myself = post_with(
        &app,
        &own,
        Some(&admin),
        &[("csrf", &csrf), ("actie", "deactiveren")],
    );
    assert_eq!(myself.status, 400);
    assert!(myself
        .text()
        .contains("Je eigen rol wijzigen of je eigen account deactiveren kan niet"));
    assert_eq!(sign_in(&app, "beheer@example.nl", PASSWORD).status, 303);
    let forged = post_with(&app, &analyst, Some(&admin), &[("actie", "deactiveren")]);
    assert_eq!(forged.status, 403);
    let analyst_cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    assert_eq!(
        get_with(&app, "/beheer/accounts", &analyst_cookie).status,
        403
    );
}
on_every_backend!(an_admin_makes_changes_deactivates_and_reactivates_staff_accounts);
