//! The public Vertelpunt over HTTP, as a teller uses it: landing, the story form for every role
//! and every question kind, every kind of bad input (each with its exact message and the form
//! still filled in), the thank-you page with receipt, and withdrawal. On every backend.

use vertelpunt_store::stories::{self, StoryFilter};
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_store::{channels, projects};
use vertelpunt_system_tests::{
    add_collection_point, get, post, spawn_app, spawn_app_with, Page, TestApp,
};
use vertelpunt_web::WebOptions;

const STORY: &str =
    "Mijn zoon kreeg eindelijk hulp van het wijkteam en de hulpverlener luisterde echt naar ons.";

/// Opens the form for a role and returns it with its hidden fields.
fn open_form(app: &TestApp, query: &str) -> Page {
    let page = get(app, &format!("/v/jeugdhulp/vertel?{query}"));
    assert_eq!(page.status, 200, "{}", page.body);
    page
}

/// A complete answer set for every question kind of the core questionnaire.
fn full_answers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("verhaal", STORY),
        ("titel", "Eindelijk gehoord"),
        ("q.gevolgen", "4"),
        ("q.gehoord", "85"),
        ("q.juiste_hulp", "70"),
        ("q.op_tijd.nvt", "1"),
        ("q.duidelijkheid", "0"),
        ("q.belangrijk.a", "60"),
        ("q.belangrijk.b", "10"),
        ("q.belangrijk.c", "30"),
        ("q.gevoel", "opgelucht"),
        ("q.wie_hielp", "wijkteam"),
        ("q.wie_hielp", "school"),
        ("q.soort_hulp", "lichte_jeugdhulp"),
        ("q.frequentie", "nvt"),
        ("q.leeftijd", "4_12"),
        ("q.regio", "JR01"),
        ("q.meta", "5"),
        ("q.toelichting", "Dank voor het vragen."),
    ]
}

/// Sends the form `page` with the role's hidden fields and `answers`.
fn send(app: &TestApp, page: &Page, role: &str, answers: &[(&str, &str)]) -> Page {
    let token = page.field("token").expect("token");
    let id = page.field("id").expect("story id");
    let lang = page.field("lang").unwrap_or_else(|| "nl".into());
    let bron = page.field("bron").unwrap_or_default();
    let mut fields: Vec<(&str, &str)> = vec![
        ("rol", role),
        ("lang", &lang),
        ("bron", &bron),
        ("id", &id),
        ("token", &token),
        ("website", ""),
    ];
    // A test that sends its own value for one of these replaces it.
    fields.retain(|(k, _)| !answers.iter().any(|(a, _)| a == k));
    fields.extend_from_slice(answers);
    post(app, "/v/jeugdhulp/vertel", &fields)
}

fn receipt_of(page: &Page) -> String {
    page.texts("#intrekcode")
        .into_iter()
        .next()
        .expect("receipt code on the page")
}

fn count(app: &TestApp) -> i64 {
    let store = app.db.store();
    stories::count(&mut store.conn().unwrap(), &StoryFilter::default()).unwrap()
}

fn the_landing_page_promises_privacy_and_offers_three_roles(app: TestApp) {
    let page = get(&app, "/v/jeugdhulp");
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("We bewaren geen IP-adres"));
    assert!(text.contains("Heb je dringend hulp nodig?"));
    assert!(
        text.contains("neem contact op met je gemeente")
            || text.contains("contact op met je gemeente")
    );
    for label in [
        "Ik ben een kind of jongere",
        "Ik ben ouder of verzorger",
        "Ik ben professional",
    ] {
        assert!(text.contains(label), "missing role button {label}");
    }
    assert!(text.contains("/v/jeugdhulp/vertel?rol=ouder&lang=nl"));
    assert!(
        page.header("set-cookie").is_none(),
        "the public pages set no cookies"
    );
    let english = get(&app, "/v/jeugdhulp?lang=en");
    assert!(english.text().contains("I am a parent or carer"));
    assert!(english.body.contains("<html lang=\"en\">"));
    assert_eq!(get(&app, "/v/bestaat-niet").status, 404);
}
on_every_backend!(the_landing_page_promises_privacy_and_offers_three_roles);

