//! Building and starting the HTTP server on a listener the caller bound, so that tests can
//! use port 0 and read the real address back.

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::{SocketAddr, TcpListener};

use crate::state::AppState;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

async fn not_found(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> actix_web::HttpResponse {
    let query = crate::vertelpunt::raw_form::RawForm::parse(req.query_string().as_bytes());
    let lang = crate::i18n::lang_param(query.get("lang"));
    crate::pages::not_found(&state, lang)
}

/// A started server and the address it listens on.
pub struct ServerHandle {
    pub server: Server,
    pub addr: SocketAddr,
}

/// Starts the application on `listener` with `workers` worker threads (0 = one per core).
pub fn run(
    listener: TcpListener,
    state: AppState,
    workers: usize,
) -> std::io::Result<ServerHandle> {
    let addr = listener.local_addr()?;
    let data = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            // A story of 20,000 characters is at most ~240 KB form-encoded; leave room for
            // the answers and for a too-long story to reach the check that explains the limit.
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .wrap(crate::security::headers())
            .wrap(crate::security::request_log())
            .configure(crate::routes::configure)
            .default_service(web::to(not_found))
    })
    .listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(ServerHandle {
        server: server.run(),
        addr,
    })
}
