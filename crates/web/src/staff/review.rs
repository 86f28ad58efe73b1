//! `/beoordelen`: stories whose text holds what looks like identifying details wait here before
//! anyone else reads them. An analyst or admin reads each one and either releases the text
//! (after removing the details in place) or erases the text; the answers count either way.
//! Releasing a text that still looks identifying needs an explicit "release anyway".

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_model::identifying::find_identifying;
use vertelpunt_model::{Lang, Role};
use vertelpunt_store::stories::{self, DecisionRow, PendingStory, ReviewDecision};
use vertelpunt_store::users::Scope;
use vertelpunt_store::StoreError;

use crate::public::vertelpunt::check::{MAX_STORY_CHARS, MAX_TITLE_CHARS};
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::{field, RawForm};
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// How many of the latest decisions the page lists.
const RECENT_DECISIONS: i64 = 20;

/// How many waiting stories one page shows (oldest first).
const PAGE_SIZE: i64 = 25;

/// Form fields of a decision.
const DECISION: &str = "besluit";
const RELEASE: &str = "vrijgeven";
const ERASE: &str = "wissen";
const ANYWAY: &str = "toch_vrijgeven";
/// The view's fields: a collection point's slug and the page number.
const POINT: &str = "punt";
const PAGE: &str = "pagina";

/// One waiting story as the page shows it.
#[derive(Debug, Serialize)]
struct Item {
    id: String,
    point: String,
    role: String,
    submitted: String,
    title: String,
    body: String,
    found: String,
    error: Option<String>,
    anyway: bool,
    synthetic: bool,
}

/// Which waiting stories the page shows: one collection point (by slug) or all, and a page.
#[derive(Debug, Clone, Default)]
struct View {
    point: Option<String>,
    /// 1-based.
    page: i64,
}

impl View {
    /// From `punt` and `pagina` in a query string or form.
    fn read(fields: &RawForm) -> View {
        View {
            point: Some(fields.trimmed(POINT).to_string()).filter(|p| !p.is_empty()),
            page: fields.trimmed(PAGE).parse().unwrap_or(1).max(1),
        }
    }

    /// `/beoordelen?…` for this view and `page`.
    fn href(&self, lang: Lang, page: i64, extra: &str) -> String {
        let mut href = format!("/beoordelen?lang={}", lang.code());
        if let Some(point) = &self.point {
            href.push_str(&format!("&{POINT}="));
            href.extend(form_urlencoded::byte_serialize(point.as_bytes()));
        }
        if page > 1 {
            href.push_str(&format!("&{PAGE}={page}"));
        }
        href.push_str(extra);
        href
    }
}

/// What the page shows besides the list.
#[derive(Default)]
struct Shown {
    done: Option<String>,
    /// A story sent back with a problem: its id, the text as the reviewer left it, the message.
    again: Option<(String, String, String, String, bool)>,
}

pub async fn index(
    state: web::Data<AppState>,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::ReviewTexts>,
) -> Result<HttpResponse, PageError> {
    let done = match query.get("klaar") {
        Some(RELEASE) => Some(state.locales.text(lang, "review.done_released").to_string()),
        Some(ERASE) => Some(state.locales.text(lang, "review.done_erased").to_string()),
        _ => None,
    };
    let context = staff_context(&state, &session, lang, Context::new());
    list_page(
        &state,
        lang,
        &session.user.scope(),
        context,
        &View::read(&query),
        Shown { done, again: None },
        StatusCode::OK,
    )
    .await
}

