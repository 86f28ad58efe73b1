//! Starting a pattern evaluation from the web, for analysts and admins: `/patronen/nieuw` asks
//! for the selection (Vertelpunten, dates, role, region, channel, complete stories only, demo
//! stories), the preset, an optional subgroup to compare with the rest and the families; the
//! evaluation then runs in the background through the same code as `vertelpunt evaluate`
//! (`vertelpunt_patterns::run`) and is stored with its charts. `/patronen/taak/{id}` follows it:
//! a progress bar kept current by a small script (and a "refresh" button without it), and when
//! the run is stored, the run itself.
//!
//! One evaluation runs at a time on a server: a run over a million stories takes most of the
//! machine, and a second one would only slow both down. Jobs live in memory; a restart forgets
//! a running job (its page then says so), never a stored run.

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;
use vertelpunt_model::regions;
use vertelpunt_model::{Lang, Role};
use vertelpunt_patterns::dataset;
use vertelpunt_patterns::preset::SHIPPED;
use vertelpunt_patterns::run::{self, Request, RunError};
use vertelpunt_patterns::selection::ConditionTest;
use vertelpunt_patterns::{Condition, Family, Preset, Selection};
use vertelpunt_store::{channels, collection_points, pattern_runs, themes, Store, StoreError};

use crate::auth::{staff_context, staff_form, staff_page};
use crate::pages;
use crate::pattern_runs::READERS;
use crate::state::AppState;
use crate::vertelpunt::raw_form::RawForm;
use crate::vertelpunt::submit::see_other;

/// The form's fields.
const POINT: &str = "punt";
const FROM: &str = "van";
const UNTIL: &str = "tot";
const ROLE: &str = "rol";
const REGION: &str = "regio";
const CHANNEL: &str = "kanaal";
const THEME: &str = "thema";
const COMPLETE: &str = "compleet";
const SYNTHETIC: &str = "synthetisch";
const PRESET: &str = "drempels";
const SUBGROUP: &str = "subgroep";
const FAMILY: &str = "soort";

/// How long a finished job is remembered.
const KEEP_FINISHED: Duration = Duration::from_secs(24 * 3600);

/// Why a job did not store a run.
#[derive(Debug, Clone)]
pub enum Failure {
    NoStories { before: usize },
    EmptySubgroup(String),
    Error(String),
}

#[derive(Debug, Clone)]
enum Outcome {
    Stored(String),
    Failed(Failure),
}

/// One evaluation started from the web.
#[derive(Debug)]
pub struct Job {
    pub id: String,
    pub started_by: String,
    pub started_at: chrono::NaiveDateTime,
    done: AtomicU64,
    total: AtomicU64,
    outcome: Mutex<Option<(Outcome, Instant)>>,
}

impl Job {
    fn outcome(&self) -> Option<Outcome> {
        self.outcome
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|(o, _)| o.clone())
    }

    fn finished_long_ago(&self) -> bool {
        self.outcome
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|(_, at)| at.elapsed() > KEEP_FINISHED)
    }
}

/// The evaluations started on this server.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    /// The job that is running, if any.
    pub fn running(&self) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.values().find(|j| j.outcome().is_none()).cloned()
    }

    fn get(&self, id: &str) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(id).cloned()
    }

    /// Starts `request` over the stories of `points` in the background, unless a job is
    /// running already (which is then given instead).
    fn start(
        &self,
        store: Store,
        started_by: String,
        points: Vec<String>,
        request: Request,
    ) -> Result<Arc<Job>, Arc<Job>> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(running) = jobs.values().find(|j| j.outcome().is_none()) {
            return Err(running.clone());
        }
        jobs.retain(|_, j| !j.finished_long_ago());
        let job = Arc::new(Job {
            id: vertelpunt_store::new_id(),
            started_by,
            started_at: vertelpunt_store::now(),
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            outcome: Mutex::new(None),
        });
        jobs.insert(job.id.clone(), job.clone());
        let worker = job.clone();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                execute(&store, &points, &request, &worker)
            }))
            .unwrap_or_else(|_| {
                Err(Failure::Error(
                    "the evaluation stopped unexpectedly".to_string(),
                ))
            });
            let outcome = match outcome {
                Ok(run_id) => {
                    tracing::info!(run = %run_id, by = %worker.started_by, "pattern evaluation stored");
                    Outcome::Stored(run_id)
                }
                Err(failure) => {
                    tracing::warn!(?failure, by = %worker.started_by, "pattern evaluation failed");
                    Outcome::Failed(failure)
                }
            };
            *worker.outcome.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((outcome, Instant::now()));
        });
        Ok(job)
    }
}

