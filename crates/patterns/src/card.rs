//! Observation cards (observatiekaarten): what an analyst writes around a pattern, and the rules
//! a card must meet before it is saved or published.
//!
//! A card holds a one-sentence observation in plain language (drafted from the pattern's
//! sentence), two opposing interpretations that kick-start the conversation, and a few typical
//! stories, each with a quote taken word for word from the story. Participants of sense-making
//! sessions found 17 cards with every story too much, so a card carries at most
//! [`MAX_TYPICAL_STORIES`] stories. The figures come from the pattern itself; nothing here reads
//! the database: what is known of a quoted story is passed in as a [`Quotable`].

use crate::Pattern;
use vertelpunt_model::Lang;

/// The most typical stories on one card.
pub const MAX_TYPICAL_STORIES: usize = 5;
/// The longest observation, in characters: one sentence.
pub const MAX_OBSERVATION: usize = 300;
/// The longest interpretation, in characters.
pub const MAX_INTERPRETATION: usize = 1000;
/// The longest quote, in characters.
pub const MAX_QUOTE: usize = 400;

/// What an analyst wrote on a card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardText {
    pub observation: String,
    pub interpretation_a: String,
    pub interpretation_b: String,
    pub stories: Vec<TypicalStory>,
}

/// A typical story of a card and the quote chosen from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypicalStory {
    pub story_id: String,
    pub quote: String,
}

/// What the store knows of a story an analyst wants to quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quotable {
    /// No story has this id.
    Unknown,
    /// The story belongs to a collection point the evaluation did not read.
    Outside,
    /// Withdrawn, erased in review, or waiting for review: its text may not be quoted.
    NotReadable,
    /// Its title and text, as anyone may read them now.
    Text { title: Option<String>, body: String },
}

/// Which part of the card a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardField {
    Observation,
    InterpretationA,
    InterpretationB,
    /// The typical story in this place (0-based), its id.
    Story(usize),
    /// The typical story in this place, its quote.
    Quote(usize),
    /// The list of stories as a whole.
    Stories,
}

/// Why a card cannot be saved (or published) as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardProblem {
    ObservationMissing,
    ObservationTooLong,
    /// Publishing needs both interpretations.
    InterpretationMissing,
    InterpretationTooLong,
    TooManyStories,
    StoryUnknown,
    StoryOutside,
    StoryNotReadable,
    StoryTwice,
    QuoteMissing,
    QuoteTooLong,
    QuoteNotInStory,
    /// A quote was given without a story.
    StoryMissing,
    /// Publishing needs at least one typical story.
    NoStories,
}

impl CardProblem {
    /// A stable code, also the locale key `cards.problem_CODE`.
    pub fn code(self) -> &'static str {
        match self {
            CardProblem::ObservationMissing => "observation_missing",
            CardProblem::ObservationTooLong => "observation_too_long",
            CardProblem::InterpretationMissing => "interpretation_missing",
            CardProblem::InterpretationTooLong => "interpretation_too_long",
            CardProblem::TooManyStories => "too_many_stories",
            CardProblem::StoryUnknown => "story_unknown",
            CardProblem::StoryOutside => "story_outside",
            CardProblem::StoryNotReadable => "story_not_readable",
            CardProblem::StoryTwice => "story_twice",
            CardProblem::QuoteMissing => "quote_missing",
            CardProblem::QuoteTooLong => "quote_too_long",
            CardProblem::QuoteNotInStory => "quote_not_in_story",
            CardProblem::StoryMissing => "story_missing",
            CardProblem::NoStories => "no_stories",
        }
    }
}

/// The observation a new card starts from: the pattern's own sentence.
pub fn draft_observation(pattern: &Pattern, lang: Lang) -> String {
    let sentence = pattern.description.get(lang).trim();
    sentence.chars().take(MAX_OBSERVATION).collect()
}

/// Runs of white space as one space, trimmed: a quote copied from a page may have lost the
/// story's line breaks.
fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `quote` stands word for word in the title or the text (white space aside).
pub fn quote_found(quote: &str, title: Option<&str>, body: &str) -> bool {
    let quote = collapse_space(quote);
    !quote.is_empty()
        && (collapse_space(body).contains(&quote)
            || title.is_some_and(|t| collapse_space(t).contains(&quote)))
}

