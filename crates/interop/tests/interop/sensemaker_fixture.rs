//! The real SenseMaker export in `../shared/fixtures/sensemaker-demo/` (129 stories) imports
//! completely: every story, and for every question as many answers as the CSV has filled-in
//! cells for it, counted here straight from the CSV.
//!
//! The fixture lives outside the repository, so these tests are ignored by `cargo test` and
//! run by `.ci/run` with `--ignored`. Set `VERTELPUNT_SENSEMAKER_FIXTURE` to another folder to
//! use another copy.

use std::collections::BTreeMap;
use std::path::PathBuf;

use vertelpunt_interop::batch::{self, ImportBatch};
use vertelpunt_interop::sensemaker;
use vertelpunt_store::stories::{self, StoryFilter};
use vertelpunt_store::testing::TestDatabase;
use vertelpunt_store::{collection_points, setup};

fn fixture() -> PathBuf {
    vertelpunt_store::testing::shared_fixture("sensemaker-demo", "VERTELPUNT_SENSEMAKER_FIXTURE")
}

fn read(name: &str) -> Vec<u8> {
    let path = fixture().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// For each column prefix (a signifier id, or signifier and stone id), the rows with at least
/// one filled-in cell among the columns that start with it.
fn filled_rows(csv_bytes: &[u8], prefixes: &[String]) -> BTreeMap<String, usize> {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut counts: BTreeMap<String, usize> = prefixes.iter().map(|p| (p.clone(), 0)).collect();
    for record in reader.records() {
        let record = record.unwrap();
        for prefix in prefixes {
            let filled = header
                .iter()
                .zip(record.iter())
                .any(|(h, v)| h.starts_with(prefix.as_str()) && !v.trim().is_empty());
            *counts.get_mut(prefix).unwrap() += usize::from(filled);
        }
    }
    counts
}

#[test]
#[ignore = "reads ../shared/fixtures; run by .ci/run with --ignored"]
fn sensemaker_fixture_imports_all_129_stories_and_every_answer() {
    let definition = read("ADemo_Definition.json");
    let data = read("ADemo_Data.csv");
    let prepared = sensemaker::prepare(
        "ADemo_Definition.json",
        &definition,
        "ADemo_Data.csv",
        &data,
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(prepared.stories.len(), 129);
    assert!(
        prepared.mapping.unsupported.is_empty(),
        "{:?}",
        prepared.mapping.unsupported
    );

    // Question id → the CSV column prefix that holds its answers.
    let json: serde_json::Value = serde_json::from_slice(&definition).unwrap();
    let mut expected_prefix: BTreeMap<String, String> = BTreeMap::new();
    for s in json["signifiers"].as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        let short: String = id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect();
        match s["type"].as_str().unwrap() {
            "list" | "triad" | "dyad" => {
                expected_prefix.insert(format!("sm_{short}"), id.to_string());
            }
            "stones" => {
                for stone in s["content"]["stones"].as_array().unwrap() {
                    let sid = stone["id"].as_str().unwrap();
                    let stone_short: String = sid
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .take(8)
                        .collect();
                    for axis in ["x", "y"] {
                        expected_prefix.insert(
                            format!("sm_{short}_{stone_short}_{axis}"),
                            format!("{id}_{sid}"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        expected_prefix.len(),
        5 + 3 + 3 * 2 + 7,
        "5 triads, 3 dyads, 3 stones × 2 axes, 7 lists"
    );
    let prefixes: Vec<String> = expected_prefix
        .values()
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let filled = filled_rows(&data, &prefixes);

    for db in TestDatabase::all() {
        let store = db.store();
        let mut conn = store.conn().unwrap();
        setup::prepare(&mut conn).unwrap();
        let batch = ImportBatch {
            modules: &[],
            ids: vertelpunt_interop::batch::StoryIds::Derived,
            file: "ADemo_Data.csv",
            source: sensemaker::SOURCE,
            namespace: &prepared.framework.id,
            definition: &prepared.mapping.definition,
            project: "demo",
            collection: "ademo",
            collection_name: "ADemo (SenseMaker)",
            region: None,
            stories: &prepared.stories,
        };
        let report =
            batch::store(&mut conn, &batch, &mut |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((report.read, report.added), (129, 129));
        for (question, prefix) in &expected_prefix {
            let stored = report
                .answers_per_question
                .get(question)
                .copied()
                .unwrap_or(0);
            assert_eq!(
                stored, filled[prefix],
                "question {question} (columns {prefix}…)"
            );
            assert_eq!(
                stories::count_answers(&mut conn, question).unwrap() as usize,
                stored
            );
        }
        let point = collection_points::find_by_slug(&mut conn, "ademo")
            .unwrap()
            .unwrap();
        let filter = StoryFilter {
            collection_point_id: Some(point.id.clone()),
            ..StoryFilter::default()
        };
        assert_eq!(stories::count(&mut conn, &filter).unwrap(), 129);
        // Story text and headline: every row has both.
        let story = stories::get(
            &mut conn,
            &batch::story_id(
                "sensemaker",
                &prepared.framework.id,
                "c9a49500-806b-11eb-81ea-0242ac110003",
            ),
        )
        .unwrap();
        assert!(
            story.body.starts_with("I am a Driver Helper."),
            "{}",
            story.body
        );
        assert_eq!(story.title.as_deref(), Some("No stupid questions"));

        let again = batch::store(&mut conn, &batch, &mut |_, _| {}).unwrap();
        assert_eq!((again.added, again.already_present), (0, 129));
    }
}

/// Every answer of a prepared export in terms of the export itself: (story id, question id,
/// the answer with each option given as the SenseMaker item id or column it came from), so
/// that two questionnaires that name options differently can be compared.
fn answers_as_in_the_export(prepared: &sensemaker::Prepared) -> Vec<(String, String, String)> {
    use sensemaker::questionnaire::Reader;
    use vertelpunt_model::AnswerValue;
    let mut item_of: BTreeMap<(String, String), String> = BTreeMap::new();
    for reader in &prepared.mapping.readers {
        match reader {
            Reader::Single {
                question, options, ..
            } => {
                for (item, _, option) in options {
                    item_of.insert((question.clone(), option.clone()), item.clone());
                }
            }
            Reader::Multi {
                question, columns, ..
            } => {
                for (column, option) in columns {
                    item_of.insert((question.clone(), option.clone()), column.clone());
                }
            }
            _ => {}
        }
    }
    let item = |q: &str, o: &str| {
        item_of
            .get(&(q.to_string(), o.to_string()))
            .cloned()
            .unwrap_or_else(|| panic!("{q}: option {o} has no item"))
    };
    let mut out = Vec::new();
    for s in &prepared.stories {
        for (q, value) in &s.answers {
            let value = match value {
                AnswerValue::SingleChoice { option } => item(q, option),
                AnswerValue::MultipleChoice { options } => {
                    let mut items: Vec<String> = options.iter().map(|o| item(q, o)).collect();
                    items.sort();
                    items.join("|")
                }
                other => format!("{other:?}"),
            };
            out.push((s.external_id.clone(), q.clone(), value));
        }
    }
    out.sort();
    out
}

#[test]
#[ignore = "reads ../shared/fixtures; run by .ci/run with --ignored"]
fn sensemaker_fixture_without_its_definition_gives_the_same_stories_and_answers() {
    let definition = read("ADemo_Definition.json");
    let data = read("ADemo_Data.csv");
    let with = sensemaker::prepare(
        "ADemo_Definition.json",
        &definition,
        "ADemo_Data.csv",
        &data,
        None,
    )
    .expect("imports with its definition");
    let without = sensemaker::prepare_without_definition("ADemo_Data.csv", &data, None)
        .expect("imports without its definition");
    let inferred = without.inferred.as_ref().expect("inferred");
    assert!(!inferred.title_row);
    // The same framework id, so the same story ids in the database.
    assert_eq!(without.framework.id, with.framework.id);
    assert_eq!(without.stories.len(), 129);
    for (a, b) in with.stories.iter().zip(&without.stories) {
        assert_eq!(
            (&a.external_id, &a.body, a.submitted_at, &a.language),
            (&b.external_id, &b.body, b.submitted_at, &b.language)
        );
    }
    // The definition makes the headline the story's title; without it the headline column is
    // a free-text question with the same texts.
    let headline = "sm_a058fcb5";
    let mut expected = answers_as_in_the_export(&with);
    for s in &with.stories {
        if let Some(title) = &s.title {
            expected.push((
                s.external_id.clone(),
                headline.to_string(),
                format!(
                    "{:?}",
                    vertelpunt_model::AnswerValue::FreeText {
                        text: title.clone()
                    }
                ),
            ));
        }
    }
    expected.sort();
    assert_eq!(answers_as_in_the_export(&without), expected);
    let kinds: Vec<&str> = inferred.questions().iter().map(|q| q.kind).collect();
    for (kind, n) in [
        ("triad", 5),
        ("dyad", 3),
        ("stones", 1),
        ("story", 1),
        ("tick_box", 1),
    ] {
        assert_eq!(
            kinds.iter().filter(|k| **k == kind).count(),
            n,
            "{kind}: {kinds:?}"
        );
    }
}
