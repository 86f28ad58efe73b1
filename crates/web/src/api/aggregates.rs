//! `GET /api/v1/collection-points/{slug}/aggregates`: counts per question for staff, with the
//! small-group rule ([`vertelpunt_model::disclosure`]) applied, because what leaves through the
//! API can be shown to anyone:
//!
//! - a selection of fewer than [`MIN_GROUP`] stories shows no numbers at all;
//! - a question with fewer than [`MIN_GROUP`] answers other than n.v.t. shows no distribution,
//!   mean or count;
//! - a count of 1 to 4 is withheld (`null`), and when only one count of a distribution is
//!   withheld, the next smallest is withheld too, so it cannot be worked out from the total;
//! - a date range is widened to whole periods of at least [`MIN_GROUP`] stories of the
//!   selection, so two ranges never differ by a single story.

use crate::support::permissions::Action;
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vertelpunt_model::disclosure::{self, MIN_GROUP};
use vertelpunt_model::{regions, Question, QuestionKind, Role};
use vertelpunt_store::aggregates::{AggregateFilter, Aggregates, QuestionCounts};
use vertelpunt_store::tally::Tally;
use vertelpunt_store::users::Scope;

use super::points::OptionView;
use super::{blocking, point, require_staff, ApiError, ApiFailure, ApiText};
use crate::support::catalog::PointContext;
use crate::support::state::AppState;

/// Which stories to count.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AggregateQuery {
    /// Only stories of this role (`jongere`, `ouder`, `professional`).
    pub role: Option<String>,
    /// Only stories from this region (a code such as `JR28`).
    pub region: Option<String>,
    /// Only stories that came in through this channel (its campaign code, e.g. `facebook`).
    pub channel: Option<String>,
    /// Only stories submitted on or after this day (UTC).
    #[param(format = Date)]
    pub from: Option<String>,
    /// Only stories submitted on or before this day (UTC).
    #[param(format = Date)]
    pub until: Option<String>,
    /// Count synthetic (demo) stories too.
    pub include_synthetic: Option<bool>,
}

/// The counts of a selection.
#[derive(Debug, Serialize, ToSchema)]
pub struct AggregateResponse {
    pub collection_point: String,
    pub role: Option<String>,
    pub region: Option<String>,
    pub channel: Option<String>,
    #[schema(format = Date)]
    pub from: Option<String>,
    #[schema(format = Date)]
    pub until: Option<String>,
    pub include_synthetic: bool,
    /// The first day counted (UTC; null: from the first story). A date filter is widened to
    /// whole periods of at least `min_group` stories of the selection, so that two ranges never
    /// differ by fewer stories than that.
    #[schema(format = Date)]
    pub counted_from: Option<String>,
    /// The last day counted (UTC; null: up to now).
    #[schema(format = Date)]
    pub counted_until: Option<String>,
    /// Stories in the selection; null when fewer than `min_group`.
    pub stories: Option<i64>,
    /// Counts smaller than this are withheld.
    pub min_group: i64,
    /// True when the selection is too small to show anything.
    pub suppressed: bool,
    pub questions: Vec<QuestionAggregate>,
}

/// The counts of one question. Withheld counts are null.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionAggregate {
    pub id: String,
    pub kind: String,
    pub text: ApiText,
    /// Stories that answered (n.v.t. included); null below `min_group`.
    pub answered: Option<i64>,
    pub not_applicable: Option<i64>,
    /// Mean slider value (0–100) or scale position (1 = first option). This, the option counts,
    /// the bins and the triad means are null when fewer than `min_group` stories gave an answer
    /// other than n.v.t.
    pub mean: Option<f64>,
    /// Scale and choice options with their counts, in the questionnaire's order.
    pub options: Vec<OptionCount>,
    /// Slider answers in ten bins: 0–9, 10–19, …, 90–100.
    pub bins: Option<Vec<Option<i64>>>,
    /// Mean share of each triad corner.
    pub triad_means: Option<Vec<f64>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OptionCount {
    #[serde(flatten)]
    pub option: OptionView,
    pub count: Option<i64>,
}

