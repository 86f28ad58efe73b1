//! Cards across cycles: a card's pattern measured again on a newer selection — the next cycle's
//! stories — and shown side by side with the card's own numbers ("is the gap between youth and
//! parents smaller than last year?"). The card keeps its numbers; each comparison is its own
//! stored result (`card_comparisons`), with the selection it was measured on.
//!
//! The comparison uses the original run's preset and subgroup and only the card's pattern
//! family, so its q is corrected over that family's tests in the new selection (said on the
//! page). Analysts and admins make comparisons; everyone who may read the card reads them.

use crate::support::scope::Sight;
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_model::Lang;
use vertelpunt_patterns::dataset;
use vertelpunt_patterns::run::{self, Request, RunError};
use vertelpunt_patterns::{Pattern, Preset, Selection};
use vertelpunt_store::cards::{self, CardRow, ComparisonRow};
use vertelpunt_store::pattern_runs;
use vertelpunt_store::sessions::StaffSession;

use super::{may_see, may_see_chart, pattern_of, writes};
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::selection_form::{self, Offer, SelectionAsked};
use crate::support::state::AppState;

const LABEL: &str = "naam";
/// The longest name of a comparison.
const MAX_LABEL: usize = 80;

/// The card of the URL, if the staff member may see it.
async fn card_of(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
    id: &str,
) -> Result<(CardRow, Pattern), crate::support::error::PageError> {
    let id = id.to_string();
    let scope = staff.user.scope();
    let card = pages::stored(state, lang, move |conn| {
        crate::support::scope::card(conn, &scope, &id)
    })
    .await?;
    if !may_see(staff, &card.row) {
        return Err(pages::not_found(state, lang).into());
    }
    match pattern_of(&card.row) {
        Ok(pattern) => Ok((card.row, pattern)),
        Err(e) => Err(pages::failure(state, lang, &e).into()),
    }
}

fn form_page(
    state: &AppState,
    staff: &StaffSession,
    lang: Lang,
    (card, offer): (&CardRow, &Offer),
    (asked, label): (&SelectionAsked, &str),
    errors: &BTreeMap<&'static str, String>,
    status: StatusCode,
) -> HttpResponse {
    let mut context = staff_context(state, staff, lang, Context::new());
    selection_form::insert(lang, offer, asked, &mut context);
    context.insert("card_id", &card.id);
    context.insert("observation", &card.observation);
    context.insert("label", label);
    context.insert("errors", errors);
    pages::page(state, status, "cards/compare_new.html", lang, context)
}

