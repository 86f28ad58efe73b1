//! `/sessies`: planning and running sessions (facilitators and admins; analysts read). A session
//! has a title, goal, region, date and time, place or link, mode, prompt form and an agenda from
//! a template; then tables with their decks (published cards and their typical experiences).
//! The console shows the join code big, with a QR code, every table at a glance, and the
//! participants (who can be removed).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use tera::Context;
use vertelpunt_facilitation::session::{Mode, Perspective, PromptForm, SessionStatus};
use vertelpunt_facilitation::{agenda, deck, join as codes};
use vertelpunt_model::{regions, Lang};
use vertelpunt_store::cards;
use vertelpunt_store::sense_making::{self, item_kind, SessionRow, TableRow};
use vertelpunt_store::users::{self, UserRole};

use super::access::{staff_session, StaffAccess};
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::RawForm;
use crate::support::pages;
use crate::support::permissions::{can, Action};
use crate::support::state::AppState;

/// The new-session form's fields.
const TITLE: &str = "titel";
const GOAL: &str = "doel";
const REGION: &str = "regio";
const PROJECT: &str = "project";
const DATE: &str = "datum";
const TIME: &str = "tijd";
const PLACE: &str = "plaats";
const MODE: &str = "vorm";
const PROMPT: &str = "opzet";
const TEMPLATE: &str = "agenda";
const FACILITATORS: &str = "begeleider";
const PRIVATE: &str = "prive";
/// The add-table form's fields.
const TABLE_NAME: &str = "naam";
const COMPOSITION: &str = "samenstelling";
const CARD: &str = "kaart";
const STORY: &str = "verhaal";

/// The longest title, goal or place, in characters.
const MAX_TEXT: usize = 300;

pub async fn list(
    state: web::Data<AppState>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let run_by = (UserRole::parse(&staff.user.role) == Some(UserRole::Facilitator))
        .then(|| staff.user.id.clone());
    let sessions = pages::stored(&state, lang, move |conn| {
        sense_making::list(conn, run_by.as_deref())
    })
    .await?;
    let mut context = staff_context(&state, &staff, lang, Context::new());
    let scope = staff.user.scope();
    let rows: Vec<SessionLine> = sessions
        .iter()
        .filter(|s| s.within(&scope))
        .map(|s| SessionLine::of(&state, lang, s))
        .collect();
    context.insert("sessions", &rows);
    context.insert(
        "may_plan",
        &Action::PlanSessions.allows(UserRole::parse(&staff.user.role)),
    );
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "sessions/list.html",
        lang,
        context,
    ))
}

/// A session in a list.
#[derive(Debug, Serialize)]
struct SessionLine {
    href: String,
    title: String,
    when: String,
    status: String,
    region: String,
}

impl SessionLine {
    fn of(state: &AppState, lang: Lang, s: &SessionRow) -> Self {
        SessionLine {
            href: format!("/sessies/{}?lang={}", s.id, lang.code()),
            title: s.title.clone(),
            when: s.starts_at.format("%Y-%m-%d %H:%M").to_string(),
            status: state
                .locales
                .text(lang, &format!("sessions.status_{}", s.status))
                .to_string(),
            region: region_name(s.region_code.as_deref()),
        }
    }
}

