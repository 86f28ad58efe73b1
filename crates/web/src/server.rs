//! Building and starting the HTTP server on a listener the caller bound, so that tests can
//! use port 0 and read the real address back.

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::{SocketAddr, TcpListener};

use crate::support::state::AppState;

pub use crate::support::security::MAX_BODY_BYTES;

async fn not_found(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> actix_web::HttpResponse {
    let query = crate::support::forms::RawForm::parse(req.query_string().as_bytes());
    let lang = crate::support::i18n::lang_param(query.get("lang"));
    crate::support::pages::not_found(&state, lang)
}

/// A request body over [`MAX_BODY_BYTES`] is refused by actix with a bare 413; this shows the
/// "Te veel tekst" page in the visitor's language instead (JSON for the API).
fn too_large<B>(
    res: actix_web::dev::ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    // A page's own 413 (the import page naming the file that is too large) stays as it is;
    // only actix's bare refusal of a body over the limit carries an error.
    if res.response().error().is_none() {
        return Ok(actix_web::middleware::ErrorHandlerResponse::Response(
            res.map_into_left_body(),
        ));
    }
    let (req, _) = res.into_parts();
    let query = crate::support::forms::RawForm::parse(req.query_string().as_bytes());
    let response = match req.app_data::<web::Data<AppState>>() {
        Some(state) if req.path().starts_with("/api/") => crate::api::localized(
            state,
            &req,
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "common.too_large_body",
        ),
        Some(state) => crate::support::pages::error_page(
            state,
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            crate::support::i18n::lang_param(query.get("lang")),
            "common.too_large_title",
            "common.too_large_body",
        ),
        None => actix_web::HttpResponse::PayloadTooLarge().finish(),
    };
    let res = actix_web::dev::ServiceResponse::new(req, response).map_into_right_body();
    Ok(actix_web::middleware::ErrorHandlerResponse::Response(res))
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
            .wrap(
                actix_web::middleware::ErrorHandlers::new()
                    .handler(actix_web::http::StatusCode::PAYLOAD_TOO_LARGE, too_large),
            )
            .wrap(actix_web::middleware::from_fn(
                crate::support::security::remember_path,
            ))
            .wrap(actix_web::middleware::from_fn(
                crate::support::security::refuse_nul,
            ))
            .wrap(crate::support::security::headers())
            .wrap(crate::support::security::request_log())
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
