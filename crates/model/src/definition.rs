//! Questionnaire definitions as authors write them, in TOML or JSON.
//!
//! A [`RawDefinition`] is only parsed, not checked: every field a question kind may use is
//! optional here, so that [`crate::validate`] can say precisely what is missing or misplaced
//! instead of a generic parse error. The format is documented in the README.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::text::Text;

/// The file format of a definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionFormat {
    Toml,
    Json,
}

impl DefinitionFormat {
    /// Picks the format from a file name (`.toml` or `.json`).
    pub fn from_path(path: &str) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Some(Self::Toml)
        } else if lower.ends_with(".json") {
            Some(Self::Json)
        } else {
            None
        }
    }
}

/// A questionnaire definition as written: a core set or a module that extends a core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDefinition {
    /// Stable key, e.g. `jeugdhulp`; versions of one questionnaire share it.
    pub key: String,
    /// `core` or `module`.
    pub kind: String,
    /// For a module: the key of the core it extends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completeness: Option<RawCompleteness>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
}

/// When a story counts as complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompleteness {
    pub min_words: u32,
    pub first_signifiers: u32,
}

/// One question as written; which fields apply depends on `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    pub kind: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(default)]
    pub required: bool,
    /// Role codes this question is shown to; absent means every role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Short name used in charts and exports, e.g. "Gehoord voelen".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<RawOption>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_picks: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corners: Option<Vec<Text>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// The question as one role reads it, by role code: e.g. plain "je" language for
    /// `jongere`. Only the texts change; ids, options and answers stay the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<std::collections::BTreeMap<String, RawWording>>,
}

/// A question's texts for one role; every field is optional and replaces the general one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawWording {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<Text>,
    /// All three corners, in the question's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corners: Option<Vec<Text>>,
    /// Labels of some or all of the question's options, by their id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<RawOption>>,
}

/// An option of a scale or a choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: String,
    #[serde(default)]
    pub nl: String,
    #[serde(default)]
    pub en: String,
}

impl RawOption {
    /// The option's label in both languages.
    pub fn label(&self) -> Text {
        Text::new(self.nl.clone(), self.en.clone())
    }
}

/// A definition could not be read at all (syntax, unknown field, wrong type).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl RawDefinition {
    /// Parses a definition in the given format.
    pub fn parse(source: &str, format: DefinitionFormat) -> Result<Self, ParseError> {
        match format {
            DefinitionFormat::Toml => toml::from_str(source).map_err(|e| ParseError(e.to_string())),
            DefinitionFormat::Json => {
                serde_json::from_str(source).map_err(|e| ParseError(e.to_string()))
            }
        }
    }

    /// The canonical form stored in the database: compact JSON with a fixed field order.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("a definition always serialises")
    }

    /// SHA-256 of the canonical form, hex: two definitions with the same checksum are the same version.
    pub fn checksum(&self) -> String {
        let digest = Sha256::digest(self.canonical_json().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}
