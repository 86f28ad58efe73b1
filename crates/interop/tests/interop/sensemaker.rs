//! SenseMaker import on a small hand-made export: every kind of signifier, idempotence, and
//! every kind of bad file refused with its place and nothing stored. Runs on SQLite and, when
//! `VERTELPUNT_TEST_POSTGRES_URL` is set, on PostgreSQL.

use vertelpunt_interop::batch::{self, ImportBatch, ImportReport};
use vertelpunt_interop::sensemaker::{self, Prepared};
use vertelpunt_interop::{ImportError, ImportProblem};
use vertelpunt_model::{AnswerValue, Role};
use vertelpunt_store::stories::{self, StoryFilter};
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_store::{collection_points, setup, DbConnection, Store};

const DEFINITION: &str = r#"{
  "id": ["fw-1"], "name": ["Jeugd Demo"], "language": ["nl"],
  "fragment_signifier_id": ["st"],
  "signifiers": [
    {"id": "lb", "type": "label", "title": "Welkom", "content": {}},
    {"id": "st", "type": "freetext", "title": "Wat is er <b>gebeurd</b>?", "required": true, "content": {}},
    {"id": "hd", "type": "freetext", "title": "Welke kop past erbij? (headline)", "content": {}},
    {"id": "sf", "type": "list", "title": "Het was", "required": true,
     "content": {"max_responses": 1, "items": [{"id": "i-pos", "title": "positief"}, {"id": "i-neg", "title": "negatief"}]}},
    {"id": "tr", "type": "triad", "title": "Wat hielp?", "allow_na": true,
     "content": {"labels": [{"id": "ca", "text": "mensen"}, {"id": "cb", "text": "regels<br>en procedures"}, {"id": "cc", "text": "geld"}]}},
    {"id": "dy", "type": "dyad", "title": "Ik voelde me", "allow_na": true,
     "content": {"labels": [{"id": "pl", "text": "<div>niet gehoord</div>"}, {"id": "pr", "text": "gehoord"}]}},
    {"id": "so", "type": "stones", "title": "Risico", "content": {
       "axis": {"x": {"name": "", "start_label": "", "end_label": ""}, "y": {"name": "kans", "start_label": "klein", "end_label": "groot"}},
       "stones": [{"id": "s1", "title": "Mensen"}]}},
    {"id": "mc", "type": "list", "title": "Gevoel (max 2)",
     "content": {"max_responses": 2, "items": [{"id": "m1", "title": "blij"}, {"id": "m2", "title": "boos"}, {"id": "m3", "title": "bang"}]}},
    {"id": "tk", "type": "list", "title": "Alleen voor de organisatie",
     "content": {"max_responses": 1, "items": [{"id": "t1", "title": "Alleen zij mogen het lezen"}]}},
    {"id": "ph", "type": "photo", "title": "Foto", "content": {}},
    {"id": "nv", "type": "navigation", "title": "", "content": {}}
  ]
}"#;

const HEADER: &str = "id,language,server_upload_time,st,hd,sf,tr_ca,tr_cb,tr_cc,tr_NA,dy_percentX,dy_pl,dy_pr,dy_NA,so_s1_percentX,so_s1_percentY,mc_m1,mc_m2,mc_m3,tk";

