//! The youth-care regions table, kept in step with the shipped data file.

use diesel::prelude::*;
use vertelpunt_model::regions::jeugdregios;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::regions;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = regions)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub province: String,
    pub active: bool,
}

/// Inserts or updates every shipped region; returns how many were added.
pub fn sync_shipped(conn: &mut DbConnection) -> StoreResult<usize> {
    conn.transaction(|conn| {
        let existing: Vec<RegionRow> = regions::table.select(RegionRow::as_select()).load(conn)?;
        let mut added = 0;
        for r in jeugdregios() {
            let row = RegionRow {
                code: r.code.clone(),
                name: r.name.clone(),
                province: r.province.clone(),
                active: r.active,
            };
            match existing.iter().find(|e| e.code == row.code) {
                Some(e) if *e == row => {}
                Some(_) => {
                    diesel::update(regions::table.find(&row.code))
                        .set(&row)
                        .execute(conn)?;
                }
                None => {
                    diesel::insert_into(regions::table)
                        .values(&row)
                        .execute(conn)?;
                    added += 1;
                }
            }
        }
        Ok(added)
    })
}

/// All regions, ordered by code.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<RegionRow>> {
    Ok(regions::table
        .order(regions::code)
        .select(RegionRow::as_select())
        .load(conn)?)
}
