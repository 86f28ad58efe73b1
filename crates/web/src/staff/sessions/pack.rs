//! Paper, for sessions without Wi-Fi (and for everyone who prefers it): a printable pack per
//! table (`/sessies/{id}/tafels/{table}/pakket`) and a fast keyboard-only form to type in the
//! paper post-its afterwards (`/sessies/{id}/tafels/{table}/papier`), so the report is complete
//! either way.
//!
//! The pack holds a table sheet with the agenda, every card on exactly one A4 page (chart,
//! figures, interpretations, quotes), a post-it sheet per card with the prompt's categories and a
//! QR code that opens that card on the live board, and every experience on an A5 card with its
//! story number. The print stylesheet (`@media print` in `vertelpunt.css`) lays it out.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_facilitation::postit::{self, PostitError};
use vertelpunt_facilitation::session::PromptForm;
use vertelpunt_model::Lang;
use vertelpunt_store::sense_making::{self, item_kind, PostitRow, SessionRow, TableRow};
use vertelpunt_store::sessions::StaffSession;

use super::access::{staff_session, StaffAccess};
use super::plan::{qr_svg, short_id, SessionView};
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// A card of the pack.
#[derive(Debug, Serialize)]
struct PackCard {
    anchor: String,
    observation: String,
    figures: Option<String>,
    interpretations: Vec<String>,
    quotes: Vec<String>,
    demo_note: Option<String>,
    /// The QR code (SVG) that opens the card on the live board.
    qr: String,
    link: String,
}

/// An experience of the pack.
#[derive(Debug, Serialize)]
struct PackExperience {
    number: String,
    title: String,
    text: String,
}

/// The session and table of the URL, for staff who may see the session.
async fn table_of(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
    id: &str,
    table_id: &str,
) -> Result<(SessionRow, StaffAccess, TableRow), crate::support::error::PageError> {
    let (session, access) = staff_session(state, lang, staff, id).await?;
    let (sid, tid) = (session.id.clone(), table_id.to_string());
    let table = pages::stored(state, lang, move |conn| {
        Ok(sense_making::tables(conn, &sid)?
            .into_iter()
            .find(|t| t.id == tid))
    })
    .await?;
    match table {
        Some(table) => Ok((session, access, table)),
        None => Err(pages::not_found(state, lang).into()),
    }
}

fn categories(state: &AppState, lang: Lang, session: &SessionRow) -> Vec<(&'static str, String)> {
    PromptForm::parse(&session.prompt_form)
        .unwrap_or(PromptForm::Categories)
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
        .collect()
}

pub async fn pack(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (id, table_id) = path.into_inner();
    let (session, _, table) = table_of(&state, lang, &staff, &id, &table_id).await?;
    let (sid, tid) = (session.id.clone(), table.id.clone());
    let locales = state.locales.clone();
    let (deck, steps) = pages::stored(&state, lang, move |conn| {
        Ok((
            super::board::load_deck(conn, &tid, &locales, lang)?,
            sense_making::steps(conn, &sid)?,
        ))
    })
    .await?;
    let origin = crate::support::client::origin(&req, state.options.trust_forwarded_for);
    let board = format!("{origin}/sessie/{}/tafel/{}", session.id, table.id);
    let mut cards = Vec::new();
    let mut experiences = Vec::new();
    for (item, title, lines, quotes, card) in deck {
        match (item.kind.as_str(), card) {
            (item_kind::CARD, Some(card)) => {
                let anchor = format!("item-{}-{}", item.kind, short_id(&item.ref_id));
                let link = format!("{board}?lang={}#{anchor}", lang.code());
                cards.push(PackCard {
                    observation: title,
                    figures: super::board::card_figures(&state, lang, &session, &table, &card.row),
                    demo_note: card.demo_note,
                    interpretations: lines,
                    quotes,
                    qr: qr_svg(&link).unwrap_or_default(),
                    link,
                    anchor,
                });
            }
            _ => experiences.push(PackExperience {
                number: if item.kind == item_kind::PROPOSAL {
                    String::new()
                } else {
                    state.locales.format(
                        lang,
                        "sessions.experience_number",
                        &[("n", short_id(&item.ref_id))],
                    )
                },
                title,
                text: lines.join("\n"),
            }),
        }
    }
    let join_link = format!("{origin}/doe-mee/{}", session.join_code);
    let mut context = Context::new();
    context.insert("session", &SessionView::of(&state, lang, &session));
    context.insert("table", &table.name);
    context.insert(
        "steps",
        &steps
            .iter()
            .map(|s| (s.title.clone(), s.minutes))
            .collect::<Vec<_>>(),
    );
    context.insert("categories", &categories(&state, lang, &session));
    context.insert("cards", &cards);
    context.insert("experiences", &experiences);
    context.insert("join_link", &join_link);
    context.insert("join_qr", &qr_svg(&join_link).unwrap_or_default());
    context.insert("disclaimer", crate::staff::cards::disclaimer().get(lang));
    context.insert(
        "console",
        &format!("/sessies/{}?lang={}", session.id, lang.code()),
    );
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "sessions/pack.html",
        lang,
        context,
    ))
}

