//! Imports shared by `vertelpunt import` and the staff import page: a questionnaire generated
//! from the source's own description (a SenseMaker framework definition, a NarraFirma story
//! form), or a spreadsheet read with a mapping file or as an export of a Vertelpunt ([`table`]).
//! Read the files into [`Generated`], then [`Generated::store`] them into a collection point,
//! all or nothing.

use chrono::NaiveDateTime;
use vertelpunt_model::definition::RawDefinition;
use vertelpunt_model::LanguageCode;
use vertelpunt_store::DbConnection;

use vertelpunt_model::validate::validate;
use vertelpunt_model::Questionnaire;
use vertelpunt_store::{collection_points, questionnaires};

use crate::batch::{self, ImportedStory, StoryIds};
use crate::tabular::{self, mapping::MappingFile, vertelpunt, DataFormat, Questions};
use crate::{narrafirma, sensemaker, ImportBatch, ImportError, ImportProblem, ImportReport};

/// Where imported stories go.
#[derive(Debug, Clone)]
pub struct Target {
    /// The collection point; default: the generated questionnaire's key. Created (closed to
    /// the public) when new.
    pub collection: Option<String>,
    /// The name of a new collection point; default: the name in the source.
    pub name: Option<String>,
    /// The project (organisation) of a new collection point.
    pub project: String,
    /// A jeugdregio code for every story, when the whole file comes from one region.
    pub region: Option<String>,
}

/// Something the user should know about an import that is not a reason to refuse it.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A signifier of a kind Vertelpunt has no question for (e.g. a SenseMaker "stones"
    /// canvas with free items); not imported.
    Unsupported(String),
    /// A list value the definition does not know, kept as an extra option.
    Unlisted {
        question: String,
        value: String,
        stories: usize,
    },
    /// NarraFirma test stories ("testing123") left out.
    TestsLeftOut(usize),
    /// NarraFirma stories shorter than the story form's minimum, left out.
    TooShort(usize),
    /// Numbers from another range rescaled to 0–100 and rounded to whole numbers: how many,
    /// and the largest change (at most 0.5 on 0–100).
    Rounded(tabular::Rounding),
    /// Story texts stored without the spaces or line breaks around them in the file: how many.
    Trimmed(usize),
    /// A SenseMaker export without its definition: what was read from its columns.
    Inferred(Box<sensemaker::infer::Inference>),
}

/// Stories read with a generated questionnaire, ready to be stored.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The data file's name as the user gave it.
    pub data_name: String,
    pub source: String,
    /// Makes story ids unique per source file family (framework id, story form key).
    pub namespace: String,
    pub definition: RawDefinition,
    /// The modules the stories answered besides the core (spreadsheets only).
    pub modules: Vec<RawDefinition>,
    /// Whether story ids are derived from the source's ids or kept (a Vertelpunt's export).
    pub ids: StoryIds,
    /// The collection point the files name, when the target names none.
    pub collection: Option<String>,
    /// The name of a new collection point, unless the target gives one.
    pub default_name: String,
    pub stories: Vec<ImportedStory>,
    pub notes: Vec<Note>,
}

/// Reads a SenseMaker CSV export and its framework definition (file name and bytes), or without
/// one, its framework read from the export's columns. `key` overrides the generated
/// questionnaire's key.
pub fn sensemaker(
    definition: Option<(&str, &[u8])>,
    data_name: &str,
    data: &[u8],
    key: Option<&str>,
) -> Result<Generated, ImportError> {
    let prepared = match definition {
        Some((name, bytes)) => sensemaker::prepare(name, bytes, data_name, data, key)?,
        None => sensemaker::prepare_without_definition(data_name, data, key)?,
    };
    let notes = prepared
        .inferred
        .clone()
        .map(|i| Note::Inferred(Box::new(i)))
        .into_iter()
        .chain(
            prepared
                .mapping
                .unsupported
                .iter()
                .map(|s| Note::Unsupported(s.clone())),
        )
        .chain(prepared.unlisted.iter().map(|u| Note::Unlisted {
            question: u.question.clone(),
            value: u.value.clone(),
            stories: u.stories,
        }))
        .chain(prepared.rounding.map(Note::Rounded))
        .chain((prepared.trimmed > 0).then_some(Note::Trimmed(prepared.trimmed)))
        .collect();
    Ok(Generated {
        data_name: data_name.to_string(),
        source: sensemaker::SOURCE.to_string(),
        namespace: prepared.framework.id.clone(),
        modules: Vec::new(),
        ids: StoryIds::Derived,
        collection: None,
        default_name: format!("{} (SenseMaker)", prepared.framework.name),
        definition: prepared.mapping.definition,
        stories: prepared.stories,
        notes,
    })
}

