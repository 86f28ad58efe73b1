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
    // What to open first: the Vertelpunten, and the first account when there is none.
    // And the Vertelpunten whose questionnaires have a newer version (such as a new shipped
    // wording): the command that moves them.
    let (open_points, no_accounts, behind) = {
        let mut conn = store.conn()?;
        let now = vertelpunt_store::now();
        let all = vertelpunt_store::collection_points::list(&mut conn)?;
        let mut behind = Vec::new();
        for p in all.iter().filter(|p| p.is_open(now)) {
            for (used, newest) in vertelpunt_store::collection_points::behind(&mut conn, p)? {
                behind.push(format!(
                    "  /v/{} gebruikt {} v{}; v{} is nieuwer: vertelpunt collection-point upgrade {}\n",
                    p.slug, used.questionnaire_key, used.version, newest.version, p.slug
                ));
            }
        }
        let points: Vec<String> = all
            .into_iter()
            .filter(|p| p.is_open(now))
            .map(|p| p.slug)
            .collect();
        (
            points,
            vertelpunt_store::users::list(&mut conn)?.is_empty(),
            behind,
        )
    };
    let listener = TcpListener::bind(&config.bind)
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let backend = store.backend().name();
    let state =
        AppState::new(store, config.web_options()).context("cannot start the web application")?;
    warm_tallies(&state);
    actix_web::rt::System::new()
        .block_on(async move {
            let handle = vertelpunt_web::run(listener, state, config.workers)?;
            // Written in one go, and a closed stdout (`serve | head -1`) is no reason to stop.
            let mut told = format!(
                "Vertelpunt draait op http://{} ({backend} database)\n",
                handle.addr
            );
            for slug in &open_points {
                told.push_str(&format!(
                    "  Vertel je verhaal: http://{}/v/{slug}\n",
                    handle.addr
                ));
            }
            told.push_str(&format!("  Medewerkers: http://{}/inloggen\n", handle.addr));
            if no_accounts {
                told.push_str(
                    "  Nog geen accounts. Maak de eerste beheerder met:\n    vertelpunt create-user --role admin --email JOUW@ADRES\n",
                );
            }
            for line in &behind {
                told.push_str(line);
            }
            {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(told.as_bytes());
                let _ = out.flush();
            }
            handle.server.await
        })
        .context("the server stopped with an error")
}

/// Reads the counts of every collection point into memory in the background, so the first
/// dashboard after a start answers as fast as the next (reading takes seconds at 100,000
/// stories). A dashboard asked for meanwhile waits for it, or reads it itself.
fn warm_tallies(state: &AppState) {
    let (store, tallies) = (state.store.clone(), state.tallies.clone());
    let warm = move || -> vertelpunt_store::StoreResult<()> {
        let mut conn = store.conn()?;
        for point in vertelpunt_store::collection_points::list(&mut conn)? {
            let begun = std::time::Instant::now();
            let stories = tallies.with(&mut conn, &point.id, |tally| tally.len())?;
            tracing::info!(
                point = %point.slug,
                stories,
                seconds = begun.elapsed().as_secs_f64(),
                "counts read into memory"
            );
        }
        Ok(())
    };
    std::thread::spawn(move || {
        if let Err(e) = warm() {
            tracing::warn!(error = %e, "the counts could not be read in advance; dashboards read them when asked");
        }
    });
}
