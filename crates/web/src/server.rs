//! Building and starting the HTTP server on a listener the caller bound, so that tests can
//! use port 0 and read the real address back.

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use std::net::{SocketAddr, TcpListener};

use crate::state::AppState;

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
            .wrap(crate::security::headers())
            .wrap(crate::security::request_log())
            .configure(crate::routes::configure)
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
