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
    /// The languages the questionnaire is written in (ISO 639-1 codes), first the one it falls
    /// back to; every text is needed in each. Absent: Dutch and English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
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

/// An option of a scale or a choice: its id and its label in each language, written side by
/// side (`{ id = "a", nl = "…", en = "…" }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawOption {
    pub id: String,
    pub label: Text,
}

impl RawOption {
    pub fn new(id: impl Into<String>, label: Text) -> Self {
        RawOption {
            id: id.into(),
            label,
        }
    }

    /// The option's label in every language it has.
    pub fn label(&self) -> Text {
        self.label.clone()
    }
}

impl Serialize for RawOption {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(3 + self.label.other.len()))?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("nl", &self.label.nl)?;
        map.serialize_entry("en", &self.label.en)?;
        for (code, text) in &self.label.other {
            map.serialize_entry(code.as_str(), text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for RawOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OptionVisitor;
        impl<'de> serde::de::Visitor<'de> for OptionVisitor {
            type Value = RawOption;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an option: { id = \"…\", nl = \"…\", en = \"…\" }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawOption, A::Error> {
                use serde::de::Error;
                let mut id = None;
                let mut label = Text::default();
                while let Some(key) = map.next_key::<String>()? {
                    let value: String = map.next_value()?;
                    if key == "id" {
                        id = Some(value);
                    } else {
                        label.insert(&key, value).map_err(|e| {
                            A::Error::custom(format!(
                                "an option has an id and a label per language: {e}"
                            ))
                        })?;
                    }
                }
                let id = id.ok_or_else(|| A::Error::missing_field("id"))?;
                Ok(RawOption { id, label })
            }
        }
        d.deserialize_map(OptionVisitor)
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
