//! `/voorstellen`: what became of every improvement proposal, across sessions and cycles, and the
//! owner's own follow-up page (`/opvolging/{token}`, no account: the link is the key).
//!
//! - Analysts and admins see every proposal, facilitators those of the sessions they run; the
//!   list filters by region, session, status, owner and theme, makes proposals without news for
//!   [`crate::WebOptions::quiet_weeks`] weeks stand out, and exports CSV and XLSX.
//! - A proposal's page shows its whole history (who, when, what). Who runs its session (and
//!   admins) records progress, sets a theme, and makes or revokes the owner's link.
//! - The owner records dated progress notes and the status through their link; a revoked link,
//!   or one replaced by a new link, is refused. Only the SHA-256 of a link's token is stored, so
//!   a link is shown once, when it is made.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_facilitation::proposal::{self, Progress, ProposalStatus};
use vertelpunt_model::identifying::find_identifying;
use vertelpunt_model::Lang;
use vertelpunt_store::follow_up::{self, update_kind, Author, Listed, UpdateRow};
use vertelpunt_store::sense_making::{self, ProposalRow, SessionRow};
use vertelpunt_store::sessions::StaffSession;
use vertelpunt_store::themes;
use vertelpunt_store::users::UserRole;

use super::access::{staff_session, StaffAccess};
use super::plan::region_name;
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::{field, RawForm};
use crate::support::pages;
use crate::support::permissions::{can, Action};
use crate::support::state::AppState;
use crate::support::token::unix_now;

/// The filter fields of `/voorstellen` (also those of its exports).
const REGION: &str = "regio";
const SESSION: &str = "sessie";
const STATUS: &str = "stand";
const OWNER: &str = "eigenaar";
const THEME: &str = "thema";
const QUIET: &str = "stil";
/// The progress form's fields.
const NOTE: &str = "notitie";
const DAY: &str = "dag";
const CONFIRM: &str = "bevestig_details";
/// How long a follow-up form stays valid, in seconds.
const FORM_MAX_AGE: i64 = 12 * 3600;

/// What `/voorstellen` is filtered by.
#[derive(Debug, Default, Clone, Serialize)]
struct Filter {
    region: String,
    session: String,
    status: String,
    owner: String,
    theme: String,
    quiet: bool,
}

impl Filter {
    fn of(query: &RawForm) -> Self {
        Filter {
            region: query.trimmed(REGION).to_string(),
            session: query.trimmed(SESSION).to_string(),
            status: query.trimmed(STATUS).to_string(),
            owner: query.trimmed(OWNER).chars().take(80).collect(),
            theme: query.trimmed(THEME).to_string(),
            quiet: query.ticked(QUIET),
        }
    }

    fn keeps(&self, listed: &Listed, quiet: bool) -> bool {
        let p = &listed.proposal;
        let owner = self.owner.to_lowercase();
        (self.region.is_empty()
            || listed.session.region_code.as_deref() == Some(self.region.as_str()))
            && (self.session.is_empty() || p.session_id == self.session)
            && (self.status.is_empty() || p.status == self.status)
            && (owner.is_empty()
                || [&p.owner_name, &p.owner_role]
                    .iter()
                    .any(|v| v.as_deref().unwrap_or("").to_lowercase().contains(&owner)))
            && (self.theme.is_empty() || listed.theme.as_deref() == Some(self.theme.as_str()))
            && (!self.quiet || quiet)
    }

    /// The filter as a query string (for the export links), starting with `&` when not empty.
    fn query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            (REGION, &self.region),
            (SESSION, &self.session),
            (STATUS, &self.status),
            (OWNER, &self.owner),
            (THEME, &self.theme),
        ] {
            if !value.is_empty() {
                out.append_pair(name, value);
            }
        }
        if self.quiet {
            out.append_pair(QUIET, "1");
        }
        let query = out.finish();
        if query.is_empty() {
            query
        } else {
            format!("&{query}")
        }
    }
}

/// A proposal in the list.
#[derive(Debug, Serialize)]
struct Line {
    href: String,
    title: String,
    session: String,
    session_date: String,
    region: String,
    owner: String,
    status: String,
    status_label: String,
    theme: String,
    last_news: String,
    latest: String,
    quiet: bool,
}

