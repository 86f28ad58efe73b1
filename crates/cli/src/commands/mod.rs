//! One module per subcommand.

pub mod api_token;
pub mod collection_point;
pub mod create_user;
pub mod evaluate;
pub mod export;
pub mod import;
pub mod migrate;
pub mod questionnaire;
pub mod seed_demo;
pub mod selection;
pub mod serve;

use anyhow::Context;
use vertelpunt_store::{url::redact, Store};

/// Opens the configured database, naming it (without password) if that fails.
pub fn open_store(database: &str) -> anyhow::Result<Store> {
    Store::open(database).with_context(|| format!("cannot open database {}", redact(database)))
}
