//! What `vertelpunt serve` does to a database before it listens: migrate, load the shipped
//! regions and questionnaires, and make sure there is a collection point to share stories at.

use vertelpunt_model::shipped::SHIPPED;

use crate::collection_points::{self, CollectionPoint, NewCollectionPoint};
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::questionnaires::{self, Published};
use crate::{channels, migrations, projects, regions};

/// The slug of the collection point created on a fresh database.
pub const DEFAULT_COLLECTION_POINT: &str = "jeugdhulp";
/// The project that owns it.
pub const DEFAULT_PROJECT: &str = "landelijk";

/// What [`prepare`] did.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub migrations_applied: Vec<String>,
    pub regions_added: usize,
    /// `key vN` of each questionnaire version published now.
    pub questionnaires_published: Vec<String>,
    pub collection_point_created: Option<String>,
}

/// Migrates the database, loads shipped data and creates the default collection point
/// `jeugdhulp` (core set `jeugdhulp`, open, Dutch and English) when no collection point exists.
/// Running it again changes nothing.
pub fn prepare(conn: &mut DbConnection) -> StoreResult<Prepared> {
    let mut done = Prepared {
        migrations_applied: migrations::run_pending(conn)?,
        regions_added: regions::sync_shipped(conn)?,
        ..Prepared::default()
    };
    for shipped in SHIPPED {
        let (version, published) = questionnaires::publish(conn, &shipped.parse())?;
        if published == Published::New {
            done.questionnaires_published.push(format!(
                "{} v{}",
                version.questionnaire_key, version.version
            ));
        }
    }
    if collection_points::list(conn)?.is_empty() {
        let point = create_default_collection_point(conn)?;
        done.collection_point_created = Some(point.slug);
    }
    Ok(done)
}

fn create_default_collection_point(conn: &mut DbConnection) -> StoreResult<CollectionPoint> {
    let project = projects::ensure(conn, DEFAULT_PROJECT, "Vertelpunt jeugdhulp (landelijk)")?;
    let core = questionnaires::latest(conn, "jeugdhulp")?
        .expect("the shipped core set was published just before");
    channels::ensure(conn, &project.id, channels::UNKNOWN, "Onbekend")?;
    channels::ensure(conn, &project.id, channels::VERTELTAFEL, "Verteltafel")?;
    collection_points::create(
        conn,
        NewCollectionPoint {
            project_id: project.id,
            slug: DEFAULT_COLLECTION_POINT.to_string(),
            name: "Vertelpunt jeugdhulp".to_string(),
            questionnaire_version_id: core.id,
            module_version_ids: vec![],
            default_region_code: None,
            opens_at: None,
            closes_at: None,
            languages: vec!["nl".into(), "en".into()],
        },
    )
}
