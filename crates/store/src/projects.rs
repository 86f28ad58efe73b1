//! Projects: the organisation running one or more collection points (e.g. the national
//! Vertelpunt, or a region).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::projects;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = projects)]
pub struct Project {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

/// The project with `slug`, created with `name` if it does not exist yet.
pub fn ensure(conn: &mut DbConnection, slug: &str, name: &str) -> StoreResult<Project> {
    conn.transaction(|conn| {
        if let Some(p) = find_by_slug(conn, slug)? {
            return Ok(p);
        }
        let project = Project {
            id: crate::new_id(),
            slug: slug.to_string(),
            name: name.to_string(),
            created_at: crate::now(),
        };
        diesel::insert_into(projects::table)
            .values(&project)
            .execute(conn)?;
        Ok(project)
    })
}

pub fn find_by_slug(conn: &mut DbConnection, slug: &str) -> StoreResult<Option<Project>> {
    Ok(projects::table
        .filter(projects::slug.eq(slug))
        .select(Project::as_select())
        .first(conn)
        .optional()?)
}

/// One project by id.
pub fn get(conn: &mut DbConnection, id: &str) -> StoreResult<Project> {
    projects::table
        .find(id)
        .select(Project::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| crate::StoreError::NotFound(format!("project {id} does not exist")))
}

/// Every project, by name.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<Project>> {
    Ok(projects::table
        .order((projects::name, projects::slug))
        .select(Project::as_select())
        .load(conn)?)
}
