//! What a session leaves behind: its report (`/sessies/{id}/verslag`, also as Markdown and as a
//! printable page), the read-only link to it that the facilitator shares with participants
//! (`/verslag/{token}`), and the participants' evaluation on their phone at the end
//! (`/sessie/{id}/evaluatie`).
//!
//! The report holds the goal, date, participants per perspective (the small-group rule applies:
//! a perspective with 1–4 participants is not counted, nor derivable from the total), the cards
//! and experiences per table with their post-its per category, the clusters with their post-its
//! and dots, the proposals with their owners, and the evaluation (means only from 5 answers).
//! Hidden and removed post-its are never in it; the shared report also leaves out post-its and
//! remarks that may hold identifying details.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_facilitation::session::{Category, Perspective, SessionStatus};
use vertelpunt_model::disclosure;
use vertelpunt_model::identifying::find_identifying;
use vertelpunt_model::Lang;
use vertelpunt_store::follow_up::{self, EvaluationRow};
use vertelpunt_store::sense_making::{self, item_kind, SessionRow};
use vertelpunt_store::{DbConnection, StoreResult};

use super::access::{participant, staff_session, StaffAccess};
use super::plan::{short_id, SessionView};
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::{field, RawForm};
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;
use crate::support::token::unix_now;

/// The evaluation's questions on a scale of 1 to 5 (form field and locale key), in order.
pub const SCALE_QUESTIONS: [&str; 3] = ["useful", "heard", "follow_up"];
/// The longest open answer of the evaluation, in characters.
const MAX_REMARK: usize = 1_000;

/// A card or experience of a table with its post-its per category.
#[derive(Debug, Serialize)]
struct ReportItem {
    title: String,
    demo_note: Option<String>,
    is_card: bool,
    categories: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Serialize)]
struct ReportCluster {
    name: String,
    postits: Vec<String>,
    dots: Option<i64>,
}

#[derive(Debug, Serialize)]
struct ReportProposal {
    title: String,
    we_should: String,
    so_that: String,
    first_actions: String,
    owner: String,
    status: String,
    first_date: String,
}

#[derive(Debug, Serialize)]
struct ReportTable {
    name: String,
    items: Vec<ReportItem>,
    clusters: Vec<ReportCluster>,
    proposals: Vec<ReportProposal>,
}

#[derive(Debug, Serialize)]
struct ScaleSummary {
    question: String,
    /// The mean, with one decimal, when at least 5 answered.
    mean: Option<String>,
    /// The answers per value 1–5, each withheld when small.
    counts: Vec<Option<i64>>,
}

#[derive(Debug, Serialize)]
struct EvaluationSummary {
    /// How many answered, withheld when small.
    answered: Option<i64>,
    scales: Vec<ScaleSummary>,
    remarks: Vec<String>,
}

/// Everything of a session that its report shows.
#[derive(Debug, Serialize)]
struct Report {
    participants: Option<i64>,
    perspectives: Vec<(String, Option<i64>)>,
    tables: Vec<ReportTable>,
    evaluation: EvaluationSummary,
}

/// The rows a report is made of, read in one go.
struct Loaded {
    tables: Vec<(
        sense_making::TableRow,
        Vec<super::board::DeckEntry>,
        Vec<sense_making::PostitRow>,
        super::work::TableWork,
    )>,
    participants: Vec<sense_making::ParticipantRow>,
    evaluations: Vec<EvaluationRow>,
}

fn load(
    conn: &mut DbConnection,
    session_id: &str,
    locales: &crate::support::i18n::Locales,
    lang: Lang,
) -> StoreResult<Loaded> {
    let mut tables = Vec::new();
    for table in sense_making::tables(conn, session_id)? {
        let deck = super::board::load_deck(conn, &table.id, locales, lang)?;
        let postits = sense_making::postits_of_table(conn, &table.id)?;
        let work = super::work::TableWork::load(conn, session_id, &table.id, None)?;
        tables.push((table, deck, postits, work));
    }
    Ok(Loaded {
        tables,
        participants: sense_making::participants(conn, session_id)?,
        evaluations: follow_up::evaluations(conn, session_id)?,
    })
}

