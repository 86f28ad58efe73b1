//! Imports whose questionnaire is generated from the source's own description (a SenseMaker
//! framework definition, a NarraFirma story form), shared by `vertelpunt import` and the staff
//! import page: read the files into [`Generated`], then [`Generated::store`] them into a
//! collection point, all or nothing.

use chrono::NaiveDateTime;
use vertelpunt_model::definition::RawDefinition;
use vertelpunt_model::Lang;
use vertelpunt_store::DbConnection;

use crate::batch::{self, ImportedStory, StoryIds};
use crate::{narrafirma, sensemaker, ImportBatch, ImportError, ImportReport};

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
}

/// Stories read with a generated questionnaire, ready to be stored.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The data file's name as the user gave it.
    pub data_name: String,
    pub source: &'static str,
    /// Makes story ids unique per source file family (framework id, story form key).
    pub namespace: String,
    pub definition: RawDefinition,
    /// The name of a new collection point, unless the target gives one.
    pub default_name: String,
    pub stories: Vec<ImportedStory>,
    pub notes: Vec<Note>,
}

/// Reads a SenseMaker framework definition and its CSV export. `key` overrides the generated
/// questionnaire's key.
pub fn sensemaker(
    definition_name: &str,
    definition: &[u8],
    data_name: &str,
    data: &[u8],
    key: Option<&str>,
) -> Result<Generated, ImportError> {
    let prepared = sensemaker::prepare(definition_name, definition, data_name, data, key)?;
    let notes = prepared
        .mapping
        .unsupported
        .iter()
        .map(|s| Note::Unsupported(s.clone()))
        .chain(prepared.unlisted.iter().map(|u| Note::Unlisted {
            question: u.question.clone(),
            value: u.value.clone(),
            stories: u.stories,
        }))
        .collect();
    Ok(Generated {
        data_name: data_name.to_string(),
        source: sensemaker::SOURCE,
        namespace: prepared.framework.id.clone(),
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
    language: Lang,
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
        source: narrafirma::SOURCE,
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
            modules: &[],
            ids: StoryIds::Derived,
            file: &self.data_name,
            source: self.source,
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
