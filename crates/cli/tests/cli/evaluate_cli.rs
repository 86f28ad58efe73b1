//! `vertelpunt evaluate` as an analyst runs it: on a seeded database (SQLite and, when
//! configured, PostgreSQL) and on a dataset file.

use crate::common::{ok, vertelpunt};

use serde_json::Value;
use vertelpunt_store::pattern_runs;
use vertelpunt_store::testing::TestDatabase;

fn strong(patterns: &Value) -> Vec<String> {
    patterns["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["strong"] == true)
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn evaluate_on_a_seeded_database_finds_the_planted_patterns_and_stores_the_run() {
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        ok(&vertelpunt(
            dir.path(),
            &db.url,
            &["seed-demo", "--stories", "1500", "--seed", "9", "--quiet"],
        ));
        // Synthetic stories stay out unless asked for.
        let refused = vertelpunt(
            dir.path(),
            &db.url,
            &[
                "evaluate",
                "--collection",
                "jeugdhulp",
                "--out",
                "uit",
                "--quiet",
            ],
        );
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("--include-synthetic"));

        let out = ok(&vertelpunt(
            dir.path(),
            &db.url,
            &[
                "evaluate",
                "--collection",
                "jeugdhulp",
                "--include-synthetic",
                "--out",
                "uit",
                "--quiet",
            ],
        ));
        assert!(out.starts_with("1500 stories, "), "{out}");
        assert!(out.contains("stored in the database"), "{out}");
        let json: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("uit/patterns.json")).unwrap(),
        )
        .unwrap();
        let found = strong(&json);
        for planted in [
            "numeric_by_group:gehoord|gevolgen",
            "numeric_by_group:juiste_hulp|gevolgen",
            "numeric_by_group:op_tijd|soort_hulp",
            "numeric_by_group:duidelijkheid|@rol",
            "numeric_by_group:zeggenschap|@rol",
        ] {
            assert!(
                found.contains(&planted.to_string()),
                "{planted} not among {found:?}"
            );
        }
        let first = &json["patterns"][0];
        assert_eq!(first["rank"], 1);
        assert!(dir
            .path()
            .join("uit")
            .join(first["chart"].as_str().unwrap())
            .exists());
        let csv = std::fs::read_to_string(dir.path().join("uit/patterns.csv")).unwrap();
        assert!(csv.starts_with("rank,id,family,"));
        assert_eq!(
            csv.lines().count(),
            json["patterns"].as_array().unwrap().len() + 1
        );

        let mut conn = db.store().conn().unwrap();
        let runs = pattern_runs::list(&mut conn).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].stories, 1500);
        assert_eq!(runs[0].preset, "standaard");
        let stored = pattern_runs::get(&mut conn, &runs[0].id).unwrap();
        assert_eq!(
            stored.results,
            std::fs::read_to_string(dir.path().join("uit/patterns.json")).unwrap()
        );
        assert_eq!(
            stored.results_sha256,
            pattern_runs::checksum(&stored.results)
        );
        // The charts are stored with the run, the same bytes as the files.
        let chart = first["chart"].as_str().unwrap();
        assert_eq!(
            pattern_runs::chart(&mut conn, &stored.id, chart).unwrap(),
            Some(std::fs::read_to_string(dir.path().join("uit").join(chart)).unwrap())
        );
        let names = pattern_runs::chart_names(&mut conn, &stored.id).unwrap();
        let files = ["charts", "verdelingen"]
            .iter()
            .map(|d| {
                std::fs::read_dir(dir.path().join("uit").join(d))
                    .unwrap()
                    .count()
            })
            .sum::<usize>();
        assert_eq!(names.len(), files);
    }
}

#[test]
fn evaluate_reads_a_saved_dataset_and_compares_a_subgroup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let db = db.to_str().unwrap();
    ok(&vertelpunt(
        dir.path(),
        db,
        &["seed-demo", "--stories", "800", "--seed", "3", "--quiet"],
    ));
    ok(&vertelpunt(
        dir.path(),
        db,
        &[
            "evaluate",
            "--collection",
            "jeugdhulp",
            "--include-synthetic",
            "--role",
            "ouder",
            "--role",
            "professional",
            "--families",
            "univariate",
            "--save-dataset",
            "selectie.parquet",
            "--out",
            "a",
            "--quiet",
        ],
    ));
    assert!(dir.path().join("selectie.questions.json").exists());
    let out = ok(&vertelpunt(
        dir.path(),
        db,
        &[
            "evaluate",
            "--input",
            "selectie.parquet",
            "--include-synthetic",
            "--subgroup",
            "role=professional",
            "--families",
            "subgroup",
            "--out",
            "b",
            "--quiet",
        ],
    ));
    assert!(
        !out.contains("stored in the database"),
        "a file run is not stored: {out}"
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("b/patterns.json")).unwrap())
            .unwrap();
    assert_eq!(json["subgroup"], "role=professional");
    assert!(
        json["stories"].as_u64().unwrap() < 800,
        "only parents and professionals were saved"
    );
    // Planted: professionals find things clearer than parents.
    let id = "subgroup:duidelijkheid|@subgroep:role=professional";
    assert!(
        strong(&json).contains(&id.to_string()),
        "{:?}",
        strong(&json)
    );

    let bad = vertelpunt(
        dir.path(),
        db,
        &[
            "evaluate",
            "--collection",
            "jeugdhulp",
            "--include-synthetic",
            "--where",
            "gevolgen=heel_slecht",
            "--out",
            "c",
        ],
    );
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("question 'gevolgen' has no option 'heel_slecht'"),
        "{err}"
    );
    let family = vertelpunt(
        dir.path(),
        db,
        &[
            "evaluate",
            "--collection",
            "jeugdhulp",
            "--families",
            "alles",
            "--out",
            "c",
        ],
    );
    assert!(String::from_utf8_lossy(&family.stderr).contains("unknown family 'alles'"));
}
