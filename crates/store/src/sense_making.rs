//! Sense-making sessions as stored: the session with its facilitators and agenda, its tables
//! with their decks, the participants who joined by code, their post-its, and the log of every
//! change (`session_events`) that live boards follow.
//!
//! Every change to what a board shows is written together with its event, in one transaction,
//! so a board that reads the events after its last one sees every change exactly once. Event
//! numbers (`seq`) are taken as one more than the highest, in that transaction; two writers that
//! take the same number at once (two app instances on PostgreSQL) collide on the primary key and
//! the change is tried again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{
    facilitation_sessions, postits, session_events, session_facilitators, session_participants,
    session_steps, session_tables, table_items,
};
use crate::sessions::{random_token, token_hash};
use crate::{DbConnection, StoreError, StoreResult};

/// A session.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = facilitation_sessions)]
pub struct SessionRow {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub region_code: Option<String>,
    pub starts_at: NaiveDateTime,
    pub place: String,
    pub mode: String,
    pub status: String,
    pub prompt_form: String,
    pub join_code: String,
    pub joining_open: bool,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A step of a session's agenda.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = session_steps)]
pub struct StepRow {
    pub session_id: String,
    pub position: i32,
    pub title: String,
    pub minutes: i32,
}

/// A table of a session.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = session_tables)]
pub struct TableRow {
    pub id: String,
    pub session_id: String,
    pub position: i32,
    pub name: String,
    pub composition: String,
}

/// A card or experience on a table.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = table_items)]
pub struct ItemRow {
    pub table_id: String,
    pub position: i32,
    /// `kaart` or `verhaal`.
    pub kind: String,
    pub ref_id: String,
}

/// What a table's deck holds.
pub mod item_kind {
    pub const CARD: &str = "kaart";
    pub const STORY: &str = "verhaal";
}

/// A participant.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = session_participants)]
pub struct ParticipantRow {
    pub id: String,
    pub session_id: String,
    pub table_id: Option<String>,
    pub perspective: String,
    pub first_name: Option<String>,
    pub token_hash: String,
    pub joined_at: NaiveDateTime,
    pub removed_at: Option<NaiveDateTime>,
}

/// A post-it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = postits)]
pub struct PostitRow {
    pub id: String,
    pub session_id: String,
    pub table_id: String,
    pub item_kind: String,
    pub item_ref: String,
    pub participant_id: Option<String>,
    pub written_by: Option<String>,
    pub category: String,
    pub text: String,
    pub so_that: Option<String>,
    pub flagged: bool,
    pub hidden: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

/// One change, as a board follows it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = session_events)]
pub struct EventRow {
    pub seq: i64,
    pub session_id: String,
    pub table_id: Option<String>,
    pub kind: String,
    pub subject_id: String,
    pub created_at: NaiveDateTime,
}

/// The kinds of change.
pub mod event_kind {
    pub const POSTIT_ADDED: &str = "postit-added";
    pub const POSTIT_CHANGED: &str = "postit-changed";
    pub const POSTIT_REMOVED: &str = "postit-removed";
    pub const PARTICIPANT_JOINED: &str = "participant-joined";
    pub const PARTICIPANT_REMOVED: &str = "participant-removed";
    pub const SESSION_CHANGED: &str = "session-changed";
}

/// A new session with its facilitators and agenda steps (title, minutes).
pub fn create_session(
    conn: &mut DbConnection,
    session: &SessionRow,
    facilitators: &[String],
    steps: &[(String, i32)],
) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::insert_into(facilitation_sessions::table)
            .values(session)
            .execute(conn)?;
        for user in facilitators {
            diesel::insert_into(session_facilitators::table)
                .values((
                    session_facilitators::session_id.eq(&session.id),
                    session_facilitators::user_id.eq(user),
                ))
                .execute(conn)?;
        }
        replace_steps(conn, &session.id, steps)
    })
}