/// What the paper form shows again.
#[derive(Debug, Default, Serialize)]
struct Typed {
    item: String,
    category: String,
    text: String,
    so_that: String,
    problem: Option<String>,
}

async fn render_paper(
    state: &AppState,
    staff: &StaffSession,
    lang: Lang,
    (session, table): (&SessionRow, &TableRow),
    typed: Typed,
    entered: Option<usize>,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let tid = table.id.clone();
    let locales = state.locales.clone();
    let (deck, postits) = pages::stored(state, lang, move |conn| {
        Ok((
            super::board::load_deck(conn, &tid, &locales, lang)?,
            sense_making::postits_of_table(conn, &tid)?,
        ))
    })
    .await?;
    let items: Vec<(String, String)> = deck
        .iter()
        .map(|(item, title, _, _, _)| {
            let label = if item.kind == item_kind::STORY {
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
            } else {
                title.clone()
            };
            (format!("{}:{}", item.kind, item.ref_id), label)
        })
        .collect();
    // What was typed in from paper, newest first.
    let mut typed_in: Vec<(String, String, String)> = postits
        .iter()
        .filter(|p| p.participant_id.is_none() && p.deleted_at.is_none())
        .map(|p| {
            let item = items
                .iter()
                .find(|(key, _)| key == &format!("{}:{}", p.item_kind, p.item_ref))
                .map(|(_, label)| label.clone())
                .unwrap_or_default();
            (
                item,
                state
                    .locales
                    .text(lang, &format!("sessions.category_{}", p.category))
                    .to_string(),
                p.text.clone(),
            )
        })
        .collect();
    typed_in.reverse();
    let mut context = staff_context(state, staff, lang, Context::new());
    context.insert("session", &SessionView::of(state, lang, session));
    context.insert("table", &table.name);
    context.insert("table_id", &table.id);
    context.insert("items", &items);
    context.insert("categories", &categories(state, lang, session));
    context.insert(
        "with_so_that",
        &PromptForm::parse(&session.prompt_form).is_some_and(|f| {
            f.categories()
                .contains(&vertelpunt_facilitation::session::Category::Direction)
        }),
    );
    context.insert("typed", &typed);
    context.insert("typed_in", &typed_in);
    context.insert(
        "entered",
        &entered.map(|n| state.locales.count(lang, "sessions.paper_entered", n, &[])),
    );
    context.insert(
        "console",
        &format!("/sessies/{}?lang={}", session.id, lang.code()),
    );
    Ok(pages::page(
        state,
        status,
        "sessions/paper.html",
        lang,
        context,
    ))
}