fn error(e: impl std::fmt::Display) -> Failure {
    Failure::Error(e.to_string())
}

/// Loads, selects, evaluates and stores; gives the stored run's id.
fn execute(
    store: &Store,
    points: &[String],
    request: &Request,
    job: &Job,
) -> Result<String, Failure> {
    let started_at = vertelpunt_store::now();
    let full = {
        let mut conn = store.conn().map_err(error)?;
        dataset::load::load(&mut conn, points).map_err(error)?
    };
    let prepared = run::prepare(&full, request).map_err(|e| match e {
        RunError::NoStories { before } => Failure::NoStories { before },
        RunError::EmptySubgroup(s) => Failure::EmptySubgroup(s),
        other => error(other),
    })?;
    drop(full);
    let finished = run::finish(&prepared, request, &|done, total| {
        job.total.store(total, Ordering::Relaxed);
        job.done.fetch_max(done, Ordering::Relaxed);
    })
    .map_err(error)?;
    let stored = finished
        .record(request, points, started_at)
        .map_err(error)?;
    let mut conn = store.conn().map_err(error)?;
    pattern_runs::insert(&mut conn, &stored, &finished.charts()).map_err(error)?;
    Ok(stored.id)
}

/// A choice in the form: value, label, chosen.
type Choice = (String, String, bool);

/// What the form was filled in with (or starts with).
#[derive(Debug, Default, Clone)]
struct Asked {
    points: Vec<String>,
    from: String,
    until: String,
    role: String,
    region: String,
    channel: String,
    theme: String,
    complete: bool,
    synthetic: bool,
    preset: String,
    subgroup: String,
    families: Vec<String>,
}

impl Asked {
    fn of(form: &RawForm) -> Asked {
        let text = |name: &str| form.trimmed(name).to_string();
        Asked {
            points: form.all(POINT).into_iter().map(String::from).collect(),
            from: text(FROM),
            until: text(UNTIL),
            role: text(ROLE),
            region: text(REGION),
            channel: text(CHANNEL),
            theme: text(THEME),
            complete: form.ticked(COMPLETE),
            synthetic: form.ticked(SYNTHETIC),
            preset: text(PRESET),
            subgroup: text(SUBGROUP),
            families: form.all(FAMILY).into_iter().map(String::from).collect(),
        }
    }

    /// The form as first shown: the first Vertelpunt, the standard preset, every family.
    fn fresh(offer: &Offer) -> Asked {
        Asked {
            points: offer
                .points
                .iter()
                .take(1)
                .map(|(s, _)| s.clone())
                .collect(),
            preset: "standaard".to_string(),
            families: Family::ALL.iter().map(|f| f.code().to_string()).collect(),
            ..Asked::default()
        }
    }
}

/// What the form offers.
struct Offer {
    points: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    /// Themes in use: the theme and how many stories have it.
    themes: Vec<(String, i64)>,
}

async fn offer(state: &AppState) -> Result<Offer, String> {
    let store = state.store.clone();
    web::block(move || -> Result<Offer, StoreError> {
        let mut conn = store.conn()?;
        let points = collection_points::list(&mut conn)?;
        let mut codes = BTreeMap::new();
        let mut projects: Vec<&str> = points.iter().map(|p| p.project_id.as_str()).collect();
        projects.sort_unstable();
        projects.dedup();
        for project in projects {
            for c in channels::list(&mut conn, project)? {
                codes
                    .entry(c.code.clone())
                    .or_insert_with(|| format!("{} ({})", c.label, c.code));
            }
        }
        let ids: Vec<String> = points.iter().map(|p| p.id.clone()).collect();
        Ok(Offer {
            themes: themes::in_use(&mut conn, &ids)?,
            points: points.into_iter().map(|p| (p.slug, p.name)).collect(),
            channels: codes.into_iter().collect(),
        })
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())
}

/// The subgroups offered: each role, each region and each theme against the rest.
fn subgroups(state: &AppState, lang: Lang, offer: &Offer) -> Vec<(String, String)> {
    let role = state.locales.text(lang, "dashboard.role_label");
    let region = state.locales.text(lang, "dashboard.region_label");
    let mut out: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| {
            (
                format!("role={}", r.code()),
                format!("{role}: {}", r.label().get(lang)),
            )
        })
        .collect();
    out.extend(regions::jeugdregios().iter().map(|r| {
        (
            format!("region={}", r.code),
            format!("{region}: {}", r.name),
        )
    }));
    let theme = state.locales.text(lang, "evaluations.subgroup_theme");
    out.extend(
        offer
            .themes
            .iter()
            .map(|(t, n)| (format!("theme={t}"), format!("{theme}: {t} ({n})"))),
    );
    out
}

