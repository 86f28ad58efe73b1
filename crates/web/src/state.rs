//! What every handler can reach, passed through `web::Data` (never globals), so tests can vary it.

use vertelpunt_store::Store;

/// Shared application state.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState { store }
    }
}
