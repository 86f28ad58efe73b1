//! A submitted form as it came in: every field as text, repeated fields kept in order, so that a
//! rejected form can be shown again exactly as the teller left it.

/// Field names shared by the form template and the handlers.
pub mod field {
    pub const ROLE: &str = "rol";
    pub const LANG: &str = "lang";
    pub const CHANNEL: &str = "bron";
    pub const STORY: &str = "verhaal";
    pub const TITLE: &str = "titel";
    pub const STORY_ID: &str = "id";
    pub const TOKEN: &str = "token";
    pub const CSRF: &str = "csrf";
    /// The honeypot: hidden from people, filled in by naive bots.
    pub const HONEYPOT: &str = "website";
    /// Set when the teller saw the identifying-details notice and sends anyway.
    pub const CONFIRM_DETAILS: &str = "bevestig_details";
    /// A language-switch button inside the form: show the form again in that language.
    pub const SWITCH_LANG: &str = "taal_wissel";
    /// Prefix of every answer field: `q.ID`, `q.ID.nvt`, `q.ID.a|b|c`.
    pub const QUESTION_PREFIX: &str = "q.";
}

/// The fields of a form body or query string.
#[derive(Debug, Clone, Default)]
pub struct RawForm {
    pairs: Vec<(String, String)>,
}

impl RawForm {
    /// Parses `application/x-www-form-urlencoded` data (a body or a query string). Invalid
    /// UTF-8 is replaced, never refused, so nothing the teller typed is thrown away. NUL
    /// characters are dropped: nobody types one, and PostgreSQL cannot store one (so both
    /// backends behave alike).
    pub fn parse(data: &[u8]) -> Self {
        let clean = |text: std::borrow::Cow<'_, str>| -> String {
            if text.contains('\0') {
                text.replace('\0', "")
            } else {
                text.into_owned()
            }
        };
        RawForm {
            pairs: form_urlencoded::parse(data)
                .map(|(k, v)| (clean(k), clean(v)))
                .collect(),
        }
    }

    /// A form made of `(name, value)` pairs (a JSON request translated to form fields).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        RawForm { pairs }
    }

    /// The first value of a field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a field, trimmed; empty when absent.
    pub fn trimmed(&self, name: &str) -> &str {
        self.get(name).map(str::trim).unwrap_or("")
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether a checkbox is ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| !v.is_empty())
    }

    /// How many fields the form carries (a repeated field counts each time).
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// The question ids that answer fields refer to (`q.ID…`), each once, in order. Linear in
    /// the number of fields, whatever a hostile form holds.
    pub fn question_ids(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        let mut ids: Vec<&str> = Vec::new();
        for (k, _) in &self.pairs {
            if let Some(rest) = k.strip_prefix(field::QUESTION_PREFIX) {
                let id = rest.split('.').next().unwrap_or(rest);
                if seen.insert(id) {
                    ids.push(id);
                }
            }
        }
        ids
    }
}

/// A redirect to `location` after a form (303 See Other).
pub fn see_other(location: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_and_question_ids_are_kept() {
        let form =
            RawForm::parse(b"q.wie=a&q.wie=b&q.gehoord=40&q.gehoord.nvt=1&verhaal=Hallo+%C3%A9n");
        assert_eq!(form.all("q.wie"), vec!["a", "b"]);
        assert_eq!(form.question_ids(), vec!["wie", "gehoord"]);
        assert_eq!(form.get("verhaal"), Some("Hallo én"));
        assert!(form.ticked("q.gehoord.nvt"));
        assert!(!form.ticked("q.wie.nvt"));
    }

    #[test]
    fn nul_characters_are_dropped() {
        let form = RawForm::parse(b"verhaal=a%00b&q.x%00=1");
        assert_eq!(form.get("verhaal"), Some("ab"));
        assert_eq!(form.get("q.x"), Some("1"));
    }
}
