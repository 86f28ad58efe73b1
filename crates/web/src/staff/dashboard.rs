//! `/overzicht`: the dashboard of what is being shared, for every staff role. While a
//! collection runs it shows how many stories came in, from whom (role × channel, so that
//! under-represented groups such as youth are seen early), from which regions and sources,
//! week by week, and how each signifier question is answered.
//!
//! Everything on it can be shown to others, so the small-group rule
//! ([`vertelpunt_model::disclosure`]) applies as in the API: a selection under [`MIN_GROUP`]
//! stories shows no numbers, counts of 1–4 are withheld (also the stories waiting for review),
//! a second count is withheld wherever one withheld count could be worked out from a total, and
//! a date range counts whole periods of at least [`MIN_GROUP`] stories.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;
use vertelpunt_model::{regions, Lang, QuestionKind, Role};
use vertelpunt_store::aggregates::{AggregateFilter, Aggregates, Breakdown};
use vertelpunt_store::{channels, collection_points};

use vertelpunt_model::disclosure::{self, MIN_GROUP};

use crate::api::aggregates::{filter_of, response, widen_to_periods, AggregateQuery};
use crate::api::ApiText;
use crate::support::auth::staff_context;
use crate::support::auth::StaffPage;
use crate::support::catalog::PointContext;
use crate::support::error::PageError;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// The filter's fields.
const POINT: &str = "punt";
const ROLE: &str = "rol";
const REGION: &str = "regio";
const CHANNEL: &str = "kanaal";
const FROM: &str = "van";
const UNTIL: &str = "tot";
const SYNTHETIC: &str = "synthetisch";

/// One bar: a label, its count (`None` when withheld) and its share of the whole in percent.
#[derive(Debug, Serialize)]
struct Bar {
    label: String,
    count: Option<i64>,
    percent: Option<u32>,
}

/// A row of the role × channel table.
#[derive(Debug, Serialize)]
struct CrossRow {
    label: String,
    cells: Vec<Option<i64>>,
    total: Option<i64>,
}

/// One question as the dashboard shows it.
#[derive(Debug, Serialize)]
struct QuestionView {
    id: String,
    text: String,
    /// "n = 123, n.v.t. 7", or why nothing is shown.
    summary: String,
    /// A line about the scale of the numbers, e.g. the slider's poles or the mean.
    note: Option<String>,
    /// Whether the bars have counts (a triad's bars are mean shares only).
    counts: bool,
    bars: Vec<Bar>,
}

