//! Observation cards as stored: the card (with a copy of its pattern as JSON) and its typical
//! stories with their quotes. The rules a card meets live in `vertelpunt_patterns::card`; this
//! module only keeps and reads.
//!
//! A typical story is read together with the story itself, so a card never shows a quote the
//! story no longer allows: a withdrawn story leaves every card (`stories::withdraw` takes it
//! off), and one whose text waits for review (or was erased) is not readable.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{
    card_stories, collection_points, observation_cards, pattern_runs, stories, users,
};
use crate::stories::review;
use crate::{DbConnection, StoreError, StoreResult};

/// A card's status.
pub mod status {
    /// Written and read by analysts only.
    pub const DRAFT: &str = "draft";
    /// Read by facilitators and through the API.
    pub const PUBLISHED: &str = "published";
}

/// A card as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = observation_cards)]
pub struct CardRow {
    pub id: String,
    pub run_id: String,
    /// The pattern's id within its run.
    pub pattern_id: String,
    /// The pattern as the run stored it (JSON).
    pub pattern: String,
    /// The name of the pattern's chart among the run's charts.
    pub chart: Option<String>,
    pub observation: String,
    pub interpretation_a: String,
    pub interpretation_b: String,
    pub status: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

impl CardRow {
    pub fn is_published(&self) -> bool {
        self.status == status::PUBLISHED
    }
}

/// A typical story of a card, read with the story.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct CardStory {
    pub position: i32,
    pub story_id: String,
    pub quote: String,
    pub collection_point: String,
    pub role: String,
    pub title: Option<String>,
    pub body: String,
    pub review_status: String,
    pub withdrawn_at: Option<NaiveDateTime>,
}

/// What is known of a story someone wants to quote.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct QuotedStory {
    pub collection_point: String,
    pub title: Option<String>,
    pub body: String,
    pub review_status: String,
    pub withdrawn_at: Option<NaiveDateTime>,
}

impl QuotedStory {
    /// Whether anyone may read its text now: not withdrawn, not waiting for review, not erased.
    pub fn readable(&self) -> bool {
        self.withdrawn_at.is_none()
            && (self.review_status == review::NOT_NEEDED || self.review_status == review::CLEARED)
    }
}

impl CardStory {
    /// The story as [`QuotedStory`], to ask whether it may still be quoted.
    pub fn story(&self) -> QuotedStory {
        QuotedStory {
            collection_point: self.collection_point.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            review_status: self.review_status.clone(),
            withdrawn_at: self.withdrawn_at,
        }
    }
}

/// A card with its typical stories (in order), the e-mail of who made it and the collection
/// points its evaluation read (whose stories it may quote).
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub row: CardRow,
    pub stories: Vec<CardStory>,
    pub created_by: Option<String>,
    pub run_points: Vec<String>,
    /// The run's stories, and how many of them were demo stories (-1: may hold some).
    pub run_stories: i32,
    pub run_synthetic: i32,
}

/// Stores a new card (without typical stories).
pub fn create(conn: &mut DbConnection, card: &CardRow) -> StoreResult<()> {
    diesel::insert_into(observation_cards::table)
        .values(card)
        .execute(conn)?;
    Ok(())
}

/// The card made of this pattern of this run, if there is one.
pub fn for_pattern(
    conn: &mut DbConnection,
    run_id: &str,
    pattern_id: &str,
) -> StoreResult<Option<String>> {
    Ok(observation_cards::table
        .filter(observation_cards::run_id.eq(run_id))
        .filter(observation_cards::pattern_id.eq(pattern_id))
        .select(observation_cards::id)
        .first(conn)
        .optional()?)
}

