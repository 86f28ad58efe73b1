//! Checking a [`RawDefinition`] and turning it into a [`Questionnaire`].
//!
//! Every problem found is reported, not only the first, each naming the question and what is
//! wrong with it, so an author can fix a definition in one pass.

use std::collections::HashSet;
use std::fmt;

use crate::definition::{RawDefinition, RawOption, RawQuestion};
use crate::questionnaire::{
    ChoiceOption, CompletenessRule, DefinitionKind, Question, QuestionKind, Questionnaire, Wording,
};
use crate::role::Role;
use crate::text::{Lang, LanguageCode, Text};

/// Default maximum length of a free-text answer, in characters.
pub const DEFAULT_FREE_TEXT_MAX: u32 = 2_000;

/// One problem in a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionError {
    InvalidKey {
        key: String,
    },
    UnknownDefinitionKind {
        kind: String,
    },
    CoreWithExtends,
    ModuleWithoutExtends,
    ModuleExtendsOther {
        module: String,
        extends: String,
        core: String,
    },
    InvalidLanguage {
        code: String,
    },
    DuplicateLanguage {
        code: String,
    },
    NoLanguages,
    /// The definition names no languages, so Dutch and English are needed, and it has no text
    /// in one of them at all: it is written in the others only.
    NotWrittenIn {
        lang: LanguageCode,
        written: Vec<LanguageCode>,
    },
    MissingPoleText {
        question: String,
        pole: &'static str,
        lang: LanguageCode,
    },
    MissingTitle {
        lang: LanguageCode,
    },
    NoQuestions,
    InvalidQuestionId {
        id: String,
    },
    DuplicateQuestionId {
        id: String,
    },
    UnknownQuestionKind {
        question: String,
        kind: String,
    },
    MissingText {
        question: String,
        lang: LanguageCode,
    },
    UnknownRole {
        question: String,
        role: String,
    },
    FieldNotAllowed {
        question: String,
        field: &'static str,
        kind: String,
    },
    SliderMissingPole {
        question: String,
        missing: &'static str,
    },
    ScaleTooFewOptions {
        question: String,
        found: usize,
    },
    ChoiceTooFewOptions {
        question: String,
        found: usize,
        needed: usize,
    },
    InvalidOptionId {
        question: String,
        option: String,
    },
    DuplicateOptionId {
        question: String,
        option: String,
    },
    MissingOptionLabel {
        question: String,
        option: String,
        lang: LanguageCode,
    },
    MaxPicksOutOfRange {
        question: String,
        max_picks: u32,
        options: usize,
    },
    TriadCorners {
        question: String,
        found: usize,
    },
    MissingCornerLabel {
        question: String,
        corner: usize,
        lang: LanguageCode,
    },
    FreeTextMaxLength {
        question: String,
    },
    CoreNeedsOne {
        kind: &'static str,
        found: usize,
    },
    NotInModule {
        question: String,
        kind: String,
    },
    MissingCompleteness,
    CompletenessInModule,
    CompletenessTooManySignifiers {
        first_signifiers: u32,
        available: usize,
    },
    ModuleRedefinesCoreId {
        id: String,
    },
    WordingUnknownRole {
        question: String,
        role: String,
    },
    WordingRoleNotShown {
        question: String,
        role: String,
    },
    WordingFieldNotAllowed {
        question: String,
        role: String,
        field: &'static str,
        kind: String,
    },
    WordingMissingText {
        question: String,
        role: String,
        field: String,
        lang: LanguageCode,
    },
    WordingUnknownOption {
        question: String,
        role: String,
        option: String,
    },
    WordingCorners {
        question: String,
        role: String,
        found: usize,
    },
}

