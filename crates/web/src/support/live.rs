//! The live boards of one application instance: one reader, fanned out in-process (as Scrumlr
//! does). Every change is first written with its numbered event (see
//! `vertelpunt_store::sense_making`); then the instance's reader is woken, reads the events after
//! the last one it read — in one query, whatever the number of boards — with the post-its they
//! name, and hands them to every board's stream, which keeps what its viewer may see.
//!
//! On PostgreSQL several instances may serve one database: each change also sends a `NOTIFY`,
//! and every instance keeps one connection that `LISTEN`s and wakes its reader.
//! Until its first wake-up, and as a safety net, the reader also looks every few seconds.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::broadcast;
use vertelpunt_store::sense_making::{self, EventRow, PostitRow};
use vertelpunt_store::{Backend, Store};

/// An event with the post-it it names (as it is now), handed to every board of the instance.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub event: EventRow,
    pub postit: Option<PostitRow>,
}

/// Events with the post-its they name, as they are now.
pub fn with_postits(
    conn: &mut vertelpunt_store::DbConnection,
    events: Vec<EventRow>,
) -> vertelpunt_store::StoreResult<Vec<Delivered>> {
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        let postit = if event.kind.starts_with("postit-") {
            sense_making::postit(conn, &event.subject_id)?
        } else {
            None
        };
        out.push(Delivered { event, postit });
    }
    Ok(out)
}

/// How many batches a slow board may fall behind before it reads from the database itself.
const BACKLOG: usize = 256;
/// How often the reader looks without being woken (on PostgreSQL, where another instance may
/// write; on SQLite only this instance writes and always wakes it).
const SAFETY_NET: Duration = Duration::from_secs(5);

/// One instance's reader of session events (and, on PostgreSQL, its listener). Dropping it
/// stops both threads and waits for them, so no database call outlives the application (a
/// thread still talking to PostgreSQL while the process exits may crash it).
pub struct Hub {
    wake: Mutex<Option<mpsc::Sender<()>>>,
    events: broadcast::Sender<Arc<Vec<Delivered>>>,
    /// The last event handed out.
    cursor: Arc<Mutex<i64>>,
    /// Dropped to stop the listener.
    stop_listener: Option<mpsc::Sender<()>>,
    listener: Option<JoinHandle<()>>,
    reader: Option<JoinHandle<()>>,
}

impl Hub {
    /// Starts the reader (a thread of its own: the database calls block) for `store`, and on
    /// PostgreSQL the listener that wakes it when another instance wrote a change.
    pub fn start(store: Store) -> Hub {
        let (wake, woken) = mpsc::channel::<()>();
        let (events, _) = broadcast::channel(BACKLOG);
        let cursor = Arc::new(Mutex::new(-1));
        let postgres = store.backend() == Backend::Postgres;
        let (stop_listener, listener) = if postgres {
            let (stop, stopped) = mpsc::channel::<()>();
            (Some(stop), listen(store.clone(), wake.clone(), stopped))
        } else {
            (None, None)
        };
        let poll = postgres.then_some(SAFETY_NET);
        let reader = {
            let (events, cursor) = (events.clone(), cursor.clone());
            std::thread::Builder::new()
                .name("session-reader".into())
                .spawn(move || read_events(store, woken, events, cursor, poll))
                .map_err(|e| tracing::error!("the session reader did not start: {e}"))
                .ok()
        };
        Hub {
            wake: Mutex::new(Some(wake)),
            events,
            cursor,
            stop_listener,
            listener,
            reader,
        }
    }

    /// Something changed: the reader looks for new events.
    pub fn wake(&self) {
        if let Ok(wake) = self.wake.lock() {
            if let Some(wake) = wake.as_ref() {
                let _ = wake.send(());
            }
        }
    }

