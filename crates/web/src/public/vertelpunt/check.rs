//! Checking a submitted story form against its collection point's questionnaire: every field,
//! every answer, on the server. Problems come back per field, in form order, as messages in the
//! teller's language; the form itself is never changed, so it can be shown again as it was.

use vertelpunt_model::answer::check_answer;
use vertelpunt_model::completeness::{is_complete, word_count};
use vertelpunt_model::identifying::{find_identifying, IdentifyingKind};
use vertelpunt_model::{regions, AnswerError, AnswerValue, Lang, Question, QuestionKind, Role};
use vertelpunt_store::stories::NewAnswer;

use crate::support::catalog::PointContext;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::Locales;

/// The longest story accepted, in characters.
pub const MAX_STORY_CHARS: usize = 20_000;
/// The longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// The problems of a form: `(anchor, message)` in form order. The anchor is the id of the
/// element the message belongs to (`veld-verhaal`, `vraag-ID`) or empty for the whole form.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    pub list: Vec<(String, String)>,
}

impl Problems {
    pub fn add(&mut self, anchor: impl Into<String>, message: String) {
        self.list.push((anchor.into(), message));
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The message shown next to an element.
    pub fn at(&self, anchor: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|(a, _)| a == anchor)
            .map(|(_, m)| m.as_str())
    }
}

/// The anchor of a question's fieldset.
pub fn question_anchor(id: &str) -> String {
    format!("vraag-{id}")
}

pub const STORY_ANCHOR: &str = "veld-verhaal";
pub const TITLE_ANCHOR: &str = "veld-titel";

/// A form that passed every check, ready to be stored.
#[derive(Debug)]
pub struct CheckedStory {
    pub body: String,
    pub title: Option<String>,
    pub answers: Vec<NewAnswer>,
    pub region_code: Option<String>,
    pub word_count: u32,
    pub complete: bool,
    /// The kinds of identifying detail found in the story or title (empty: none).
    pub identifying: Vec<IdentifyingKind>,
}

