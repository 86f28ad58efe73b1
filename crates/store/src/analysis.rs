//! The narrow loader of the pattern evaluation: every story of some collection points, then
//! their answers in batches of stories (see [`answers_of`]).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use vertelpunt_model::AnswerValue;

use crate::schema::{answer_options, answers, channels, stories};
use crate::stories::{answer_value, AnswerRow};
use crate::{DbConnection, StoreError, StoreResult};

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

/// [`for_each_answer`] reads the whole answers table when the stories asked for are at least
/// one in this many of the stored stories.
pub const SCAN_SHARE: i64 = 8;

/// Stories whose answers one query reads: within every backend's limit on bound values
/// (SQLite's is 32,766), and few enough that a batch's answer rows stay small in memory.
pub const STORIES_PER_BATCH: usize = 10_000;

/// The stories of the collection points (not withdrawn), oldest first.
pub fn stories_of(
    conn: &mut DbConnection,
    point_ids: &[String],
) -> StoreResult<Vec<AnalysisStory>> {
    Ok(stories::table
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
        .load(conn)?)
}

/// An answer as the loader reads it: id, story, question, kind, n.v.t., number, option, text,
/// triad shares.
type AnswerFields = (
    String,
    String,
    String,
    String,
    bool,
    Option<f64>,
    Option<String>,
    Option<String>,
    (Option<f64>, Option<f64>, Option<f64>),
);

/// Runs a query row by row on either backend (row-by-row mode on PostgreSQL, so the result is
/// never held whole in memory), handing every row to `$each`.
macro_rules! stream_rows {
    ($conn:expr, $query:expr, $row:ty, $each:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => {
                for row in $query.load_iter::<$row, diesel::connection::DefaultLoadingMode>(c)? {
                    $each(row?)?;
                }
            }
            DbConnection::Postgres(c) => {
                for row in $query.load_iter::<$row, diesel::pg::PgRowByRowLoadingMode>(c)? {
                    $each(row?)?;
                }
            }
        }
    };
}

/// Calls `each(i, question_id, answer)` for every answer of the `i`-th of `stories`.
///
/// When the stories are a good part of the database (at least one in [`SCAN_SHARE`]), the
/// answers table is read once from start to end and the answers of other stories are passed
/// over: a sequential read is many times faster than looking up each story's answers (a
/// million stories: seconds rather than minutes). Otherwise the answers are looked up by
/// story, [`STORIES_PER_BATCH`] stories per query. Either way only the picks of the
/// multiple-choice answers are held in memory besides what `each` keeps.
pub fn for_each_answer(
    conn: &mut DbConnection,
    stories: &[&str],
    mut each: impl FnMut(usize, String, AnswerValue),
) -> StoreResult<()> {
    if stories.is_empty() {
        return Ok(());
    }
    let position: HashMap<&str, usize> =
        stories.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let stored: i64 = stories::table.count().get_result(conn)?;
    let mut picked: HashMap<String, Vec<String>> = HashMap::new();
    let mut answer = |fields: AnswerFields, picked: &mut HashMap<String, Vec<String>>| {
        let (id, story, question_id, kind, not_applicable, number, option, text, triad) = fields;
        let Some(&i) = position.get(story.as_str()) else {
            return Ok::<(), StoreError>(());
        };
        let chosen = if kind == "multiple_choice" {
            let mut chosen = picked.remove(&id).unwrap_or_default();
            chosen.sort();
            chosen
        } else {
            Vec::new()
        };
        let row = AnswerRow {
            id,
            story_id: story,
            questionnaire_version_id: String::new(),
            question_id,
            kind,
            not_applicable,
            number_value: number,
            option_value: option,
            text_value: text,
            triad_a: triad.0,
            triad_b: triad.1,
            triad_c: triad.2,
        };
        let value = answer_value(&row, chosen)?;
        each(i, row.question_id, value);
        Ok(())
    };
    let fields = (
        answers::id,
        answers::story_id,
        answers::question_id,
        answers::kind,
        answers::not_applicable,
        answers::number_value,
        answers::option_value,
        answers::text_value,
        (answers::triad_a, answers::triad_b, answers::triad_c),
    );
    if stories.len() as i64 * SCAN_SHARE >= stored {
        let picks =
            answer_options::table.select((answer_options::answer_id, answer_options::option_id));
        stream_rows!(conn, picks, (String, String), |(a, o): (String, String)| {
            picked.entry(a).or_default().push(o);
            Ok::<(), StoreError>(())
        });
        let scan = answers::table.select(fields);
        stream_rows!(conn, scan, AnswerFields, |row| answer(row, &mut picked));
    } else {
        for batch in stories.chunks(STORIES_PER_BATCH) {
            let picks: Vec<(String, String)> = answer_options::table
                .inner_join(answers::table)
                .filter(answers::story_id.eq_any(batch))
                .select((answer_options::answer_id, answer_options::option_id))
                .load(conn)?;
            for (a, o) in picks {
                picked.entry(a).or_default().push(o);
            }
            let rows: Vec<AnswerFields> = answers::table
                .filter(answers::story_id.eq_any(batch))
                .select(fields)
                .load(conn)?;
            for row in rows {
                answer(row, &mut picked)?;
            }
        }
    }
    Ok(())
}
