//! `GET /healthz`: answers 200 with the backend and schema version when the database answers,
//! 503 when it does not.

use actix_web::{web, HttpResponse};
use serde::Serialize;
use vertelpunt_store::migrations;

use crate::support::error::WebError;
use crate::support::state::AppState;

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub backend: &'static str,
    pub schema_version: Option<String>,
    pub version: &'static str,
}

pub async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let store = state.store.clone();
    let schema_version = web::block(move || -> Result<_, WebError> {
        let mut conn = store.conn()?;
        Ok(migrations::schema_version(&mut conn)?)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status: "ok",
            backend: state.store.backend().name(),
            schema_version,
            version: env!("CARGO_PKG_VERSION"),
        }))
}