/// Checks `form` for a teller in `role`. `allowed_regions` limits the story's jeugdregio (a
/// region-limited facilitator enters stories of their own regions only); `None`: any region.
pub fn check(
    ctx: &PointContext,
    role: Role,
    form: &RawForm,
    locales: &Locales,
    lang: Lang,
    allowed_regions: Option<&std::collections::BTreeSet<String>>,
) -> Result<CheckedStory, Problems> {
    let mut problems = Problems::default();
    let body = form.get(field::STORY).unwrap_or("").trim().to_string();
    let body_chars = body.chars().count();
    if body.is_empty() {
        problems.add(
            STORY_ANCHOR,
            locales.text(lang, "vertelpunt.errors.story_missing").into(),
        );
    } else if body_chars > MAX_STORY_CHARS {
        problems.add(
            STORY_ANCHOR,
            locales.format(
                lang,
                "vertelpunt.errors.story_too_long",
                &[("length", thousands(body_chars, lang))],
            ),
        );
    }
    let title = form.trimmed(field::TITLE).to_string();
    let title_chars = title.chars().count();
    if title_chars > MAX_TITLE_CHARS {
        problems.add(
            TITLE_ANCHOR,
            locales.format(
                lang,
                "vertelpunt.errors.title_too_long",
                &[("length", title_chars.to_string())],
            ),
        );
    }

    let questions = ctx.questions_for(role);
    for id in form.question_ids() {
        if !questions.iter().any(|(_, q)| q.id == id) {
            problems.add(
                "",
                locales.format(
                    lang,
                    "vertelpunt.errors.unknown_question",
                    &[("id", id.to_string())],
                ),
            );
        }
    }

    let allowed = |code: &str| allowed_regions.is_none_or(|a| a.contains(code));
    // The regions a limited facilitator may choose, by name, for the messages.
    let region_names = || {
        allowed_regions
            .into_iter()
            .flatten()
            .filter_map(|code| regions::region(code))
            .map(|r| r.name.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut answers = Vec::new();
    let mut region_code = None;
    let mut region_anchor = None;
    let mut region_refused = false;
    for (version_id, question) in &questions {
        let anchor = question_anchor(&question.id);
        if matches!(question.kind, QuestionKind::Region) {
            region_anchor = Some(anchor.clone());
        }
        match read_answer(question, form) {
            Ok(None) if question.required => problems.add(
                anchor,
                locales.text(lang, "vertelpunt.errors.required").into(),
            ),
            Ok(None) => {}
            Ok(Some(AnswerValue::Region { code }))
                if regions::region(&code).is_some() && !allowed(&code) =>
            {
                region_refused = true;
                problems.add(
                    anchor,
                    locales.format(
                        lang,
                        "vertelpunt.errors.region_not_yours",
                        &[("regions", region_names())],
                    ),
                )
            }
            Ok(Some(value)) => {
                match check_answer(question, &value, |code| regions::region(code).is_some()) {
                    Ok(()) => {
                        if let AnswerValue::Region { code } = &value {
                            region_code = Some(code.clone());
                        }
                        answers.push(NewAnswer::new(version_id, question, value));
                    }
                    Err(e) => problems.add(anchor, answer_message(&e, locales, lang)),
                }
            }
            Err(key) => problems.add(anchor, locales.text(lang, key).into()),
        }
    }
    // Unanswered, the story takes the point's region; a limited facilitator's story must be of
    // one of their regions (their only one, when they have one).
    let mut region_code = region_code.or_else(|| ctx.point.default_region_code.clone());
    if let Some(limit) = allowed_regions {
        if !region_code.as_deref().is_some_and(allowed) && !region_refused {
            match (limit.len(), limit.iter().next()) {
                (1, Some(only)) => region_code = Some(only.clone()),
                _ => problems.add(
                    region_anchor.as_deref().unwrap_or(""),
                    locales.format(
                        lang,
                        "vertelpunt.errors.region_choose",
                        &[("regions", region_names())],
                    ),
                ),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let answered = |id: &str| answers.iter().any(|a| a.question_id == id);
    let complete = ctx
        .core
        .completeness
        .is_some_and(|rule| is_complete(rule, &ctx.core, role, &body, answered));
    let mut identifying: Vec<IdentifyingKind> = Vec::new();
    for finding in find_identifying(&body)
        .into_iter()
        .chain(find_identifying(&title))
    {
        if !identifying.contains(&finding.kind) {
            identifying.push(finding.kind);
        }
    }
    Ok(CheckedStory {
        word_count: word_count(&body) as u32,
        body,
        title: (!title.is_empty()).then_some(title),
        answers,
        region_code,
        complete,
        identifying,
    })
}

/// Reads the answer to one question from the form: `Ok(None)` when left open, `Err(key)` when
/// what was typed cannot be read at all (the message key says why).
fn read_answer(question: &Question, form: &RawForm) -> Result<Option<AnswerValue>, &'static str> {
    let name = format!("{}{}", field::QUESTION_PREFIX, question.id);
    let not_applicable = form.ticked(&format!("{name}.nvt"));
    let value = form.trimmed(&name);
    Ok(match &question.kind {
        QuestionKind::Slider { .. } => {
            if not_applicable {
                Some(AnswerValue::NotApplicable)
            } else if value.is_empty() {
                None
            } else {
                let number: i32 = value
                    .parse()
                    .map_err(|_| "vertelpunt.errors.not_a_number")?;
                Some(AnswerValue::Slider { value: number })
            }
        }
        QuestionKind::Scale { .. } => {
            if not_applicable || value == "nvt" {
                Some(AnswerValue::NotApplicable)
            } else if value.is_empty() {
                None
            } else {
                Some(AnswerValue::Scale {
                    option: value.to_string(),
                })
            }
        }
        QuestionKind::SingleChoice { .. } => {
            (!value.is_empty()).then(|| AnswerValue::SingleChoice {
                option: value.to_string(),
            })
        }
        QuestionKind::MultipleChoice { .. } => {
            let picked: Vec<String> = form
                .all(&name)
                .into_iter()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
                .collect();
            (!picked.is_empty()).then_some(AnswerValue::MultipleChoice { options: picked })
        }
        QuestionKind::Triad { .. } => {
            if not_applicable {
                return Ok(Some(AnswerValue::NotApplicable));
            }
            let parts = ["a", "b", "c"].map(|c| form.trimmed(&format!("{name}.{c}")).to_string());
            if parts.iter().all(String::is_empty) {
                None
            } else if parts.iter().any(String::is_empty) {
                return Err("vertelpunt.errors.triad_incomplete");
            } else {
                let mut shares = [0.0; 3];
                for (share, part) in shares.iter_mut().zip(&parts) {
                    *share = part
                        .replace(',', ".")
                        .parse::<f64>()
                        .map_err(|_| "vertelpunt.errors.answer-triad-share-out-of-range")?;
                }
                Some(AnswerValue::Triad { shares })
            }
        }
        QuestionKind::FreeText { .. } => {
            let text = form.get(&name).unwrap_or("").trim();
            (!text.is_empty()).then(|| AnswerValue::FreeText {
                text: text.to_string(),
            })
        }
        QuestionKind::Region => (!value.is_empty()).then(|| AnswerValue::Region {
            code: value.to_string(),
        }),
        QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle => None,
    })
}

/// The teller's message for a refused answer.
fn answer_message(error: &AnswerError, locales: &Locales, lang: Lang) -> String {
    let key = format!("vertelpunt.errors.{}", error.code());
    let args: Vec<(&str, String)> = match error {
        AnswerError::SliderOutOfRange { value, .. } => vec![("value", value.to_string())],
        AnswerError::TooManyPicks { picked, max, .. } => {
            vec![("picked", picked.to_string()), ("max", max.to_string())]
        }
        AnswerError::TriadSum { sum, .. } => vec![("sum", format_number(*sum, lang))],
        AnswerError::TextTooLong { length, max, .. } => {
            vec![("length", length.to_string()), ("max", max.to_string())]
        }
        _ => Vec::new(),
    };
    locales.format(lang, &key, &args)
}

/// A whole number with the language's thousands separator (20.000 / 20,000).
pub fn thousands(n: usize, lang: Lang) -> String {
    let sep = match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A number as people write it: no decimals when whole, a decimal comma in Dutch.
fn format_number(x: f64, lang: Lang) -> String {
    let text = if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{:.2}", x).trim_end_matches('0').to_string()
    };
    crate::support::i18n::decimal_comma(lang, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_read_them() {
        assert_eq!(thousands(20_001, Lang::Nl), "20.001");
        assert_eq!(thousands(20_001, Lang::En), "20,001");
        assert_eq!(thousands(999, Lang::Nl), "999");
        assert_eq!(format_number(90.0, Lang::Nl), "90");
        assert_eq!(format_number(90.5, Lang::Nl), "90,5");
        assert_eq!(format_number(90.5, Lang::En), "90.5");
    }
}