pub(super) fn region_name(code: Option<&str>) -> String {
    code.and_then(regions::region)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

pub async fn new_form(
    state: web::Data<AppState>,
    StaffPage {
        query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::PlanSessions>,
) -> Result<HttpResponse, PageError> {
    form_page(&state, &staff, lang, &query, Vec::new(), StatusCode::OK).await
}

/// The new-session form, filled in with `form`, with `problems` (field, message).
async fn form_page(
    state: &AppState,
    staff: &vertelpunt_store::sessions::StaffSession,
    lang: Lang,
    form: &RawForm,
    problems: Vec<(&'static str, String)>,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let scope = staff.user.scope();
    let (accounts, projects) = pages::stored(state, lang, move |conn| {
        Ok((
            users::list(conn)?,
            crate::support::scope::visible_projects(conn, &scope)?,
        ))
    })
    .await?;
    let mut context = staff_context(state, staff, lang, Context::new());
    let value = |name: &str| form.trimmed(name).to_string();
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    for name in [
        TITLE, GOAL, REGION, DATE, TIME, PLACE, MODE, PROMPT, TEMPLATE,
    ] {
        values.insert(name, value(name));
    }
    // The project: asked only when the account sees more than one; the national one first.
    let chosen_project = Some(form.trimmed(PROJECT))
        .filter(|p| !p.is_empty())
        .or_else(|| {
            projects
                .iter()
                .find(|p| p.slug == vertelpunt_store::setup::DEFAULT_PROJECT)
                .map(|p| p.id.as_str())
        })
        .unwrap_or_default()
        .to_string();
    values.insert(PROJECT, chosen_project);
    context.insert("values", &values);
    context.insert(
        "projects",
        &projects
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect::<Vec<_>>(),
    );
    context.insert("private", &form.ticked(PRIVATE));
    context.insert(
        "problems",
        &problems.into_iter().collect::<BTreeMap<_, _>>(),
    );
    let scope = staff.user.scope();
    context.insert("region_required", &scope.regions().is_some());
    context.insert(
        "regions",
        &regions::jeugdregios()
            .iter()
            .filter(|r| scope.allows(Some(&r.code)))
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect::<Vec<_>>(),
    );
    context.insert("modes", &Mode::ALL.map(Mode::code));
    context.insert("prompts", &PromptForm::ALL.map(PromptForm::code));
    context.insert("templates", &agenda::TEMPLATES.map(|t| t.code));
    let chosen: Vec<&str> = form.all(FACILITATORS);
    let facilitators: Vec<(String, String, bool)> = accounts
        .iter()
        .filter(|u| u.deactivated_at.is_none() && u.role == UserRole::Facilitator.code())
        .filter(|u| u.id != staff.user.id)
        .map(|u| {
            (
                u.id.clone(),
                u.email.clone(),
                chosen.contains(&u.id.as_str()),
            )
        })
        .collect();
    context.insert("facilitators", &facilitators);
    Ok(pages::page(
        state,
        status,
        "sessions/new.html",
        lang,
        context,
    ))
}

pub async fn create(
    state: web::Data<AppState>,
    StaffForm {
        form,
        lang,
        session: staff,
        ..
    }: StaffForm<can::PlanSessions>,
) -> Result<HttpResponse, PageError> {
    let text = |key: &str| state.locales.text(lang, key).to_string();
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let mut required = |name: &'static str| {
        let value = form.trimmed(name).to_string();
        if value.is_empty() {
            problems.push((name, text("sessions.required")));
        } else if value.chars().count() > MAX_TEXT {
            problems.push((name, text("sessions.too_long")));
        }
        value
    };
    let title = required(TITLE);
    let goal = required(GOAL);
    let place = required(PLACE);
    let region = Some(form.trimmed(REGION).to_string()).filter(|r| !r.is_empty());
    if region
        .as_deref()
        .is_some_and(|r| regions::region(r).is_none())
    {
        problems.push((REGION, text("sessions.bad_region")));
    } else if !staff.user.scope().allows(region.as_deref()) {
        // A limited account plans sessions in its own regions only.
        problems.push((REGION, text("sessions.region_outside_scope")));
    }
    // The project: one the account sees; where it sees only one, that one.
    let wanted = form.trimmed(PROJECT).to_string();
    let scope = staff.user.scope();
    let projects = pages::stored(&state, lang, move |conn| {
        crate::support::scope::visible_projects(conn, &scope)
    })
    .await?;
    let project = match projects.as_slice() {
        [only] if wanted.is_empty() => Some(only.id.clone()),
        _ => projects
            .iter()
            .find(|p| p.id == wanted)
            .map(|p| p.id.clone()),
    };
    if project.is_none() {
        problems.push((PROJECT, text("sessions.choose_project")));
    }
    let date = NaiveDate::parse_from_str(form.trimmed(DATE), "%Y-%m-%d").ok();
    if date.is_none() {
        problems.push((DATE, text("sessions.bad_date")));
    }
    let time = NaiveTime::parse_from_str(form.trimmed(TIME), "%H:%M").ok();
    if time.is_none() {
        problems.push((TIME, text("sessions.bad_time")));
    }
    let mode = Mode::parse(form.trimmed(MODE));
    if mode.is_none() {
        problems.push((MODE, text("sessions.choose")));
    }
    let prompt = PromptForm::parse(form.trimmed(PROMPT));
    if prompt.is_none() {
        problems.push((PROMPT, text("sessions.choose")));
    }
    let template = agenda::template(form.trimmed(TEMPLATE));
    if template.is_none() {
        problems.push((TEMPLATE, text("sessions.choose")));
    }
    let (Some(date), Some(time), Some(mode), Some(prompt), Some(template)) =
        (date, time, mode, prompt, template)
    else {
        return form_page(
            &state,
            &staff,
            lang,
            &form,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if !problems.is_empty() {
        return form_page(
            &state,
            &staff,
            lang,
            &form,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let mut facilitators = vec![staff.user.id.clone()];
    facilitators.extend(form.all(FACILITATORS).into_iter().map(String::from));
    let steps: Vec<(String, i32)> = template
        .steps
        .iter()
        .map(|s| {
            (
                state
                    .locales
                    .text(lang, &format!("sessions.step_{}", s.key))
                    .to_string(),
                s.minutes as i32,
            )
        })
        .collect();
    let row = SessionRow {
        id: vertelpunt_store::new_id(),
        title,
        goal,
        region_code: region,
        starts_at: date.and_time(time),
        place,
        mode: mode.code().into(),
        status: SessionStatus::Concept.code().into(),
        prompt_form: prompt.code().into(),
        join_code: codes::new_code(),
        joining_open: false,
        created_by: Some(staff.user.id.clone()),
        created_at: vertelpunt_store::now(),
        current_step: None,
        step_started_at: None,
        step_paused_at: None,
        message: None,
        private_writing: form.ticked(PRIVATE),
        revealed_at: None,
        project_id: project,
    };
    let id = row.id.clone();
    let stored = pages::stored(&state, lang, move |conn| {
        // Facilitators named on the form must be facilitator accounts.
        let known: Vec<String> = users::list(conn)?
            .into_iter()
            .filter(|u| u.role == UserRole::Facilitator.code() || u.id == facilitators[0])
            .map(|u| u.id)
            .collect();
        let mut chosen: Vec<String> = facilitators
            .into_iter()
            .filter(|f| known.contains(f))
            .collect();
        chosen.dedup();
        // A new code until it is not in use (almost always the first).
        let mut row = row;
        while sense_making::by_code(conn, &row.join_code)?.is_some() {
            row.join_code = codes::new_code();
        }
        sense_making::create_session(conn, &row, &chosen, &steps)
    })
    .await;
    stored?;
    Ok(see_other(&format!("/sessies/{id}?lang={}", lang.code())))
}

/// A table on the console.
#[derive(Debug, Serialize)]
struct TableView {
    id: String,
    name: String,
    composition: String,
    cards: usize,
    experiences: usize,
    warnings: Vec<String>,
    participants: Vec<(String, usize)>,
    postits: usize,
    clusters: usize,
    proposals: usize,
    /// Proposals that have an owner.
    owned: usize,
    href: String,
    figures_title: String,
    figures_source: String,
    figures: String,
}

pub async fn console(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, access) = staff_session(&state, lang, &staff, &id).await?;
    render_console(&state, &staff, lang, session, access, query.get("klaar")).await
}

async fn render_console(
    state: &AppState,
    staff: &vertelpunt_store::sessions::StaffSession,
    lang: Lang,
    session: SessionRow,
    access: StaffAccess,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let sid = session.id.clone();
    let scope = staff.user.scope();
    let loaded = pages::stored(state, lang, move |conn| {
        let steps = sense_making::steps(conn, &sid)?;
        let tables = sense_making::tables(conn, &sid)?;
        let mut decks = Vec::new();
        for t in &tables {
            let items = sense_making::items(conn, &t.id)?;
            let postits = sense_making::postits_of_table(conn, &t.id)?.len();
            let clusters = sense_making::clusters_of_table(conn, &t.id)?.len();
            decks.push((items, postits, clusters));
        }
        let participants = sense_making::participants(conn, &sid)?;
        let vote = sense_making::latest_vote(conn, &sid)?;
        let proposals = sense_making::proposals_of_session(conn, &sid)?;
        let published = crate::support::scope::published_cards(conn, &scope)?;
        let mut typical = Vec::new();
        for card in &published {
            let full = cards::get(conn, &card.id)?;
            for s in full.stories.iter().filter(|s| s.story().readable()) {
                typical.push((s.story_id.clone(), s.quote.clone()));
            }
        }
        typical.sort();
        typical.dedup_by(|a, b| a.0 == b.0);
        // A limited account sees a saved deck only when it sees everything on it (its name
        // might tell of another region's or project's cards otherwise).
        let mut saved_decks = sense_making::decks(conn)?;
        if scope.is_limited() {
            let mut shown = Vec::new();
            for deck in saved_decks {
                let visible = sense_making::deck_items_of(conn, &deck.id)?.iter().all(
                    |(kind, id)| match kind.as_str() {
                        item_kind::CARD => published.iter().any(|c| &c.id == id),
                        _ => typical.iter().any(|(story, _)| story == id),
                    },
                );
                if visible {
                    shown.push(deck);
                }
            }
            saved_decks = shown;
        }
        Ok((
            steps,
            tables,
            decks,
            participants,
            published,
            typical,
            vote,
            proposals,
            saved_decks,
        ))
    })
    .await;
    let (steps, tables, decks, participants, published, typical, vote, proposals, saved_decks) =
        loaded?;
    let perspective_label = |code: &str| {
        state
            .locales
            .text(lang, &format!("sessions.perspective_{code}"))
            .to_string()
    };
    let table_views: Vec<TableView> = tables
        .iter()
        .zip(&decks)
        .map(|(t, (items, postits, clusters))| {
            let cards = items.iter().filter(|i| i.kind == item_kind::CARD).count();
            let experiences = items.len() - cards;
            let warnings = deck::warnings(cards, experiences)
                .into_iter()
                .map(|w| match w {
                    deck::DeckWarning::TooManyCards { cards } => state.locales.format(
                        lang,
                        "sessions.too_many_cards",
                        &[
                            ("n", cards.to_string()),
                            ("max", deck::CARDS_ADVISED.to_string()),
                        ],
                    ),
                    deck::DeckWarning::TooManyExperiences { experiences } => state.locales.format(
                        lang,
                        "sessions.too_many_experiences",
                        &[
                            ("n", experiences.to_string()),
                            ("max", deck::EXPERIENCES_ADVISED.to_string()),
                        ],
                    ),
                })
                .collect();
            let mut by_perspective: BTreeMap<String, usize> = BTreeMap::new();
            for p in participants
                .iter()
                .filter(|p| p.table_id.as_deref() == Some(&t.id))
            {
                *by_perspective
                    .entry(perspective_label(&p.perspective))
                    .or_default() += 1;
            }
            TableView {
                id: t.id.clone(),
                name: t.name.clone(),
                composition: composition_label(state, lang, &t.composition),
                cards,
                experiences,
                warnings,
                participants: by_perspective.into_iter().collect(),
                postits: *postits,
                clusters: *clusters,
                proposals: proposals.iter().filter(|p| p.table_id == t.id).count(),
                owned: proposals
                    .iter()
                    .filter(|p| p.table_id == t.id && p.owner_name.is_some())
                    .count(),
                href: format!("/sessie/{}/tafel/{}?lang={}", session.id, t.id, lang.code()),
                figures_title: t.figures_title.clone().unwrap_or_default(),
                figures_source: t.figures_source.clone().unwrap_or_default(),
                figures: t.figures.clone().unwrap_or_default(),
            }
        })
        .collect();
    let table_names: BTreeMap<String, String> = tables
        .iter()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    let people: Vec<(String, String, String)> = participants
        .iter()
        .map(|p| {
            let name = p.first_name.clone().unwrap_or_default();
            let who = if name.is_empty() {
                perspective_label(&p.perspective)
            } else {
                format!("{name} ({})", perspective_label(&p.perspective))
            };
            let table = p
                .table_id
                .as_ref()
                .and_then(|t| table_names.get(t))
                .cloned()
                .unwrap_or_default();
            (p.id.clone(), who, table)
        })
        .collect();
    let status = SessionStatus::parse(&session.status).unwrap_or(SessionStatus::Concept);
    let mut context = staff_context(state, staff, lang, Context::new());
    context.insert("session", &SessionView::of(state, lang, &session));
    context.insert("runs", &(access == StaffAccess::Run));
    context.insert(
        "next_status",
        &status.next().map(|n| {
            state
                .locales
                .text(lang, &format!("sessions.to_{}", n.code()))
                .to_string()
        }),
    );
    context.insert(
        "joining",
        &(session.joining_open && status.accepts_joining()),
    );
    context.insert("may_open_joining", &status.accepts_joining());
    context.insert(
        "steps",
        &steps
            .iter()
            .map(|s| (s.title.clone(), s.minutes))
            .collect::<Vec<_>>(),
    );
    context.insert("timer", &timer_view(&session, &steps));
    context.insert("message", &session.message);
    context.insert("hidden_writing", &session.writing_hidden());
    context.insert(
        "agenda_text",
        &steps
            .iter()
            .map(|s| format!("{} {}", s.minutes, s.title))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    context.insert("tables", &table_views);
    context.insert(
        "saved_decks",
        &saved_decks
            .iter()
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect::<Vec<_>>(),
    );
    context.insert(
        "vote_open",
        &vote.as_ref().is_some_and(|v| v.closed_at.is_none()),
    );
    context.insert(
        "default_budget",
        &vertelpunt_facilitation::proposal::DEFAULT_BUDGET,
    );
    context.insert(
        "proposals",
        &proposals
            .iter()
            .map(|p| {
                let owner = p
                    .owner_name
                    .clone()
                    .unwrap_or_else(|| state.locales.text(lang, "sessions.no_owner").to_string());
                let table = table_names.get(&p.table_id).cloned().unwrap_or_default();
                (p.title.clone(), table, owner)
            })
            .collect::<Vec<_>>(),
    );
    context.insert("people", &people);
    context.insert(
        "cards",
        &published
            .iter()
            .map(|c| (c.id.clone(), c.observation.clone()))
            .collect::<Vec<_>>(),
    );
    context.insert(
        "stories",
        &typical
            .iter()
            .map(|(id, quote)| (id.clone(), short_id(id), quote.clone()))
            .collect::<Vec<_>>(),
    );
    context.insert(
        "compositions",
        &std::iter::once((
            "gemengd".to_string(),
            composition_label(state, lang, "gemengd"),
        ))
        .chain(Perspective::ALL.iter().map(|p| {
            (
                p.code().to_string(),
                composition_label(state, lang, p.code()),
            )
        }))
        .collect::<Vec<_>>(),
    );
    context.insert(
        "done",
        &done.map(|d| {
            state
                .locales
                .text(lang, &format!("sessions.done_{d}"))
                .to_string()
        }),
    );
    Ok(pages::page(
        state,
        StatusCode::OK,
        "sessions/console.html",
        lang,
        context,
    ))
}

/// A story's short number, as tables and paper cards name it.
pub fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

fn composition_label(state: &AppState, lang: Lang, code: &str) -> String {
    if code == "gemengd" {
        return state.locales.text(lang, "sessions.mixed").to_string();
    }
    state.locales.format(
        lang,
        "sessions.only",
        &[(
            "who",
            state
                .locales
                .text(lang, &format!("sessions.perspective_{code}"))
                .to_string(),
        )],
    )
}

/// What the pages show of a session.
#[derive(Debug, Serialize)]
pub struct SessionView {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub region: String,
    pub when: String,
    pub place: String,
    pub mode: String,
    pub status: String,
    pub status_code: String,
    pub code: String,
    pub join_href: String,
}

impl SessionView {
    pub fn of(state: &AppState, lang: Lang, s: &SessionRow) -> Self {
        SessionView {
            id: s.id.clone(),
            title: s.title.clone(),
            goal: s.goal.clone(),
            region: region_name(s.region_code.as_deref()),
            when: s.starts_at.format("%Y-%m-%d %H:%M").to_string(),
            place: s.place.clone(),
            mode: state
                .locales
                .text(lang, &format!("sessions.mode_{}", s.mode))
                .to_string(),
            status: state
                .locales
                .text(lang, &format!("sessions.status_{}", s.status))
                .to_string(),
            status_code: s.status.clone(),
            code: codes::display(&s.join_code),
            join_href: format!("/doe-mee/{}", s.join_code),
        }
    }
}

/// The start of every console action: a form from a staff member who runs the session.
async fn running(
    state: &AppState,
    signed_in: StaffForm<can::ViewSessions>,
    id: &str,
) -> Result<
    (
        RawForm,
        Lang,
        vertelpunt_store::sessions::StaffSession,
        SessionRow,
    ),
    HttpResponse,
> {
    let StaffForm {
        form,
        lang,
        session: staff,
        ..
    } = signed_in;
    let (session, access) = staff_session(state, lang, &staff, id).await?;
    if access != StaffAccess::Run {
        return Err(pages::error_page(
            state,
            StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "staff.forbidden",
        ));
    }
    Ok((form, lang, staff, session))
}

fn back(session_id: &str, lang: Lang, done: &str) -> HttpResponse {
    see_other(&format!(
        "/sessies/{session_id}?lang={}&klaar={done}",
        lang.code()
    ))
}

pub async fn advance(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (_form, lang, _staff, session) = running(&state, signed_in, &id).await?;
    let status = SessionStatus::parse(&session.status).unwrap_or(SessionStatus::Concept);
    let Some(next) = status.next() else {
        return Ok(back(&session.id, lang, "status"));
    };
    // Opening a session opens joining; closing it closes joining.
    let joining = match next {
        SessionStatus::Open => true,
        SessionStatus::Closed => false,
        _ => session.joining_open,
    };
    let sid = session.id.clone();
    pages::stored(&state, lang, move |conn| {
        sense_making::set_state(conn, &sid, next.code(), joining)
    })
    .await?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "status"))
}

pub async fn set_joining(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (form, lang, _staff, session) = running(&state, signed_in, &id).await?;
    let open = form.trimmed("open") == "1"
        && SessionStatus::parse(&session.status).is_some_and(SessionStatus::accepts_joining);
    let (sid, status) = (session.id.clone(), session.status.clone());
    pages::stored(&state, lang, move |conn| {
        sense_making::set_state(conn, &sid, &status, open)
    })
    .await?;
    state.session_hub.wake();
    Ok(back(
        &session.id,
        lang,
        if open {
            "joining_open"
        } else {
            "joining_closed"
        },
    ))
}

pub async fn add_table(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (form, lang, staff, session) = running(&state, signed_in, &id).await?;
    let name = form.trimmed(TABLE_NAME).to_string();
    let composition = form.trimmed(COMPOSITION).to_string();
    let composition_ok = composition == "gemengd" || Perspective::parse(&composition).is_some();
    if name.is_empty() || name.chars().count() > 60 || !composition_ok {
        let access = StaffAccess::Run;
        let mut response =
            render_console(&state, &staff, lang, session, access, Some("table_refused")).await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let mut items: Vec<(String, String)> = form
        .all(CARD)
        .into_iter()
        .map(|c| (item_kind::CARD.to_string(), c.to_string()))
        .collect();
    items.extend(
        form.all(STORY)
            .into_iter()
            .map(|s| (item_kind::STORY.to_string(), s.to_string())),
    );
    items.dedup();
    let use_deck = Some(form.trimmed("stapel").to_string()).filter(|d| !d.is_empty());
    let save_as = form.trimmed("bewaar_als").to_string();
    if save_as.chars().count() > 80 {
        let access = StaffAccess::Run;
        let mut response =
            render_console(&state, &staff, lang, session, access, Some("table_refused")).await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let (sid, by) = (session.id.clone(), staff.user.id.clone());
    let scope = staff.user.scope();
    let stored = pages::stored(&state, lang, move |conn| {
        // A saved deck adds its cards and experiences to the ticked ones.
        let mut items = items;
        if let Some(deck) = use_deck {
            for item in sense_making::deck_items_of(conn, &deck)? {
                if !items.contains(&item) {
                    items.push(item);
                }
            }
        }
        // Only published cards (that the account sees), and stories that are a typical story
        // of one of them.
        let published = crate::support::scope::published_cards(conn, &scope)?;
        let mut readable_stories = Vec::new();
        for card in &published {
            for s in cards::get(conn, &card.id)?.stories {
                if s.story().readable() {
                    readable_stories.push(s.story_id);
                }
            }
        }
        let items: Vec<(String, String)> = items
            .into_iter()
            .filter(|(kind, id)| {
                if kind == item_kind::CARD {
                    published.iter().any(|c| &c.id == id)
                } else {
                    readable_stories.contains(id)
                }
            })
            .collect();
        if !save_as.is_empty() {
            let deck = sense_making::DeckRow {
                id: vertelpunt_store::new_id(),
                name: save_as,
                created_by: Some(by),
                created_at: vertelpunt_store::now(),
            };
            sense_making::save_deck(conn, &deck, &items)?;
        }
        let position = sense_making::tables(conn, &sid)?.len() as i32;
        let table = TableRow {
            id: vertelpunt_store::new_id(),
            session_id: sid.clone(),
            position,
            name,
            composition,
            figures_title: None,
            figures_source: None,
            figures: None,
        };
        sense_making::add_table(conn, &table, &items)
    })
    .await;
    stored?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "table"))
}

pub async fn remove_participant(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (id, participant) = path.into_inner();
    let (_form, lang, _staff, session) = running(&state, signed_in, &id).await?;
    let sid = session.id.clone();
    let removed = pages::stored(&state, lang, move |conn| {
        sense_making::remove_participant(conn, &sid, &participant)
    })
    .await?;
    if !removed {
        return Err(PageError::not_found(&state, lang));
    }
    state.session_hub.wake();
    Ok(back(&session.id, lang, "removed"))
}

/// The join link as a QR code (SVG, drawn on the server), for the facilitator's screen.
pub async fn qr(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, _) = staff_session(&state, lang, &staff, &id).await?;
    let link = format!(
        "{}/doe-mee/{}",
        crate::support::client::origin(&req, state.options.trust_forwarded_for),
        session.join_code
    );
    Ok(match qr_svg(&link) {
        Ok(svg) => HttpResponse::Ok()
            .content_type("image/svg+xml")
            .insert_header(("Cache-Control", "no-store"))
            .body(svg),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

/// A QR code of `link` as an SVG document (it holds no text of the link, only its squares, so it
/// may be put into a page as it is).
pub(super) fn qr_svg(link: &str) -> Result<String, qrcode::types::QrError> {
    let svg = qrcode::QrCode::new(link.as_bytes())?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Without the XML declaration, so the same text also sits inside a page.
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}

/// Opens a dot vote for the whole session, with a budget of dots per participant.
pub async fn open_vote(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    use vertelpunt_facilitation::proposal::{DEFAULT_BUDGET, MAX_BUDGET};
    let (form, lang, _staff, session) = running(&state, signed_in, &id).await?;
    let budget = form
        .trimmed("stippen")
        .parse::<i32>()
        .unwrap_or(DEFAULT_BUDGET)
        .clamp(1, MAX_BUDGET);
    let vote = sense_making::VoteRow {
        id: vertelpunt_store::new_id(),
        session_id: session.id.clone(),
        budget,
        opened_at: vertelpunt_store::now(),
        closed_at: None,
    };
    pages::stored(&state, lang, move |conn| {
        sense_making::open_vote(conn, &vote)
    })
    .await?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "vote_open"))
}

/// Closes the open vote: the results show on every board.
pub async fn close_vote(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (_form, lang, _staff, session) = running(&state, signed_in, &id).await?;
    let sid = session.id.clone();
    pages::stored(&state, lang, move |conn| {
        match sense_making::latest_vote(conn, &sid)?.filter(|v| v.closed_at.is_none()) {
            Some(vote) => sense_making::close_vote(conn, &sid, &vote.id),
            None => Ok(()),
        }
    })
    .await?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "vote_closed"))
}

/// The agenda step that is on and its time left, as the console and every board show it.
#[derive(Debug, Serialize)]
pub struct TimerView {
    pub title: String,
    pub clock: String,
    /// Seconds left (for the countdown script).
    pub remaining: i64,
    pub paused: bool,
    pub position: usize,
    pub steps: usize,
}

/// The timer of `session` with its `steps`, now.
pub fn timer_view(session: &SessionRow, steps: &[sense_making::StepRow]) -> Option<TimerView> {
    use vertelpunt_facilitation::timer;
    let minutes: Vec<i32> = steps.iter().map(|s| s.minutes).collect();
    let now = vertelpunt_store::now().and_utc().timestamp();
    let at = |t: Option<chrono::NaiveDateTime>| t.map(|t| t.and_utc().timestamp());
    let state = timer::state(
        &minutes,
        session.current_step,
        at(session.step_started_at),
        at(session.step_paused_at),
        now,
    )?;
    Some(TimerView {
        title: steps[state.step].title.clone(),
        clock: timer::clock(state.remaining),
        remaining: state.remaining,
        paused: state.paused,
        position: state.step + 1,
        steps: steps.len(),
    })
}

/// The agenda's timer: start the programme, pause, go on, next step, stop.
pub async fn clock(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    use vertelpunt_facilitation::timer::resumed_start;
    let (form, lang, _staff, session) = running(&state, signed_in, &id).await?;
    let sid = session.id.clone();
    let steps = pages::stored(&state, lang, move |conn| sense_making::steps(conn, &sid)).await?;
    let now = vertelpunt_store::now();
    let to_time = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .map(|t| t.naive_utc())
            .unwrap_or(now)
    };
    let (step, started, paused) = match (form.trimmed("actie"), session.current_step) {
        ("start", _) => (Some(0), Some(now), None),
        ("pauze", Some(step)) if session.step_paused_at.is_none() => {
            (Some(step), session.step_started_at, Some(now))
        }
        ("verder", Some(step)) => match (session.step_started_at, session.step_paused_at) {
            (Some(started), Some(paused)) => (
                Some(step),
                Some(to_time(resumed_start(
                    started.and_utc().timestamp(),
                    paused.and_utc().timestamp(),
                    now.and_utc().timestamp(),
                ))),
                None,
            ),
            _ => (Some(step), session.step_started_at, None),
        },
        ("volgende", Some(step)) if ((step + 1) as usize) < steps.len() => {
            (Some(step + 1), Some(now), None)
        }
        ("stop", _) => (None, None, None),
        _ => return Ok(back(&session.id, lang, "clock")),
    };
    let sid = session.id.clone();
    pages::stored(&state, lang, move |conn| {
        sense_making::set_timer(conn, &sid, step, started, paused)
    })
    .await?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "clock"))
}

