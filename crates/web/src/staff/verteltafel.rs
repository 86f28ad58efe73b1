//! The verteltafel: a signed-in facilitator enters stories told at a live story table. They go
//! through the same form and checks as the public Vertelpunt, and are stored with channel
//! "verteltafel", source "verteltafel" and the facilitator as the one who entered them.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;
use vertelpunt_model::Role;

use crate::public::vertelpunt::check::Problems;
use crate::public::vertelpunt::landing::point_context;
use crate::public::vertelpunt::point_or_page;
use crate::public::vertelpunt::story::{self, FormPage, Mode};
use crate::public::vertelpunt::submit::process;
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::field;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

pub async fn index(
    state: web::Data<AppState>,
    StaffPage { lang, session, .. }: StaffPage<can::EnterStories>,
) -> Result<HttpResponse, PageError> {
    let scope = session.user.scope();
    let points = pages::stored(&state, lang, move |conn| {
        crate::support::scope::visible_points(conn, &scope)
    })
    .await?;
    let now = vertelpunt_store::now();
    let open: Vec<(String, String)> = points
        .into_iter()
        .filter(|p| p.is_open(now))
        .map(|p| (p.slug, p.name))
        .collect();
    let mut context = Context::new();
    context.insert("points", &open);
    let context = staff_context(&state, &session, lang, context);
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "verteltafel/index.html",
        lang,
        context,
    ))
}

pub async fn point(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    StaffPage {
        query,
        lang: asked,
        session,
        ..
    }: StaffPage<can::EnterStories>,
) -> Result<HttpResponse, PageError> {
    let ctx = visible_point(&state, &slug, asked, &session).await?;
    let lang = ctx.pick_lang(asked);
    let mode = Mode::Verteltafel {
        user_id: session.user.id.clone(),
        email: session.user.email.clone(),
        csrf: session.csrf_token.clone(),
        regions: session.user.scope().regions().cloned(),
    };
    if let Some(role) = query.get(field::ROLE).and_then(Role::from_code) {
        return Ok(story::render_form(
            &state,
            FormPage {
                ctx: &ctx,
                mode: &mode,
                role,
                lang,
                form: &query,
                problems: Problems::default(),
                story_id: story::new_story_id(),
                identifying: Vec::new(),
                status: StatusCode::OK,
            },
        ));
    }
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|role| {
            (
                format!(
                    "/verteltafel/{}?lang={}&rol={}",
                    ctx.point.slug,
                    lang.code(),
                    role.code()
                ),
                role.label().get(lang).to_string(),
            )
        })
        .collect();
    let mut context = point_context(&ctx, lang);
    context.insert("switch_base", "");
    context.insert("roles", &roles);
    let context = staff_context(&state, &session, lang, context);
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "verteltafel/point.html",
        lang,
        context,
    ))
}

pub async fn submit(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    StaffForm {
        form,
        lang: asked,
        session,
        ..
    }: StaffForm<can::EnterStories>,
) -> Result<HttpResponse, PageError> {
    let ctx = visible_point(&state, &slug, asked, &session).await?;
    let mode = Mode::Verteltafel {
        user_id: session.user.id.clone(),
        email: session.user.email.clone(),
        csrf: session.csrf_token.clone(),
        regions: session.user.scope().regions().cloned(),
    };
    process(&state, &ctx, &mode, &form, true).await
}

/// The collection point of the URL, if the facilitator sees it (a project-limited account
/// enters stories at its projects' Vertelpunten only); otherwise the page to show instead.
async fn visible_point(
    state: &AppState,
    slug: &str,
    asked: vertelpunt_model::Lang,
    session: &vertelpunt_store::sessions::StaffSession,
) -> Result<std::sync::Arc<crate::support::catalog::PointContext>, PageError> {
    let ctx = point_or_page(state, slug, asked).await?;
    if !crate::support::scope::sees_point(&session.user.scope(), &ctx.point) {
        return Err(PageError::not_found(state, asked));
    }
    Ok(ctx)
}
