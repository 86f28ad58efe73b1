//! The story form shared by the public Vertelpunt and the verteltafel: showing it (new, or again
//! with everything the teller sent and the problems next to their fields) and storing a story
//! that passed every check.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use vertelpunt_model::identifying::IdentifyingKind;
use vertelpunt_model::{Lang, Role};
use vertelpunt_store::channels;
use vertelpunt_store::stories::{NewStory, StorySource};

use super::check::{CheckedStory, Problems};
use super::landing::point_context;
use super::{receipt, view};
use crate::support::catalog::PointContext;
use crate::support::forms::{field, RawForm};
use crate::support::pages;
use crate::support::state::AppState;
use crate::support::token::unix_now;
use crate::support::writer::Stored;

/// Where a form is shown and sent.
#[derive(Debug, Clone)]
pub enum Mode {
    /// The public form at `/v/{slug}/vertel`.
    Public,
    /// A facilitator entering a story told at a verteltafel.
    Verteltafel {
        user_id: String,
        email: String,
        csrf: String,
        /// The jeugdregio's a region-limited facilitator may enter stories for (`None`: any).
        regions: Option<std::collections::BTreeSet<String>>,
    },
}

impl Mode {
    /// The regions a story entered in this mode may belong to; `None`: any.
    pub fn regions(&self) -> Option<&std::collections::BTreeSet<String>> {
        match self {
            Mode::Public => None,
            Mode::Verteltafel { regions, .. } => regions.as_ref(),
        }
    }

    fn action(&self, slug: &str) -> String {
        match self {
            Mode::Public => format!("/v/{slug}/vertel"),
            Mode::Verteltafel { .. } => format!("/verteltafel/{slug}/vertel"),
        }
    }
}

/// One showing of the story form.
pub struct FormPage<'a> {
    pub ctx: &'a PointContext,
    pub mode: &'a Mode,
    pub role: Role,
    pub lang: Lang,
    pub form: &'a RawForm,
    pub problems: Problems,
    pub story_id: String,
    pub identifying: Vec<IdentifyingKind>,
    pub status: StatusCode,
}

/// A new story id and the token that proves the form came from here.
pub fn new_story_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The token subject of a story form.
pub fn token_subject(slug: &str, story_id: &str) -> String {
    format!("{slug}:{story_id}")
}

/// Renders the form page.
pub fn render_form(state: &AppState, page: FormPage<'_>) -> HttpResponse {
    let slug = &page.ctx.point.slug;
    let token = state
        .tokens
        .sign("story", &token_subject(slug, &page.story_id), unix_now());
    let identifying = (!page.identifying.is_empty())
        .then(|| identifying_notice(state, page.lang, &page.identifying));
    let form_view = view::build(
        view::FormInput {
            ctx: page.ctx,
            role: page.role,
            lang: page.lang,
            form: page.form,
            problems: &page.problems,
            action: page.mode.action(slug),
            story_id: page.story_id.clone(),
            token,
            identifying,
            csrf: match page.mode {
                Mode::Public => None,
                Mode::Verteltafel { csrf, .. } => Some(csrf.clone()),
            },
            regions: page.mode.regions(),
            open: page.ctx.point.is_open(vertelpunt_store::now()),
        },
        &state.locales,
    );
    let mut context = point_context(page.ctx, page.lang);
    context.insert("form", &form_view);
    context.insert(
        "you_are",
        &state.locales.format(
            page.lang,
            "vertelpunt.form.you_are",
            &[("role", page.role.label().get(page.lang).to_string())],
        ),
    );
    match page.mode {
        Mode::Public => {
            let mut switch = format!("/v/{slug}/vertel?rol={}&", page.role.code());
            let bron = page.form.trimmed(field::CHANNEL);
            if !bron.is_empty() {
                switch.push_str("bron=");
                switch.extend(form_urlencoded::byte_serialize(bron.as_bytes()));
                switch.push('&');
            }
            context.insert("switch_base", &switch);
            // The header's language buttons send the form, so switching keeps what was typed.
            context.insert("switch_form", "verhaalformulier");
            context.insert("verteltafel", &false);
        }
        Mode::Verteltafel { email, .. } => {
            context.insert("switch_base", "");
            context.insert("verteltafel", &true);
            context.insert(
                "logged_in_as",
                &state
                    .locales
                    .format(page.lang, "staff.logged_in_as", &[("email", email.clone())]),
            );
        }
    }
    pages::page(
        state,
        page.status,
        "vertelpunt/form.html",
        page.lang,
        context,
    )
}

