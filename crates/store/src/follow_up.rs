//! What became of a session's proposals, kept across cycles: every change after the session
//! (progress notes, status, a new or revoked follow-up link, a theme) as its own row, the owner's
//! follow-up link (only its SHA-256 is kept), the participants' evaluation of a session and the
//! read-only link to a session's report.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{facilitation_sessions, proposal_updates, proposals, session_evaluations};
use crate::sense_making::{ProposalRow, SessionRow};
use crate::sessions::{random_token, token_hash};
use crate::{DbConnection, StoreResult};

/// The kinds of change to a proposal.
pub mod update_kind {
    /// A progress note, perhaps with a new status.
    pub const PROGRESS: &str = "voortgang";
    /// A new follow-up link was made (the old one, if any, stopped working).
    pub const LINK: &str = "link";
    /// The follow-up link was revoked.
    pub const LINK_REVOKED: &str = "link_ingetrokken";
    /// The theme was set or changed (the note holds it).
    pub const THEME: &str = "thema";
}

/// A change to a proposal.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = proposal_updates)]
pub struct UpdateRow {
    pub id: String,
    pub proposal_id: String,
    pub recorded_at: NaiveDateTime,
    pub kind: String,
    /// Written through the owner's link.
    pub by_owner: bool,
    /// The staff member who wrote it.
    pub user_id: Option<String>,
    /// Who wrote it, as shown: the owner's name or the staff member's e-mail address.
    pub author: String,
    /// The day the progress happened (`JJJJ-MM-DD`).
    pub happened_on: Option<String>,
    pub status_before: String,
    pub status_after: String,
    pub note: String,
    /// The note may hold identifying details.
    pub flagged: bool,
}

/// Who records a change.
#[derive(Debug, Clone)]
pub enum Author {
    /// The owner, through their link.
    Owner(String),
    /// A staff member: their id and e-mail address.
    Staff { user_id: String, email: String },
}

impl Author {
    fn columns(&self) -> (bool, Option<String>, String) {
        match self {
            Author::Owner(name) => (true, None, name.clone()),
            Author::Staff { user_id, email } => (false, Some(user_id.clone()), email.clone()),
        }
    }
}