/// Counts per question of a collection point's stories (staff only).
#[utoipa::path(
    get,
    path = "/api/v1/collection-points/{slug}/aggregates",
    tag = "aggregates",
    params(("slug" = String, Path, description = "The collection point's slug"), AggregateQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "The counts, small groups withheld", body = AggregateResponse),
        (status = 400, description = "A query parameter is not valid", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 404, description = "No collection point has this slug", body = ApiError),
        (status = 422, description = "Unknown role, region or channel, or a date that is not YYYY-MM-DD", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/collection-points/{slug}/aggregates")]
pub async fn get(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<AggregateQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let staff = require_staff(&state, &req, Action::ViewDashboard.roles()).await?;
    let lang = super::lang_of(&req);
    let query = query.into_inner();
    let ctx = point(&state, &req, &slug).await?;
    // A collection point beyond a project-limited account's projects is, to it, not there.
    if !crate::support::scope::sees_point(&staff.user.scope(), &ctx.point) {
        return Err(ApiFailure::localized(
            &state,
            &req,
            actix_web::http::StatusCode::NOT_FOUND,
            "not_found",
            "api.point_not_found",
        ));
    }
    let filter = match filter_of(&ctx, &query, &staff.user.scope()) {
        Ok(filter) => filter,
        Err(Refusal { code, name, value }) => {
            // `code` is both the error code and the message key (`api.CODE`, with `{name}`).
            let message = state
                .locales
                .format(lang, &format!("api.{code}"), &[(name, value)]);
            return Err(ApiFailure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                message,
            ));
        }
    };
    let point_id = ctx.point.id.clone();
    let tallies = state.tallies.clone();
    let (counts, days, filter) = {
        let mut filter = filter.clone();
        blocking(&state, &req, move |conn| {
            tallies.with(conn, &point_id, |tally| {
                let days = widen_to_periods(tally, &mut filter);
                (tally.count(&filter), days, filter)
            })
        })
        .await?
    };
    let mut shown = response(&ctx, &query, &filter, &counts);
    shown.counted_from = days.from.map(|d| d.to_string());
    shown.counted_until = days.until.map(|d| d.to_string());
    Ok(HttpResponse::Ok().json(shown))
}

/// Why a query cannot be counted: an error code, and the placeholder and value of its message.
pub(crate) struct Refusal {
    pub code: &'static str,
    pub name: &'static str,
    pub value: String,
}

/// The store's filter for a query, among the stories `scope` may count, or why not: a role,
/// region or channel that does not exist, a region beyond the scope, or a day that is not
/// `YYYY-MM-DD`.
pub(crate) fn filter_of(
    ctx: &PointContext,
    query: &AggregateQuery,
    scope: &Scope,
) -> Result<AggregateFilter, Refusal> {
    let refuse = |code, name, value: &str| Refusal {
        code,
        name,
        value: value.to_string(),
    };
    if let Some(role) = query.role.as_deref() {
        if Role::from_code(role).is_none() {
            return Err(refuse("unknown_role", "role", role));
        }
    }
    if let Some(region) = query.region.as_deref() {
        if regions::region(region).is_none() {
            return Err(refuse("unknown_region", "region", region));
        }
        if !scope.allows(Some(region)) {
            return Err(refuse("region_outside_scope", "region", region));
        }
    }
    let channel_id = match query.channel.as_deref() {
        None => None,
        Some(code) => Some(
            ctx.channels
                .get(&code.to_lowercase())
                .cloned()
                .ok_or_else(|| refuse("unknown_channel", "channel", code))?,
        ),
    };
    let day = |given: Option<&str>| {
        given
            .map(|text| {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map(|d| d.and_time(chrono::NaiveTime::MIN))
                    .map_err(|_| refuse("bad_date", "date", text))
            })
            .transpose()
    };
    Ok(AggregateFilter {
        role: query.role.clone(),
        region_code: query.region.clone(),
        channel_id,
        since: day(query.from.as_deref())?,
        // Up to and including the last day.
        before: day(query.until.as_deref())?.map(|t| t + chrono::Duration::days(1)),
        include_synthetic: query.include_synthetic.unwrap_or(false),
        regions: scope.codes(),
    })
}

/// The days a widened date range counts (`None`: open).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountedDays {
    pub from: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
}