/// One card with its stories.
pub fn get(conn: &mut DbConnection, id: &str) -> StoreResult<Card> {
    type Found = (CardRow, Option<String>, String, i32, i32);
    let (row, created_by, run_points, run_stories, run_synthetic): Found = observation_cards::table
        .find(id)
        .inner_join(pattern_runs::table)
        .left_join(users::table)
        .select((
            CardRow::as_select(),
            users::email.nullable(),
            pattern_runs::collection_points,
            pattern_runs::stories,
            pattern_runs::synthetic_stories,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("observation card {id} does not exist")))?;
    let stories = card_stories::table
        .filter(card_stories::card_id.eq(id))
        .inner_join(stories::table.inner_join(collection_points::table))
        .order(card_stories::position)
        .select((
            card_stories::position,
            card_stories::story_id,
            card_stories::quote,
            collection_points::slug,
            stories::role,
            stories::title,
            stories::body,
            stories::review_status,
            stories::withdrawn_at,
        ))
        .load(conn)?;
    Ok(Card {
        row,
        stories,
        created_by,
        run_stories,
        run_synthetic,
        run_points: run_points
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// Every card (or only the published ones), the most recently changed first, without the
/// copy of their pattern.
pub fn list(conn: &mut DbConnection, published_only: bool) -> StoreResult<Vec<CardRow>> {
    let mut query = observation_cards::table
        .select(CardRow::as_select())
        .order((
            observation_cards::updated_at.desc(),
            observation_cards::id.asc(),
        ))
        .into_boxed();
    if published_only {
        query = query.filter(observation_cards::status.eq(status::PUBLISHED));
    }
    let mut rows: Vec<CardRow> = query.load(conn)?;
    for r in &mut rows {
        r.pattern.clear();
    }
    Ok(rows)
}

/// How many cards are still drafts.
pub fn count_drafts(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(observation_cards::table
        .filter(observation_cards::status.eq(status::DRAFT))
        .count()
        .get_result(conn)?)
}

/// What an analyst saves of a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardChange {
    pub observation: String,
    pub interpretation_a: String,
    pub interpretation_b: String,
    /// Story id and quote, in order.
    pub stories: Vec<(String, String)>,
    /// `Some(true)` publishes, `Some(false)` takes the card back to draft.
    pub publish: Option<bool>,
}

/// Saves a card's texts and typical stories in one transaction.
pub fn save(conn: &mut DbConnection, id: &str, change: &CardChange) -> StoreResult<()> {
    conn.transaction(|conn| {
        let now = crate::now();
        let published_at: Option<Option<NaiveDateTime>> = observation_cards::table
            .find(id)
            .select(observation_cards::published_at)
            .first(conn)
            .optional()?;
        let Some(published_at) = published_at else {
            return Err(StoreError::NotFound(format!(
                "observation card {id} does not exist"
            )));
        };
        diesel::update(observation_cards::table.find(id))
            .set((
                observation_cards::observation.eq(change.observation.trim()),
                observation_cards::interpretation_a.eq(change.interpretation_a.trim()),
                observation_cards::interpretation_b.eq(change.interpretation_b.trim()),
                observation_cards::updated_at.eq(now),
            ))
            .execute(conn)?;
        match change.publish {
            Some(true) => {
                diesel::update(observation_cards::table.find(id))
                    .set((
                        observation_cards::status.eq(status::PUBLISHED),
                        observation_cards::published_at.eq(published_at.or(Some(now))),
                    ))
                    .execute(conn)?;
            }
            Some(false) => {
                diesel::update(observation_cards::table.find(id))
                    .set((
                        observation_cards::status.eq(status::DRAFT),
                        observation_cards::published_at.eq(None::<NaiveDateTime>),
                    ))
                    .execute(conn)?;
            }
            None => {}
        }
        diesel::delete(card_stories::table.filter(card_stories::card_id.eq(id))).execute(conn)?;
        for (position, (story_id, quote)) in change.stories.iter().enumerate() {
            diesel::insert_into(card_stories::table)
                .values((
                    card_stories::card_id.eq(id),
                    card_stories::position.eq(position as i32),
                    card_stories::story_id.eq(story_id.trim()),
                    card_stories::quote.eq(quote.trim()),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Deletes a card; false when there was none.
pub fn delete(conn: &mut DbConnection, id: &str) -> StoreResult<bool> {
    conn.transaction(|conn| {
        diesel::delete(card_stories::table.filter(card_stories::card_id.eq(id))).execute(conn)?;
        Ok(diesel::delete(observation_cards::table.find(id)).execute(conn)? > 0)
    })
}

/// The story with this id as a card would quote it, if there is one.
pub fn quoted_story(conn: &mut DbConnection, id: &str) -> StoreResult<Option<QuotedStory>> {
    Ok(stories::table
        .find(id)
        .inner_join(collection_points::table)
        .select((
            collection_points::slug,
            stories::title,
            stories::body,
            stories::review_status,
            stories::withdrawn_at,
        ))
        .first(conn)
        .optional()?)
}

/// The cards made of the patterns of a run: pattern id → card id.
pub fn of_run(
    conn: &mut DbConnection,
    run_id: &str,
) -> StoreResult<std::collections::HashMap<String, String>> {
    Ok(observation_cards::table
        .filter(observation_cards::run_id.eq(run_id))
        .select((observation_cards::pattern_id, observation_cards::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// A card's pattern measured again on a newer selection.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = crate::schema::card_comparisons)]
pub struct ComparisonRow {
    pub id: String,
    pub card_id: String,
    /// What the analyst called the newer selection ("2027", "tweede ronde").
    pub label: String,
    /// The selection, as JSON.
    pub selection: String,
    pub stories: i32,
    /// The pattern as measured there (JSON), if it could be.
    pub pattern: Option<String>,
    /// Its chart (SVG).
    pub chart: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    /// Demo stories (synthetic) among `stories`; -1 when an older comparison let them in
    /// without counting.
    pub synthetic_stories: i32,
}

/// Stores a comparison.
pub fn add_comparison(conn: &mut DbConnection, comparison: &ComparisonRow) -> StoreResult<()> {
    diesel::insert_into(crate::schema::card_comparisons::table)
        .values(comparison)
        .execute(conn)?;
    Ok(())
}

/// A card's comparisons, newest first.
pub fn comparisons(conn: &mut DbConnection, card_id: &str) -> StoreResult<Vec<ComparisonRow>> {
    use crate::schema::card_comparisons as c;
    Ok(c::table
        .filter(c::card_id.eq(card_id))
        .order((c::created_at.desc(), c::id.desc()))
        .select(ComparisonRow::as_select())
        .load(conn)?)
}

/// One comparison of a card.
pub fn comparison(
    conn: &mut DbConnection,
    card_id: &str,
    id: &str,
) -> StoreResult<Option<ComparisonRow>> {
    use crate::schema::card_comparisons as c;
    Ok(c::table
        .filter(c::card_id.eq(card_id))
        .filter(c::id.eq(id))
        .select(ComparisonRow::as_select())
        .first(conn)
        .optional()?)
}
