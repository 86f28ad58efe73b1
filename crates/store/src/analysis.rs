//! The narrow loader of the pattern evaluation: every story of some collection points with its
//! answers, in three bulk queries.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use vertelpunt_model::AnswerValue;

use crate::schema::{answer_options, answers, channels, stories};
use crate::stories::{answer_value, AnswerRow};
use crate::{DbConnection, StoreResult};

/// Answers by story id, then by question id.
pub type AnswersByStory = HashMap<String, HashMap<String, AnswerValue>>;

/// The story fields the analysis reads.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct AnalysisStory {
    pub id: String,
    pub collection_point_id: String,
    pub channel_code: Option<String>,
    pub role: String,
    pub language: String,
    pub title: Option<String>,
    pub body: String,
    pub region_code: Option<String>,
    pub complete: bool,
    pub synthetic: bool,
    pub source: String,
    pub review_status: String,
    pub submitted_at: NaiveDateTime,
}

/// The stories of the collection points (not withdrawn), oldest first, and their answers by
/// story id and question id.
pub fn stories_with_answers(
    conn: &mut DbConnection,
    point_ids: &[String],
) -> StoreResult<(Vec<AnalysisStory>, AnswersByStory)> {
    let list: Vec<AnalysisStory> = stories::table
        .left_join(channels::table)
        .filter(stories::collection_point_id.eq_any(point_ids))
        .filter(stories::withdrawn_at.is_null())
        .order((stories::submitted_at.asc(), stories::id.asc()))
        .select((
            stories::id,
            stories::collection_point_id,
            channels::code.nullable(),
            stories::role,
            stories::language,
            stories::title,
            stories::body,
            stories::region_code,
            stories::complete,
            stories::synthetic,
            stories::source,
            stories::review_status,
            stories::submitted_at,
        ))
        .load(conn)?;
    let rows: Vec<AnswerRow> = answers::table
        .inner_join(stories::table)
        .filter(stories::collection_point_id.eq_any(point_ids))
        .filter(stories::withdrawn_at.is_null())
        .select(AnswerRow::as_select())
        .load(conn)?;
    let picked: Vec<(String, String)> = answer_options::table
        .inner_join(answers::table.inner_join(stories::table))
        .filter(stories::collection_point_id.eq_any(point_ids))
        .filter(stories::withdrawn_at.is_null())
        .select((answer_options::answer_id, answer_options::option_id))
        .load(conn)?;
    let mut options: HashMap<String, Vec<String>> = HashMap::new();
    for (answer_id, option_id) in picked {
        options.entry(answer_id).or_default().push(option_id);
    }
    let mut by_story: AnswersByStory = HashMap::new();
    for row in rows {
        let mut chosen = options.remove(&row.id).unwrap_or_default();
        chosen.sort();
        let value = answer_value(&row, chosen)?;
        by_story
            .entry(row.story_id.clone())
            .or_default()
            .insert(row.question_id.clone(), value);
    }
    Ok((list, by_story))
}