/// A proposal's owner as shown: "name (role)", the name alone, or empty when nobody yet.
pub(super) fn owner_of(p: &ProposalRow) -> String {
    match (&p.owner_name, &p.owner_role) {
        (Some(name), Some(role)) => format!("{name} ({role})"),
        (Some(name), None) => name.clone(),
        _ => String::new(),
    }
}

fn status_label(state: &AppState, lang: Lang, status: &str) -> String {
    state
        .locales
        .text(lang, &format!("sessions.proposal_status_{status}"))
        .to_string()
}

fn is_quiet(state: &AppState, listed: &Listed, now: chrono::NaiveDateTime) -> bool {
    ProposalStatus::parse(&listed.proposal.status)
        .is_some_and(|s| proposal::is_quiet(s, listed.last_news(), now, state.options.quiet_weeks))
}

/// Whom a staff member sees proposals of: facilitators only the sessions they run.
fn run_by(staff: &StaffSession) -> Option<String> {
    (UserRole::parse(&staff.user.role) == Some(UserRole::Facilitator))
        .then(|| staff.user.id.clone())
}

/// The proposals a staff member may see: a facilitator those of the sessions they run, a
/// region-limited account those of sessions in its regions.
async fn visible(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
) -> Result<Vec<Listed>, crate::support::error::PageError> {
    let run_by = run_by(staff);
    let scope = staff.user.scope();
    let mut all = pages::stored(state, lang, move |conn| {
        follow_up::listed(conn, run_by.as_deref())
    })
    .await?;
    all.retain(|l| l.session.within(&scope));
    Ok(all)
}

/// The proposals a staff member may see that pass the filter, with whether each is quiet.
async fn selected(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
    filter: &Filter,
) -> Result<(Vec<Listed>, Vec<(Listed, bool)>), crate::support::error::PageError> {
    let all = visible(state, lang, staff).await?;
    let now = vertelpunt_store::now();
    let kept = all
        .iter()
        .map(|l| (l.clone(), is_quiet(state, l, now)))
        .filter(|(l, quiet)| filter.keeps(l, *quiet))
        .collect();
    Ok((all, kept))
}

pub async fn list(
    state: web::Data<AppState>,
    StaffPage {
        query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let filter = Filter::of(&query);
    let (all, kept) = selected(&state, lang, &staff, &filter).await?;
    let lines: Vec<Line> = kept
        .iter()
        .map(|(l, quiet)| {
            let p = &l.proposal;
            Line {
                href: format!("/voorstellen/{}?lang={}", p.id, lang.code()),
                title: p.title.clone(),
                session: l.session.title.clone(),
                session_date: l.session.starts_at.format("%Y-%m-%d").to_string(),
                region: region_name(l.session.region_code.as_deref()),
                owner: owner_of(p),
                status: p.status.clone(),
                status_label: status_label(&state, lang, &p.status),
                theme: l.theme.clone().unwrap_or_default(),
                last_news: l.last_news().format("%Y-%m-%d").to_string(),
                latest: l
                    .progress
                    .last()
                    .map(|u| u.note.clone())
                    .unwrap_or_default(),
                quiet: *quiet,
            }
        })
        .collect();
    // What the filters offer: the regions, sessions and themes among the proposals one sees.
    let regions: BTreeSet<(String, String)> = all
        .iter()
        .filter_map(|l| l.session.region_code.clone())
        .map(|code| (region_name(Some(&code)), code))
        .collect();
    let mut sessions: Vec<(String, String)> = Vec::new();
    for l in &all {
        if !sessions.iter().any(|(id, _)| id == &l.session.id) {
            sessions.push((
                l.session.id.clone(),
                format!(
                    "{} ({})",
                    l.session.title,
                    l.session.starts_at.format("%Y-%m-%d")
                ),
            ));
        }
    }
    let themes: BTreeSet<String> = all.iter().filter_map(|l| l.theme.clone()).collect();
    let statuses: Vec<(&str, String)> = ProposalStatus::ALL
        .iter()
        .map(|s| (s.code(), status_label(&state, lang, s.code())))
        .collect();
    let quiet_count = lines.iter().filter(|l| l.quiet).count();
    let mut context = staff_context(&state, &staff, lang, Context::new());
    context.insert("proposals", &lines);
    context.insert("filter", &filter);
    context.insert("filter_query", &filter.query());
    context.insert("regions", &regions);
    context.insert("sessions", &sessions);
    context.insert("themes", &themes);
    context.insert("statuses", &statuses);
    context.insert(
        "quiet_note",
        &state.locales.format(
            lang,
            "sessions.quiet_note",
            &[("weeks", state.options.quiet_weeks.to_string())],
        ),
    );
    context.insert(
        "shown",
        &state.locales.count(
            lang,
            "sessions.proposals_shown",
            lines.len(),
            &[("all", all.len().to_string())],
        ),
    );
    context.insert(
        "quiet_count",
        &state
            .locales
            .count(lang, "sessions.quiet_count", quiet_count, &[]),
    );
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "sessions/follow_up_list.html",
        lang,
        context,
    ))
}