pub async fn show(
    state: web::Data<AppState>,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::ViewDashboard>,
) -> Result<HttpResponse, PageError> {
    let mut context = staff_context(&state, &session, lang, Context::new());
    let proposals = crate::staff::sessions::proposal_counts(&state, &session, lang).await?;
    context.insert("proposal_counts", &proposals);
    let user_id = session.user.id.clone();
    let scope = session.user.scope();
    let (points, last) = pages::stored(&state, lang, move |conn| {
        Ok((
            crate::support::scope::visible_points(conn, &scope)?,
            vertelpunt_store::users::last_point(conn, &user_id)?,
        ))
    })
    .await?;
    let asked_slug = Some(query.trimmed(POINT)).filter(|s| !s.is_empty());
    if let Some(asked) = asked_slug.filter(|a| points.iter().any(|p| p.slug == *a)) {
        crate::support::selection_form::remember_point(
            &state,
            &session.user.id,
            &[asked.to_string()],
        )
        .await;
    }
    let now = vertelpunt_store::now();
    let Some(slug) = asked_slug.map(str::to_string).or_else(|| {
        collection_points::preferred(&points, last.as_deref(), now).map(|p| p.slug.clone())
    }) else {
        context.insert("no_points", &true);
        return Ok(pages::page(
            &state,
            StatusCode::OK,
            "dashboard/index.html",
            lang,
            context,
        ));
    };
    // A collection point beyond a project-limited account's projects is, to it, not there.
    let seen = points.iter().any(|p| p.slug == slug);
    let ctx = match state.point(&slug).await {
        Ok(Some(ctx)) if seen => ctx,
        Ok(_) => return Err(PageError::not_found(&state, lang)),
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let text = |name: &str| Some(query.trimmed(name).to_string()).filter(|v| !v.is_empty());
    let asked = AggregateQuery {
        role: text(ROLE),
        region: text(REGION),
        channel: text(CHANNEL),
        from: text(FROM),
        until: text(UNTIL),
        include_synthetic: Some(query.ticked(SYNTHETIC)),
    };
    let project_id = ctx.point.project_id.clone();
    let project_channels =
        pages::stored(&state, lang, move |conn| channels::list(conn, &project_id)).await?;
    let channel_labels: BTreeMap<String, (String, String)> = project_channels
        .iter()
        .map(|c| (c.id.clone(), (c.code.clone(), c.label.clone())))
        .collect();
    insert_filter_form(
        &mut context,
        lang,
        &points,
        &ctx,
        &asked,
        &channel_labels,
        &session.user.scope(),
    );

    let filter = match filter_of(&ctx, &asked, &session.user.scope()) {
        Ok(filter) => filter,
        Err(refusal) => {
            let message = state.locales.format(
                lang,
                &format!("api.{}", refusal.code),
                &[(refusal.name, refusal.value)],
            );
            context.insert("filter_error", &message);
            return Ok(pages::page(
                &state,
                StatusCode::BAD_REQUEST,
                "dashboard/index.html",
                lang,
                context,
            ));
        }
    };
    let point_id = ctx.point.id.clone();
    let mut counted_filter = filter.clone();
    let tallies = state.tallies.clone();
    let counted = pages::stored(&state, lang, move |conn| {
        tallies.with(conn, &point_id, |tally| {
            let days = widen_to_periods(tally, &mut counted_filter);
            (
                tally.breakdown(&counted_filter),
                tally.count(&counted_filter),
                days,
                counted_filter,
            )
        })
    })
    .await;
    let (breakdown, counts, days, filter) = counted?;
    if (days.from, days.until)
        != (
            filter_of(&ctx, &asked, &session.user.scope())
                .ok()
                .and_then(|f| f.since.map(|t| t.date())),
            filter_of(&ctx, &asked, &session.user.scope())
                .ok()
                .and_then(|f| f.before.map(|t| t.date() - chrono::Duration::days(1))),
        )
    {
        let day = |d: Option<NaiveDate>, open: &str| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| state.locales.text(lang, open).to_string())
        };
        context.insert(
            "widened",
            &state.locales.format(
                lang,
                "dashboard.widened",
                &[
                    ("from", day(days.from, "dashboard.widened_start")),
                    ("until", day(days.until, "dashboard.widened_now")),
                    ("min", MIN_GROUP.to_string()),
                ],
            ),
        );
    }
    let shown = Shown {
        state: &state,
        lang,
    };
    shown.insert_overview(&mut context, &breakdown, &channel_labels);
    if breakdown.stories >= MIN_GROUP {
        let questions = shown.questions(&ctx, &asked, &filter, &counts);
        context.insert("questions", &questions);
    }
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "dashboard/index.html",
        lang,
        context,
    ))
}