fn data(rows: &[&str]) -> String {
    let mut s = format!("\u{feff}{HEADER}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

const GOOD: [&str; 3] = [
    "a1,nl,1700000000000,\"Mijn zoon kreeg eindelijk hulp,\nna een jaar wachten.\",Eindelijk,i-pos,0.5,0.3,0.2,,0.25,0.75,0.25,,0.1,0.9,1,,1,t1",
    "a2,en,1700000100000,We waited a long time.,,negatief,,,,1,,,,1,,,,1,,",
    "a3,nl,2024-02-01T10:00:00Z,Bel me op 06-12345678 als je wilt.,,,0.6,0.4,-0.0004,,,,,,,,,,,",
];

fn prepare(csv: &str) -> Result<Prepared, ImportError> {
    sensemaker::prepare(
        "demo_Definition.json",
        DEFINITION.as_bytes(),
        "demo_Data.csv",
        csv.as_bytes(),
        None,
    )
}

fn import(conn: &mut DbConnection, prepared: &Prepared) -> Result<ImportReport, ImportError> {
    import_into(conn, prepared, "jeugd-demo")
}

fn import_into(
    conn: &mut DbConnection,
    prepared: &Prepared,
    collection: &str,
) -> Result<ImportReport, ImportError> {
    let batch = ImportBatch {
        modules: &[],
        ids: vertelpunt_interop::batch::StoryIds::Derived,
        file: "demo_Data.csv",
        source: sensemaker::SOURCE,
        namespace: &prepared.framework.id,
        definition: &prepared.mapping.definition,
        project: "regio-test",
        collection,
        collection_name: "Jeugd Demo (SenseMaker)",
        region: Some("JR01"),
        stories: &prepared.stories,
    };
    batch::store(conn, &batch, &mut |_, _| {})
}

fn on_every_backend(test: impl Fn(&Store)) {
    for db in TestDatabase::all() {
        let store = db.store();
        setup::prepare(&mut store.conn().unwrap()).expect("prepare");
        test(&store);
    }
}

fn imported(conn: &mut DbConnection) -> i64 {
    stories::count(conn, &StoryFilter::default()).unwrap()
}

#[test]
fn every_kind_of_signifier_is_imported_and_a_second_import_adds_nothing() {
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let before = imported(&mut conn);
        let prepared = prepare(&data(&GOOD)).expect("the export reads");
        assert_eq!(
            prepared.mapping.unsupported,
            vec!["photo: Foto".to_string()]
        );
        let report = import(&mut conn, &prepared).expect("imports");
        assert_eq!(
            (report.read, report.added, report.already_present),
            (3, 3, 0)
        );
        assert!(report.questionnaire_new && report.collection_point_new);
        assert_eq!(report.questionnaire_key, "sensemaker-jeugd-demo");
        assert_eq!(report.flagged, 1, "the phone number in story a3 is flagged");
        assert_eq!(imported(&mut conn) - before, 3);

        let point = collection_points::find_by_slug(&mut conn, "jeugd-demo")
            .unwrap()
            .unwrap();
        assert!(
            !point.is_open(vertelpunt_store::now()),
            "the public form stays closed"
        );

        let id = batch::story_id("sensemaker", "fw-1", "a1");
        let story = stories::get(&mut conn, &id).unwrap();
        assert_eq!(
            story.body,
            "Mijn zoon kreeg eindelijk hulp,\nna een jaar wachten."
        );
        assert_eq!(story.title.as_deref(), Some("Eindelijk"));
        assert_eq!(story.role, Role::Onbekend.code());
        assert_eq!(story.source, "import:sensemaker");
        assert_eq!(story.region_code.as_deref(), Some("JR01"));
        assert_eq!(story.submitted_at.to_string(), "2023-11-14 22:13:20");
        let answers = stories::answers_of(&mut conn, &id).unwrap();
        assert_eq!(
            answers["sm_sf"],
            AnswerValue::SingleChoice {
                option: "positief".into()
            }
        );
        assert_eq!(
            answers["sm_tr"],
            AnswerValue::Triad {
                shares: [50.0, 30.0, 20.0]
            }
        );
        assert_eq!(answers["sm_dy"], AnswerValue::Slider { value: 25 });
        assert_eq!(answers["sm_so_s1_x"], AnswerValue::Slider { value: 10 });
        assert_eq!(answers["sm_so_s1_y"], AnswerValue::Slider { value: 90 });
        assert_eq!(
            answers["sm_mc"],
            AnswerValue::MultipleChoice {
                options: vec!["bang".into(), "blij".into()]
            }
        );
        assert_eq!(
            answers["sm_tk"],
            AnswerValue::MultipleChoice {
                options: vec!["alleen_zij_mogen_het_lezen".into()]
            }
        );

        // Item titles are accepted as well as ids; n.v.t. columns become "not applicable".
        let a2 =
            stories::answers_of(&mut conn, &batch::story_id("sensemaker", "fw-1", "a2")).unwrap();
        assert_eq!(
            a2["sm_sf"],
            AnswerValue::SingleChoice {
                option: "negatief".into()
            }
        );
        assert_eq!(a2["sm_tr"], AnswerValue::NotApplicable);
        assert_eq!(a2["sm_dy"], AnswerValue::NotApplicable);
        assert!(!a2.contains_key("sm_so_s1_x"));

        // A hair below zero (SenseMaker geometry) counts as zero; the shares are rescaled to 100.
        let a3 =
            stories::answers_of(&mut conn, &batch::story_id("sensemaker", "fw-1", "a3")).unwrap();
        let AnswerValue::Triad { shares } = a3["sm_tr"] else {
            panic!("{a3:?}")
        };
        assert!((shares.iter().sum::<f64>() - 100.0).abs() < 1e-9 && shares[2] == 0.0);

        let again = import(&mut conn, &prepare(&data(&GOOD)).unwrap()).unwrap();
        assert_eq!((again.added, again.already_present), (0, 3));
        assert!(again.elsewhere.is_empty(), "they are in this point");
        assert!(!again.questionnaire_new && !again.collection_point_new);
        // Into another point, the report says where the stories already are.
        let other = import_into(&mut conn, &prepare(&data(&GOOD)).unwrap(), "andere-plek").unwrap();
        assert_eq!((other.added, other.already_present), (0, 3));
        assert_eq!(
            other.elsewhere,
            [("jeugd-demo".to_string(), 3)].into_iter().collect()
        );
        assert_eq!(imported(&mut conn) - before, 3);

        // A newer export with one more story adds only that one.
        let mut more = GOOD.to_vec();
        more.push("a4,nl,1700000200000,Nog een verhaal.,,i-neg,,,,,,,,,,,,,,");
        let newer = import(&mut conn, &prepare(&data(&more)).unwrap()).unwrap();
        assert_eq!((newer.added, newer.already_present), (1, 3));
    });
}

