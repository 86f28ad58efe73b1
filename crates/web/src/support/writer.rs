//! The story writer: one thread that stores submitted stories, several per transaction when
//! many arrive at once (group commit). A handler waits for its own story's outcome, so the
//! thank-you page is only ever shown after the story is committed.
//!
//! One writer instead of a transaction per request keeps SQLite (one writer at a time) fast
//! and free of lock waits under load; on PostgreSQL it simply batches.

use std::sync::mpsc;
use tokio::sync::oneshot;
use vertelpunt_store::stories::{self, NewStory};
use vertelpunt_store::{Store, StoreError};

/// How many stories one transaction may carry.
const MAX_BATCH: usize = 256;

/// What happened to one story.
#[derive(Debug)]
pub enum Stored {
    /// Committed.
    Saved,
    /// A story with this id was already stored (the same form sent twice).
    Duplicate,
    /// The database refused or could not be reached.
    Failed(StoreError),
}

type Job = (NewStory, oneshot::Sender<Stored>);

/// The handle handlers use to store stories.
#[derive(Clone)]
pub struct StoryWriter {
    jobs: mpsc::Sender<Job>,
}

impl StoryWriter {
    /// Starts the writer thread on `store`. It stops when every handle is dropped.
    pub fn start(store: Store) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("story-writer".into())
            .spawn(move || run(store, queue))
            .expect("start the story writer thread");
        StoryWriter { jobs }
    }

    /// Stores `story` and waits until it is committed (or refused).
    pub async fn store(&self, story: NewStory) -> Stored {
        let (done, outcome) = oneshot::channel();
        if self.jobs.send((story, done)).is_err() {
            return Stored::Failed(StoreError::Connect("the story writer has stopped".into()));
        }
        outcome.await.unwrap_or_else(|_| {
            Stored::Failed(StoreError::Connect("the story writer has stopped".into()))
        })
    }
}

fn run(store: Store, queue: mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        write_batch(&store, batch);
    }
}

fn write_batch(store: &Store, batch: Vec<Job>) {
    let mut conn = match store.conn() {
        Ok(conn) => conn,
        Err(e) => {
            let message = e.to_string();
            for (_, done) in batch {
                let _ = done.send(Stored::Failed(StoreError::Connect(message.clone())));
            }
            return;
        }
    };
    let (stories_in, senders): (Vec<NewStory>, Vec<_>) = batch.into_iter().unzip();
    if stories_in.len() > 1 && stories::insert(&mut conn, &stories_in).is_ok() {
        for done in senders {
            let _ = done.send(Stored::Saved);
        }
        return;
    }
    // One story, or the batch failed as a whole: store them one by one so each gets its own
    // outcome and one bad story does not take the others down.
    for (story, done) in stories_in.into_iter().zip(senders) {
        let outcome = match stories::insert(&mut conn, std::slice::from_ref(&story)) {
            Ok(()) => Stored::Saved,
            Err(e) if stories::is_duplicate(&e) => Stored::Duplicate,
            Err(e) => Stored::Failed(e),
        };
        let _ = done.send(outcome);
    }
}