fn lang_name(lang: &LanguageCode) -> String {
    lang.describe()
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DefinitionError::*;
        match self {
            InvalidKey { key } => write!(f, "key '{key}' is not valid: use lower-case letters, digits, '-' and '_', starting with a letter"),
            UnknownDefinitionKind { kind } => write!(f, "kind '{kind}' is unknown: a definition is a 'core' or a 'module'"),
            CoreWithExtends => write!(f, "a core set cannot extend another set: remove 'extends'"),
            ModuleWithoutExtends => write!(f, "a module must name the core it extends in 'extends'"),
            ModuleExtendsOther { module, extends, core } => write!(f, "module '{module}' extends '{extends}', not core '{core}'"),
            InvalidLanguage { code } => write!(f, "languages: {}", crate::text::not_a_language(code)),
            DuplicateLanguage { code } => write!(f, "languages: '{code}' is named more than once"),
            NoLanguages => write!(f, "languages is empty: name the languages the questionnaire is written in, e.g. languages = [\"nl\", \"en\"]"),
            NotWrittenIn { lang, written } => {
                let written: Vec<String> = written.iter().map(|l| format!("\"{l}\"")).collect();
                write!(f, "no text is in {}: a definition that names no languages needs Dutch and English. If it is written in {} only, say so at the top: languages = [{}] (in JSON: \"languages\": [{}])",
                    lang_name(lang),
                    if written.len() == 1 { "that language" } else { "those languages" },
                    written.join(", "), written.join(", "))
            }
            MissingPoleText { question, pole, lang } => write!(f, "question '{question}': the {pole} pole label has no {} text", lang_name(lang)),
            MissingTitle { lang } => write!(f, "the title has no {} text", lang_name(lang)),
            NoQuestions => write!(f, "the definition has no questions"),
            InvalidQuestionId { id } => write!(f, "question id '{id}' is not valid: use lower-case letters, digits and '_', starting with a letter"),
            DuplicateQuestionId { id } => write!(f, "question id '{id}' is used more than once"),
            UnknownQuestionKind { question, kind } => write!(f, "question '{question}': kind '{kind}' is unknown (known: role, story, story_title, slider, scale, single_choice, multiple_choice, triad, free_text, region)"),
            MissingText { question, lang } => write!(f, "question '{question}': the question text has no {} text", lang_name(lang)),
            UnknownRole { question, role } => write!(f, "question '{question}': role '{role}' is unknown (known: jongere, ouder, professional)"),
            FieldNotAllowed { question, field, kind } => write!(f, "question '{question}': a {kind} question has no '{field}'"),
            SliderMissingPole { question, missing } => write!(f, "question '{question}': a slider needs both a left and a right pole label; {missing} missing"),
            ScaleTooFewOptions { question, found } => write!(f, "question '{question}': a scale needs at least two options, found {found}"),
            ChoiceTooFewOptions { question, found, needed: 1 } => write!(f, "question '{question}': a multiple choice needs at least one option (a tick box), found {found}"),
            ChoiceTooFewOptions { question, found, .. } => write!(f, "question '{question}': a single choice needs at least two options, found {found}"),
            InvalidOptionId { question, option } => write!(f, "question '{question}': option id '{option}' is not valid: use lower-case letters, digits and '_'"),
            DuplicateOptionId { question, option } => write!(f, "question '{question}': option id '{option}' is used more than once"),
            MissingOptionLabel { question, option, lang } => write!(f, "question '{question}': option '{option}' has no {} label", lang_name(lang)),
            MaxPicksOutOfRange { question, max_picks, options } => write!(f, "question '{question}': max_picks is {max_picks} but must be between 1 and the number of options ({options})"),
            TriadCorners { question, found } => write!(f, "question '{question}': a triad needs exactly three corners, found {found}"),
            MissingCornerLabel { question, corner, lang } => write!(f, "question '{question}': corner {corner} has no {} label", lang_name(lang)),
            FreeTextMaxLength { question } => write!(f, "question '{question}': max_length must be at least 1"),
            CoreNeedsOne { kind, found } => write!(f, "a core set needs exactly one '{kind}' question, found {found}"),
            NotInModule { question, kind } => write!(f, "question '{question}': a module cannot have a '{kind}' question; the core asks it"),
            MissingCompleteness => write!(f, "a core set needs a [completeness] rule (min_words and first_signifiers)"),
            CompletenessInModule => write!(f, "a module cannot have its own completeness rule; the core's rule applies"),
            CompletenessTooManySignifiers { first_signifiers, available } => write!(f, "completeness asks for the first {first_signifiers} signifier questions, but the set has only {available}"),
            ModuleRedefinesCoreId { id } => write!(f, "question id '{id}' is already defined by the core set; a module cannot redefine it"),
            WordingUnknownRole { question, role } => write!(f, "question '{question}': wording for role '{role}', which is unknown (known: jongere, ouder, professional)"),
            WordingRoleNotShown { question, role } => write!(f, "question '{question}': wording for role '{role}', but the question is not shown to that role"),
            WordingFieldNotAllowed { question, role, field, kind } => write!(f, "question '{question}': the wording for '{role}' has '{field}', which a {kind} question does not have"),
            WordingMissingText { question, role, field, lang } => write!(f, "question '{question}': the wording for '{role}' has a '{field}' without {} text", lang_name(lang)),
            WordingUnknownOption { question, role, option } => write!(f, "question '{question}': the wording for '{role}' names option '{option}', which the question does not have"),
            WordingCorners { question, role, found } => write!(f, "question '{question}': the wording for '{role}' must give all three corners, found {found}"),
        }
    }
}

