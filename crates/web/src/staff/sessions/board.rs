//! `/sessie/{id}/tafel/{table}`: a table's live board. The table's cards (observation,
//! interpretations, quotes) and experiences, each with its post-its and a form to add one in
//! the session's prompt form. A participant changes and removes only their own post-its; a
//! facilitator who runs the session sees every post-it and can hide one. Post-its are checked
//! for identifying details as stories are: the writer is warned and may still place it.
//!
//! Every action is a form POST that comes back to the board; `board.js` follows the table's
//! event stream so that changes by others appear without reloading.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_facilitation::postit::{self, PostitError};
use vertelpunt_facilitation::session::{PromptForm, SessionStatus};
use vertelpunt_model::Lang;
use vertelpunt_store::sense_making::{self, item_kind, PostitRow, SessionRow, TableRow};
use vertelpunt_store::{cards, stories};

use super::access::{board_page, board_viewer, Viewer};
use super::plan::{short_id, SessionView};
use crate::support::auth::csrf_ok;
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::{field, RawForm};
use crate::support::i18n::lang_param;
use crate::support::pages;
use crate::support::state::AppState;
use crate::support::token::unix_now;

const ITEM: &str = "item";
const CATEGORY: &str = "categorie";
const TEXT: &str = "tekst";
const SO_THAT: &str = "zodat";
const CONFIRM: &str = "bevestig";
/// A participant's board form is valid for a day.
const FORM_MAX_AGE: i64 = 24 * 3600;

/// A card or experience on the board.
#[derive(Debug, Serialize)]
struct ItemView {
    /// `kaart:ID` or `verhaal:ID`: what a post-it is about.
    key: String,
    anchor: String,
    is_card: bool,
    title: String,
    /// A card's two interpretations; an experience's text.
    lines: Vec<String>,
    quotes: Vec<String>,
    /// A card's figures (its chart, statistics and groups, small groups withheld), as HTML
    /// rendered (and escaped) by `cards/figures.html`.
    figures: Option<String>,
    /// Marks a card made with demo stories.
    demo_note: Option<String>,
    postits: Vec<PostitView>,
}

/// A post-it as this viewer sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PostitView {
    pub id: String,
    pub category: String,
    pub category_code: String,
    pub text: String,
    pub so_that: Option<String>,
    pub mine: bool,
    pub hidden: bool,
    pub flagged: bool,
}

/// What the board shows of a post-it to `viewer`, or nothing: a hidden post-it is seen by the
/// facilitators and by its writer only, and so is every post-it while the session's writing is
/// private (`private`) and not yet revealed.
pub fn postit_for(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    private: bool,
    p: &PostitRow,
) -> Option<PostitView> {
    let mine =
        viewer.participant_id().is_some() && p.participant_id.as_deref() == viewer.participant_id();
    if p.deleted_at.is_some() || ((p.hidden || private) && !mine && !viewer.runs()) {
        return None;
    }
    Some(PostitView {
        id: p.id.clone(),
        category: state
            .locales
            .text(lang, &format!("sessions.category_{}", p.category))
            .to_string(),
        category_code: p.category.clone(),
        text: p.text.clone(),
        so_that: p.so_that.clone(),
        mine: mine || (viewer.runs() && p.participant_id.is_none()),
        hidden: p.hidden,
        flagged: p.flagged && viewer.runs(),
    })
}

/// What a viewer typed that is shown again (with a warning or a problem).
#[derive(Debug, Default, Serialize)]
pub(super) struct Typed {
    item: String,
    category: String,
    text: String,
    so_that: String,
    problem: Option<String>,
    warning: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let query = RawForm::parse(req.query_string().as_bytes());
    let (lang, viewer, session, table) = board_page(&state, &req, &query, &id, &table).await?;
    render(
        &state,
        lang,
        &viewer,
        &session,
        &table,
        Typed::default(),
        StatusCode::OK,
    )
    .await
}