fn postit_text(state: &AppState, lang: Lang, p: &sense_making::PostitRow) -> String {
    match p.so_that.as_deref().filter(|s| !s.is_empty()) {
        Some(so_that) => format!(
            "{}, {} {so_that}",
            p.text,
            state.locales.text(lang, "sessions.so_that_word")
        ),
        None => p.text.clone(),
    }
}

fn build(state: &AppState, lang: Lang, loaded: &Loaded, shared: bool) -> Report {
    let text = |key: &str| state.locales.text(lang, key).to_string();
    let present: Vec<&sense_making::ParticipantRow> = loaded
        .participants
        .iter()
        .filter(|p| p.removed_at.is_none())
        .collect();
    let per_perspective: Vec<i64> = Perspective::ALL
        .iter()
        .map(|v| present.iter().filter(|p| p.perspective == v.code()).count() as i64)
        .collect();
    let shown_counts = disclosure::counts(&per_perspective);
    let perspectives = Perspective::ALL
        .iter()
        .zip(shown_counts)
        .zip(&per_perspective)
        .filter(|(_, &n)| n > 0)
        .map(|((v, shown), _)| (text(&format!("sessions.perspective_{}", v.code())), shown))
        .collect();
    let tables = loaded
        .tables
        .iter()
        .map(|(table, deck, postits, work)| {
            let visible: Vec<&sense_making::PostitRow> = postits
                .iter()
                .filter(|p| p.deleted_at.is_none() && !p.hidden && !(shared && p.flagged))
                .collect();
            let items = deck
                .iter()
                .map(|(item, title, _, _, card)| {
                    let is_card = item.kind == item_kind::CARD;
                    let title = if is_card || item.kind == item_kind::PROPOSAL {
                        title.clone()
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
                    let categories = Category::ALL
                        .iter()
                        .map(|c| {
                            (
                                text(&format!("sessions.category_{}", c.code())),
                                visible
                                    .iter()
                                    .filter(|p| {
                                        p.item_kind == item.kind
                                            && p.item_ref == item.ref_id
                                            && p.category == c.code()
                                    })
                                    .map(|p| postit_text(state, lang, p))
                                    .collect::<Vec<_>>(),
                            )
                        })
                        .filter(|(_, texts)| !texts.is_empty())
                        .collect();
                    ReportItem {
                        title,
                        demo_note: card.as_ref().and_then(|c| c.demo_note.clone()),
                        is_card,
                        categories,
                    }
                })
                .collect();
            let clusters = work
                .clusters
                .iter()
                .map(|c| ReportCluster {
                    name: c.name.clone(),
                    postits: visible
                        .iter()
                        .filter(|p| p.cluster_id.as_deref() == Some(c.id.as_str()))
                        .map(|p| postit_text(state, lang, p))
                        .collect(),
                    dots: work.totals.get(&c.id).copied(),
                })
                .collect();
            let proposals = work
                .proposals
                .iter()
                .map(|p| ReportProposal {
                    title: p.title.clone(),
                    we_should: p.we_should.clone(),
                    so_that: p.so_that.clone(),
                    first_actions: p.first_actions.clone(),
                    owner: Some(super::follow_up::owner_of(p))
                        .filter(|o| !o.is_empty())
                        .unwrap_or_else(|| text("sessions.no_owner")),
                    status: text(&format!("sessions.proposal_status_{}", p.status)),
                    first_date: p.first_date.clone().unwrap_or_default(),
                })
                .collect();
            ReportTable {
                name: table.name.clone(),
                items,
                clusters,
                proposals,
            }
        })
        .collect();
    Report {
        participants: disclosure::count(present.len() as i64),
        perspectives,
        tables,
        evaluation: summary(state, lang, &loaded.evaluations, shared),
    }
}

fn summary(
    state: &AppState,
    lang: Lang,
    evaluations: &[EvaluationRow],
    shared: bool,
) -> EvaluationSummary {
    let scales = SCALE_QUESTIONS
        .iter()
        .map(|q| {
            let values: Vec<i32> = evaluations
                .iter()
                .filter_map(|e| match *q {
                    "useful" => e.useful,
                    "heard" => e.heard,
                    _ => e.follow_up,
                })
                .collect();
            let n = values.len() as i64;
            let mean =
                (n > 0).then(|| values.iter().map(|&v| f64::from(v)).sum::<f64>() / n as f64);
            let per_value: Vec<i64> = (1..=5)
                .map(|v| values.iter().filter(|&&x| x == v).count() as i64)
                .collect();
            ScaleSummary {
                question: state
                    .locales
                    .text(lang, &format!("sessions.evaluation_{q}"))
                    .to_string(),
                mean: disclosure::statistic(mean, n)
                    .map(|m| crate::support::i18n::decimal_comma(lang, format!("{m:.1}"))),
                counts: disclosure::distribution(&per_value, n),
            }
        })
        .collect();
    EvaluationSummary {
        answered: disclosure::count(evaluations.len() as i64),
        scales,
        remarks: evaluations
            .iter()
            .filter(|e| !e.remark.is_empty())
            .filter(|e| !(shared && e.flagged))
            .map(|e| e.remark.clone())
            .collect(),
    }
}

async fn report_context(
    state: &AppState,
    lang: Lang,
    session: &SessionRow,
    shared: bool,
    context: &mut Context,
) -> Result<(), crate::support::error::PageError> {
    let sid = session.id.clone();
    let locales = state.locales.clone();
    let loaded = pages::stored(state, lang, move |conn| load(conn, &sid, &locales, lang)).await?;
    context.insert("session", &SessionView::of(state, lang, session));
    context.insert("report", &build(state, lang, &loaded, shared));
    context.insert("shared", &shared);
    context.insert("min_group", &disclosure::MIN_GROUP.to_string());
    Ok(())
}

/// The report, for staff who may see the session (with the sharing controls for who runs it).
pub async fn show(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, access) = staff_session(&state, lang, &staff, &id).await?;
    render_staff(&state, &staff, lang, &session, access, &query, None).await
}