impl DefinitionError {
    /// The language a text is missing in, for the errors that say so.
    pub fn language(&self) -> Option<&LanguageCode> {
        use DefinitionError::*;
        match self {
            MissingTitle { lang }
            | MissingText { lang, .. }
            | MissingPoleText { lang, .. }
            | MissingOptionLabel { lang, .. }
            | MissingCornerLabel { lang, .. }
            | WordingMissingText { lang, .. } => Some(lang),
            _ => None,
        }
    }
}

/// All problems found in one definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionErrors(pub Vec<DefinitionError>);

impl fmt::Display for DefinitionErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "- {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DefinitionErrors {}

fn valid_id(id: &str, allow_dash: bool) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (allow_dash && c == '-')
        })
        && id.len() <= 64
}

fn valid_option_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The kinds of question the completeness rule counts.
const SIGNIFIER_KINDS: [&str; 5] = [
    "slider",
    "scale",
    "single_choice",
    "multiple_choice",
    "triad",
];

/// The languages a definition is written in: the ones it names, first its fallback; else Dutch
/// and English.
pub fn languages(raw: &RawDefinition, errors: &mut Vec<DefinitionError>) -> Vec<LanguageCode> {
    let Some(named) = &raw.languages else {
        return vec![LanguageCode::from(Lang::Nl), LanguageCode::from(Lang::En)];
    };
    let mut out: Vec<LanguageCode> = Vec::new();
    for code in named {
        match LanguageCode::parse(code).filter(|l| l.as_str() == code) {
            None => errors.push(DefinitionError::InvalidLanguage { code: code.clone() }),
            Some(l) if out.contains(&l) => {
                errors.push(DefinitionError::DuplicateLanguage { code: code.clone() })
            }
            Some(l) => out.push(l),
        }
    }
    if named.is_empty() {
        errors.push(DefinitionError::NoLanguages);
    }
    out
}

/// Every text of a definition: its title and the questions' texts, poles, corners and options.
fn texts(raw: &RawDefinition) -> impl Iterator<Item = &Text> {
    std::iter::once(&raw.title).chain(raw.questions.iter().flat_map(|q| {
        std::iter::once(&q.text)
            .chain(q.left.iter())
            .chain(q.right.iter())
            .chain(q.corners.iter().flatten())
            .chain(q.options.iter().flatten().map(|o| &o.label))
    }))
}

/// A definition that names no languages but has not one text in Dutch (or English) is written
/// in the other languages only: one error that says how to declare that, instead of one per text.
fn written_in_others_only(
    raw: &RawDefinition,
    langs: &[LanguageCode],
    errors: &mut Vec<DefinitionError>,
) {
    for lang in langs {
        if texts(raw).any(|t| !t.in_language(lang).trim().is_empty()) {
            continue;
        }
        let mut written: Vec<LanguageCode> = Vec::new();
        for t in texts(raw) {
            let present = [&t.nl, &t.en]
                .into_iter()
                .zip([Lang::Nl, Lang::En])
                .filter(|(s, _)| !s.trim().is_empty())
                .map(|(_, l)| LanguageCode::from(l))
                .chain(
                    t.other
                        .iter()
                        .filter(|(_, s)| !s.trim().is_empty())
                        .map(|(c, _)| c.clone()),
                );
            for code in present {
                if !written.contains(&code) {
                    written.push(code);
                }
            }
        }
        if written.is_empty() {
            continue;
        }
        errors.retain(|e| e.language() != Some(lang));
        errors.insert(
            0,
            DefinitionError::NotWrittenIn {
                lang: lang.clone(),
                written,
            },
        );
    }
}

