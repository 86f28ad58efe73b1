//! Wakes the live boards of this instance when something changed: every change is first
//! written with its event (see `vertelpunt_store::sense_making`), then the boards are woken and
//! each reads the events after the last one it sent, so nothing is sent twice or missed.

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
