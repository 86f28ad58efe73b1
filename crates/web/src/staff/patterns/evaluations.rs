//! Starting a pattern evaluation from the web, for analysts and admins: `/patronen/nieuw` asks
//! for the selection (Vertelpunten, dates, role, region, channel, complete stories only, demo
//! stories), the preset, an optional subgroup to compare with the rest and the families; the
//! evaluation then runs in the background through the same code as `vertelpunt evaluate`
//! (`vertelpunt_patterns::run`) and is stored with its charts. `/patronen/taak/{id}` follows it:
//! a progress bar kept current by a small script (and a "refresh" button without it), and when
//! the run is stored, the run itself.
//!
//! One evaluation runs at a time on a server (see [`crate::support::jobs`]); a restart forgets a running
//! job (its page then says so), never a stored run.

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;
use vertelpunt_model::regions;
use vertelpunt_model::{Lang, Role};
use vertelpunt_patterns::dataset;
use vertelpunt_patterns::preset::SHIPPED;
use vertelpunt_patterns::run::{self, Request, RunError};
use vertelpunt_patterns::{Condition, Family, Preset};
use vertelpunt_store::{pattern_runs, Store};

use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::RawForm;
use crate::support::jobs::Standing;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::selection_form::{self, choices, Offer, SelectionAsked};
use crate::support::state::AppState;

/// The form's own fields (the selection's are in [`crate::support::selection_form`]).
const PRESET: &str = "drempels";
const SUBGROUP: &str = "subgroep";
const FAMILY: &str = "soort";

/// Why a job did not store a run.
#[derive(Debug, Clone)]
pub enum Failure {
    NoStories { before: usize },
    EmptySubgroup(String),
    Error(String),
}

/// How an evaluation ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Stored(String),
    Failed(Failure),
}

/// An evaluation started from the web.
pub type Job = crate::support::jobs::Job<Outcome>;
/// The evaluations started on this server.
pub type Jobs = crate::support::jobs::Jobs<Outcome>;

/// Starts `request` over the stories of `points` in the background, unless an evaluation is
/// running already (which is then given instead).
fn start_job(
    jobs: &Jobs,
    store: Store,
    started_by: String,
    scope: vertelpunt_store::users::Scope,
    points: Vec<String>,
    request: Request,
) -> Result<Arc<Job>, Arc<Job>> {
    let by = started_by.clone();
    jobs.start(
        started_by,
        move |job| match execute(&store, &scope, &points, &request, job) {
            Ok(run_id) => {
                tracing::info!(run = %run_id, by = %by, "pattern evaluation stored");
                Outcome::Stored(run_id)
            }
            Err(failure) => {
                tracing::warn!(?failure, by = %by, "pattern evaluation failed");
                Outcome::Failed(failure)
            }
        },
        Outcome::Failed(Failure::Error(
            "the evaluation stopped unexpectedly".to_string(),
        )),
    )
}

fn error(e: impl std::fmt::Display) -> Failure {
    Failure::Error(e.to_string())
}

/// Loads, selects, evaluates and stores; gives the stored run's id.
fn execute(
    store: &Store,
    scope: &vertelpunt_store::users::Scope,
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
        // Before selecting: of the account's own regions only.
        RunError::NoStories { .. } => Failure::NoStories {
            before: crate::support::scope::stories_within(&full, scope).unwrap_or(0),
        },
        RunError::EmptySubgroup(s) => Failure::EmptySubgroup(s),
        other => error(other),
    })?;
    drop(full);
    let finished =
        run::finish(&prepared, request, &|done, total| job.advance(done, total)).map_err(error)?;
    let stored = finished
        .record(request, points, started_at)
        .map_err(error)?;
    let mut conn = store.conn().map_err(error)?;
    pattern_runs::insert(&mut conn, &stored, &finished.charts()).map_err(error)?;
    Ok(stored.id)
}

/// What the form was filled in with (or starts with).
#[derive(Debug, Default, Clone)]
struct Asked {
    selection: SelectionAsked,
    preset: String,
    subgroup: String,
    families: Vec<String>,
}

