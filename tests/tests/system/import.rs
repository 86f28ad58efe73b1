//! Importing on the import page: a SenseMaker export and a spreadsheet with a mapping, all or
//! nothing, and a file over the limit refused naming the file.

use super::dashboard::cell_after;
use vertelpunt_store::stories;
use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, post_multipart, session_cookie, sign_in, PASSWORD,
};
use vertelpunt_system_tests::TestApp;

/// A SenseMaker framework definition and export, as in the interop tests.
pub(super) const SENSEMAKER_DEFINITION: &str = r#"{
  "id": ["fw-1"], "name": ["Jeugd Demo"], "language": ["nl"],
  "fragment_signifier_id": ["st"],
  "signifiers": [
    {"id": "st", "type": "freetext", "title": "Wat is er gebeurd?", "required": true, "content": {}},
    {"id": "sf", "type": "list", "title": "Het was", "required": true,
     "content": {"max_responses": 1, "items": [{"id": "i-pos", "title": "positief"}, {"id": "i-neg", "title": "negatief"}]}},
    {"id": "tr", "type": "triad", "title": "Wat hielp?", "allow_na": true,
     "content": {"labels": [{"id": "ca", "text": "mensen"}, {"id": "cb", "text": "regels"}, {"id": "cc", "text": "geld"}]}},
    {"id": "dy", "type": "dyad", "title": "Ik voelde me", "allow_na": true,
     "content": {"labels": [{"id": "pl", "text": "niet gehoord"}, {"id": "pr", "text": "gehoord"}]}}
  ]
}"#;

pub(super) fn sensemaker_data(triad_of_second: &str) -> String {
    format!(
        "id,language,server_upload_time,st,sf,tr_ca,tr_cb,tr_cc,tr_NA,dy_percentX,dy_pl,dy_pr,dy_NA\n\
         a1,nl,1700000000000,Mijn zoon kreeg eindelijk hulp na een jaar wachten.,i-pos,0.5,0.3,0.2,,0.25,0.75,0.25,\n\
         a2,nl,1700000100000,We wachtten heel lang op een gesprek.,i-neg,{triad_of_second},,0.9,0.1,0.9,\n\
         a3,nl,1700000200000,Bel me op 06-12345678 als je wilt.,,,,,1,,,,1\n"
    )
}

fn stored_stories(app: &TestApp) -> i64 {
    let store = app.db.store();
    let everything = stories::StoryFilter {
        include_synthetic: true,
        ..Default::default()
    };
    stories::count(&mut store.conn().unwrap(), &everything).unwrap()
}

fn an_analyst_imports_a_sensemaker_export_on_the_import_page_all_or_nothing(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    create(&app, "facilitator@example.nl", UserRole::Facilitator);
    let facilitator = session_cookie(&sign_in(&app, "facilitator@example.nl", PASSWORD));
    assert_eq!(get_with(&app, "/importeren", &facilitator).status, 403);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let form = get_with(&app, "/importeren", &cookie);
    assert_eq!(form.status, 200);
    assert!(form.text().contains("href=\"/importeren?lang=nl\""));
    let csrf = form.field("csrf").unwrap();
    let before = stored_stories(&app);
    let definition = ("definitie", "demo_Definition.json", SENSEMAKER_DEFINITION);

    // Triad shares that do not add up: refused, named by file, row and column, in Dutch;
    // the fields are kept and nothing is stored.
    let bad = sensemaker_data("0.5,0.5,0.5");
    let refused = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf), ("punt", "regio-demo"), ("regio", "JR28")],
        &[definition, ("verhalen", "demo_Data.csv", &bad)],
    );
    assert_eq!(refused.status, 422);
    let text = refused.text();
    assert!(
        text.contains(
            "demo_Data.csv, rij 3, kolom ‘tr_ca’: de drie aandelen tellen op tot 1.5, niet tot 1"
        ),
        "{text}"
    );
    assert!(text.contains("Er is niets veranderd."));
    assert!(text.contains("value=\"regio-demo\""));
    assert!(text.contains("<option value=\"JR28\" selected>"));
    assert_eq!(stored_stories(&app), before);
    // Imports run in the background; a job this server does not know says so.
    let unknown = get_with(&app, "/importeren/taak/onbekend", &cookie);
    assert_eq!(unknown.status, 404);
    assert!(unknown.text().contains("Deze import is niet (meer) bekend"));
    assert_eq!(
        get_with(&app, "/importeren/taak/onbekend/stand", &cookie).status,
        404
    );

    // A missing file and a forged form.
    let missing = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf)],
        &[definition],
    );
    assert_eq!(missing.status, 422);
    assert!(missing
        .text()
        .contains("Kies het bestand bij ‘Verhalen (.csv)’."));
    let good = sensemaker_data("0.2,0.3,0.5");
    let forged = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", "niet-de-goede")],
        &[definition, ("verhalen", "demo_Data.csv", &good)],
    );
    assert_eq!(forged.status, 403);

    // Only checking stores nothing.
    let checked = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf), ("controleren", "1")],
        &[definition, ("verhalen", "demo_Data.csv", &good)],
    );
    assert_eq!(checked.status, 200);
    assert!(checked
        .text()
        .contains("3 verhalen gelezen uit demo_Data.csv"));
    assert_eq!(stored_stories(&app), before);

    // The import itself, then the same files again: nothing twice.
    let files = [definition, ("verhalen", "demo_Data.csv", good.as_str())];
    let fields = [
        ("csrf", csrf.as_str()),
        ("punt", "regio-demo"),
        ("regio", "JR28"),
    ];
    let done = post_multipart(&app, "/importeren/sensemaker", &cookie, &fields, &files);
    assert_eq!(done.status, 200);
    let text = done.text();
    assert!(
        text.contains("3 verhalen gelezen: 3 toegevoegd aan Vertelpunt ‘regio-demo’, 0 stonden er al. 2 zijn compleet; 1 wachten op beoordeling"),
        "{text}"
    );
    assert!(text.contains("Het Vertelpunt ‘regio-demo’ is nieuw en gesloten voor het publiek."));
    assert!(text.contains("href=\"/overzicht?lang=nl&punt=regio-demo\""));
    assert_eq!(cell_after(&text, "Ik voelde me (sm_dy)"), "3");
    assert!(text.contains("href=\"/beoordelen?lang=nl&punt=regio-demo\""));
    assert_eq!(stored_stories(&app), before + 3);
    let again = post_multipart(&app, "/importeren/sensemaker", &cookie, &fields, &files);
    assert!(again.text().contains(
        "3 verhalen gelezen: 0 toegevoegd aan Vertelpunt ‘regio-demo’, 3 stonden er al."
    ));
    assert_eq!(stored_stories(&app), before + 3);
    let regions: Vec<Option<String>> = {
        let store = app.db.store();
        let mut conn = store.conn().unwrap();
        let point = vertelpunt_store::collection_points::find_by_slug(&mut conn, "regio-demo")
            .unwrap()
            .expect("the new collection point");
        let counted =
            vertelpunt_store::aggregates::breakdown(&mut conn, &point.id, &Default::default())
                .unwrap();
        assert_eq!(counted.sources["import:sensemaker"], 3);
        counted.regions.keys().cloned().collect()
    };
    assert_eq!(regions, vec![Some("JR28".to_string())]);
}
on_every_backend!(an_analyst_imports_a_sensemaker_export_on_the_import_page_all_or_nothing);

