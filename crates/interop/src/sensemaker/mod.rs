//! SenseMaker: a CSV export with its framework definition JSON.
//!
//! [`framework::parse`] reads the definition (or, for an export shared without one,
//! [`infer::infer`] reads it from the export's columns), [`questionnaire::map`] turns it into a
//! Vertelpunt questionnaire and a reading plan, and [`stories::read`] reads the export's rows.

pub mod export;
pub mod framework;
pub mod infer;
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
use vertelpunt_model::{Lang, LanguageCode};

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
    /// The framework was read from the export's columns (no definition was given).
    pub inferred: Option<infer::Inference>,
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
    let (table, _) = stories::parse(data_file, data)?;
    finish(framework, definition_file, table, key, None)
}

/// Reads an export shared without its framework definition: the framework is inferred from
/// the columns (and the title row above them, when there is one), and said in `inferred`.
pub fn prepare_without_definition(
    data_file: &str,
    data: &[u8],
    key: Option<&str>,
) -> Result<Prepared, ImportError> {
    let (table, titles) = stories::parse(data_file, data)?;
    let inference = infer::infer(&table, titles.as_deref(), data_file);
    finish(
        inference.framework.clone(),
        data_file,
        table,
        key,
        Some(inference),
    )
}

fn finish(
    framework: Framework,
    definition_file: &str,
    table: crate::table::Table,
    key: Option<&str>,
    inferred: Option<infer::Inference>,
) -> Result<Prepared, ImportError> {
    let key = key.map_or_else(|| default_key(&framework), str::to_string);
    let mut mapping = questionnaire::map(&framework, &key);
    let unlisted = questionnaire::add_unlisted_options(&mut mapping, &table);
    let checked = validate(&mapping.definition).map_err(|e| {
        ImportError::file(
            definition_file,
            ImportProblem::InvalidDefinition(format!(
                "the questionnaire made from it is not valid:\n{e}"
            )),
        )
    })?;
    // The framework's language is the stories' language where a row does not say.
    let language = LanguageCode::parse(&framework.language).unwrap_or(Lang::En.into());
    let stories = stories::read(&table, &mapping, &checked, &language)?;
    let rounding = stories::rounding(&table, &mapping);
    let trimmed = stories::trimmed_texts(&table, &mapping);
    Ok(Prepared {
        framework,
        mapping,
        unlisted,
        stories,
        rounding,
        trimmed,
        inferred,
    })
}
