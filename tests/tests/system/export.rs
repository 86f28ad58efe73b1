//! Exporting stories on the web: an analyst downloads a selection as XLSX or as a ZIP of CSV and
//! its sidecar files, which the import page reads back; text waiting for review stays out
//! unless an admin asks for it; a selection without stories is refused with the form kept.

use std::io::Read;

use vertelpunt_store::users::UserRole;
use vertelpunt_system_tests::staff::{
    create, get_with, post_multipart, send_story, session_cookie, sign_in, token_of, PASSWORD,
};
use vertelpunt_system_tests::{agent, agent_no_redirects, TestApp};

const FLAGGED: &str = "Bel me gerust op 06-12345678, dan vertel ik meer over de wachtlijst.";

fn share(app: &TestApp, token: &str, role: &str, story: &str) {
    let response = agent()
        .post(format!(
            "{}/api/v1/collection-points/jeugdhulp/stories",
            app.url
        ))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(serde_json::json!({
            "role": role,
            "story": story,
            "answers": {"gehoord": 70, "gevolgen": "4"},
            "details_confirmed": true
        }))
        .unwrap();
    assert_eq!(response.status(), 201);
}

/// Posts the export form; gives status, headers we read, and the bytes.
pub(crate) fn export(
    app: &TestApp,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String, Vec<u8>) {
    let mut response = agent_no_redirects()
        .post(format!("{}/exporteren", app.url))
        .header("Cookie", cookie)
        .send_form(fields.iter().copied())
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    let status = response.status().as_u16();
    let bytes = response.body_mut().read_to_vec().unwrap();
    (status, kind, disposition, bytes)
}

/// The files of a ZIP: name and text.
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().unwrap().to_string(), text)
        })
        .collect()
}

