//! Texts in several languages, and language codes.
//!
//! Dutch and English are the languages of the user interface ([`Lang`]). A questionnaire may be
//! written in any languages it names and a story keeps the language it was told in
//! ([`LanguageCode`], ISO 639-1), so a [`Text`] holds Dutch, English and any other language.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// A language by its ISO 639-1 code (`nl`, `en`, `de`, `cs`, …): the language of a story, or one
/// a questionnaire is written in. Always a known two-letter code, in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct LanguageCode(String);

impl LanguageCode {
    /// Parses an ISO 639-1 code, ignoring case and surrounding space. A region or script after
    /// it (`en-GB`, `pt_BR`, `sr-Latn`) is left off: stories are grouped by language.
    pub fn parse(code: &str) -> Option<LanguageCode> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        (primary.len() == 2 && isolang::Language::from_639_1(primary).is_some())
            .then(|| LanguageCode(primary.to_string()))
    }

    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The interface language this is, if it is one.
    pub fn ui(&self) -> Option<Lang> {
        Lang::parse(&self.0)
    }

    /// The language's English name and code, for messages: "German (de)".
    pub fn describe(&self) -> String {
        let name = isolang::Language::from_639_1(&self.0)
            .map(|l| l.to_name())
            .unwrap_or_default();
        // isolang names some languages with their variants ("Dutch; Flemish"): the first is enough.
        let name = name.split([';', ',', '(']).next().unwrap_or(name).trim();
        format!("{name} ({})", self.0)
    }
}

impl From<Lang> for LanguageCode {
    fn from(lang: Lang) -> Self {
        LanguageCode(lang.code().to_string())
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LanguageCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LanguageCode::parse(&s).ok_or_else(|| de::Error::custom(not_a_language(&s)))
    }
}

/// The message for a key or value that is not a language code.
pub fn not_a_language(s: &str) -> String {
    format!("'{s}' is not a language code: use a two-letter ISO 639-1 code such as nl, en or de")
}

/// A text in Dutch, English and any other languages. Written as a table keyed by language code
/// (`{ nl = "…", en = "…", de = "…" }`); Dutch and English are always there (perhaps empty), so
/// that code showing a text in an interface language needs no fallback of its own: a checked
/// questionnaire fills them from the languages it is written in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub nl: String,
    pub en: String,
    /// Other languages, by code; never `nl` or `en`.
    pub other: BTreeMap<LanguageCode, String>,
}

impl Text {
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            nl: nl.into(),
            en: en.into(),
            other: BTreeMap::new(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// The text in any language, empty when it has none there.
    pub fn in_language(&self, code: &LanguageCode) -> &str {
        match code.ui() {
            Some(lang) => self.get(lang),
            None => self.other.get(code).map(String::as_str).unwrap_or_default(),
        }
    }

    /// Of `languages`, the ones in which this text is empty.
    pub fn missing_in(&self, languages: &[LanguageCode]) -> Vec<LanguageCode> {
        languages
            .iter()
            .filter(|l| self.in_language(l).trim().is_empty())
            .cloned()
            .collect()
    }

    /// The languages in which this text is empty, of Dutch and English.
    pub fn missing_languages(&self) -> Vec<Lang> {
        [Lang::Nl, Lang::En]
            .into_iter()
            .filter(|&l| self.get(l).trim().is_empty())
            .collect()
    }

    /// This text with Dutch and English filled where they are empty, from the first of
    /// `languages` that has the text: what a teller or analyst reads when the questionnaire was
    /// not written in their interface language.
    pub fn completed(&self, languages: &[LanguageCode]) -> Text {
        let mut out = self.clone();
        let fallback = languages
            .iter()
            .map(|l| self.in_language(l))
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default()
            .to_string();
        for field in [&mut out.nl, &mut out.en] {
            if field.trim().is_empty() {
                field.clone_from(&fallback);
            }
        }
        out
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2 + self.other.len()))?;
        map.serialize_entry("nl", &self.nl)?;
        map.serialize_entry("en", &self.en)?;
        for (code, text) in &self.other {
            map.serialize_entry(code.as_str(), text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text by language code, e.g. { nl = \"…\", en = \"…\" }")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        let mut text = Text::default();
        while let Some(key) = map.next_key::<String>()? {
            let value: String = map.next_value()?;
            text.insert(&key, value).map_err(de::Error::custom)?;
        }
        Ok(text)
    }
}

impl Text {
    /// Sets the text in the language `code` names; an error when it names none.
    pub fn insert(&mut self, code: &str, value: String) -> Result<(), String> {
        let language = LanguageCode::parse(code)
            .filter(|l| l.as_str() == code)
            .ok_or_else(|| not_a_language(code))?;
        match language.ui() {
            Some(Lang::Nl) => self.nl = value,
            Some(Lang::En) => self.en = value,
            None => {
                self.other.insert(language, value);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_are_iso_639_1_with_the_region_left_off() {
        assert_eq!(LanguageCode::parse(" DE ").unwrap().as_str(), "de");
        assert_eq!(LanguageCode::parse("en-GB").unwrap().as_str(), "en");
        assert_eq!(LanguageCode::parse("pt_BR").unwrap().as_str(), "pt");
        assert!(LanguageCode::parse("xx").is_none());
        assert!(LanguageCode::parse("deu").is_none());
        assert!(LanguageCode::parse("").is_none());
        assert_eq!(LanguageCode::parse("nl").unwrap().describe(), "Dutch (nl)");
        assert_eq!(LanguageCode::parse("cs").unwrap().describe(), "Czech (cs)");
    }

    #[test]
    fn a_text_keeps_any_language_and_writes_dutch_and_english_first() {
        let t: Text = toml::from_str("de = \"Hallo\"\nen = \"Hello\"").unwrap();
        assert_eq!(t.en, "Hello");
        assert_eq!(t.nl, "");
        let de = LanguageCode::parse("de").unwrap();
        assert_eq!(t.in_language(&de), "Hallo");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"nl":"","en":"Hello","de":"Hallo"}"#
        );
        assert_eq!(
            serde_json::to_string(&Text::new("a", "b")).unwrap(),
            r#"{"nl":"a","en":"b"}"#
        );
        let err = toml::from_str::<Text>("colour = \"blue\"").unwrap_err();
        assert!(
            err.to_string().contains("'colour' is not a language code"),
            "{err}"
        );
        let filled = t.completed(std::slice::from_ref(&de));
        assert_eq!((filled.nl.as_str(), filled.en.as_str()), ("Hallo", "Hello"));
    }
}
