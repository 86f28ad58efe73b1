//! `GET /v/{slug}`: who runs this Vertelpunt and why, the privacy promise, where to find urgent
//! help, and the three role buttons. A closed collection point says so kindly.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use tera::Context;
use vertelpunt_model::{Lang, Role};

use super::point_or_page;
use crate::support::catalog::PointContext;
use crate::support::error::PageError;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::lang_param;
use crate::support::pages;
use crate::support::state::AppState;

pub async fn landing(
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
        return Ok(closed_page(&state, &ctx, lang, StatusCode::OK));
    }
    let mut context = point_context(&ctx, lang);
    let bron = query.trimmed(field::CHANNEL);
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|role| {
            let mut href = format!(
                "/v/{}/vertel?rol={}&lang={}",
                ctx.point.slug,
                role.code(),
                lang.code()
            );
            if !bron.is_empty() {
                href.push_str("&bron=");
                href.push_str(
                    &form_urlencoded::byte_serialize(bron.as_bytes()).collect::<String>(),
                );
            }
            let key = format!("vertelpunt.landing.role_{}", role.code());
            (href, state.locales.text(lang, &key).to_string())
        })
        .collect();
    context.insert("roles", &roles);
    context.insert(
        "run_by",
        &state.locales.format(
            lang,
            "vertelpunt.landing.run_by",
            &[("name", ctx.project_name.clone())],
        ),
    );
    if !bron.is_empty() {
        let encoded: String = form_urlencoded::byte_serialize(bron.as_bytes()).collect();
        context.insert(
            "switch_base",
            &format!("/v/{}?bron={encoded}&", ctx.point.slug),
        );
    }
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "vertelpunt/landing.html",
        lang,
        context,
    ))
}

/// What every page of a collection point shows: its title, description and language links.
pub fn point_context(ctx: &PointContext, lang: Lang) -> Context {
    let mut context = Context::new();
    context.insert("slug", &ctx.point.slug);
    context.insert("title", ctx.core.title.get(lang));
    context.insert(
        "description",
        &ctx.core
            .description
            .as_ref()
            .map(|d| d.get(lang).to_string()),
    );
    let languages: Vec<&str> = ctx.languages().into_iter().map(Lang::code).collect();
    context.insert("languages", &languages);
    context.insert("switch_base", &format!("/v/{}?", ctx.point.slug));
    context
}

/// The kind "this Vertelpunt is closed" page.
pub fn closed_page(
    state: &AppState,
    ctx: &PointContext,
    lang: Lang,
    status: StatusCode,
) -> HttpResponse {
    let mut context = point_context(ctx, lang);
    let now = vertelpunt_store::now();
    let detail = match (ctx.point.opens_at, ctx.point.closes_at) {
        (Some(opens), _) if now < opens => Some(state.locales.format(
            lang,
            "vertelpunt.closed.not_yet_open",
            &[("date", opens.format("%d-%m-%Y").to_string())],
        )),
        (_, Some(closes)) if now >= closes => Some(state.locales.format(
            lang,
            "vertelpunt.closed.closed_since",
            &[("date", closes.format("%d-%m-%Y").to_string())],
        )),
        _ => None,
    };
    context.insert("detail", &detail);
    pages::page(state, status, "vertelpunt/closed.html", lang, context)
}

/// `GET /`: the open Vertelpunten of this server (each a link to its own page), the way into a
/// sense-making session, and the sign-in for staff. With one open Vertelpunt, its page is the
/// first link; with none, the page says so.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = lang_param(query.get(field::LANG));
    let points = match pages::stored(&state, lang, vertelpunt_store::collection_points::list).await
    {
        Ok(points) => points,
        Err(page) => return Err(page),
    };
    let now = vertelpunt_store::now();
    let open: Vec<(String, String)> = points
        .iter()
        .filter(|p| p.is_open(now))
        .map(|p| {
            (
                format!("/v/{}?lang={}", p.slug, lang.code()),
                p.name.clone(),
            )
        })
        .collect();
    let mut context = Context::new();
    context.insert("points", &open);
    context.insert("switch_base", "/?");
    context.insert("languages", &["nl", "en"]);
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "vertelpunt/home.html",
        lang,
        context,
    ))
}