/// The columns of the export, as locale keys under `sessions.`.
const EXPORT_COLUMNS: [&str; 15] = [
    "export_session",
    "export_date",
    "export_region",
    "export_title",
    "export_we_should",
    "export_so_that",
    "export_first_actions",
    "export_owner",
    "export_owner_role",
    "export_status",
    "export_theme",
    "export_last_news",
    "export_latest",
    "export_quiet",
    "export_id",
];

/// Every proposal of the list (with its filter) as a CSV or XLSX file.
pub async fn export(
    state: web::Data<AppState>,
    format: web::Path<String>,
    StaffPage {
        query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let format = format.into_inner();
    if format != "csv" && format != "xlsx" {
        return Err(PageError::not_found(&state, lang));
    }
    let filter = Filter::of(&query);
    let (_, kept) = selected(&state, lang, &staff, &filter).await?;
    let yes = state.locales.text(lang, "common.yes").to_string();
    let headers: Vec<String> = EXPORT_COLUMNS
        .iter()
        .map(|k| {
            state
                .locales
                .text(lang, &format!("sessions.{k}"))
                .to_string()
        })
        .collect();
    let rows: Vec<Vec<String>> = kept
        .iter()
        .map(|(l, quiet)| {
            let p = &l.proposal;
            vec![
                l.session.title.clone(),
                l.session.starts_at.format("%Y-%m-%d").to_string(),
                region_name(l.session.region_code.as_deref()),
                p.title.clone(),
                p.we_should.clone(),
                p.so_that.clone(),
                p.first_actions.clone(),
                p.owner_name.clone().unwrap_or_default(),
                p.owner_role.clone().unwrap_or_default(),
                status_label(&state, lang, &p.status),
                l.theme.clone().unwrap_or_default(),
                l.last_news().format("%Y-%m-%d").to_string(),
                l.progress
                    .last()
                    .map(|u| u.note.clone())
                    .unwrap_or_default(),
                if *quiet { yes.clone() } else { String::new() },
                p.id.clone(),
            ]
        })
        .collect();
    let name = state.locales.text(lang, "sessions.export_file").to_string();
    let (bytes, content_type) = if format == "csv" {
        (
            vertelpunt_interop::sheet::csv_bytes(&headers, &rows),
            "text/csv; charset=utf-8",
        )
    } else {
        match vertelpunt_interop::sheet::xlsx_bytes(&name, &headers, &rows) {
            Ok(bytes) => (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(e) => return Err(PageError::failure(&state, lang, &e)),
        }
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}.{format}\""),
        ))
        .body(bytes))
}

/// A change in a proposal's history, as shown.
#[derive(Debug, Serialize)]
struct HistoryLine {
    when: String,
    day: String,
    author: String,
    by_owner: bool,
    what: String,
    note: String,
    flagged: bool,
}

fn history(state: &AppState, lang: Lang, updates: &[UpdateRow], staff: bool) -> Vec<HistoryLine> {
    updates
        .iter()
        // The owner sees their proposal's progress, not who made or revoked links.
        .filter(|u| staff || u.kind == update_kind::PROGRESS)
        .map(|u| {
            let what = match u.kind.as_str() {
                update_kind::PROGRESS if u.status_before != u.status_after => state.locales.format(
                    lang,
                    "sessions.history_status",
                    &[
                        ("from", status_label(state, lang, &u.status_before)),
                        ("to", status_label(state, lang, &u.status_after)),
                    ],
                ),
                update_kind::PROGRESS => state.locales.text(lang, "sessions.history_note").into(),
                update_kind::LINK => state.locales.text(lang, "sessions.history_link").into(),
                update_kind::LINK_REVOKED => {
                    state.locales.text(lang, "sessions.history_revoked").into()
                }
                _ => state.locales.text(lang, "sessions.history_theme").into(),
            };
            HistoryLine {
                when: u.recorded_at.format("%Y-%m-%d %H:%M").to_string(),
                day: u.happened_on.clone().unwrap_or_default(),
                author: u.author.clone(),
                by_owner: u.by_owner,
                what,
                note: u.note.clone(),
                flagged: u.flagged && staff,
            }
        })
        .collect()
}

