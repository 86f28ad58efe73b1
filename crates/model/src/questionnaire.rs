//! A checked questionnaire: what the form shows and what answers are accepted.
//!
//! Build one with [`crate::validate::validate`]; the fields are only ever in a valid state.

use serde::Serialize;

use crate::role::Role;
use crate::text::{Lang, LanguageCode, Text};

/// A core set (shared by every region) or a module (per region or theme) that extends a core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DefinitionKind {
    Core,
    Module,
}

impl DefinitionKind {
    pub fn code(self) -> &'static str {
        match self {
            DefinitionKind::Core => "core",
            DefinitionKind::Module => "module",
        }
    }
}

/// When a story counts as complete: at least `min_words` words in the story and the first
/// `first_signifiers` signifier questions shown to the teller's role answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CompletenessRule {
    pub min_words: u32,
    pub first_signifiers: u32,
}

/// An option of a scale or choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceOption {
    pub id: String,
    pub label: Text,
}

/// What kind of question, with what only that kind has.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Who the teller is (kind/jongere, ouder/verzorger, professional).
    Role,
    /// The story itself; the question text is the prompt.
    Story,
    /// An optional title for the story.
    StoryTitle,
    /// A bipolar slider, answered 0–100.
    Slider {
        left: Text,
        right: Text,
        not_applicable: bool,
    },
    /// Ordered options; the answer is one option and its position (1-based).
    Scale {
        options: Vec<ChoiceOption>,
        not_applicable: bool,
    },
    SingleChoice {
        options: Vec<ChoiceOption>,
    },
    MultipleChoice {
        options: Vec<ChoiceOption>,
        max_picks: u32,
    },
    /// A point in a triangle: three shares that sum to 100.
    Triad {
        corners: [Text; 3],
        not_applicable: bool,
    },
    FreeText {
        max_length: u32,
    },
    /// A youth-care region (jeugdregio) from the shipped list.
    Region,
}

impl QuestionKind {
    /// The kind's code as written in definitions.
    pub fn code(&self) -> &'static str {
        match self {
            QuestionKind::Role => "role",
            QuestionKind::Story => "story",
            QuestionKind::StoryTitle => "story_title",
            QuestionKind::Slider { .. } => "slider",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::Triad { .. } => "triad",
            QuestionKind::FreeText { .. } => "free_text",
            QuestionKind::Region => "region",
        }
    }

    /// Signifier questions are the ones the teller uses to give meaning to the story, and
    /// the ones the completeness rule counts.
    pub fn is_signifier(&self) -> bool {
        matches!(
            self,
            QuestionKind::Slider { .. }
                | QuestionKind::Scale { .. }
                | QuestionKind::SingleChoice { .. }
                | QuestionKind::MultipleChoice { .. }
                | QuestionKind::Triad { .. }
        )
    }

    /// The options of a scale or choice question.
    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            QuestionKind::Scale { options, .. }
            | QuestionKind::SingleChoice { options }
            | QuestionKind::MultipleChoice { options, .. } => options,
            _ => &[],
        }
    }
}

/// One checked question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: Text,
    pub help: Option<Text>,
    /// A short name for charts and exports; falls back to the question text.
    pub short: Option<Text>,
    pub required: bool,
    /// The roles this question is shown to; empty means every role.
    pub roles: Vec<Role>,
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// The question's texts for particular roles (checked: every option and corner named
    /// exists, and each role sees the question).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wording: Vec<(Role, Wording)>,
}

/// A question's texts for one role; what is absent stays as the general wording has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Wording {
    pub text: Option<Text>,
    pub help: Option<Text>,
    pub left: Option<Text>,
    pub right: Option<Text>,
    pub corners: Option<[Text; 3]>,
    /// Option labels by option id.
    pub options: Vec<(String, Text)>,
}

impl Question {
    /// Whether a teller in `role` sees this question.
    pub fn shown_to(&self, role: Role) -> bool {
        self.roles.is_empty() || self.roles.contains(&role)
    }