pub async fn decide(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::ReviewTexts>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    // A story beyond a limited reviewer's regions is, to them, not there.
    let scope = session.user.scope();
    let wanted = id.clone();
    let place = pages::stored(&state, lang, move |conn| {
        vertelpunt_store::stories::place_of(conn, &wanted)
    })
    .await?;
    if !place.is_some_and(|(region, project)| scope.includes(region.as_deref(), Some(&project))) {
        return Err(PageError::not_found(&state, lang));
    }
    let view = View::read(&form);
    let text = form.get(field::STORY).unwrap_or("").trim().to_string();
    let title = form.trimmed(field::TITLE).to_string();
    let anyway = form.ticked(ANYWAY);
    let context = staff_context(&state, &session, lang, Context::new());
    let decision: Result<ReviewDecision, String> = match form.get(DECISION) {
        Some(ERASE) => Ok(ReviewDecision::Erase),
        Some(RELEASE) => {
            if text.is_empty() {
                Err(state.locales.text(lang, "review.empty_body").to_string())
            } else if text.chars().count() > MAX_STORY_CHARS
                || title.chars().count() > MAX_TITLE_CHARS
            {
                Err(state.locales.text(lang, "review.too_long").to_string())
            } else {
                let kinds = found_kinds(&state, lang, &title, &text);
                if !kinds.is_empty() && !anyway {
                    Err(state
                        .locales
                        .format(lang, "review.still_identifying", &[("kinds", kinds)]))
                } else {
                    Ok(ReviewDecision::Release {
                        title: (!title.is_empty()).then(|| title.clone()),
                        body: text.clone(),
                    })
                }
            }
        }
        _ => Err(state.locales.text(lang, "review.choose").to_string()),
    };
    let decision = match decision {
        Ok(decision) => decision,
        Err(message) => {
            // Sent back with the reviewer's text as they left it and the message beside it.
            let shown = Shown {
                done: None,
                again: Some((id.clone(), title, text, message, anyway)),
            };
            return list_page(
                &state,
                lang,
                &session.user.scope(),
                context,
                &view,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let store = state.store.clone();
    let target = id.clone();
    let reviewer = session.user.id.clone();
    let decided_as = if decision == ReviewDecision::Erase {
        ERASE
    } else {
        RELEASE
    };
    let outcome = web::block(move || -> Result<(), StoreError> {
        let mut conn = store.conn()?;
        stories::review_story(&mut conn, &target, &decision, Some(&reviewer))
    })
    .await;
    Ok(match outcome {
        Ok(Ok(())) => {
            tracing::info!(
                "story {id} reviewed by {}: {decided_as}",
                session.user.email
            );
            see_other(&view.href(lang, view.page, &format!("&klaar={decided_as}")))
        }
        Ok(Err(StoreError::Conflict(_))) => {
            let done = Some(state.locales.text(lang, "review.already").to_string());
            list_page(
                &state,
                lang,
                &session.user.scope(),
                context,
                &view,
                Shown { done, again: None },
                StatusCode::CONFLICT,
            )
            .await?
        }
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

/// "een telefoonnummer, een e-mailadres": what the text seems to contain.
fn found_kinds(state: &AppState, lang: Lang, title: &str, body: &str) -> String {
    let mut kinds = Vec::new();
    for finding in find_identifying(body)
        .into_iter()
        .chain(find_identifying(title))
    {
        let name = state.locales.text(
            lang,
            &format!("vertelpunt.form.kind_{}", finding.kind.code()),
        );
        if !kinds.contains(&name) {
            kinds.push(name);
        }
    }
    kinds.join(", ")
}

async fn list_page(
    state: &AppState,
    lang: Lang,
    scope: &Scope,
    mut context: Context,
    view: &View,
    shown: Shown,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let store = state.store.clone();
    let wanted = view.clone();
    let scope = scope.clone();
    let loaded = web::block(move || -> Result<_, StoreError> {
        let mut conn = store.conn()?;
        let points = crate::support::scope::visible_points(&mut conn, &scope)?;
        let point_id = wanted.point.as_ref().and_then(|slug| {
            points
                .iter()
                .find(|p| &p.slug == slug)
                .map(|p| p.id.clone())
        });
        // An unknown slug shows nothing rather than everything.
        let (list, total) = match (&wanted.point, &point_id) {
            (Some(_), None) => (Vec::new(), 0),
            _ => stories::pending_review(
                &mut conn,
                point_id.as_deref(),
                &scope,
                (wanted.page - 1) * PAGE_SIZE,
                PAGE_SIZE,
            )?,
        };
        let decisions = stories::recent_decisions(&mut conn, &scope, RECENT_DECISIONS)?;
        Ok((points, list, total, decisions))
    })
    .await;
    let (points, list, total, decisions): (_, Vec<PendingStory>, i64, Vec<DecisionRow>) =
        match loaded {
            Ok(Ok(found)) => found,
            Ok(Err(e)) => return Err(PageError::failure(state, lang, &e)),
            Err(e) => return Err(PageError::failure(state, lang, &e)),
        };
    let items: Vec<Item> = list
        .into_iter()
        .map(|s| {
            let mut item = Item {
                found: found_kinds(state, lang, s.title.as_deref().unwrap_or(""), &s.body),
                role: Role::from_code(&s.role)
                    .map(|r| r.label().get(lang).to_string())
                    .unwrap_or(s.role),
                submitted: s.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
                title: s.title.unwrap_or_default(),
                body: s.body,
                point: s.collection_point,
                id: s.id,
                synthetic: s.synthetic,
                error: None,
                anyway: false,
            };
            if let Some((id, title, body, message, anyway)) = &shown.again {
                if *id == item.id {
                    item.title = title.clone();
                    item.body = body.clone();
                    item.error = Some(message.clone());
                    item.anyway = *anyway;
                }
            }
            item
        })
        .collect();
    context.insert(
        "waiting",
        &state
            .locales
            .format(lang, "review.waiting", &[("n", total.to_string())]),
    );
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = view.page.min(pages);
    context.insert(
        "page_of",
        &state.locales.format(
            lang,
            "review.page_of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
    );
    context.insert("pages", &pages);
    context.insert("page", &page);
    context.insert(
        "prev_href",
        &(page > 1).then(|| view.href(lang, page - 1, "")),
    );
    context.insert(
        "next_href",
        &(page < pages).then(|| view.href(lang, page + 1, "")),
    );
    let choices: Vec<(String, String, bool)> = points
        .into_iter()
        .map(|p| {
            let selected = view.point.as_deref() == Some(p.slug.as_str());
            (p.slug, p.name, selected)
        })
        .collect();
    context.insert("points", &choices);
    context.insert("view_point", &view.point.clone().unwrap_or_default());
    context.insert("items", &items);
    context.insert("done", &shown.done);
    let decisions: Vec<(String, String, String, String)> = decisions
        .into_iter()
        .map(|d| {
            let key = if d.decision == stories::review::ERASED {
                "review.decision_erased"
            } else {
                "review.decision_released"
            };
            (
                d.decided_at.format("%Y-%m-%d %H:%M").to_string(),
                d.collection_point,
                state.locales.text(lang, key).to_string(),
                d.decided_by
                    .unwrap_or_else(|| state.locales.text(lang, "review.decided_by_gone").into()),
            )
        })
        .collect();
    context.insert("decisions", &decisions);
    Ok(pages::page(
        state,
        status,
        "review/index.html",
        lang,
        context,
    ))
}
