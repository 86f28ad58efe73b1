//! Long work started from a page — a pattern evaluation, an import — runs in a background
//! thread as a [`Job`], so the request answers at once with a page that follows it. A job
//! counts its progress (`done` of `total`) and ends with an outcome that its page shows.
//!
//! One job of a kind runs at a time on a server: an evaluation over a million stories takes most
//! of the machine, and imports write in one transaction each, so a second one would only wait
//! for the first. Jobs live in memory: a restart forgets a running job (its page then says so),
//! never what it stored. A finished job is remembered for a day.
//!
//! A kind of job says what its pages show ([`JobKind`]); the page and the status its script
//! reads are the same for every kind, and each kind's jobs are found with [`of`].

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;
use vertelpunt_model::Lang;

use crate::support::auth::{staff_context, StaffPage};
use crate::support::error::PageError;
use crate::support::pages;
use crate::support::state::AppState;

/// How long a finished job is remembered.
const KEEP_FINISHED: Duration = Duration::from_secs(24 * 3600);

/// Where a job stands, as its page shows it and its script (`static/js/evaluation.js`) reads it.
#[derive(Debug, serde::Serialize)]
pub struct Standing {
    /// `running`, `done`, `failed` or `unknown`.
    pub state: &'static str,
    pub done: u64,
    pub total: u64,
    /// What to say about it, in the page's language.
    pub text: String,
    /// Where the script goes when the job has ended.
    pub href: Option<String>,
}

impl Standing {
    /// A job this server does not know (any more).
    pub fn unknown(text: &str) -> Standing {
        Standing {
            state: "unknown",
            done: 0,
            total: 0,
            text: text.to_string(),
            href: None,
        }
    }
}

/// One piece of background work and, once it ended, its outcome.
#[derive(Debug)]
pub struct Job<O> {
    pub id: String,
    /// The e-mail address of who started it.
    pub started_by: String,
    pub started_at: chrono::NaiveDateTime,
    done: AtomicU64,
    total: AtomicU64,
    outcome: Mutex<Option<(O, Instant)>>,
}

impl<O: Clone> Job<O> {
    /// The outcome, once the job has ended.
    pub fn outcome(&self) -> Option<O> {
        self.outcome
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|(o, _)| o.clone())
    }

    /// How far it is: `done` of `total` (0 of 0 before it knows).
    pub fn progress(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Reports progress: `done` never goes back.
    pub fn advance(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.fetch_max(done, Ordering::Relaxed);
    }

    /// Whether `user` may follow this job: who started it, and accounts not limited to regions
    /// (a job over other regions' stories is none of a limited account's business).
    pub fn seen_by(&self, user: &vertelpunt_store::users::User) -> bool {
        self.started_by == user.email || !user.scope().is_limited()
    }

    fn finished_long_ago(&self) -> bool {
        self.outcome
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|(_, at)| at.elapsed() > KEEP_FINISHED)
    }
}

/// The jobs of one kind started on this server.
#[derive(Debug)]
pub struct Jobs<O> {
    jobs: Mutex<HashMap<String, Arc<Job<O>>>>,
}

impl<O> Default for Jobs<O> {
    fn default() -> Self {
        Jobs {
            jobs: Mutex::new(HashMap::new()),
        }
    }
}

impl<O: Clone + Send + 'static> Jobs<O> {
    /// The job that is running, if any.
    pub fn running(&self) -> Option<Arc<Job<O>>> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.values().find(|j| j.outcome().is_none()).cloned()
    }

    /// A job by its id, running or finished (for a day).
    pub fn get(&self, id: &str) -> Option<Arc<Job<O>>> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(id).cloned()
    }

    /// Starts `work` in the background, unless a job is running already (which is then given
    /// instead). A panic inside `work` ends the job with `on_panic`, so a job never stays
    /// "running".
    pub fn start(
        &self,
        started_by: String,
        work: impl FnOnce(&Job<O>) -> O + Send + 'static,
        on_panic: O,
    ) -> Result<Arc<Job<O>>, Arc<Job<O>>> {
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
            let outcome =
                std::panic::catch_unwind(AssertUnwindSafe(|| work(&worker))).unwrap_or(on_panic);
            *worker.outcome.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((outcome, Instant::now()));
        });
        Ok(job)
    }
}