/// The filter form's choices and current values.
fn insert_filter_form(
    context: &mut Context,
    lang: Lang,
    points: &[collection_points::CollectionPoint],
    ctx: &PointContext,
    asked: &AggregateQuery,
    channel_labels: &BTreeMap<String, (String, String)>,
    scope: &vertelpunt_store::users::Scope,
) {
    let choices = |items: Vec<(String, String)>, current: Option<&String>| {
        items
            .into_iter()
            .map(|(value, label)| {
                let selected = current == Some(&value);
                (value, label, selected)
            })
            .collect::<Vec<_>>()
    };
    let point_choices = choices(
        points
            .iter()
            .map(|p| (p.slug.clone(), p.name.clone()))
            .collect(),
        Some(&ctx.point.slug),
    );
    let role_choices = choices(
        Role::ALL
            .iter()
            .map(|r| (r.code().to_string(), r.label().get(lang).to_string()))
            .collect(),
        asked.role.as_ref(),
    );
    let region_choices = choices(
        regions::jeugdregios()
            .iter()
            .filter(|r| scope.allows(Some(&r.code)))
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
        asked.region.as_ref(),
    );
    let channel_choices = choices(
        ctx.channels
            .iter()
            .filter_map(|(code, id)| {
                channel_labels
                    .get(id)
                    .map(|(_, label)| (code.clone(), format!("{label} ({code})")))
            })
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect(),
        asked.channel.as_ref(),
    );
    context.insert("point_name", &ctx.point.name);
    context.insert("point_slug", &ctx.point.slug);
    context.insert("point_choices", &point_choices);
    context.insert("role_choices", &role_choices);
    context.insert("region_choices", &region_choices);
    context.insert("channel_choices", &channel_choices);
    context.insert("from", asked.from.as_deref().unwrap_or(""));
    context.insert("until", asked.until.as_deref().unwrap_or(""));
    context.insert("synthetic", &asked.include_synthetic.unwrap_or(false));
}

/// What the page needs to word its numbers.
struct Shown<'a> {
    state: &'a AppState,
    lang: Lang,
}