/// A checked question with Dutch and English filled in every text, from the first language
/// the questionnaire is written in that has it.
fn completed(mut q: Question, langs: &[LanguageCode]) -> Question {
    let fill = |t: &mut Text| *t = t.completed(langs);
    fill(&mut q.text);
    q.help.iter_mut().for_each(fill);
    q.short.iter_mut().for_each(fill);
    match &mut q.kind {
        QuestionKind::Slider { left, right, .. } => {
            fill(left);
            fill(right);
        }
        QuestionKind::Triad { corners, .. } => corners.iter_mut().for_each(fill),
        QuestionKind::Scale { options, .. }
        | QuestionKind::SingleChoice { options }
        | QuestionKind::MultipleChoice { options, .. } => {
            options.iter_mut().for_each(|o| fill(&mut o.label));
        }
        _ => {}
    }
    for (_, w) in &mut q.wording {
        for t in [&mut w.text, &mut w.help, &mut w.left, &mut w.right] {
            t.iter_mut().for_each(fill);
        }
        w.corners.iter_mut().flatten().for_each(fill);
        w.options.iter_mut().for_each(|(_, t)| fill(t));
    }
    q
}

/// Checks a definition on its own. A module is checked against its core with [`validate_module`].
pub fn validate(raw: &RawDefinition) -> Result<Questionnaire, DefinitionErrors> {
    let mut errors = Vec::new();
    if !valid_id(&raw.key, true) {
        errors.push(DefinitionError::InvalidKey {
            key: raw.key.clone(),
        });
    }
    let kind = match raw.kind.as_str() {
        "core" => DefinitionKind::Core,
        "module" => DefinitionKind::Module,
        other => {
            errors.push(DefinitionError::UnknownDefinitionKind {
                kind: other.to_string(),
            });
            DefinitionKind::Core
        }
    };
    match (kind, &raw.extends) {
        (DefinitionKind::Core, Some(_)) => errors.push(DefinitionError::CoreWithExtends),
        (DefinitionKind::Module, None) => errors.push(DefinitionError::ModuleWithoutExtends),
        _ => {}
    }
    let langs = languages(raw, &mut errors);
    for lang in raw.title.missing_in(&langs) {
        errors.push(DefinitionError::MissingTitle { lang });
    }
    if raw.questions.is_empty() {
        errors.push(DefinitionError::NoQuestions);
    }

    let mut seen = HashSet::new();
    let mut questions = Vec::with_capacity(raw.questions.len());
    for rq in &raw.questions {
        if !valid_id(&rq.id, false) {
            errors.push(DefinitionError::InvalidQuestionId { id: rq.id.clone() });
        }
        if !seen.insert(rq.id.as_str()) {
            errors.push(DefinitionError::DuplicateQuestionId { id: rq.id.clone() });
        }
        if let Some(q) = check_question(rq, &langs, &mut errors) {
            questions.push(q);
        }
    }

    let count = |code: &str| questions.iter().filter(|q| q.kind.code() == code).count();
    match kind {
        DefinitionKind::Core => {
            for code in ["role", "story"] {
                let found = count(code);
                if found != 1 {
                    errors.push(DefinitionError::CoreNeedsOne { kind: code, found });
                }
            }
        }
        DefinitionKind::Module => {
            for q in &questions {
                if matches!(q.kind, QuestionKind::Role | QuestionKind::Story) {
                    errors.push(DefinitionError::NotInModule {
                        question: q.id.clone(),
                        kind: q.kind.code().to_string(),
                    });
                }
            }
        }
    }

    let completeness = match (kind, &raw.completeness) {
        (DefinitionKind::Core, None) => {
            errors.push(DefinitionError::MissingCompleteness);
            None
        }
        (DefinitionKind::Module, Some(_)) => {
            errors.push(DefinitionError::CompletenessInModule);
            None
        }
        (DefinitionKind::Module, None) => None,
        (DefinitionKind::Core, Some(c)) => {
            // The rule must be satisfiable for every role.
            // Counted over the questions as written, so that a mistake in one question does
            // not also make the rule look unsatisfiable.
            let available = Role::ALL
                .iter()
                .map(|&r| {
                    raw.questions
                        .iter()
                        .filter(|q| SIGNIFIER_KINDS.contains(&q.kind.as_str()))
                        .filter(|q| {
                            let roles = q.roles.as_deref().unwrap_or_default();
                            roles.is_empty()
                                || roles.iter().any(|c| Role::from_code(c) == Some(r))
                                || roles.iter().all(|c| Role::from_code(c).is_none())
                        })
                        .count()
                })
                .min()
                .unwrap_or(0);
            if c.first_signifiers as usize > available {
                errors.push(DefinitionError::CompletenessTooManySignifiers {
                    first_signifiers: c.first_signifiers,
                    available,
                });
            }
            Some(CompletenessRule {
                min_words: c.min_words,
                first_signifiers: c.first_signifiers,
            })
        }
    };

    if raw.languages.is_none() {
        written_in_others_only(raw, &langs, &mut errors);
    }
    if errors.is_empty() {
        Ok(Questionnaire {
            key: raw.key.clone(),
            kind,
            extends: raw.extends.clone(),
            title: raw.title.completed(&langs),
            description: raw.description.as_ref().map(|d| d.completed(&langs)),
            languages: langs.clone(),
            completeness,
            questions: questions
                .into_iter()
                .map(|q| completed(q, &langs))
                .collect(),
        })
    } else {
        Err(DefinitionErrors(errors))
    }
}