/// What the progress form shows again after a refusal or a warning.
#[derive(Debug, Default, Serialize)]
struct Typed {
    status: String,
    note: String,
    day: String,
    problem: Option<String>,
    warning: Option<String>,
}

fn statuses(state: &AppState, lang: Lang) -> Vec<(&'static str, String)> {
    ProposalStatus::ALL
        .iter()
        .map(|s| (s.code(), status_label(state, lang, s.code())))
        .collect()
}

/// The proposal of the URL with the staff member's access to its session; "not found" for one
/// they may not see.
async fn staff_proposal(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
    id: &str,
) -> Result<(ProposalRow, SessionRow, StaffAccess), crate::support::error::PageError> {
    let pid = id.to_string();
    let found = pages::stored(state, lang, move |conn| follow_up::proposal(conn, &pid)).await?;
    let Some(proposal) = found else {
        return Err(pages::not_found(state, lang).into());
    };
    let (session, access) = staff_session(state, lang, staff, &proposal.session_id).await?;
    Ok((proposal, session, access))
}

/// The proposal's page for staff.
async fn render_proposal(
    state: &AppState,
    staff: &StaffSession,
    lang: Lang,
    (proposal, session): (ProposalRow, SessionRow),
    access: StaffAccess,
    (typed, new_link): (Typed, Option<String>),
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let pid = proposal.id.clone();
    let ((has_link, theme), updates) = pages::stored(state, lang, move |conn| {
        Ok((
            follow_up::link_and_theme(conn, &pid)?,
            follow_up::updates(conn, &pid)?,
        ))
    })
    .await?;
    let mut context = staff_context(state, staff, lang, Context::new());
    insert_proposal(state, lang, &proposal, &session, &mut context);
    context.insert("history", &history(state, lang, &updates, true));
    context.insert("runs", &(access == StaffAccess::Run));
    context.insert("has_link", &has_link);
    context.insert("theme", &theme.unwrap_or_default());
    context.insert("statuses", &statuses(state, lang));
    context.insert(
        "today",
        &vertelpunt_store::now().format("%Y-%m-%d").to_string(),
    );
    context.insert("typed", &typed);
    if let Some(link) = &new_link {
        context.insert("new_link", link);
        context.insert(
            "new_link_qr",
            &super::plan::qr_svg(link).unwrap_or_default(),
        );
    }
    context.insert(
        "session_href",
        &format!("/sessies/{}?lang={}", session.id, lang.code()),
    );
    Ok(pages::page(
        state,
        status,
        "sessions/follow_up_proposal.html",
        lang,
        context,
    ))
}

fn insert_proposal(
    state: &AppState,
    lang: Lang,
    proposal: &ProposalRow,
    session: &SessionRow,
    context: &mut Context,
) {
    let view = BTreeMap::from([
        ("id", proposal.id.clone()),
        ("title", proposal.title.clone()),
        ("we_should", proposal.we_should.clone()),
        ("so_that", proposal.so_that.clone()),
        ("first_actions", proposal.first_actions.clone()),
        ("conditions", proposal.conditions.clone()),
        ("progress_sharing", proposal.progress_sharing.clone()),
        (
            "first_date",
            proposal.first_date.clone().unwrap_or_default(),
        ),
        ("owner", owner_of(proposal)),
        ("status", proposal.status.clone()),
        ("status_label", status_label(state, lang, &proposal.status)),
        ("session", session.title.clone()),
        (
            "session_date",
            session.starts_at.format("%Y-%m-%d").to_string(),
        ),
        ("region", region_name(session.region_code.as_deref())),
    ]);
    context.insert("proposal", &view);
}

