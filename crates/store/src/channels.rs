//! Channels: where a story came from (a campaign link `?bron=CODE`, a live story table, an
//! import), so response per channel can be followed during collection.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::channels;

/// The channel of a story whose campaign code is not known.
pub const UNKNOWN: &str = "onbekend";
/// The channel of stories entered by a facilitator at a live story table.
pub const VERTELTAFEL: &str = "verteltafel";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = channels)]
pub struct Channel {
    pub id: String,
    pub project_id: String,
    pub code: String,
    pub label: String,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, project_id: &str, code: &str) -> StoreResult<Option<Channel>> {
    Ok(channels::table
        .filter(channels::project_id.eq(project_id))
        .filter(channels::code.eq(code))
        .select(Channel::as_select())
        .first(conn)
        .optional()?)
}

/// The channel with `code` in the project, created with `label` if it does not exist.
pub fn ensure(
    conn: &mut DbConnection,
    project_id: &str,
    code: &str,
    label: &str,
) -> StoreResult<Channel> {
    conn.transaction(|conn| {
        if let Some(c) = find(conn, project_id, code)? {
            return Ok(c);
        }
        let channel = Channel {
            id: crate::new_id(),
            project_id: project_id.to_string(),
            code: code.to_string(),
            label: label.to_string(),
            created_at: crate::now(),
        };
        diesel::insert_into(channels::table)
            .values(&channel)
            .execute(conn)?;
        Ok(channel)
    })
}

pub fn list(conn: &mut DbConnection, project_id: &str) -> StoreResult<Vec<Channel>> {
    Ok(channels::table
        .filter(channels::project_id.eq(project_id))
        .order(channels::code)
        .select(Channel::as_select())
        .load(conn)?)
}