fn a_sensemaker_export_without_its_definition_is_checked_on_the_import_page_saying_what_was_read(
    app: TestApp,
) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let csrf = get_with(&app, "/importeren", &cookie)
        .field("csrf")
        .unwrap();
    let before = stored_stories(&app);
    // A title row above the column ids, and no definition.
    let data = "id,language,server_upload_time,Wat is er gebeurd?,Wat hielp?_percentX,Wat hielp?_percentY,Wat hielp?_mensen,Wat hielp?_regels,Wat hielp?_geld,meta_platform\n\
                id,language,server_upload_time,st,tr_percentX,tr_percentY,tr_ca,tr_cb,tr_cc,meta_platform\n\
                a1,nl,1700000000000,Mijn zoon kreeg eindelijk hulp na een jaar wachten.,0.4,0.3,0.5,0.3,0.2,Chrome\n\
                a2,de,1700000100000,Wir haben lange gewartet.,0.5,0.5,0.2,0.3,0.5,Chrome\n";
    let checked = post_multipart(
        &app,
        "/importeren/sensemaker",
        &cookie,
        &[("csrf", &csrf), ("controleren", "1")],
        &[("verhalen", "jeugd_Data.csv", data)],
    );
    assert_eq!(checked.status, 200);
    let text = checked.text();
    for line in [
        "2 verhalen gelezen uit jeugd_Data.csv",
        "Zonder frameworkbestand zijn 2 vragen afgeleid uit de kolommen en de titelrij van de export:",
        "„Wat is er gebeurd?”: het verhaal",
        "„Wat hielp?”: een driehoek (mensen, regels, geld)",
        "Niet geïmporteerd: kolom meta_platform (gegevens over de export, niet over het verhaal).",
    ] {
        assert!(text.contains(line), "missing {line:?} in {text}");
    }
    assert_eq!(stored_stories(&app), before, "only checked: nothing stored");
    let english = post_multipart(
        &app,
        "/importeren/sensemaker?lang=en",
        &cookie,
        &[("csrf", &csrf), ("controleren", "1"), ("lang", "en")],
        &[("verhalen", "jeugd_Data.csv", data)],
    );
    assert!(
        english
            .text()
            .contains("“Wat hielp?”: a triad (mensen, regels, geld)"),
        "{}",
        english.text()
    );
}
on_every_backend!(
    a_sensemaker_export_without_its_definition_is_checked_on_the_import_page_saying_what_was_read
);