fn the_root_leads_to_the_open_vertelpunten_a_session_and_the_sign_in(app: TestApp) {
    let page = get(&app, "/");
    assert_eq!(page.status, 200, "{}", page.text());
    let text = page.text();
    assert!(text.contains("href=\"/v/jeugdhulp?lang=nl\""), "{text}");
    assert!(text.contains("/doe-mee") && text.contains("/inloggen"));
    assert!(page.header("set-cookie").is_none());
    assert!(get(&app, "/?lang=en")
        .text()
        .contains("Share your experience"));
    // Every page has its icon.
    assert!(page.body.contains("rel=\"icon\""));
    let icon = get(&app, "/static/favicon.svg");
    assert_eq!(icon.status, 200);
    assert!(icon
        .header("content-type")
        .unwrap()
        .starts_with("image/svg+xml"));
}
on_every_backend!(the_root_leads_to_the_open_vertelpunten_a_session_and_the_sign_in);

fn every_role_shares_a_story_answering_every_question_kind_and_can_withdraw_it(app: TestApp) {
    for role in ["jongere", "ouder", "professional"] {
        let form = open_form(&app, &format!("rol={role}"));
        let mut answers = full_answers();
        if role == "professional" {
            assert!(
                form.body.contains("q.professional_rol"),
                "professionals get their own question"
            );
            answers.push(("q.professional_rol", "wijkteam"));
        } else {
            assert!(!form.body.contains("q.professional_rol"));
        }
        let thanks = send(&app, &form, role, &answers);
        assert_eq!(thanks.status, 200, "{}", thanks.body);
        assert!(thanks.text().contains("Bedankt voor je verhaal!"));
        let code = receipt_of(&thanks);
        assert_eq!(code.len(), 12, "receipt {code}");

        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        let id = form.field("id").unwrap();
        let story = stories::get(&mut conn, &id).unwrap();
        assert_eq!(story.role, role);
        assert_eq!(story.body, STORY);
        assert_eq!(story.title.as_deref(), Some("Eindelijk gehoord"));
        assert_eq!(story.region_code.as_deref(), Some("JR01"));
        assert!(story.complete);
        assert!(!story.flagged);
        assert_eq!(story.source, "vertelpunt");
        let answers = stories::answers_of(&mut conn, &id).unwrap();
        let expected = if role == "professional" { 15 } else { 14 };
        assert_eq!(answers.len(), expected, "{answers:?}");
        use vertelpunt_model::AnswerValue::*;
        assert_eq!(answers["gehoord"], Slider { value: 85 });
        assert_eq!(answers["duidelijkheid"], Slider { value: 0 });
        assert_eq!(answers["op_tijd"], NotApplicable);
        assert_eq!(answers["frequentie"], NotApplicable);
        assert_eq!(answers["gevolgen"], Scale { option: "4".into() });
        assert_eq!(
            answers["belangrijk"],
            Triad {
                shares: [60.0, 10.0, 30.0]
            }
        );
        assert_eq!(
            answers["wie_hielp"],
            MultipleChoice {
                options: vec!["school".into(), "wijkteam".into()]
            }
        );
        assert_eq!(
            answers["toelichting"],
            FreeText {
                text: "Dank voor het vragen.".into()
            }
        );
        assert_eq!(
            answers["regio"],
            Region {
                code: "JR01".into()
            }
        );
        assert!(
            !answers.contains_key("zeggenschap"),
            "an untouched slider records no answer"
        );
        drop(conn);

        let before = count(&app);
        let withdraw = get(&app, "/v/jeugdhulp/intrekken");
        let token = withdraw.field("token").unwrap();
        let typed = code.to_lowercase().replace('-', " ");
        let done = post(
            &app,
            "/v/jeugdhulp/intrekken",
            &[("token", &token), ("lang", "nl"), ("code", &typed)],
        );
        assert_eq!(done.status, 200, "{}", done.body);
        assert!(done.text().contains("Je verhaal is ingetrokken"));
        assert_eq!(
            count(&app),
            before - 1,
            "a withdrawn story leaves every count"
        );
        let mut conn = store.conn().unwrap();
        assert_eq!(
            stories::get(&mut conn, &id).unwrap().body,
            "",
            "the text is erased"
        );
        assert!(
            stories::answers_of(&mut conn, &id).unwrap().is_empty(),
            "the answers are erased"
        );
        let again = post(
            &app,
            "/v/jeugdhulp/intrekken",
            &[("token", &token), ("lang", "nl"), ("code", &code)],
        );
        assert!(again.text().contains("Dit verhaal was al ingetrokken."));
    }
    let unknown = get(&app, "/v/jeugdhulp/intrekken");
    let token = unknown.field("token").unwrap();
    let page = post(
        &app,
        "/v/jeugdhulp/intrekken",
        &[("token", &token), ("code", "AAAA-BBBB-CC")],
    );
    assert_eq!(page.status, 404);
    assert!(page
        .text()
        .contains("We vinden geen verhaal bij deze code."));
    assert!(
        page.body.contains("value=\"AAAA-BBBB-CC\""),
        "the code typed stays in the field"
    );
}
on_every_backend!(every_role_shares_a_story_answering_every_question_kind_and_can_withdraw_it);