/// Checks a module on its own and against the core it extends.
pub fn validate_module(
    core: &Questionnaire,
    raw: &RawDefinition,
) -> Result<Questionnaire, DefinitionErrors> {
    let mut errors = match validate(raw) {
        Ok(_) => Vec::new(),
        Err(DefinitionErrors(e)) => e,
    };
    if raw.kind == "module" {
        if let Some(extends) = &raw.extends {
            if extends != &core.key {
                errors.push(DefinitionError::ModuleExtendsOther {
                    module: raw.key.clone(),
                    extends: extends.clone(),
                    core: core.key.clone(),
                });
            }
        }
    }
    for q in &raw.questions {
        if core.question(&q.id).is_some() {
            errors.push(DefinitionError::ModuleRedefinesCoreId { id: q.id.clone() });
        }
    }
    if errors.is_empty() {
        validate(raw)
    } else {
        Err(DefinitionErrors(errors))
    }
}

fn check_question(
    rq: &RawQuestion,
    langs: &[LanguageCode],
    errors: &mut Vec<DefinitionError>,
) -> Option<Question> {
    let qid = rq.id.clone();
    for lang in rq.text.missing_in(langs) {
        errors.push(DefinitionError::MissingText {
            question: qid.clone(),
            lang,
        });
    }
    let mut roles = Vec::new();
    for code in rq.roles.iter().flatten() {
        match Role::from_code(code) {
            Some(r) => roles.push(r),
            None => errors.push(DefinitionError::UnknownRole {
                question: qid.clone(),
                role: code.clone(),
            }),
        }
    }

    // Which optional fields each kind may use.
    let allowed: &[&str] = match rq.kind.as_str() {
        "role" | "story" | "story_title" | "region" => &[],
        "slider" => &["left", "right", "not_applicable"],
        "scale" => &["options", "not_applicable"],
        "single_choice" => &["options"],
        "multiple_choice" => &["options", "max_picks"],
        "triad" => &["corners", "not_applicable"],
        "free_text" => &["max_length"],
        other => {
            errors.push(DefinitionError::UnknownQuestionKind {
                question: qid,
                kind: other.to_string(),
            });
            return None;
        }
    };
    let present = [
        ("left", rq.left.is_some()),
        ("right", rq.right.is_some()),
        ("not_applicable", rq.not_applicable.is_some()),
        ("options", rq.options.is_some()),
        ("max_picks", rq.max_picks.is_some()),
        ("corners", rq.corners.is_some()),
        ("max_length", rq.max_length.is_some()),
    ];
    for (field, is_present) in present {
        if is_present && !allowed.contains(&field) {
            errors.push(DefinitionError::FieldNotAllowed {
                question: qid.clone(),
                field,
                kind: rq.kind.clone(),
            });
        }
    }

    let before = errors.len();
    let not_applicable = rq.not_applicable.unwrap_or(false);
    let kind = match rq.kind.as_str() {
        "role" => QuestionKind::Role,
        "story" => QuestionKind::Story,
        "story_title" => QuestionKind::StoryTitle,
        "region" => QuestionKind::Region,
        "slider" => {
            let missing = match (&rq.left, &rq.right) {
                (None, None) => Some("left and right are"),
                (None, _) => Some("left is"),
                (_, None) => Some("right is"),
                _ => None,
            };
            if let Some(missing) = missing {
                errors.push(DefinitionError::SliderMissingPole {
                    question: qid.clone(),
                    missing,
                });
            }
            for (name, pole) in [("left", &rq.left), ("right", &rq.right)] {
                for lang in pole.iter().flat_map(|p| p.missing_in(langs)) {
                    errors.push(DefinitionError::MissingPoleText {
                        question: qid.clone(),
                        pole: name,
                        lang,
                    });
                }
            }
            QuestionKind::Slider {
                left: rq.left.clone().unwrap_or_default(),
                right: rq.right.clone().unwrap_or_default(),
                not_applicable,
            }
        }
        "scale" => {
            let options = check_options(&qid, rq.options.as_deref(), langs, errors);
            if options.len() < 2 {
                errors.push(DefinitionError::ScaleTooFewOptions {
                    question: qid.clone(),
                    found: options.len(),
                });
            }
            QuestionKind::Scale {
                options,
                not_applicable,
            }
        }
        "single_choice" | "multiple_choice" => {
            let options = check_options(&qid, rq.options.as_deref(), langs, errors);
            // A multiple choice of one option is a tick box ("tick if …"), as SenseMaker has.
            let needed = if rq.kind == "single_choice" { 2 } else { 1 };
            if options.len() < needed {
                errors.push(DefinitionError::ChoiceTooFewOptions {
                    question: qid.clone(),
                    found: options.len(),
                    needed,
                });
            }
            if rq.kind == "single_choice" {
                QuestionKind::SingleChoice { options }
            } else {
                let max_picks = rq.max_picks.unwrap_or(options.len() as u32);
                if max_picks == 0 || max_picks as usize > options.len() {
                    errors.push(DefinitionError::MaxPicksOutOfRange {
                        question: qid.clone(),
                        max_picks,
                        options: options.len(),
                    });
                }
                QuestionKind::MultipleChoice { options, max_picks }
            }
        }
        "triad" => {
            let corners = rq.corners.clone().unwrap_or_default();
            if corners.len() != 3 {
                errors.push(DefinitionError::TriadCorners {
                    question: qid.clone(),
                    found: corners.len(),
                });
            }
            for (i, corner) in corners.iter().enumerate() {
                for lang in corner.missing_in(langs) {
                    errors.push(DefinitionError::MissingCornerLabel {
                        question: qid.clone(),
                        corner: i + 1,
                        lang,
                    });
                }
            }
            let mut it = corners
                .into_iter()
                .chain(std::iter::repeat(Text::default()));
            QuestionKind::Triad {
                corners: [
                    it.next().unwrap_or_default(),
                    it.next().unwrap_or_default(),
                    it.next().unwrap_or_default(),
                ],
                not_applicable,
            }
        }
        "free_text" => {
            let max_length = rq.max_length.unwrap_or(DEFAULT_FREE_TEXT_MAX);
            if max_length == 0 {
                errors.push(DefinitionError::FreeTextMaxLength {
                    question: qid.clone(),
                });
            }
            QuestionKind::FreeText { max_length }
        }
        _ => unreachable!("unknown kinds returned above"),
    };
    let wording = check_wording(rq, &roles, &kind, langs, errors);
    if errors.len() != before {
        return None;
    }
    Some(Question {
        id: rq.id.clone(),
        text: rq.text.clone(),
        help: rq.help.clone(),
        short: rq.short.clone(),
        required: rq.required,
        roles,
        kind,
        wording,
    })
}

