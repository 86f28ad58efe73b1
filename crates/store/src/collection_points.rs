//! Collection points: one public Vertelpunt (`/v/{slug}`) with its questionnaire version,
//! modules, default region, open period and languages.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::questionnaires::QuestionnaireVersion;
use crate::schema::{
    collection_point_modules as cpm, collection_points as cp, questionnaire_versions,
};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = cp)]
pub struct CollectionPoint {
    pub id: String,
    pub project_id: String,
    pub slug: String,
    pub name: String,
    /// The core questionnaire version stories answer.
    pub questionnaire_version_id: String,
    pub default_region_code: Option<String>,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    /// Comma-separated language codes, Dutch first: `nl,en`.
    pub languages: String,
    pub created_at: NaiveDateTime,
}

impl CollectionPoint {
    /// Whether stories are accepted at `now` (UTC).
    pub fn is_open(&self, now: NaiveDateTime) -> bool {
        self.opens_at.is_none_or(|o| now >= o) && self.closes_at.is_none_or(|c| now < c)
    }

    pub fn language_codes(&self) -> Vec<&str> {
        self.languages.split(',').map(str::trim).collect()
    }
}

/// What is needed to create a collection point.
#[derive(Debug, Clone)]
pub struct NewCollectionPoint {
    pub project_id: String,
    pub slug: String,
    pub name: String,
    pub questionnaire_version_id: String,
    pub module_version_ids: Vec<String>,
    pub default_region_code: Option<String>,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub languages: Vec<String>,
}

/// Whether `slug` can be a collection point's slug: lower-case letters, digits and hyphens, at
/// most 64, not starting with a hyphen.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
}

/// Creates a collection point; the slug must be new.
pub fn create(conn: &mut DbConnection, new: NewCollectionPoint) -> StoreResult<CollectionPoint> {
    if !valid_slug(&new.slug) {
        return Err(StoreError::Conflict(format!(
            "collection point slug '{}' is not valid: use lower-case letters, digits and '-'",
            new.slug
        )));
    }
    conn.transaction(|conn| {
        if find_by_slug(conn, &new.slug)?.is_some() {
            return Err(StoreError::Conflict(format!(
                "a collection point with slug '{}' already exists",
                new.slug
            )));
        }
        let core = crate::questionnaires::get(conn, &new.questionnaire_version_id)?;
        if core.kind != "core" {
            return Err(StoreError::Conflict(format!(
                "questionnaire '{}' is a module; a collection point needs a core set",
                core.questionnaire_key
            )));
        }
        let point = CollectionPoint {
            id: crate::new_id(),
            project_id: new.project_id,
            slug: new.slug,
            name: new.name,
            questionnaire_version_id: new.questionnaire_version_id,
            default_region_code: new.default_region_code,
            opens_at: new.opens_at,
            closes_at: new.closes_at,
            languages: if new.languages.is_empty() {
                "nl,en".to_string()
            } else {
                new.languages.join(",")
            },
            created_at: crate::now(),
        };
        diesel::insert_into(cp::table)
            .values(&point)
            .execute(conn)?;
        // Its stories' revision starts at 0 ([`crate::stories::bump_revision`]).
        diesel::insert_into(crate::schema::story_revisions::table)
            .values((
                crate::schema::story_revisions::collection_point_id.eq(&point.id),
                crate::schema::story_revisions::revision.eq(0_i64),
            ))
            .execute(conn)?;
        for (position, module_id) in new.module_version_ids.iter().enumerate() {
            let module = crate::questionnaires::get(conn, module_id)?;
            if module.extends_key.as_deref() != Some(core.questionnaire_key.as_str()) {
                return Err(StoreError::Conflict(format!(
                    "module '{}' does not extend '{}'",
                    module.questionnaire_key, core.questionnaire_key
                )));
            }
            diesel::insert_into(cpm::table)
                .values((
                    cpm::collection_point_id.eq(&point.id),
                    cpm::questionnaire_version_id.eq(module_id),
                    cpm::position.eq(position as i32),
                ))
                .execute(conn)?;
        }
        Ok(point)
    })
}

pub fn find_by_slug(conn: &mut DbConnection, slug: &str) -> StoreResult<Option<CollectionPoint>> {
    Ok(cp::table
        .filter(cp::slug.eq(slug))
        .select(CollectionPoint::as_select())
        .first(conn)
        .optional()?)
}