/// The questionnaire key for a NarraFirma story form file: `narrafirma-` and its name.
pub fn narrafirma_key(form_name: &str) -> String {
    let stem = std::path::Path::new(form_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".storyform").unwrap_or(&stem);
    let name = sensemaker::questionnaire::slug(stem, 40).replace('_', "-");
    if name.is_empty() {
        "narrafirma".into()
    } else {
        format!("narrafirma-{name}")
    }
}

/// Reads a NarraFirma story form CSV and its stories CSV, told in `language`. `key` overrides
/// the generated questionnaire's key (default: [`narrafirma_key`]); `now` dates stories
/// without a date.
pub fn narrafirma(
    form_name: &str,
    form: &[u8],
    data_name: &str,
    data: &[u8],
    key: Option<&str>,
    language: LanguageCode,
    now: NaiveDateTime,
) -> Result<Generated, ImportError> {
    let key = key
        .map(str::to_string)
        .unwrap_or_else(|| narrafirma_key(form_name));
    let prepared = narrafirma::prepare(form_name, form, data_name, data, &key, language, now)?;
    let mut notes = Vec::new();
    if prepared.tests > 0 {
        notes.push(Note::TestsLeftOut(prepared.tests));
    }
    if prepared.too_short > 0 {
        notes.push(Note::TooShort(prepared.too_short));
    }
    Ok(Generated {
        data_name: data_name.to_string(),
        source: narrafirma::SOURCE.to_string(),
        modules: Vec::new(),
        ids: StoryIds::Derived,
        collection: None,
        default_name: format!(
            "{} (NarraFirma)",
            prepared.form.title.clone().unwrap_or_else(|| key.clone())
        ),
        namespace: key,
        definition: prepared.definition,
        stories: prepared.stories,
        notes,
    })
}

impl Generated {
    /// The collection point the stories go to.
    pub fn collection(&self, target: &Target) -> String {
        target
            .collection
            .clone()
            .or_else(|| self.collection.clone())
            .unwrap_or_else(|| self.definition.key.clone())
    }

    /// Stores the stories in one transaction; `progress` hears (done, total).
    pub fn store(
        &self,
        conn: &mut DbConnection,
        target: &Target,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport, ImportError> {
        let collection = self.collection(target);
        let name = target
            .name
            .clone()
            .unwrap_or_else(|| self.default_name.clone());
        let batch = ImportBatch {
            modules: &self.modules,
            ids: self.ids,
            file: &self.data_name,
            source: &self.source,
            namespace: &self.namespace,
            definition: &self.definition,
            project: &target.project,
            collection: &collection,
            collection_name: &name,
            region: target.region.as_deref(),
            stories: &self.stories,
        };
        batch::store(conn, &batch, progress)
    }
}

/// A spreadsheet to import: the data, and a mapping file or (for a Vertelpunt's export) its
/// questionnaires, when the data file does not hold them itself.
#[derive(Debug, Clone, Copy)]
pub struct TableFiles<'a> {
    pub data_name: &'a str,
    pub data: &'a [u8],
    /// The mapping file (TOML): its name and text.
    pub mapping: Option<(&'a str, &'a [u8])>,
    /// An export's `NAME.questions.json`: its name and text.
    pub questionnaires: Option<(&'a str, &'a [u8])>,
    /// The sheet of a workbook; default: the mapping's, or the export's stories sheet.
    pub sheet: Option<&'a str>,
    /// The name under which an export's questionnaires are expected, for the message when
    /// they are missing.
    pub questionnaires_expected: &'a str,
}

fn checked(file: &str, raw: &RawDefinition) -> Result<Questionnaire, ImportError> {
    validate(raw).map_err(|e| {
        ImportError::file(
            file,
            ImportProblem::InvalidDefinition(format!(
                "questionnaire '{}' is not valid:\n{e}",
                raw.key
            )),
        )
    })
}

/// The core and its modules, checked, core first.
fn checked_all(
    file: &str,
    core: &RawDefinition,
    modules: &[RawDefinition],
) -> Result<Vec<Questionnaire>, ImportError> {
    std::iter::once(core)
        .chain(modules)
        .map(|raw| checked(file, raw))
        .collect()
}

