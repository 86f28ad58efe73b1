//! `/kaarten`: observation cards (observatiekaarten). Analysts make a card of a pattern on
//! `/patronen/{run}` ([`edit::create`]), write the observation in plain language, two opposing
//! interpretations and up to five typical stories with a quote from each, and publish it.
//! Facilitators read the published cards (to choose the few a table gets); analysts and admins
//! also read and change drafts. A card page prints as a paper card.
//!
//! What a card shows of its pattern follows the small-group rule ([`figures`]), and a quote is
//! shown only while its story may be read: a withdrawn story leaves the card, and a quote that
//! no longer stands in its story (edited in review) is left out.

pub mod compare;
pub mod edit;
pub mod figures;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_model::{Lang, Role, Text};
use vertelpunt_patterns::card::quote_found;
use vertelpunt_patterns::Pattern;
use vertelpunt_store::cards::{self, Card, CardRow, CardStory};
use vertelpunt_store::pattern_runs;
use vertelpunt_store::sessions::StaffSession;
use vertelpunt_store::users::UserRole;

use crate::support::auth::staff_context;
use crate::support::auth::StaffPage;
use crate::support::error::PageError;
use crate::support::i18n::decimal_comma;
use crate::support::pages;
use crate::support::permissions::{can, Action};
use crate::support::state::AppState;

/// After a change: what was done (`?klaar=`).
const DONE: &str = "klaar";

/// Whether this staff member writes cards.
pub fn writes(session: &StaffSession) -> bool {
    Action::WriteCards.allows(UserRole::parse(&session.user.role))
}

/// Whether this staff member may see this card.
fn may_see(session: &StaffSession, card: &CardRow) -> bool {
    card.is_published() || writes(session)
}

/// A number as the page shows it: `decimals` decimals, a decimal comma in Dutch.
fn number(lang: Lang, value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => decimal_comma(lang, format!("{v:.decimals$}")),
        _ => "–".to_string(),
    }
}

/// The typical stories that may still be shown, with their quotes.
pub fn shown_stories(card: &Card) -> Vec<&CardStory> {
    card.stories
        .iter()
        .filter(|s| {
            let story = s.story();
            story.readable() && quote_found(&s.quote, story.title.as_deref(), &story.body)
        })
        .collect()
}

/// A card's pattern, as copied when the card was made.
pub fn pattern_of(card: &CardRow) -> Result<Pattern, String> {
    serde_json::from_str(&card.pattern).map_err(|e| format!("card {}: {e}", card.id))
}

/// The disclaimer every card carries.
pub fn disclaimer() -> Text {
    vertelpunt_patterns::output::disclaimer()
}

#[derive(Serialize)]
struct GroupRow {
    label: String,
    n: String,
    mean: String,
    median: String,
    mode: String,
    sd: String,
    skewness: String,
    kurtosis: String,
    centre: String,
}

