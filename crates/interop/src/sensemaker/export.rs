//! A selection as SenseMaker exports it: `NAME.csv` with SenseMaker's column conventions and
//! `NAME.definition.json`, a framework definition that describes every column, so tools written
//! for SenseMaker exports (and `vertelpunt import sensemaker`) read it without further work.
//!
//! | Vertelpunt              | SenseMaker signifier and columns                                     |
//! |-------------------------|----------------------------------------------------------------------|
//! | story, title            | `freetext` (the story is the fragment)                               |
//! | slider                  | `dyad`: `ID_percentX` (0–1, right pole), one column per pole, `ID_NA` |
//! | triad                   | `triad`: `ID_percentX`, `ID_percentY`, one share column per corner (0–1), `ID_NA` |
//! | scale, single choice    | `list` with one response: `ID` holds the item id                     |
//! | multiple choice         | `list` with several responses: `ID_ITEM` is `1` when picked          |
//! | free text               | `freetext`                                                           |
//! | role, jeugdregio, region question | `list` with one response                                   |
//!
//! Item and label ids are the Vertelpunt option ids (`ID_a`/`_b`/`_c` for triad corners,
//! `ID_left`/`_right` for poles). Times are milliseconds since 1970, as SenseMaker writes them.
//! Triad positions follow SenseMaker: `percentY` is the top corner's share and `percentX` is the
//! right corner's share plus half the top corner's.

use std::path::{Path, PathBuf};
use vertelpunt_model::spreadsheet::write_field;

use serde_json::{json, Value};
use vertelpunt_model::regions;
use vertelpunt_model::Role;
use vertelpunt_patterns::dataset::{answer_columns, story_columns as sc, Dataset, Shape};

use crate::export::{io_error, text_cells, tick_cells, ExportError, ExportedQuestionnaires};
use crate::table::format_number;

/// Signifier ids of the story fields.
pub const STORY: &str = "verhaal";
pub const TITLE: &str = "titel";
pub const ROLE: &str = "rol";
pub const REGION: &str = "jeugdregio";

/// `NAME.definition.json` beside `NAME.csv`.
pub fn definition_path(stories: &Path) -> PathBuf {
    crate::export::sibling(stories, "definition.json")
}

/// One signifier: its definition and its columns.
struct Signifier {
    definition: Value,
    /// (header, cell per story)
    cells: Vec<(String, Vec<String>)>,
}

fn signifier(id: &str, kind: &str, title: &str, allow_na: bool, content: Value) -> Value {
    json!({
        "id": id,
        "type": kind,
        "title": title,
        "required": false,
        "allow_na": allow_na,
        "fragment": id == STORY,
        "content": content,
    })
}

fn list(id: &str, title: &str, items: &[(String, String)], max: usize) -> Value {
    let items: Vec<Value> = items
        .iter()
        .map(|(item, label)| json!({ "id": item, "title": label }))
        .collect();
    signifier(
        id,
        "list",
        title,
        false,
        json!({ "items": items, "max_responses": max }),
    )
}

/// The `ID_NA` cells: `1` for "niet van toepassing".
fn not_applicable(dataset: &Dataset, id: &str) -> Result<Vec<String>, ExportError> {
    let name = answer_columns::not_applicable(id);
    if !dataset.frame.get_column_names().iter().any(|c| **c == name) {
        return Ok(vec![String::new(); dataset.len()]);
    }
    Ok(tick_cells(dataset.booleans(&name)?, "1"))
}

fn fraction(x: Option<f64>) -> String {
    x.map(|v| format_number(v / 100.0)).unwrap_or_default()
}

