//! Bilingual text: every text a teller sees exists in Dutch and English.

use serde::{Deserialize, Serialize};

/// A language of the user interface. Dutch first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    /// The ISO 639-1 code (`nl`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Parses `nl` or `en` (case-insensitive); anything else is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in Dutch and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub nl: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// The languages in which this text is empty.
    pub fn missing_languages(&self) -> Vec<Lang> {
        let mut missing = Vec::new();
        if self.nl.trim().is_empty() {
            missing.push(Lang::Nl);
        }
        if self.en.trim().is_empty() {
            missing.push(Lang::En);
        }
        missing
    }
}