/// A kind of job (an evaluation, an import): where its pages are, who may see them, what
/// they say. Its page and the status its script reads are written once, here
/// ([`page`], [`status`]), for every kind.
pub trait JobKind: 'static {
    type Outcome: Clone + Send + Sync + 'static;
    /// The pages: `{PATH}/{id}` and `{PATH}/{id}/stand`.
    const PATH: &'static str;
    /// Who may follow such a job.
    type Permission: crate::support::permissions::Permission + 'static;
    /// Locale keys: a job this server does not know (any more); who started it, and when
    /// (`{who}`, `{when}`).
    const UNKNOWN: &'static str;
    const STARTED: &'static str;
    /// The page while it runs (it shows the [`Standing`]).
    const TEMPLATE: &'static str;

    /// Where the job stands, in `lang`.
    fn standing(state: &AppState, lang: Lang, job: &Job<Self::Outcome>) -> Standing;

    /// The page of an ended job, or `None` to show the running page with its standing (which
    /// then says how it ended).
    fn ended(
        state: &AppState,
        lang: Lang,
        session: &vertelpunt_store::sessions::StaffSession,
        context: Context,
        job: &Job<Self::Outcome>,
    ) -> Option<HttpResponse>;
}

/// The jobs of kind `K` on this server (kept in the application state's [`crate::support::state::Shared`],
/// one registry per kind, so the state names no area).
pub fn of<K: JobKind>(state: &AppState) -> Arc<Jobs<K::Outcome>> {
    state.job_kinds.get_or_default::<K, Jobs<K::Outcome>>()
}

/// The address of a job's page.
pub fn href<K: JobKind>(id: &str, lang: Lang) -> String {
    format!("{}/{id}?lang={}", K::PATH, lang.code())
}

/// Adds the pages of job kind `K` to the route table: `{PATH}/{id}` and `{PATH}/{id}/stand`.
pub fn routes<K: JobKind>(cfg: &mut web::ServiceConfig) {
    cfg.route(&format!("{}/{{id}}", K::PATH), web::get().to(page::<K>))
        .route(
            &format!("{}/{{id}}/stand", K::PATH),
            web::get().to(status::<K>),
        );
}

/// A job's page: its progress while it runs (kept current by `static/js/evaluation.js`, with a
/// refresh button without it), then what the kind shows of its end.
pub async fn page<K: JobKind>(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage { lang, session, .. }: StaffPage<K::Permission>,
) -> Result<HttpResponse, PageError> {
    let found = of::<K>(&state).get(&id);
    let Some(job) = found.filter(|job| job.seen_by(&session.user)) else {
        return Ok(pages::error_page(
            &state,
            StatusCode::NOT_FOUND,
            lang,
            "common.error_title",
            K::UNKNOWN,
        ));
    };
    let mut context = staff_context(&state, &session, lang, Context::new());
    if job.outcome().is_some() {
        if let Some(response) = K::ended(&state, lang, &session, context.clone(), &job) {
            return Ok(response);
        }
    }
    context.insert(
        "started",
        &state.locales.format(
            lang,
            K::STARTED,
            &[
                ("who", job.started_by.clone()),
                ("when", job.started_at.format("%Y-%m-%d %H:%M").to_string()),
            ],
        ),
    );
    context.insert(
        "status_href",
        &format!("{}/{}/stand?lang={}", K::PATH, job.id, lang.code()),
    );
    context.insert("job_href", &href::<K>(&job.id, lang));
    context.insert("standing", &K::standing(&state, lang, &job));
    Ok(pages::page(
        &state,
        StatusCode::OK,
        K::TEMPLATE,
        lang,
        context,
    ))
}

/// Where a job stands, as JSON, for the script on its page.
pub async fn status<K: JobKind>(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage { lang, session, .. }: StaffPage<K::Permission>,
) -> Result<HttpResponse, PageError> {
    let found = of::<K>(&state).get(&id);
    Ok(match found.filter(|job| job.seen_by(&session.user)) {
        Some(job) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(K::standing(&state, lang, &job)),
        None => {
            HttpResponse::NotFound().json(Standing::unknown(state.locales.text(lang, K::UNKNOWN)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for<O: Clone>(job: &Job<O>) -> O {
        let begun = Instant::now();
        loop {
            if let Some(o) = job.outcome() {
                return o;
            }
            assert!(begun.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn one_job_runs_at_a_time_and_a_panic_ends_it() {
        let jobs: Jobs<&'static str> = Jobs::default();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let first = jobs
            .start(
                "a@example.nl".into(),
                move |job| {
                    job.advance(3, 10);
                    wait.recv().unwrap();
                    "klaar"
                },
                "mislukt",
            )
            .unwrap();
        let second = jobs.start("b@example.nl".into(), |_| "nooit", "mislukt");
        assert_eq!(second.unwrap_err().id, first.id, "the running job is given");
        assert_eq!(jobs.running().unwrap().id, first.id);
        go.send(()).unwrap();
        assert_eq!(wait_for(&first), "klaar");
        assert_eq!(first.progress(), (3, 10));
        let panicking = jobs
            .start("c@example.nl".into(), |_| panic!("stuk"), "mislukt")
            .unwrap();
        assert_eq!(wait_for(&panicking), "mislukt");
        assert!(jobs.running().is_none());
        assert!(jobs.get(&first.id).is_some());
    }
}