fn an_analyst_imports_a_spreadsheet_with_a_mapping_file_on_the_import_page(app: TestApp) {
    const MAPPING: &str = r#"
questionnaire = "jeugdhulp"
source = "excel-web"

[columns]
id = "Nr"
story = "Verhaal"
date = "Datum"
role = "Ik ben"

[answers]
gehoord = { column = "Gehoord (1-10)", range = [1, 10] }
"#;
    let sheet = |last: &str| {
        format!(
            "Nr,Datum,Ik ben,Verhaal,Gehoord (1-10)\n\
             1,2025-02-03,ouder,Na een jaar wachten kreeg mijn zoon eindelijk de hulp die hij nodig had.,10\n\
             2,2025-02-04,jongere,Niemand luisterde naar wat ik zelf wilde en dat was zwaar.,{last}\n"
        )
    };
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let form = get_with(&app, "/importeren", &cookie);
    assert!(form.text().contains("action=\"/importeren/tabel?lang=nl\""));
    let csrf = form.field("csrf").unwrap();
    let fields = [("csrf", csrf.as_str()), ("punt", "web-tabel")];
    // The spreadsheet, with the mapping file or without.
    let upload = |data: &str, mapped: bool| {
        let mut files = vec![("gegevens", "regio.csv", data)];
        if mapped {
            files.push(("koppeling", "koppeling.toml", MAPPING));
        }
        post_multipart(&app, "/importeren/tabel", &cookie, &fields, &files)
    };

    // One cell out of range: the file, row and column named, nothing stored.
    let bad = sheet("11");
    let refused = upload(&bad, true);
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("regio.csv, rij 3, kolom ‘Gehoord (1-10)’"),
        "{}",
        refused.text()
    );
    assert!(
        refused.text().contains("value=\"web-tabel\""),
        "the target is kept"
    );
    assert_eq!(stored_stories(&app), 0);

    // Without a mapping, a plain spreadsheet is refused with what to do.
    let good = sheet("1");
    let unmapped = upload(&good, false);
    assert_eq!(unmapped.status, 422);
    assert!(unmapped
        .text()
        .contains("zonder koppeling moet het bestand een export van een Vertelpunt zijn"));

    let done = upload(&good, true);
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(
        done.text().contains(
            "2 verhalen gelezen: 2 toegevoegd aan Vertelpunt ‘web-tabel’, 0 stonden er al."
        ),
        "{}",
        done.text()
    );
    assert_eq!(stored_stories(&app), 2);
    let again = upload(&good, true);
    assert!(again
        .text()
        .contains("2 verhalen gelezen: 0 toegevoegd aan Vertelpunt ‘web-tabel’, 2 stonden er al."));
}
on_every_backend!(an_analyst_imports_a_spreadsheet_with_a_mapping_file_on_the_import_page);

/// A file over the import's limit (32 MB) was accepted up to 64 MB, and above that the teller's
/// "maak je verhaal korter" page replaced the import page's own message.
fn an_upload_over_the_limit_is_refused_on_the_import_page_naming_the_file(app: TestApp) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let csrf = get_with(&app, "/importeren", &cookie)
        .field("csrf")
        .unwrap();
    let big = "a".repeat(33 * 1024 * 1024);
    let refused = post_multipart(
        &app,
        "/importeren/tabel",
        &cookie,
        &[("csrf", &csrf)],
        &[("gegevens", "groot.csv", &big)],
    );
    assert_eq!(refused.status, 413);
    let text = refused.text();
    assert!(
        text.contains("groot.csv: het bestand is 33.0 MB; een import neemt hoogstens 32.0 MB"),
        "{text}"
    );
    assert!(!text.contains("Maak je verhaal korter"), "{text}");
}
on_every_backend!(an_upload_over_the_limit_is_refused_on_the_import_page_naming_the_file);

fn the_language_of_narrafirma_stories_is_any_language_code_and_a_wrong_one_is_refused(
    app: TestApp,
) {
    create(&app, "analist@example.nl", UserRole::Analyst);
    let cookie = session_cookie(&sign_in(&app, "analist@example.nl", PASSWORD));
    let page = get_with(&app, "/importeren", &cookie);
    assert_eq!(page.attrs("#narrafirma-taal", "value"), vec!["nl"]);
    let csrf = page.field("csrf").unwrap();
    let files = [
        ("formulier", "form.csv", "Data column name,Type\n"),
        ("verhalen", "stories.csv", "Story\n"),
    ];
    let refused = post_multipart(
        &app,
        "/importeren/narrafirma",
        &cookie,
        &[("csrf", &csrf), ("taal", "Duits"), ("controleren", "1")],
        &files,
    );
    assert_eq!(refused.status, 422);
    let text = refused.text();
    assert!(
        text.contains("‘Duits’ is geen taalcode. Gebruik een code van twee letters (ISO 639-1), zoals nl, en of de."),
        "{text}"
    );
    // What was typed comes back, to correct.
    assert_eq!(refused.attrs("#narrafirma-taal", "value"), vec!["Duits"]);
}
on_every_backend!(
    the_language_of_narrafirma_stories_is_any_language_code_and_a_wrong_one_is_refused
);