fn an_analyst_downloads_a_selection_that_the_import_page_reads_back(app: TestApp) {
    create(&app, "analist@regio.nl", UserRole::Analyst);
    create(&app, "beheer@regio.nl", UserRole::Admin);
    create(&app, "facilitator@regio.nl", UserRole::Facilitator);
    let token = token_of(&app, "analist@regio.nl");
    for i in 0..4 {
        share(
            &app,
            &token,
            "ouder",
            &format!("Na {i} maanden wachten kregen we eindelijk een vaste begeleider."),
        );
    }
    share(&app, &token, "professional", FLAGGED);

    let facilitator = session_cookie(&sign_in(&app, "facilitator@regio.nl", PASSWORD));
    assert_eq!(get_with(&app, "/exporteren", &facilitator).status, 403);
    let analyst = session_cookie(&sign_in(&app, "analist@regio.nl", PASSWORD));
    let form = get_with(&app, "/exporteren", &analyst);
    assert_eq!(form.status, 200);
    assert!(
        !form.text().contains("name=\"ongecontroleerd\""),
        "admins only"
    );
    let csrf = form.field("csrf").unwrap();

    // CSV: a ZIP with the stories, what every column means and the questionnaires. The
    // text waiting for review is not in it; its story is.
    let (status, kind, disposition, bytes) = export(
        &app,
        &analyst,
        &[("csrf", &csrf), ("punt", "jeugdhulp"), ("formaat", "csv")],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(kind, "application/zip");
    assert!(disposition.starts_with("attachment; filename=\"vertelpunt-jeugdhulp-"));
    let files = unzip(&bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".questions.json")));
    assert!(names.iter().any(|n| n.ends_with(".questionnaires.json")));
    let (csv_name, csv) = files.iter().find(|(n, _)| n.ends_with(".csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 5, "{csv}");
    assert!(csv.contains("vaste begeleider"));
    assert!(!csv.contains("06-12345678"));

    // The import page reads the export back ("only check": nothing stored twice).
    let (_, questionnaires) = files
        .iter()
        .find(|(n, _)| n.ends_with(".questionnaires.json"))
        .unwrap();
    let checked = post_multipart(
        &app,
        "/importeren/tabel",
        &analyst,
        &[("csrf", &csrf), ("controleren", "1")],
        &[
            ("gegevens", csv_name, csv),
            (
                "vragenlijsten",
                "export.questionnaires.json",
                questionnaires,
            ),
        ],
    );
    assert_eq!(checked.status, 200, "{}", checked.text());
    assert!(
        checked
            .text()
            .contains(&format!("5 verhalen gelezen uit {csv_name}")),
        "{}",
        checked.text()
    );

    // XLSX: one workbook.
    let (status, kind, disposition, bytes) = export(
        &app,
        &analyst,
        &[("csrf", &csrf), ("punt", "jeugdhulp"), ("formaat", "xlsx")],
    );
    assert_eq!(status, 200);
    assert_eq!(
        kind,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(disposition.ends_with(".xlsx\""), "{disposition}");
    assert!(bytes.starts_with(b"PK"));

    // A selection without stories: refused, every choice kept, nothing downloaded.
    let (status, kind, _, bytes) = export(
        &app,
        &analyst,
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("rol", "jongere"),
            ("formaat", "parquet"),
        ],
    );
    let page = String::from_utf8(bytes).unwrap();
    assert_eq!(status, 400);
    assert!(kind.starts_with("text/html"));
    assert!(page.contains("Deze selectie bevat geen verhalen (5 verhalen vóór het selecteren"));
    assert!(page.contains("<option value=\"jongere\" selected>"));
    assert!(page.contains("value=\"parquet\" checked"));

    // Only an admin gets the text waiting for review, and the file's name says so.
    let (status, _, _, bytes) = export(
        &app,
        &analyst,
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("formaat", "csv"),
            ("ongecontroleerd", "1"),
        ],
    );
    assert_eq!(status, 400);
    assert!(String::from_utf8(bytes)
        .unwrap()
        .contains("Alleen een beheerder mag tekst exporteren die op beoordeling wacht."));
    let admin = session_cookie(&sign_in(&app, "beheer@regio.nl", PASSWORD));
    let admin_csrf = get_with(&app, "/exporteren", &admin).field("csrf").unwrap();
    let (status, _, disposition, bytes) = export(
        &app,
        &admin,
        &[
            ("csrf", &admin_csrf),
            ("punt", "jeugdhulp"),
            ("formaat", "csv"),
            ("ongecontroleerd", "1"),
        ],
    );
    assert_eq!(status, 200);
    assert!(disposition.contains("met-ongecontroleerde-tekst"));
    assert!(unzip(&bytes)
        .iter()
        .any(|(n, text)| n.ends_with(".csv") && text.contains("06-12345678")));

    // A forged form downloads nothing.
    let (status, _, _, _) = export(
        &app,
        &analyst,
        &[("csrf", "nep"), ("punt", "jeugdhulp"), ("formaat", "csv")],
    );
    assert_eq!(status, 403);
}
on_every_backend!(an_analyst_downloads_a_selection_that_the_import_page_reads_back);

