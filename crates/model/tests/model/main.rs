//! The model crate's tests, one binary: answers and questionnaire definitions.

mod answers;
mod definitions;
