//! `/beheer/accounts`: admins manage the staff accounts. They make an account (with a
//! temporary password shown once, to be passed on in person and changed on `/account`), give
//! an account another role, lift a lock-out, set a new temporary password (which ends the
//! account's sessions), and deactivate or reactivate an account. Accounts are deactivated,
//! never deleted, so stories entered at a verteltafel and themes given stay attributed. An admin
//! cannot change their own role or deactivate themselves, so there is always an admin left.
//! An account can be limited to one or more jeugdregio's and to one or more projects
//! ([`users::Scope`]); only admins who are not limited themselves manage accounts, so nobody
//! can widen their own reach.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_model::Lang;
use vertelpunt_store::sessions::{self, StaffSession};
use vertelpunt_store::users::{self, User, UserRole};
use vertelpunt_store::{projects, StoreError};

use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// Form fields.
const EMAIL: &str = "email";
const ROLE: &str = "rol";
const ACTION: &str = "actie";
const DONE: &str = "klaar";
const WHO: &str = "wie";
/// Region codes, comma-separated (empty: every region).
const REGIONS: &str = "regios";
/// Project ids, one field per ticked project (none: every project).
const PROJECTS: &str = "projecten";

const ROLES: [UserRole; 3] = [UserRole::Analyst, UserRole::Facilitator, UserRole::Admin];

/// An account as the page shows it.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    email: String,
    role: String,
    status: String,
    locked: bool,
    deactivated: bool,
    me: bool,
    /// The codes it is limited to, as in the form ("JR13, JR27"); empty: every region.
    regions: String,
    /// The same as the page says it ("Alleen JR13 Groningen, …"), or nothing.
    regions_text: Option<String>,
    /// The ids of the projects it is limited to (none: every project).
    projects: Vec<String>,
    /// The same as the page says it ("Alleen project Vertelpunt Twente."), or nothing.
    projects_text: Option<String>,
}

/// What the page says above the list.
#[derive(Default)]
struct Notice {
    done: Option<String>,
    /// A temporary password, shown this once: (e-mail address, password).
    password: Option<(String, String)>,
    /// A refused create form: the message and what was filled in (e-mail, role, regions).
    error: Option<(String, String, String, String)>,
    /// The projects ticked on a refused create form.
    projects: Vec<String>,
}

impl Notice {
    /// What was done (`accounts.{done}`) and the temporary password it gave `email`.
    fn password(state: &AppState, lang: Lang, done: &str, email: String, password: String) -> Self {
        Notice {
            done: Some(state.locales.format(
                lang,
                &format!("accounts.{done}"),
                &[("email", email.clone())],
            )),
            password: Some((email, password)),
            ..Notice::default()
        }
    }
}

fn role_label(state: &AppState, lang: Lang, role: &str) -> String {
    state
        .locales
        .text(lang, &format!("account.role_{role}"))
        .to_string()
}

async fn page(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    notice: Notice,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let (accounts, projects) = pages::stored(state, lang, |conn| {
        Ok((users::list(conn)?, projects::list(conn)?))
    })
    .await?;
    let project_name = |id: &String| {
        projects
            .iter()
            .find(|p| &p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.clone())
    };
    let now = vertelpunt_store::now();
    let rows: Vec<Row> = accounts
        .iter()
        .map(|u| {
            let locked = u.locked_until.is_some_and(|t| t > now);
            let status = if let Some(at) = u.deactivated_at {
                state.locales.format(
                    lang,
                    "accounts.status_deactivated",
                    &[("when", at.format("%Y-%m-%d").to_string())],
                )
            } else if let Some(until) = u.locked_until.filter(|_| locked) {
                state.locales.format(
                    lang,
                    "accounts.status_locked",
                    &[("until", until.format("%H:%M").to_string())],
                )
            } else {
                state
                    .locales
                    .text(lang, "accounts.status_active")
                    .to_string()
            };
            let scope = u.scope();
            Row {
                id: u.id.clone(),
                email: u.email.clone(),
                role: u.role.clone(),
                status,
                locked,
                deactivated: u.deactivated_at.is_some(),
                me: u.id == session.user.id,
                regions: scope.regions().map(codes_text).unwrap_or_default(),
                regions_text: scope.regions().map(|codes| {
                    state.locales.format(
                        lang,
                        "accounts.regions_only",
                        &[("regions", names_text(codes))],
                    )
                }),
                projects: scope
                    .projects()
                    .map(|ids| ids.iter().cloned().collect())
                    .unwrap_or_default(),
                projects_text: scope.projects().map(|ids| {
                    let names: Vec<String> = ids.iter().map(project_name).collect();
                    state.locales.format(
                        lang,
                        "accounts.projects_only",
                        &[("projects", names.join(", "))],
                    )
                }),
            }
        })
        .collect();
    let roles: Vec<(&str, String)> = ROLES
        .iter()
        .map(|r| (r.code(), role_label(state, lang, r.code())))
        .collect();
    let mut context = staff_context(state, session, lang, Context::new());
    context.insert("accounts", &rows);
    context.insert("roles", &roles);
    context.insert("done", &notice.done);
    if let Some((email, password)) = &notice.password {
        context.insert(
            "password_for",
            &state
                .locales
                .format(lang, "accounts.password_for", &[("email", email.clone())]),
        );
        context.insert("password", password);
    }
    let (error, email, role, regions) = notice.error.unwrap_or_default();
    context.insert("error", &Some(error).filter(|e| !e.is_empty()));
    context.insert("new_email", &email);
    context.insert("new_role", &role);
    context.insert("new_regions", &regions);
    let known: Vec<(&str, &str)> = vertelpunt_model::regions::jeugdregios()
        .iter()
        .filter(|r| r.active)
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect();
    context.insert("known_regions", &known);
    // Projects are offered only where there is more than one to choose from.
    let offered: Vec<(String, String, bool)> = projects
        .iter()
        .map(|p| {
            (
                p.id.clone(),
                p.name.clone(),
                notice.projects.contains(&p.id),
            )
        })
        .collect();
    context.insert(
        "known_projects",
        &if offered.len() > 1 {
            offered
        } else {
            Vec::new()
        },
    );
    Ok(pages::page(
        state,
        status,
        "accounts/index.html",
        lang,
        context,
    ))
}