/// Sends a full form with one change and checks the status, the exact message and that the
/// story and other answers came back.
fn refused(
    app: &TestApp,
    change: &[(&'static str, &'static str)],
    drop: &[&str],
    status: u16,
    message: &str,
) -> Page {
    let form = open_form(app, "rol=ouder");
    let mut answers: Vec<(&str, &str)> = full_answers()
        .into_iter()
        .filter(|(k, _)| !drop.contains(k) && !change.iter().any(|(c, _)| c == k))
        .collect();
    answers.extend_from_slice(change);
    let before = count(app);
    let page = send(app, &form, "ouder", &answers);
    assert_eq!(page.status, status, "{message}: {}", page.body);
    let text = page.text();
    assert!(text.contains(message), "expected «{message}» in:\n{text}");
    if !drop.contains(&"verhaal") && !change.iter().any(|(k, _)| *k == "verhaal") {
        assert!(text.contains(STORY), "the story is still filled in");
    }
    assert!(
        text.contains("value=\"85\""),
        "the slider answer is still filled in"
    );
    if !change.iter().any(|(k, _)| *k == "q.gevoel") {
        assert!(
            text.contains("value=\"opgelucht\" checked"),
            "the chosen option is still checked"
        );
    } else {
        assert!(
            text.contains("value=\"opgelucht\">"),
            "no option is made up"
        );
    }
    assert!(text.contains("value=\"school\" aria-describedby=\"vraag-wie_hielp-max\" checked"));
    assert!(text.contains("name=\"q.belangrijk.a\" value=\"60\""));
    assert!(text.contains("Dank voor het vragen."));
    assert_eq!(count(app), before, "nothing was stored");
    page
}

