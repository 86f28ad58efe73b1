//! What a limited account sees ([`Scope`]). Limited to regions: the stories of its regions,
//! the pattern runs whose selection keeps only stories of its regions (and the cards made from
//! them and their comparisons), the sessions held in its regions (and their proposals).
//! Limited to projects: the collection points of its projects and their stories, the runs and
//! comparisons over those points only, the sessions of its projects. Anything else is "not
//! found" to it — by id in a URL as much as in a list — so it cannot even learn that it exists.
//! An unlimited account sees everything.
//!
//! The functions here take a connection, so handlers call them inside their store call.

use std::collections::{BTreeSet, HashMap};

use vertelpunt_patterns::Selection;
use vertelpunt_store::collection_points::{self, CollectionPoint};
use vertelpunt_store::users::Scope;
use vertelpunt_store::{cards, pattern_runs, projects, DbConnection, StoreError, StoreResult};

/// The regions a run's stored selection keeps stories of (`None`: every region). A selection
/// that cannot be read counts as one no limited account may see.
pub fn run_regions(selection: &str) -> Option<BTreeSet<String>> {
    match serde_json::from_str::<Selection>(selection) {
        Ok(selection) => selection.regions(),
        Err(_) => Some(BTreeSet::new()),
    }
}

/// Whether `scope` sees what was measured over a stored selection (a run's, a comparison's).
pub struct Sight<'a> {
    scope: &'a Scope,
    /// The project of each collection point (by slug); read for a project-limited scope only.
    point_projects: HashMap<String, String>,
}

impl<'a> Sight<'a> {
    pub fn new(conn: &mut DbConnection, scope: &'a Scope) -> StoreResult<Sight<'a>> {
        let point_projects = if scope.projects().is_some() {
            collection_points::list(conn)?
                .into_iter()
                .map(|p| (p.slug, p.project_id))
                .collect()
        } else {
            HashMap::new()
        };
        Ok(Sight {
            scope,
            point_projects,
        })
    }

    /// Whether the scope sees a run over the collection points `points` (slugs,
    /// comma-separated) with the stored `selection` (JSON): its stories lie in the scope's
    /// regions, and its collection points in the scope's projects.
    pub fn sees_run(&self, points: &str, selection: &str) -> bool {
        let points: Vec<&str> = points.split(',').filter(|p| !p.is_empty()).collect();
        self.sees(&points, selection)
    }

    /// Whether the scope sees a comparison measured over `selection` (JSON), whose own
    /// collection points it names.
    pub fn sees_comparison(&self, selection: &str) -> bool {
        let points = serde_json::from_str::<Selection>(selection)
            .map(|s| s.collection_points)
            .unwrap_or_default();
        self.sees(&points, selection)
    }

    fn sees<S: AsRef<str>>(&self, points: &[S], selection: &str) -> bool {
        if !self.scope.is_limited() {
            return true;
        }
        let points_within = self.scope.projects().is_none()
            || (!points.is_empty()
                && points.iter().all(|slug| {
                    self.scope
                        .allows_project(self.point_projects.get(slug.as_ref()).map(String::as_str))
                }));
        points_within && self.scope.covers(run_regions(selection).as_ref())
    }
}

/// The collection points `scope` sees (those of its projects), by slug.
pub fn visible_points(conn: &mut DbConnection, scope: &Scope) -> StoreResult<Vec<CollectionPoint>> {
    let mut points = collection_points::list(conn)?;
    points.retain(|p| sees_point(scope, p));
    Ok(points)
}

/// Whether `scope` sees a collection point (and so may choose it).
pub fn sees_point(scope: &Scope, point: &CollectionPoint) -> bool {
    scope.allows_project(Some(&point.project_id))
}

/// The projects `scope` sees, by name.
pub fn visible_projects(
    conn: &mut DbConnection,
    scope: &Scope,
) -> StoreResult<Vec<projects::Project>> {
    let mut all = projects::list(conn)?;
    all.retain(|p| scope.allows_project(Some(&p.id)));
    Ok(all)
}

/// The runs `scope` sees, by id; `None`: every run.
pub fn visible_runs(
    conn: &mut DbConnection,
    scope: &Scope,
) -> StoreResult<Option<BTreeSet<String>>> {
    if !scope.is_limited() {
        return Ok(None);
    }
    let sight = Sight::new(conn, scope)?;
    Ok(Some(
        pattern_runs::selections(conn)?
            .into_iter()
            .filter(|(_, points, selection)| sight.sees_run(points, selection))
            .map(|(id, _, _)| id)
            .collect(),
    ))
}

/// Keeps the items of `items` whose run (`run_of`) `scope` sees.
pub fn retain_visible<T>(
    conn: &mut DbConnection,
    scope: &Scope,
    items: &mut Vec<T>,
    run_of: impl Fn(&T) -> &str,
) -> StoreResult<()> {
    if let Some(visible) = visible_runs(conn, scope)? {
        items.retain(|item| visible.contains(run_of(item)));
    }
    Ok(())
}

/// Nothing (the run is there and `scope` sees it), or "not found".
pub fn check_run(conn: &mut DbConnection, scope: &Scope, run_id: &str) -> StoreResult<()> {
    if !scope.is_limited() {
        return Ok(());
    }
    match pattern_runs::selection_of(conn, run_id)? {
        Some((points, selection)) if Sight::new(conn, scope)?.sees_run(&points, &selection) => {
            Ok(())
        }
        _ => Err(StoreError::NotFound(format!("pattern run {run_id}"))),
    }
}

/// A card that `scope` sees (that of a run it sees), or "not found".
pub fn card(conn: &mut DbConnection, scope: &Scope, id: &str) -> StoreResult<cards::Card> {
    let card = cards::get(conn, id)?;
    check_run(conn, scope, &card.row.run_id)?;
    Ok(card)
}

/// The published cards `scope` sees, as [`cards::list`] gives them.
pub fn published_cards(conn: &mut DbConnection, scope: &Scope) -> StoreResult<Vec<cards::CardRow>> {
    let mut rows = cards::list(conn, true)?;
    retain_visible(conn, scope, &mut rows, |c| &c.run_id)?;
    Ok(rows)
}

/// How many stories of `dataset` a scope may count (for "… stories before selecting"); the
/// dataset is of collection points the scope sees.
pub fn stories_within(
    dataset: &vertelpunt_patterns::Dataset,
    scope: &Scope,
) -> Result<usize, vertelpunt_patterns::dataset::DatasetError> {
    let Some(regions) = scope.regions() else {
        return Ok(dataset.len());
    };
    let mut own = Selection {
        include_synthetic: true,
        ..Selection::default()
    };
    own.limit_to_regions(regions);
    Ok(own.apply(dataset)?.len())
}