pub async fn show(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (proposal, session, access) = staff_proposal(&state, lang, &staff, &id).await?;
    render_proposal(
        &state,
        &staff,
        lang,
        (proposal, session),
        access,
        (Typed::default(), None),
        StatusCode::OK,
    )
    .await
}

/// The start of every staff action on a proposal: the form, language, staff member, proposal
/// and session, from someone who runs the session (or an admin).
async fn proposal_action(
    state: &AppState,
    signed_in: StaffForm<can::ViewSessions>,
    id: &str,
) -> Result<(RawForm, Lang, StaffSession, ProposalRow, SessionRow), crate::support::error::PageError>
{
    let StaffForm {
        form,
        lang,
        session: staff,
        ..
    } = signed_in;
    let (proposal, session, access) = staff_proposal(state, lang, &staff, id).await?;
    if access != StaffAccess::Run {
        return Err(pages::error_page(
            state,
            StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "staff.forbidden",
        )
        .into());
    }
    Ok((form, lang, staff, proposal, session))
}

fn staff_author(staff: &StaffSession) -> Author {
    Author::Staff {
        user_id: staff.user.id.clone(),
        email: staff.user.email.clone(),
    }
}

/// Reads and checks a progress form: the progress to record, or what to show again (with a
/// problem, or a warning about identifying details to confirm).
fn read_progress(
    state: &AppState,
    lang: Lang,
    form: &RawForm,
    current: &str,
) -> Result<(Progress, bool), Typed> {
    let mut typed = Typed {
        status: form.trimmed(STATUS).to_string(),
        note: form.get(NOTE).unwrap_or("").trim().to_string(),
        day: form.trimmed(DAY).to_string(),
        ..Typed::default()
    };
    let current = ProposalStatus::parse(current).unwrap_or(ProposalStatus::Proposed);
    let Some(status) = ProposalStatus::parse(&typed.status) else {
        typed.problem = Some(state.locales.text(lang, "sessions.choose_status").into());
        return Err(typed);
    };
    let progress = Progress {
        status,
        note: typed.note.clone(),
        happened_on: typed.day.clone(),
    };
    let today = vertelpunt_store::now().format("%Y-%m-%d").to_string();
    if let Some((_, key)) = proposal::check_progress(&progress, current, &today).first() {
        typed.problem = Some(state.locales.format(
            lang,
            &format!("sessions.{key}"),
            &[("max", proposal::MAX_NOTE.to_string())],
        ));
        return Err(typed);
    }
    let found = find_identifying(&progress.note);
    let kinds: Vec<_> = found.iter().map(|f| f.kind).collect();
    if !kinds.is_empty() && !form.ticked(CONFIRM) {
        typed.warning = Some(crate::public::vertelpunt::story::identifying_notice(
            state, lang, &kinds,
        ));
        return Err(typed);
    }
    Ok((progress, !kinds.is_empty()))
}

async fn store_progress(
    state: &AppState,
    lang: Lang,
    proposal: &ProposalRow,
    author: Author,
    progress: Progress,
    flagged: bool,
) -> Result<(), PageError> {
    let proposal = proposal.clone();
    pages::stored(state, lang, move |conn| {
        let day = Some(progress.happened_on.trim()).filter(|d| !d.is_empty());
        follow_up::record_progress(
            conn,
            &proposal,
            &author,
            progress.status.code(),
            progress.note.trim(),
            day,
            flagged,
        )
    })
    .await
}

pub async fn record(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (form, lang, staff, proposal, session) = proposal_action(&state, signed_in, &id).await?;
    let (progress, flagged) = match read_progress(&state, lang, &form, &proposal.status) {
        Ok(read) => read,
        Err(typed) => {
            let status = if typed.problem.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            return render_proposal(
                &state,
                &staff,
                lang,
                (proposal, session),
                StaffAccess::Run,
                (typed, None),
                status,
            )
            .await;
        }
    };
    store_progress(
        &state,
        lang,
        &proposal,
        staff_author(&staff),
        progress,
        flagged,
    )
    .await?;
    Ok(see_other(&format!(
        "/voorstellen/{}?lang={}#geschiedenis",
        proposal.id,
        lang.code()
    )))
}

