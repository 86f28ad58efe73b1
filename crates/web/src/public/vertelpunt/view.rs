//! What the story form template shows: every question of the teller's role with the values
//! from the (possibly rejected) form, its problem if it has one, and the texts in the teller's
//! language. Building this from the submitted form is what makes a rejected form come back
//! exactly as it was sent.

use serde::Serialize;
use vertelpunt_model::{regions, Lang, Question, QuestionKind, Role};

use super::check::{question_anchor, Problems, STORY_ANCHOR, TITLE_ANCHOR};
use crate::support::catalog::PointContext;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::Locales;

#[derive(Debug, Serialize)]
pub struct OptionView {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Debug, Serialize)]
pub struct QuestionView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub kind: &'static str,
    pub text: String,
    pub help: Option<String>,
    /// The language of its texts when not the page's (`lang` of the question text and help).
    pub lang: Option<String>,
    pub required: bool,
    pub not_applicable_allowed: bool,
    pub not_applicable: bool,
    /// As typed: slider number, chosen option, free text or region code.
    pub value: String,
    pub options: Vec<OptionView>,
    pub max_picks: u32,
    pub left: String,
    pub right: String,
    /// Slider words for screen readers, near-left … near-right, placeholders filled in.
    pub words: Vec<String>,
    pub corners: Vec<String>,
    pub shares: Vec<String>,
    pub max_length: u32,
    pub error: Option<String>,
}

/// Everything the form template needs besides the page basics.
#[derive(Debug, Serialize)]
pub struct FormView {
    pub action: String,
    pub slug: String,
    pub role: &'static str,
    pub role_label: String,
    pub bron: String,
    pub story_id: String,
    pub token: String,
    pub story_prompt: String,
    /// The language of the story prompt when not the page's.
    pub story_lang: Option<String>,
    pub story_help: Option<String>,
    pub story: String,
    pub story_error: Option<String>,
    pub title_label: Option<String>,
    pub title: String,
    pub title_error: Option<String>,
    pub questions: Vec<QuestionView>,
    /// `(anchor, message)` for the summary at the top.
    pub problems: Vec<(String, String)>,
    /// Problems of the whole form (no field of their own).
    pub general: Vec<String>,
    /// The identifying-details notice ("… lijkt op een e-mailadres en een telefoonnummer").
    pub identifying: Option<String>,
    pub honeypot: String,
    pub languages: Vec<&'static str>,
    pub steps: usize,
    /// "15 vragen over je ervaring": the heading above the questions, with their number.
    pub questions_heading: String,
    /// Words from which a story counts as complete (0: no such rule), and the sentence that
    /// says so kindly; the step script counts down to it while the teller types.
    pub min_words: u32,
    pub complete_hint: Option<String>,
    /// The step script's messages: words still to go (one, other), enough words, and the
    /// checks it makes before moving on from the story.
    pub words_to_go: (String, String),
    pub words_enough: String,
    pub story_missing: String,
    pub story_too_long: String,
    /// The facilitator's CSRF token in verteltafel mode.
    pub csrf: Option<String>,
    pub open: bool,
}

pub struct FormInput<'a> {
    pub ctx: &'a PointContext,
    pub role: Role,
    pub lang: Lang,
    pub form: &'a RawForm,
    pub problems: &'a Problems,
    pub action: String,
    pub story_id: String,
    pub token: String,
    pub identifying: Option<String>,
    pub csrf: Option<String>,
    pub open: bool,
    /// The regions the region question offers (a region-limited facilitator's); `None`: all.
    pub regions: Option<&'a std::collections::BTreeSet<String>>,
}