impl Shown<'_> {
    fn text(&self, key: &str) -> String {
        self.state.locales.text(self.lang, key).to_string()
    }

    fn format(&self, key: &str, args: &[(&str, String)]) -> String {
        self.state.locales.format(self.lang, key, args)
    }

    /// A number with one decimal, with a decimal comma in Dutch.
    fn decimal(&self, value: f64) -> String {
        crate::support::i18n::decimal_comma(self.lang, format!("{value:.1}"))
    }

    fn pick(&self, text: &ApiText) -> String {
        match self.lang {
            Lang::Nl => text.nl.clone(),
            Lang::En => text.en.clone(),
        }
    }

    /// The totals, role × channel, regions, sources and weeks.
    fn insert_overview(
        &self,
        context: &mut Context,
        b: &Breakdown,
        channel_labels: &BTreeMap<String, (String, String)>,
    ) {
        if b.stories < MIN_GROUP {
            context.insert(
                "too_few",
                &self.format("dashboard.too_few", &[("min", MIN_GROUP.to_string())]),
            );
            return;
        }
        let complete = disclosure::counts(&[b.complete, b.stories - b.complete])[0];
        context.insert(
            "total",
            &self
                .state
                .locales
                .count(self.lang, "dashboard.total", b.stories as usize, &[]),
        );
        context.insert("total_n", &b.stories);
        context.insert(
            "complete",
            &match complete {
                Some(n) => self.format(
                    "dashboard.complete",
                    &[
                        ("n", n.to_string()),
                        ("percent", percent(n, b.stories).to_string()),
                    ],
                ),
                None => self.format("dashboard.complete_few", &[("min", MIN_GROUP.to_string())]),
            },
        );
        if b.synthetic > 0 {
            // Withheld like any count, and with the real stories' count beside it: a demo count
            // must not give away a small number of real stories.
            let shown = disclosure::counts(&[b.synthetic, b.stories - b.synthetic]);
            let note = match shown[0] {
                Some(n) => {
                    self.state
                        .locales
                        .count(self.lang, "dashboard.demo_included", n as usize, &[])
                }
                None => self.text("dashboard.demo_included_some"),
            };
            context.insert("demo_note", &note);
        }
        if b.pending_review > 0 {
            let pending = match disclosure::count(b.pending_review) {
                Some(n) => {
                    self.state
                        .locales
                        .count(self.lang, "dashboard.pending", n as usize, &[])
                }
                None => self.format("dashboard.pending_few", &[("min", MIN_GROUP.to_string())]),
            };
            context.insert("pending", &pending);
        }

        // Role × channel: the roles asked for, then any other stored role (imports).
        let mut roles: Vec<String> = Role::ALL.iter().map(|r| r.code().to_string()).collect();
        let mut channel_ids: BTreeSet<Option<String>> = BTreeSet::new();
        for (role, channel) in b.role_channel.keys() {
            if !roles.contains(role) {
                roles.push(role.clone());
            }
            channel_ids.insert(channel.clone());
        }
        let channel_label = |id: &Option<String>| match id {
            None => self.text("dashboard.no_channel"),
            Some(id) => channel_labels
                .get(id)
                .map(|(_, label)| label.clone())
                .unwrap_or_else(|| id.clone()),
        };
        // Columns by name, "no channel" last.
        let mut channel_ids: Vec<Option<String>> = channel_ids.into_iter().collect();
        channel_ids.sort_by_key(|id| (id.is_none(), channel_label(id)));
        let table: Vec<Vec<i64>> = roles
            .iter()
            .map(|role| {
                channel_ids
                    .iter()
                    .map(|channel| {
                        b.role_channel
                            .get(&(role.clone(), channel.clone()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        let role_totals: Vec<i64> = table.iter().map(|row| row.iter().sum()).collect();
        let channel_totals: Vec<i64> = (0..channel_ids.len())
            .map(|j| table.iter().map(|row| row[j]).sum())
            .collect();
        let (shown_cells, role_marks, channel_marks) = disclosure::table(&table);
        let shown_role_totals = disclosure::counts_marked(&role_totals, &role_marks);
        let shown_channel_totals = disclosure::counts_marked(&channel_totals, &channel_marks);
        let role_label = |code: &str| {
            Role::from_stored(code)
                .map(|r| r.label().get(self.lang).to_string())
                .unwrap_or_else(|| code.to_string())
        };
        let cross: Vec<CrossRow> = roles
            .iter()
            .zip(shown_cells)
            .zip(&shown_role_totals)
            .map(|((role, cells), total)| CrossRow {
                label: role_label(role),
                cells,
                total: *total,
            })
            .collect();
        context.insert(
            "channel_heads",
            &channel_ids.iter().map(channel_label).collect::<Vec<_>>(),
        );
        context.insert("cross", &cross);
        context.insert("channel_totals", &shown_channel_totals);
        context.insert(
            "roles",
            &shown_bars(
                roles.iter().map(|r| role_label(r)).collect(),
                &shown_role_totals,
                b.stories,
            ),
        );

        // Regions, largest first by what is shown; withheld ones after them by name (their order
        // would tell their sizes apart); "none given" last.
        let all: Vec<(&Option<String>, &i64)> = b.regions.iter().collect();
        let raw: Vec<i64> = all.iter().map(|(_, n)| **n).collect();
        let shown = disclosure::counts(&raw);
        let mut rows: Vec<(bool, Option<i64>, String)> = all
            .iter()
            .zip(&shown)
            .map(|((code, _), shown)| {
                let label = match code {
                    None => self.text("dashboard.no_region"),
                    Some(code) => regions::region(code)
                        .map(|r| r.name.clone())
                        .unwrap_or_else(|| code.clone()),
                };
                (code.is_none(), *shown, label)
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.0, a.1.is_none(), std::cmp::Reverse(a.1), &a.2).cmp(&(
                b.0,
                b.1.is_none(),
                std::cmp::Reverse(b.1),
                &b.2,
            ))
        });
        let region_counts: Vec<Option<i64>> = rows.iter().map(|r| r.1).collect();
        let region_labels = rows.into_iter().map(|r| r.2).collect();
        context.insert(
            "regions",
            &shown_bars(region_labels, &region_counts, b.stories),
        );

        let source_labels = b.sources.keys().map(|s| self.source_label(s)).collect();
        let source_counts: Vec<i64> = b.sources.values().copied().collect();
        context.insert("sources", &bars(source_labels, &source_counts, b.stories));

        let weeks = weeks(&b.days);
        let week_labels = weeks
            .iter()
            .map(|(first, last, _)| {
                if first == last {
                    self.format(
                        "dashboard.week",
                        &[
                            ("week", first.iso_week().week().to_string()),
                            ("date", first.format("%Y-%m-%d").to_string()),
                        ],
                    )
                } else {
                    let n = ((*last - *first).num_days() / 7 + 1) as usize;
                    self.state.locales.count(
                        self.lang,
                        "dashboard.quiet_weeks",
                        n,
                        &[
                            ("from", first.format("%Y-%m-%d").to_string()),
                            (
                                "until",
                                (*last + chrono::Duration::days(6))
                                    .format("%Y-%m-%d")
                                    .to_string(),
                            ),
                        ],
                    )
                }
            })
            .collect();
        let week_counts: Vec<i64> = weeks.iter().map(|(_, _, n)| *n).collect();
        // Bars relative to the busiest week, so peaks stand out.
        let busiest = week_counts.iter().copied().max().unwrap_or(0);
        context.insert("weeks", &bars(week_labels, &week_counts, busiest));
    }

    fn source_label(&self, source: &str) -> String {
        match source.strip_prefix("import:") {
            Some(tool) => self.format("dashboard.source_import", &[("tool", tool.to_string())]),
            None => {
                let key = format!("dashboard.source_{}", source.replace('-', "_"));
                let label = self.text(&key);
                if label == key {
                    source.to_string()
                } else {
                    label
                }
            }
        }
    }

    /// Every signifier and region question with its counts, small groups withheld.
    fn questions(
        &self,
        ctx: &PointContext,
        asked: &AggregateQuery,
        filter: &AggregateFilter,
        counts: &Aggregates,
    ) -> Vec<QuestionView> {
        let shown = response(ctx, asked, filter, counts);
        let definition = |id: &str| {
            ctx.core
                .question(id)
                .or_else(|| ctx.modules.iter().find_map(|(_, m)| m.question(id)))
        };
        shown
            .questions
            .into_iter()
            .map(|q| {
                let text = self.pick(&q.text);
                let too_few = |id: String, text: String| QuestionView {
                    id,
                    text,
                    summary: self
                        .format("dashboard.question_few", &[("min", MIN_GROUP.to_string())]),
                    note: None,
                    counts: true,
                    bars: Vec::new(),
                };
                let Some(answered) = q.answered else {
                    return too_few(q.id, text);
                };
                // Too few real answers (n.v.t. not counted): nothing of the distribution.
                let withheld = q.mean.is_none()
                    && q.triad_means.is_none()
                    && q.options.iter().all(|o| o.count.is_none())
                    && q.bins
                        .as_ref()
                        .is_none_or(|b| b.iter().all(Option::is_none));
                if withheld {
                    return too_few(q.id, text);
                }
                let summary = match q.not_applicable {
                    Some(0) => self.state.locales.count(
                        self.lang,
                        "dashboard.answered",
                        answered as usize,
                        &[],
                    ),
                    Some(nvt) => self.format(
                        "dashboard.answered_nvt",
                        &[("n", answered.to_string()), ("nvt", nvt.to_string())],
                    ),
                    None => self.format(
                        "dashboard.answered_nvt_few",
                        &[("n", answered.to_string()), ("min", MIN_GROUP.to_string())],
                    ),
                };
                let kind = definition(&q.id).map(|d| &d.kind);
                let (note, bars) = match kind {
                    Some(QuestionKind::Slider { left, right, .. }) => {
                        let labels = (0..10)
                            .map(|i| {
                                let (low, high) = (i * 10, if i == 9 { 100 } else { i * 10 + 9 });
                                format!("{low}–{high}")
                            })
                            .collect();
                        let bins: Vec<Option<i64>> = q.bins.clone().unwrap_or_default();
                        let note = self.format(
                            "dashboard.slider_note",
                            &[
                                ("left", left.get(self.lang).to_string()),
                                ("right", right.get(self.lang).to_string()),
                                ("mean", q.mean.map(|m| self.decimal(m)).unwrap_or_default()),
                            ],
                        );
                        (Some(note), shown_bars(labels, &bins, answered))
                    }
                    Some(QuestionKind::Triad { corners, .. }) => {
                        let means = q.triad_means.clone().unwrap_or_default();
                        let bars = corners
                            .iter()
                            .zip(means)
                            .map(|(corner, mean)| Bar {
                                label: corner.get(self.lang).to_string(),
                                count: None,
                                percent: Some(mean.round().clamp(0.0, 100.0) as u32),
                            })
                            .collect();
                        (Some(self.text("dashboard.triad_note")), bars)
                    }
                    other => {
                        let note = match (other, q.mean) {
                            (Some(QuestionKind::Scale { options, .. }), Some(mean)) => {
                                Some(self.format(
                                    "dashboard.scale_note",
                                    &[
                                        ("mean", self.decimal(mean)),
                                        ("max", options.len().to_string()),
                                    ],
                                ))
                            }
                            (Some(QuestionKind::MultipleChoice { .. }), _) => {
                                Some(self.text("dashboard.multiple_note"))
                            }
                            _ => None,
                        };
                        let labels = q
                            .options
                            .iter()
                            .map(|o| self.pick(&o.option.label))
                            .collect();
                        let option_counts: Vec<Option<i64>> =
                            q.options.iter().map(|o| o.count).collect();
                        (note, shown_bars(labels, &option_counts, answered))
                    }
                };
                QuestionView {
                    counts: !matches!(kind, Some(QuestionKind::Triad { .. })),
                    id: q.id,
                    text,
                    summary,
                    note,
                    bars,
                }
            })
            .collect()
    }
}

/// Whole percent of `n` in `total`.
fn percent(n: i64, total: i64) -> u32 {
    if total <= 0 {
        0
    } else {
        ((n as f64) * 100.0 / (total as f64)).round() as u32
    }
}

/// Bars for raw counts, with the small-group rule applied.
fn bars(labels: Vec<String>, counts: &[i64], total: i64) -> Vec<Bar> {
    shown_bars(labels, &disclosure::counts(counts), total)
}

/// Bars for counts that already had the small-group rule applied.
fn shown_bars(labels: Vec<String>, counts: &[Option<i64>], total: i64) -> Vec<Bar> {
    labels
        .into_iter()
        .zip(counts)
        .map(|(label, count)| Bar {
            label,
            count: *count,
            percent: count.map(|n| percent(n, total)),
        })
        .collect()
}

/// Stories per ISO week from the first to the last: (Monday, Monday, count) per week with
/// stories, and quiet weeks too, so a trend shows them; two or more quiet weeks in a row are
/// one line (first Monday, last Monday, 0), not a list of zeros.
fn weeks(days: &BTreeMap<NaiveDate, i64>) -> Vec<(NaiveDate, NaiveDate, i64)> {
    let monday =
        |d: &NaiveDate| *d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
    let mut per_week: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for (day, n) in days {
        *per_week.entry(monday(day)).or_insert(0) += n;
    }
    let (Some(first), Some(last)) = (
        per_week.keys().next().copied(),
        per_week.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    let mut out: Vec<(NaiveDate, NaiveDate, i64)> = Vec::new();
    let mut week = first;
    while week <= last {
        let n = per_week.get(&week).copied().unwrap_or(0);
        match out.last_mut() {
            Some((_, until, 0)) if n == 0 => *until = week,
            _ => out.push((week, week, n)),
        }
        week += chrono::Duration::days(7);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_run_from_the_first_to_the_last_with_quiet_weeks_as_zero() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let days = BTreeMap::from([
            (day("2026-11-02"), 3),
            (day("2026-11-08"), 2),
            (day("2026-11-18"), 7),
        ]);
        assert_eq!(
            weeks(&days),
            vec![
                (day("2026-11-02"), day("2026-11-02"), 5),
                (day("2026-11-09"), day("2026-11-09"), 0),
                (day("2026-11-16"), day("2026-11-16"), 7)
            ]
        );
        // Many quiet weeks in a row are one line.
        let days = BTreeMap::from([(day("2026-01-05"), 6), (day("2026-09-01"), 8)]);
        assert_eq!(
            weeks(&days),
            vec![
                (day("2026-01-05"), day("2026-01-05"), 6),
                (day("2026-01-12"), day("2026-08-24"), 0),
                (day("2026-08-31"), day("2026-08-31"), 8)
            ]
        );
    }
}