fn signifiers(
    dataset: &Dataset,
    definitions: &ExportedQuestionnaires,
) -> Result<Vec<Signifier>, ExportError> {
    let mut out = Vec::new();
    for q in &dataset.questions {
        let title = q.text.nl.as_str();
        match &q.shape {
            Shape::Slider { left, right } => {
                let values = dataset.floats(&q.id)?;
                let labels = json!([
                    { "id": "left", "text": left.nl },
                    { "id": "right", "text": right.nl },
                ]);
                let nvt = not_applicable(dataset, &q.id)?;
                out.push(Signifier {
                    definition: signifier(&q.id, "dyad", title, true, json!({ "labels": labels })),
                    cells: vec![
                        (
                            format!("{}_percentX", q.id),
                            values.iter().map(|v| fraction(*v)).collect(),
                        ),
                        (
                            format!("{}_left", q.id),
                            values
                                .iter()
                                .map(|v| fraction(v.map(|x| 100.0 - x)))
                                .collect(),
                        ),
                        (
                            format!("{}_right", q.id),
                            values.iter().map(|v| fraction(*v)).collect(),
                        ),
                        (format!("{}_NA", q.id), nvt),
                    ],
                });
            }
            Shape::Scale { options } | Shape::SingleChoice { options } => {
                let items: Vec<(String, String)> = options
                    .iter()
                    .map(|o| (o.id.clone(), o.label.nl.clone()))
                    .collect();
                out.push(Signifier {
                    definition: list(&q.id, title, &items, 1),
                    cells: vec![(q.id.clone(), text_cells(dataset, &q.id)?)],
                });
            }
            Shape::MultipleChoice { options } => {
                let items: Vec<(String, String)> = options
                    .iter()
                    .map(|o| (o.id.clone(), o.label.nl.clone()))
                    .collect();
                let mut cells = Vec::new();
                for o in options {
                    let ticked = dataset.booleans(&answer_columns::option(&q.id, &o.id))?;
                    cells.push((format!("{}_{}", q.id, o.id), tick_cells(ticked, "1")));
                }
                // SenseMaker reads a list with one response as a single choice, so a multiple
                // choice keeps at least two.
                let max = definitions
                    .definitions
                    .iter()
                    .flat_map(|d| d.definition.questions.iter())
                    .find(|d| d.id == q.id)
                    .and_then(|d| d.max_picks)
                    .map_or(options.len(), |m| m as usize)
                    .max(2);
                out.push(Signifier {
                    definition: list(&q.id, title, &items, max),
                    cells,
                });
            }
            Shape::Triad { corners } => {
                let shares: Vec<Vec<Option<f64>>> = (0..3)
                    .map(|i| dataset.floats(&answer_columns::triad(&q.id, i)))
                    .collect::<Result<_, _>>()?;
                let labels: Vec<Value> = corners
                    .iter()
                    .zip(["a", "b", "c"])
                    .map(|(c, id)| json!({ "id": id, "text": c.nl }))
                    .collect();
                let (xs, ys): (Vec<String>, Vec<String>) = shares[0]
                    .iter()
                    .zip(&shares[2])
                    .map(|(a, c)| match (a, c) {
                        (Some(a), Some(c)) => (fraction(Some(c + a / 2.0)), fraction(Some(*a))),
                        _ => (String::new(), String::new()),
                    })
                    .unzip();
                let mut cells = vec![
                    (format!("{}_percentX", q.id), xs),
                    (format!("{}_percentY", q.id), ys),
                ];
                for (corner, values) in ["a", "b", "c"].iter().zip(&shares) {
                    cells.push((
                        format!("{}_{corner}", q.id),
                        values.iter().map(|v| fraction(*v)).collect(),
                    ));
                }
                cells.push((format!("{}_NA", q.id), not_applicable(dataset, &q.id)?));
                out.push(Signifier {
                    definition: signifier(&q.id, "triad", title, true, json!({ "labels": labels })),
                    cells,
                });
            }
        }
    }
    // Free-text and region questions: the dataset's other text columns.
    let shaped: Vec<&str> = dataset.questions.iter().map(|q| q.id.as_str()).collect();
    for name in dataset.frame.get_column_names() {
        let name = name.as_str();
        let Some(question) = definitions
            .definitions
            .iter()
            .flat_map(|d| d.definition.questions.iter())
            .find(|q| q.id == name && !shaped.contains(&name))
        else {
            continue;
        };
        let definition = if question.kind == "region" {
            list(name, &question.text.nl, &region_items(), 1)
        } else {
            signifier(name, "freetext", &question.text.nl, false, json!({}))
        };
        out.push(Signifier {
            definition,
            cells: vec![(name.to_string(), text_cells(dataset, name)?)],
        });
    }
    Ok(out)
}