fn refused(csv: &[u8]) -> ImportError {
    sensemaker::prepare(
        "demo_Definition.json",
        DEFINITION.as_bytes(),
        "demo_Data.csv",
        csv,
        None,
    )
    .expect_err("the file is refused")
}

#[test]
fn bad_files_are_refused_with_the_file_row_column_and_reason() {
    // Wrong delimiter.
    let e = refused(data(&GOOD).replace(',', ";").as_bytes());
    assert_eq!(e.problem, ImportProblem::WrongDelimiter { found: ';' });
    assert_eq!(e.to_string(), "demo_Data.csv: the columns are separated by ';', not by ','; export the file again as comma-separated CSV");

    // A missing column.
    let e = refused(data(&GOOD).replacen(",dy_percentX", ",dy_x", 1).as_bytes());
    assert_eq!(e.to_string(), "demo_Data.csv, row 1, column 'dy_percentX': the column is missing (needed for question \"Ik voelde me\")");

    // Triad shares that do not add up.
    let mut rows = GOOD.to_vec();
    rows[1] = "a2,en,1700000100000,Text,,,0.5,0.5,0.5,,,,,,,,,,,";
    let e = refused(data(&rows).as_bytes());
    assert_eq!(
        e.to_string(),
        "demo_Data.csv, row 3, column 'tr_ca': the three shares add up to 1.5, not 1"
    );

    // Broken UTF-8 in a story (the first row spans two lines; rows are counted as records).
    let mut bytes = data(&GOOD).into_bytes();
    let at = bytes.windows(7).position(|w| w == b"We wait").unwrap();
    bytes[at] = 0xff;
    let e = refused(&bytes);
    assert_eq!(e.to_string(), "demo_Data.csv, row 3, column 'st': the text is not valid UTF-8; save the file as UTF-8 and import it again");

    // Unknown option, bad tick, bad time, too many picks, duplicate id, a row longer than the
    // header (its extra cells would be lost).
    let cases = [
        ("a9,nl,1700000000000,T,,,,,,,,,,,,,wellicht,,,", "row 5, column 'mc_m1': 'wellicht' is not a tick: use 1 for ticked and leave it empty otherwise"),
        ("a9,nl,gisteren,T,,,,,,,,,,,,,,,,", "row 5, column 'server_upload_time': 'gisteren' is not a date and time"),
        ("a9,nl,1700000000000,T,,,,,,,,,,,,,1,1,1,", "row 5, column 'mc_m1': 3 options ticked; question \"Gevoel (max 2)\" allows at most 2"),
        ("a1,nl,1700000000000,T,,,,,,,,,,,,,,,,", "row 5, column 'id': story id 'a1' also appears in row 2"),
        ("a9,nl,1700000000000,T,,,,,,,,,,,,,,,,,x", "row 5: the row has 21 fields; the header has 20"),
        ("a9,nl,1700000000000,T,,,,,,,1.7,,,,,,,,,", "row 5, column 'dy_percentX': 1.7 is outside 0–1"),
        ("a9,nl,1700000000000,T,,,,,,,,,,,0.5,,,,,", "row 5, column 'so_s1_percentY': only one of the two positions (x, y) is filled in"),
        ("a9,Deutsch,1700000000000,T,,,,,,,,,,,,,,,,", "row 5, column 'language': 'Deutsch' is not a language code (ISO 639-1, such as nl, en, de or fr)"),
    ];
    for (row, expected) in cases {
        let mut rows = GOOD.to_vec();
        rows.push(row);
        let e = refused(data(&rows).as_bytes());
        assert_eq!(e.to_string(), format!("demo_Data.csv, {expected}"));
    }

    // A list value the definition does not know (an option removed from the framework after
    // stories chose it) is kept as an extra option, and said.
    let mut rows = GOOD.to_vec();
    rows.push("a9,nl,1700000000000,T,,misschien,,,,,,,,,,,,,,");
    let prepared = prepare(&data(&rows)).unwrap();
    assert_eq!(
        prepared.unlisted,
        vec![sensemaker::questionnaire::Unlisted {
            question: "Het was".into(),
            value: "misschien".into(),
            stories: 1
        }]
    );
    assert_eq!(
        prepared.stories[3].answers[0],
        (
            "sm_sf".to_string(),
            AnswerValue::SingleChoice {
                option: "misschien".into()
            }
        )
    );

    // An empty file and a broken definition.
    assert_eq!(refused(b"").problem, ImportProblem::Empty);
    let e =
        sensemaker::prepare("d.json", b"{\"signifiers\": 3}", "x.csv", b"id", None).unwrap_err();
    assert_eq!(e.to_string(), "d.json: the file is not a valid SenseMaker framework definition: it has no list of signifiers");
}

