//! Wakes the live boards of this instance when something changed: every change is first
//! written with its event (see `vertelpunt_store::sense_making`), then the boards are woken and
//! each reads the events after the last one it sent, so nothing is sent twice or missed.
//!
//! On PostgreSQL several instances may serve one database: each change also sends a `NOTIFY`,
//! and every instance keeps one connection that `LISTEN`s ([`listen`]) and wakes its own boards.

use tokio::sync::broadcast;

/// The wake-up channel of one application instance.
pub struct Hub {
    wake: broadcast::Sender<()>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            wake: broadcast::channel(64).0,
        }
    }
}

impl Hub {
    /// Something changed: every board looks for new events.
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }

    /// A board's subscription to wake-ups.
    pub fn subscribe(&self) -> broadcast::Receiver<()> {
        self.wake.subscribe()
    }
}

/// How often the listening connection looks for announcements.
const LISTEN_EVERY: std::time::Duration = std::time::Duration::from_millis(25);

/// On PostgreSQL, starts the thread that wakes this instance's boards when another instance
/// wrote a change. After a lost connection it connects again, waiting longer each time it fails
/// (up to half a minute); it ends when the application's hub is gone.
pub fn listen(store: vertelpunt_store::Store, hub: &std::sync::Arc<Hub>) {
    if store.backend() != vertelpunt_store::Backend::Postgres {
        return;
    }
    let hub = std::sync::Arc::downgrade(hub);
    let spawned = std::thread::Builder::new()
        .name("session-listener".into())
        .spawn(move || {
            let mut pause = std::time::Duration::from_secs(1);
            loop {
                match vertelpunt_store::sense_making::Listener::start(&store) {
                    Ok(Some(mut listener)) => {
                        pause = std::time::Duration::from_secs(1);
                        loop {
                            let Some(hub) = hub.upgrade() else { return };
                            match listener.heard() {
                                Ok(true) => hub.wake(),
                                Ok(false) => std::thread::sleep(LISTEN_EVERY),
                                Err(e) => {
                                    tracing::warn!("session listener lost its connection: {e}");
                                    break;
                                }
                            }
                        }
                    }
                    Ok(None) => return,
                    Err(e) => tracing::warn!("session listener cannot connect: {e}"),
                }
                if hub.strong_count() == 0 {
                    return;
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_secs(30));
            }
        });
    if let Err(e) = spawned {
        tracing::error!("the session listener did not start: {e}");
    }
}
