//! Imported stories of any source go into the database in one transaction: all or nothing.
//!
//! Importing is idempotent: a story's id is derived from its source and the source's own id
//! (UUID v5), so a story that is already there — imported before, possibly withdrawn since —
//! is left alone, and importing the same file twice adds nothing. A newer export of the same
//! project adds only its new stories.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::Connection;
use uuid::Uuid;
use vertelpunt_model::completeness::{is_complete, word_count};
use vertelpunt_model::definition::RawDefinition;
use vertelpunt_model::identifying::find_identifying;
use vertelpunt_model::{AnswerValue, LanguageCode, Role};
use vertelpunt_store::collection_points::{self, NewCollectionPoint};
use vertelpunt_store::questionnaires::{self, Published};
use vertelpunt_store::stories::{self, NewAnswer, NewStory, StorySource};
use vertelpunt_store::{channels, projects, DbConnection, StoreError};

use crate::error::{ImportError, ImportProblem};

/// The namespace of imported story ids.
const STORY_NAMESPACE: Uuid = Uuid::from_u128(0xb33800a8_0600_4e2c_a67a_2fd76669c685);

/// Stories are stored in slices of this many, so progress can be shown.
const STORIES_PER_SLICE: usize = 500;

/// One story read from another tool's file, its answers checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedStory {
    /// The source's own id of the story.
    pub external_id: String,
    /// The row it came from (the header is row 1).
    pub row: u64,
    pub language: LanguageCode,
    pub title: Option<String>,
    pub body: String,
    pub submitted_at: NaiveDateTime,
    /// Who told it; [`Role::Onbekend`] when the source did not ask.
    pub role: Role,
    /// The story's jeugdregio, when the file says; else the batch's region.
    pub region: Option<String>,
    /// The campaign channel code, when the file says (created in the project if new).
    pub channel: Option<String>,
    /// Made up for tests or demonstrations: kept apart from real analysis.
    pub synthetic: bool,
    /// (question id, value), checked against the questionnaire.
    pub answers: Vec<(String, AnswerValue)>,
}

/// The language in a story's language cell: `None` when the cell is empty, an error naming the
/// row and column when it holds no ISO 639-1 code (`en-GB` is English).
pub(crate) fn language_cell(
    row: &crate::table::Row<'_>,
    column: &str,
) -> Result<Option<LanguageCode>, crate::ImportError> {
    let value = row.get(column);
    if value.trim().is_empty() {
        return Ok(None);
    }
    LanguageCode::parse(value).map(Some).ok_or_else(|| {
        row.error(
            column,
            crate::error::ImportProblem::UnknownValue {
                value: value.to_string(),
                expected: "a language code (ISO 639-1, such as nl, en, de or fr)",
            },
        )
    })
}

impl ImportedStory {
    /// A story with no answers yet, told by someone whose role was not asked.
    pub fn new(
        external_id: String,
        row: u64,
        language: LanguageCode,
        body: String,
        submitted_at: NaiveDateTime,
    ) -> Self {
        ImportedStory {
            external_id,
            row,
            language,
            title: None,
            body,
            submitted_at,
            role: Role::Onbekend,
            region: None,
            channel: None,
            synthetic: false,
            answers: Vec::new(),
        }
    }
}

/// How imported stories get their ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryIds {
    /// Derived from the source, namespace and the source's own id (UUID v5).
    Derived,
    /// The source's ids are Vertelpunt story ids (an export of a Vertelpunt): kept as they are,
    /// so a story moved between two Vertelpunten stays one story.
    Kept,
}

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportBatch<'a> {
    /// The file's name, for messages.
    pub file: &'a str,
    /// The tool, e.g. `sensemaker`: stories get the source `import:sensemaker`.
    pub source: &'a str,
    /// What makes the source's story ids unique, e.g. the SenseMaker project id.
    pub namespace: &'a str,
    /// The questionnaire the stories answered; published as a version if new.
    pub definition: &'a RawDefinition,
    /// Its modules whose questions the stories answered; published if new.
    pub modules: &'a [RawDefinition],
    pub ids: StoryIds,
    /// The project (organisation) a new collection point belongs to.
    pub project: &'a str,
    /// The collection point to add the stories to; created, closed to the public, if new.
    pub collection: &'a str,
    pub collection_name: &'a str,
    /// A jeugdregio for every story, when the whole file is from one region.
    pub region: Option<&'a str>,
    pub stories: &'a [ImportedStory],
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    pub questionnaire_key: String,
    pub questionnaire_version: i32,
    pub questionnaire_new: bool,
    pub collection_point_new: bool,
    pub read: usize,
    pub added: usize,
    /// Stories of the file that were stored already.
    pub already_present: usize,
    /// Of those, the ones stored in another collection point, by its slug (an earlier import
    /// into another point): the report says where they are.
    pub elsewhere: BTreeMap<String, usize>,
    pub complete: usize,
    /// Stories whose text has identifying details: they wait for review.
    pub flagged: usize,
    /// Answers stored per question id (the added stories only).
    pub answers_per_question: BTreeMap<String, usize>,
}