    /// The question as a teller in `role` reads it: the role's wording where it has one.
    pub fn worded_for(&self, role: Role) -> Question {
        let mut q = self.clone();
        let Some((_, w)) = self.wording.iter().find(|(r, _)| *r == role) else {
            return q;
        };
        if let Some(text) = &w.text {
            q.text = text.clone();
        }
        if w.help.is_some() {
            q.help = w.help.clone();
        }
        match &mut q.kind {
            QuestionKind::Slider { left, right, .. } => {
                if let Some(l) = &w.left {
                    *left = l.clone();
                }
                if let Some(r) = &w.right {
                    *right = r.clone();
                }
            }
            QuestionKind::Triad { corners, .. } => {
                if let Some(c) = &w.corners {
                    *corners = c.clone();
                }
            }
            QuestionKind::Scale { options, .. }
            | QuestionKind::SingleChoice { options }
            | QuestionKind::MultipleChoice { options, .. } => {
                for o in options.iter_mut() {
                    if let Some((_, label)) = w.options.iter().find(|(id, _)| *id == o.id) {
                        o.label = label.clone();
                    }
                }
            }
            _ => {}
        }
        q
    }

    /// The short name if there is one, else the question text.
    pub fn short_or_text(&self) -> &Text {
        self.short.as_ref().unwrap_or(&self.text)
    }
}

/// A checked questionnaire version (core or module).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Questionnaire {
    pub key: String,
    pub kind: DefinitionKind,
    pub extends: Option<String>,
    pub title: Text,
    pub description: Option<Text>,
    /// The languages it is written in, first the one its texts fall back to.
    pub languages: Vec<LanguageCode>,
    /// Present for a core, absent for a module (the core's rule applies).
    pub completeness: Option<CompletenessRule>,
    pub questions: Vec<Question>,
}

impl Questionnaire {
    /// What in `newer` would change the meaning of answers given to this version: a question
    /// that is gone, has another kind, or other options (or, for a scale, another order).
    /// Nothing: answers to both compare as one, so a collection point may move to `newer`
    /// (new wording and new questions are fine).
    pub fn answer_changes(&self, newer: &Questionnaire) -> Vec<String> {
        let ids = |kind: &QuestionKind| -> Option<Vec<String>> {
            match kind {
                QuestionKind::Scale { options, .. }
                | QuestionKind::SingleChoice { options }
                | QuestionKind::MultipleChoice { options, .. } => {
                    Some(options.iter().map(|o| o.id.clone()).collect())
                }
                _ => None,
            }
        };
        let mut changes = Vec::new();
        for old in &self.questions {
            let Some(new) = newer.question(&old.id) else {
                changes.push(format!("question '{}' is gone", old.id));
                continue;
            };
            if old.kind.code() != new.kind.code() {
                changes.push(format!(
                    "question '{}' is a {} now, not a {}",
                    old.id,
                    new.kind.code(),
                    old.kind.code()
                ));
                continue;
            }
            let (mut before, mut after) = (ids(&old.kind), ids(&new.kind));
            if !matches!(old.kind, QuestionKind::Scale { .. }) {
                for list in [&mut before, &mut after].into_iter().flatten() {
                    list.sort();
                }
            }
            if before != after {
                changes.push(format!("question '{}' has other options", old.id));
            }
        }
        changes
    }

    /// The language its texts are in on a page in `lang`, when that is another language (an
    /// English-only questionnaire on a Dutch page): for the `lang` of those texts.
    pub fn written_in(&self, lang: Lang) -> Option<&LanguageCode> {
        let code = LanguageCode::from(lang);
        if self.languages.contains(&code) {
            None
        } else {
            self.languages.first()
        }
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The signifier questions shown to `role`, in form order.
    pub fn signifiers_for(&self, role: Role) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(move |q| q.kind.is_signifier() && q.shown_to(role))
    }

    /// All questions shown to `role`, in form order.
    pub fn questions_for(&self, role: Role) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(move |q| q.shown_to(role))
    }
}