/// Checks the form; gives the points and the request, or the message per field.
fn check(
    state: &AppState,
    lang: Lang,
    offer: &Offer,
    asked: &Asked,
) -> Result<(Vec<String>, Request), BTreeMap<&'static str, String>> {
    let mut errors = BTreeMap::new();
    let say = |key: &str, args: &[(&str, String)]| {
        state
            .locales
            .format(lang, &format!("evaluations.{key}"), args)
    };
    if asked.points.is_empty() {
        errors.insert(POINT, say("error_no_point", &[]));
    }
    for p in &asked.points {
        if !offer.points.iter().any(|(slug, _)| slug == p) {
            errors.insert(POINT, say("error_choice", &[("value", p.clone())]));
        }
    }
    let mut date = |name: &'static str, value: &str| -> Option<NaiveDate> {
        if value.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.insert(name, say("error_date", &[("value", value.to_string())]));
                None
            }
        }
    };
    let from = date(FROM, &asked.from);
    let until = date(UNTIL, &asked.until);
    if let (Some(f), Some(u)) = (from, until) {
        if u < f {
            errors.insert(UNTIL, say("error_dates_order", &[]));
        }
    }
    let mut conditions = Vec::new();
    let mut pick = |name: &'static str, value: &str, field: &str, known: bool| {
        if value.is_empty() {
            return;
        }
        if known {
            conditions.push(Condition {
                field: field.to_string(),
                test: ConditionTest::OneOf {
                    values: vec![value.to_string()],
                },
            });
        } else {
            errors.insert(name, say("error_choice", &[("value", value.to_string())]));
        }
    };
    pick(
        ROLE,
        &asked.role,
        "role",
        Role::ALL.iter().any(|r| r.code() == asked.role),
    );
    pick(
        REGION,
        &asked.region,
        "region",
        regions::jeugdregios()
            .iter()
            .any(|r| r.code == asked.region),
    );
    pick(
        CHANNEL,
        &asked.channel,
        "channel",
        offer.channels.iter().any(|(c, _)| *c == asked.channel),
    );
    pick(
        THEME,
        &asked.theme,
        "theme",
        offer.themes.iter().any(|(t, _)| *t == asked.theme),
    );
    let preset = match SHIPPED.iter().find(|(name, _)| *name == asked.preset) {
        Some((name, _)) => Preset::shipped(name).ok(),
        None => {
            errors.insert(
                PRESET,
                say("error_choice", &[("value", asked.preset.clone())]),
            );
            None
        }
    };
    let subgroup = if asked.subgroup.is_empty() {
        None
    } else if subgroups(state, lang, offer)
        .iter()
        .any(|(v, _)| *v == asked.subgroup)
    {
        let condition = Condition::parse(&asked.subgroup).ok();
        let filtered = conditions
            .iter()
            .any(|c| condition.as_ref().is_some_and(|s| s.field == c.field));
        if filtered {
            errors.insert(SUBGROUP, say("error_subgroup_filtered", &[]));
        }
        condition
    } else {
        errors.insert(
            SUBGROUP,
            say("error_choice", &[("value", asked.subgroup.clone())]),
        );
        None
    };
    let mut families = Vec::new();
    for code in &asked.families {
        match Family::parse(code) {
            Some(f) => families.push(f),
            None => {
                errors.insert(FAMILY, say("error_choice", &[("value", code.clone())]));
            }
        }
    }
    if families.is_empty() && !errors.contains_key(FAMILY) {
        errors.insert(FAMILY, say("error_no_family", &[]));
    }
    if let (true, Some(preset)) = (errors.is_empty(), preset) {
        let request = Request {
            selection: Selection {
                collection_points: asked.points.clone(),
                questionnaire: None,
                from,
                until,
                complete_only: asked.complete,
                include_synthetic: asked.synthetic,
                conditions,
            },
            preset,
            subgroup,
            families,
        };
        return Ok((asked.points.clone(), request));
    }
    Err(errors)
}