/// A card or experience of a table's deck as shown: the item, its title, its lines (a card's
/// interpretations, an experience's text), a card's quotes and the card itself. Cards that are
/// no longer published and experiences that are withdrawn or not cleared are left out.
pub(super) type DeckEntry = (
    sense_making::ItemRow,
    String,
    Vec<String>,
    Vec<String>,
    Option<DeckCard>,
);

/// A card of a deck, and the line that marks it as made with demo stories (if it was).
pub(super) struct DeckCard {
    pub(super) row: cards::CardRow,
    pub(super) demo_note: Option<String>,
}

/// The deck of a table, in order, as it may be shown.
pub(super) fn load_deck(
    conn: &mut vertelpunt_store::DbConnection,
    table_id: &str,
    locales: &crate::support::i18n::Locales,
    lang: Lang,
) -> vertelpunt_store::StoreResult<Vec<DeckEntry>> {
    let items = sense_making::items(conn, table_id)?;
    let mut shown = Vec::new();
    for item in items {
        if item.kind == item_kind::CARD {
            let card = cards::get(conn, &item.ref_id)?;
            if !card.row.is_published() {
                continue;
            }
            let quotes: Vec<String> = card
                .stories
                .iter()
                .filter(|s| s.story().readable())
                .map(|s| s.quote.clone())
                .collect();
            shown.push((
                item,
                card.row.observation.clone(),
                vec![
                    card.row.interpretation_a.clone(),
                    card.row.interpretation_b.clone(),
                ],
                quotes,
                Some(DeckCard {
                    demo_note: crate::support::pages::demo_note(
                        locales,
                        lang,
                        card.run_synthetic,
                        card.run_stories,
                    ),
                    row: card.row,
                }),
            ));
        } else if item.kind == item_kind::PROPOSAL {
            let Some(p) = vertelpunt_store::follow_up::proposal(conn, &item.ref_id)? else {
                continue;
            };
            let latest = vertelpunt_store::follow_up::updates(conn, &p.id)?
                .into_iter()
                .rfind(|u| {
                    u.kind == vertelpunt_store::follow_up::update_kind::PROGRESS && !u.flagged
                });
            let (title, lines) = super::follow_up::earlier_card(locales, lang, &p, latest.as_ref());
            shown.push((item, title, lines, Vec::new(), None));
        } else {
            let story = stories::get(conn, &item.ref_id)?;
            let readable = story.withdrawn_at.is_none()
                && (story.review_status == stories::review::NOT_NEEDED
                    || story.review_status == stories::review::CLEARED);
            if !readable {
                continue;
            }
            let title = story.title.clone().unwrap_or_default();
            shown.push((item, title, vec![story.body.clone()], Vec::new(), None));
        }
    }
    Ok(shown)
}