pub async fn new(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::WriteCards>,
) -> Result<HttpResponse, PageError> {
    let (card, _) = card_of(&state, lang, &staff, &id).await?;
    let offer = match selection_form::offer(&state, &staff.user).await {
        Ok(o) => o,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    // The original run's Vertelpunten are the natural start.
    let run_id = card.run_id.clone();
    let run = pages::stored(&state, lang, move |conn| pattern_runs::get(conn, &run_id)).await?;
    let mut asked = SelectionAsked::fresh(&offer);
    let points: Vec<String> = run
        .collection_points
        .split(',')
        .filter(|p| offer.points.iter().any(|(slug, _)| slug == p))
        .map(str::to_string)
        .collect();
    if !points.is_empty() {
        asked.points = points;
    }
    Ok(form_page(
        &state,
        &staff,
        lang,
        (&card, &offer),
        (&asked, ""),
        &BTreeMap::new(),
        StatusCode::OK,
    ))
}

pub async fn create(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffForm {
        form,
        lang,
        session: staff,
        ..
    }: StaffForm<can::WriteCards>,
) -> Result<HttpResponse, PageError> {
    let (card, pattern) = card_of(&state, lang, &staff, &id).await?;
    let offer = match selection_form::offer(&state, &staff.user).await {
        Ok(o) => o,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let asked = SelectionAsked::of(&form);
    let label = form.trimmed(LABEL).to_string();
    let mut errors = BTreeMap::new();
    let selection = selection_form::check(&state, lang, &offer, &asked, &mut errors);
    if label.is_empty() || label.chars().count() > MAX_LABEL {
        errors.insert(
            LABEL,
            state
                .locales
                .text(lang, "cards.compare_label_error")
                .to_string(),
        );
    }
    if !errors.is_empty() {
        return Ok(form_page(
            &state,
            &staff,
            lang,
            (&card, &offer),
            (&asked, &label),
            &errors,
            StatusCode::BAD_REQUEST,
        ));
    }
    let run_id = card.run_id.clone();
    let run = pages::stored(&state, lang, move |conn| pattern_runs::get(conn, &run_id)).await?;
    let preset: Preset = match serde_json::from_str(&run.preset_definition) {
        Ok(p) => p,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let subgroup = run
        .subgroup
        .as_deref()
        .and_then(|s| vertelpunt_patterns::selection::Condition::parse(s).ok());
    let request = Request {
        selection: selection.clone(),
        preset,
        subgroup,
        families: vec![pattern.family],
    };
    let store = state.store.clone();
    let points = selection.collection_points.clone();
    let pattern_id = pattern.id.clone();
    let family = pattern.family;
    let measured = web::block(move || -> Result<run::Remeasured, String> {
        let full = {
            let mut conn = store.conn().map_err(|e| e.to_string())?;
            dataset::load::load(&mut conn, &points).map_err(|e| e.to_string())?
        };
        run::remeasure(&full, &request, family, &pattern_id).map_err(|e| match e {
            RunError::NoStories { .. } => "no_stories".to_string(),
            RunError::EmptySubgroup(_) => "no_subgroup".to_string(),
            other => other.to_string(),
        })
    })
    .await;
    let measured = match measured {
        Ok(Ok(m)) => m,
        Ok(Err(reason)) if reason == "no_stories" || reason == "no_subgroup" => {
            errors.insert(
                "punt",
                state
                    .locales
                    .text(lang, &format!("cards.compare_{reason}"))
                    .to_string(),
            );
            return Ok(form_page(
                &state,
                &staff,
                lang,
                (&card, &offer),
                (&asked, &label),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
        Ok(Err(reason)) => return Err(PageError::failure(&state, lang, &reason)),
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let row = ComparisonRow {
        id: vertelpunt_store::new_id(),
        card_id: card.id.clone(),
        label,
        selection: serde_json::to_string(&selection).unwrap_or_default(),
        stories: measured.stories as i32,
        synthetic_stories: measured.synthetic as i32,
        pattern: measured
            .pattern
            .as_ref()
            .and_then(|p| serde_json::to_string(p).ok()),
        chart: measured.chart,
        created_by: Some(staff.user.id.clone()),
        created_at: vertelpunt_store::now(),
    };
    let cid = row.id.clone();
    pages::stored(&state, lang, move |conn| cards::add_comparison(conn, &row)).await?;
    Ok(see_other(&format!(
        "/kaarten/{}/vergelijkingen/{cid}?lang={}",
        card.id,
        lang.code()
    )))
}

/// One side of the comparison, as shown.
#[derive(Debug, Serialize)]
struct Side {
    title: String,
    selection: String,
    /// The figures (small groups withheld), rendered by `cards/figures.html`.
    figures: Option<String>,
    /// Marks a side measured with demo stories.
    demo_note: Option<String>,
}

fn figures_html(
    state: &AppState,
    lang: Lang,
    pattern: &Pattern,
    chart: Option<String>,
    prefix: &str,
) -> Option<String> {
    let mut context = Context::new();
    super::insert_figures(state, lang, pattern, chart, &mut context);
    context.insert("lang", lang.code());
    context.insert("m", state.locales.tree(lang));
    context.insert("id_prefix", prefix);
    state.tera.render("cards/figures.html", &context).ok()
}

/// What a selection holds, in a line.
fn describe(state: &AppState, lang: Lang, selection_json: &str) -> String {
    let Ok(selection) = serde_json::from_str::<Selection>(selection_json) else {
        return String::new();
    };
    let mut parts = vec![selection.collection_points.join(", ")];
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    match (day(selection.from), day(selection.until)) {
        (Some(f), Some(u)) => parts.push(format!("{f} – {u}")),
        (Some(f), None) => parts.push(format!(
            "{} {f}",
            state.locales.text(lang, "cards.compare_from")
        )),
        (None, Some(u)) => parts.push(format!(
            "{} {u}",
            state.locales.text(lang, "cards.compare_until")
        )),
        (None, None) => {}
    }
    parts.extend(selection.conditions.iter().map(|c| c.to_text()));
    if selection.include_synthetic {
        parts.push(
            state
                .locales
                .text(lang, "cards.compare_synthetic")
                .to_string(),
        );
    }
    parts.join(" · ")
}

pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ReadCards>,
) -> Result<HttpResponse, PageError> {
    let (id, comparison_id) = path.into_inner();
    let (card, pattern) = card_of(&state, lang, &staff, &id).await?;
    let (cid, rid) = (card.id.clone(), card.run_id.clone());
    let scope = staff.user.scope();
    let (found, run) = pages::stored(&state, lang, move |conn| {
        // A comparison over stories beyond the account's scope is not shown to it.
        let sight = Sight::new(conn, &scope)?;
        Ok((
            cards::comparison(conn, &cid, &comparison_id)?
                .filter(|c| sight.sees_comparison(&c.selection)),
            pattern_runs::get(conn, &rid)?,
        ))
    })
    .await?;
    let Some(comparison) = found else {
        return Err(PageError::not_found(&state, lang));
    };
    let original_chart = (card.chart.is_some() && may_see_chart(&staff, &pattern))
        .then(|| format!("/kaarten/{}/grafiek", card.id));
    let original = Side {
        title: state
            .locales
            .text(lang, "cards.compare_original")
            .to_string(),
        selection: describe(&state, lang, &run.selection),
        figures: figures_html(&state, lang, &pattern, original_chart, "eerst-"),
        demo_note: pages::demo_note(&state.locales, lang, run.synthetic_stories, run.stories),
    };
    let newer_pattern = comparison
        .pattern
        .as_deref()
        .and_then(|p| serde_json::from_str::<Pattern>(p).ok());
    let newer = Side {
        title: comparison.label.clone(),
        selection: describe(&state, lang, &comparison.selection),
        demo_note: pages::demo_note(
            &state.locales,
            lang,
            comparison.synthetic_stories,
            comparison.stories,
        ),
        figures: newer_pattern.as_ref().and_then(|p| {
            let chart = (comparison.chart.is_some() && may_see_chart(&staff, p)).then(|| {
                format!(
                    "/kaarten/{}/vergelijkingen/{}/grafiek",
                    card.id, comparison.id
                )
            });
            figures_html(&state, lang, p, chart, "later-")
        }),
    };
    let mut context = staff_context(&state, &staff, lang, Context::new());
    context.insert("card_id", &card.id);
    context.insert("observation", &card.observation);
    context.insert("sides", &[original, newer]);
    context.insert("stories", &comparison.stories);
    context.insert("writer", &writes(&staff));
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "cards/compare.html",
        lang,
        context,
    ))
}

/// The chart of a comparison, as SVG.
pub async fn comparison_chart(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ReadCards>,
) -> Result<HttpResponse, PageError> {
    let (id, comparison_id) = path.into_inner();
    let (card, _) = card_of(&state, lang, &staff, &id).await?;
    let cid = card.id.clone();
    let scope = staff.user.scope();
    let found = pages::stored(&state, lang, move |conn| {
        let sight = Sight::new(conn, &scope)?;
        Ok(cards::comparison(conn, &cid, &comparison_id)?
            .filter(|c| sight.sees_comparison(&c.selection)))
    })
    .await?;
    let shown = found.and_then(|c| {
        let pattern: Pattern = serde_json::from_str(c.pattern.as_deref()?).ok()?;
        may_see_chart(&staff, &pattern).then_some(c.chart?)
    });
    Ok(match shown {
        Some(svg) => HttpResponse::Ok()
            .content_type("image/svg+xml; charset=utf-8")
            .insert_header(("Cache-Control", "private, max-age=3600"))
            .body(svg),
        None => pages::not_found(&state, lang),
    })
}

/// A card's comparisons, for its page: name, date and link.
pub async fn listed(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
    card_id: &str,
) -> Result<Vec<(String, String, String)>, crate::support::error::PageError> {
    let cid = card_id.to_string();
    let scope = staff.user.scope();
    let rows = pages::stored(state, lang, move |conn| {
        let sight = Sight::new(conn, &scope)?;
        let mut rows = cards::comparisons(conn, &cid)?;
        rows.retain(|c| sight.sees_comparison(&c.selection));
        Ok(rows)
    })
    .await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            (
                c.label,
                c.created_at.format("%Y-%m-%d").to_string(),
                format!(
                    "/kaarten/{card_id}/vergelijkingen/{}?lang={}",
                    c.id,
                    lang.code()
                ),
            )
        })
        .collect())
}