/// A proposal by id.
pub fn proposal(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ProposalRow>> {
    Ok(proposals::table
        .find(id)
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?)
}

/// The proposal whose follow-up link holds `token`, if the link is still valid.
pub fn by_link(conn: &mut DbConnection, token: &str) -> StoreResult<Option<ProposalRow>> {
    if token.is_empty() {
        return Ok(None);
    }
    Ok(proposals::table
        .filter(proposals::follow_up_hash.eq(token_hash(token)))
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether a proposal has a follow-up link that works, and its theme.
pub fn link_and_theme(conn: &mut DbConnection, id: &str) -> StoreResult<(bool, Option<String>)> {
    let (hash, theme): (Option<String>, Option<String>) = proposals::table
        .find(id)
        .select((proposals::follow_up_hash, proposals::theme))
        .first(conn)?;
    Ok((hash.is_some(), theme))
}

fn update(
    proposal: &ProposalRow,
    kind: &str,
    author: &Author,
    status_after: &str,
    note: &str,
) -> UpdateRow {
    let (by_owner, user_id, author) = author.columns();
    UpdateRow {
        id: crate::new_id(),
        proposal_id: proposal.id.clone(),
        recorded_at: crate::now(),
        kind: kind.into(),
        by_owner,
        user_id,
        author,
        happened_on: None,
        status_before: proposal.status.clone(),
        status_after: status_after.into(),
        note: note.into(),
        flagged: false,
    }
}

/// Makes a new follow-up link for a proposal and gives its token (shown once); a link made
/// before stops working.
pub fn new_link(
    conn: &mut DbConnection,
    proposal: &ProposalRow,
    author: &Author,
) -> StoreResult<String> {
    let token = random_token();
    let change = update(proposal, update_kind::LINK, author, &proposal.status, "");
    conn.transaction(|conn| {
        diesel::update(proposals::table.find(&proposal.id))
            .set(proposals::follow_up_hash.eq(Some(token_hash(&token))))
            .execute(conn)?;
        diesel::insert_into(proposal_updates::table)
            .values(&change)
            .execute(conn)?;
        Ok(token)
    })
}

/// Revokes a proposal's follow-up link.
pub fn revoke_link(
    conn: &mut DbConnection,
    proposal: &ProposalRow,
    author: &Author,
) -> StoreResult<()> {
    let change = update(
        proposal,
        update_kind::LINK_REVOKED,
        author,
        &proposal.status,
        "",
    );
    conn.transaction(|conn| {
        diesel::update(proposals::table.find(&proposal.id))
            .set(proposals::follow_up_hash.eq(None::<String>))
            .execute(conn)?;
        diesel::insert_into(proposal_updates::table)
            .values(&change)
            .execute(conn)?;
        Ok(())
    })
}

/// Records progress: a note on the day it happened (today when `None`) and the status after it.
pub fn record_progress(
    conn: &mut DbConnection,
    proposal: &ProposalRow,
    author: &Author,
    status_after: &str,
    note: &str,
    happened_on: Option<&str>,
    flagged: bool,
) -> StoreResult<()> {
    let mut change = update(proposal, update_kind::PROGRESS, author, status_after, note);
    change.happened_on = Some(
        happened_on
            .map(str::to_string)
            .unwrap_or_else(|| change.recorded_at.format("%Y-%m-%d").to_string()),
    );
    change.flagged = flagged;
    conn.transaction(|conn| {
        diesel::update(proposals::table.find(&proposal.id))
            .set((
                proposals::status.eq(status_after),
                proposals::updated_at.eq(change.recorded_at),
            ))
            .execute(conn)?;
        diesel::insert_into(proposal_updates::table)
            .values(&change)
            .execute(conn)?;
        Ok(())
    })
}

/// Sets (or clears, with `None`) a proposal's theme.
pub fn set_theme(
    conn: &mut DbConnection,
    proposal: &ProposalRow,
    author: &Author,
    theme: Option<&str>,
) -> StoreResult<()> {
    let change = update(
        proposal,
        update_kind::THEME,
        author,
        &proposal.status,
        theme.unwrap_or(""),
    );
    conn.transaction(|conn| {
        diesel::update(proposals::table.find(&proposal.id))
            .set(proposals::theme.eq(theme))
            .execute(conn)?;
        diesel::insert_into(proposal_updates::table)
            .values(&change)
            .execute(conn)?;
        Ok(())
    })
}

/// Every change of a proposal, oldest first.
pub fn updates(conn: &mut DbConnection, proposal_id: &str) -> StoreResult<Vec<UpdateRow>> {
    Ok(proposal_updates::table
        .filter(proposal_updates::proposal_id.eq(proposal_id))
        .order((
            proposal_updates::recorded_at.asc(),
            proposal_updates::id.asc(),
        ))
        .select(UpdateRow::as_select())
        .load(conn)?)
}

/// A proposal as listed across sessions: with its session, theme, progress notes (oldest
/// first) and when it last had news.
#[derive(Debug, Clone)]
pub struct Listed {
    pub proposal: ProposalRow,
    pub session: SessionRow,
    pub theme: Option<String>,
    pub has_link: bool,
    pub progress: Vec<UpdateRow>,
}

impl Listed {
    /// When the proposal last had news: its latest progress note, or else its making.
    pub fn last_news(&self) -> NaiveDateTime {
        self.progress
            .last()
            .map(|u| u.recorded_at)
            .unwrap_or(self.proposal.created_at)
    }
}

/// Every proposal (of the sessions `run_by` runs, when given), newest session first. Proposals
/// are few (a handful a table), so they are read whole and filtered by the caller.
pub fn listed(conn: &mut DbConnection, run_by: Option<&str>) -> StoreResult<Vec<Listed>> {
    let sessions: HashMap<String, SessionRow> = crate::sense_making::list(conn, run_by)?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let session_ids: Vec<&String> = sessions.keys().collect();
    let mut rows: Vec<(ProposalRow, Option<String>, bool)> = Vec::new();
    for chunk in session_ids.chunks(crate::stories::ROWS_PER_STATEMENT) {
        rows.extend(
            proposals::table
                .filter(proposals::session_id.eq_any(chunk))
                .select((
                    ProposalRow::as_select(),
                    proposals::theme,
                    proposals::follow_up_hash.is_not_null(),
                ))
                .load::<(ProposalRow, Option<String>, bool)>(conn)?,
        );
    }
    rows.sort_by(|a, b| {
        let (sa, sb) = (&sessions[&a.0.session_id], &sessions[&b.0.session_id]);
        (sb.starts_at, &sa.id, &a.0.table_id, a.0.created_at, &a.0.id).cmp(&(
            sa.starts_at,
            &sb.id,
            &b.0.table_id,
            b.0.created_at,
            &b.0.id,
        ))
    });
    let ids: Vec<String> = rows.iter().map(|r| r.0.id.clone()).collect();
    let mut progress: HashMap<String, Vec<UpdateRow>> = HashMap::new();
    for chunk in ids.chunks(crate::stories::ROWS_PER_STATEMENT) {
        let found: Vec<UpdateRow> = proposal_updates::table
            .filter(proposal_updates::proposal_id.eq_any(chunk))
            .filter(proposal_updates::kind.eq(update_kind::PROGRESS))
            .order((
                proposal_updates::recorded_at.asc(),
                proposal_updates::id.asc(),
            ))
            .select(UpdateRow::as_select())
            .load(conn)?;
        for u in found {
            progress.entry(u.proposal_id.clone()).or_default().push(u);
        }
    }
    Ok(rows
        .into_iter()
        .map(|(proposal, theme, has_link)| Listed {
            progress: progress.remove(&proposal.id).unwrap_or_default(),
            session: sessions[&proposal.session_id].clone(),
            proposal,
            theme,
            has_link,
        })
        .collect())
}

/// The earlier proposals of a region: those of sessions in `region` that started before
/// `before`, newest session first.
pub fn earlier_in_region(
    conn: &mut DbConnection,
    region: &str,
    before: NaiveDateTime,
) -> StoreResult<Vec<Listed>> {
    Ok(listed(conn, None)?
        .into_iter()
        .filter(|l| l.session.region_code.as_deref() == Some(region))
        .filter(|l| l.session.starts_at < before)
        .collect())
}

/// A participant's evaluation of a session.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = session_evaluations)]
pub struct EvaluationRow {
    pub session_id: String,
    pub participant_id: String,
    pub useful: Option<i32>,
    pub heard: Option<i32>,
    pub follow_up: Option<i32>,
    pub remark: String,
    pub flagged: bool,
    pub answered_at: NaiveDateTime,
}

/// Stores a participant's evaluation; a second one replaces the first.
pub fn save_evaluation(conn: &mut DbConnection, evaluation: &EvaluationRow) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::delete(
            session_evaluations::table.find((&evaluation.session_id, &evaluation.participant_id)),
        )
        .execute(conn)?;
        diesel::insert_into(session_evaluations::table)
            .values(evaluation)
            .execute(conn)?;
        Ok(())
    })
}