pub(super) async fn render(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    session: &SessionRow,
    table: &TableRow,
    typed: Typed,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let tid = table.id.clone();
    let sid = session.id.clone();
    let participant = viewer.participant_id().map(str::to_string);
    let locales = state.locales.clone();
    let loaded = pages::stored(state, lang, move |conn| {
        let seq = sense_making::latest_seq(conn)?;
        let shown = load_deck(conn, &tid, &locales, lang)?;
        // The event number was read first: a change made while the page is read is then sent
        // again rather than missed (the board replaces a post-it it already shows).
        let postits = sense_making::postits_of_table(conn, &tid)?;
        let work = super::work::TableWork::load(conn, &sid, &tid, participant.as_deref())?;
        let steps = sense_making::steps(conn, &sid)?;
        Ok((shown, postits, seq, work, steps))
    })
    .await;
    let (shown, postits, seq, work, steps) = loaded?;
    let mut by_item: BTreeMap<String, Vec<PostitView>> = BTreeMap::new();
    for p in &postits {
        if let Some(view) = postit_for(state, lang, viewer, session.writing_hidden(), p) {
            by_item
                .entry(format!("{}:{}", p.item_kind, p.item_ref))
                .or_default()
                .push(view);
        }
    }
    let items: Vec<ItemView> = shown
        .into_iter()
        .map(|(item, title, lines, quotes, card)| {
            let key = format!("{}:{}", item.kind, item.ref_id);
            let demo_note = card.as_ref().and_then(|c| c.demo_note.clone());
            let figures =
                card.and_then(|card| card_figures(state, lang, session, table, &card.row));
            let is_card = item.kind == item_kind::CARD;
            let title = if is_card || item.kind == item_kind::PROPOSAL {
                title
            } else {
                let number = state.locales.format(
                    lang,
                    "sessions.experience_number",
                    &[("n", short_id(&item.ref_id))],
                );
                if title.is_empty() {
                    number
                } else {
                    format!("{number} · {title}")
                }
            };
            ItemView {
                anchor: format!("item-{}-{}", item.kind, short_id(&item.ref_id)),
                postits: by_item.remove(&key).unwrap_or_default(),
                key,
                is_card,
                title,
                lines,
                quotes,
                figures,
                demo_note,
            }
        })
        .collect();
    let prompt = PromptForm::parse(&session.prompt_form).unwrap_or(PromptForm::Categories);
    let writing = SessionStatus::parse(&session.status).is_some_and(SessionStatus::accepts_writing);
    let mut context = Context::new();
    context.insert("session", &SessionView::of(state, lang, session));
    context.insert("timer", &super::plan::timer_view(session, &steps));
    context.insert("message", &session.message);
    context.insert("table", &table.name);
    context.insert("items", &items);
    context.insert("disclaimer", crate::staff::cards::disclaimer().get(lang));
    if let (Some(title), Some(lines)) = (&table.figures_title, &table.figures) {
        let figures = vertelpunt_facilitation::figures::parse(lines).unwrap_or_default();
        let widths = vertelpunt_facilitation::figures::bar_widths(&figures);
        let rows: Vec<(String, String, u32)> = figures
            .into_iter()
            .zip(widths)
            .map(|(f, w)| (f.label, f.typed, w))
            .collect();
        context.insert("figures_title", title);
        context.insert("figures_source", &table.figures_source);
        context.insert("figures", &rows);
    }
    context.insert(
        "categories",
        &prompt
            .categories()
            .iter()
            .map(|c| {
                (
                    c.code(),
                    state
                        .locales
                        .text(lang, &format!("sessions.category_{}", c.code()))
                        .to_string(),
                )
            })
            .collect::<Vec<_>>(),
    );
    context.insert("writing", &writing);
    context.insert("runs", &viewer.runs());
    context.insert("participant", &viewer.participant_id().is_some());
    // At the end of the session, participants evaluate it on their phone.
    let evaluating = viewer.participant_id().is_some()
        && matches!(
            SessionStatus::parse(&session.status),
            Some(SessionStatus::Running | SessionStatus::Closed)
        );
    context.insert(
        "evaluation_href",
        &evaluating.then(|| format!("/sessie/{}/evaluatie?lang={}", session.id, lang.code())),
    );
    context.insert("typed", &typed);
    let base = format!("/sessie/{}/tafel/{}", session.id, table.id);
    context.insert("base", &base);
    // The board follows the changes after the ones it shows.
    context.insert(
        "stream",
        &format!("{base}/stroom?lang={}&na={seq}", lang.code()),
    );
    context.insert("csrf", &form_token(state, viewer));
    context.insert("private", &session.writing_hidden());
    work.insert(
        state,
        lang,
        viewer,
        session.writing_hidden(),
        &postits,
        &mut context,
    );
    Ok(pages::page(
        state,
        status,
        "sessions/board.html",
        lang,
        context,
    ))
}