/// The stored id of an imported story.
pub fn story_id(source: &str, namespace: &str, external_id: &str) -> String {
    Uuid::new_v5(
        &STORY_NAMESPACE,
        format!("{source}/{namespace}/{external_id}").as_bytes(),
    )
    .to_string()
}

fn conflict(file: &str, message: String) -> ImportError {
    ImportError::file(file, ImportProblem::Conflict(message))
}

fn database(file: &str, e: StoreError) -> ImportError {
    match e {
        StoreError::InvalidDefinition { errors, .. } => {
            ImportError::file(file, ImportProblem::InvalidDefinition(errors))
        }
        StoreError::Conflict(m) => conflict(file, m),
        other => ImportError::file(file, ImportProblem::Unreadable(other.to_string())),
    }
}

/// Stores a batch in one transaction; `progress(done, total)` is called as stories are stored.
pub fn store(
    conn: &mut DbConnection,
    batch: &ImportBatch,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, ImportError> {
    let file = batch.file;
    if let Some(code) = batch.region {
        if vertelpunt_model::regions::region(code).is_none() {
            return Err(conflict(
                file,
                format!("region '{code}' is not a jeugdregio"),
            ));
        }
    }
    let result = conn.transaction::<_, ImportFailure, _>(|conn| {
        let (version, published) =
            questionnaires::publish(conn, batch.definition).map_err(ImportFailure::Store)?;
        let questionnaire = version.questionnaire().map_err(ImportFailure::Store)?;
        let mut modules = Vec::with_capacity(batch.modules.len());
        for raw in batch.modules {
            let (module, _) = questionnaires::publish(conn, raw).map_err(ImportFailure::Store)?;
            let checked = module.questionnaire().map_err(ImportFailure::Store)?;
            modules.push((module, checked));
        }
        let mut module_ids: Vec<String> = modules.iter().map(|(m, _)| m.id.clone()).collect();
        module_ids.sort();
        let (point, point_new) = match collection_points::find_by_slug(conn, batch.collection)
            .map_err(ImportFailure::Store)?
        {
            Some(point) if point.questionnaire_version_id == version.id => {
                let mut theirs: Vec<String> = collection_points::modules(conn, &point.id)
                    .map_err(ImportFailure::Store)?
                    .into_iter()
                    .map(|m| m.id)
                    .collect();
                theirs.sort();
                if theirs != module_ids {
                    return Err(ImportFailure::Refused(conflict(
                        file,
                        format!(
                            "collection point '{}' collects with other modules than this file's stories answered ({}): import it into another collection point",
                            point.slug,
                            if batch.modules.is_empty() { "none".to_string() } else { batch.modules.iter().map(|m| m.key.as_str()).collect::<Vec<_>>().join(", ") }
                        ),
                    )));
                }
                (point, false)
            }
            Some(point) => {
                let theirs = questionnaires::get(conn, &point.questionnaire_version_id)
                    .map_err(ImportFailure::Store)?;
                return Err(ImportFailure::Refused(conflict(
                    file,
                    format!(
                        "collection point '{}' collects with questionnaire '{}' version {}, but this file was made with '{}' version {}: import it into another collection point",
                        point.slug, theirs.questionnaire_key, theirs.version, version.questionnaire_key, version.version
                    ),
                )));
            }
            None => {
                let project = projects::ensure(conn, batch.project, batch.project)
                    .map_err(ImportFailure::Store)?;
                let now = vertelpunt_store::now();
                let point = collection_points::create(
                    conn,
                    NewCollectionPoint {
                        project_id: project.id,
                        slug: batch.collection.to_string(),
                        name: batch.collection_name.to_string(),
                        questionnaire_version_id: version.id.clone(),
                        module_version_ids: modules.iter().map(|(m, _)| m.id.clone()).collect(),
                        default_region_code: batch.region.map(str::to_string),
                        // Imported stories are not collected here: the public form stays closed.
                        opens_at: Some(now),
                        closes_at: Some(now),
                        languages: vec!["nl".into(), "en".into()],
                    },
                )
                .map_err(ImportFailure::Store)?;
                (point, true)
            }
        };

        let ids: Vec<String> = batch
            .stories
            .iter()
            .map(|s| match batch.ids {
                StoryIds::Derived => story_id(batch.source, batch.namespace, &s.external_id),
                StoryIds::Kept => s.external_id.clone(),
            })
            .collect();
        let mut channel_ids: BTreeMap<String, String> = BTreeMap::new();
        let existing = stories::existing_points(conn, &ids).map_err(ImportFailure::Store)?;
        let mut elsewhere: BTreeMap<String, usize> = BTreeMap::new();
        for slug in existing.values().filter(|slug| **slug != point.slug) {
            *elsewhere.entry(slug.clone()).or_insert(0) += 1;
        }
        let rule = questionnaire
            .completeness
            .expect("a core questionnaire has a completeness rule");
        let mut report = ImportReport {
            questionnaire_key: version.questionnaire_key.clone(),
            questionnaire_version: version.version,
            questionnaire_new: published == Published::New,
            collection_point_new: point_new,
            read: batch.stories.len(),
            already_present: existing.len(),
            elsewhere,
            ..ImportReport::default()
        };
        let new: Vec<(&String, &ImportedStory)> = ids
            .iter()
            .zip(batch.stories)
            .filter(|(id, _)| !existing.contains_key(*id))
            .collect();
        let total = new.len();
        progress(0, total);
        for slice in new.chunks(STORIES_PER_SLICE) {
            let mut rows = Vec::with_capacity(slice.len());
            for (id, s) in slice {
                let answered = |q: &str| s.answers.iter().any(|(id, _)| id == q);
                let complete = is_complete(rule, &questionnaire, s.role, &s.body, answered);
                let flagged = !find_identifying(&s.body).is_empty()
                    || s.title.as_deref().is_some_and(|t| !find_identifying(t).is_empty());
                report.complete += usize::from(complete);
                report.flagged += usize::from(flagged);
                let mut answers = Vec::with_capacity(s.answers.len());
                for (question, value) in &s.answers {
                    let (version_id, q) = std::iter::once((&version, &questionnaire))
                        .chain(modules.iter().map(|(m, q)| (m, q)))
                        .find_map(|(v, qs)| qs.question(question).map(|q| (&v.id, q)))
                        .expect("answers were checked against these questionnaires");
                    *report.answers_per_question.entry(question.clone()).or_default() += 1;
                    answers.push(NewAnswer::new(version_id, q, value.clone()));
                }
                let channel_id = match &s.channel {
                    Some(code) => Some(match channel_ids.get(code) {
                        Some(id) => id.clone(),
                        None => {
                            let c = channels::ensure(conn, &point.project_id, code, code)
                                .map_err(ImportFailure::Store)?;
                            channel_ids.insert(code.clone(), c.id.clone());
                            c.id
                        }
                    }),
                    None => None,
                };
                rows.push(NewStory {
                    id: (*id).clone(),
                    collection_point_id: point.id.clone(),
                    questionnaire_version_id: version.id.clone(),
                    channel_id,
                    role: s.role,
                    language: s.language.clone(),
                    title: s.title.clone(),
                    body: s.body.clone(),
                    word_count: word_count(&s.body) as u32,
                    region_code: s.region.clone().or_else(|| batch.region.map(str::to_string)),
                    complete,
                    synthetic: s.synthetic,
                    source: StorySource::Import(batch.source.to_string()),
                    flagged,
                    receipt_hash: None,
                    entered_by: None,
                    submitted_at: s.submitted_at,
                    answers,
                });
            }
            stories::insert(conn, &rows).map_err(ImportFailure::Store)?;
            report.added += rows.len();
            progress(report.added, total);
        }
        Ok(report)
    });
    result.map_err(|f| match f {
        ImportFailure::Refused(e) => e,
        ImportFailure::Store(e) => database(file, e),
    })
}

/// Why the transaction was rolled back.
enum ImportFailure {
    Refused(ImportError),
    Store(StoreError),
}

impl From<diesel::result::Error> for ImportFailure {
    fn from(e: diesel::result::Error) -> Self {
        ImportFailure::Store(StoreError::Query(e))
    }
}
