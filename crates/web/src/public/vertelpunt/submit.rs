//! `GET /v/{slug}/vertel?rol=…`: the story form for a role; `POST /v/{slug}/vertel`: a story
//! sent. Every refusal shows the whole form again, filled in as sent, with the message next to
//! its field; the thank-you page only comes after the story is committed.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use tera::Context;
use vertelpunt_model::{Lang, Role};

use super::check::{self, Problems};
use super::landing::point_context;
use super::story::{self, FormPage, Mode, Saved};
use super::{point_or_page, STORY_FORM_MAX_AGE};
use crate::support::catalog::PointContext;
use crate::support::client::client_addr;
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::lang_param;
use crate::support::pages;
use crate::support::state::AppState;
use crate::support::token::unix_now;
use crate::support::token::TokenError;

pub async fn show_form(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let asked = lang_param(query.get(field::LANG));
    let ctx = match point_or_page(&state, &slug, asked).await {
        Ok(ctx) => ctx,
        Err(page) => return Err(page),
    };
    let lang = ctx.pick_lang(asked);
    if !ctx.point.is_open(vertelpunt_store::now()) {
        return Ok(super::landing::closed_page(
            &state,
            &ctx,
            lang,
            StatusCode::OK,
        ));
    }
    let Some(role) = query.get(field::ROLE).and_then(Role::from_code) else {
        return Ok(see_other(&format!(
            "/v/{}?lang={}",
            ctx.point.slug,
            lang.code()
        )));
    };
    Ok(story::render_form(
        &state,
        FormPage {
            ctx: &ctx,
            mode: &Mode::Public,
            role,
            lang,
            form: &query,
            problems: Problems::default(),
            story_id: story::new_story_id(),
            identifying: Vec::new(),
            status: StatusCode::OK,
        },
    ))
}

pub async fn submit(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = RawForm::parse(&body);
    let asked = lang_param(form.get(field::LANG));
    let ctx = match point_or_page(&state, &slug, asked).await {
        Ok(ctx) => ctx,
        Err(page) => return Err(page),
    };
    let client = client_addr(&req, state.options.trust_forwarded_for);
    let allowed = state.limiter.allow(client);
    process(&state, &ctx, &Mode::Public, &form, allowed).await
}