/// The form page.
fn form_page(
    state: &AppState,
    session: &vertelpunt_store::sessions::StaffSession,
    lang: Lang,
    status: StatusCode,
    offer: &Offer,
    asked: &Asked,
    errors: &BTreeMap<&'static str, String>,
) -> HttpResponse {
    let choices = |items: &[(String, String)], chosen: &dyn Fn(&str) -> bool| -> Vec<Choice> {
        items
            .iter()
            .map(|(v, l)| (v.clone(), l.clone(), chosen(v)))
            .collect()
    };
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| (r.code().to_string(), r.label().get(lang).to_string()))
        .collect();
    let region_list: Vec<(String, String)> = regions::jeugdregios()
        .iter()
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let presets: Vec<(String, String)> = SHIPPED
        .iter()
        .map(|(name, _)| {
            let label = state
                .locales
                .text(lang, &format!("evaluations.preset_{name}"));
            (name.to_string(), label.to_string())
        })
        .collect();
    let families: Vec<(String, String)> = Family::ALL
        .iter()
        .map(|f| {
            let label = state
                .locales
                .text(lang, &format!("patterns.family_{}", f.code()));
            (f.code().to_string(), label.to_string())
        })
        .collect();
    let mut context = staff_context(state, session, lang, Context::new());
    context.insert(
        "points",
        &choices(&offer.points, &|v| asked.points.iter().any(|p| p == v)),
    );
    context.insert("roles", &choices(&roles, &|v| v == asked.role));
    context.insert("regions", &choices(&region_list, &|v| v == asked.region));
    context.insert(
        "channels",
        &choices(&offer.channels, &|v| v == asked.channel),
    );
    let theme_list: Vec<(String, String)> = offer
        .themes
        .iter()
        .map(|(t, n)| (t.clone(), format!("{t} ({n})")))
        .collect();
    context.insert("themes", &choices(&theme_list, &|v| v == asked.theme));
    context.insert("presets", &choices(&presets, &|v| v == asked.preset));
    context.insert(
        "subgroups",
        &choices(&subgroups(state, lang, offer), &|v| v == asked.subgroup),
    );
    context.insert(
        "families",
        &choices(&families, &|v| asked.families.iter().any(|f| f == v)),
    );
    context.insert("from", &asked.from);
    context.insert("until", &asked.until);
    context.insert("complete", &asked.complete);
    context.insert("synthetic", &asked.synthetic);
    context.insert("errors", errors);
    insert_running(state, lang, &mut context);
    pages::page(state, status, "patterns/new.html", lang, context)
}

/// Tells the page about the evaluation that is running, if one is.
pub fn insert_running(state: &AppState, lang: Lang, context: &mut Context) {
    if let Some(job) = state.jobs.running() {
        context.insert("running_href", &job_href(&job.id, lang));
        context.insert(
            "running",
            &state.locales.format(
                lang,
                "evaluations.running",
                &[
                    ("who", job.started_by.clone()),
                    ("when", job.started_at.format("%H:%M").to_string()),
                ],
            ),
        );
    }
}

fn job_href(id: &str, lang: Lang) -> String {
    format!("/patronen/taak/{id}?lang={}", lang.code())
}

#[get("/patronen/nieuw")]
pub async fn new(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let (_query, lang, session) = match staff_page(&state, &req, &READERS).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let offer = match offer(&state).await {
        Ok(o) => o,
        Err(e) => return pages::failure(&state, lang, &e),
    };
    let asked = Asked::fresh(&offer);
    form_page(
        &state,
        &session,
        lang,
        StatusCode::OK,
        &offer,
        &asked,
        &BTreeMap::new(),
    )
}

