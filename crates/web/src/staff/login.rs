//! `GET/POST /inloggen` and `POST /uitloggen`.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use tera::Context;
use vertelpunt_model::Lang;
use vertelpunt_store::sessions;
use vertelpunt_store::users::{self, SignIn};

use crate::support::auth::{csrf_ok, csrf_refused, current_session, BACK, COOKIE};
use crate::support::client::{client_addr, is_https};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::lang_param;
use crate::support::pages;
use crate::support::state::AppState;
use crate::support::token::unix_now;

/// A sign-in form is valid for an hour.
const MAX_AGE: i64 = 3600;

/// The pre-session cookie: a random value the sign-in form's token is bound to, so that a form
/// made for one browser cannot sign in another (login CSRF). Sent to `/inloggen` only.
pub const LOGIN_COOKIE: &str = "vp_inlog";

/// `where` if it is a page of this site (a path, never another host), for the redirect after
/// signing in; anything else is ignored, so the field cannot send staff elsewhere.
pub fn safe_return(target: &str) -> Option<&str> {
    let local = target.starts_with('/')
        && !target.starts_with("//")
        && !target.contains('\\')
        && !target.chars().any(char::is_control)
        && !target.starts_with("/inloggen")
        && !target.starts_with("/uitloggen");
    local.then_some(target)
}

pub async fn show_form(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = lang_param(query.get(field::LANG));
    let notice = query
        .ticked("uitgelogd")
        .then(|| state.locales.text(lang, "staff.logged_out"));
    let back = query.get(BACK).and_then(safe_return).unwrap_or("");
    let form = LoginForm {
        lang,
        email: "",
        back,
        browser: &browser_of(&req),
        secure: is_https(&req, state.options.trust_forwarded_for),
    };
    Ok(show(&state, &form, None, notice, StatusCode::OK))
}

/// The browser's pre-session value, or a new one (set by the page shown next).
fn browser_of(req: &HttpRequest) -> String {
    req.cookie(LOGIN_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string())
}

pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = RawForm::parse(&body);
    let lang = lang_param(form.get(field::LANG));
    let email = form.trimmed("email").to_string();
    let password = form.get("wachtwoord").unwrap_or("").to_string();
    let back = form.get(BACK).and_then(safe_return).map(String::from);
    let sent_browser = req.cookie(LOGIN_COOKIE).map(|c| c.value().to_string());
    let browser = browser_of(&req);
    let shown = LoginForm {
        lang,
        email: &email,
        back: back.as_deref().unwrap_or(""),
        browser: &browser,
        secure: is_https(&req, state.options.trust_forwarded_for),
    };
    let refuse = |message: String, status| show(&state, &shown, Some(message), None, status);
    if !state
        .login_limiter
        .allow(client_addr(&req, state.options.trust_forwarded_for))
    {
        let mut response = refuse(
            state.locales.text(lang, "staff.login_too_many").into(),
            StatusCode::TOO_MANY_REQUESTS,
        );
        let retry = state.login_limiter.retry_after().as_secs().to_string();
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&retry) {
            response
                .headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, value);
        }
        return Ok(response);
    }
    let token = form.get(field::TOKEN).unwrap_or("");
    let bound_to_this_browser = sent_browser.as_deref().is_some_and(|b| {
        state
            .tokens
            .verify(token, "login", b, unix_now(), MAX_AGE)
            .is_ok()
    });
    if !bound_to_this_browser {
        let key = if sent_browser.is_none() {
            "staff.login_no_cookie"
        } else {
            "staff.form_expired"
        };
        return Ok(refuse(
            state.locales.text(lang, key).into(),
            StatusCode::BAD_REQUEST,
        ));
    }
    if email.is_empty() || password.is_empty() {
        return Ok(refuse(
            state.locales.text(lang, "staff.login_missing").into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let store = state.store.clone();
    let attempt_email = email.clone();
    // Signing in ends the session this browser had, whoever it belonged to.
    let previous = req.cookie(COOKIE).map(|c| c.value().to_string());
    let unknown = state.unknown_accounts.clone();
    let outcome = web::block(move || -> Result<_, vertelpunt_store::StoreError> {
        let mut conn = store.conn()?;
        match users::sign_in(&mut conn, &attempt_email, &password)? {
            SignIn::Accepted(user) => {
                if let Some(token) = previous.filter(|t| !t.is_empty()) {
                    sessions::delete(&mut conn, &token)?;
                }
                Ok(Ok(sessions::create(&mut conn, &user)?))
            }
            // No account: answered exactly as an account would answer.
            SignIn::NoAccount => Ok(Err(unknown.fail(&attempt_email, vertelpunt_store::now()))),
            other => Ok(Err(other)),
        }
    })
    .await;
    Ok(match outcome {
        Ok(Ok(Ok(new))) => {
            let cookie = Cookie::build(COOKIE, new.cookie_token)
                .path("/")
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(is_https(&req, state.options.trust_forwarded_for))
                .max_age(CookieDuration::hours(sessions::SESSION_HOURS))
                .finish();
            // Back to the page that asked for a sign-in; otherwise the start page, with what
            // waits for this role.
            let location = back
                .clone()
                .unwrap_or_else(|| format!("/start?lang={}", lang.code()));
            HttpResponse::SeeOther()
                .cookie(cookie)
                .insert_header(("Location", location))
                .finish()
        }
        Ok(Ok(Err(SignIn::Locked { until }))) => refuse(
            state.locales.format(
                lang,
                "staff.login_locked",
                &[("time", until.format("%H:%M").to_string())],
            ),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Ok(Ok(Err(_))) => refuse(
            state.locales.text(lang, "staff.login_refused").into(),
            StatusCode::UNAUTHORIZED,
        ),
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = RawForm::parse(&body);
    let lang = lang_param(form.get(field::LANG));
    let Some(session) = current_session(&state, &req).await else {
        return Ok(see_other(&format!("/inloggen?lang={}", lang.code())));
    };
    if !csrf_ok(&session, form.get(field::CSRF)) {
        return Ok(csrf_refused(&state, lang));
    }
    if let Some(cookie) = req.cookie(COOKIE) {
        let store = state.store.clone();
        let token = cookie.value().to_string();
        let deleted = web::block(move || -> Result<(), vertelpunt_store::StoreError> {
            let mut conn = store.conn()?;
            sessions::delete(&mut conn, &token)
        })
        .await;
        if let Ok(Err(e)) = deleted {
            return Err(PageError::failure(&state, lang, &e));
        }
    }
    let mut gone = Cookie::build(COOKIE, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    gone.make_removal();
    Ok(HttpResponse::SeeOther()
        .cookie(gone)
        .insert_header((
            "Location",
            format!("/inloggen?lang={}&uitgelogd=1", lang.code()),
        ))
        .finish())
}

/// What the sign-in form is shown with.
struct LoginForm<'a> {
    lang: Lang,
    email: &'a str,
    back: &'a str,
    /// The pre-session value the form's token is bound to (set as [`LOGIN_COOKIE`]).
    browser: &'a str,
    secure: bool,
}

fn show(
    state: &AppState,
    form: &LoginForm,
    error: Option<String>,
    notice: Option<&str>,
    status: StatusCode,
) -> HttpResponse {
    let mut context = Context::new();
    context.insert("email", form.email);
    context.insert("back", form.back);
    context.insert("error", &error);
    context.insert("notice", &notice);
    context.insert(
        "token",
        &state.tokens.sign("login", form.browser, unix_now()),
    );
    let mut response = pages::page(state, status, "login/index.html", form.lang, context);
    let cookie = Cookie::build(LOGIN_COOKIE, form.browser.to_string())
        .path("/inloggen")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(form.secure)
        .max_age(CookieDuration::seconds(MAX_AGE))
        .finish();
    let _ = response.add_cookie(&cookie);
    response
}

#[cfg(test)]
mod tests {
    use super::safe_return;

    #[test]
    fn only_pages_of_this_site_are_returned_to() {
        assert_eq!(
            safe_return("/beoordelen?lang=en"),
            Some("/beoordelen?lang=en")
        );
        for outside in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "beoordelen",
            "/inloggen",
            "",
        ] {
            assert_eq!(safe_return(outside), None, "{outside}");
        }
    }
}