#[test]
fn every_story_keeps_its_own_language_and_an_empty_cell_takes_the_frameworks() {
    let mut rows = GOOD.to_vec();
    rows.push("a4,de,1700000200000,Wir haben lange gewartet.,,,,,,,,,,,,,,,,");
    rows.push("a5,pt-BR,1700000200000,Esperamos muito.,,,,,,,,,,,,,,,,");
    rows.push("a6,,1700000200000,Lang gewacht.,,,,,,,,,,,,,,,,");
    let prepared = prepare(&data(&rows)).unwrap();
    let codes: Vec<&str> = prepared
        .stories
        .iter()
        .map(|s| s.language.as_str())
        .collect();
    // The framework is Dutch: a row without a language is Dutch.
    assert_eq!(codes, ["nl", "en", "nl", "de", "pt", "nl"]);
}

#[test]
fn short_rows_read_their_missing_trailing_cells_as_empty_and_a_cut_off_file_says_so() {
    // SenseMaker exports leave trailing empty columns off some rows (118 of 146 fields).
    let mut rows = GOOD.to_vec();
    rows.push("a9,nl,1700000000000,Een kort verhaal over de wachtlijst.,,negatief");
    let prepared = prepare(&data(&rows)).expect("the short row is read");
    assert_eq!(prepared.stories.len(), 4);
    let short = prepared
        .stories
        .iter()
        .find(|s| s.body.starts_with("Een kort verhaal"))
        .unwrap();
    assert_eq!(short.row, 5);
    assert!(
        short.answers.iter().any(|(q, _)| q == "sm_sf"),
        "the cells it has are read: {:?}",
        short.answers
    );
    assert!(
        !short.answers.iter().any(|(q, _)| q == "sm_dy"),
        "the missing dyad cells are no answer"
    );
    // `null` in a number cell is no answer; entities in a text are decoded.
    let mut rows = GOOD.to_vec();
    rows.push("a9,nl,1700000000000,Met de trein &amp; de bus &#38; te voet &#0;.,,negatief,null,null,null,,null");
    let prepared = prepare(&data(&rows)).expect("null is no answer");
    let story = prepared.stories.iter().find(|s| s.row == 5).unwrap();
    assert_eq!(story.body, "Met de trein & de bus & te voet &#0;.");
    assert!(!story
        .answers
        .iter()
        .any(|(q, _)| q == "sm_tr" || q == "sm_dy"));

    // A file cut off inside a quoted story (an upload or a copy broke off): refused, with the
    // record it cuts off, rather than read as a short story.
    let mut cut = data(&GOOD);
    cut.push_str("a9,nl,1700000000000,\"Het begon goed, maar toen");
    let e = refused(cut.as_bytes());
    assert_eq!(
        e.to_string(),
        "demo_Data.csv, row 5: the file ends inside a quoted cell of this record (a \" is opened and never closed): the file is cut off; export it again"
    );
    assert_eq!(e.problem, ImportProblem::CutOffInQuotes);
}