fn bad_input_gets_its_own_message_and_the_form_comes_back_filled_in(app: TestApp) {
    refused(
        &app,
        &[],
        &["verhaal"],
        422,
        "Vertel je ervaring: dit veld is verplicht.",
    );
    let long: &'static str = Box::leak("woord ".repeat(3_334).into_boxed_str()); // 20,004 chars
    let page = refused(
        &app,
        &[("verhaal", long)],
        &[],
        422,
        "Je verhaal is 20.003 tekens lang. Het mag maximaal 20.000 tekens zijn",
    );
    assert!(
        page.text().contains(long.trim()),
        "the too-long story is kept whole"
    );
    refused(
        &app,
        &[("q.gehoord", "150"), ("q.juiste_hulp", "85")],
        &[],
        422,
        "Kies een getal van 0 tot 100 (je vulde 150 in).",
    );
    refused(
        &app,
        &[("q.juiste_hulp", "veel"), ("q.gehoord", "85")],
        &[],
        422,
        "Vul een heel getal in van 0 tot 100.",
    );
    refused(
        &app,
        &[("q.belangrijk.b", "20")],
        &[],
        422,
        "De drie delen moeten samen 100 zijn; nu is het samen 110.",
    );
    refused(
        &app,
        &[("q.belangrijk.b", "")],
        &[],
        422,
        "Vul alle drie de delen in, of laat ze alle drie leeg.",
    );
    refused(
        &app,
        &[
            ("q.wie_hielp", "huisarts"),
            ("q.wie_hielp", "gi"),
            ("q.wie_hielp", "school"),
            ("q.wie_hielp", "wijkteam"),
        ],
        &[],
        422,
        "Je koos er 4; kies er maximaal 3.",
    );
    refused(
        &app,
        &[("q.gevoel", "woedend")],
        &["q.gevoel"],
        422,
        "Die keuze bestaat niet.",
    );
    refused(
        &app,
        &[("q.bestaat_niet", "1")],
        &[],
        422,
        "Het formulier bevatte een vraag die hier niet bestaat (‘bestaat_niet’).",
    );
    refused(
        &app,
        &[("q.professional_rol", "wijkteam")],
        &[],
        422,
        "(‘professional_rol’)",
    );
    refused(
        &app,
        &[("q.regio", "JR99")],
        &[],
        422,
        "Kies een regio uit de lijst.",
    );
    refused(
        &app,
        &[("website", "http://spam.example")],
        &[],
        400,
        "omdat het veld ‘Laat dit veld leeg’ is ingevuld",
    );
    refused(
        &app,
        &[("token", "1.bogus")],
        &[],
        400,
        "Dit formulier kon niet worden gecontroleerd.",
    );

    // English tellers get English messages.
    let form = open_form(&app, "rol=ouder&lang=en");
    let page = send(&app, &form, "ouder", &[("q.gehoord", "101")]);
    assert_eq!(page.status, 422);
    let text = page.text();
    assert!(text.contains("Tell your experience: this field is required."));
    assert!(text.contains("Choose a number from 0 to 100 (you entered 101)."));
    assert!(text.contains("<html lang=\"en\">"));
}
on_every_backend!(bad_input_gets_its_own_message_and_the_form_comes_back_filled_in);

fn a_closed_collection_point_says_so_and_accepts_nothing(app: TestApp) {
    add_collection_point(
        &app,
        "voorbij",
        "Voorbij",
        Some(vertelpunt_store::now() + chrono::Duration::seconds(2)),
    );
    let form = get(&app, "/v/voorbij/vertel?rol=ouder");
    assert_eq!(form.status, 200);
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    let landing = get(&app, "/v/voorbij");
    assert!(landing.text().contains("Dit Vertelpunt is gesloten"));
    assert!(!landing.text().contains("Ik ben ouder of verzorger"));
    let token = form.field("token").unwrap();
    let id = form.field("id").unwrap();
    let page = post(
        &app,
        "/v/voorbij/vertel",
        &[
            ("rol", "ouder"),
            ("id", &id),
            ("token", &token),
            ("verhaal", STORY),
        ],
    );
    assert_eq!(page.status, 403);
    assert!(page
        .text()
        .contains("Dit Vertelpunt is gesloten en neemt geen verhalen meer aan."));
    assert!(
        page.text().contains(STORY),
        "the teller can still copy their text"
    );
    assert!(
        !page.text().contains("Verhaal versturen"),
        "no send button on a closed form"
    );
    assert_eq!(count(&app), 0);
}
on_every_backend!(a_closed_collection_point_says_so_and_accepts_nothing);