    /// A board's subscription to the events read from now on, and the number of the last event
    /// read before it (`-1`: the reader has not read yet).
    pub fn subscribe(&self) -> (broadcast::Receiver<Arc<Vec<Delivered>>>, i64) {
        let receiver = self.events.subscribe();
        let cursor = *self.cursor.lock().unwrap_or_else(|e| e.into_inner());
        (receiver, cursor)
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        // The listener holds a waker of its own: it ends first, then the reader.
        drop(self.stop_listener.take());
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
        if let Ok(mut wake) = self.wake.lock() {
            drop(wake.take());
        }
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

/// The reader: on every wake-up (and every `poll`, if set) the events after its cursor, with
/// their post-its, to every subscribed board. Ends when the hub is dropped.
fn read_events(
    store: Store,
    woken: mpsc::Receiver<()>,
    events: broadcast::Sender<Arc<Vec<Delivered>>>,
    cursor: Arc<Mutex<i64>>,
    poll: Option<Duration>,
) {
    let mut last = match store
        .conn()
        .and_then(|mut c| sense_making::latest_seq(&mut c))
    {
        Ok(seq) => seq,
        Err(e) => {
            tracing::warn!("session reader: {e}");
            0
        }
    };
    *cursor.lock().unwrap_or_else(|e| e.into_inner()) = last;
    loop {
        let signal = match poll {
            Some(every) => woken
                .recv_timeout(every)
                .map_err(|e| e == mpsc::RecvTimeoutError::Disconnected),
            None => woken.recv().map_err(|_| true),
        };
        if signal == Err(true) {
            return;
        }
        // Wake-ups that came meanwhile are served by this one read.
        while woken.try_recv().is_ok() {}
        loop {
            let read = store.conn().and_then(|mut conn| {
                let batch = sense_making::all_events_after(&mut conn, last)?;
                with_postits(&mut conn, batch)
            });
            let batch = match read {
                Ok(batch) => batch,
                Err(e) => {
                    tracing::warn!("session reader: {e}");
                    break;
                }
            };
            let Some(newest) = batch.last().map(|d| d.event.seq) else {
                break;
            };
            let full = batch.len() >= sense_making::EVENTS_PER_READ;
            last = newest;
            *cursor.lock().unwrap_or_else(|e| e.into_inner()) = last;
            let _ = events.send(Arc::new(batch));
            if !full {
                break;
            }
        }
    }
}

/// How often the listening connection looks for announcements.
const LISTEN_EVERY: Duration = Duration::from_millis(25);

/// On PostgreSQL, the thread that wakes this instance's reader when another instance wrote a
/// change. After a lost connection it connects again, waiting longer each time it fails (up to
/// half a minute); it ends as soon as `stop` is dropped, also while it waits.
fn listen(
    store: Store,
    wake: mpsc::Sender<()>,
    stop: mpsc::Receiver<()>,
) -> Option<JoinHandle<()>> {
    // Waits `pause`; false once the hub is stopping.
    let wait = move |pause: Duration| {
        matches!(
            stop.recv_timeout(pause),
            Err(mpsc::RecvTimeoutError::Timeout)
        )
    };
    std::thread::Builder::new()
        .name("session-listener".into())
        .spawn(move || {
            let mut pause = Duration::from_secs(1);
            loop {
                match sense_making::Listener::start(&store) {
                    Ok(Some(mut listener)) => {
                        pause = Duration::from_secs(1);
                        loop {
                            match listener.heard() {
                                Ok(true) => {
                                    let _ = wake.send(());
                                }
                                Ok(false) => {}
                                Err(e) => {
                                    tracing::warn!("session listener lost its connection: {e}");
                                    break;
                                }
                            }
                            if !wait(LISTEN_EVERY) {
                                return;
                            }
                        }
                    }
                    Ok(None) => return,
                    Err(e) => tracing::warn!("session listener cannot connect: {e}"),
                }
                if !wait(pause) {
                    return;
                }
                pause = (pause * 2).min(Duration::from_secs(30));
            }
        })
        .map_err(|e| tracing::error!("the session listener did not start: {e}"))
        .ok()
}