pub async fn index(
    state: web::Data<AppState>,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::ManageAccounts>,
) -> Result<HttpResponse, PageError> {
    let who = query.trimmed(WHO).to_string();
    let done = query.get(DONE).and_then(|code| {
        matches!(
            code,
            "rol" | "regios" | "ontgrendeld" | "gedeactiveerd" | "geactiveerd"
        )
        .then(|| {
            state
                .locales
                .format(lang, &format!("accounts.done_{code}"), &[("email", who)])
        })
    });
    let notice = Notice {
        done,
        ..Notice::default()
    };
    page(&state, &session, lang, notice, StatusCode::OK).await
}

/// Makes an account with a temporary password, shown once.
pub async fn create(
    state: web::Data<AppState>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::ManageAccounts>,
) -> Result<HttpResponse, PageError> {
    let email = form.trimmed(EMAIL).to_string();
    let role_code = form.trimmed(ROLE).to_string();
    let regions = form.trimmed(REGIONS).to_string();
    let ticked: Vec<String> = form.all(PROJECTS).into_iter().map(String::from).collect();
    let refuse_with = |message: String| Notice {
        error: Some((message, email.clone(), role_code.clone(), regions.clone())),
        projects: ticked.clone(),
        ..Notice::default()
    };
    let refuse = |key: &str| {
        refuse_with(
            state
                .locales
                .text(lang, &format!("accounts.{key}"))
                .to_string(),
        )
    };
    let Some(role) = UserRole::parse(&role_code) else {
        let notice = refuse("error_role");
        return page(&state, &session, lang, notice, StatusCode::BAD_REQUEST).await;
    };
    let Ok(normalised) = users::normalise_email(&email) else {
        let notice = refuse("error_email");
        return page(&state, &session, lang, notice, StatusCode::BAD_REQUEST).await;
    };
    let scope = match parse_scope(&state, lang, &regions, &ticked).await? {
        Ok(scope) => scope,
        Err(message) => {
            let notice = refuse_with(message);
            return page(&state, &session, lang, notice, StatusCode::BAD_REQUEST).await;
        }
    };
    let password = users::temporary_password();
    let store = state.store.clone();
    let given = password.clone();
    let made = web::block(move || -> Result<Option<User>, StoreError> {
        let mut conn = store.conn()?;
        if users::find_by_email(&mut conn, &normalised)?.is_some() {
            return Ok(None);
        }
        users::create(&mut conn, &normalised, role, &given, &scope).map(Some)
    })
    .await;
    Ok(match made {
        Ok(Ok(Some(user))) => {
            tracing::info!(account = %user.email, role = %role, by = %session.user.email, "staff account made");
            let notice = Notice::password(&state, lang, "done_made", user.email, password);
            page(&state, &session, lang, notice, StatusCode::OK).await?
        }
        Ok(Ok(None)) => {
            let notice = refuse("error_exists");
            page(&state, &session, lang, notice, StatusCode::BAD_REQUEST).await?
        }
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

/// What an admin does to one account.
enum Action {
    Role(UserRole),
    Regions(users::Scope),
    Unlock,
    Password,
    Deactivate,
    Reactivate,
}

/// Changes one account.
pub async fn change(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::ManageAccounts>,
) -> Result<HttpResponse, PageError> {
    let action = match form.trimmed(ACTION) {
        "rol" => match UserRole::parse(form.trimmed(ROLE)) {
            Some(role) => Action::Role(role),
            None => return refused(&state, &session, lang, "error_role").await,
        },
        "regios" => {
            let ticked: Vec<String> = form.all(PROJECTS).into_iter().map(String::from).collect();
            match parse_scope(&state, lang, form.trimmed(REGIONS), &ticked).await? {
                Ok(scope) => Action::Regions(scope),
                Err(message) => return refused_with(&state, &session, lang, message).await,
            }
        }
        "ontgrendelen" => Action::Unlock,
        "wachtwoord" => Action::Password,
        "deactiveren" => Action::Deactivate,
        "activeren" => Action::Reactivate,
        _ => return refused(&state, &session, lang, "error_action").await,
    };
    let id = id.into_inner();
    if id == session.user.id && matches!(action, Action::Role(_) | Action::Deactivate) {
        return refused(&state, &session, lang, "error_self").await;
    }
    let store = state.store.clone();
    let password = users::temporary_password();
    let given = password.clone();
    let done = web::block(move || -> Result<(User, &'static str), StoreError> {
        let mut conn = store.conn()?;
        let user = users::get(&mut conn, &id)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no user {id}")))?;
        let done = match action {
            Action::Role(role) => {
                users::set_role(&mut conn, &id, role)?;
                "rol"
            }
            Action::Regions(scope) => {
                users::set_scope(&mut conn, &id, &scope)?;
                // What the account may see changed: it signs in again.
                sessions::end_all(&mut conn, &id, None)?;
                "regios"
            }
            Action::Unlock => {
                users::unlock(&mut conn, &id)?;
                "ontgrendeld"
            }
            Action::Password => {
                users::set_password(&mut conn, &id, &given)?;
                sessions::end_all(&mut conn, &id, None)?;
                "wachtwoord"
            }
            Action::Deactivate => {
                users::deactivate(&mut conn, &id)?;
                "gedeactiveerd"
            }
            Action::Reactivate => {
                users::reactivate(&mut conn, &id)?;
                "geactiveerd"
            }
        };
        Ok((user, done))
    })
    .await;
    Ok(match done {
        Ok(Ok((user, "wachtwoord"))) => {
            tracing::info!(account = %user.email, by = %session.user.email, "staff password reset");
            let notice = Notice::password(&state, lang, "done_wachtwoord", user.email, password);
            page(&state, &session, lang, notice, StatusCode::OK).await?
        }
        Ok(Ok((user, done))) => {
            tracing::info!(account = %user.email, change = done, by = %session.user.email, "staff account changed");
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("lang", lang.code());
            query.append_pair(DONE, done);
            query.append_pair(WHO, &user.email);
            see_other(&format!("/beheer/accounts?{}", query.finish()))
        }
        Ok(Err(StoreError::NotFound(_))) => pages::not_found(&state, lang),
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

/// The page with a refusal of a change.
async fn refused(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    key: &str,
) -> Result<HttpResponse, PageError> {
    let message = state
        .locales
        .text(lang, &format!("accounts.{key}"))
        .to_string();
    refused_with(state, session, lang, message).await
}

/// The page with a refusal of a change, saying `message`.
async fn refused_with(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    message: String,
) -> Result<HttpResponse, PageError> {
    let notice = Notice {
        error: Some((message, String::new(), String::new(), String::new())),
        ..Notice::default()
    };
    page(state, session, lang, notice, StatusCode::BAD_REQUEST).await
}

/// The scope of the form: the regions typed ("JR13, jr27"; empty: every region) and the
/// projects ticked (none: every project), or what is wrong.
async fn parse_scope(
    state: &AppState,
    lang: Lang,
    typed: &str,
    ticked: &[String],
) -> Result<Result<users::Scope, String>, PageError> {
    let scope = match parse_regions(state, lang, typed) {
        Ok(scope) => scope,
        Err(message) => return Ok(Err(message)),
    };
    let known = pages::stored(state, lang, projects::list).await?;
    let mut ids = std::collections::BTreeSet::new();
    for id in ticked {
        if !known.iter().any(|p| &p.id == id) {
            let message = state
                .locales
                .text(lang, "accounts.error_project")
                .to_string();
            return Ok(Err(message));
        }
        ids.insert(id.clone());
    }
    Ok(Ok(scope.with_projects(ids)))
}

/// The regions typed in the form ("JR13, jr27"; empty: every region), or what is wrong.
fn parse_regions(state: &AppState, lang: Lang, typed: &str) -> Result<users::Scope, String> {
    let codes: Vec<&str> = typed
        .split([',', ' ', ';'])
        .filter(|c| !c.is_empty())
        .collect();
    users::scope_of_codes(&codes).map_err(|_| {
        let unknown = codes
            .iter()
            .find(|c| vertelpunt_model::regions::region(&c.to_uppercase()).is_none())
            // However long the typed text, the message names at most 20 characters of it.
            .map(|c| c.chars().take(20).collect::<String>())
            .unwrap_or_default();
        state
            .locales
            .format(lang, "accounts.error_region", &[("code", unknown)])
    })
}

/// Codes as the form shows them: "JR13, JR27".
fn codes_text(codes: &std::collections::BTreeSet<String>) -> String {
    codes.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// Codes with their names: "JR13 Groningen, JR27 Twente".
pub(crate) fn names_text(codes: &std::collections::BTreeSet<String>) -> String {
    codes
        .iter()
        .map(|c| match vertelpunt_model::regions::region(c) {
            Some(r) => format!("{c} {}", r.name),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