/// The whole submission pipeline, for the public form and the verteltafel alike.
pub async fn process(
    state: &AppState,
    ctx: &PointContext,
    mode: &Mode,
    form: &RawForm,
    allowed: bool,
) -> Result<HttpResponse, PageError> {
    let mut lang = ctx.pick_lang(lang_param(form.get(field::LANG)));
    let Some(role) = form.get(field::ROLE).and_then(Role::from_code) else {
        return Ok(see_other(&format!(
            "/v/{}?lang={}",
            ctx.point.slug,
            lang.code()
        )));
    };
    // More fields than the questionnaire can have: not a story form. A short page, never the
    // form again with a message per unknown field.
    if form.len() > ctx.max_form_fields(role) {
        return Ok(pages::error_page(
            state,
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            "vertelpunt.errors.too_many_fields_title",
            "vertelpunt.errors.too_many_fields_body",
        ));
    }
    let valid_id = form
        .get(field::STORY_ID)
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
        .map(|id| id.to_string());
    let again = |problems: Problems, story_id: String, lang: Lang, status: StatusCode| {
        story::render_form(
            state,
            FormPage {
                ctx,
                mode,
                role,
                lang,
                form,
                problems,
                story_id,
                identifying: Vec::new(),
                status,
            },
        )
    };
    let general = |key: &str, lang: Lang| {
        let mut p = Problems::default();
        p.add("", state.locales.text(lang, key).to_string());
        p
    };

    // The language switch inside the form: the same form, nothing checked, nothing lost.
    if let Some(switch) = form.get(field::SWITCH_LANG).and_then(Lang::parse) {
        lang = ctx.pick_lang(switch);
        let id = valid_id.unwrap_or_else(story::new_story_id);
        return Ok(again(Problems::default(), id, lang, StatusCode::OK));
    }
    let Some(story_id) = valid_id else {
        return Ok(again(
            general("vertelpunt.errors.token_invalid", lang),
            story::new_story_id(),
            lang,
            StatusCode::BAD_REQUEST,
        ));
    };
    if !allowed {
        let mut response = again(
            general("vertelpunt.errors.rate_limited", lang),
            story_id,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
        );
        let retry = state.limiter.retry_after().as_secs().to_string();
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&retry) {
            response
                .headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, value);
        }
        return Ok(response);
    }
    if !ctx.point.is_open(vertelpunt_store::now()) {
        return Ok(again(
            general("vertelpunt.errors.closed", lang),
            story_id,
            lang,
            StatusCode::FORBIDDEN,
        ));
    }
    let token_check = state.tokens.verify(
        form.get(field::TOKEN).unwrap_or(""),
        "story",
        &story::token_subject(&ctx.point.slug, &story_id),
        unix_now(),
        STORY_FORM_MAX_AGE,
    );
    match token_check {
        Ok(()) => {}
        Err(TokenError::Expired) => {
            return Ok(again(
                general("vertelpunt.errors.token_expired", lang),
                story_id,
                lang,
                StatusCode::BAD_REQUEST,
            ))
        }
        Err(TokenError::Invalid) => {
            return Ok(again(
                general("vertelpunt.errors.token_invalid", lang),
                story::new_story_id(),
                lang,
                StatusCode::BAD_REQUEST,
            ))
        }
    }
    if !form.trimmed(field::HONEYPOT).is_empty() {
        return Ok(again(
            general("vertelpunt.errors.honeypot", lang),
            story_id,
            lang,
            StatusCode::BAD_REQUEST,
        ));
    }
    let checked = match check::check(ctx, role, form, &state.locales, lang, mode.regions()) {
        Ok(checked) => checked,
        Err(problems) => {
            return Ok(again(
                problems,
                story_id,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    };
    if !checked.identifying.is_empty() && !form.ticked(field::CONFIRM_DETAILS) {
        return Ok(story::render_form(
            state,
            FormPage {
                ctx,
                mode,
                role,
                lang,
                form,
                problems: Problems::default(),
                story_id,
                identifying: checked.identifying,
                status: StatusCode::OK,
            },
        ));
    }
    let flagged = !checked.identifying.is_empty();
    Ok(
        match story::save(
            state,
            ctx,
            mode,
            role,
            lang,
            form,
            story_id.clone(),
            checked,
        )
        .await
        {
            Saved::Receipt(code) => thanks(state, ctx, mode, role, lang, form, &code, flagged),
            Saved::Duplicate => {
                let mut context = point_context(ctx, lang);
                context.insert("again_href", &again_href(ctx, mode, role, lang, form));
                pages::page(
                    state,
                    StatusCode::OK,
                    "vertelpunt/duplicate.html",
                    lang,
                    context,
                )
            }
            Saved::Failed(e) => {
                tracing::error!("story not stored: {e}");
                again(
                    general("common.unavailable_body", lang),
                    story_id,
                    lang,
                    StatusCode::SERVICE_UNAVAILABLE,
                )
            }
        },
    )
}

#[allow(clippy::too_many_arguments)]
fn thanks(
    state: &AppState,
    ctx: &PointContext,
    mode: &Mode,
    role: Role,
    lang: Lang,
    form: &RawForm,
    code: &str,
    flagged: bool,
) -> HttpResponse {
    let mut context: Context = point_context(ctx, lang);
    context.insert("receipt", code);
    context.insert("flagged", &flagged);
    context.insert("again_href", &again_href(ctx, mode, role, lang, form));
    context.insert(
        "withdraw_href",
        &format!("/v/{}/intrekken?lang={}", ctx.point.slug, lang.code()),
    );
    context.insert("verteltafel", &matches!(mode, Mode::Verteltafel { .. }));
    pages::page(
        state,
        StatusCode::OK,
        "vertelpunt/thanks.html",
        lang,
        context,
    )
}

fn again_href(ctx: &PointContext, mode: &Mode, role: Role, lang: Lang, form: &RawForm) -> String {
    match mode {
        Mode::Public => {
            let mut href = format!("/v/{}?lang={}", ctx.point.slug, lang.code());
            let bron = form.trimmed(field::CHANNEL);
            if !bron.is_empty() {
                href.push_str("&bron=");
                href.push_str(
                    &form_urlencoded::byte_serialize(bron.as_bytes()).collect::<String>(),
                );
            }
            href
        }
        Mode::Verteltafel { .. } => format!(
            "/verteltafel/{}?lang={}&rol={}",
            ctx.point.slug,
            lang.code(),
            role.code()
        ),
    }
}