async fn render_staff(
    state: &AppState,
    staff: &vertelpunt_store::sessions::StaffSession,
    lang: Lang,
    session: &SessionRow,
    access: StaffAccess,
    query: &RawForm,
    new_link: Option<String>,
) -> Result<HttpResponse, PageError> {
    let mut context = staff_context(state, staff, lang, Context::new());
    report_context(state, lang, session, false, &mut context).await?;
    let sid = session.id.clone();
    let is_shared = pages::stored(state, lang, move |conn| {
        follow_up::report_shared(conn, &sid)
    })
    .await?;
    context.insert("runs", &(access == StaffAccess::Run));
    context.insert("is_shared", &is_shared);
    context.insert("new_link", &new_link);
    context.insert("done", &query.get("klaar").is_some());
    context.insert(
        "console",
        &format!("/sessies/{}?lang={}", session.id, lang.code()),
    );
    Ok(pages::page(
        state,
        StatusCode::OK,
        "sessions/report.html",
        lang,
        context,
    ))
}

/// The report as Markdown, to paste into minutes or a newsletter.
pub async fn markdown(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, _) = staff_session(&state, lang, &staff, &id).await?;
    let mut context = Context::new();
    report_context(&state, lang, &session, false, &mut context).await?;
    context.insert("lang", lang.code());
    context.insert("m", state.locales.tree(lang));
    Ok(match state.tera.render("sessions/report.md", &context) {
        Ok(text) => HttpResponse::Ok()
            .content_type("text/markdown; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"))
            .insert_header((
                "Content-Disposition",
                format!(
                    "attachment; filename=\"verslag-{}.md\"",
                    session.starts_at.format("%Y-%m-%d")
                ),
            ))
            .body(text),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

/// Shares the report with participants: a new read-only link (an earlier one stops working),
/// shown once.
pub async fn share(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    StaffForm {
        form,
        lang,
        session: staff,
        ..
    }: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, access) = staff_session(&state, lang, &staff, &id).await?;
    if access != StaffAccess::Run {
        return Ok(super::access::not_running(&state, lang));
    }
    let sid = session.id.clone();
    let token = pages::stored(&state, lang, move |conn| {
        follow_up::share_report(conn, &sid)
    })
    .await?;
    let link = format!(
        "{}/verslag/{token}?lang={}",
        crate::support::client::origin(&req, state.options.trust_forwarded_for),
        lang.code()
    );
    render_staff(&state, &staff, lang, &session, access, &form, Some(link)).await
}

