//! Published questionnaire versions. A published version never changes: publishing a changed
//! definition makes a new version; publishing an identical one returns the existing version.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use vertelpunt_model::definition::{DefinitionFormat, RawDefinition};
use vertelpunt_model::validate::{validate, validate_module};
use vertelpunt_model::Questionnaire;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::questionnaire_versions as qv;

/// One stored version of a questionnaire (core or module).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = qv)]
pub struct QuestionnaireVersion {
    pub id: String,
    pub questionnaire_key: String,
    pub version: i32,
    pub kind: String,
    pub extends_key: Option<String>,
    pub title_nl: String,
    pub title_en: String,
    /// The canonical JSON of the definition.
    pub definition: String,
    pub checksum: String,
    pub created_at: NaiveDateTime,
}

impl QuestionnaireVersion {
    /// The stored definition as written.
    pub fn raw(&self) -> StoreResult<RawDefinition> {
        RawDefinition::parse(&self.definition, DefinitionFormat::Json).map_err(|e| {
            StoreError::InvalidDefinition {
                key: self.questionnaire_key.clone(),
                errors: e.to_string(),
            }
        })
    }

    /// The checked questionnaire. Stored definitions were validated when published.
    pub fn questionnaire(&self) -> StoreResult<Questionnaire> {
        validate(&self.raw()?).map_err(|e| StoreError::InvalidDefinition {
            key: self.questionnaire_key.clone(),
            errors: e.to_string(),
        })
    }
}

/// Whether [`publish`] made a new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    New,
    Unchanged,
}

/// Validates and publishes a definition. A module is validated against the newest version of
/// the core it extends, which must be published first.
pub fn publish(
    conn: &mut DbConnection,
    raw: &RawDefinition,
) -> StoreResult<(QuestionnaireVersion, Published)> {
    conn.transaction(|conn| {
        let invalid = |errors: String| StoreError::InvalidDefinition {
            key: raw.key.clone(),
            errors,
        };
        let checked = match (raw.kind.as_str(), &raw.extends) {
            ("module", Some(core_key)) => {
                let core = latest(conn, core_key)?.ok_or_else(|| {
                    invalid(format!(
                        "- it extends core set '{core_key}', which has not been published"
                    ))
                })?;
                validate_module(&core.questionnaire()?, raw)
            }
            _ => validate(raw),
        }
        .map_err(|e| invalid(e.to_string()))?;

        let checksum = raw.checksum();
        if let Some(existing) = qv::table
            .filter(qv::questionnaire_key.eq(&raw.key))
            .filter(qv::checksum.eq(&checksum))
            .select(QuestionnaireVersion::as_select())
            .first(conn)
            .optional()?
        {
            return Ok((existing, Published::Unchanged));
        }
        let newest: Option<i32> = qv::table
            .filter(qv::questionnaire_key.eq(&raw.key))
            .select(diesel::dsl::max(qv::version))
            .first(conn)?;
        let version = QuestionnaireVersion {
            id: crate::new_id(),
            questionnaire_key: raw.key.clone(),
            version: newest.unwrap_or(0) + 1,
            kind: checked.kind.code().to_string(),
            extends_key: raw.extends.clone(),
            title_nl: raw.title.nl.clone(),
            title_en: raw.title.en.clone(),
            definition: raw.canonical_json(),
            checksum,
            created_at: crate::now(),
        };
        diesel::insert_into(qv::table)
            .values(&version)
            .execute(conn)?;
        Ok((version, Published::New))
    })
}

/// The newest version of a questionnaire.
pub fn latest(conn: &mut DbConnection, key: &str) -> StoreResult<Option<QuestionnaireVersion>> {
    Ok(qv::table
        .filter(qv::questionnaire_key.eq(key))
        .order(qv::version.desc())
        .select(QuestionnaireVersion::as_select())
        .first(conn)
        .optional()?)
}

/// One version by id.
pub fn get(conn: &mut DbConnection, id: &str) -> StoreResult<QuestionnaireVersion> {
    qv::table
        .find(id)
        .select(QuestionnaireVersion::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("questionnaire version {id} does not exist")))
}

/// Every version, by key and version.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<QuestionnaireVersion>> {
    Ok(qv::table
        .order((qv::questionnaire_key, qv::version))
        .select(QuestionnaireVersion::as_select())
        .load(conn)?)
}
