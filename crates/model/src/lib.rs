//! vertelpunt-model: the domain of Vertelpunt without I/O or frameworks.
//!
//! - [`definition`]: questionnaire definitions as authors write them (TOML or JSON);
//! - [`validate`]: turning a definition into a checked [`Questionnaire`], with precise errors;
//! - [`answer`]: typed signifier answers and their checks;
//! - [`completeness`]: whether a story counts as complete under a version's rule;
//! - [`disclosure`]: the small-group rule (what counts and statistics may be shown);
//! - [`identifying`]: detection of identifying details (e-mail, phone, postcode, BSN, IBAN) in story text;
//! - [`regions`] and [`shipped`]: the data shipped with the product;
//! - [`spreadsheet`]: CSV text cells safe from formula injection, and read back.

pub mod answer;
pub mod completeness;
pub mod definition;
pub mod disclosure;
pub mod identifying;
pub mod questionnaire;
pub mod regions;
pub mod role;
pub mod shipped;
pub mod spreadsheet;
pub mod text;
pub mod validate;

pub use answer::{AnswerError, AnswerValue};
pub use definition::{DefinitionFormat, RawDefinition};
pub use questionnaire::{
    ChoiceOption, CompletenessRule, DefinitionKind, Question, QuestionKind, Questionnaire, Wording,
};
pub use role::Role;
pub use text::{Lang, LanguageCode, Text};
pub use validate::{DefinitionError, DefinitionErrors};