#[test]
fn over_the_rate_limit_the_teller_is_asked_to_try_later_with_nothing_lost() {
    let app = spawn_app_with(
        TestDatabase::sqlite(),
        WebOptions {
            submissions_per_hour: 10,
            submission_burst: 2,
            ..WebOptions::default()
        },
    );
    for _ in 0..2 {
        let form = open_form(&app, "rol=ouder");
        assert_eq!(send(&app, &form, "ouder", &full_answers()).status, 200);
    }
    let form = open_form(&app, "rol=ouder");
    let page = send(&app, &form, "ouder", &full_answers());
    assert_eq!(page.status, 429);
    assert!(page
        .text()
        .contains("Probeer het straks opnieuw: je verhaal en antwoorden staan er nog."));
    assert!(page.text().contains(STORY));
    assert_eq!(page.header("retry-after"), Some("360"));
    assert_eq!(count(&app), 2);
}

fn identifying_details_are_pointed_out_before_sending_and_flag_the_story(app: TestApp) {
    let form = open_form(&app, "rol=jongere");
    let story = "Bel me gerust op 06-12345678 of mail naar sanne@example.nl, want de hulp kwam veel te laat.";
    let mut answers = full_answers();
    answers[0] = ("verhaal", story);
    let notice = send(&app, &form, "jongere", &answers);
    assert_eq!(notice.status, 200);
    let text = notice.text();
    assert!(
        text.contains("lijkt op een e-mailadres en een telefoonnummer")
            || text.contains("lijkt op een telefoonnummer en een e-mailadres"),
        "{text}"
    );
    assert!(text.contains("Toch zo versturen"));
    assert!(text.contains(story));
    assert_eq!(count(&app), 0, "nothing stored before the teller decides");
    let mut again = answers.clone();
    again.push(("bevestig_details", "1"));
    let thanks = send(&app, &notice, "jongere", &again);
    assert_eq!(thanks.status, 200);
    assert!(thanks.text().contains("leest eerst een medewerker het"));
    let store = app.db.store();
    let stored = stories::get(&mut store.conn().unwrap(), &form.field("id").unwrap()).unwrap();
    assert!(stored.flagged);
    assert_eq!(stored.review_status, stories::review::PENDING);
}
on_every_backend!(identifying_details_are_pointed_out_before_sending_and_flag_the_story);

#[test]
fn the_same_form_sent_twice_is_stored_once() {
    let app = spawn_app(TestDatabase::sqlite());
    let form = open_form(&app, "rol=ouder");
    assert_eq!(send(&app, &form, "ouder", &full_answers()).status, 200);
    let second = send(&app, &form, "ouder", &full_answers());
    assert_eq!(second.status, 200);
    assert!(second.text().contains("Dit verhaal hadden we al"));
    assert_eq!(count(&app), 1);
}

fn campaign_links_attach_known_channels_and_keep_unknown_ones_as_onbekend(app: TestApp) {
    let store = app.db.store();
    let project = projects::find_by_slug(&mut store.conn().unwrap(), "landelijk")
        .unwrap()
        .unwrap();
    let nieuwsbrief = channels::ensure(
        &mut store.conn().unwrap(),
        &project.id,
        "nieuwsbrief",
        "Nieuwsbrief",
    )
    .unwrap();
    let onbekend = channels::find(&mut store.conn().unwrap(), &project.id, channels::UNKNOWN)
        .unwrap()
        .unwrap();
    std::thread::sleep(vertelpunt_web::support::catalog::TTL); // the new channel reaches the cache
    for (bron, expected) in [
        ("nieuwsbrief", &nieuwsbrief.id),
        ("tiktok-2026", &onbekend.id),
        ("verteltafel", &onbekend.id),
    ] {
        let landing = get(&app, &format!("/v/jeugdhulp?bron={bron}"));
        assert!(
            landing
                .text()
                .contains(&format!("rol=ouder&lang=nl&bron={bron}")),
            "the channel travels with the role link"
        );
        let form = open_form(&app, &format!("rol=ouder&bron={bron}"));
        assert_eq!(form.field("bron").as_deref(), Some(bron));
        assert_eq!(send(&app, &form, "ouder", &full_answers()).status, 200);
        let stored = stories::get(&mut store.conn().unwrap(), &form.field("id").unwrap()).unwrap();
        assert_eq!(stored.channel_id.as_ref(), Some(expected), "bron={bron}");
    }
}
on_every_backend!(campaign_links_attach_known_channels_and_keep_unknown_ones_as_onbekend);

