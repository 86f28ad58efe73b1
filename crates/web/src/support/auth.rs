//! Staff sign-in: argon2 password check with lock-out (in `vertelpunt_store::users`), a
//! session cookie (HttpOnly, SameSite=Strict, Secure behind TLS) holding a random token of
//! which only the hash is stored, and a per-session CSRF token every staff form carries.

use actix_web::{web, HttpRequest};
use vertelpunt_store::sessions::{self, StaffSession};
use vertelpunt_store::users::UserRole;

use crate::support::permissions::Action;
use crate::support::state::AppState;
use crate::support::token::constant_time_eq;

/// The session cookie.
pub const COOKIE: &str = "vp_sessie";

/// The form and query field holding where to go after signing in.
pub const BACK: &str = "terug";

/// The signed-in staff member of this request, if any.
pub async fn current_session(state: &AppState, req: &HttpRequest) -> Option<StaffSession> {
    let token = req.cookie(COOKIE)?.value().to_string();
    if token.is_empty() {
        return None;
    }
    let store = state.store.clone();
    web::block(move || -> Option<StaffSession> {
        let mut conn = store.conn().ok()?;
        sessions::find(&mut conn, &token).ok().flatten()
    })
    .await
    .ok()
    .flatten()
}

/// Whether a submitted CSRF token belongs to the session.
pub fn csrf_ok(session: &StaffSession, submitted: Option<&str>) -> bool {
    submitted.is_some_and(|t| constant_time_eq(t, &session.csrf_token))
}

/// The page for a staff form without the session's CSRF token (forged, or from an old session).
pub fn csrf_refused(state: &AppState, lang: vertelpunt_model::Lang) -> actix_web::HttpResponse {
    crate::support::pages::error_page(
        state,
        actix_web::http::StatusCode::FORBIDDEN,
        lang,
        "common.error_title",
        "staff.form_expired",
    )
}

/// The signed-in staff member if their role is one of `roles`; otherwise the response to give
/// instead: the sign-in page for visitors, "forbidden" for other roles.
async fn require_role(
    state: &AppState,
    req: &HttpRequest,
    lang: vertelpunt_model::Lang,
    roles: &[UserRole],
) -> Result<StaffSession, crate::support::error::PageError> {
    match current_session(state, req).await {
        None => {
            // A page asked for: come back to it after signing in.
            let mut location = format!("/inloggen?lang={}", lang.code());
            if req.method() == actix_web::http::Method::GET {
                let path = match req.query_string() {
                    "" => req.path().to_string(),
                    q => format!("{}?{q}", req.path()),
                };
                location.push_str(&format!("&{}=", BACK));
                location.extend(form_urlencoded::byte_serialize(path.as_bytes()));
            }
            Err(crate::support::forms::see_other(&location).into())
        }
        Some(s) if UserRole::parse(&s.user.role).is_some_and(|r| roles.contains(&r)) => Ok(s),
        Some(_) => Err(crate::support::pages::error_page(
            state,
            actix_web::http::StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "staff.forbidden",
        )
        .into()),
    }
}

/// The fields (or query) of a staff request, its language and the signed-in staff member; or the
/// response to give instead.
pub type StaffStart = Result<
    (
        crate::support::forms::RawForm,
        vertelpunt_model::Lang,
        StaffSession,
    ),
    crate::support::error::PageError,
>;

/// The start of every staff page: its query, the language, and the signed-in staff member with
/// one of `roles`; otherwise the response to give instead (sign in, or forbidden).
async fn staff_page(state: &AppState, req: &HttpRequest, roles: &[UserRole]) -> StaffStart {
    use crate::support::forms::{field, RawForm};
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = crate::support::i18n::lang_param(query.get(field::LANG));
    let session = require_role(state, req, lang, roles).await?;
    Ok((query, lang, session))
}

/// The signed-in staff member of a page that needs the permission `P`, as an extractor: a
/// handler that takes `signed_in: StaffPage<can::ReadStories>` runs only for staff who may; anyone
/// else gets what [`staff_page`] answers (the sign-in page, or "Geen toegang").
pub struct StaffPage<P> {
    /// The query string's fields.
    pub query: crate::support::forms::RawForm,
    pub lang: vertelpunt_model::Lang,
    pub session: StaffSession,
    permission: std::marker::PhantomData<P>,
}

impl<P: crate::support::permissions::Permission + 'static> actix_web::FromRequest for StaffPage<P> {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
                return Err(actix_web::error::ErrorInternalServerError(
                    "no application state",
                ));
            };
            let started = staff_page(&state, &req, P::ACTION.roles()).await;
            if let Ok((_, lang, session)) = &started {
                if let Some(refusal) = out_of_scope(&state, P::ACTION, *lang, session) {
                    return Err(crate::support::error::PageError::from(refusal).into());
                }
            }
            match started {
                Ok((query, lang, session)) => Ok(StaffPage {
                    query,
                    lang,
                    session,
                    permission: std::marker::PhantomData,
                }),
                Err(refusal) => Err(refusal.into()),
            }
        })
    }
}

