//! The UI messages in Dutch and English, read from `web/locales/{nl,en}/messages.toml` (compiled
//! into the binary). Templates get the whole message tree of the page's language as `m`
//! (`{{ m.form.next }}`); Rust code asks for one message with [`Locales::text`] and fills in
//! `{placeholders}` with [`Locales::format`].

use serde_json::Value;
use vertelpunt_model::Lang;

const NL: &str = include_str!("../../../../web/locales/nl/messages.toml");
const EN: &str = include_str!("../../../../web/locales/en/messages.toml");

/// Both message trees.
pub struct Locales {
    nl: Value,
    en: Value,
}

impl Locales {
    /// Parses the compiled-in message files. They are checked by a test, so a failure here is a
    /// build mistake, reported with the file that is wrong.
    pub fn load() -> Self {
        let parse = |name: &str, text: &str| -> Value {
            let table: toml::Table = toml::from_str(text)
                .unwrap_or_else(|e| panic!("web/locales/{name}/messages.toml is not valid: {e}"));
            serde_json::to_value(table).expect("TOML converts to JSON")
        };
        Locales {
            nl: parse("nl", NL),
            en: parse("en", EN),
        }
    }

    /// The message tree of a language, for templates.
    pub fn tree(&self, lang: Lang) -> &Value {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// One message by dotted key (`"vertelpunt.errors.required"`); a missing English message falls back to
    /// Dutch; a missing key is logged and shows as "…".
    pub fn text(&self, lang: Lang, key: &str) -> &str {
        lookup(self.tree(lang), key)
            .or_else(|| lookup(&self.nl, key))
            .unwrap_or_else(|| {
                tracing::warn!("message '{key}' is missing from web/locales");
                "…"
            })
    }

    /// A message with its `{name}` placeholders filled in.
    pub fn format(&self, lang: Lang, key: &str, args: &[(&str, String)]) -> String {
        let mut text = self.text(lang, key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A message about a number of things, in the plural form the language's CLDR rules give
    /// for `n`: the key names a table of forms (`one`, `other`, and whatever else a language
    /// needs), with `{n}` and the other placeholders filled in. A missing form falls back to
    /// `other`.
    pub fn count(&self, lang: Lang, key: &str, n: usize, args: &[(&str, String)]) -> String {
        let category = plural_category(lang, n);
        let form = lookup(self.tree(lang), &format!("{key}.{category}"))
            .map(|_| format!("{key}.{category}"))
            .unwrap_or_else(|| format!("{key}.other"));
        let mut all = vec![("n", n.to_string())];
        all.extend(args.iter().cloned());
        self.format(lang, &form, &all)
    }

    /// Every dotted key of a language (for the completeness test).
    pub fn keys(&self, lang: Lang) -> Vec<String> {
        let mut keys = Vec::new();
        collect_keys(self.tree(lang), "", &mut keys);
        keys.sort();
        keys
    }
}

/// The CLDR plural category of `n` in a language (`one`, `other`, …).
fn plural_category(lang: Lang, n: usize) -> &'static str {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let id: unic_langid::LanguageIdentifier = match lang.code().parse() {
        Ok(id) => id,
        Err(_) => return "other",
    };
    let category = PluralRules::create(id, PluralRuleType::CARDINAL)
        .ok()
        .and_then(|rules| rules.select(n).ok());
    match category {
        Some(PluralCategory::ZERO) => "zero",
        Some(PluralCategory::ONE) => "one",
        Some(PluralCategory::TWO) => "two",
        Some(PluralCategory::FEW) => "few",
        Some(PluralCategory::MANY) => "many",
        _ => "other",
    }
}

fn lookup<'a>(tree: &'a Value, key: &str) -> Option<&'a str> {
    let mut node = tree;
    for part in key.split('.') {
        node = node.get(part)?;
    }
    node.as_str()
}

fn collect_keys(node: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = node {
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                Value::Object(_) => collect_keys(v, &key, out),
                _ => out.push(key),
            }
        }
    }
}

/// A number written with `.` as decimal point, as `lang` writes it: a decimal comma in Dutch.
pub fn decimal_comma(lang: Lang, text: String) -> String {
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The language asked for with `lang=` (query or form), Dutch when absent or unknown.
pub fn lang_param(value: Option<&str>) -> Lang {
    value.and_then(Lang::parse).unwrap_or(Lang::Nl)
}

/// The language of API messages: `en` when `Accept-Language` prefers English, else Dutch.
pub fn accept_language(req: &actix_web::HttpRequest) -> Lang {
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accept
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("en") {
        Lang::En
    } else {
        Lang::Nl
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_have_the_same_keys() {
        let locales = Locales::load();
        let nl = locales.keys(Lang::Nl);
        let en = locales.keys(Lang::En);
        let only_nl: Vec<_> = nl.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !nl.contains(k)).collect();
        assert!(
            only_nl.is_empty() && only_en.is_empty(),
            "only in nl: {only_nl:?}; only in en: {only_en:?}"
        );
    }

    #[test]
    fn placeholders_are_filled_in() {
        let locales = Locales::load();
        assert_eq!(
            locales.format(
                Lang::Nl,
                "vertelpunt.errors.answer-too-many-picks",
                &[("picked", "4".into()), ("max", "3".into())]
            ),
            "Je koos er 4; kies er maximaal 3."
        );
        assert_eq!(locales.text(Lang::En, "vertelpunt.form.next"), "Next");
    }

    #[test]
    fn a_table_of_plural_forms_holds_nothing_else() {
        // A message added after a plural table in the TOML file lands inside it.
        let locales = Locales::load();
        for lang in [Lang::Nl, Lang::En] {
            for key in locales.keys(lang) {
                // The public Vertelpunt's sections sit under its module's name.
                let key = key.strip_prefix("vertelpunt.").unwrap_or(&key);
                let last = key.rsplit('.').next().unwrap();
                let parent = &key[..key.len() - last.len() - 1];
                let depth = key.matches('.').count();
                if depth >= 2 {
                    assert!(
                        ["zero", "one", "two", "few", "many", "other"].contains(&last),
                        "{key}: in the plural table {parent}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_evaluation_in_progress_counts_questions_not_the_tests_its_result_counts() {
        // The job counts questions and question pairs looked at; the result counts the tests
        // (many per pair): both saying "toetsen" gave "187 van 251" and then "10043".
        let locales = Locales::load();
        let progress = locales.format(
            Lang::Nl,
            "evaluations.progress",
            &[("done", "187".into()), ("total", "251".into())],
        );
        assert_eq!(progress, "187 van 251 vragen en vragenparen bekeken.");
        assert!(locales
            .text(Lang::Nl, "patterns.summary")
            .contains("{tests} toetsen"));
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let locales = Locales::load();
        let quiet = |lang, n| locales.count(lang, "sessions.quiet_count", n, &[]);
        assert_eq!(quiet(Lang::Nl, 1), "1 voorstel zonder nieuws");
        assert_eq!(quiet(Lang::Nl, 2), "2 voorstellen zonder nieuws");
        assert_eq!(quiet(Lang::Nl, 0), "0 voorstellen zonder nieuws");
        assert_eq!(quiet(Lang::En, 1), "1 proposal without news");
        assert_eq!(quiet(Lang::En, 3), "3 proposals without news");
    }
}