/// All collection points, by slug.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<CollectionPoint>> {
    Ok(cp::table
        .order(cp::slug)
        .select(CollectionPoint::as_select())
        .load(conn)?)
}

/// The module versions of a collection point, in form order.
pub fn modules(conn: &mut DbConnection, point_id: &str) -> StoreResult<Vec<QuestionnaireVersion>> {
    Ok(cpm::table
        .inner_join(questionnaire_versions::table)
        .filter(cpm::collection_point_id.eq(point_id))
        .order(cpm::position)
        .select(QuestionnaireVersion::as_select())
        .load(conn)?)
}

/// The Vertelpunt a staff page opens on when none is asked for: the one the user chose last
/// (if it still exists), else the first that is open now, else the first.
pub fn preferred<'a>(
    points: &'a [CollectionPoint],
    last: Option<&str>,
    now: NaiveDateTime,
) -> Option<&'a CollectionPoint> {
    last.and_then(|slug| points.iter().find(|p| p.slug == slug))
        .or_else(|| points.iter().find(|p| p.is_open(now)))
        .or_else(|| points.first())
}

/// What [`upgrade`] did with one questionnaire of a collection point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upgraded {
    /// Moved from one version to the newest.
    Moved { key: String, from: i32, to: i32 },
    /// Already on the newest version.
    Newest { key: String, version: i32 },
    /// A newer version changes the meaning of answers: not moved, and why.
    Refused {
        key: String,
        newest: i32,
        changes: Vec<String>,
    },
}

/// The questionnaires of a collection point (core first, then its modules) whose newest
/// published version is newer than the one the point uses: key, the version used, the newest.
pub fn behind(
    conn: &mut DbConnection,
    point: &CollectionPoint,
) -> StoreResult<Vec<(QuestionnaireVersion, QuestionnaireVersion)>> {
    let core = crate::questionnaires::get(conn, &point.questionnaire_version_id)?;
    let mut used = vec![core];
    used.extend(modules(conn, &point.id)?);
    let mut out = Vec::new();
    for version in used {
        if let Some(newest) = crate::questionnaires::latest(conn, &version.questionnaire_key)? {
            if newest.version > version.version {
                out.push((version, newest));
            }
        }
    }
    Ok(out)
}

/// Moves a collection point to the newest version of its core set and of each module, each
/// only when that version keeps the meaning of answers (the same questions, kinds and options;
/// see [`vertelpunt_model::Questionnaire::answer_changes`]). Stories keep the version they
/// answered. One transaction.
pub fn upgrade(conn: &mut DbConnection, point: &CollectionPoint) -> StoreResult<Vec<Upgraded>> {
    conn.transaction(|conn| {
        let core = crate::questionnaires::get(conn, &point.questionnaire_version_id)?;
        let mut used = vec![core.clone()];
        used.extend(modules(conn, &point.id)?);
        let core_questions = core.questionnaire()?;
        let mut out = Vec::new();
        for version in used {
            let key = version.questionnaire_key.clone();
            let Some(newest) = crate::questionnaires::latest(conn, &key)? else {
                continue;
            };
            if newest.version <= version.version {
                out.push(Upgraded::Newest {
                    key,
                    version: version.version,
                });
                continue;
            }
            let (old, new) = if version.kind == "core" {
                (core_questions.clone(), newest.questionnaire()?)
            } else {
                let read = |v: &QuestionnaireVersion| {
                    vertelpunt_model::validate::validate_module(&core_questions, &v.raw()?).map_err(
                        |e| StoreError::InvalidDefinition {
                            key: v.questionnaire_key.clone(),
                            errors: e.to_string(),
                        },
                    )
                };
                (read(&version)?, read(&newest)?)
            };
            let changes = old.answer_changes(&new);
            if !changes.is_empty() {
                out.push(Upgraded::Refused {
                    key,
                    newest: newest.version,
                    changes,
                });
                continue;
            }
            if version.kind == "core" {
                diesel::update(cp::table.find(&point.id))
                    .set(cp::questionnaire_version_id.eq(&newest.id))
                    .execute(conn)?;
            } else {
                diesel::update(
                    cpm::table
                        .filter(cpm::collection_point_id.eq(&point.id))
                        .filter(cpm::questionnaire_version_id.eq(&version.id)),
                )
                .set(cpm::questionnaire_version_id.eq(&newest.id))
                .execute(conn)?;
            }
            out.push(Upgraded::Moved {
                key,
                from: version.version,
                to: newest.version,
            });
        }
        Ok(out)
    })
}