/// Makes a new follow-up link for the owner and shows it (once).
pub async fn make_link(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (_form, lang, staff, proposal, session) = proposal_action(&state, signed_in, &id).await?;
    let author = staff_author(&staff);
    let p = proposal.clone();
    let token = pages::stored(&state, lang, move |conn| {
        follow_up::new_link(conn, &p, &author)
    })
    .await?;
    let link = format!(
        "{}/opvolging/{token}?lang={}",
        crate::support::client::origin(&req, state.options.trust_forwarded_for),
        lang.code()
    );
    render_proposal(
        &state,
        &staff,
        lang,
        (proposal, session),
        StaffAccess::Run,
        (Typed::default(), Some(link)),
        StatusCode::OK,
    )
    .await
}

pub async fn revoke_link(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (_form, lang, staff, proposal, _session) = proposal_action(&state, signed_in, &id).await?;
    let author = staff_author(&staff);
    let p = proposal.clone();
    pages::stored(&state, lang, move |conn| {
        follow_up::revoke_link(conn, &p, &author)
    })
    .await?;
    Ok(see_other(&format!(
        "/voorstellen/{}?lang={}#link",
        proposal.id,
        lang.code()
    )))
}

pub async fn set_theme(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (form, lang, staff, proposal, session) = proposal_action(&state, signed_in, &id).await?;
    let typed = form.trimmed(THEME);
    let theme = if typed.is_empty() {
        None
    } else {
        match themes::normalize(typed) {
            Ok(theme) => Some(theme),
            Err(problem) => {
                let typed = Typed {
                    problem: Some(
                        state
                            .locales
                            .text(lang, &format!("reading.{}", problem.code()))
                            .into(),
                    ),
                    ..Typed::default()
                };
                return render_proposal(
                    &state,
                    &staff,
                    lang,
                    (proposal, session),
                    StaffAccess::Run,
                    (typed, None),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        }
    };
    let author = staff_author(&staff);
    let p = proposal.clone();
    pages::stored(&state, lang, move |conn| {
        follow_up::set_theme(conn, &p, &author, theme.as_deref())
    })
    .await?;
    Ok(see_other(&format!(
        "/voorstellen/{}?lang={}",
        proposal.id,
        lang.code()
    )))
}

/// The proposal whose link this is, or the page saying the link does not work (any more).
async fn owned(
    state: &AppState,
    lang: Lang,
    token: &str,
) -> Result<(ProposalRow, SessionRow), crate::support::error::PageError> {
    let token = token.to_string();
    let found = pages::stored(state, lang, move |conn| {
        let Some(p) = follow_up::by_link(conn, &token)? else {
            return Ok(None);
        };
        let session = sense_making::get(conn, &p.session_id)?;
        Ok(Some((p, session)))
    })
    .await?;
    found.ok_or_else(|| {
        pages::error_page(
            state,
            StatusCode::NOT_FOUND,
            lang,
            "sessions.link_gone_title",
            "sessions.link_gone",
        )
        .into()
    })
}

async fn render_owner(
    state: &AppState,
    lang: Lang,
    token: &str,
    (proposal, session): (ProposalRow, SessionRow),
    typed: Typed,
    done: bool,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let pid = proposal.id.clone();
    let updates = pages::stored(state, lang, move |conn| follow_up::updates(conn, &pid)).await?;
    let mut context = Context::new();
    insert_proposal(state, lang, &proposal, &session, &mut context);
    context.insert("history", &history(state, lang, &updates, false));
    context.insert("statuses", &statuses(state, lang));
    context.insert("typed", &typed);
    context.insert("done", &done);
    context.insert(
        "today",
        &vertelpunt_store::now().format("%Y-%m-%d").to_string(),
    );
    context.insert("action", &format!("/opvolging/{token}"));
    context.insert(
        "form_token",
        &state.tokens.sign("opvolging", &proposal.id, unix_now()),
    );
    Ok(pages::page(
        state,
        status,
        "sessions/follow_up_owner.html",
        lang,
        context,
    ))
}

/// The owner's follow-up page.
pub async fn owner_page(
    state: web::Data<AppState>,
    token: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = crate::support::i18n::lang_param(query.get(field::LANG));
    let (proposal, session) = owned(&state, lang, &token).await?;
    let done = query.get("klaar").is_some();
    render_owner(
        &state,
        lang,
        &token,
        (proposal, session),
        Typed::default(),
        done,
        StatusCode::OK,
    )
    .await
}

pub async fn owner_record(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = RawForm::parse(&body);
    let lang = crate::support::i18n::lang_param(form.get(field::LANG));
    let (proposal, session) = owned(&state, lang, &token).await?;
    if state
        .tokens
        .verify(
            form.get(field::CSRF).unwrap_or(""),
            "opvolging",
            &proposal.id,
            unix_now(),
            FORM_MAX_AGE,
        )
        .is_err()
    {
        return Ok(pages::error_page(
            &state,
            StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "sessions.form_expired",
        ));
    }
    let (progress, flagged) = match read_progress(&state, lang, &form, &proposal.status) {
        Ok(read) => read,
        Err(typed) => {
            let status = if typed.problem.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            return render_owner(
                &state,
                lang,
                &token,
                (proposal, session),
                typed,
                false,
                status,
            )
            .await;
        }
    };
    let author = Author::Owner(
        proposal
            .owner_name
            .clone()
            .unwrap_or_else(|| state.locales.text(lang, "sessions.owner_label").into()),
    );
    store_progress(&state, lang, &proposal, author, progress, flagged).await?;
    Ok(see_other(&format!(
        "/opvolging/{}?lang={}&klaar=1#geschiedenis",
        token.as_str(),
        lang.code()
    )))
}

/// A status with the number of proposals in it, for the dashboard.
#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub label: String,
    pub count: usize,
    pub href: String,
}

/// How many proposals the staff member sees stand at each status (none when they see none).
pub async fn status_counts(
    state: &AppState,
    staff: &StaffSession,
    lang: Lang,
) -> Result<Vec<StatusCount>, crate::support::error::PageError> {
    if !Action::ViewSessions.allows(UserRole::parse(&staff.user.role)) {
        return Ok(Vec::new());
    }
    let all = visible(state, lang, staff).await?;
    if all.is_empty() {
        return Ok(Vec::new());
    }
    Ok(ProposalStatus::ALL
        .iter()
        .map(|s| StatusCount {
            label: status_label(state, lang, s.code()),
            count: all.iter().filter(|l| l.proposal.status == s.code()).count(),
            href: format!("/voorstellen?lang={}&stand={}", lang.code(), s.code()),
        })
        .collect())
}

/// An earlier proposal as a card on a table of a new session ("wat werd er van de vorige
/// keer?"): its title, and lines with what was proposed, its status and owner, and its latest
/// progress.
pub(super) fn earlier_card(
    locales: &crate::support::i18n::Locales,
    lang: Lang,
    p: &ProposalRow,
    latest: Option<&UpdateRow>,
) -> (String, Vec<String>) {
    let title = locales.format(
        lang,
        "sessions.earlier_title",
        &[("title", p.title.clone())],
    );
    let mut proposed = format!(
        "{} {}",
        locales.text(lang, "sessions.we_should"),
        p.we_should
    );
    if !p.so_that.is_empty() {
        proposed = format!(
            "{proposed}, {} {}",
            locales.text(lang, "sessions.so_that_word"),
            p.so_that
        );
    }
    let owner = owner_of(p);
    let status = locales.format(
        lang,
        "sessions.earlier_status",
        &[
            (
                "status",
                locales
                    .text(lang, &format!("sessions.proposal_status_{}", p.status))
                    .to_string(),
            ),
            (
                "owner",
                if owner.is_empty() {
                    locales.text(lang, "sessions.no_owner").to_string()
                } else {
                    owner
                },
            ),
        ],
    );
    let news = match latest {
        Some(u) => locales.format(
            lang,
            "sessions.earlier_news",
            &[
                ("day", u.happened_on.clone().unwrap_or_default()),
                ("note", u.note.clone()),
            ],
        ),
        None => locales.text(lang, "sessions.history_none").to_string(),
    };
    (title, vec![format!("{proposed}."), status, news])
}

/// How many of the proposals a staff member follows had no news for `quiet_weeks` weeks.
pub async fn quiet_count(
    state: &AppState,
    staff: &StaffSession,
    lang: Lang,
) -> Result<usize, crate::support::error::PageError> {
    let (all, _) = selected(state, lang, staff, &Filter::default()).await?;
    let now = vertelpunt_store::now();
    Ok(all.iter().filter(|l| is_quiet(state, l, now)).count())
}