#[test]
fn the_language_switch_inside_the_form_keeps_everything_typed() {
    let app = spawn_app(TestDatabase::sqlite());
    let form = open_form(&app, "rol=ouder");
    let mut answers = full_answers();
    answers.push(("taal_wissel", "en"));
    let page = send(&app, &form, "ouder", &answers);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("Share your experience"));
    assert!(text.contains("Did you feel heard?"));
    assert!(text.contains(STORY));
    assert!(text.contains("value=\"85\""));
    assert_eq!(count(&app), 0);
}

fn a_body_over_the_limit_gets_the_too_much_text_page_in_the_tellers_language(app: TestApp) {
    let huge = "a".repeat(3 * 1024 * 1024);
    let page = post(
        &app,
        "/v/jeugdhulp/vertel?lang=en",
        &[("rol", "ouder"), ("verhaal", &huge)],
    );
    assert_eq!(page.status, 413);
    assert!(page.text().contains("Too much text"), "{}", page.body);
    assert!(page
        .text()
        .contains("What you sent is too large to process."));
    assert!(page
        .header("content-security-policy")
        .is_some_and(|csp| csp.contains("default-src 'self'")));
    let page = post(&app, "/v/jeugdhulp/vertel", &[("verhaal", &huge)]);
    assert_eq!(page.status, 413);
    assert!(page.text().contains("Te veel tekst"));
}
on_every_backend!(a_body_over_the_limit_gets_the_too_much_text_page_in_the_tellers_language);

/// One 2 MB POST with 200,000 distinct answer fields once held a worker for 30 s (collecting
/// question ids was quadratic) and came back as a 25 MB page naming every unknown field.
fn a_form_with_200000_fields_is_refused_with_a_short_page(app: TestApp) {
    let mut body = String::from("rol=ouder&lang=nl&verhaal=Hallo");
    for n in 0..200_000u32 {
        body.push_str(&format!("&q.{n:x}="));
    }
    assert!(body.len() < 2 * 1024 * 1024, "{} bytes", body.len());
    let page = Page::from(
        vertelpunt_system_tests::agent()
            .post(format!("{}/v/jeugdhulp/vertel", app.url))
            .content_type("application/x-www-form-urlencoded")
            .send(body.as_str())
            .unwrap(),
    );
    assert_eq!(
        page.status,
        422,
        "{}",
        &page.body[..page.body.len().min(500)]
    );
    assert!(
        page.body.len() < 20_000,
        "a short page: {} bytes",
        page.body.len()
    );
    assert!(page.text().contains("veel meer velden dan de vragenlijst"));
    assert!(!page.body.contains("q.1f"), "no unknown field is echoed");
    assert_eq!(count(&app), 0);
    // The server still answers at once.
    assert_eq!(get(&app, "/healthz").status, 200);
}
on_every_backend!(a_form_with_200000_fields_is_refused_with_a_short_page);