impl Asked {
    fn of(form: &RawForm) -> Asked {
        Asked {
            selection: SelectionAsked::of(form),
            preset: form.trimmed(PRESET).to_string(),
            subgroup: form.trimmed(SUBGROUP).to_string(),
            families: form.all(FAMILY).into_iter().map(String::from).collect(),
        }
    }

    /// The form as first shown: the first Vertelpunt, the standard preset, every family.
    fn fresh(offer: &Offer) -> Asked {
        Asked {
            selection: SelectionAsked::fresh(offer),
            preset: "standaard".to_string(),
            families: Family::ALL.iter().map(|f| f.code().to_string()).collect(),
            ..Asked::default()
        }
    }
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
    let selection = selection_form::check(state, lang, offer, &asked.selection, &mut errors);
    let say = |key: &str, args: &[(&str, String)]| {
        state
            .locales
            .format(lang, &format!("evaluations.{key}"), args)
    };
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
        let filtered = selection
            .conditions
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
        let points = selection.collection_points.clone();
        let request = Request {
            selection,
            preset,
            subgroup,
            families,
        };
        return Ok((points, request));
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
    selection_form::insert(lang, offer, &asked.selection, &mut context);
    context.insert("presets", &choices(&presets, &|v| v == asked.preset));
    context.insert(
        "subgroups",
        &choices(&subgroups(state, lang, offer), &|v| v == asked.subgroup),
    );
    context.insert(
        "families",
        &choices(&families, &|v| asked.families.iter().any(|f| f == v)),
    );
    context.insert("errors", errors);
    insert_running(state, lang, &mut context);
    pages::page(state, status, "patterns/new.html", lang, context)
}

/// Tells the page about the evaluation that is running, if one is.
pub fn insert_running(state: &AppState, lang: Lang, context: &mut Context) {
    if let Some(job) = crate::support::jobs::of::<Evaluation>(state).running() {
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
    crate::support::jobs::href::<Evaluation>(id, lang)
}

/// A pattern evaluation started on the web, as a kind of background job.
pub struct Evaluation;

impl crate::support::jobs::JobKind for Evaluation {
    type Outcome = Outcome;
    const PATH: &'static str = "/patronen/taak";
    type Permission = can::RunEvaluations;
    const UNKNOWN: &'static str = "evaluations.unknown_job";
    const STARTED: &'static str = "evaluations.started";
    const TEMPLATE: &'static str = "patterns/job.html";

    fn standing(state: &AppState, lang: Lang, job: &Job) -> Standing {
        standing(state, lang, job)
    }

    /// A stored run opens at once; a failure stays on the job page, which says why.
    fn ended(
        state: &AppState,
        lang: Lang,
        _session: &vertelpunt_store::sessions::StaffSession,
        _context: Context,
        job: &Job,
    ) -> Option<HttpResponse> {
        match standing(state, lang, job) {
            Standing {
                state: "done",
                href: Some(href),
                ..
            } => Some(see_other(&href)),
            _ => None,
        }
    }
}

pub async fn new(
    state: web::Data<AppState>,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::RunEvaluations>,
) -> Result<HttpResponse, PageError> {
    let offer = match selection_form::offer(&state, &session.user).await {
        Ok(o) => o,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let asked = Asked::fresh(&offer);
    Ok(form_page(
        &state,
        &session,
        lang,
        StatusCode::OK,
        &offer,
        &asked,
        &BTreeMap::new(),
    ))
}

pub async fn start(
    state: web::Data<AppState>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::RunEvaluations>,
) -> Result<HttpResponse, PageError> {
    let offer = match selection_form::offer(&state, &session.user).await {
        Ok(o) => o,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let asked = Asked::of(&form);
    let (points, request) = match check(&state, lang, &offer, &asked) {
        Ok(checked) => {
            selection_form::remember_point(&state, &session.user.id, &checked.0).await;
            checked
        }
        Err(errors) => {
            return Ok(form_page(
                &state,
                &session,
                lang,
                StatusCode::BAD_REQUEST,
                &offer,
                &asked,
                &errors,
            ))
        }
    };
    Ok(
        match start_job(
            &crate::support::jobs::of::<Evaluation>(&state),
            state.store.clone(),
            session.user.email.clone(),
            session.user.scope(),
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
        },
    )
}

fn standing(state: &AppState, lang: Lang, job: &Job) -> Standing {
    let (done, total) = job.progress();
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