/// Every problem of `card`, in the order of the form; `publish` adds what a published card
/// needs (both interpretations, a typical story). `quotable` tells what is known of a story id.
pub fn check(
    card: &CardText,
    publish: bool,
    quotable: &dyn Fn(&str) -> Quotable,
) -> Vec<(CardField, CardProblem)> {
    let mut problems = Vec::new();
    let length = |s: &str| s.trim().chars().count();
    match length(&card.observation) {
        0 => problems.push((CardField::Observation, CardProblem::ObservationMissing)),
        n if n > MAX_OBSERVATION => {
            problems.push((CardField::Observation, CardProblem::ObservationTooLong))
        }
        _ => {}
    }
    for (field, text) in [
        (CardField::InterpretationA, &card.interpretation_a),
        (CardField::InterpretationB, &card.interpretation_b),
    ] {
        match length(text) {
            0 if publish => problems.push((field, CardProblem::InterpretationMissing)),
            n if n > MAX_INTERPRETATION => {
                problems.push((field, CardProblem::InterpretationTooLong))
            }
            _ => {}
        }
    }
    if card.stories.len() > MAX_TYPICAL_STORIES {
        problems.push((CardField::Stories, CardProblem::TooManyStories));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, story) in card.stories.iter().enumerate() {
        let id = story.story_id.trim();
        let quote = story.quote.trim();
        if id.is_empty() {
            problems.push((CardField::Story(i), CardProblem::StoryMissing));
            continue;
        }
        if seen.contains(&id) {
            problems.push((CardField::Story(i), CardProblem::StoryTwice));
            continue;
        }
        seen.push(id);
        let (title, body) = match quotable(id) {
            Quotable::Unknown => {
                problems.push((CardField::Story(i), CardProblem::StoryUnknown));
                continue;
            }
            Quotable::Outside => {
                problems.push((CardField::Story(i), CardProblem::StoryOutside));
                continue;
            }
            Quotable::NotReadable => {
                problems.push((CardField::Story(i), CardProblem::StoryNotReadable));
                continue;
            }
            Quotable::Text { title, body } => (title, body),
        };
        if quote.is_empty() {
            problems.push((CardField::Quote(i), CardProblem::QuoteMissing));
        } else if quote.chars().count() > MAX_QUOTE {
            problems.push((CardField::Quote(i), CardProblem::QuoteTooLong));
        } else if !quote_found(quote, title.as_deref(), &body) {
            problems.push((CardField::Quote(i), CardProblem::QuoteNotInStory));
        }
    }
    if publish && card.stories.is_empty() {
        problems.push((CardField::Stories, CardProblem::NoStories));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "story-1";

    fn known(id: &str) -> Quotable {
        match id {
            STORY => Quotable::Text {
                title: Some("Eindelijk gehoord".into()),
                body: "We wachtten maanden.\nDaarna luisterde de begeleider echt naar ons.".into(),
            },
            "elders" => Quotable::Outside,
            "ingetrokken" => Quotable::NotReadable,
            _ => Quotable::Unknown,
        }
    }

    fn card(stories: &[(&str, &str)]) -> CardText {
        CardText {
            observation: "Wie gehoord wordt, is vaker positief.".into(),
            interpretation_a: "Het gaat om de relatie.".into(),
            interpretation_b: "Vanuit een goede situatie is terugkijken makkelijker.".into(),
            stories: stories
                .iter()
                .map(|(id, quote)| TypicalStory {
                    story_id: id.to_string(),
                    quote: quote.to_string(),
                })
                .collect(),
        }
    }

    fn problems(card: &CardText, publish: bool) -> Vec<(CardField, CardProblem)> {
        check(card, publish, &known)
    }

    #[test]
    fn a_quote_must_stand_word_for_word_in_the_story_or_its_title() {
        let across_lines = card(&[(STORY, "maanden. Daarna luisterde")]);
        assert_eq!(problems(&across_lines, true), vec![]);
        assert_eq!(
            problems(&card(&[(STORY, "Eindelijk gehoord")]), true),
            vec![]
        );
        assert_eq!(
            problems(&card(&[(STORY, "de begeleider luisterde nooit")]), true),
            vec![(CardField::Quote(0), CardProblem::QuoteNotInStory)]
        );
        assert_eq!(
            problems(&card(&[(STORY, "  ")]), false),
            vec![(CardField::Quote(0), CardProblem::QuoteMissing)]
        );
    }

    #[test]
    fn stories_that_may_not_be_quoted_are_named_in_their_place() {
        let card = card(&[
            ("onbekend", "x"),
            (STORY, "We wachtten maanden."),
            ("elders", "x"),
            ("ingetrokken", "x"),
            (STORY, "We wachtten maanden."),
            ("", "een citaat zonder verhaal"),
        ]);
        assert_eq!(
            problems(&card, false),
            vec![
                (CardField::Stories, CardProblem::TooManyStories),
                (CardField::Story(0), CardProblem::StoryUnknown),
                (CardField::Story(2), CardProblem::StoryOutside),
                (CardField::Story(3), CardProblem::StoryNotReadable),
                (CardField::Story(4), CardProblem::StoryTwice),
                (CardField::Story(5), CardProblem::StoryMissing),
            ]
        );
    }

    #[test]
    fn a_draft_may_be_unfinished_but_a_published_card_is_whole() {
        let mut draft = card(&[]);
        draft.interpretation_b.clear();
        assert_eq!(problems(&draft, false), vec![]);
        assert_eq!(
            problems(&draft, true),
            vec![
                (
                    CardField::InterpretationB,
                    CardProblem::InterpretationMissing
                ),
                (CardField::Stories, CardProblem::NoStories),
            ]
        );
        draft.observation = "x".repeat(MAX_OBSERVATION + 1);
        assert_eq!(
            problems(&draft, false),
            vec![(CardField::Observation, CardProblem::ObservationTooLong)]
        );
        draft.observation = " ".into();
        assert_eq!(
            problems(&draft, false),
            vec![(CardField::Observation, CardProblem::ObservationMissing)]
        );
    }
}