/// A participant's evaluation, if they gave one.
pub fn evaluation_of(
    conn: &mut DbConnection,
    session_id: &str,
    participant_id: &str,
) -> StoreResult<Option<EvaluationRow>> {
    Ok(session_evaluations::table
        .find((session_id, participant_id))
        .select(EvaluationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every evaluation of a session.
pub fn evaluations(conn: &mut DbConnection, session_id: &str) -> StoreResult<Vec<EvaluationRow>> {
    Ok(session_evaluations::table
        .filter(session_evaluations::session_id.eq(session_id))
        .order(session_evaluations::answered_at.asc())
        .select(EvaluationRow::as_select())
        .load(conn)?)
}

/// Makes a read-only link to a session's report and gives its token (shown once); a link made
/// before stops working.
pub fn share_report(conn: &mut DbConnection, session_id: &str) -> StoreResult<String> {
    let token = random_token();
    diesel::update(facilitation_sessions::table.find(session_id))
        .set(facilitation_sessions::report_hash.eq(Some(token_hash(&token))))
        .execute(conn)?;
    Ok(token)
}

/// Stops the read-only link to a session's report.
pub fn unshare_report(conn: &mut DbConnection, session_id: &str) -> StoreResult<()> {
    diesel::update(facilitation_sessions::table.find(session_id))
        .set(facilitation_sessions::report_hash.eq(None::<String>))
        .execute(conn)?;
    Ok(())
}

/// Whether a session's report is shared.
pub fn report_shared(conn: &mut DbConnection, session_id: &str) -> StoreResult<bool> {
    let hash: Option<String> = facilitation_sessions::table
        .find(session_id)
        .select(facilitation_sessions::report_hash)
        .first(conn)?;
    Ok(hash.is_some())
}

/// The session whose shared report link holds `token`.
pub fn by_report_link(conn: &mut DbConnection, token: &str) -> StoreResult<Option<SessionRow>> {
    if token.is_empty() {
        return Ok(None);
    }
    Ok(facilitation_sessions::table
        .filter(facilitation_sessions::report_hash.eq(token_hash(token)))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}