/// Replaces a session's agenda.
pub fn replace_steps(
    conn: &mut DbConnection,
    session_id: &str,
    steps: &[(String, i32)],
) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::delete(session_steps::table.filter(session_steps::session_id.eq(session_id)))
            .execute(conn)?;
        for (i, (title, minutes)) in steps.iter().enumerate() {
            diesel::insert_into(session_steps::table)
                .values(StepRow {
                    session_id: session_id.to_string(),
                    position: i as i32,
                    title: title.clone(),
                    minutes: *minutes,
                })
                .execute(conn)?;
        }
        Ok(())
    })
}

/// A session by id.
pub fn get(conn: &mut DbConnection, id: &str) -> StoreResult<SessionRow> {
    facilitation_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("there is no session {id}")))
}

/// The session with this join code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> StoreResult<Option<SessionRow>> {
    Ok(facilitation_sessions::table
        .filter(facilitation_sessions::join_code.eq(code))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sessions, soonest first: all of them, or those `user` runs.
pub fn list(conn: &mut DbConnection, run_by: Option<&str>) -> StoreResult<Vec<SessionRow>> {
    let mut query = facilitation_sessions::table
        .select(SessionRow::as_select())
        .order((
            facilitation_sessions::starts_at.asc(),
            facilitation_sessions::id.asc(),
        ))
        .into_boxed();
    if let Some(user) = run_by {
        query = query.filter(
            facilitation_sessions::id.eq_any(
                session_facilitators::table
                    .filter(session_facilitators::user_id.eq(user.to_string()))
                    .select(session_facilitators::session_id),
            ),
        );
    }
    Ok(query.load(conn)?)
}

/// The ids of the users who run a session.
pub fn facilitators(conn: &mut DbConnection, session_id: &str) -> StoreResult<Vec<String>> {
    Ok(session_facilitators::table
        .filter(session_facilitators::session_id.eq(session_id))
        .select(session_facilitators::user_id)
        .load(conn)?)
}

/// The agenda.
pub fn steps(conn: &mut DbConnection, session_id: &str) -> StoreResult<Vec<StepRow>> {
    Ok(session_steps::table
        .filter(session_steps::session_id.eq(session_id))
        .order(session_steps::position.asc())
        .select(StepRow::as_select())
        .load(conn)?)
}

/// Sets a session's status and whether it accepts joining, with an event.
pub fn set_state(
    conn: &mut DbConnection,
    session_id: &str,
    status: &str,
    joining_open: bool,
) -> StoreResult<()> {
    with_event(
        conn,
        session_id,
        None,
        event_kind::SESSION_CHANGED,
        session_id,
        |conn| {
            diesel::update(facilitation_sessions::table.find(session_id))
                .set((
                    facilitation_sessions::status.eq(status),
                    facilitation_sessions::joining_open.eq(joining_open),
                ))
                .execute(conn)?;
            Ok(())
        },
    )
}

/// Adds a table with its deck.
pub fn add_table(
    conn: &mut DbConnection,
    table: &TableRow,
    items: &[(String, String)],
) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::insert_into(session_tables::table)
            .values(table)
            .execute(conn)?;
        for (i, (kind, ref_id)) in items.iter().enumerate() {
            diesel::insert_into(table_items::table)
                .values(ItemRow {
                    table_id: table.id.clone(),
                    position: i as i32,
                    kind: kind.clone(),
                    ref_id: ref_id.clone(),
                })
                .execute(conn)?;
        }
        Ok(())
    })
}

/// A session's tables, in order.
pub fn tables(conn: &mut DbConnection, session_id: &str) -> StoreResult<Vec<TableRow>> {
    Ok(session_tables::table
        .filter(session_tables::session_id.eq(session_id))
        .order((session_tables::position.asc(), session_tables::id.asc()))
        .select(TableRow::as_select())
        .load(conn)?)
}

