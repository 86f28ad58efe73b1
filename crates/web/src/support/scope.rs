//! What a region-limited account sees ([`Scope`]): the stories of its regions, the pattern runs
//! whose selection keeps only stories of its regions (and the cards made from them and their
//! comparisons), the sessions held in its regions (and their proposals). Anything else is
//! "not found" to it — by id in a URL as much as in a list — so it cannot even learn that it
//! exists. An unlimited account sees everything, as before.
//!
//! The functions here take a connection, so handlers call them inside their store call.

use std::collections::BTreeSet;

use vertelpunt_patterns::Selection;
use vertelpunt_store::users::Scope;
use vertelpunt_store::{cards, pattern_runs, DbConnection, StoreError, StoreResult};

/// The regions a run's stored selection keeps stories of (`None`: every region). A selection
/// that cannot be read counts as one no limited account may see.
pub fn run_regions(selection: &str) -> Option<BTreeSet<String>> {
    match serde_json::from_str::<Selection>(selection) {
        Ok(selection) => selection.regions(),
        Err(_) => Some(BTreeSet::new()),
    }
}

/// Whether `scope` sees the run with this stored selection.
pub fn sees_run(scope: &Scope, selection: &str) -> bool {
    !scope.is_limited() || scope.covers(run_regions(selection).as_ref())
}

/// The runs `scope` sees, by id; `None`: every run.
pub fn visible_runs(
    conn: &mut DbConnection,
    scope: &Scope,
) -> StoreResult<Option<BTreeSet<String>>> {
    if !scope.is_limited() {
        return Ok(None);
    }
    Ok(Some(
        pattern_runs::selections(conn)?
            .into_iter()
            .filter(|(_, selection)| sees_run(scope, selection))
            .map(|(id, _)| id)
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
        Some(selection) if sees_run(scope, &selection) => Ok(()),
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

/// How many stories of `dataset` a scope may count (for "… stories before selecting").
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