/// A short message to every phone of the session (empty: no message).
pub async fn message(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (form, lang, staff, session) = running(&state, signed_in, &id).await?;
    let text = form.trimmed("bericht").to_string();
    if text.chars().count() > 280 {
        let mut response = render_console(
            &state,
            &staff,
            lang,
            session,
            StaffAccess::Run,
            Some("message_long"),
        )
        .await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let sid = session.id.clone();
    pages::stored(&state, lang, move |conn| {
        let text = Some(text.as_str()).filter(|t| !t.is_empty());
        sense_making::set_message(conn, &sid, text)
    })
    .await?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "message"))
}

/// Reveals every post-it of a session written privately, at once.
pub async fn reveal(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (_form, lang, _staff, session) = running(&state, signed_in, &id).await?;
    let sid = session.id.clone();
    pages::stored(&state, lang, move |conn| sense_making::reveal(conn, &sid)).await?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "revealed"))
}

/// The agenda as the facilitator edits it: one step a line, minutes first (`20 Introductie`).
pub async fn edit_agenda(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (form, lang, staff, session) = running(&state, signed_in, &id).await?;
    let mut steps: Vec<(String, i32)> = Vec::new();
    let mut wrong = false;
    for line in form.get("stappen").unwrap_or("").lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (minutes, title) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        match minutes.parse::<u32>() {
            Ok(m)
                if (1..=agenda::MAX_STEP_MINUTES).contains(&m)
                    && !title.trim().is_empty()
                    && title.chars().count() <= 120 =>
            {
                steps.push((title.trim().to_string(), m as i32));
            }
            _ => wrong = true,
        }
    }
    if wrong || steps.is_empty() || steps.len() > 30 {
        let mut response = render_console(
            &state,
            &staff,
            lang,
            session,
            StaffAccess::Run,
            Some("agenda_refused"),
        )
        .await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let sid = session.id.clone();
    pages::stored(&state, lang, move |conn| {
        sense_making::replace_steps(conn, &sid, &steps)
    })
    .await?;
    state.session_hub.wake();
    Ok(back(&session.id, lang, "agenda"))
}