/// A table's deck, in order.
pub fn items(conn: &mut DbConnection, table_id: &str) -> StoreResult<Vec<ItemRow>> {
    Ok(table_items::table
        .filter(table_items::table_id.eq(table_id))
        .order(table_items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// A participant who just joined, and the token for their cookie (only its hash is stored).
pub struct Joined {
    pub participant: ParticipantRow,
    pub token: String,
}

/// Joins a participant to a session (and a table).
pub fn join(
    conn: &mut DbConnection,
    session_id: &str,
    table_id: Option<&str>,
    perspective: &str,
    first_name: Option<&str>,
) -> StoreResult<Joined> {
    let token = random_token();
    let participant = ParticipantRow {
        id: crate::new_id(),
        session_id: session_id.to_string(),
        table_id: table_id.map(str::to_string),
        perspective: perspective.to_string(),
        first_name: first_name.map(str::to_string),
        token_hash: token_hash(&token),
        joined_at: crate::now(),
        removed_at: None,
    };
    let row = participant.clone();
    with_event(
        conn,
        session_id,
        table_id,
        event_kind::PARTICIPANT_JOINED,
        &participant.id,
        move |conn| {
            diesel::insert_into(session_participants::table)
                .values(&row)
                .execute(conn)?;
            Ok(())
        },
    )?;
    Ok(Joined { participant, token })
}

/// The participant a cookie token belongs to, unless removed.
pub fn participant_by_token(
    conn: &mut DbConnection,
    token: &str,
) -> StoreResult<Option<ParticipantRow>> {
    Ok(session_participants::table
        .filter(session_participants::token_hash.eq(token_hash(token)))
        .filter(session_participants::removed_at.is_null())
        .select(ParticipantRow::as_select())
        .first(conn)
        .optional()?)
}

/// A session's participants who are still in it.
pub fn participants(conn: &mut DbConnection, session_id: &str) -> StoreResult<Vec<ParticipantRow>> {
    Ok(session_participants::table
        .filter(session_participants::session_id.eq(session_id))
        .filter(session_participants::removed_at.is_null())
        .order(session_participants::joined_at.asc())
        .select(ParticipantRow::as_select())
        .load(conn)?)
}

/// Removes a participant from a session: their cookie stops working; their post-its stay.
pub fn remove_participant(
    conn: &mut DbConnection,
    session_id: &str,
    participant_id: &str,
) -> StoreResult<bool> {
    let mut removed = 0;
    with_event(
        conn,
        session_id,
        None,
        event_kind::PARTICIPANT_REMOVED,
        participant_id,
        |conn| {
            removed = diesel::update(
                session_participants::table
                    .filter(session_participants::id.eq(participant_id))
                    .filter(session_participants::session_id.eq(session_id))
                    .filter(session_participants::removed_at.is_null()),
            )
            .set(session_participants::removed_at.eq(Some(crate::now())))
            .execute(conn)?;
            Ok(())
        },
    )?;
    Ok(removed > 0)
}

/// Stores a new post-it.
pub fn add_postit(conn: &mut DbConnection, postit: &PostitRow) -> StoreResult<()> {
    with_event(
        conn,
        &postit.session_id,
        Some(&postit.table_id),
        event_kind::POSTIT_ADDED,
        &postit.id,
        |conn| {
            diesel::insert_into(postits::table)
                .values(postit)
                .execute(conn)?;
            Ok(())
        },
    )
}

/// A post-it by id (also a removed one).
pub fn postit(conn: &mut DbConnection, id: &str) -> StoreResult<Option<PostitRow>> {
    Ok(postits::table
        .find(id)
        .select(PostitRow::as_select())
        .first(conn)
        .optional()?)
}

/// Changes a post-it's text.
pub fn change_postit(
    conn: &mut DbConnection,
    postit: &PostitRow,
    text: &str,
    so_that: Option<&str>,
    flagged: bool,
) -> StoreResult<()> {
    with_event(
        conn,
        &postit.session_id,
        Some(&postit.table_id),
        event_kind::POSTIT_CHANGED,
        &postit.id,
        |conn| {
            diesel::update(postits::table.find(&postit.id))
                .set((
                    postits::text.eq(text),
                    postits::so_that.eq(so_that),
                    postits::flagged.eq(flagged),
                    postits::updated_at.eq(crate::now()),
                ))
                .execute(conn)?;
            Ok(())
        },
    )
}

/// Hides a post-it from participants (a facilitator's decision), or shows it again.
pub fn set_hidden(conn: &mut DbConnection, postit: &PostitRow, hidden: bool) -> StoreResult<()> {
    with_event(
        conn,
        &postit.session_id,
        Some(&postit.table_id),
        event_kind::POSTIT_CHANGED,
        &postit.id,
        |conn| {
            diesel::update(postits::table.find(&postit.id))
                .set((
                    postits::hidden.eq(hidden),
                    postits::updated_at.eq(crate::now()),
                ))
                .execute(conn)?;
            Ok(())
        },
    )
}

/// Removes a post-it.
pub fn remove_postit(conn: &mut DbConnection, postit: &PostitRow) -> StoreResult<()> {
    with_event(
        conn,
        &postit.session_id,
        Some(&postit.table_id),
        event_kind::POSTIT_REMOVED,
        &postit.id,
        |conn| {
            diesel::update(postits::table.find(&postit.id))
                .set(postits::deleted_at.eq(Some(crate::now())))
                .execute(conn)?;
            Ok(())
        },
    )
}

/// A table's post-its that were not removed, oldest first.
pub fn postits_of_table(conn: &mut DbConnection, table_id: &str) -> StoreResult<Vec<PostitRow>> {
    Ok(postits::table
        .filter(postits::table_id.eq(table_id))
        .filter(postits::deleted_at.is_null())
        .order((postits::created_at.asc(), postits::id.asc()))
        .select(PostitRow::as_select())
        .load(conn)?)
}

/// A session's events after `after`, oldest first: all of them, or those of one table and of
/// the session as a whole.
pub fn events_after(
    conn: &mut DbConnection,
    session_id: &str,
    table_id: Option<&str>,
    after: i64,
) -> StoreResult<Vec<EventRow>> {
    let mut query = session_events::table
        .filter(session_events::session_id.eq(session_id))
        .filter(session_events::seq.gt(after))
        .order(session_events::seq.asc())
        .select(EventRow::as_select())
        .limit(500)
        .into_boxed();
    if let Some(table) = table_id {
        query = query.filter(
            session_events::table_id
                .eq(table.to_string())
                .or(session_events::table_id.is_null()),
        );
    }
    Ok(query.load(conn)?)
}

/// The newest event number (0 when there is none).
pub fn latest_seq(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(session_events::table
        .select(diesel::dsl::max(session_events::seq))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}

/// Runs `change` and appends its event in one transaction; tried again when another writer
/// took the same event number at the same moment.
fn with_event(
    conn: &mut DbConnection,
    session_id: &str,
    table_id: Option<&str>,
    kind: &str,
    subject_id: &str,
    mut change: impl FnMut(&mut DbConnection) -> StoreResult<()>,
) -> StoreResult<()> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result = conn.transaction(|conn| -> StoreResult<()> {
            change(conn)?;
            let seq = latest_seq(conn)? + 1;
            diesel::insert_into(session_events::table)
                .values((
                    session_events::seq.eq(seq),
                    session_events::session_id.eq(session_id),
                    session_events::table_id.eq(table_id),
                    session_events::kind.eq(kind),
                    session_events::subject_id.eq(subject_id),
                    session_events::created_at.eq(crate::now()),
                ))
                .execute(conn)?;
            Ok(())
        });
        match result {
            Err(StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation
                | diesel::result::DatabaseErrorKind::SerializationFailure,
                _,
            ))) if attempts < 20 => continue,
            other => return other,
        }
    }
}
