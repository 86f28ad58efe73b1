//! `vertelpunt export --format narrafirma` and `vertelpunt import narrafirma`: a selection
//! written as NarraFirma reads it, and read back into another Vertelpunt as the same stories.
//! Runs on SQLite and, when `VERTELPUNT_TEST_POSTGRES_URL` is set, on PostgreSQL.

use crate::common::{ok, vertelpunt};
use std::path::Path;

use vertelpunt_store::testing::TestDatabase;

fn rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn a_narrafirma_export_reads_back_into_another_vertelpunt_as_the_same_stories() {
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        ok(&vertelpunt(
            d,
            &db.url,
            &["seed-demo", "--stories", "80", "--seed", "3", "--quiet"],
        ));
        let export = |url: &str, collection: &str, file: &str| {
            ok(&vertelpunt(
                d,
                url,
                &[
                    "export",
                    "--collection",
                    collection,
                    "--include-synthetic",
                    "--format",
                    "narrafirma",
                    "--out",
                    file,
                ],
            ))
        };
        let out = export(&db.url, "jeugdhulp", "nf.csv");
        assert!(out.starts_with("80 stories, "), "{out}");
        assert!(out.contains("nf.storyform.csv"), "{out}");

        let form = rows(&d.join("nf.storyform.csv"));
        assert_eq!(
            form[0][..6],
            [
                "Data column name",
                "Type",
                "About",
                "Short name",
                "Long name",
                "Answers"
            ]
        );
        let row_of = |column: &str| {
            form.iter()
                .find(|r| r[0] == column)
                .unwrap_or_else(|| panic!("no story form row for {column}"))
        };
        assert_eq!(row_of("gehoord")[1], "Scale");
        assert_eq!(row_of("gehoord")[7..9], ["0", "100"]);
        assert_eq!(row_of("wie_hielp")[1], "Multi-choice multi-column yes/no");
        assert_eq!(row_of("belangrijk_a")[1], "Scale", "a triad corner");
        assert_eq!(row_of("role")[2], "participant");
        let stories = rows(&d.join("nf.csv"));
        assert_eq!(stories.len(), 81);
        assert_eq!(
            stories[0][..5],
            [
                "Story title",
                "Story text",
                "Collection date",
                "role",
                "region"
            ]
        );
        assert!(stories[0].contains(&"wie_hielp [wijkteam]".to_string()));

        let other = if db.url.starts_with("sqlite:") {
            TestDatabase::sqlite()
        } else {
            TestDatabase::postgres().unwrap()
        };
        let args = [
            "import",
            "narrafirma",
            "--form",
            "nf.storyform.csv",
            "--data",
            "nf.csv",
            "--collection",
            "uit-narrafirma",
            "--quiet",
        ];
        let out = ok(&vertelpunt(d, &other.url, &args));
        assert!(
            out.starts_with("80 stories read: 80 added to collection point 'uit-narrafirma' (new, closed to the public)"),
            "{out}"
        );
        assert!(
            out.contains("questionnaire 'narrafirma-nf' version 1 (new)"),
            "{out}"
        );
        let out = ok(&vertelpunt(d, &other.url, &args));
        assert!(
            out.starts_with(
                "80 stories read: 0 added to collection point 'uit-narrafirma', 80 already there"
            ),
            "importing the same files again adds nothing: {out}"
        );

        export(&other.url, "uit-narrafirma", "nf2.csv");
        let again = rows(&d.join("nf2.csv"));
        assert_eq!(again[0], stories[0], "the same columns");
        for (i, (a, b)) in stories.iter().zip(&again).enumerate().skip(1) {
            assert_eq!(a, b, "story row {i} differs");
        }
    }
}

#[test]
fn a_bad_narrafirma_story_form_stores_nothing() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("form.csv"),
        "Data column name,Type,About,Short name,Long name,Answers\n,Story text column name,import,,,Tekst\nScore,Scale,story,Score,Hoe ging het?,slecht,goed\n",
    )
    .unwrap();
    std::fs::write(
        d.join("data.csv"),
        "Tekst,Score\nHet ging goed met de hulp van school.,80\nDe wachtlijst was erg lang.,honderd\n",
    )
    .unwrap();
    let args = [
        "import",
        "narrafirma",
        "--form",
        "form.csv",
        "--data",
        "data.csv",
        "--quiet",
    ];
    let refused = vertelpunt(d, &db.url, &args);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("data.csv, row 3, column 'Score': 'honderd' is not a number"),
        "{err}"
    );
    // Nothing was stored: with the cell put right, the collection point is still new.
    std::fs::write(
        d.join("data.csv"),
        "Tekst,Score\nHet ging goed met de hulp van school.,80\nDe wachtlijst was erg lang.,100\n",
    )
    .unwrap();
    let out = ok(&vertelpunt(d, &db.url, &args));
    assert!(
        out.starts_with("2 stories read: 2 added to collection point 'narrafirma-form' (new, closed to the public)"),
        "{out}"
    );
    assert!(out.contains("score: 2 answers"), "{out}");
}
