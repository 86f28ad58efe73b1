//! `/v/{slug}/intrekken`: a teller withdraws their story with the receipt code. The story's
//! text and answers are erased, so it leaves every analysis, card and export.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use vertelpunt_model::Lang;
use vertelpunt_store::stories::{self, Withdrawal};

use super::landing::point_context;
use super::{point_or_page, receipt};
use crate::support::catalog::PointContext;
use crate::support::client::client_addr;
use crate::support::error::PageError;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::lang_param;
use crate::support::pages;
use crate::support::state::AppState;
use crate::support::token::unix_now;

const CODE: &str = "code";
/// A withdrawal form is valid for a day.
const MAX_AGE: i64 = 24 * 3600;

pub async fn show_form(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let asked = lang_param(query.get(field::LANG));
    Ok(match point_or_page(&state, &slug, asked).await {
        Ok(ctx) => show(&state, &ctx, ctx.pick_lang(asked), "", None, StatusCode::OK),
        Err(page) => return Err(page),
    })
}

pub async fn withdraw(
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
    let lang = ctx.pick_lang(asked);
    let code = form.trimmed(CODE).to_string();
    let refuse = |key: &str, status| {
        show(
            &state,
            &ctx,
            lang,
            &code,
            Some(state.locales.text(lang, key)),
            status,
        )
    };
    if !state
        .limiter
        .allow(client_addr(&req, state.options.trust_forwarded_for))
    {
        return Ok(refuse(
            "vertelpunt.withdraw.rate_limited",
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let token = form.get(field::TOKEN).unwrap_or("");
    if state
        .tokens
        .verify(token, "withdraw", &ctx.point.slug, unix_now(), MAX_AGE)
        .is_err()
    {
        return Ok(refuse("staff.form_expired", StatusCode::BAD_REQUEST));
    }
    if receipt::normalise(&code).is_empty() {
        return Ok(refuse(
            "vertelpunt.withdraw.code_missing",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let store = state.store.clone();
    let point_id = ctx.point.id.clone();
    let hash = receipt::hash(&code);
    let outcome = web::block(
        move || -> Result<Withdrawal, vertelpunt_store::StoreError> {
            let mut conn = store.conn()?;
            stories::withdraw(&mut conn, &point_id, &hash)
        },
    )
    .await;
    Ok(match outcome {
        Ok(Ok(Withdrawal::Withdrawn)) => {
            let context = point_context(&ctx, lang);
            pages::page(
                &state,
                StatusCode::OK,
                "vertelpunt/withdrawn.html",
                lang,
                context,
            )
        }
        Ok(Ok(Withdrawal::AlreadyWithdrawn)) => {
            refuse("vertelpunt.withdraw.already", StatusCode::OK)
        }
        Ok(Ok(Withdrawal::NotFound)) => {
            refuse("vertelpunt.withdraw.code_unknown", StatusCode::NOT_FOUND)
        }
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

fn show(
    state: &AppState,
    ctx: &PointContext,
    lang: Lang,
    code: &str,
    error: Option<&str>,
    status: StatusCode,
) -> HttpResponse {
    let mut context = point_context(ctx, lang);
    context.insert("switch_base", &format!("/v/{}/intrekken?", ctx.point.slug));
    context.insert("code", code);
    context.insert("error", &error);
    context.insert(
        "token",
        &state.tokens.sign("withdraw", &ctx.point.slug, unix_now()),
    );
    pages::page(state, status, "vertelpunt/withdraw.html", lang, context)
}