pub async fn unshare(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffForm {
        form: _form,
        lang,
        session: staff,
        ..
    }: StaffForm<can::ViewSessions>,
) -> Result<HttpResponse, PageError> {
    let (session, access) = staff_session(&state, lang, &staff, &id).await?;
    if access != StaffAccess::Run {
        return Ok(super::access::not_running(&state, lang));
    }
    let sid = session.id.clone();
    pages::stored(&state, lang, move |conn| {
        follow_up::unshare_report(conn, &sid)
    })
    .await?;
    Ok(see_other(&format!(
        "/sessies/{}/verslag?lang={}&klaar=1",
        session.id,
        lang.code()
    )))
}

/// The shared report, read-only, for whoever has the link.
pub async fn shared_report(
    state: web::Data<AppState>,
    token: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = crate::support::i18n::lang_param(query.get(field::LANG));
    let token = token.into_inner();
    let found = pages::stored(&state, lang, move |conn| {
        follow_up::by_report_link(conn, &token)
    })
    .await?;
    let Some(session) = found else {
        return Ok(pages::error_page(
            &state,
            StatusCode::NOT_FOUND,
            lang,
            "sessions.link_gone_title",
            "sessions.report_gone",
        ));
    };
    let mut context = Context::new();
    report_context(&state, lang, &session, true, &mut context).await?;
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "sessions/report.html",
        lang,
        context,
    ))
}

/// What the evaluation form shows.
#[derive(Debug, Default, Serialize)]
struct EvaluationForm {
    values: BTreeMap<&'static str, i32>,
    remark: String,
    problem: Option<String>,
    warning: Option<String>,
    done: bool,
}

/// The participant of the URL's session (cookie), and the session; or the page instead.
async fn evaluating(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    id: &str,
) -> Result<(sense_making::ParticipantRow, SessionRow), crate::support::error::PageError> {
    let Some(me) = participant(state, req, id).await else {
        return Err(pages::error_page(
            state,
            StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "sessions.not_joined",
        )
        .into());
    };
    let sid = id.to_string();
    let session = pages::stored(state, lang, move |conn| sense_making::get(conn, &sid)).await?;
    if !matches!(
        SessionStatus::parse(&session.status),
        Some(SessionStatus::Running | SessionStatus::Closed)
    ) {
        return Err(pages::error_page(
            state,
            StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "sessions.evaluation_not_yet",
        )
        .into());
    }
    Ok((me, session))
}

fn render_evaluation(
    state: &AppState,
    lang: Lang,
    me: &sense_making::ParticipantRow,
    session: &SessionRow,
    form: EvaluationForm,
    status: StatusCode,
) -> HttpResponse {
    let mut context = Context::new();
    context.insert("session", &SessionView::of(state, lang, session));
    let questions: Vec<(&str, i32)> = SCALE_QUESTIONS
        .iter()
        .map(|q| (*q, form.values.get(q).copied().unwrap_or(0)))
        .collect();
    context.insert("questions", &questions);
    context.insert("form", &form);
    context.insert("csrf", &state.tokens.sign("evaluatie", &me.id, unix_now()));
    context.insert(
        "board",
        &me.table_id
            .as_ref()
            .map(|t| format!("/sessie/{}/tafel/{t}?lang={}", session.id, lang.code())),
    );
    pages::page(state, status, "sessions/evaluation.html", lang, context)
}