#[post("/patronen/nieuw")]
pub async fn start(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let (form, lang, session) = match staff_form(&state, &req, &body, &READERS).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let offer = match offer(&state).await {
        Ok(o) => o,
        Err(e) => return pages::failure(&state, lang, &e),
    };
    let asked = Asked::of(&form);
    let (points, request) = match check(&state, lang, &offer, &asked) {
        Ok(checked) => checked,
        Err(errors) => {
            return form_page(
                &state,
                &session,
                lang,
                StatusCode::BAD_REQUEST,
                &offer,
                &asked,
                &errors,
            )
        }
    };
    match state.jobs.start(
        state.store.clone(),
        session.user.email.clone(),
        points,
        request,
    ) {
        Ok(job) => see_other(&job_href(&job.id, lang)),
        Err(_running) => form_page(
            &state,
            &session,
            lang,
            StatusCode::CONFLICT,
            &offer,
            &asked,
            &BTreeMap::new(),
        ),
    }
}

/// Where a job stands, for the page and its script.
#[derive(Serialize)]
struct Standing {
    state: &'static str,
    done: u64,
    total: u64,
    text: String,
    href: Option<String>,
}

fn standing(state: &AppState, lang: Lang, job: &Job) -> Standing {
    let done = job.done.load(Ordering::Relaxed);
    let total = job.total.load(Ordering::Relaxed);
    match job.outcome() {
        None if total == 0 => Standing {
            state: "running",
            done,
            total,
            text: state.locales.text(lang, "evaluations.loading").to_string(),
            href: None,
        },
        None => Standing {
            state: "running",
            done,
            total,
            text: state.locales.format(
                lang,
                "evaluations.progress",
                &[("done", done.to_string()), ("total", total.to_string())],
            ),
            href: None,
        },
        Some(Outcome::Stored(run)) => Standing {
            state: "done",
            done,
            total,
            text: state.locales.text(lang, "evaluations.done").to_string(),
            href: Some(format!("/patronen/{run}?lang={}", lang.code())),
        },
        Some(Outcome::Failed(failure)) => Standing {
            state: "failed",
            done,
            total,
            text: match failure {
                Failure::NoStories { before } => state.locales.format(
                    lang,
                    "evaluations.failed_no_stories",
                    &[("before", before.to_string())],
                ),
                Failure::EmptySubgroup(s) => state.locales.format(
                    lang,
                    "evaluations.failed_empty_subgroup",
                    &[("subgroup", s)],
                ),
                Failure::Error(e) => {
                    state
                        .locales
                        .format(lang, "evaluations.failed_error", &[("error", e)])
                }
            },
            href: Some(job_href(&job.id, lang)),
        },
    }
}

#[get("/patronen/taak/{id}")]
pub async fn job_page(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> HttpResponse {
    let (_query, lang, session) = match staff_page(&state, &req, &READERS).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(job) = state.jobs.get(&id) else {
        return pages::error_page(
            &state,
            StatusCode::NOT_FOUND,
            lang,
            "common.error_title",
            "evaluations.unknown_job",
        );
    };
    let standing = standing(&state, lang, &job);
    if let ("done", Some(href)) = (standing.state, &standing.href) {
        return see_other(href);
    }
    let mut context = staff_context(&state, &session, lang, Context::new());
    context.insert(
        "started",
        &state.locales.format(
            lang,
            "evaluations.started",
            &[
                ("who", job.started_by.clone()),
                ("when", job.started_at.format("%Y-%m-%d %H:%M").to_string()),
            ],
        ),
    );
    context.insert(
        "status_href",
        &format!("/patronen/taak/{}/stand?lang={}", job.id, lang.code()),
    );
    context.insert("job_href", &job_href(&job.id, lang));
    context.insert("standing", &standing);
    pages::page(&state, StatusCode::OK, "patterns/job.html", lang, context)
}

#[get("/patronen/taak/{id}/stand")]
pub async fn job_status(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> HttpResponse {
    let (_query, lang, _) = match staff_page(&state, &req, &READERS).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match state.jobs.get(&id) {
        Some(job) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(standing(&state, lang, &job)),
        None => HttpResponse::NotFound().json(Standing {
            state: "unknown",
            done: 0,
            total: 0,
            text: state
                .locales
                .text(lang, "evaluations.unknown_job")
                .to_string(),
            href: None,
        }),
    }
}
