//! `vertelpunt export --format sensemaker`: a selection written with SenseMaker's column
//! conventions and a framework definition, read back by `vertelpunt import sensemaker` into
//! another Vertelpunt with the same answers. Runs on SQLite and, when
//! `VERTELPUNT_TEST_POSTGRES_URL` is set, on PostgreSQL.

use crate::common::{ok, vertelpunt};
use vertelpunt_store::aggregates::{self, AggregateFilter};
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_store::{collection_points, Store};

/// The question id `import sensemaker` gives a signifier.
fn imported_id(signifier: &str) -> String {
    let short: String = signifier
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    format!("sm_{short}")
}

fn counts(url: &str, slug: &str) -> aggregates::Aggregates {
    let store = Store::open(url).unwrap();
    let mut conn = store.conn().unwrap();
    let point = collection_points::find_by_slug(&mut conn, slug)
        .unwrap()
        .unwrap();
    let all = AggregateFilter {
        include_synthetic: true,
        ..Default::default()
    };
    aggregates::count(&mut conn, &point.id, &all).unwrap()
}

#[test]
fn a_sensemaker_export_reads_back_into_another_vertelpunt_with_the_same_answers() {
    for db in TestDatabase::all() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        ok(&vertelpunt(
            d,
            &db.url,
            &["seed-demo", "--stories", "80", "--seed", "5", "--quiet"],
        ));
        let out = ok(&vertelpunt(
            d,
            &db.url,
            &[
                "export",
                "--collection",
                "jeugdhulp",
                "--include-synthetic",
                "--format",
                "sensemaker",
                "--out",
                "sm.csv",
            ],
        ));
        assert!(out.starts_with("80 stories, "), "{out}");
        assert!(out.contains("sm.definition.json"), "{out}");

        let definition: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("sm.definition.json")).unwrap())
                .unwrap();
        assert_eq!(definition["fragment_signifier_id"], "verhaal");
        let kind_of = |id: &str| {
            definition["signifiers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == id)
                .unwrap_or_else(|| panic!("no signifier {id}"))["type"]
                .clone()
        };
        assert_eq!(kind_of("gehoord"), "dyad");
        assert_eq!(kind_of("belangrijk"), "triad");
        assert_eq!(kind_of("wie_hielp"), "list");
        assert_eq!(kind_of("verhaal"), "freetext");

        let mut reader = csv::Reader::from_path(d.join("sm.csv")).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        for column in [
            "id",
            "server_upload_time",
            "gehoord_percentX",
            "gehoord_NA",
            "belangrijk_percentX",
            "belangrijk_percentY",
            "belangrijk_a",
            "wie_hielp_wijkteam",
        ] {
            assert!(header.contains(&column.to_string()), "no column {column}");
        }
        // Triad positions as SenseMaker writes them: y is the top corner's share.
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        for row in reader.records() {
            let row = row.unwrap();
            let cell = |name: &str| row[at(name)].parse::<f64>().ok();
            if let (Some(a), Some(c), Some(x), Some(y)) = (
                cell("belangrijk_a"),
                cell("belangrijk_c"),
                cell("belangrijk_percentX"),
                cell("belangrijk_percentY"),
            ) {
                assert!((y - a).abs() < 1e-9 && (x - (c + a / 2.0)).abs() < 1e-9);
            }
            assert!(row[at("server_upload_time")].len() >= 13, "milliseconds");
        }

        let other = if db.url.starts_with("sqlite:") {
            TestDatabase::sqlite()
        } else {
            TestDatabase::postgres().unwrap()
        };
        let out = ok(&vertelpunt(
            d,
            &other.url,
            &[
                "import",
                "sensemaker",
                "--definition",
                "sm.definition.json",
                "--data",
                "sm.csv",
                "--collection",
                "uit-sensemaker",
                "--quiet",
            ],
        ));
        assert!(out.starts_with("80 stories read: 80 added"), "{out}");

        let before = counts(&db.url, "jeugdhulp");
        let after = counts(&other.url, "uit-sensemaker");
        assert_eq!(after.stories, 80);
        for question in [
            "gehoord",
            "juiste_hulp",
            "belangrijk",
            "wie_hielp",
            "gevolgen",
            "soort_hulp",
            "regio",
        ] {
            let a = &before.questions[question];
            let b = &after.questions[&imported_id(question)];
            assert_eq!(a.answered, b.answered, "{question}: answered");
            assert_eq!(a.not_applicable, b.not_applicable, "{question}: n.v.t.");
            assert_eq!(a.bins, b.bins, "{question}: slider values");
            assert_eq!(
                a.options.values().sum::<i64>(),
                b.options.values().sum::<i64>(),
                "{question}: picks"
            );
        }
        let (a, b) = (
            before.questions["belangrijk"].triad_means.unwrap(),
            after.questions[&imported_id("belangrijk")]
                .triad_means
                .unwrap(),
        );
        for i in 0..3 {
            assert!(
                (a[i] - b[i]).abs() < 1e-6,
                "triad corner {i}: {a:?} vs {b:?}"
            );
        }
    }
}