#[derive(Serialize)]
struct TableRow {
    label: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct StoryRow {
    story_id: String,
    quote: String,
    role: String,
}

/// Whether this staff member may see the chart of this card's pattern.
fn may_see_chart(session: &StaffSession, pattern: &Pattern) -> bool {
    writes(session) || figures::chart_shareable(pattern)
}

/// Puts the card and its figures into `context` for `cards/card.html` (and the edit page).
fn insert_card(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    card: &Card,
    pattern: &Pattern,
    context: &mut Context,
) {
    let row = &card.row;
    let chart_href = row
        .chart
        .as_ref()
        .filter(|_| may_see_chart(session, pattern))
        .map(|_| format!("/kaarten/{}/grafiek", row.id));
    insert_figures(state, lang, pattern, chart_href, context);
    insert_texts(state, lang, card, context);
}

/// Puts a pattern's figures (small groups withheld) into `context` for `cards/figures.html`,
/// with the chart at `chart` (when the viewer may see it). The session boards show a card's
/// figures this way too.
pub fn insert_figures(
    state: &AppState,
    lang: Lang,
    pattern: &Pattern,
    chart_href: Option<String>,
    context: &mut Context,
) {
    let text = |key: &str| state.locales.text(lang, key).to_string();
    let withheld = text("dashboard.withheld_short");
    let count = |n: Option<u64>| n.map_or(withheld.clone(), |n| n.to_string());
    let f = figures::of(pattern, lang);
    let groups: Vec<GroupRow> = f
        .groups
        .iter()
        .map(|g| GroupRow {
            label: g.label.clone(),
            n: count(g.n),
            mean: number(lang, g.mean, 1),
            median: number(lang, g.median, 1),
            mode: number(lang, g.mode, 1),
            sd: number(lang, g.sd, 1),
            skewness: number(lang, g.skewness, 2),
            kurtosis: number(lang, g.kurtosis, 2),
            centre: g
                .centre
                .map(|c| {
                    c.iter()
                        .map(|v| format!("{} %", number(lang, Some(*v), 0)))
                        .collect::<Vec<_>>()
                        .join(" · ")
                })
                .unwrap_or_default(),
        })
        .collect();
    let table = f.table.as_ref().map(|t| {
        let rows: Vec<TableRow> = t
            .rows
            .iter()
            .zip(t.counts.iter().zip(&t.residuals))
            .map(|(label, (counts, residuals))| TableRow {
                label: label.clone(),
                cells: counts
                    .iter()
                    .zip(residuals)
                    .map(|(c, r)| match (c, r) {
                        (Some(c), Some(r)) => format!("{c} ({})", number(lang, Some(*r), 1)),
                        (Some(c), None) => c.to_string(),
                        (None, _) => withheld.clone(),
                    })
                    .collect(),
            })
            .collect();
        (t.columns.clone(), rows)
    });
    let probability = |v: Option<f64>| match v {
        Some(v) if v < 0.0001 => decimal_comma(lang, "< 0.0001".to_string()),
        other => number(lang, other, 4),
    };
    let effect = f.effect.as_ref().map(|e| {
        format!(
            "{} = {} ({})",
            text(&format!("patterns.effect_{}", e.name)),
            number(lang, Some(e.value), 3),
            text(&format!("patterns.magnitude_{}", e.magnitude))
        )
    });
    context.insert("questions", &f.questions.join(" × "));
    context.insert("n", &count(f.n));
    context.insert("description", &f.description);
    context.insert(
        "test",
        &f.test
            .as_deref()
            .map(|t| text(&format!("patterns.test_{t}")))
            .unwrap_or_else(|| text("patterns.no_test")),
    );
    context.insert("p", &probability(f.p));
    context.insert("q", &probability(f.q));
    context.insert("effect", &effect.unwrap_or_else(|| "–".to_string()));
    let (detectable, absence) = figures::detectable(&state.locales, lang, pattern);
    context.insert("detectable", &detectable);
    context.insert("absence", &absence);
    context.insert("groups", &groups);
    context.insert("numeric_groups", &f.groups.iter().any(|g| g.mean.is_some()));
    context.insert("triad_groups", &f.groups.iter().any(|g| g.centre.is_some()));
    context.insert("table", &table);
    context.insert("word", &f.word);
    context.insert("chart", &chart_href);
}

/// Puts a card's own texts (observation, interpretations, typical stories) into `context`.
fn insert_texts(state: &AppState, lang: Lang, card: &Card, context: &mut Context) {
    let text = |key: &str| state.locales.text(lang, key).to_string();
    let stories: Vec<StoryRow> = shown_stories(card)
        .into_iter()
        .map(|s| StoryRow {
            story_id: s.story_id.clone(),
            quote: s.quote.clone(),
            role: Role::from_stored(&s.role)
                .map(|r| r.label().get(lang).to_string())
                .unwrap_or_default(),
        })
        .collect();
    let row = &card.row;
    context.insert("card_id", &row.id);
    context.insert("run_id", &row.run_id);
    context.insert("observation", &row.observation);
    context.insert("interpretation_a", &row.interpretation_a);
    context.insert("interpretation_b", &row.interpretation_b);
    context.insert("published", &row.is_published());
    context.insert(
        "status",
        &text(if row.is_published() {
            "cards.status_published"
        } else {
            "cards.status_draft"
        }),
    );
    context.insert(
        "made",
        &state.locales.format(
            lang,
            "cards.made",
            &[
                ("when", row.created_at.format("%Y-%m-%d").to_string()),
                (
                    "who",
                    card.created_by.clone().unwrap_or_else(|| "–".to_string()),
                ),
            ],
        ),
    );
    context.insert("stories", &stories);
    context.insert("disclaimer", disclaimer().get(lang));
    context.insert(
        "demo_note",
        &pages::demo_note(&state.locales, lang, card.run_synthetic, card.run_stories),
    );
}

#[derive(Serialize)]
struct ListRow {
    href: String,
    observation: String,
    status: String,
    published: bool,
    changed: String,
    demo: bool,
}

pub async fn list(
    state: web::Data<AppState>,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::ReadCards>,
) -> Result<HttpResponse, PageError> {
    let writer = writes(&session);
    let scope = session.user.scope();
    let (rows, demo_runs) = pages::stored(&state, lang, move |conn| {
        let mut rows = cards::list(conn, !writer)?;
        crate::support::scope::retain_visible(conn, &scope, &mut rows, |r| &r.run_id)?;
        Ok((rows, pattern_runs::with_demo(conn)?))
    })
    .await?;
    let rows: Vec<ListRow> = rows
        .iter()
        .map(|c| ListRow {
            href: format!("/kaarten/{}?lang={}", c.id, lang.code()),
            observation: c.observation.clone(),
            status: state
                .locales
                .text(
                    lang,
                    if c.is_published() {
                        "cards.status_published"
                    } else {
                        "cards.status_draft"
                    },
                )
                .to_string(),
            published: c.is_published(),
            changed: c.updated_at.format("%Y-%m-%d %H:%M").to_string(),
            demo: demo_runs.contains(&c.run_id),
        })
        .collect();
    let mut context = staff_context(&state, &session, lang, Context::new());
    context.insert("cards", &rows);
    context.insert("writer", &writer);
    if query.get(DONE) == Some("verwijderd") {
        context.insert("done", state.locales.text(lang, "cards.done_deleted"));
    }
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "cards/list.html",
        lang,
        context,
    ))
}

