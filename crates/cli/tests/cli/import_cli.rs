//! `vertelpunt import sensemaker` as a region's analyst runs it. The test on the real
//! SenseMaker export reads `../shared/fixtures`, so it is ignored by `cargo test` and run by
//! `.ci/run` with `--ignored`.

use crate::common::{ok, vertelpunt};
use std::path::{Path, PathBuf};

use serde_json::Value;
use vertelpunt_store::testing::TestDatabase;

const DEFINITION: &str = r#"{"id": "fw-cli", "name": "Wijkteam", "language": "nl", "fragment_signifier_id": "st",
 "signifiers": [
  {"id": "st", "type": "freetext", "title": "Vertel", "content": {}},
  {"id": "dy", "type": "dyad", "title": "Ik voelde me", "allow_na": true,
   "content": {"labels": [{"id": "l", "text": "niet gehoord"}, {"id": "r", "text": "gehoord"}]}}]}"#;

fn files(dir: &Path, rows: &[&str]) -> (String, String) {
    std::fs::write(dir.join("def.json"), DEFINITION).unwrap();
    let mut csv = String::from("id,language,server_upload_time,st,dy_percentX,dy_NA\n");
    for r in rows {
        csv.push_str(r);
        csv.push('\n');
    }
    std::fs::write(dir.join("data.csv"), csv).unwrap();
    ("def.json".into(), "data.csv".into())
}

#[test]
fn an_export_without_definition_is_read_from_its_columns_printed_and_written_out_to_correct() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Wijk_Data.csv"),
        "id,language,server_upload_time,Vertel,Ik voelde me_percentX,Ik voelde me_niet gehoord,Ik voelde me_gehoord,Ik voelde me_NA\n\
         id,language,server_upload_time,st,dy_percentX,dy_l,dy_r,dy_NA\n\
         1,nl,1700000000000,Het ging goed met de hulp.,0.8,0.2,0.8,\n\
         2,nl,1700000000001,Niet fijn.,,,,1\n",
    )
    .unwrap();
    let args = [
        "import",
        "sensemaker",
        "--data",
        "Wijk_Data.csv",
        "--write-definition",
        "Wijk_Definition.json",
        "--dry-run",
    ];
    let out = vertelpunt(dir.path(), &db.url, &args);
    ok(&out);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("no definition: the questionnaire was read from the columns and the title row above them"), "{said}");
    assert!(
        said.contains("\"Ik voelde me\" (dy): a dyad: niet gehoord, gehoord"),
        "{said}"
    );
    // The written definition reads back: the same import with it.
    let written = std::fs::read_to_string(dir.path().join("Wijk_Definition.json")).unwrap();
    assert!(
        written.contains("\"fragment_signifier_id\": \"st\""),
        "{written}"
    );
    let out = ok(&vertelpunt(
        dir.path(),
        &db.url,
        &[
            "import",
            "sensemaker",
            "--definition",
            "Wijk_Definition.json",
            "--data",
            "Wijk_Data.csv",
            "--quiet",
        ],
    ));
    assert!(
        out.starts_with("2 stories read: 2 added to collection point 'sensemaker-wijk'"),
        "{out}"
    );
}

#[test]
fn import_reports_what_it_added_and_a_bad_row_changes_nothing() {
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        let (def, data) = files(
            dir.path(),
            &[
                "1,nl,1700000000000,Het ging goed.,0.8,",
                "2,nl,1700000000001,Niet fijn.,,1",
            ],
        );
        let args = [
            "import",
            "sensemaker",
            "--definition",
            &def,
            "--data",
            &data,
            "--quiet",
        ];
        let out = ok(&vertelpunt(dir.path(), &db.url, &args));
        assert!(out.starts_with("2 stories read: 2 added to collection point 'sensemaker-wijkteam' (new, closed to the public), 0 already there"), "{out}");
        assert!(out.contains("sm_dy: 2 answers"), "{out}");
        let out = ok(&vertelpunt(dir.path(), &db.url, &args));
        assert!(out.starts_with("2 stories read: 0 added to collection point 'sensemaker-wijkteam', 2 already there"), "{out}");

        // One bad row among good new ones: refused, named, and nothing of the file is stored.
        files(
            dir.path(),
            &[
                "3,nl,1700000000000,Nieuw.,0.5,",
                "4,nl,1700000000000,Ook nieuw.,vijftig,",
            ],
        );
        let refused = vertelpunt(dir.path(), &db.url, &args);
        assert!(!refused.status.success());
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(
            err.contains("data.csv, row 3, column 'dy_percentX': 'vijftig' is not a number"),
            "{err}"
        );
        files(dir.path(), &["3,nl,1700000000000,Nieuw.,0.5,"]);
        let out = ok(&vertelpunt(dir.path(), &db.url, &args));
        assert!(
            out.starts_with("1 stories read: 1 added"),
            "story 3 was not stored by the refused import: {out}"
        );
    }
}