#[test]
fn positions_rounded_to_whole_numbers_are_counted_for_the_summary() {
    // GOOD's positions (0.25, 0.1, 0.9) are whole numbers on 0–100: nothing to say.
    assert_eq!(prepare(&data(&GOOD)).unwrap().rounding, None);
    let mut rows = GOOD.to_vec();
    rows.push("a9,nl,1700000000000,Het duurde lang.,,negatief,,,,,0.4567,,,,0.333,0.5,,,,");
    // A dyad marked n.v.t. stores no position, so its number is not counted.
    rows.push("a10,nl,1700000000000,Geen idee.,,negatief,,,,,0.123,,,1,,,,,,");
    let rounding = prepare(&data(&rows)).unwrap().rounding.unwrap();
    assert_eq!(rounding.values, 2, "45.67 and 33.3 became 46 and 33");
    assert!((rounding.largest - 0.33).abs() < 1e-9, "{rounding:?}");
}

#[test]
fn story_texts_lose_the_line_breaks_around_them_and_the_summary_counts_them() {
    assert_eq!(prepare(&data(&GOOD)).unwrap().trimmed, 0);
    let mut rows = GOOD.to_vec();
    rows.push("a9,nl,1700000000000,\"Het duurde lang.\n\",,negatief,,,,,,,,,,,,,,");
    let prepared = prepare(&data(&rows)).unwrap();
    assert_eq!(prepared.trimmed, 1);
    let story = prepared.stories.iter().find(|s| s.row == 5).unwrap();
    assert_eq!(story.body, "Het duurde lang.");
}

#[test]
fn a_refused_or_conflicting_import_changes_nothing() {
    on_every_backend(|store| {
        let mut conn = store.conn().unwrap();
        let before = imported(&mut conn);
        // A region that does not exist: refused before anything is written.
        let prepared = prepare(&data(&GOOD)).unwrap();
        let mut batch = ImportBatch {
            modules: &[],
            ids: vertelpunt_interop::batch::StoryIds::Derived,
            file: "demo_Data.csv",
            source: sensemaker::SOURCE,
            namespace: "fw-1",
            definition: &prepared.mapping.definition,
            project: "regio-test",
            collection: "jeugdhulp",
            collection_name: "x",
            region: Some("atlantis"),
            stories: &prepared.stories,
        };
        let e = batch::store(&mut conn, &batch, &mut |_, _| {}).unwrap_err();
        assert_eq!(
            e.to_string(),
            "demo_Data.csv: region 'atlantis' is not a jeugdregio"
        );
        // The default collection point collects with another questionnaire: refused, and the
        // generated questionnaire published inside the transaction is rolled back too.
        batch.region = None;
        let e = batch::store(&mut conn, &batch, &mut |_, _| {}).unwrap_err();
        assert!(
            e.to_string().contains(
                "collection point 'jeugdhulp' collects with questionnaire 'jeugdhulp' version 1"
            ),
            "{e}"
        );
        assert_eq!(imported(&mut conn), before);
        let keys: Vec<String> = vertelpunt_store::questionnaires::list(&mut conn)
            .unwrap()
            .into_iter()
            .map(|v| v.questionnaire_key)
            .collect();
        assert!(
            !keys.contains(&"sensemaker-jeugd-demo".to_string()),
            "{keys:?}"
        );
    });
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let e = vertelpunt_interop::read_file(&path, vertelpunt_interop::DEFAULT_MAX_FILE_BYTES)
        .unwrap_err();
    assert_eq!(
        e.problem,
        ImportProblem::TooLarge {
            size_mb: 50.0,
            max_mb: 32.0
        }
    );
    assert!(
        e.to_string()
            .ends_with("big.csv: the file is 50.0 MB; imports accept at most 32.0 MB"),
        "{e}"
    );
}