pub async fn show(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::ReadCards>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let scope = session.user.scope();
    let card = match pages::stored(&state, lang, move |conn| {
        crate::support::scope::card(conn, &scope, &id)
    })
    .await
    {
        Ok(card) if may_see(&session, &card.row) => card,
        Ok(_) => return Err(PageError::not_found(&state, lang)),
        Err(response) => return Err(response),
    };
    let pattern = match pattern_of(&card.row) {
        Ok(p) => p,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let mut context = staff_context(&state, &session, lang, Context::new());
    insert_card(&state, &session, lang, &card, &pattern, &mut context);
    context.insert("writer", &writes(&session));
    let comparisons = compare::listed(&state, lang, &session, &card.row.id).await?;
    context.insert("comparisons", &comparisons);
    if let Some(done) = query
        .get(DONE)
        .filter(|d| ["opgeslagen", "gepubliceerd", "concept"].contains(d))
    {
        context.insert(
            "done",
            state.locales.text(lang, &format!("cards.done_{done}")),
        );
    }
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "cards/card.html",
        lang,
        context,
    ))
}

/// The chart of a card's pattern, as SVG.
pub async fn chart(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::ReadCards>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let scope = session.user.scope();
    let found = pages::stored(&state, lang, move |conn| {
        let card = crate::support::scope::card(conn, &scope, &id)?;
        let svg = match &card.row.chart {
            Some(name) => pattern_runs::chart(conn, &card.row.run_id, name)?,
            None => None,
        };
        Ok((card.row, svg))
    })
    .await;
    let visible = |card: &CardRow| {
        may_see(&session, card) && pattern_of(card).is_ok_and(|p| may_see_chart(&session, &p))
    };
    Ok(match found {
        Ok((card, Some(svg))) if visible(&card) => HttpResponse::Ok()
            .content_type("image/svg+xml; charset=utf-8")
            .insert_header(("Cache-Control", "private, max-age=3600"))
            .body(svg),
        Ok(_) => pages::not_found(&state, lang),
        Err(response) => return Err(response),
    })
}