/// A question's wordings per role: each for a known role that sees the question, with only
/// the fields its kind has, every text in both languages, all three corners, known options.
fn check_wording(
    rq: &RawQuestion,
    roles: &[Role],
    kind: &QuestionKind,
    langs: &[LanguageCode],
    errors: &mut Vec<DefinitionError>,
) -> Vec<(Role, Wording)> {
    let mut out = Vec::new();
    for (code, raw) in rq.wording.iter().flatten() {
        let question = rq.id.clone();
        let Some(role) = Role::from_code(code) else {
            errors.push(DefinitionError::WordingUnknownRole {
                question,
                role: code.clone(),
            });
            continue;
        };
        if !roles.is_empty() && !roles.contains(&role) {
            errors.push(DefinitionError::WordingRoleNotShown {
                question,
                role: code.clone(),
            });
            continue;
        }
        let (slider, triad, options) = match kind {
            QuestionKind::Slider { .. } => (true, false, None),
            QuestionKind::Triad { .. } => (false, true, None),
            QuestionKind::Scale { options, .. }
            | QuestionKind::SingleChoice { options }
            | QuestionKind::MultipleChoice { options, .. } => (false, false, Some(options)),
            _ => (false, false, None),
        };
        let not_allowed = |field: &'static str| DefinitionError::WordingFieldNotAllowed {
            question: question.clone(),
            role: code.clone(),
            field,
            kind: rq.kind.clone(),
        };
        if matches!(kind, QuestionKind::Role) {
            errors.push(not_allowed("wording"));
            continue;
        }
        for (field, present, allowed) in [
            ("left", raw.left.is_some(), slider),
            ("right", raw.right.is_some(), slider),
            ("corners", raw.corners.is_some(), triad),
            ("options", raw.options.is_some(), options.is_some()),
        ] {
            if present && !allowed {
                errors.push(not_allowed(field));
            }
        }
        let mut texts: Vec<(String, &Text)> = Vec::new();
        for (field, text) in [
            ("text", &raw.text),
            ("help", &raw.help),
            ("left", &raw.left),
            ("right", &raw.right),
        ] {
            if let Some(t) = text {
                texts.push((field.to_string(), t));
            }
        }
        for (i, c) in raw.corners.iter().flatten().enumerate() {
            texts.push((format!("corner {}", i + 1), c));
        }
        let labels: Vec<(String, Text)> = raw
            .options
            .iter()
            .flatten()
            .map(|o| (o.id.clone(), o.label()))
            .collect();
        for (id, label) in &labels {
            texts.push((format!("option {id}"), label));
        }
        for (field, text) in texts {
            for lang in text.missing_in(langs) {
                errors.push(DefinitionError::WordingMissingText {
                    question: question.clone(),
                    role: code.clone(),
                    field: field.clone(),
                    lang,
                });
            }
        }
        if let Some(known) = options {
            for (id, _) in &labels {
                if !known.iter().any(|o| o.id == *id) {
                    errors.push(DefinitionError::WordingUnknownOption {
                        question: question.clone(),
                        role: code.clone(),
                        option: id.clone(),
                    });
                }
            }
        }
        let corners = match raw.corners.as_deref() {
            Some([a, b, c]) => Some([a.clone(), b.clone(), c.clone()]),
            Some(other) => {
                errors.push(DefinitionError::WordingCorners {
                    question: question.clone(),
                    role: code.clone(),
                    found: other.len(),
                });
                None
            }
            None => None,
        };
        out.push((
            role,
            Wording {
                text: raw.text.clone(),
                help: raw.help.clone(),
                left: raw.left.clone(),
                right: raw.right.clone(),
                corners,
                options: labels,
            },
        ));
    }
    out
}

fn check_options(
    question: &str,
    raw: Option<&[RawOption]>,
    langs: &[LanguageCode],
    errors: &mut Vec<DefinitionError>,
) -> Vec<ChoiceOption> {
    let mut seen = HashSet::new();
    let mut options = Vec::new();
    for o in raw.unwrap_or_default() {
        if !valid_option_id(&o.id) {
            errors.push(DefinitionError::InvalidOptionId {
                question: question.to_string(),
                option: o.id.clone(),
            });
        }
        if !seen.insert(o.id.as_str()) {
            errors.push(DefinitionError::DuplicateOptionId {
                question: question.to_string(),
                option: o.id.clone(),
            });
        }
        for lang in o.label.missing_in(langs) {
            errors.push(DefinitionError::MissingOptionLabel {
                question: question.to_string(),
                option: o.id.clone(),
                lang,
            });
        }
        options.push(ChoiceOption {
            id: o.id.clone(),
            label: o.label(),
        });
    }
    options
}