pub async fn evaluation_form(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let query = RawForm::parse(req.query_string().as_bytes());
    let lang = crate::support::i18n::lang_param(query.get(field::LANG));
    let (me, session) = evaluating(&state, &req, lang, &id).await?;
    let (sid, pid) = (session.id.clone(), me.id.clone());
    let earlier = pages::stored(&state, lang, move |conn| {
        follow_up::evaluation_of(conn, &sid, &pid)
    })
    .await?;
    let mut form = EvaluationForm {
        done: query.get("klaar").is_some(),
        ..EvaluationForm::default()
    };
    if let Some(e) = earlier {
        for (q, v) in SCALE_QUESTIONS.iter().zip([e.useful, e.heard, e.follow_up]) {
            if let Some(v) = v {
                form.values.insert(q, v);
            }
        }
        form.remark = e.remark;
    }
    Ok(render_evaluation(
        &state,
        lang,
        &me,
        &session,
        form,
        StatusCode::OK,
    ))
}

pub async fn evaluate(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let sent = RawForm::parse(&body);
    let lang = crate::support::i18n::lang_param(sent.get(field::LANG));
    let (me, session) = evaluating(&state, &req, lang, &id).await?;
    if state
        .tokens
        .verify(
            sent.get(field::CSRF).unwrap_or(""),
            "evaluatie",
            &me.id,
            unix_now(),
            24 * 3600,
        )
        .is_err()
    {
        return Ok(pages::error_page(
            &state,
            StatusCode::FORBIDDEN,
            lang,
            "common.error_title",
            "sessions.form_expired",
        ));
    }
    let mut form = EvaluationForm {
        remark: sent
            .get("opmerking")
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .collect::<String>()
            .trim()
            .to_string(),
        ..EvaluationForm::default()
    };
    for q in SCALE_QUESTIONS {
        match sent.trimmed(q) {
            "" => {}
            v => match v.parse::<i32>() {
                Ok(v) if (1..=5).contains(&v) => {
                    form.values.insert(q, v);
                }
                _ => {
                    form.problem =
                        Some(state.locales.text(lang, "sessions.evaluation_scale").into())
                }
            },
        }
    }
    if form.remark.chars().count() > MAX_REMARK {
        form.problem = Some(state.locales.format(
            lang,
            "sessions.note_too_long",
            &[("max", MAX_REMARK.to_string())],
        ));
    }
    if form.values.is_empty() && form.remark.is_empty() && form.problem.is_none() {
        form.problem = Some(state.locales.text(lang, "sessions.evaluation_empty").into());
    }
    if form.problem.is_some() {
        return Ok(render_evaluation(
            &state,
            lang,
            &me,
            &session,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let kinds: Vec<_> = find_identifying(&form.remark)
        .iter()
        .map(|f| f.kind)
        .collect();
    if !kinds.is_empty() && !sent.ticked("bevestig_details") {
        form.warning = Some(crate::public::vertelpunt::story::identifying_notice(
            &state, lang, &kinds,
        ));
        return Ok(render_evaluation(
            &state,
            lang,
            &me,
            &session,
            form,
            StatusCode::OK,
        ));
    }
    let row = EvaluationRow {
        session_id: session.id.clone(),
        participant_id: me.id.clone(),
        useful: form.values.get("useful").copied(),
        heard: form.values.get("heard").copied(),
        follow_up: form.values.get("follow_up").copied(),
        remark: form.remark.clone(),
        flagged: !kinds.is_empty(),
        answered_at: vertelpunt_store::now(),
    };
    pages::stored(&state, lang, move |conn| {
        follow_up::save_evaluation(conn, &row)
    })
    .await?;
    Ok(see_other(&format!(
        "/sessie/{}/evaluatie?lang={}&klaar=1",
        session.id,
        lang.code()
    )))
}
