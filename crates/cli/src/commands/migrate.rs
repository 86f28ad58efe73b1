//! `vertelpunt migrate`: apply pending migrations and report them.

use vertelpunt_store::migrations;

use crate::config::Config;

pub fn run(config: &Config) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    let applied = migrations::run_pending(&mut conn)?;
    if applied.is_empty() {
        println!("Nothing to migrate: the database is up to date.");
    } else {
        for m in &applied {
            println!("applied {m}");
        }
    }
    if let Some(v) = migrations::schema_version(&mut conn)? {
        println!("schema version {v} ({})", store.backend().name());
    }
    Ok(())
}