/// The paper post-its form: item, category and text, Enter for the next.
pub async fn paper_form(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    StaffPage {
        query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (id, table_id) = path.into_inner();
    let (session, access, table) = table_of(&state, lang, &staff, &id, &table_id).await?;
    if access != StaffAccess::Run {
        return Ok(super::access::not_running(&state, lang));
    }
    // After an entry the form keeps the card and category, so the next post-it is one Enter away.
    let typed = Typed {
        item: query.trimmed("item").to_string(),
        category: query.trimmed("categorie").to_string(),
        ..Typed::default()
    };
    let entered = query.trimmed("ingevoerd").parse().ok();
    render_paper(
        &state,
        &staff,
        lang,
        (&session, &table),
        typed,
        entered,
        StatusCode::OK,
    )
    .await
}

pub async fn paper_add(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    StaffForm {
        form,
        lang,
        session: staff,
        ..
    }: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (id, table_id) = path.into_inner();
    let (session, access, table) = table_of(&state, lang, &staff, &id, &table_id).await?;
    if access != StaffAccess::Run {
        return Ok(super::access::not_running(&state, lang));
    }
    let typed = Typed {
        item: form.trimmed("item").to_string(),
        category: form.trimmed("categorie").to_string(),
        text: form.get("tekst").unwrap_or("").to_string(),
        so_that: form.get("zodat").unwrap_or("").to_string(),
        problem: None,
    };
    let prompt = PromptForm::parse(&session.prompt_form).unwrap_or(PromptForm::Categories);
    let checked = match postit::check(prompt, &typed.category, &typed.text, &typed.so_that) {
        Ok(checked) => checked,
        Err(e) => return refuse(&state, &staff, lang, &session, &table, typed, &e).await,
    };
    let (kind, ref_id) = typed.item.split_once(':').unwrap_or(("", ""));
    let (kind, ref_id) = (kind.to_string(), ref_id.to_string());
    let tid = table.id.clone();
    let on_table = {
        let (kind, ref_id) = (kind.clone(), ref_id.clone());
        pages::stored(&state, lang, move |conn| {
            Ok(sense_making::items(conn, &tid)?
                .iter()
                .any(|i| i.kind == kind && i.ref_id == ref_id))
        })
        .await?
    };
    if !on_table {
        let mut typed = typed;
        typed.problem = Some(
            state
                .locales
                .text(lang, "sessions.paper_choose_item")
                .into(),
        );
        return render_paper(
            &state,
            &staff,
            lang,
            (&session, &table),
            typed,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let now = vertelpunt_store::now();
    let row = PostitRow {
        id: vertelpunt_store::new_id(),
        session_id: session.id.clone(),
        table_id: table.id.clone(),
        item_kind: kind,
        item_ref: ref_id,
        participant_id: None,
        written_by: Some(staff.user.id.clone()),
        category: checked.category.code().to_string(),
        text: checked.text,
        so_that: checked.so_that,
        // Typed from paper: whatever may identify someone is marked, not asked about again.
        flagged: !checked.identifying.is_empty(),
        hidden: false,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        cluster_id: None,
    };
    let tid = table.id.clone();
    let count = pages::stored(&state, lang, move |conn| {
        sense_making::add_postit(conn, &row)?;
        Ok(sense_making::postits_of_table(conn, &tid)?
            .iter()
            .filter(|p| p.participant_id.is_none() && p.deleted_at.is_none())
            .count())
    })
    .await?;
    state.session_hub.wake();
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("lang", lang.code())
        .append_pair("item", &typed.item)
        .append_pair("categorie", &typed.category)
        .append_pair("ingevoerd", &count.to_string());
    Ok(see_other(&format!(
        "/sessies/{}/tafels/{}/papier?{}#tekst",
        session.id,
        table.id,
        query.finish()
    )))
}

async fn refuse(
    state: &AppState,
    staff: &StaffSession,
    lang: Lang,
    session: &SessionRow,
    table: &TableRow,
    mut typed: Typed,
    error: &PostitError,
) -> Result<HttpResponse, PageError> {
    typed.problem = Some(super::board::postit_problem(state, lang, error));
    render_paper(
        state,
        staff,
        lang,
        (session, table),
        typed,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
