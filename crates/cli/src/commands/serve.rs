//! `vertelpunt serve`: prepare the database (migrations, shipped data, default collection
//! point) and serve the web application.

use anyhow::Context;
use std::net::TcpListener;
use vertelpunt_store::setup;
use vertelpunt_web::AppState;

use crate::config::Config;

pub fn run(mut config: Config, bind: Option<String>) -> anyhow::Result<()> {
    if let Some(bind) = bind {
        config.bind = bind;
    }
    let store = super::open_store(&config.database)?;
    let prepared = {
        let mut conn = store.conn()?;
        setup::prepare(&mut conn).context("cannot prepare the database")?
    };
    for m in &prepared.migrations_applied {
        tracing::info!("migration {m} applied");
    }
    for q in &prepared.questionnaires_published {
        tracing::info!("questionnaire {q} published");
    }
    if let Some(slug) = &prepared.collection_point_created {
        tracing::info!("collection point '{slug}' created");
    }
    let listener = TcpListener::bind(&config.bind)
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let backend = store.backend().name();
    let state =
        AppState::new(store, config.web_options()).context("cannot start the web application")?;
    actix_web::rt::System::new()
        .block_on(async move {
            let handle = vertelpunt_web::run(listener, state, config.workers)?;
            println!(
                "Vertelpunt draait op http://{} ({backend} database)",
                handle.addr
            );
            handle.server.await
        })
        .context("the server stopped with an error")
}