/// "… lijkt op een e-mailadres en een telefoonnummer".
pub fn identifying_notice(state: &AppState, lang: Lang, kinds: &[IdentifyingKind]) -> String {
    let names: Vec<&str> = kinds
        .iter()
        .map(|k| {
            state
                .locales
                .text(lang, &format!("vertelpunt.form.kind_{}", k.code()))
        })
        .collect();
    let list = match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} {} {last}",
            rest.join(", "),
            state.locales.text(lang, "vertelpunt.form.and")
        ),
    };
    state
        .locales
        .format(lang, "vertelpunt.form.identifying_body", &[("kinds", list)])
}

/// The outcome of storing a checked story.
pub enum Saved {
    /// Committed; the receipt code to show.
    Receipt(String),
    /// This form had already been stored.
    Duplicate,
    Failed(vertelpunt_store::StoreError),
}

/// Stores a checked story through the writer and waits for the commit.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    state: &AppState,
    ctx: &PointContext,
    mode: &Mode,
    role: Role,
    lang: Lang,
    form: &RawForm,
    story_id: String,
    checked: CheckedStory,
) -> Saved {
    let origin = match mode {
        Mode::Public => Origin {
            source: StorySource::Vertelpunt,
            channel_code: public_channel(ctx, form.trimmed(field::CHANNEL)),
            entered_by: None,
        },
        Mode::Verteltafel { user_id, .. } => Origin {
            source: StorySource::Verteltafel,
            channel_code: channels::VERTELTAFEL.to_string(),
            entered_by: Some(user_id.clone()),
        },
    };
    save_checked(state, ctx, role, lang, story_id, checked, origin).await
}

/// Where a story came from.
pub struct Origin {
    pub source: StorySource,
    pub channel_code: String,
    /// The staff member who entered or sent it.
    pub entered_by: Option<String>,
}

/// The channel of a campaign code sent by the public: a known channel, except the verteltafel
/// (only staff use it); anything else is "onbekend", never an error.
pub fn public_channel(ctx: &PointContext, bron: &str) -> String {
    let bron = bron.trim().to_lowercase();
    if ctx.channels.contains_key(&bron) && bron != channels::VERTELTAFEL {
        bron
    } else {
        channels::UNKNOWN.to_string()
    }
}

/// Stores a checked story with a new receipt and waits for the commit.
pub async fn save_checked(
    state: &AppState,
    ctx: &PointContext,
    role: Role,
    lang: Lang,
    story_id: String,
    checked: CheckedStory,
    origin: Origin,
) -> Saved {
    let code = receipt::new_code();
    let story = NewStory {
        id: story_id,
        collection_point_id: ctx.point.id.clone(),
        questionnaire_version_id: ctx.core_version_id.clone(),
        channel_id: ctx.channels.get(&origin.channel_code).cloned(),
        role,
        language: lang.into(),
        title: checked.title,
        body: checked.body,
        word_count: checked.word_count,
        region_code: checked.region_code,
        complete: checked.complete,
        synthetic: false,
        source: origin.source,
        flagged: !checked.identifying.is_empty(),
        receipt_hash: Some(receipt::hash(&code)),
        entered_by: origin.entered_by,
        submitted_at: vertelpunt_store::now(),
        answers: checked.answers,
    };
    match state.writer.store(story).await {
        Stored::Saved => Saved::Receipt(code),
        Stored::Duplicate => Saved::Duplicate,
        Stored::Failed(e) => Saved::Failed(e),
    }
}