/// A state-changing staff form that needs the permission `P`, as an extractor: the form's
/// fields, its language and the signed-in staff member whose CSRF token it carries; anyone
/// else gets what [`staff_form`] answers (the sign-in page, "Geen toegang", or the form is not
/// from this session).
pub struct StaffForm<P> {
    pub form: crate::support::forms::RawForm,
    pub lang: vertelpunt_model::Lang,
    pub session: StaffSession,
    permission: std::marker::PhantomData<P>,
}

impl<P: crate::support::permissions::Permission + 'static> actix_web::FromRequest for StaffForm<P> {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        // The body within the application's limit (a larger one gets the 413 page).
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let body = body.await?;
            let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
                return Err(actix_web::error::ErrorInternalServerError(
                    "no application state",
                ));
            };
            let started = staff_form(&state, &req, &body, P::ACTION.roles()).await;
            if let Ok((_, lang, session)) = &started {
                if let Some(refusal) = out_of_scope(&state, P::ACTION, *lang, session) {
                    return Err(crate::support::error::PageError::from(refusal).into());
                }
            }
            match started {
                Ok((form, lang, session)) => Ok(StaffForm {
                    form,
                    lang,
                    session,
                    permission: std::marker::PhantomData,
                }),
                Err(refusal) => Err(refusal.into()),
            }
        })
    }
}

/// The refusal for an account that may not do `action` by its scope: "forbidden" (saying why)
/// for a region-limited account where the action needs every region.
fn out_of_scope(
    state: &AppState,
    action: Action,
    lang: vertelpunt_model::Lang,
    session: &StaffSession,
) -> Option<actix_web::HttpResponse> {
    (!action.allows_user(&session.user)).then(|| {
        crate::support::pages::error_page(
            state,
            actix_web::http::StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "staff.forbidden_region",
        )
    })
}

/// The context every staff page starts from: who is signed in and the CSRF token.
pub fn staff_context(
    state: &AppState,
    session: &StaffSession,
    lang: vertelpunt_model::Lang,
    mut context: tera::Context,
) -> tera::Context {
    context.insert(
        "logged_in_as",
        &state.locales.format(
            lang,
            "staff.logged_in_as",
            &[("email", session.user.email.clone())],
        ),
    );
    context.insert("csrf", &session.csrf_token);
    let links: Vec<(&str, &str)> = MENU
        .iter()
        .filter(|(_, _, action)| action.allows_user(&session.user))
        .map(|(href, title, _)| (*href, state.locales.text(lang, title)))
        .collect();
    // The page being shown is marked in the menu: the link whose path is the longest start
    // of the request's path ("/kaarten/12" is under "Kaarten").
    let here = crate::support::security::current_path().unwrap_or_default();
    let current = links
        .iter()
        .map(|(href, _)| *href)
        .filter(|href| {
            here == *href
                || here
                    .strip_prefix(href)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|href| href.len());
    let links: Vec<(&str, &str, bool)> = links
        .into_iter()
        .map(|(href, label)| (href, label, Some(href) == current))
        .collect();
    context.insert("staff_links", &links);
    context
}

/// The staff menu, in order: each page, its title (a locale key) and the action one must be
/// allowed ([`Action`]) to see it there.
const MENU: [(&str, &str, Action); 13] = [
    ("/start", "start.title", Action::UseStaffPages),
    ("/overzicht", "dashboard.title", Action::ViewDashboard),
    ("/verteltafel", "verteltafel.title", Action::EnterStories),
    ("/verhalen", "reading.title", Action::ReadStories),
    ("/beoordelen", "review.title", Action::ReviewTexts),
    ("/patronen", "patterns.title", Action::RunEvaluations),
    ("/kaarten", "cards.title", Action::ReadCards),
    ("/sessies", "sessions.title", Action::ViewSessions),
    (
        "/voorstellen",
        "sessions.follow_up_title",
        Action::ViewSessions,
    ),
    ("/importeren", "import.title", Action::Import),
    ("/exporteren", "export.title", Action::Export),
    ("/beheer/accounts", "accounts.title", Action::ManageAccounts),
    ("/account", "account.title", Action::UseStaffPages),
];

/// The start of every state-changing staff form: the fields, the language, and the signed-in
/// staff member with one of `roles` whose CSRF token the form carries; otherwise the response
/// to give instead (sign in, forbidden, or the form is not from this session).
async fn staff_form(
    state: &AppState,
    req: &HttpRequest,
    body: &[u8],
    roles: &[UserRole],
) -> StaffStart {
    use crate::support::forms::{field, RawForm};
    let form = RawForm::parse(body);
    let lang = crate::support::i18n::lang_param(form.get(field::LANG));
    let session = require_role(state, req, lang, roles).await?;
    if !csrf_ok(&session, form.get(field::CSRF)) {
        return Err(csrf_refused(state, lang).into());
    }
    Ok((form, lang, session))
}