/// An export shared as it is often found: a title row above the column ids, no definition.
const TITLES: &str = "id,language,server_upload_time,What happened?,If this were news: the headline,It was,Influences on this situation were..._percentX,Influences on this situation were..._percentY,Influences on this situation were..._people,Influences on this situation were..._rules,Influences on this situation were..._money,Influences on this situation were..._NA,I felt_percentX,I felt_not heard,I felt_heard,I felt_NA,Risk_People_percentX,Risk_People_percentY,Feelings_glad,Feelings_angry,Feelings_afraid,Only for the organisation,meta_platform,Nobody answered";
const IDS: &str = "id,language,server_upload_time,st,hd,sf,tr_percentX,tr_percentY,tr_ca,tr_cb,tr_cc,tr_NA,dy_percentX,dy_pl,dy_pr,dy_NA,so_s1_percentX,so_s1_percentY,mc_m1,mc_m2,mc_m3,tk,meta_platform,leeg";

fn titled(rows: &[&str]) -> String {
    let mut s = format!("\u{feff}{TITLES}\n{IDS}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

const UNTITLED_ROWS: [&str; 3] = [
    "b1,en,1700000000000,\"My son finally got help,\nafter a year of waiting.\",Finally,i-pos,0.4,0.3,0.5,0.3,0.2,,0.25,0.75,0.25,,0.1,0.9,1,,1,t1,Chrome,",
    "b2,de,1700000100000,Wir haben lange gewartet.,,i-neg,,,,,,1,,,,1,,,,1",
    "b3,en,1700000200000,They called me back the same day.,Called back,i-pos,0.5,0.5,0.2,0.4,0.4,,0.9,0.1,0.9,,,,,1,1,,Chrome,",
];

#[test]
fn a_titled_export_without_definition_is_read_from_its_columns_and_says_what_it_read() {
    let prepared = sensemaker::prepare_without_definition(
        "Jeugd_Data.csv",
        titled(&UNTITLED_ROWS).as_bytes(),
        None,
    )
    .expect("the export reads without its definition");
    let inferred = prepared.inferred.as_ref().unwrap();
    assert!(inferred.title_row);
    let read: Vec<(String, String, String)> = inferred
        .questions()
        .into_iter()
        .map(|q| (q.kind.to_string(), q.title, q.labels))
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("story", "What happened?", ""),
        ("title", "If this were news: the headline", ""),
        ("single", "It was", "i-pos, i-neg"),
        (
            "triad",
            "Influences on this situation were...",
            "people, rules, money",
        ),
        ("dyad", "I felt", "not heard, heard"),
        ("stones", "Risk", "People"),
        ("multiple", "Feelings", "glad, angry, afraid"),
        ("tick_box", "Only for the organisation", "t1"),
    ]
    .iter()
    .map(|(k, t, l)| (k.to_string(), t.to_string(), l.to_string()))
    .collect();
    assert_eq!(read, expected);
    assert_eq!(
        inferred
            .left_out
            .iter()
            .map(|(c, why)| (c.as_str(), why.code()))
            .collect::<Vec<_>>(),
        vec![("meta_platform", "metadata"), ("leeg", "unanswered")]
    );
    // The framework is named after the file and the stories keep their languages.
    assert_eq!(prepared.mapping.definition.key, "sensemaker-jeugd");
    let s = &prepared.stories;
    assert_eq!(s.len(), 3);
    assert_eq!(s[1].language.as_str(), "de");
    // Rows are numbered as in the file: the title row is row 1, the ids row 2.
    assert_eq!(s[0].row, 3);
    assert_eq!(
        s[0].title.as_deref(),
        Some("Finally"),
        "a headline is the story's title"
    );
    let answer = |story: usize, q: &str| {
        s[story]
            .answers
            .iter()
            .find(|(id, _)| id == q)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        answer(0, "sm_tr"),
        Some(AnswerValue::Triad {
            shares: [50.0, 30.0, 20.0]
        })
    );
    assert_eq!(answer(0, "sm_dy"), Some(AnswerValue::Slider { value: 25 }));
    assert_eq!(answer(1, "sm_tr"), Some(AnswerValue::NotApplicable));
    assert_eq!(
        answer(2, "sm_mc"),
        Some(AnswerValue::MultipleChoice {
            options: vec!["angry".into(), "afraid".into()]
        })
    );
    let lines = inferred.describe().join("\n");
    assert!(
        lines.contains(
            "\"Influences on this situation were...\" (tr): a triad: people, rules, money"
        ),
        "{lines}"
    );
    assert!(
        lines.contains("left out: leeg (no row answers it)"),
        "{lines}"
    );

    // The framework read can be written out, corrected, and given back: the same stories.
    let json = inferred.definition_json();
    let corrected = json.replace("\"text\": \"people\"", "\"text\": \"persons\"");
    assert_ne!(corrected, json);
    let again = sensemaker::prepare(
        "fixed.json",
        corrected.as_bytes(),
        "Jeugd_Data.csv",
        titled(&UNTITLED_ROWS).as_bytes(),
        None,
    )
    .expect("the written definition reads back");
    assert_eq!(again.stories.len(), 3);
    assert_eq!(again.framework.id, prepared.framework.id);
    let triad = again
        .mapping
        .definition
        .questions
        .iter()
        .find(|q| q.id == "sm_tr")
        .unwrap();
    assert_eq!(triad.corners.as_ref().unwrap()[0].en, "persons");
    assert_eq!(
        again.stories.iter().map(|s| &s.answers).collect::<Vec<_>>(),
        prepared
            .stories
            .iter()
            .map(|s| &s.answers)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_titled_export_without_definition_reads_short_rows_and_says_where_it_is_cut_off() {
    // The second story leaves its trailing empty cells off (ragged), as real exports do.
    let prepared = sensemaker::prepare_without_definition(
        "Jeugd_Data.csv",
        titled(&UNTITLED_ROWS).as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(prepared.stories[1].body, "Wir haben lange gewartet.");
    let mut cut = titled(&UNTITLED_ROWS);
    cut.push_str("b4,en,1700000300000,\"And then the file stops");
    let e =
        sensemaker::prepare_without_definition("Jeugd_Data.csv", cut.as_bytes(), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Jeugd_Data.csv, row 6: the file ends inside a quoted cell of this record (a \" is opened and never closed): the file is cut off; export it again"
    );
    // Without the columns every export has, it is not a SenseMaker export.
    let e =
        sensemaker::prepare_without_definition("x.csv", b"Name,Story\nA,Text\n", None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.csv, row 1, column 'id': the column is missing (needed for question \"story id\")"
    );
}

/// What a file can hold does not make reading its columns slow: a header of 10,000 stones
/// (was every column compared with every other) and 30,000 different free texts (was every
/// value compared with every other) are read as what they are.
#[test]
fn a_very_wide_or_very_long_export_without_definition_is_read_in_one_pass() {
    let mut header = String::from("id,language,server_upload_time,st");
    let mut row = String::from("w1,en,1700000000000,A story about the wait.");
    for i in 0..5_000 {
        header.push_str(&format!(",g{i}_s_percentX,g{i}_s_percentY"));
        row.push_str(",0.5,0.5");
    }
    let wide = format!("{header}\n{row}\n");
    let prepared = sensemaker::prepare_without_definition("wide.csv", wide.as_bytes(), None)
        .expect("a wide export reads");
    let stones = prepared
        .inferred
        .as_ref()
        .unwrap()
        .questions()
        .iter()
        .filter(|q| q.kind == "stones")
        .count();
    assert_eq!(stones, 5_000);

    let mut long = String::from("id,language,server_upload_time,st,tag\n");
    for i in 0..30_000 {
        long.push_str(&format!(
            "l{i},en,1700000000000,Story number {i} about the wait.,t{}\n",
            i % 3
        ));
    }
    let prepared = sensemaker::prepare_without_definition("long.csv", long.as_bytes(), None)
        .expect("a long export reads");
    assert_eq!(prepared.stories.len(), 30_000);
    let kinds: Vec<&str> = prepared
        .inferred
        .as_ref()
        .unwrap()
        .questions()
        .iter()
        .map(|q| q.kind)
        .collect();
    assert_eq!(kinds, ["story", "single"]);
}
