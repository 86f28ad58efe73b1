//! `/doe-mee`: a participant joins a session on their own phone, without an account: the
//! session's code (typed, or in the link of the QR code), then their table and perspective and,
//! if they like, a first name. They get a cookie for that session only.
//!
//! Wrong codes are counted per client and limited; a right code never is (a whole school may
//! share one address). A session that does not accept joining says so.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use tera::Context;
use vertelpunt_facilitation::join as codes;
use vertelpunt_facilitation::session::{Perspective, SessionStatus};
use vertelpunt_model::Lang;
use vertelpunt_store::sense_making::{self, SessionRow, TableRow};

use super::access::participant_cookie;
use crate::support::client::{client_addr, is_https};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::lang_param;
use crate::support::pages;
use crate::support::state::AppState;
use crate::support::token::unix_now;

const CODE: &str = "code";
const TABLE: &str = "tafel";
const PERSPECTIVE: &str = "perspectief";
const FIRST_NAME: &str = "voornaam";
/// A join form is valid for a day.
const FORM_MAX_AGE: i64 = 24 * 3600;
/// The longest first name, in characters.
const MAX_NAME: usize = 40;

pub async fn code_page_get(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = lang_param(query.get(field::LANG));
    Ok(code_page(
        &state,
        lang,
        query.trimmed(CODE),
        None,
        StatusCode::OK,
    ))
}

fn code_page(
    state: &AppState,
    lang: Lang,
    typed: &str,
    problem: Option<&str>,
    status: StatusCode,
) -> HttpResponse {
    let mut context = Context::new();
    context.insert("typed", typed);
    context.insert("problem", &problem.map(|k| state.locales.text(lang, k)));
    context.insert("switch_base", "/doe-mee?");
    context.insert("languages", &["nl", "en"]);
    pages::page(state, status, "sessions/code.html", lang, context)
}

/// Why a code does not lead to a join form.
enum Refused {
    /// Too many wrong codes from this client.
    Limited,
    Unknown,
    NotJoining,
}

/// The session a code names, if it accepts participants now; wrong codes count against the
/// client's allowance.
async fn session_of(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    typed: &str,
) -> Result<(SessionRow, Vec<TableRow>), Result<Refused, PageError>> {
    let client = client_addr(req, state.options.trust_forwarded_for);
    if !state.join_limiter.has_allowance(client) {
        return Err(Ok(Refused::Limited));
    }
    let found = match codes::normalize(typed) {
        None => None,
        Some(code) => pages::stored(state, lang, move |conn| {
            match sense_making::by_code(conn, &code)? {
                Some(s) => {
                    let tables = sense_making::tables(conn, &s.id)?;
                    Ok(Some((s, tables)))
                }
                None => Ok(None),
            }
        })
        .await
        .map_err(Err)?,
    };
    let Some((session, tables)) = found else {
        state.join_limiter.allow(client);
        return Err(Ok(Refused::Unknown));
    };
    let joining = session.joining_open
        && SessionStatus::parse(&session.status).is_some_and(SessionStatus::accepts_joining);
    if !joining {
        return Err(Ok(Refused::NotJoining));
    }
    Ok((session, tables))
}

fn refused_page(state: &AppState, lang: Lang, typed: &str, why: Refused) -> HttpResponse {
    match why {
        Refused::Limited => {
            let mut response = code_page(
                state,
                lang,
                typed,
                Some("sessions.code_limited"),
                StatusCode::TOO_MANY_REQUESTS,
            );
            let retry = state.join_limiter.retry_after().as_secs().to_string();
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&retry) {
                response
                    .headers_mut()
                    .insert(actix_web::http::header::RETRY_AFTER, value);
            }
            response
        }
        Refused::Unknown => code_page(
            state,
            lang,
            typed,
            Some("sessions.code_unknown"),
            StatusCode::NOT_FOUND,
        ),
        Refused::NotJoining => code_page(
            state,
            lang,
            typed,
            Some("sessions.code_not_joining"),
            StatusCode::FORBIDDEN,
        ),
    }
}

