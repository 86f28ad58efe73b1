//! `vertelpunt import table`: a spreadsheet with a mapping file, and round trips of the
//! project's own exports (CSV, Parquet, XLSX → another Vertelpunt → the same data). Runs on
//! SQLite and, when `VERTELPUNT_TEST_POSTGRES_URL` is set, on PostgreSQL.

use crate::common::{ok, vertelpunt};
use std::path::Path;

use vertelpunt_store::testing::TestDatabase;

/// A CSV as written with polars, without the columns that may differ between the databases.
fn rows_without(path: &Path, left_out: &[&str]) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let keep: Vec<usize> = (0..header.len())
        .filter(|i| !left_out.contains(&header[*i].as_str()))
        .collect();
    let mut out = vec![keep.iter().map(|i| header[*i].clone()).collect()];
    for record in reader.records() {
        let record = record.unwrap();
        out.push(keep.iter().map(|i| record[*i].to_string()).collect());
    }
    out
}

#[test]
fn exports_round_trip_through_csv_parquet_and_xlsx_into_another_vertelpunt() {
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        ok(&vertelpunt(
            d,
            &db.url,
            &["seed-demo", "--stories", "120", "--seed", "7", "--quiet"],
        ));
        let export = |url: &str, file: &str| {
            ok(&vertelpunt(
                d,
                url,
                &[
                    "export",
                    "--collection",
                    "jeugdhulp",
                    "--include-synthetic",
                    "--out",
                    file,
                ],
            ))
        };
        let out = export(&db.url, "a.csv");
        assert!(out.starts_with("120 stories, "), "{out}");
        assert!(out.contains("a.questionnaires.json"), "{out}");
        export(&db.url, "a.parquet");
        let out = export(&db.url, "a.xlsx");
        assert!(out.starts_with("120 stories, "), "{out}");
        let original = rows_without(&d.join("a.csv"), &["source"]);
        assert_eq!(original.len(), 121);
        assert!(
            original[0].contains(&"toelichting".to_string()),
            "free-text answers are exported: {:?}",
            original[0]
        );

        for file in ["a.csv", "a.parquet", "a.xlsx"] {
            let other = if db.url.starts_with("sqlite:") {
                TestDatabase::sqlite()
            } else {
                TestDatabase::postgres().unwrap()
            };
            let args = ["import", "table", "--data", file, "--quiet"];
            let out = ok(&vertelpunt(d, &other.url, &args));
            assert!(
                out.starts_with(
                    "120 stories read: 120 added to collection point 'jeugdhulp', 0 already there"
                ),
                "{file}: {out}"
            );
            // Importing the same file again adds nothing.
            let out = ok(&vertelpunt(d, &other.url, &args));
            assert!(
                out.starts_with(
                    "120 stories read: 0 added to collection point 'jeugdhulp', 120 already there"
                ),
                "{file}: {out}"
            );
            export(&other.url, "b.csv");
            let copy = rows_without(&d.join("b.csv"), &["source"]);
            assert_eq!(copy[0], original[0], "{file}: the columns differ");
            for (i, (a, b)) in original.iter().zip(&copy).enumerate().skip(1) {
                assert_eq!(a, b, "{file}: story row {i} differs");
            }
            let sources = rows_without(&d.join("b.csv"), &[]);
            let source_col = sources[0].iter().position(|c| c == "source").unwrap();
            assert!(
                sources[1..]
                    .iter()
                    .all(|r| r[source_col] == "import:vertelpunt"),
                "imported stories carry their source"
            );
        }
    }
}

const MAPPING: &str = r#"
questionnaire = "jeugdhulp"
modules = ["zo-thuis-mogelijk"]
collection = "regio-import"
source = "excel-regio"

[columns]
id = "Nr"
story = "Verhaal"
date = "Datum"
title = "Titel"
role = "Ik ben"
region = "Regio"

[answers]
gehoord = { column = "Gehoord (1-10)", range = [1, 10] }
gevolgen = { column = "Gevolgen" }
gevoel = { column = "Gevoel", values = { "tevreden" = "blij" } }
wie_hielp = { column = "Wie hielp", separator = "+" }
belangrijk = { columns = ["Relatie", "Regels", "Eigen kracht"] }
thuis_wonen = { column = "Thuis wonen" }
toelichting = { column = "Toelichting" }
"#;

const HEADER: &str =
    "Nr;Datum;Ik ben;Regio;Titel;Verhaal;Gehoord (1-10);Gevolgen;Gevoel;Wie hielp;Relatie;Regels;Eigen kracht;Thuis wonen;Toelichting";

fn spreadsheet(dir: &Path, rows: &[&str]) {
    std::fs::write(dir.join("mapping.toml"), MAPPING).unwrap();
    let mut csv = format!("{HEADER}\n");
    for r in rows {
        csv.push_str(r);
        csv.push('\n');
    }
    std::fs::write(dir.join("verhalen.csv"), csv).unwrap();
}

