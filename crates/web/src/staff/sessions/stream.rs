//! `/sessie/{id}/tafel/{table}/stroom`: the table's changes as server-sent events, for
//! `board.js`. Each event's `id` is its number in `session_events`, so a phone that lost its
//! connection comes back with `Last-Event-ID` and gets every change after it, once. What each
//! viewer is sent is decided per viewer, as the board page decides it: a hidden post-it goes to
//! the facilitators and its writer only (for everyone else it is gone).

use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse, Responder};
use actix_web_lab::sse;
use serde_json::json;
use vertelpunt_store::sense_making::{self, event_kind, EventRow, PostitRow};

use crate::support::error::PageError;
use crate::support::live::{with_postits, Delivered};

use super::access::{board_page, Viewer};
use super::board::postit_for;
use crate::support::forms::RawForm;
use crate::support::state::AppState;

pub async fn table(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let query = RawForm::parse(req.query_string().as_bytes());
    let (lang, viewer, session, table) = match board_page(&state, &req, &query, &id, &table).await {
        Ok(found) => found,
        Err(page) => return Err(page),
    };
    // Resume after the last event the browser saw; a page tells where it was rendered.
    let header = req
        .headers()
        .get("Last-Event-ID")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let after = header.or_else(|| query.trimmed("na").parse().ok());
    let (tx, rx) = tokio::sync::mpsc::channel::<sse::Event>(64);
    // Subscribe before catching up, so that nothing falls between the two.
    let (mut events, read_up_to) = state.session_hub.subscribe();
    let state = state.clone();
    actix_web::rt::spawn(async move {
        let mut cursor = after.unwrap_or(read_up_to).max(0);
        let (sid, tid) = (session.id.clone(), table.id.clone());
        // What happened since the cursor and the reader has not handed out: from the database.
        let catch_up = |cursor: i64| {
            let (store, sid, tid) = (state.store.clone(), sid.clone(), tid.clone());
            web::block(move || -> vertelpunt_store::StoreResult<Vec<Delivered>> {
                let mut conn = store.conn()?;
                let events = sense_making::events_after(&mut conn, &sid, Some(&tid), cursor)?;
                with_postits(&mut conn, events)
            })
        };
        let mut backlog = match catch_up(cursor).await {
            Ok(Ok(found)) => found,
            _ => return,
        };
        loop {
            for delivered in backlog.drain(..) {
                let event = &delivered.event;
                if event.seq <= cursor
                    || event.session_id != sid
                    || event.table_id.as_deref().is_some_and(|t| t != tid)
                {
                    continue;
                }
                cursor = event.seq;
                let Some((message, last)) = message_for(
                    &state,
                    lang,
                    &viewer,
                    session.writing_hidden(),
                    event,
                    delivered.postit.as_ref(),
                ) else {
                    continue;
                };
                if tx.send(message).await.is_err() || last {
                    return;
                }
            }
            tokio::select! {
                received = events.recv() => match received {
                    Ok(batch) => backlog.extend(batch.iter().cloned()),
                    // Too far behind: read from the database again.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        match catch_up(cursor).await {
                            Ok(Ok(found)) => backlog = found,
                            _ => return,
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                },
                _ = tx.closed() => return,
            }
        }
    });
    Ok(sse::Sse::from_infallible_receiver(rx)
        .with_keep_alive(Duration::from_secs(15))
        .with_retry_duration(Duration::from_secs(2))
        .respond_to(&req)
        .map_into_boxed_body())
}

/// The event as this viewer receives it, and whether it is the last (the viewer was removed).
fn message_for(
    state: &AppState,
    lang: vertelpunt_model::Lang,
    viewer: &Viewer,
    private: bool,
    event: &EventRow,
    postit: Option<&PostitRow>,
) -> Option<(sse::Event, bool)> {
    let id = event.seq.to_string();
    let data = |name: &str, value: serde_json::Value| -> sse::Event {
        sse::Data::new(value.to_string())
            .event(name.to_string())
            .id(id.clone())
            .into()
    };
    match event.kind.as_str() {
        event_kind::POSTIT_ADDED | event_kind::POSTIT_CHANGED | event_kind::POSTIT_REMOVED => {
            let p = postit?;
            match postit_for(state, lang, viewer, private, p) {
                Some(view) => {
                    let item = format!("{}:{}", p.item_kind, p.item_ref);
                    Some((
                        data("postit", json!({ "item": item, "postit": view })),
                        false,
                    ))
                }
                None => Some((data("postit-gone", json!({ "id": p.id })), false)),
            }
        }
        event_kind::PARTICIPANT_REMOVED
            if viewer.participant_id() == Some(event.subject_id.as_str()) =>
        {
            Some((data("removed", json!({})), true))
        }
        event_kind::SESSION_CHANGED => Some((data("session", json!({})), false)),
        // Clusters, the vote opening or closing, proposals: the board reloads (when nobody is
        // typing on it) to show them.
        event_kind::CLUSTERS_CHANGED | event_kind::VOTE_CHANGED | event_kind::PROPOSAL_CHANGED => {
            Some((data("changed", json!({ "kind": event.kind })), false))
        }
        _ => None,
    }
}

/// `/sessies/{id}/stroom`: for the console, a `changed` event whenever anything of the session
/// changed (a participant joined, a post-it, a cluster, a vote, a proposal); `console.js` then
/// reloads the console unless the facilitator is typing on it.
pub async fn console(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    crate::support::auth::StaffPage {
        lang,
        session: staff,
        ..
    }: crate::support::auth::StaffPage<crate::support::permissions::can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, _) = super::access::staff_session(&state, lang, &staff, &id).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<sse::Event>(8);
    let (mut events, _) = state.session_hub.subscribe();
    actix_web::rt::spawn(async move {
        loop {
            tokio::select! {
                received = events.recv() => match received {
                    Ok(batch) => {
                        let ours = batch.iter().any(|d| {
                            d.event.session_id == session.id
                                && d.event.kind != event_kind::DOT_PLACED
                        });
                        if ours {
                            let data = sse::Data::new("{}").event("changed");
                            if tx.send(data.into()).await.is_err() {
                                return;
                            }
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        if tx.send(sse::Data::new("{}").event("changed").into()).await.is_err() {
                            return;
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                },
                _ = tx.closed() => return,
            }
        }
    });
    Ok(sse::Sse::from_infallible_receiver(rx)
        .with_keep_alive(Duration::from_secs(15))
        .with_retry_duration(Duration::from_secs(2))
        .respond_to(&req)
        .map_into_boxed_body())
}
