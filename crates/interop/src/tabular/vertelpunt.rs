//! An export of a Vertelpunt (`vertelpunt export`) read back: the columns are the dataset's
//! (`story_id`, `submitted_at`, `role`, …, one or more columns per question), the
//! questionnaires come from `NAME.questionnaires.json` or the `definities` sheet of the XLSX.
//! Story ids are kept, so a story moved between two Vertelpunten stays one story.

use std::collections::BTreeMap;

use vertelpunt_model::definition::{DefinitionFormat, RawDefinition};
use vertelpunt_model::{Lang, QuestionKind, Questionnaire};
use vertelpunt_patterns::dataset::{answer_columns, story_columns as sc};

use super::{AnswerPlan, Plan};
use crate::batch::StoryIds;
use crate::error::{ImportError, ImportProblem};
use crate::export::{ExportedDefinition, ExportedQuestionnaires, DEFINITIONS_SHEET, FORMAT_TAG};
use crate::table::Table;

/// The source of stories read from a Vertelpunt export (`import:vertelpunt`).
pub const SOURCE: &str = "vertelpunt";

fn invalid(file: &str, message: String) -> ImportError {
    ImportError::file(file, ImportProblem::InvalidDefinition(message))
}

/// Reads `NAME.questionnaires.json`.
pub fn parse_questionnaires(
    file: &str,
    bytes: &[u8],
) -> Result<ExportedQuestionnaires, ImportError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| ImportError::file(file, ImportProblem::NotUtf8))?;
    let parsed: ExportedQuestionnaires = serde_json::from_str(text).map_err(|e| {
        ImportError::file(
            file,
            ImportProblem::Malformed {
                expected: "questionnaires file of a Vertelpunt export",
                detail: e.to_string(),
            },
        )
    })?;
    if parsed.format != FORMAT_TAG {
        return Err(invalid(
            file,
            format!("format '{}' is not '{FORMAT_TAG}'", parsed.format),
        ));
    }
    Ok(parsed)
}

/// Reads the `definities` sheet of an XLSX export; `None` when the workbook has none.
pub fn sheet_questionnaires(
    file: &str,
    bytes: &[u8],
) -> Result<Option<ExportedQuestionnaires>, ImportError> {
    let table = match Table::from_xlsx(file, bytes, Some(DEFINITIONS_SHEET)) {
        Ok(t) => t,
        Err(ImportError {
            problem: ImportProblem::MissingSheet { .. },
            ..
        }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let (key_col, version_col, part_col, json_col) =
        ("vragenlijst", "versie", "deel", "definitie (JSON)");
    for c in [key_col, version_col, part_col, json_col] {
        table.require(c, "questionnaire definition")?;
    }
    let mut parts: BTreeMap<(String, i32), Vec<(u32, String)>> = BTreeMap::new();
    for i in 0..table.len() {
        let row = table.row(i);
        let number = |c: &str| -> Result<f64, ImportError> {
            row.number(c)?.ok_or_else(|| {
                row.error(
                    c,
                    ImportProblem::NotANumber {
                        value: String::new(),
                    },
                )
            })
        };
        parts
            .entry((row.get(key_col).to_string(), number(version_col)? as i32))
            .or_default()
            .push((number(part_col)? as u32, row.get(json_col).to_string()));
    }
    let mut definitions = Vec::new();
    for ((key, version), mut chunks) in parts {
        chunks.sort_by_key(|(n, _)| *n);
        let json: String = chunks.into_iter().map(|(_, s)| s).collect();
        let definition = RawDefinition::parse(&json, DefinitionFormat::Json)
            .map_err(|e| invalid(file, format!("sheet '{DEFINITIONS_SHEET}', '{key}': {e}")))?;
        definitions.push(ExportedDefinition {
            key,
            version,
            definition,
        });
    }
    Ok(Some(ExportedQuestionnaires {
        format: FORMAT_TAG.to_string(),
        collection_points: Vec::new(),
        definitions,
    }))
}

/// The core questionnaire of an export and its modules. An export of collection points with
/// different core questionnaires is refused: import their stories one collection point at a time.
pub fn core_and_modules(
    file: &str,
    exported: &ExportedQuestionnaires,
) -> Result<(RawDefinition, Vec<RawDefinition>), ImportError> {
    let cores: Vec<&ExportedDefinition> = exported
        .definitions
        .iter()
        .filter(|d| d.definition.kind == "core")
        .collect();
    let core = match cores.as_slice() {
        [one] => one,
        [] => return Err(invalid(file, "it holds no core questionnaire".into())),
        many => {
            return Err(invalid(
                file,
                format!(
                    "its stories answered {} core questionnaires ({}); export and import one collection point at a time",
                    many.len(),
                    many.iter()
                        .map(|d| format!("{} version {}", d.key, d.version))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
    };
    let modules = exported
        .definitions
        .iter()
        .filter(|d| d.definition.kind == "module")
        .map(|d| d.definition.clone())
        .collect();
    Ok((core.definition.clone(), modules))
}

/// The collection point of the export's stories, when they all come from one.
pub fn single_collection_point(table: &Table) -> Option<String> {
    match table.values(sc::COLLECTION_POINT).as_slice() {
        [(slug, _)] => Some(slug.clone()),
        _ => None,
    }
}

/// The plan of an export made with these questionnaires.
pub fn plan(questionnaires: &[&Questionnaire], table: &Table) -> Plan {
    let optional = |c: String| table.has(&c).then_some(c);
    let mut answers = Vec::new();
    for questionnaire in questionnaires {
        for q in &questionnaire.questions {
            let id = q.id.clone();
            let nvt = optional(answer_columns::not_applicable(&q.id));
            answers.push(match &q.kind {
                QuestionKind::Slider { .. } => AnswerPlan::Slider {
                    question: id.clone(),
                    column: id,
                    range: (0.0, 100.0),
                    not_applicable: nvt,
                },
                QuestionKind::Scale { .. } | QuestionKind::SingleChoice { .. } => {
                    AnswerPlan::Choice {
                        question: id.clone(),
                        column: id,
                        values: BTreeMap::new(),
                        not_applicable: nvt,
                    }
                }
                QuestionKind::MultipleChoice { options, .. } => AnswerPlan::Ticks {
                    question: id.clone(),
                    ticked: super::Tick::Words,
                    columns: options
                        .iter()
                        .map(|o| (answer_columns::option(&q.id, &o.id), o.id.clone()))
                        .collect(),
                },
                QuestionKind::Triad { .. } => AnswerPlan::Triad {
                    question: id.clone(),
                    columns: [0, 1, 2].map(|c| answer_columns::triad(&q.id, c)),
                    not_applicable: nvt,
                },
                // Exports made without the text answers have no such column.
                QuestionKind::FreeText { .. } | QuestionKind::Region if !table.has(&id) => continue,
                QuestionKind::FreeText { .. } | QuestionKind::Region => AnswerPlan::Text {
                    question: id.clone(),
                    column: id,
                },
                QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle => continue,
            });
        }
    }
    Plan {
        id: sc::ID.into(),
        ids: StoryIds::Kept,
        body: sc::BODY.into(),
        body_required: false,
        title: Some(sc::TITLE.into()),
        submitted_at: sc::SUBMITTED_AT.into(),
        role: Some(sc::ROLE.into()),
        region: Some(sc::REGION.into()),
        channel: Some(sc::CHANNEL.into()),
        language: Some(sc::LANGUAGE.into()),
        synthetic: Some(sc::SYNTHETIC.into()),
        default_language: Lang::Nl.into(),
        fixed: Default::default(),
        answers,
    }
}
