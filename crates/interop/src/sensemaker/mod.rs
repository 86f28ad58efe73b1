//! SenseMaker: a CSV export with its framework definition JSON.
//!
//! [`framework::parse`] reads the definition, [`questionnaire::map`] turns it into a
//! Vertelpunt questionnaire and a reading plan, and [`stories::read`] reads the export's rows.

pub mod export;
pub mod framework;
pub mod questionnaire;
pub mod stories;

pub use framework::Framework;
pub use questionnaire::Mapping;

/// The source code stored with imported stories (`import:sensemaker`).
pub const SOURCE: &str = "sensemaker";

/// The questionnaire key for a framework: `sensemaker-` and the framework's name.
pub fn default_key(framework: &Framework) -> String {
    let name = questionnaire::slug(&framework.name, 40).replace('_', "-");
    if name.is_empty() {
        "sensemaker".to_string()
    } else {
        format!("sensemaker-{name}")
    }
}

use vertelpunt_model::validate::validate;
use vertelpunt_model::Lang;

use crate::batch::ImportedStory;
use crate::error::{ImportError, ImportProblem};

/// An export read and checked, ready to be stored.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub framework: Framework,
    pub mapping: Mapping,
    /// List values in the export that the definition does not know, kept as extra options.
    pub unlisted: Vec<questionnaire::Unlisted>,
    pub stories: Vec<ImportedStory>,
    /// The positions rounded to whole numbers on 0–100, if any.
    pub rounding: Option<crate::tabular::Rounding>,
    /// How many story texts lost spaces or line breaks around them.
    pub trimmed: usize,
}

/// Reads a framework definition and its export. `key` overrides the questionnaire key.
pub fn prepare(
    definition_file: &str,
    definition: &[u8],
    data_file: &str,
    data: &[u8],
    key: Option<&str>,
) -> Result<Prepared, ImportError> {
    let json = std::str::from_utf8(definition)
        .map_err(|_| ImportError::file(definition_file, ImportProblem::NotUtf8))?;
    let framework =
        framework::parse(json).map_err(|problem| ImportError::file(definition_file, problem))?;
    let key = key.map_or_else(|| default_key(&framework), str::to_string);
    let mut mapping = questionnaire::map(&framework, &key);
    let table = stories::parse(data_file, data)?;
    let unlisted = questionnaire::add_unlisted_options(&mut mapping, &table);
    let checked = validate(&mapping.definition).map_err(|e| {
        ImportError::file(
            definition_file,
            ImportProblem::InvalidDefinition(format!(
                "the questionnaire made from it is not valid:\n{e}"
            )),
        )
    })?;
    let language = Lang::parse(&framework.language).unwrap_or(Lang::En);
    let stories = stories::read(&table, &mapping, &checked, language)?;
    let rounding = stories::rounding(&table, &mapping);
    let trimmed = stories::trimmed_texts(&table, &mapping);
    Ok(Prepared {
        framework,
        mapping,
        unlisted,
        stories,
        rounding,
        trimmed,
    })
}
