//! What every handler can reach, passed through `web::Data` (never globals), so tests can vary
//! it: the store, templates, messages, the form-token key, the rate limiter, the story writer
//! and a short-lived cache of collection points with their parsed questionnaires.

use std::sync::Arc;
use tera::Tera;
use vertelpunt_store::{secrets, Store, StoreResult};

use crate::support::catalog::Catalog;
use crate::support::i18n::Locales;
use crate::support::ratelimit::RateLimiter;
use crate::support::token::FormTokens;
use crate::support::writer::StoryWriter;

/// Settings of the web application that operators (and tests) may change.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Story submissions and withdrawal attempts per client per hour; 0 switches the limit off.
    pub submissions_per_hour: u32,
    /// How many of those a client may send at once before the hourly rate applies.
    pub submission_burst: u32,
    /// Sign-in attempts per client per hour (whatever the address tried); 0 switches it off.
    pub logins_per_hour: u32,
    /// How many sign-in attempts a client may make at once before the hourly rate applies.
    pub login_burst: u32,
    /// Wrong session join codes per client per hour; 0 switches the limit off.
    pub wrong_codes_per_hour: u32,
    /// How many wrong codes a client may try at once before the hourly rate applies.
    pub wrong_code_burst: u32,
    /// Weeks without news after which an unfinished proposal stands out on `/voorstellen`.
    pub quiet_weeks: u32,
    /// Use the left-most `X-Forwarded-For` address as the client (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// How long a request waits for quick background work (typical stories suggested for a
    /// card) before it answers with the work's progress page instead.
    pub quick_job_wait: std::time::Duration,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions {
            submissions_per_hour: 60,
            submission_burst: 20,
            logins_per_hour: 60,
            login_burst: 30,
            wrong_codes_per_hour: 30,
            wrong_code_burst: 10,
            quiet_weeks: vertelpunt_facilitation::proposal::DEFAULT_QUIET_WEEKS,
            trust_forwarded_for: false,
            quick_job_wait: std::time::Duration::from_secs(2),
        }
    }
}

/// Shared application state.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub options: WebOptions,
    pub tera: Arc<Tera>,
    pub locales: Arc<Locales>,
    pub tokens: FormTokens,
    pub limiter: Arc<RateLimiter>,
    /// Sign-in attempts per client.
    pub login_limiter: Arc<RateLimiter>,
    /// Wrong join codes per client (a right code is never limited: a whole school may share one
    /// address).
    pub join_limiter: Arc<RateLimiter>,
    /// Wakes the live session boards of this instance.
    pub session_hub: Arc<crate::support::live::Hub>,
    /// Failed sign-ins at addresses without an account, counted like an account's.
    pub unknown_accounts: Arc<crate::support::unknown_accounts::UnknownAccounts>,
    pub writer: StoryWriter,
    pub catalog: Arc<Catalog>,
    /// Background jobs (evaluations, imports), per kind (see `crate::support::jobs::of`).
    pub job_kinds: Arc<Shared>,
    /// The counts of each collection point in memory, for the dashboard and the aggregates API.
    pub tallies: Arc<vertelpunt_store::tally::Tallies>,
}

impl AppState {
    /// Loads a collection point from the catalog without blocking a worker.
    pub async fn point(
        &self,
        slug: &str,
    ) -> Result<Option<Arc<crate::support::catalog::PointContext>>, vertelpunt_store::StoreError>
    {
        let catalog = self.catalog.clone();
        let store = self.store.clone();
        let slug = slug.to_string();
        actix_web::web::block(move || catalog.get(&store, &slug))
            .await
            .map_err(|e| vertelpunt_store::StoreError::Connect(e.to_string()))?
    }

    /// Builds the state on a prepared database (migrations applied): reads or makes the
    /// form-token key and starts the story writer.
    pub fn new(store: Store, options: WebOptions) -> StoreResult<Self> {
        let key = {
            let mut conn = store.conn()?;
            secrets::get_or_create(&mut conn, "form-token-key")?
        };
        Ok(AppState {
            tera: Arc::new(crate::support::templates::load()),
            locales: Arc::new(Locales::load()),
            tokens: FormTokens::new(key.as_bytes()),
            limiter: Arc::new(RateLimiter::new(
                options.submissions_per_hour,
                options.submission_burst,
            )),
            login_limiter: Arc::new(RateLimiter::new(
                options.logins_per_hour,
                options.login_burst,
            )),
            unknown_accounts: Arc::default(),
            join_limiter: Arc::new(RateLimiter::new(
                options.wrong_codes_per_hour,
                options.wrong_code_burst,
            )),
            session_hub: Arc::new(crate::support::live::Hub::start(store.clone())),
            writer: StoryWriter::start(store.clone()),
            catalog: Arc::new(Catalog::default()),
            job_kinds: Arc::default(),
            tallies: Arc::default(),
            options,
            store,
        })
    }
}

/// Values shared by the whole application, one per key type, made when first asked for: the
/// jobs of each kind. The state holds them without naming the areas they belong to.
#[derive(Default)]
pub struct Shared {
    values: std::sync::Mutex<
        std::collections::HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>,
    >,
}

impl Shared {
    /// The value of key `K` (a new `T` the first time).
    pub fn get_or_default<K: 'static, T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        let value = values
            .entry(std::any::TypeId::of::<K>())
            .or_insert_with(|| Arc::new(T::default()))
            .clone();
        value
            .downcast::<T>()
            .expect("a key always holds the same type")
    }
}
