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
    clusters, deck_items, decks, facilitation_sessions, postits, proposals, session_events,
    session_facilitators, session_participants, session_steps, session_tables, session_votes,
    table_items, vote_dots,
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
    /// The agenda step that is on (its position), if the programme has started.
    pub current_step: Option<i32>,
    pub step_started_at: Option<NaiveDateTime>,
    pub step_paused_at: Option<NaiveDateTime>,
    /// A short message from the facilitator to every phone.
    pub message: Option<String>,
    /// Participants write privately until the facilitator reveals all post-its.
    pub private_writing: bool,
    pub revealed_at: Option<NaiveDateTime>,
    /// The project the session belongs to (who may see it, with its region).
    pub project_id: Option<String>,
}

impl SessionRow {
    /// Whether a staff member with `scope` may see the session: it is held in one of the
    /// scope's regions and belongs to one of its projects.
    pub fn within(&self, scope: &crate::users::Scope) -> bool {
        scope.includes(self.region_code.as_deref(), self.project_id.as_deref())
    }

    /// Whether participants see only their own post-its now.
    pub fn writing_hidden(&self) -> bool {
        self.private_writing && self.revealed_at.is_none()
    }
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
    /// Regional figures shown beside the cards: a title, the source and lines of `label;value`.
    pub figures_title: Option<String>,
    pub figures_source: Option<String>,
    pub figures: Option<String>,
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
    /// "Wat werd er van de vorige keer?": an earlier proposal of the region (ref = proposal
    /// id), shown as a card with its status and latest progress.
    pub const PROPOSAL: &str = "voorstel";
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
    pub cluster_id: Option<String>,
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
    pub const CLUSTERS_CHANGED: &str = "clusters-changed";
    pub const VOTE_CHANGED: &str = "vote-changed";
    /// A dot placed or taken back (shown to nobody until the vote closes).
    pub const DOT_PLACED: &str = "dot-placed";
    pub const PROPOSAL_CHANGED: &str = "proposal-changed";
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

/// Sets the agenda timer: the step that is on, since when (moved on by the time a pause
/// lasted), and whether it is paused.
pub fn set_timer(
    conn: &mut DbConnection,
    session_id: &str,
    step: Option<i32>,
    started_at: Option<NaiveDateTime>,
    paused_at: Option<NaiveDateTime>,
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
                    facilitation_sessions::current_step.eq(step),
                    facilitation_sessions::step_started_at.eq(started_at),
                    facilitation_sessions::step_paused_at.eq(paused_at),
                ))
                .execute(conn)?;
            Ok(())
        },
    )
}

/// Reveals every post-it of a session that was written privately.
pub fn reveal(conn: &mut DbConnection, session_id: &str) -> StoreResult<()> {
    with_event(
        conn,
        session_id,
        None,
        event_kind::SESSION_CHANGED,
        session_id,
        |conn| {
            diesel::update(facilitation_sessions::table.find(session_id))
                .set(facilitation_sessions::revealed_at.eq(Some(crate::now())))
                .execute(conn)?;
            Ok(())
        },
    )
}