pub fn build(input: FormInput<'_>, locales: &Locales) -> FormView {
    let FormInput {
        ctx,
        role,
        lang,
        form,
        problems,
        ..
    } = input;
    let story_q = ctx.story_question().map(|q| q.worded_for(role));
    let story_q = story_q.as_ref();
    let min_words = ctx.core.completeness.map_or(0, |rule| rule.min_words);
    let text = |key: &str| locales.text(lang, key).to_string();
    let min_args = [("min", min_words.to_string())];
    let questions: Vec<QuestionView> = ctx
        .questions_for(role)
        .into_iter()
        .map(|(version, q)| {
            let q = q.worded_for(role);
            let mut view = question_view(&q, lang, form, problems, locales, input.regions);
            view.lang = ctx.text_language(version, lang);
            view
        })
        .collect();
    FormView {
        action: input.action,
        slug: ctx.point.slug.clone(),
        role: role.code(),
        role_label: role.label().get(lang).to_string(),
        bron: form.trimmed(field::CHANNEL).to_string(),
        story_id: input.story_id,
        token: input.token,
        story_lang: ctx.text_language(&ctx.core_version_id, lang),
        story_prompt: story_q
            .map(|q| q.text.get(lang).to_string())
            .unwrap_or_default(),
        story_help: story_q
            .and_then(|q| q.help.as_ref())
            .map(|h| h.get(lang).to_string()),
        story: form.get(field::STORY).unwrap_or("").to_string(),
        story_error: problems.at(STORY_ANCHOR).map(String::from),
        title_label: ctx.title_question().map(|q| q.text.get(lang).to_string()),
        title: form.get(field::TITLE).unwrap_or("").to_string(),
        title_error: problems.at(TITLE_ANCHOR).map(String::from),
        steps: questions.len() + 1,
        questions_heading: locales.count(
            lang,
            "vertelpunt.form.questions_heading",
            questions.len(),
            &[],
        ),
        min_words,
        complete_hint: (min_words > 0)
            .then(|| locales.format(lang, "vertelpunt.form.complete_hint", &min_args)),
        words_to_go: (
            locales.format(lang, "vertelpunt.form.words_to_go.one", &min_args),
            locales.format(lang, "vertelpunt.form.words_to_go.other", &min_args),
        ),
        words_enough: text("vertelpunt.form.words_enough"),
        story_missing: text("vertelpunt.errors.story_missing"),
        story_too_long: text("vertelpunt.errors.story_too_long_short"),
        questions,
        problems: problems
            .list
            .iter()
            .filter(|(a, _)| !a.is_empty())
            .cloned()
            .collect(),
        general: problems
            .list
            .iter()
            .filter(|(a, _)| a.is_empty())
            .map(|(_, m)| m.clone())
            .collect(),
        identifying: input.identifying,
        honeypot: form.get(field::HONEYPOT).unwrap_or("").to_string(),
        languages: ctx.languages().into_iter().map(Lang::code).collect(),
        csrf: input.csrf,
        open: input.open,
    }
}

fn question_view(
    q: &Question,
    lang: Lang,
    form: &RawForm,
    problems: &Problems,
    locales: &Locales,
    allowed_regions: Option<&std::collections::BTreeSet<String>>,
) -> QuestionView {
    let name = format!("{}{}", field::QUESTION_PREFIX, q.id);
    let value = form.get(&name).unwrap_or("").to_string();
    let picked = form.all(&name);
    let anchor = question_anchor(&q.id);
    let options = |opts: &[vertelpunt_model::ChoiceOption]| -> Vec<OptionView> {
        opts.iter()
            .map(|o| OptionView {
                id: o.id.clone(),
                label: o.label.get(lang).to_string(),
                checked: picked.contains(&o.id.as_str()),
            })
            .collect()
    };
    let mut view = QuestionView {
        id: q.id.clone(),
        error: problems.at(&anchor).map(String::from),
        anchor,
        kind: q.kind.code(),
        text: q.text.get(lang).to_string(),
        help: q.help.as_ref().map(|h| h.get(lang).to_string()),
        lang: None,
        required: q.required,
        not_applicable_allowed: false,
        not_applicable: form.ticked(&format!("{name}.nvt")) || value == "nvt",
        value,
        options: Vec::new(),
        max_picks: 0,
        left: String::new(),
        right: String::new(),
        words: Vec::new(),
        corners: Vec::new(),
        shares: ["a", "b", "c"]
            .iter()
            .map(|c| form.get(&format!("{name}.{c}")).unwrap_or("").to_string())
            .collect(),
        max_length: 0,
        name,
    };
    match &q.kind {
        QuestionKind::Slider {
            left,
            right,
            not_applicable,
        } => {
            view.left = left.get(lang).to_string();
            view.right = right.get(lang).to_string();
            view.not_applicable_allowed = *not_applicable;
            let poles = [("left", view.left.clone()), ("right", view.right.clone())];
            view.words = [
                "vertelpunt.form.slider_near_left",
                "vertelpunt.form.slider_towards_left",
                "vertelpunt.form.slider_middle",
                "vertelpunt.form.slider_towards_right",
                "vertelpunt.form.slider_near_right",
            ]
            .iter()
            .map(|k| locales.format(lang, k, &poles))
            .collect();
        }
        QuestionKind::Scale {
            options: opts,
            not_applicable,
        } => {
            view.options = options(opts);
            view.not_applicable_allowed = *not_applicable;
        }
        QuestionKind::SingleChoice { options: opts } => view.options = options(opts),
        QuestionKind::MultipleChoice {
            options: opts,
            max_picks,
        } => {
            view.options = options(opts);
            view.max_picks = *max_picks;
        }
        QuestionKind::Triad {
            corners,
            not_applicable,
        } => {
            view.corners = corners.iter().map(|c| c.get(lang).to_string()).collect();
            view.not_applicable_allowed = *not_applicable;
        }
        QuestionKind::FreeText { max_length } => view.max_length = *max_length,
        QuestionKind::Region => {
            view.options = regions::jeugdregios()
                .iter()
                .filter(|r| allowed_regions.is_none_or(|allowed| allowed.contains(&r.code)))
                .map(|r| OptionView {
                    id: r.code.to_string(),
                    label: r.name.to_string(),
                    checked: view.value == r.code,
                })
                .collect();
        }
        QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle => {}
    }
    view
}