/// Widens the filter's date range to whole periods of the selection
/// ([`disclosure::periods`]), and says which days it now counts.
pub fn widen_to_periods(tally: &Tally, filter: &mut AggregateFilter) -> CountedDays {
    if filter.since.is_none() && filter.before.is_none() {
        return CountedDays::default();
    }
    let every_day = AggregateFilter {
        since: None,
        before: None,
        ..filter.clone()
    };
    let periods = disclosure::periods(&tally.days(&every_day));
    let asked_until = filter.before.map(|t| t.date() - chrono::Duration::days(1));
    let (from, until) = disclosure::widen(&periods, filter.since.map(|t| t.date()), asked_until);
    filter.since = from.map(|d| d.and_time(chrono::NaiveTime::MIN));
    filter.before = until.map(|d| (d + chrono::Duration::days(1)).and_time(chrono::NaiveTime::MIN));
    CountedDays { from, until }
}

/// The counts as shown, with the small-group rule applied.
pub fn response(
    ctx: &PointContext,
    query: &AggregateQuery,
    filter: &AggregateFilter,
    counts: &Aggregates,
) -> AggregateResponse {
    let suppressed = counts.stories < MIN_GROUP;
    let mut questions = Vec::new();
    if !suppressed {
        let mut seen = std::collections::HashSet::new();
        let all = ctx
            .core
            .questions
            .iter()
            .chain(ctx.modules.iter().flat_map(|(_, m)| m.questions.iter()));
        for question in all {
            if !question.kind.is_signifier() && !matches!(question.kind, QuestionKind::Region) {
                continue;
            }
            if !seen.insert(question.id.clone()) {
                continue;
            }
            let empty = QuestionCounts::default();
            let c = counts.questions.get(&question.id).unwrap_or(&empty);
            questions.push(question_aggregate(question, c));
        }
    }
    AggregateResponse {
        collection_point: ctx.point.slug.clone(),
        role: query.role.clone(),
        region: query.region.clone(),
        channel: query.channel.clone(),
        from: query.from.clone(),
        until: query.until.clone(),
        include_synthetic: filter.include_synthetic,
        counted_from: None,
        counted_until: None,
        stories: (!suppressed).then_some(counts.stories),
        min_group: MIN_GROUP,
        suppressed,
        questions,
    }
}

fn question_aggregate(question: &Question, c: &QuestionCounts) -> QuestionAggregate {
    // Everything rests on the real answers: a selection of parents where four answered and the
    // rest said n.v.t. must not show "positief <5", zeros and a mean of 4.0.
    let answers = c.answered - c.not_applicable;
    let mut option_ids: Vec<String> = question
        .kind
        .options()
        .iter()
        .map(|o| o.id.clone())
        .collect();
    let labels: Vec<ApiText> = question
        .kind
        .options()
        .iter()
        .map(|o| ApiText::from(&o.label))
        .collect();
    let mut option_labels = labels;
    if matches!(question.kind, QuestionKind::Region) {
        // A region question: the regions that were named, by code.
        for code in c.options.keys() {
            option_ids.push(code.clone());
            let name = regions::region(code)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| code.clone());
            option_labels.push(ApiText {
                nl: name.clone(),
                en: name,
            });
        }
    }
    let raw_options: Vec<i64> = option_ids
        .iter()
        .map(|id| c.options.get(id).copied().unwrap_or(0))
        .collect();
    let shown_options = disclosure::distribution(&raw_options, answers);
    let options = option_ids
        .into_iter()
        .zip(option_labels)
        .zip(shown_options)
        .map(|((id, label), count)| OptionCount {
            option: OptionView { id, label },
            count,
        })
        .collect();
    let bins = c.bins.map(|bins| disclosure::distribution(&bins, answers));
    // How many answered, and how many of them n.v.t.: counts of their own, shown by the count
    // rule (the n.v.t. count withheld with the real answers when either is small).
    let (answered, not_applicable) = match disclosure::count(c.answered) {
        Some(n) if n > 0 => (Some(n), disclosure::counts(&[c.not_applicable, answers])[0]),
        _ => (None, None),
    };
    QuestionAggregate {
        id: question.id.clone(),
        kind: question.kind.code().to_string(),
        text: ApiText::from(&question.text),
        answered,
        not_applicable,
        mean: disclosure::statistic(c.mean, answers),
        options,
        bins,
        triad_means: disclosure::statistic(c.triad_means, answers).map(|means| means.to_vec()),
    }
}