pub async fn enter_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = RawForm::parse(&body);
    let lang = lang_param(form.get(field::LANG));
    let typed = form.trimmed(CODE).to_string();
    Ok(match session_of(&state, &req, lang, &typed).await {
        Ok((session, _)) => see_other(&format!(
            "/doe-mee/{}?lang={}",
            session.join_code,
            lang.code()
        )),
        Err(Ok(why)) => refused_page(&state, lang, &typed, why),
        Err(Err(page)) => return Err(page),
    })
}

pub async fn join_form(
    state: web::Data<AppState>,
    code: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = lang_param(query.get(field::LANG));
    Ok(match session_of(&state, &req, lang, &code).await {
        Ok((session, tables)) => join_page(
            &state,
            lang,
            &session,
            &tables,
            &query,
            None,
            StatusCode::OK,
        ),
        Err(Ok(why)) => refused_page(&state, lang, &code, why),
        Err(Err(page)) => return Err(page),
    })
}

fn join_page(
    state: &AppState,
    lang: Lang,
    session: &SessionRow,
    tables: &[TableRow],
    form: &RawForm,
    problem: Option<&str>,
    status: StatusCode,
) -> HttpResponse {
    let mut context = Context::new();
    context.insert("title", &session.title);
    context.insert("goal", &session.goal);
    context.insert("code", &session.join_code);
    context.insert(
        "tables",
        &tables
            .iter()
            .map(|t| (t.id.clone(), t.name.clone(), form.trimmed(TABLE) == t.id))
            .collect::<Vec<_>>(),
    );
    context.insert(
        "perspectives",
        &Perspective::ALL
            .iter()
            .map(|p| {
                (
                    p.code(),
                    state
                        .locales
                        .text(lang, &format!("sessions.perspective_{}", p.code()))
                        .to_string(),
                    form.trimmed(PERSPECTIVE) == p.code(),
                )
            })
            .collect::<Vec<_>>(),
    );
    context.insert("first_name", form.trimmed(FIRST_NAME));
    context.insert("problem", &problem.map(|k| state.locales.text(lang, k)));
    context.insert("token", &state.tokens.sign("join", &session.id, unix_now()));
    context.insert("switch_base", &format!("/doe-mee/{}?", session.join_code));
    context.insert("languages", &["nl", "en"]);
    pages::page(state, status, "sessions/join.html", lang, context)
}

pub async fn join_session(
    state: web::Data<AppState>,
    code: web::Path<String>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = RawForm::parse(&body);
    let lang = lang_param(form.get(field::LANG));
    let (session, tables) = match session_of(&state, &req, lang, &code).await {
        Ok(found) => found,
        Err(Ok(why)) => return Ok(refused_page(&state, lang, &code, why)),
        Err(Err(page)) => return Err(page),
    };
    let again =
        |key: &str, status| join_page(&state, lang, &session, &tables, &form, Some(key), status);
    if state
        .tokens
        .verify(
            form.trimmed(field::TOKEN),
            "join",
            &session.id,
            unix_now(),
            FORM_MAX_AGE,
        )
        .is_err()
    {
        return Ok(again("sessions.form_expired", StatusCode::BAD_REQUEST));
    }
    let Some(table) = tables.iter().find(|t| t.id == form.trimmed(TABLE)) else {
        return Ok(again(
            "sessions.choose_table",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let Some(perspective) = Perspective::parse(form.trimmed(PERSPECTIVE)) else {
        return Ok(again(
            "sessions.choose_perspective",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let first_name = form.trimmed(FIRST_NAME).to_string();
    if first_name.chars().count() > MAX_NAME {
        return Ok(again(
            "sessions.name_too_long",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let (sid, tid) = (session.id.clone(), table.id.clone());
    let joined = pages::stored(&state, lang, move |conn| {
        let name = Some(first_name.as_str()).filter(|n| !n.is_empty());
        sense_making::join(conn, &sid, Some(&tid), perspective.code(), name)
    })
    .await?;
    state.session_hub.wake();
    let cookie = participant_cookie(
        &session.id,
        &joined.token,
        is_https(&req, state.options.trust_forwarded_for),
    );
    Ok(HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((
            "Location",
            format!(
                "/sessie/{}/tafel/{}?lang={}",
                session.id,
                table.id,
                lang.code()
            ),
        ))
        .finish())
}
