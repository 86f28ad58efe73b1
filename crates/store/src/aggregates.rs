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
    /// Only stories of these regions (what a region-limited account may count); `None`: all.
    pub regions: Option<Vec<String>>,
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

/// A filter's values, bound into one query shape: an absent filter becomes a bound `TRUE`, so
/// one shape serves every combination on both backends.
struct Selection {
    role: String,
    any_role: bool,
    region: String,
    any_region: bool,
    regions: Vec<String>,
    any_regions: bool,
    channel: String,
    any_channel: bool,
    since: chrono::NaiveDateTime,
    any_since: bool,
    before: chrono::NaiveDateTime,
    any_before: bool,
    synthetic_too: bool,
}

/// The selected stories of a collection point (withdrawn ones never), as a query every count
/// starts from or uses as a sub-select.
macro_rules! selected_stories {
    ($s:expr, $point_id:expr) => {
        stories::table
            .filter(stories::collection_point_id.eq($point_id.to_string()))
            .filter(stories::withdrawn_at.is_null())
            .filter(
                stories::synthetic
                    .eq(false)
                    .or($s.synthetic_too.into_sql::<Bool>()),
            )
            .filter(
                stories::role
                    .eq($s.role.clone())
                    .or($s.any_role.into_sql::<Bool>()),
            )
            .filter(
                stories::region_code
                    .eq($s.region.clone())
                    .or($s.any_region.into_sql::<Bool>().nullable()),
            )
            .filter(
                stories::region_code
                    .eq_any($s.regions.clone())
                    .or($s.any_regions.into_sql::<Bool>().nullable()),
            )
            .filter(
                stories::channel_id
                    .eq($s.channel.clone())
                    .or($s.any_channel.into_sql::<Bool>().nullable()),
            )
            .filter(
                stories::submitted_at
                    .ge($s.since)
                    .or($s.any_since.into_sql::<Bool>()),
            )
            .filter(
                stories::submitted_at
                    .lt($s.before)
                    .or($s.any_before.into_sql::<Bool>()),
            )
    };
}

impl Selection {
    fn of(filter: &AggregateFilter) -> Selection {
        Selection {
            role: filter.role.clone().unwrap_or_default(),
            any_role: filter.role.is_none(),
            region: filter.region_code.clone().unwrap_or_default(),
            any_region: filter.region_code.is_none(),
            regions: filter.regions.clone().unwrap_or_default(),
            any_regions: filter.regions.is_none(),
            channel: filter.channel_id.clone().unwrap_or_default(),
            any_channel: filter.channel_id.is_none(),
            since: filter.since.unwrap_or_default(),
            any_since: filter.since.is_none(),
            before: filter.before.unwrap_or_default(),
            any_before: filter.before.is_none(),
            synthetic_too: filter.include_synthetic,
        }
    }
}

/// Counts the stories of `point_id` that pass `filter`, and their answers.
pub fn count(
    conn: &mut DbConnection,
    point_id: &str,
    filter: &AggregateFilter,
) -> StoreResult<Aggregates> {
    let selection = Selection::of(filter);
    let selected = || selected_stories!(selection, point_id);
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

/// Who and what the selected stories are, for watching a collection while it runs: stories
/// per role and channel (so under-represented groups show early), per region, per source and
/// per day, and how many are complete or still wait for review.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Breakdown {
    pub stories: i64,
    pub complete: i64,
    /// Stories whose text waits for review.
    pub pending_review: i64,
    /// Demo stories (synthetic) among them: never more than 0 unless they were asked for.
    pub synthetic: i64,
    /// Stories per (role, channel id); `None` is "no channel".
    pub role_channel: BTreeMap<(String, Option<String>), i64>,
    /// Stories per region code; `None` is "no region given".
    pub regions: BTreeMap<Option<String>, i64>,
    /// Stories per source (`vertelpunt`, `verteltafel`, `api`, `import:…`, `seed-demo`).
    pub sources: BTreeMap<String, i64>,
    /// Stories per day of submission (UTC), oldest first.
    pub days: BTreeMap<chrono::NaiveDate, i64>,
}

/// The breakdown of the stories of `point_id` that pass `filter`.
pub fn breakdown(
    conn: &mut DbConnection,
    point_id: &str,
    filter: &AggregateFilter,
) -> StoreResult<Breakdown> {
    let selection = Selection::of(filter);
    let selected = || selected_stories!(selection, point_id);
    let mut out = Breakdown::default();
    let per_group: Vec<(String, Option<String>, bool, i64)> = selected()
        .group_by((stories::role, stories::channel_id, stories::complete))
        .select((
            stories::role,
            stories::channel_id,
            stories::complete,
            count_star(),
        ))
        .load(conn)?;
    for (role, channel, complete, n) in per_group {
        out.stories += n;
        if complete {
            out.complete += n;
        }
        *out.role_channel.entry((role, channel)).or_insert(0) += n;
    }
    out.pending_review = selected()
        .filter(stories::review_status.eq(crate::stories::review::PENDING))
        .count()
        .get_result(conn)?;
    if filter.include_synthetic {
        out.synthetic = selected()
            .filter(stories::synthetic.eq(true))
            .count()
            .get_result(conn)?;
    }
    out.regions = selected()
        .group_by(stories::region_code)
        .select((stories::region_code, count_star()))
        .load::<(Option<String>, i64)>(conn)?
        .into_iter()
        .collect();
    out.sources = selected()
        .group_by(stories::source)
        .select((stories::source, count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    out.days = days(conn, point_id, filter)?;
    Ok(out)
}

/// Stories per day of submission (UTC) of the stories of `point_id` that pass `filter`.
pub fn days(
    conn: &mut DbConnection,
    point_id: &str,
    filter: &AggregateFilter,
) -> StoreResult<BTreeMap<chrono::NaiveDate, i64>> {
    let selection = Selection::of(filter);
    // `date()` exists on both backends; diesel cannot check a function in GROUP BY, so the
    // expression is written out (it has no input).
    let day = || diesel::dsl::sql::<diesel::sql_types::Date>("date(stories.submitted_at)");
    Ok(selected_stories!(selection, point_id)
        .group_by(day())
        .select((day(), count_star()))
        .load::<(chrono::NaiveDate, i64)>(conn)?
        .into_iter()
        .collect())
}