/// A table's regional figures: a title, the source and pasted lines of `label;value`; all empty
/// takes them away.
pub async fn table_figures(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    use vertelpunt_facilitation::figures;
    let (id, table_id) = path.into_inner();
    let (form, lang, staff, session) = running(&state, signed_in, &id).await?;
    let title = form.trimmed("titel").to_string();
    let source = form.trimmed("bron").to_string();
    let lines = form.get("cijfers").unwrap_or("").to_string();
    let empty = title.is_empty() && lines.trim().is_empty();
    if !empty {
        let parsed = figures::parse(&lines);
        if parsed.as_ref().map_or(true, Vec::is_empty)
            || title.is_empty()
            || title.chars().count() > 120
            || source.chars().count() > 200
        {
            let mut response = render_console(
                &state,
                &staff,
                lang,
                session,
                StaffAccess::Run,
                Some("figures_refused"),
            )
            .await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    }
    let sid = session.id.clone();
    let found = pages::stored(&state, lang, move |conn| {
        let Some(table) = sense_making::tables(conn, &sid)?
            .into_iter()
            .find(|t| t.id == table_id)
        else {
            return Ok(false);
        };
        let figures = (!empty).then(|| (title.as_str(), source.as_str(), lines.trim()));
        sense_making::set_figures(conn, &table, figures)?;
        Ok(true)
    })
    .await?;
    if !found {
        return Err(PageError::not_found(&state, lang));
    }
    state.session_hub.wake();
    Ok(back(&id, lang, "figures"))
}

/// "Wat werd er van de vorige keer?": lays every earlier proposal of the session's region (of
/// sessions that started before this one) on every table, as a card with its status and latest
/// progress.
pub async fn earlier_proposals(
    state: web::Data<AppState>,
    id: web::Path<String>,
    signed_in: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (_form, lang, staff, session) = running(&state, signed_in, &id).await?;
    let Some(region) = session.region_code.clone() else {
        return Ok(back(&session.id, lang, "earlier_no_region"));
    };
    let (sid, starts) = (session.id.clone(), session.starts_at);
    // Only sessions the facilitator may see (of their projects too).
    let scope = staff.user.scope();
    let added = pages::stored(&state, lang, move |conn| {
        let earlier: Vec<(String, String)> =
            vertelpunt_store::follow_up::earlier_in_region(conn, &region, starts)?
                .into_iter()
                .filter(|l| l.session.id != sid && l.session.within(&scope))
                .map(|l| (item_kind::PROPOSAL.to_string(), l.proposal.id))
                .collect();
        if earlier.is_empty() {
            return Ok(None);
        }
        let mut added = 0;
        for table in sense_making::tables(conn, &sid)? {
            added += sense_making::append_items(conn, &table, &earlier)?;
        }
        Ok(Some(added))
    })
    .await?;
    state.session_hub.wake();
    Ok(back(
        &session.id,
        lang,
        if added.is_some() {
            "earlier"
        } else {
            "earlier_none"
        },
    ))
}

/// Every table's proposals, one table a screen, to present to decision makers at the end.
pub async fn presentation(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, _) = staff_session(&state, lang, &staff, &id).await?;
    let sid = session.id.clone();
    let (tables, proposals) = pages::stored(&state, lang, move |conn| {
        Ok((
            sense_making::tables(conn, &sid)?,
            sense_making::proposals_of_session(conn, &sid)?,
        ))
    })
    .await?;
    #[derive(Serialize)]
    struct Slide {
        anchor: String,
        table: String,
        proposals: Vec<BTreeMap<&'static str, String>>,
    }
    let slides: Vec<Slide> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| Slide {
            anchor: format!("tafel-{}", i + 1),
            table: t.name.clone(),
            proposals: proposals
                .iter()
                .filter(|p| p.table_id == t.id)
                .map(|p| {
                    let owner = Some(super::follow_up::owner_of(p))
                        .filter(|o| !o.is_empty())
                        .unwrap_or_else(|| {
                            state.locales.text(lang, "sessions.no_owner").to_string()
                        });
                    BTreeMap::from([
                        ("title", p.title.clone()),
                        ("we_should", p.we_should.clone()),
                        ("so_that", p.so_that.clone()),
                        ("first_actions", p.first_actions.clone()),
                        ("owner", owner),
                        ("first_date", p.first_date.clone().unwrap_or_default()),
                    ])
                })
                .collect(),
        })
        .collect();
    let mut context = Context::new();
    context.insert("session", &SessionView::of(&state, lang, &session));
    context.insert("slides", &slides);
    context.insert(
        "console",
        &format!("/sessies/{}?lang={}", session.id, lang.code()),
    );
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "sessions/presentation.html",
        lang,
        context,
    ))
}