#[test]
fn imported_stories_export_to_csv_and_parquet_without_text_waiting_for_review() {
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        let (def, data) = files(
            dir.path(),
            &[
                "1,nl,1700000000000,Het ging goed.,0.8,",
                "2,nl,1700000000001,Bel me op 06-12345678.,,1",
            ],
        );
        ok(&vertelpunt(
            dir.path(),
            &db.url,
            &[
                "import",
                "sensemaker",
                "--definition",
                &def,
                "--data",
                &data,
                "--quiet",
            ],
        ));
        for file in ["uit.csv", "uit.parquet"] {
            let out = ok(&vertelpunt(
                dir.path(),
                &db.url,
                &[
                    "export",
                    "--collection",
                    "sensemaker-wijkteam",
                    "--source",
                    "import:sensemaker",
                    "--out",
                    file,
                ],
            ));
            assert!(
                out.starts_with(&format!(
                    "2 stories, 1 question → {file}, uit.questions.json, uit.questionnaires.json"
                )),
                "{out}"
            );
            // The export is a dataset the pattern engine reads back without a database.
            ok(&vertelpunt(
                dir.path(),
                &db.url,
                &["evaluate", "--input", file, "--out", "patronen", "--quiet"],
            ));
        }
        let csv = std::fs::read_to_string(dir.path().join("uit.csv")).unwrap();
        assert!(csv.contains("Het ging goed."), "{csv}");
        assert!(
            !csv.contains("12345678"),
            "text waiting for review was exported: {csv}"
        );
        assert_eq!(csv.lines().count(), 3, "{csv}");
        let questions = std::fs::read_to_string(dir.path().join("uit.questions.json")).unwrap();
        assert!(questions.contains("niet gehoord"), "{questions}");

        let empty = vertelpunt(
            dir.path(),
            &db.url,
            &[
                "export",
                "--collection",
                "sensemaker-wijkteam",
                "--role",
                "jongere",
                "--out",
                "x.csv",
            ],
        );
        assert!(!empty.status.success());
        assert!(String::from_utf8_lossy(&empty.stderr).contains("the selection holds no stories"));
    }
}

fn fixture() -> PathBuf {
    vertelpunt_store::testing::shared_fixture("sensemaker-demo", "VERTELPUNT_SENSEMAKER_FIXTURE")
}

#[test]
#[ignore = "reads ../shared/fixtures; run by .ci/run with --ignored"]
fn sensemaker_fixture_imports_and_evaluates_with_ranked_explained_patterns() {
    let def = fixture().join("ADemo_Definition.json");
    let data = fixture().join("ADemo_Data.csv");
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        let out = ok(&vertelpunt(
            dir.path(),
            &db.url,
            &[
                "import",
                "sensemaker",
                "--definition",
                def.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
                "--collection",
                "ademo",
                "--quiet",
            ],
        ));
        assert!(
            out.starts_with("129 stories read: 129 added to collection point 'ademo'"),
            "{out}"
        );

        let out = ok(&vertelpunt(
            dir.path(),
            &db.url,
            &[
                "evaluate",
                "--collection",
                "ademo",
                "--out",
                "uit",
                "--quiet",
                "--source",
                "import:sensemaker",
            ],
        ));
        assert!(out.starts_with("129 stories, "), "{out}");
        let json: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("uit/patterns.json")).unwrap(),
        )
        .unwrap();
        let patterns = json["patterns"].as_array().unwrap();
        assert!(patterns.len() > 50, "{} patterns", patterns.len());
        let families: std::collections::BTreeSet<&str> = patterns
            .iter()
            .map(|p| p["family"].as_str().unwrap())
            .collect();
        for family in [
            "univariate",
            "numeric_by_numeric",
            "choice_by_choice",
            "triad",
        ] {
            assert!(families.contains(family), "{families:?}");
        }
        // Every pattern has its q and a Dutch sentence; strong ones come first and have a chart.
        for p in patterns {
            assert!(
                p["description"]["nl"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty()),
                "{p}"
            );
        }
        let strong: Vec<&Value> = patterns.iter().filter(|p| p["strong"] == true).collect();
        assert!(!strong.is_empty(), "no strong pattern in the fixture");
        assert!(
            patterns[..strong.len()].iter().all(|p| p["strong"] == true),
            "strong patterns are ranked first"
        );
        let charts = std::fs::read_dir(dir.path().join("uit/charts"))
            .unwrap()
            .count();
        assert!(charts >= strong.len().min(1), "{charts} charts");
    }
}