const GOOD: [&str; 3] = [
    "1;03-02-2025;ouder;JR27;Eindelijk;Na een jaar wachten kreeg mijn zoon eindelijk de hulp die hij nodig had, dankzij de wijkcoach.;10;positief;tevreden;wijkteam+school;50;25;25;80;Dank aan de coach",
    "2;2025-02-04 10:30;Kind of jongere;Holland Rijnland;;Niemand luisterde naar wat ik zelf wilde en ik moest steeds weer mijn verhaal vertellen.;1;1;;niemand;0,2;0,5;0,3;n.v.t.;",
    "3;2025-02-05;professional;;;Overleg met school liep soepel.;n.v.t.;;;;;;;;",
];

#[test]
fn a_spreadsheet_with_a_mapping_file_imports_and_one_bad_cell_changes_nothing() {
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        spreadsheet(d, &GOOD);
        let args = [
            "import",
            "table",
            "--data",
            "verhalen.csv",
            "--mapping",
            "mapping.toml",
            "--quiet",
        ];
        let out = ok(&vertelpunt(d, &db.url, &args));
        assert!(
            out.starts_with("3 stories read: 3 added to collection point 'regio-import' (new, closed to the public), 0 already there"),
            "{out}"
        );
        for line in [
            "gehoord: 3 answers",
            "belangrijk: 2 answers",
            "wie_hielp: 2 answers",
            "thuis_wonen: 2 answers",
            "toelichting: 1 answers",
        ] {
            assert!(out.contains(line), "{line}: {out}");
        }
        let out = ok(&vertelpunt(d, &db.url, &args));
        assert!(out.starts_with("3 stories read: 0 added"), "{out}");

        ok(&vertelpunt(
            d,
            &db.url,
            &["export", "--collection", "regio-import", "--out", "uit.csv"],
        ));
        let rows = rows_without(&d.join("uit.csv"), &[]);
        let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
        let first = &rows[1];
        assert_eq!(first[col("role")], "ouder");
        assert_eq!(first[col("region")], "JR27");
        assert_eq!(first[col("gehoord")], "100.0", "10 on 1–10 is 100");
        assert_eq!(
            first[col("gevolgen")],
            "4",
            "the label 'positief' is option 4"
        );
        assert_eq!(first[col("gevoel")], "blij", "mapped by values");
        assert_eq!(first[col("wie_hielp=wijkteam")], "true");
        assert_eq!(first[col("wie_hielp=school")], "true");
        assert_eq!(first[col("wie_hielp=niemand")], "false");
        assert_eq!(first[col("belangrijk:a")], "50.0");
        assert_eq!(first[col("toelichting")], "Dank aan de coach");
        let second = &rows[2];
        assert_eq!(second[col("role")], "jongere");
        assert_eq!(second[col("region")], "JR16", "Holland Rijnland by name");
        assert_eq!(second[col("gehoord")], "0.0");
        assert_eq!(
            second[col("belangrijk:b")],
            "50.0",
            "shares of 1 become percentages"
        );
        assert_eq!(second[col("thuis_wonen:nvt")], "true");
        assert_eq!(rows[3][col("gehoord:nvt")], "true");
        assert_eq!(rows[3][col("region")], "");

        // One bad cell among new rows: refused with its row and column, and nothing is stored.
        spreadsheet(
            d,
            &[
                "4;2025-03-01;ouder;;;Een nieuw verhaal.;5;;;;;;;;",
                "5;2025-03-02;ouder;;;Nog een verhaal.;5;;;;40;40;40;;",
            ],
        );
        let refused = vertelpunt(d, &db.url, &args);
        assert!(!refused.status.success());
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(
            err.contains(
                "verhalen.csv, row 3, column 'Relatie': the three shares add up to 120, not 100"
            ),
            "{err}"
        );
        spreadsheet(d, &["4;2025-03-01;ouder;;;Een nieuw verhaal.;5;;;;;;;;"]);
        let out = ok(&vertelpunt(d, &db.url, &args));
        assert!(out.starts_with("1 stories read: 1 added"), "{out}");

        // A mapping naming a question the questionnaire lacks is refused before any row is read.
        std::fs::write(
            d.join("mapping.toml"),
            MAPPING.replace("thuis_wonen =", "thuiswonen ="),
        )
        .unwrap();
        let refused = vertelpunt(d, &db.url, &args);
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(
            err.contains("mapping.toml: the mapping is not valid: answers.thuiswonen: the questionnaire has no question 'thuiswonen'"),
            "{err}"
        );
    }
}

#[test]
fn a_spreadsheet_without_a_mapping_is_refused_with_what_to_do() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.csv"), "a,b\n1,2\n").unwrap();
    let refused = vertelpunt(dir.path(), &db.url, &["import", "table", "--data", "x.csv"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("x.csv: without a mapping, the file must be an export of a Vertelpunt with its questionnaires (x.questionnaires.json); for another spreadsheet, give a mapping file"),
        "{err}"
    );
}