/// The token a viewer's board forms carry: the staff session's CSRF token, or one signed for
/// the participant.
fn form_token(state: &AppState, viewer: &Viewer) -> String {
    match viewer {
        Viewer::Staff(staff, _) => staff.csrf_token.clone(),
        Viewer::Participant(p) => state.tokens.sign("board", &p.id, unix_now()),
    }
}

fn token_ok(state: &AppState, viewer: &Viewer, form: &RawForm) -> bool {
    let sent = form.get(field::CSRF);
    match viewer {
        Viewer::Staff(staff, _) => csrf_ok(staff, sent),
        Viewer::Participant(p) => state
            .tokens
            .verify(sent.unwrap_or(""), "board", &p.id, unix_now(), FORM_MAX_AGE)
            .is_ok(),
    }
}

/// The start of every board action: the form, its language, who sends it, the session and the
/// table; or the page to give instead (not allowed, forged, or the session takes no writing).
pub(super) async fn action(
    state: &AppState,
    req: &HttpRequest,
    body: &[u8],
    id: &str,
    table: &str,
) -> Result<(RawForm, Lang, Viewer, SessionRow, TableRow), crate::support::error::PageError> {
    let form = RawForm::parse(body);
    let lang = lang_param(form.get(field::LANG));
    let (viewer, session, table) = board_viewer(state, req, lang, id, table).await?;
    if !token_ok(state, &viewer, &form) {
        return Err(crate::support::auth::csrf_refused(state, lang).into());
    }
    if matches!(viewer, Viewer::Staff(_, super::access::StaffAccess::Read)) {
        return Err(forbidden(state, lang).into());
    }
    if !SessionStatus::parse(&session.status).is_some_and(SessionStatus::accepts_writing) {
        return Err(pages::error_page(
            state,
            StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "sessions.not_writing",
        )
        .into());
    }
    Ok((form, lang, viewer, session, table))
}

pub(super) fn forbidden(state: &AppState, lang: Lang) -> HttpResponse {
    pages::error_page(
        state,
        StatusCode::FORBIDDEN,
        lang,
        "common.error_title",
        "sessions.not_yours",
    )
}

pub(super) fn back_to_board(
    session: &SessionRow,
    table: &TableRow,
    lang: Lang,
    anchor: &str,
) -> HttpResponse {
    see_other(&format!(
        "/sessie/{}/tafel/{}?lang={}#{anchor}",
        session.id,
        table.id,
        lang.code()
    ))
}