/// A title `=HYPERLINK(…)` or free text `=1+1` once went unchanged into the CSV exports, where a
/// spreadsheet runs it as a formula. Now such text cells carry the text marker `'`, numbers do
/// not, and the import page reads our own export back with the text as it was.
fn csv_exports_neutralise_formulas_and_read_back_unchanged(app: TestApp) {
    const TITLE: &str = "=HYPERLINK(\"http://evil.example\")";
    create(&app, "analist@regio.nl", UserRole::Analyst);
    let token = token_of(&app, "analist@regio.nl");
    let (status, answer) = send_story(
        &app,
        &token,
        serde_json::json!({
            "role": "ouder",
            "story": "Na maanden wachten kregen we eindelijk een vaste begeleider.",
            "title": TITLE,
            "answers": {"gehoord": 70, "toelichting": "=1+1"},
        }),
    );
    assert_eq!(status, 201, "{answer}");
    let analyst = session_cookie(&sign_in(&app, "analist@regio.nl", PASSWORD));
    let csrf = get_with(&app, "/exporteren", &analyst)
        .field("csrf")
        .unwrap();
    for format in ["csv", "narrafirma", "sensemaker"] {
        let (status, _, _, bytes) = export(
            &app,
            &analyst,
            &[("csrf", &csrf), ("punt", "jeugdhulp"), ("formaat", format)],
        );
        assert_eq!(status, 200, "{format}");
        let files = unzip(&bytes);
        let csv: String = files
            .iter()
            .filter(|(n, _)| n.ends_with(".csv"))
            .map(|(_, t)| t.as_str())
            .collect();
        for line in csv.lines() {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                assert!(
                    !cell.starts_with(['=', '+', '@']),
                    "{format}: a cell starts a formula: {line}"
                );
            }
        }
        assert!(csv.contains("'=HYPERLINK("), "{format}: {csv}");
        assert!(csv.contains("'=1+1"), "{format}: {csv}");
        if format == "csv" {
            // Read back by the import page: the title is the title that was sent.
            let (csv_name, data) = files.iter().find(|(n, _)| n.ends_with(".csv")).unwrap();
            let table = vertelpunt_interop::table::Table::from_csv(
                csv_name,
                data.as_bytes(),
                vertelpunt_interop::table::Separators::Any,
            )
            .unwrap();
            assert!((0..table.len())
                .any(|i| table.row(i).get("titel") == TITLE || table.row(i).get("title") == TITLE));
        }
    }
}
on_every_backend!(csv_exports_neutralise_formulas_and_read_back_unchanged);

fn an_export_that_holds_demo_stories_says_so_in_its_name_and_beside_the_data(app: TestApp) {
    use diesel::RunQueryDsl;
    create(&app, "analist@regio.nl", UserRole::Analyst);
    let token = token_of(&app, "analist@regio.nl");
    for i in 0..6 {
        share(
            &app,
            &token,
            "ouder",
            &format!("Na {i} maanden kregen we hulp."),
        );
    }
    {
        let store = app.db.store();
        diesel::sql_query(
            "UPDATE stories SET synthetic = TRUE WHERE id IN \
             (SELECT id FROM stories ORDER BY id LIMIT 4)",
        )
        .execute(&mut store.conn().unwrap())
        .unwrap();
    }
    let analyst = session_cookie(&sign_in(&app, "analist@regio.nl", PASSWORD));
    let csrf = get_with(&app, "/exporteren", &analyst)
        .field("csrf")
        .unwrap();
    let (status, _, disposition, bytes) = export(
        &app,
        &analyst,
        &[
            ("csrf", &csrf),
            ("punt", "jeugdhulp"),
            ("formaat", "narrafirma"),
            ("synthetisch", "1"),
        ],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(
        disposition.contains("-met-demoverhalen-narrafirma.zip"),
        "{disposition}"
    );
    let files = unzip(&bytes);
    let (_, note) = files
        .iter()
        .find(|(n, _)| n == "DEMOVERHALEN-LEESMIJ.txt")
        .expect("a note beside the data");
    assert!(
        note.contains("4 demoverhalen (synthetisch) van de 6 verhalen"),
        "{note}"
    );
    assert!(
        note.contains("4 demo stories (synthetic) of its 6 stories"),
        "{note}"
    );

    let (_, _, disposition, bytes) = export(
        &app,
        &analyst,
        &[("csrf", &csrf), ("punt", "jeugdhulp"), ("formaat", "csv")],
    );
    assert!(!disposition.contains("demoverhalen"), "{disposition}");
    assert!(unzip(&bytes).iter().all(|(n, _)| !n.starts_with("DEMO")));
}
on_every_backend!(an_export_that_holds_demo_stories_says_so_in_its_name_and_beside_the_data);