fn region_items() -> Vec<(String, String)> {
    regions::jeugdregios()
        .iter()
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect()
}

/// Writes the stories to `path` and the framework definition beside it; returns the
/// definition's path.
pub fn write(
    dataset: &Dataset,
    definitions: &ExportedQuestionnaires,
    path: &Path,
) -> Result<PathBuf, ExportError> {
    let answers = signifiers(dataset, definitions)?;
    let name = definitions
        .definitions
        .first()
        .map(|d| d.definition.title.nl.clone())
        .unwrap_or_else(|| "Vertelpunt".into());
    let roles: Vec<(String, String)> = [
        Role::Jongere,
        Role::Ouder,
        Role::Professional,
        Role::Onbekend,
    ]
    .iter()
    .map(|r| (r.code().to_string(), r.label().nl))
    .collect();
    let mut list_of = vec![
        signifier(STORY, "freetext", "Verhaal", false, json!({})),
        signifier(TITLE, "freetext", "Titel", false, json!({})),
        list(ROLE, "Wie vertelt?", &roles, 1),
        list(REGION, "Jeugdregio", &region_items(), 1),
    ];
    list_of.extend(answers.iter().map(|s| s.definition.clone()));
    let framework = json!({
        "id": format!("vertelpunt-{}", definitions.collection_points.iter().map(|p| p.slug.as_str()).collect::<Vec<_>>().join("+")),
        "name": name,
        "language": "nl",
        "fragment_signifier_id": STORY,
        "signifiers": list_of,
    });
    let definition_file = definition_path(path);
    let text =
        serde_json::to_string_pretty(&framework).map_err(|e| io_error(&definition_file, e))?;
    std::fs::write(&definition_file, text).map_err(|e| io_error(&definition_file, e))?;

    let ids = text_cells(dataset, sc::ID)?;
    let points = text_cells(dataset, sc::COLLECTION_POINT)?;
    let languages = text_cells(dataset, sc::LANGUAGE)?;
    let times: Vec<String> = dataset
        .integers(sc::SUBMITTED_AT)?
        .into_iter()
        .map(|t| t.map(|s| (s * 1000).to_string()).unwrap_or_default())
        .collect();
    let body = text_cells(dataset, sc::BODY)?;
    let title = text_cells(dataset, sc::TITLE)?;
    let role = text_cells(dataset, sc::ROLE)?;
    let region = text_cells(dataset, sc::REGION)?;
    let mut header: Vec<String> = [
        "id",
        "project_id",
        "language",
        "server_upload_time",
        STORY,
        TITLE,
        ROLE,
        REGION,
    ]
    .map(String::from)
    .to_vec();
    let mut columns = vec![
        &ids, &points, &languages, &times, &body, &title, &role, &region,
    ];
    let cells: Vec<&(String, Vec<String>)> = answers.iter().flat_map(|s| s.cells.iter()).collect();
    header.extend(cells.iter().map(|(h, _)| h.clone()));
    columns.extend(cells.iter().map(|(_, c)| c));
    let mut writer = csv::Writer::from_path(path).map_err(|e| io_error(path, e))?;
    writer
        .write_record(&header)
        .map_err(|e| io_error(path, e))?;
    for i in 0..dataset.len() {
        writer
            .write_record(columns.iter().map(|c| write_field(&c[i]).into_owned()))
            .map_err(|e| io_error(path, e))?;
    }
    writer.flush().map_err(|e| io_error(path, e))?;
    Ok(definition_file)
}
