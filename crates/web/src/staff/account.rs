//! `/account`: a signed-in staff member changes their password (the current one is checked
//! with the same lock-out as sign-in, and every other session ends) and sees their live
//! sessions, with a button that ends all others (a forgotten computer). An operator resets a
//! forgotten password with `vertelpunt reset-password`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_model::Lang;
use vertelpunt_store::sessions::{self, StaffSession};
use vertelpunt_store::users::{self, SignIn, MIN_PASSWORD_CHARS};
use vertelpunt_store::StoreError;

use crate::support::auth::{staff_context, StaffForm, StaffPage, COOKIE};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// Form fields.
const CURRENT: &str = "huidig";
const NEW: &str = "nieuw";
const AGAIN: &str = "nieuw_nogmaals";

#[derive(Debug, Serialize)]
struct SessionRow {
    started: String,
    expires: String,
    current: bool,
}

/// What the page shows besides the sessions.
#[derive(Default)]
struct Notice {
    done: Option<String>,
    /// The problem with a password change, shown next to the form.
    error: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::UseStaffPages>,
) -> Result<HttpResponse, PageError> {
    let done = match query.get("klaar") {
        Some("wachtwoord") => Some(state.locales.text(lang, "account.password_changed")),
        Some("sessies") => Some(state.locales.text(lang, "account.sessions_ended")),
        _ => None,
    }
    .map(String::from);
    page(
        &state,
        &req,
        &session,
        lang,
        Notice { done, error: None },
        StatusCode::OK,
    )
    .await
}

pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::UseStaffPages>,
) -> Result<HttpResponse, PageError> {
    let current = form.get(CURRENT).unwrap_or("").to_string();
    let new = form.get(NEW).unwrap_or("").to_string();
    let refuse = |key: &str, args: &[(&str, String)]| Notice {
        done: None,
        error: Some(state.locales.format(lang, key, args)),
    };
    let problem = if current.is_empty() || new.is_empty() {
        Some(refuse("account.fill_in", &[]))
    } else if new != form.get(AGAIN).unwrap_or("") {
        Some(refuse("account.mismatch", &[]))
    } else if new.chars().count() < MIN_PASSWORD_CHARS {
        Some(refuse(
            "account.too_short",
            &[("min", MIN_PASSWORD_CHARS.to_string())],
        ))
    } else {
        None
    };
    if let Some(notice) = problem {
        return page(
            &state,
            &req,
            &session,
            lang,
            notice,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let store = state.store.clone();
    let email = session.user.email.clone();
    let user_id = session.user.id.clone();
    let keep = req.cookie(COOKIE).map(|c| c.value().to_string());
    let outcome = web::block(move || -> Result<SignIn, StoreError> {
        let mut conn = store.conn()?;
        // The current password is checked like a sign-in: wrong ones count toward the lock-out.
        let checked = users::sign_in(&mut conn, &email, &current)?;
        if matches!(checked, SignIn::Accepted(_)) {
            users::set_password(&mut conn, &user_id, &new)?;
            sessions::end_all(&mut conn, &user_id, keep.as_deref())?;
        }
        Ok(checked)
    })
    .await;
    Ok(match outcome {
        Ok(Ok(SignIn::Accepted(_))) => {
            tracing::info!("{} changed their password", session.user.email);
            see_other(&format!("/account?lang={}&klaar=wachtwoord", lang.code()))
        }
        Ok(Ok(refused)) => {
            let notice = match refused {
                SignIn::Locked { until } => refuse(
                    "staff.login_locked",
                    &[("time", until.format("%H:%M").to_string())],
                ),
                _ => refuse("account.wrong_current", &[]),
            };
            page(
                &state,
                &req,
                &session,
                lang,
                notice,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await?
        }
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

pub async fn end_other_sessions(
    state: web::Data<AppState>,
    req: HttpRequest,
    StaffForm {
        form: _,
        lang,
        session,
        ..
    }: StaffForm<can::UseStaffPages>,
) -> Result<HttpResponse, PageError> {
    let store = state.store.clone();
    let user_id = session.user.id.clone();
    let keep = req.cookie(COOKIE).map(|c| c.value().to_string());
    let ended = web::block(move || -> Result<usize, StoreError> {
        sessions::end_all(&mut *store.conn()?, &user_id, keep.as_deref())
    })
    .await;
    Ok(match ended {
        Ok(Ok(_)) => see_other(&format!("/account?lang={}&klaar=sessies", lang.code())),
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

async fn page(
    state: &AppState,
    req: &HttpRequest,
    session: &StaffSession,
    lang: Lang,
    notice: Notice,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let user_id = session.user.id.clone();
    let cookie = req
        .cookie(COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    let listed = pages::stored(state, lang, move |conn| {
        sessions::list_for(conn, &user_id, &cookie)
    })
    .await;
    let list = listed?;
    let rows: Vec<SessionRow> = list
        .into_iter()
        .map(|s| SessionRow {
            started: s.started_at.format("%Y-%m-%d %H:%M").to_string(),
            expires: s.expires_at.format("%Y-%m-%d %H:%M").to_string(),
            current: s.current,
        })
        .collect();
    let mut context = staff_context(state, session, lang, Context::new());
    context.insert("email", &session.user.email);
    context.insert(
        "role",
        state
            .locales
            .text(lang, &format!("account.role_{}", session.user.role)),
    );
    context.insert("others", &(rows.iter().filter(|r| !r.current).count()));
    context.insert("sessions", &rows);
    context.insert("done", &notice.done);
    context.insert("error", &notice.error);
    context.insert(
        "password_hint",
        &state.locales.format(
            lang,
            "account.password_hint",
            &[("min", MIN_PASSWORD_CHARS.to_string())],
        ),
    );
    Ok(pages::page(
        state,
        status,
        "account/index.html",
        lang,
        context,
    ))
}