/// The questionnaires a spreadsheet's stories answered: those of the collection point when it
/// exists, else those the mapping names (their newest published versions).
fn mapped_questionnaires(
    conn: &mut DbConnection,
    file: &str,
    mapping: &MappingFile,
    collection: &str,
) -> Result<(RawDefinition, Vec<RawDefinition>), ImportError> {
    let refuse = |problem| ImportError::file(file, problem);
    let store = |e: vertelpunt_store::StoreError| refuse(ImportProblem::Conflict(e.to_string()));
    if let Some(point) = collection_points::find_by_slug(conn, collection).map_err(store)? {
        let core = questionnaires::get(conn, &point.questionnaire_version_id).map_err(store)?;
        if let Some(key) = &mapping.questionnaire {
            if key != &core.questionnaire_key {
                return Err(refuse(ImportProblem::QuestionnaireMismatch {
                    collection: collection.into(),
                    collects: core.questionnaire_key.as_str().into(),
                    named: key.as_str().into(),
                }));
            }
        }
        let modules = collection_points::modules(conn, &point.id)
            .map_err(store)?
            .iter()
            .map(|m| m.raw().map_err(store))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok((core.raw().map_err(store)?, modules));
    }
    let Some(key) = &mapping.questionnaire else {
        return Err(refuse(ImportProblem::NoQuestionnaire {
            collection: collection.to_string(),
        }));
    };
    let mut latest = |key: &str| -> Result<RawDefinition, ImportError> {
        match questionnaires::latest(conn, key).map_err(store)? {
            Some(v) => v.raw().map_err(store),
            None => Err(refuse(ImportProblem::NotPublished { key: key.into() })),
        }
    };
    let core = latest(key)?;
    let modules = mapping
        .modules
        .iter()
        .map(|m| latest(m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((core, modules))
}

/// Reads a spreadsheet (CSV, XLSX or Parquet): with a mapping file (column → question), or as
/// an export of a Vertelpunt. `collection` is where the stories go, when the files do not say.
pub fn table(
    conn: &mut DbConnection,
    files: TableFiles,
    collection: Option<&str>,
) -> Result<Generated, ImportError> {
    let data_name = files.data_name;
    let Some(format) = DataFormat::of(std::path::Path::new(data_name)) else {
        return Err(ImportError::file(data_name, ImportProblem::UnknownFormat));
    };
    let no_collection = || ImportError::file(data_name, ImportProblem::NoCollection);
    if let Some((mapping_name, text)) = files.mapping {
        let text = std::str::from_utf8(text)
            .map_err(|_| ImportError::file(mapping_name, ImportProblem::NotUtf8))?;
        let mapping = MappingFile::parse(mapping_name, text)?;
        let collection = collection
            .map(str::to_string)
            .or_else(|| mapping.collection.clone())
            .ok_or_else(no_collection)?;
        let (core, modules) = mapped_questionnaires(conn, mapping_name, &mapping, &collection)?;
        let all = checked_all(mapping_name, &core, &modules)?;
        let questions = Questions(all.iter().collect());
        let plan = mapping.plan(mapping_name, &questions)?;
        let sheet = files.sheet.or(mapping.sheet.as_deref());
        let mut table = tabular::read_table(data_name, files.data, format, sheet)?;
        mapping.blank_missing(&mut table);
        let stories = tabular::read(&table, &plan, &questions)?;
        let trimmed = tabular::trimmed_texts(&table, &plan);
        let notes = tabular::rounding(&table, &plan)
            .map(Note::Rounded)
            .into_iter()
            .chain((trimmed > 0).then_some(Note::Trimmed(trimmed)))
            .collect();
        let source = mapping.source().to_string();
        return Ok(Generated {
            data_name: data_name.to_string(),
            namespace: source.clone(),
            source,
            default_name: format!("{collection} (import)"),
            definition: core,
            modules,
            ids: StoryIds::Derived,
            collection: Some(collection),
            stories,
            notes,
        });
    }
    let exported = match format {
        DataFormat::Xlsx => vertelpunt::sheet_questionnaires(data_name, files.data)?,
        _ => None,
    };
    let exported = match (exported, files.questionnaires) {
        (Some(e), _) => e,
        (None, Some((name, bytes))) => vertelpunt::parse_questionnaires(name, bytes)?,
        (None, None) => {
            return Err(ImportError::file(
                data_name,
                ImportProblem::NeedsQuestionnaires {
                    expected: files.questionnaires_expected.to_string(),
                },
            ))
        }
    };
    let (core, modules) = vertelpunt::core_and_modules(data_name, &exported)?;
    let all = checked_all(data_name, &core, &modules)?;
    let questions = Questions(all.iter().collect());
    let sheet = files.sheet.or(Some(crate::export::STORIES_SHEET));
    let table = tabular::read_table(data_name, files.data, format, sheet)?;
    let plan = vertelpunt::plan(&questions.0, &table);
    let stories = tabular::read(&table, &plan, &questions)?;
    let collection = match collection {
        Some(c) => c.to_string(),
        None => vertelpunt::single_collection_point(&table)
            .ok_or_else(|| ImportError::file(data_name, ImportProblem::SeveralCollections))?,
    };
    Ok(Generated {
        data_name: data_name.to_string(),
        source: vertelpunt::SOURCE.to_string(),
        namespace: vertelpunt::SOURCE.to_string(),
        default_name: format!("{collection} (import)"),
        definition: core,
        modules,
        ids: StoryIds::Kept,
        collection: Some(collection),
        stories,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrafirma_key_comes_from_the_story_form_file_name() {
        assert_eq!(
            narrafirma_key("exports/Jeugdhulp Regio.storyform.csv"),
            "narrafirma-jeugdhulp-regio"
        );
        assert_eq!(narrafirma_key("???.csv"), "narrafirma");
    }
}