/// Sets (or clears) the message to everyone.
pub fn set_message(
    conn: &mut DbConnection,
    session_id: &str,
    message: Option<&str>,
) -> StoreResult<()> {
    with_event(
        conn,
        session_id,
        None,
        event_kind::SESSION_CHANGED,
        session_id,
        |conn| {
            diesel::update(facilitation_sessions::table.find(session_id))
                .set(facilitation_sessions::message.eq(message))
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

/// Lays more items on a table, after those it has; an item already on it is not laid twice.
/// Gives how many were added.
pub fn append_items(
    conn: &mut DbConnection,
    table: &TableRow,
    items: &[(String, String)],
) -> StoreResult<usize> {
    let mut added = 0;
    with_event(
        conn,
        &table.session_id,
        Some(&table.id),
        event_kind::SESSION_CHANGED,
        &table.id,
        |conn| {
            added = 0;
            let existing = self::items(conn, &table.id)?;
            let mut next = existing.iter().map(|i| i.position + 1).max().unwrap_or(0);
            for (kind, ref_id) in items {
                if existing
                    .iter()
                    .any(|i| &i.kind == kind && &i.ref_id == ref_id)
                {
                    continue;
                }
                diesel::insert_into(table_items::table)
                    .values(ItemRow {
                        table_id: table.id.clone(),
                        position: next,
                        kind: kind.clone(),
                        ref_id: ref_id.clone(),
                    })
                    .execute(conn)?;
                next += 1;
                added += 1;
            }
            Ok(())
        },
    )?;
    Ok(added)
}

/// Sets (or, with `None`, clears) a table's regional figures.
pub fn set_figures(
    conn: &mut DbConnection,
    table: &TableRow,
    figures: Option<(&str, &str, &str)>,
) -> StoreResult<()> {
    with_event(
        conn,
        &table.session_id,
        Some(&table.id),
        event_kind::SESSION_CHANGED,
        &table.id,
        |conn| {
            diesel::update(session_tables::table.find(&table.id))
                .set((
                    session_tables::figures_title.eq(figures.map(|f| f.0)),
                    session_tables::figures_source.eq(figures.map(|f| f.1)),
                    session_tables::figures.eq(figures.map(|f| f.2)),
                ))
                .execute(conn)?;
            Ok(())
        },
    )
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

/// The most events one read gives.
pub const EVENTS_PER_READ: usize = 500;

/// Every session's events after `after`, oldest first (at most [`EVENTS_PER_READ`]).
pub fn all_events_after(conn: &mut DbConnection, after: i64) -> StoreResult<Vec<EventRow>> {
    Ok(session_events::table
        .filter(session_events::seq.gt(after))
        .order(session_events::seq.asc())
        .select(EventRow::as_select())
        .limit(EVENTS_PER_READ as i64)
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
        .limit(EVENTS_PER_READ as i64)
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

/// A cluster of post-its at a table.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = clusters)]
pub struct ClusterRow {
    pub id: String,
    pub session_id: String,
    pub table_id: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

/// Adds a cluster.
pub fn add_cluster(conn: &mut DbConnection, cluster: &ClusterRow) -> StoreResult<()> {
    with_event(
        conn,
        &cluster.session_id,
        Some(&cluster.table_id),
        event_kind::CLUSTERS_CHANGED,
        &cluster.id,
        |conn| {
            diesel::insert_into(clusters::table)
                .values(cluster)
                .execute(conn)?;
            Ok(())
        },
    )
}

/// A table's clusters, oldest first.
pub fn clusters_of_table(conn: &mut DbConnection, table_id: &str) -> StoreResult<Vec<ClusterRow>> {
    Ok(clusters::table
        .filter(clusters::table_id.eq(table_id))
        .order((clusters::created_at.asc(), clusters::id.asc()))
        .select(ClusterRow::as_select())
        .load(conn)?)
}

/// Moves post-its of a table into a cluster of that table (or out of any, with `None`). Gives
/// how many moved; post-its of other tables are left alone.
pub fn move_to_cluster(
    conn: &mut DbConnection,
    session_id: &str,
    table_id: &str,
    postit_ids: &[String],
    cluster_id: Option<&str>,
) -> StoreResult<usize> {
    let mut moved = 0;
    with_event(
        conn,
        session_id,
        Some(table_id),
        event_kind::CLUSTERS_CHANGED,
        cluster_id.unwrap_or(""),
        |conn| {
            moved = diesel::update(
                postits::table
                    .filter(postits::table_id.eq(table_id))
                    .filter(postits::id.eq_any(postit_ids)),
            )
            .set(postits::cluster_id.eq(cluster_id))
            .execute(conn)?;
            Ok(())
        },
    )?;
    Ok(moved)
}

/// A dot vote of a session.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = session_votes)]
pub struct VoteRow {
    pub id: String,
    pub session_id: String,
    pub budget: i32,
    pub opened_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

/// The session's newest vote (open or closed).
pub fn latest_vote(conn: &mut DbConnection, session_id: &str) -> StoreResult<Option<VoteRow>> {
    Ok(session_votes::table
        .filter(session_votes::session_id.eq(session_id))
        .order((session_votes::opened_at.desc(), session_votes::id.desc()))
        .select(VoteRow::as_select())
        .first(conn)
        .optional()?)
}

/// Opens a vote (closing any open one).
pub fn open_vote(conn: &mut DbConnection, vote: &VoteRow) -> StoreResult<()> {
    with_event(
        conn,
        &vote.session_id,
        None,
        event_kind::VOTE_CHANGED,
        &vote.id,
        |conn| {
            diesel::update(
                session_votes::table
                    .filter(session_votes::session_id.eq(&vote.session_id))
                    .filter(session_votes::closed_at.is_null()),
            )
            .set(session_votes::closed_at.eq(Some(crate::now())))
            .execute(conn)?;
            diesel::insert_into(session_votes::table)
                .values(vote)
                .execute(conn)?;
            Ok(())
        },
    )
}

/// Closes a vote.
pub fn close_vote(conn: &mut DbConnection, session_id: &str, vote_id: &str) -> StoreResult<()> {
    with_event(
        conn,
        session_id,
        None,
        event_kind::VOTE_CHANGED,
        vote_id,
        |conn| {
            diesel::update(
                session_votes::table
                    .filter(session_votes::id.eq(vote_id))
                    .filter(session_votes::closed_at.is_null()),
            )
            .set(session_votes::closed_at.eq(Some(crate::now())))
            .execute(conn)?;
            Ok(())
        },
    )
}

/// Why a dot was not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DotRefused {
    /// The participant has spent their budget.
    NoneLeft,
    /// There are no dots of theirs on that cluster to take back.
    NoneThere,
}

/// Places (`+1`) or takes back (`-1`) one of a participant's dots on a cluster, within the
/// vote's budget; checked and written in one transaction.
pub fn dot(
    conn: &mut DbConnection,
    vote: &VoteRow,
    participant_id: &str,
    table_id: &str,
    cluster_id: &str,
    delta: i32,
) -> StoreResult<Result<(), DotRefused>> {
    let mut outcome = Ok(());
    with_event(
        conn,
        &vote.session_id,
        Some(table_id),
        event_kind::DOT_PLACED,
        &vote.id,
        |conn| {
            let spent: Option<i64> = vote_dots::table
                .filter(vote_dots::vote_id.eq(&vote.id))
                .filter(vote_dots::participant_id.eq(participant_id))
                .select(diesel::dsl::sum(vote_dots::dots))
                .first(conn)?;
            let here: Option<i32> = vote_dots::table
                .filter(vote_dots::vote_id.eq(&vote.id))
                .filter(vote_dots::participant_id.eq(participant_id))
                .filter(vote_dots::cluster_id.eq(cluster_id))
                .select(vote_dots::dots)
                .first(conn)
                .optional()?;
            let spent = spent.unwrap_or(0);
            let here = here.unwrap_or(0);
            if delta > 0 && spent + i64::from(delta) > i64::from(vote.budget) {
                outcome = Err(DotRefused::NoneLeft);
                return Ok(());
            }
            if delta < 0 && here + delta < 0 {
                outcome = Err(DotRefused::NoneThere);
                return Ok(());
            }
            diesel::delete(
                vote_dots::table
                    .filter(vote_dots::vote_id.eq(&vote.id))
                    .filter(vote_dots::participant_id.eq(participant_id))
                    .filter(vote_dots::cluster_id.eq(cluster_id)),
            )
            .execute(conn)?;
            if here + delta > 0 {
                diesel::insert_into(vote_dots::table)
                    .values((
                        vote_dots::vote_id.eq(&vote.id),
                        vote_dots::participant_id.eq(participant_id),
                        vote_dots::cluster_id.eq(cluster_id),
                        vote_dots::dots.eq(here + delta),
                    ))
                    .execute(conn)?;
            }
            outcome = Ok(());
            Ok(())
        },
    )?;
    Ok(outcome)
}

/// A participant's dots in a vote, per cluster.
pub fn my_dots(
    conn: &mut DbConnection,
    vote_id: &str,
    participant_id: &str,
) -> StoreResult<Vec<(String, i32)>> {
    Ok(vote_dots::table
        .filter(vote_dots::vote_id.eq(vote_id))
        .filter(vote_dots::participant_id.eq(participant_id))
        .select((vote_dots::cluster_id, vote_dots::dots))
        .load(conn)?)
}

/// Every dot of a vote, per cluster.
pub fn vote_totals(conn: &mut DbConnection, vote_id: &str) -> StoreResult<Vec<(String, i64)>> {
    let rows: Vec<(String, Option<i64>)> = vote_dots::table
        .filter(vote_dots::vote_id.eq(vote_id))
        .group_by(vote_dots::cluster_id)
        .select((vote_dots::cluster_id, diesel::dsl::sum(vote_dots::dots)))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, n)| (c, n.unwrap_or(0))).collect())
}

/// An improvement proposal.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = proposals)]
pub struct ProposalRow {
    pub id: String,
    pub session_id: String,
    pub table_id: String,
    pub cluster_id: Option<String>,
    pub title: String,
    pub we_should: String,
    pub so_that: String,
    pub first_actions: String,
    pub conditions: String,
    pub progress_sharing: String,
    pub owner_name: Option<String>,
    pub owner_role: Option<String>,
    pub owner_participant_id: Option<String>,
    pub owner_accepted_at: Option<NaiveDateTime>,
    pub first_date: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Stores a new proposal.
pub fn add_proposal(conn: &mut DbConnection, proposal: &ProposalRow) -> StoreResult<()> {
    with_event(
        conn,
        &proposal.session_id,
        Some(&proposal.table_id),
        event_kind::PROPOSAL_CHANGED,
        &proposal.id,
        |conn| {
            diesel::insert_into(proposals::table)
                .values(proposal)
                .execute(conn)?;
            Ok(())
        },
    )
}

/// A table's proposals, oldest first.
pub fn proposals_of_table(
    conn: &mut DbConnection,
    table_id: &str,
) -> StoreResult<Vec<ProposalRow>> {
    Ok(proposals::table
        .filter(proposals::table_id.eq(table_id))
        .order((proposals::created_at.asc(), proposals::id.asc()))
        .select(ProposalRow::as_select())
        .load(conn)?)
}

/// A session's proposals, by table and age.
pub fn proposals_of_session(
    conn: &mut DbConnection,
    session_id: &str,
) -> StoreResult<Vec<ProposalRow>> {
    Ok(proposals::table
        .filter(proposals::session_id.eq(session_id))
        .order((proposals::table_id.asc(), proposals::created_at.asc()))
        .select(ProposalRow::as_select())
        .load(conn)?)
}

/// Records a proposal's owner: a participant who accepts it on their phone, or a name and role
/// the facilitator records. An owner who accepted stays until the facilitator names another.
pub fn set_owner(
    conn: &mut DbConnection,
    proposal: &ProposalRow,
    name: &str,
    role: Option<&str>,
    participant_id: Option<&str>,
) -> StoreResult<()> {
    with_event(
        conn,
        &proposal.session_id,
        Some(&proposal.table_id),
        event_kind::PROPOSAL_CHANGED,
        &proposal.id,
        |conn| {
            diesel::update(proposals::table.find(&proposal.id))
                .set((
                    proposals::owner_name.eq(Some(name)),
                    proposals::owner_role.eq(role),
                    proposals::owner_participant_id.eq(participant_id),
                    proposals::owner_accepted_at.eq(Some(crate::now())),
                    proposals::updated_at.eq(crate::now()),
                ))
                .execute(conn)?;
            Ok(())
        },
    )
}

/// A named deck, reusable across sessions.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = decks)]
pub struct DeckRow {
    pub id: String,
    pub name: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Saves a deck with its items (kind, ref id), in order.
pub fn save_deck(
    conn: &mut DbConnection,
    deck: &DeckRow,
    items: &[(String, String)],
) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::insert_into(decks::table)
            .values(deck)
            .execute(conn)?;
        for (i, (kind, ref_id)) in items.iter().enumerate() {
            diesel::insert_into(deck_items::table)
                .values((
                    deck_items::deck_id.eq(&deck.id),
                    deck_items::position.eq(i as i32),
                    deck_items::kind.eq(kind),
                    deck_items::ref_id.eq(ref_id),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Every deck, by name.
pub fn decks(conn: &mut DbConnection) -> StoreResult<Vec<DeckRow>> {
    Ok(decks::table
        .order((decks::name.asc(), decks::id.asc()))
        .select(DeckRow::as_select())
        .load(conn)?)
}

/// A deck's items (kind, ref id), in order.
pub fn deck_items_of(conn: &mut DbConnection, deck_id: &str) -> StoreResult<Vec<(String, String)>> {
    Ok(deck_items::table
        .filter(deck_items::deck_id.eq(deck_id))
        .order(deck_items::position.asc())
        .select((deck_items::kind, deck_items::ref_id))
        .load(conn)?)
}

/// The PostgreSQL channel on which every instance hears that a session changed.
pub const CHANNEL: &str = "vertelpunt_sessions";

/// One instance's ear for changes written by other instances (PostgreSQL only): a connection of
/// its own that `LISTEN`s on [`CHANNEL`].
pub struct Listener {
    conn: diesel::PgConnection,
}

impl Listener {
    /// Starts listening, or `None` on SQLite (one instance; its changes wake it directly).
    pub fn start(store: &crate::Store) -> StoreResult<Option<Listener>> {
        match store.dedicated()? {
            DbConnection::Postgres(mut conn) => {
                diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
                Ok(Some(Listener { conn }))
            }
            DbConnection::Sqlite(_) => Ok(None),
        }
    }

    /// Whether a change was announced since the last call (never blocks).
    pub fn heard(&mut self) -> StoreResult<bool> {
        let mut any = false;
        for notification in self.conn.notifications_iter() {
            notification?;
            any = true;
        }
        Ok(any)
    }
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
            // Other app instances on this PostgreSQL database are woken when this commits.
            if let DbConnection::Postgres(pg) = conn {
                diesel::sql_query(format!("NOTIFY {CHANNEL}")).execute(pg)?;
            }
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