pub async fn add(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let (form, lang, viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let mut typed = Typed {
        item: form.trimmed(ITEM).to_string(),
        category: form.trimmed(CATEGORY).to_string(),
        text: form.get(TEXT).unwrap_or("").to_string(),
        so_that: form.get(SO_THAT).unwrap_or("").to_string(),
        ..Typed::default()
    };
    let tid = table.id.clone();
    let items = pages::stored(&state, lang, move |conn| sense_making::items(conn, &tid)).await?;
    let Some(item) = items
        .iter()
        .find(|i| format!("{}:{}", i.kind, i.ref_id) == typed.item)
        .cloned()
    else {
        return Err(PageError::not_found(&state, lang));
    };
    let prompt = PromptForm::parse(&session.prompt_form).unwrap_or(PromptForm::Categories);
    let checked = match postit::check(prompt, &typed.category, &typed.text, &typed.so_that) {
        Ok(checked) => checked,
        Err(e) => {
            let message = postit_problem(&state, lang, &e);
            typed.problem = Some(message);
            return render(
                &state,
                lang,
                &viewer,
                &session,
                &table,
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if !checked.identifying.is_empty() && !form.ticked(CONFIRM) {
        typed.warning = Some(crate::public::vertelpunt::story::identifying_notice(
            &state,
            lang,
            &checked.identifying,
        ));
        return render(
            &state,
            lang,
            &viewer,
            &session,
            &table,
            typed,
            StatusCode::OK,
        )
        .await;
    }
    let now = vertelpunt_store::now();
    let row = PostitRow {
        id: vertelpunt_store::new_id(),
        session_id: session.id.clone(),
        table_id: table.id.clone(),
        item_kind: item.kind.clone(),
        item_ref: item.ref_id.clone(),
        participant_id: viewer.participant_id().map(str::to_string),
        written_by: match &viewer {
            Viewer::Staff(staff, _) => Some(staff.user.id.clone()),
            Viewer::Participant(_) => None,
        },
        category: checked.category.code().to_string(),
        text: checked.text,
        so_that: checked.so_that,
        flagged: !checked.identifying.is_empty(),
        hidden: false,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        cluster_id: None,
    };
    pages::stored(&state, lang, move |conn| {
        sense_making::add_postit(conn, &row)
    })
    .await?;
    state.session_hub.wake();
    Ok(back_to_board(
        &session,
        &table,
        lang,
        &format!("item-{}-{}", item.kind, short_id(&item.ref_id)),
    ))
}

/// The post-it of the URL, if it is on this table and the viewer may change it: their own, or
/// one a facilitator typed in (for those who run the session).
async fn own_postit(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    table: &TableRow,
    postit_id: &str,
) -> Result<PostitRow, crate::support::error::PageError> {
    let pid = postit_id.to_string();
    let found = pages::stored(state, lang, move |conn| sense_making::postit(conn, &pid)).await?;
    let Some(p) = found.filter(|p| p.table_id == table.id && p.deleted_at.is_none()) else {
        return Err(pages::not_found(state, lang).into());
    };
    let mine = match viewer {
        Viewer::Participant(me) => p.participant_id.as_deref() == Some(me.id.as_str()),
        Viewer::Staff(..) => viewer.runs() && p.participant_id.is_none(),
    };
    if !mine {
        return Err(forbidden(state, lang).into());
    }
    Ok(p)
}

pub async fn change(
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table, postit_id) = path.into_inner();
    let (form, lang, viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let p = own_postit(&state, lang, &viewer, &table, &postit_id).await?;
    let prompt = PromptForm::parse(&session.prompt_form).unwrap_or(PromptForm::Categories);
    let text = form.get(TEXT).unwrap_or("").to_string();
    let so_that = form.get(SO_THAT).unwrap_or("").to_string();
    let checked = match postit::check(prompt, &p.category, &text, &so_that) {
        Ok(checked) => checked,
        Err(e) => {
            let typed = Typed {
                item: format!("{}:{}", p.item_kind, p.item_ref),
                category: p.category.clone(),
                text,
                so_that,
                problem: Some(state.locales.format(
                    lang,
                    &format!("sessions.{}", e.key()),
                    &[("max", postit::MAX_CHARS.to_string()), ("n", String::new())],
                )),
                warning: None,
            };
            return render(
                &state,
                lang,
                &viewer,
                &session,
                &table,
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let flagged = !checked.identifying.is_empty();
    let anchor = format!("item-{}-{}", p.item_kind, short_id(&p.item_ref));
    pages::stored(&state, lang, move |conn| {
        sense_making::change_postit(conn, &p, &checked.text, checked.so_that.as_deref(), flagged)
    })
    .await?;
    state.session_hub.wake();
    Ok(back_to_board(&session, &table, lang, &anchor))
}

pub async fn remove(
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table, postit_id) = path.into_inner();
    let (_form, lang, viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let p = own_postit(&state, lang, &viewer, &table, &postit_id).await?;
    let anchor = format!("item-{}-{}", p.item_kind, short_id(&p.item_ref));
    pages::stored(&state, lang, move |conn| {
        sense_making::remove_postit(conn, &p)
    })
    .await?;
    state.session_hub.wake();
    Ok(back_to_board(&session, &table, lang, &anchor))
}

pub async fn hide(
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table, postit_id) = path.into_inner();
    let (form, lang, viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    if !viewer.runs() {
        return Ok(forbidden(&state, lang));
    }
    let pid = postit_id.clone();
    let found = pages::stored(&state, lang, move |conn| sense_making::postit(conn, &pid)).await?;
    let Some(p) = found.filter(|p| p.table_id == table.id && p.deleted_at.is_none()) else {
        return Err(PageError::not_found(&state, lang));
    };
    let hidden = form.trimmed("verborgen") == "1";
    let anchor = format!("item-{}-{}", p.item_kind, short_id(&p.item_ref));
    pages::stored(&state, lang, move |conn| {
        sense_making::set_hidden(conn, &p, hidden)
    })
    .await?;
    state.session_hub.wake();
    Ok(back_to_board(&session, &table, lang, &anchor))
}

/// A card's figures for the board, rendered by the card page's own partial; the chart only when
/// it may be shown to anyone (no group or cell of 1–4 stories drawn).
pub(super) fn card_figures(
    state: &AppState,
    lang: Lang,
    session: &SessionRow,
    table: &TableRow,
    card: &vertelpunt_store::cards::CardRow,
) -> Option<String> {
    let pattern = crate::staff::cards::pattern_of(card).ok()?;
    let chart = card
        .chart
        .as_ref()
        .filter(|_| crate::staff::cards::figures::chart_shareable(&pattern))
        .map(|_| {
            format!(
                "/sessie/{}/tafel/{}/kaart/{}/grafiek",
                session.id, table.id, card.id
            )
        });
    let mut context = Context::new();
    crate::staff::cards::insert_figures(state, lang, &pattern, chart, &mut context);
    context.insert("lang", lang.code());
    context.insert("m", state.locales.tree(lang));
    context.insert("id_prefix", &format!("kaart-{}-", short_id(&card.id)));
    match state.tera.render("cards/figures.html", &context) {
        Ok(html) => Some(html),
        Err(e) => {
            tracing::error!("card figures on a board: {e:?}");
            None
        }
    }
}

/// The chart of a card on a table's deck, for whoever may see that table's board.
pub async fn card_chart(
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let (id, table, card_id) = path.into_inner();
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = lang_param(query.get(field::LANG));
    let (_viewer, _session, table) = board_viewer(&state, &req, lang, &id, &table).await?;
    let tid = table.id.clone();
    let found = pages::stored(&state, lang, move |conn| {
        let on_table = sense_making::items(conn, &tid)?
            .iter()
            .any(|i| i.kind == item_kind::CARD && i.ref_id == card_id);
        if !on_table {
            return Ok(None);
        }
        let card = cards::get(conn, &card_id)?.row;
        let svg = match &card.chart {
            Some(name) => vertelpunt_store::pattern_runs::chart(conn, &card.run_id, name)?,
            None => None,
        };
        Ok(Some((card, svg)))
    })
    .await?;
    let shareable = |card: &vertelpunt_store::cards::CardRow| {
        card.is_published()
            && crate::staff::cards::pattern_of(card)
                .is_ok_and(|p| crate::staff::cards::figures::chart_shareable(&p))
    };
    Ok(match found {
        Some((card, Some(svg))) if shareable(&card) => HttpResponse::Ok()
            .content_type("image/svg+xml; charset=utf-8")
            .insert_header(("Cache-Control", "private, max-age=3600"))
            .body(svg),
        _ => pages::not_found(&state, lang),
    })
}

/// What is wrong with a post-it, in the writer's language.
pub(super) fn postit_problem(state: &AppState, lang: Lang, error: &PostitError) -> String {
    match error {
        PostitError::TooLong { chars } => state.locales.format(
            lang,
            "sessions.postit_too_long",
            &[
                ("n", chars.to_string()),
                ("max", postit::MAX_CHARS.to_string()),
            ],
        ),
        other => state
            .locales
            .text(lang, &format!("sessions.{}", other.key()))
            .to_string(),
    }
}
