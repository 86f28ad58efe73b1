//! Whether a story counts as complete under its questionnaire version's rule.

use crate::questionnaire::{CompletenessRule, Questionnaire};
use crate::role::Role;

/// The number of words in a story: runs of characters that contain a letter or digit.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A story is complete when it has at least `rule.min_words` words and the first
/// `rule.first_signifiers` signifier questions shown to the teller's role are answered
/// ("niet van toepassing" counts as an answer; an untouched question does not).
pub fn is_complete(
    rule: CompletenessRule,
    core: &Questionnaire,
    role: Role,
    story_text: &str,
    is_answered: impl Fn(&str) -> bool,
) -> bool {
    word_count(story_text) >= rule.min_words as usize
        && core
            .signifiers_for(role)
            .take(rule.first_signifiers as usize)
            .all(|q| is_answered(&q.id))
}
