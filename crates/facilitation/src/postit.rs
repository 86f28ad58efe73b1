//! What a post-it may hold: plain text of at most [`MAX_CHARS`] characters (and, for the
//! sentence "We zouden eigenlijk … moeten doen, zodat …", a second part). Identifying details
//! are found with the same detector as in stories: the writer is warned, never stopped.

use vertelpunt_model::identifying::{find_identifying, IdentifyingKind};

use crate::session::{Category, PromptForm};

/// The longest text of one part of a post-it, in characters.
pub const MAX_CHARS: usize = 280;

/// Why a post-it cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostitError {
    Empty,
    TooLong {
        chars: usize,
    },
    /// A category the session's prompt form does not use.
    Category,
}

impl PostitError {
    /// The locale key of the message (under `sessions.`).
    pub fn key(&self) -> &'static str {
        match self {
            PostitError::Empty => "postit_empty",
            PostitError::TooLong { .. } => "postit_too_long",
            PostitError::Category => "postit_category",
        }
    }
}

/// A post-it that may be stored, with the identifying details found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPostit {
    pub category: Category,
    pub text: String,
    /// The "zodat …" part of a direction.
    pub so_that: Option<String>,
    pub identifying: Vec<IdentifyingKind>,
}

/// Checks what a participant typed. Control characters (other than line breaks) are dropped.
pub fn check(
    form: PromptForm,
    category: &str,
    text: &str,
    so_that: &str,
) -> Result<CheckedPostit, PostitError> {
    let category = Category::parse(category)
        .filter(|c| form.categories().contains(c))
        .ok_or(PostitError::Category)?;
    let clean = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .collect::<String>()
            .trim()
            .to_string()
    };
    let text = clean(text);
    let so_that = clean(so_that);
    if text.is_empty() {
        return Err(PostitError::Empty);
    }
    for part in [&text, &so_that] {
        let chars = part.chars().count();
        if chars > MAX_CHARS {
            return Err(PostitError::TooLong { chars });
        }
    }
    let mut identifying = Vec::new();
    for finding in find_identifying(&text)
        .into_iter()
        .chain(find_identifying(&so_that))
    {
        if !identifying.contains(&finding.kind) {
            identifying.push(finding.kind);
        }
    }
    let so_that = (category == Category::Direction && !so_that.is_empty()).then_some(so_that);
    Ok(CheckedPostit {
        category,
        text,
        so_that,
        identifying,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postit_is_plain_bounded_text_in_a_category_of_the_session() {
        let ok = check(
            PromptForm::Categories,
            "zorgen",
            "  Lange wachtlijsten\u{0}  ",
            "",
        )
        .unwrap();
        assert_eq!(ok.text, "Lange wachtlijsten");
        assert_eq!(ok.category, Category::Worry);
        assert_eq!(
            check(PromptForm::Sentence, "zorgen", "x", ""),
            Err(PostitError::Category)
        );
        assert_eq!(
            check(PromptForm::Categories, "kansen", "   ", ""),
            Err(PostitError::Empty)
        );
        let long = "a".repeat(MAX_CHARS + 1);
        assert_eq!(
            check(PromptForm::Categories, "kansen", &long, ""),
            Err(PostitError::TooLong {
                chars: MAX_CHARS + 1
            })
        );
        let sentence = check(
            PromptForm::Both,
            "voorstel",
            "één loket",
            "ouders niet verdwalen",
        )
        .unwrap();
        assert_eq!(sentence.so_that.as_deref(), Some("ouders niet verdwalen"));
    }

    #[test]
    fn identifying_details_are_found_to_warn_the_writer() {
        let p = check(
            PromptForm::Categories,
            "zorgen",
            "Bel Jan op 06-12345678",
            "",
        )
        .unwrap();
        assert_eq!(p.identifying, vec![IdentifyingKind::Phone]);
    }
}
