//! Aggregate counts of one collection point's answers, computed in the database (a handful of
//! GROUP BY queries, whatever the number of stories): stories, answers and n.v.t. per
//! question, picks per option, slider values in ten bins, and mean triad shares. Withdrawn
//! stories never count; synthetic stories only when asked for.
//!
//! These are raw counts. Whoever shows them to others applies the small-group rule
//! (see `vertelpunt_web::api::aggregates`).

use std::collections::BTreeMap;

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::schema::{answer_options, answers, stories};
use crate::{DbConnection, StoreResult};

/// A question id, its mean number value and mean triad shares.
type MeanRow = (String, Option<f64>, Option<f64>, Option<f64>, Option<f64>);

/// Which stories of the collection point count.
#[derive(Debug, Clone, Default)]
pub struct AggregateFilter {
    pub role: Option<String>,
    pub region_code: Option<String>,
    /// Only stories that came in through this channel (its id).
    pub channel_id: Option<String>,
    /// Only stories submitted at or after this moment (UTC).
    pub since: Option<chrono::NaiveDateTime>,
    /// Only stories submitted before this moment (UTC).
    pub before: Option<chrono::NaiveDateTime>,
    pub include_synthetic: bool,
}

/// Counts of one question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionCounts {
    /// Stories with an answer (n.v.t. included).
    pub answered: i64,
    pub not_applicable: i64,
    /// Picks per option id (scale, single and multiple choice).
    pub options: BTreeMap<String, i64>,
    /// Slider answers in bins 0–9, 10–19, …, 90–100.
    pub bins: Option<[i64; 10]>,
    /// Mean of the slider value (or scale position).
    pub mean: Option<f64>,
    /// Mean shares of a triad's corners.
    pub triad_means: Option<[f64; 3]>,
}

/// The counts of a collection point.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregates {
    pub stories: i64,
    pub questions: BTreeMap<String, QuestionCounts>,
}

/// Counts the stories of `point_id` that pass `filter`, and their answers.
pub fn count(
    conn: &mut DbConnection,
    point_id: &str,
    filter: &AggregateFilter,
) -> StoreResult<Aggregates> {
    // The selected stories, as a sub-select every count reuses. An absent filter becomes a
    // bound `TRUE`, so one query shape serves every combination on both backends.
    let role = filter.role.clone().unwrap_or_default();
    let region = filter.region_code.clone().unwrap_or_default();
    let any_role = filter.role.is_none();
    let any_region = filter.region_code.is_none();
    let channel = filter.channel_id.clone().unwrap_or_default();
    let any_channel = filter.channel_id.is_none();
    let since = filter.since.unwrap_or_default();
    let any_since = filter.since.is_none();
    let before = filter.before.unwrap_or_default();
    let any_before = filter.before.is_none();
    let synthetic_too = filter.include_synthetic;
    let selected = || {
        stories::table
            .filter(stories::collection_point_id.eq(point_id.to_string()))
            .filter(stories::withdrawn_at.is_null())
            .filter(
                stories::synthetic
                    .eq(false)
                    .or(synthetic_too.into_sql::<Bool>()),
            )
            .filter(
                stories::role
                    .eq(role.clone())
                    .or(any_role.into_sql::<Bool>()),
            )
            .filter(
                stories::region_code
                    .eq(region.clone())
                    .or(any_region.into_sql::<Bool>().nullable()),
            )
            .filter(
                stories::channel_id
                    .eq(channel.clone())
                    .or(any_channel.into_sql::<Bool>().nullable()),
            )
            .filter(
                stories::submitted_at
                    .ge(since)
                    .or(any_since.into_sql::<Bool>()),
            )
            .filter(
                stories::submitted_at
                    .lt(before)
                    .or(any_before.into_sql::<Bool>()),
            )
    };
    let story_count: i64 = selected().count().get_result(conn)?;
    let mut out = Aggregates {
        stories: story_count,
        questions: BTreeMap::new(),
    };

    let per_question: Vec<(String, bool, i64)> = answers::table
        .filter(answers::story_id.eq_any(selected().select(stories::id)))
        .group_by((answers::question_id, answers::not_applicable))
        .select((answers::question_id, answers::not_applicable, count_star()))
        .load(conn)?;
    for (question, not_applicable, n) in per_question {
        let counts = out.questions.entry(question).or_default();
        counts.answered += n;
        if not_applicable {
            counts.not_applicable += n;
        }
    }

    let single: Vec<(String, Option<String>, i64)> = answers::table
        .filter(answers::story_id.eq_any(selected().select(stories::id)))
        .filter(answers::option_value.is_not_null())
        .group_by((answers::question_id, answers::option_value))
        .select((answers::question_id, answers::option_value, count_star()))
        .load(conn)?;
    let multiple: Vec<(String, String, i64)> = answer_options::table
        .inner_join(answers::table)
        .filter(answers::story_id.eq_any(selected().select(stories::id)))
        .group_by((answers::question_id, answer_options::option_id))
        .select((
            answers::question_id,
            answer_options::option_id,
            count_star(),
        ))
        .load(conn)?;
    for (question, option, n) in single
        .into_iter()
        .filter_map(|(q, o, n)| o.map(|o| (q, o, n)))
        .chain(multiple)
    {
        *out.questions
            .entry(question)
            .or_default()
            .options
            .entry(option)
            .or_insert(0) += n;
    }

    // Slider values: at most 101 distinct values per question, binned here.
    let values: Vec<(String, Option<f64>, i64)> = answers::table
        .filter(answers::story_id.eq_any(selected().select(stories::id)))
        .filter(answers::kind.eq("slider"))
        .filter(answers::not_applicable.eq(false))
        .group_by((answers::question_id, answers::number_value))
        .select((answers::question_id, answers::number_value, count_star()))
        .load(conn)?;
    for (question, value, n) in values {
        let Some(value) = value else { continue };
        let counts = out.questions.entry(question).or_default();
        let slots = counts.bins.get_or_insert([0; 10]);
        slots[((value / 10.0).floor() as i64).clamp(0, 9) as usize] += n;
    }

    let means: Vec<MeanRow> = answers::table
        .filter(answers::story_id.eq_any(selected().select(stories::id)))
        .filter(answers::not_applicable.eq(false))
        .filter(answers::kind.eq_any(["slider", "scale", "triad"]))
        .group_by(answers::question_id)
        .select((
            answers::question_id,
            diesel::dsl::avg(answers::number_value),
            diesel::dsl::avg(answers::triad_a),
            diesel::dsl::avg(answers::triad_b),
            diesel::dsl::avg(answers::triad_c),
        ))
        .load(conn)?;
    for (question, mean, a, b, c) in means {
        let counts = out.questions.entry(question).or_default();
        counts.mean = mean;
        if let (Some(a), Some(b), Some(c)) = (a, b, c) {
            counts.triad_means = Some([a, b, c]);
        }
    }
    Ok(out)
}