#[test]
fn a_young_person_reads_every_question_in_plain_language_and_a_parent_the_general_one() {
    let app = spawn_app(TestDatabase::sqlite());
    let youth = open_form(&app, "rol=jongere").text();
    for plain in [
        "Hoe was dit voor jou?",
        "Kreeg je de hulp die je nodig had?",
        "Mocht je meebeslissen over wat er ging gebeuren?",
        "Hoe het klikte met de hulpverlener",
        "een jeugdbeschermer (iemand die van de rechter meekijkt of het goed met je gaat)",
        "Hoe oud was je toen dit gebeurde?",
    ] {
        assert!(youth.contains(plain), "{plain}");
    }
    for adult in [
        "Dit was voor het kind/gezin",
        "Kreeg het kind / de jongere / het gezin de juiste hulp?",
        "Regels, procedures en geld",
        "De eigen kracht van het gezin",
        "gecertificeerde instelling",
        "POH-jeugd",
        "kies er hoogstens drie",
        "Zeker NIET",
    ] {
        assert!(!youth.contains(adult), "{adult}");
    }
    // How many questions there are, said once; the maximum picks said once.
    assert!(youth.contains("vragen over je ervaring"));
    assert_eq!(youth.matches("Kies er maximaal 3.").count(), 1);
    let english = open_form(&app, "rol=jongere&lang=en").text();
    assert!(english.contains("Did you get the help you needed?"));

    let parent = open_form(&app, "rol=ouder").text();
    assert!(parent.contains("Kreeg het kind / de jongere / het gezin de juiste hulp?"));
    assert!(parent.contains("Zeker niet"));
    assert!(!parent.contains("Kreeg je de hulp die je nodig had?"));
}

fn a_questionnaire_in_english_only_is_shown_on_a_dutch_page_marked_as_english(app: TestApp) {
    use vertelpunt_model::{DefinitionFormat, RawDefinition};
    use vertelpunt_store::{collection_points, questionnaires};
    let definition = r#"
languages = ["en"]
key = "micro-open"
kind = "core"
title = { en = "Micro narratives" }
[completeness]
min_words = 3
first_signifiers = 1
[[questions]]
id = "rol"
kind = "role"
text = { en = "Who are you?" }
[[questions]]
id = "verhaal"
kind = "story"
text = { en = "Tell us what happened" }
[[questions]]
id = "heard"
kind = "slider"
text = { en = "I was heard" }
help = { en = "Move the slider" }
left = { en = "not at all" }
right = { en = "completely" }
"#;
    {
        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        let raw = RawDefinition::parse(definition, DefinitionFormat::Toml).unwrap();
        let (version, _) = questionnaires::publish(&mut conn, &raw).unwrap();
        let project = projects::find_by_slug(&mut conn, "landelijk")
            .unwrap()
            .unwrap();
        collection_points::create(
            &mut conn,
            collection_points::NewCollectionPoint {
                project_id: project.id,
                slug: "micro".into(),
                name: "Micro".into(),
                questionnaire_version_id: version.id,
                module_version_ids: vec![],
                default_region_code: None,
                opens_at: None,
                closes_at: None,
                languages: vec!["nl".into(), "en".into()],
            },
        )
        .unwrap();
    }
    let dutch = get(&app, "/v/micro/vertel?rol=ouder");
    assert_eq!(dutch.status, 200, "{}", dutch.body);
    // The questionnaire's texts are English, and say so to a screen reader; the page's own
    // words stay Dutch.
    assert_eq!(dutch.texts("legend span[lang=\"en\"]"), vec!["I was heard"]);
    assert_eq!(dutch.texts("p.help[lang=\"en\"]"), vec!["Move the slider"]);
    assert_eq!(
        dutch.texts("label[for=\"verhaal\"] span[lang=\"en\"]"),
        vec!["Tell us what happened"]
    );
    assert!(dutch.text().contains("(verplicht)"));
    // On an English page nothing needs marking; nor on a questionnaire in Dutch and English.
    let english = get(&app, "/v/micro/vertel?rol=ouder&lang=en");
    assert_eq!(english.texts("legend span"), vec!["I was heard"]);
    assert!(english.texts("legend span[lang]").is_empty());
    assert!(open_form(&app, "rol=ouder")
        .texts("legend span[lang]")
        .is_empty());
}
on_every_backend!(a_questionnaire_in_english_only_is_shown_on_a_dutch_page_marked_as_english);
