//! vertelpunt-model: the domain of Vertelpunt without I/O or frameworks.
//!
//! - [`definition`]: questionnaire definitions as authors write them (TOML or JSON);
//! - [`validate`]: turning a definition into a checked [`Questionnaire`], with precise errors;
//! - [`answer`]: typed signifier answers and their checks;
//! - [`completeness`]: whether a story counts as complete under a version's rule;
//! - [`identifying`]: detection of identifying details (e-mail, phone, postcode, BSN, IBAN) in story text;
//! - [`regions`] and [`shipped`]: the data shipped with the product.

pub mod answer;
pub mod completeness;
pub mod definition;
pub mod identifying;
pub mod questionnaire;
pub mod regions;
pub mod role;
pub mod shipped;
pub mod text;
pub mod validate;

pub use answer::{AnswerError, AnswerValue};
pub use definition::{DefinitionFormat, RawDefinition};
pub use questionnaire::{
    ChoiceOption, CompletenessRule, DefinitionKind, Question, QuestionKind, Questionnaire,
};
pub use role::Role;
pub use text::{Lang, Text};
pub use validate::{DefinitionError, DefinitionErrors};
