//! A table's work after the first post-its: clusters, the dot vote, and improvement proposals
//! with their owner. All of it on the board page, each action a plain form (no dragging: post-its
//! are ticked and moved with a button), followed live like the post-its.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_facilitation::proposal::{self, ProposalStatus, ProposalText};
use vertelpunt_model::Lang;
use vertelpunt_store::sense_making::{
    self, ClusterRow, DotRefused, PostitRow, ProposalRow, VoteRow,
};
use vertelpunt_store::{DbConnection, StoreResult};

use super::access::{board_page, Viewer};
use super::board::{action, back_to_board, forbidden};
use super::plan::SessionView;
use crate::support::error::PageError;
use crate::support::forms::RawForm;
use crate::support::pages;
use crate::support::state::AppState;

/// The longest cluster name, in characters.
const MAX_CLUSTER_NAME: usize = 80;

/// What the board needs of clusters, the vote and proposals.
pub struct TableWork {
    pub(super) clusters: Vec<ClusterRow>,
    vote: Option<VoteRow>,
    my_dots: BTreeMap<String, i32>,
    /// Dots per cluster, once the vote has closed.
    pub(super) totals: BTreeMap<String, i64>,
    pub(super) proposals: Vec<ProposalRow>,
}

#[derive(Debug, Serialize)]
struct ClusterView {
    id: String,
    name: String,
    postits: Vec<String>,
    my_dots: i32,
    dots: Option<i64>,
}

#[derive(Debug, Serialize)]
struct ProposalView {
    id: String,
    title: String,
    we_should: String,
    so_that: String,
    first_actions: String,
    conditions: String,
    progress_sharing: String,
    first_date: String,
    owner: Option<String>,
    mine: bool,
    cluster: Option<String>,
    /// The post-its of the cluster it grew from.
    from_postits: Vec<String>,
    status: String,
}

impl TableWork {
    pub fn load(
        conn: &mut DbConnection,
        session_id: &str,
        table_id: &str,
        participant: Option<&str>,
    ) -> StoreResult<TableWork> {
        let clusters = sense_making::clusters_of_table(conn, table_id)?;
        let vote = sense_making::latest_vote(conn, session_id)?;
        let mut my_dots = BTreeMap::new();
        let mut totals = BTreeMap::new();
        if let Some(v) = &vote {
            if let Some(p) = participant {
                my_dots = sense_making::my_dots(conn, &v.id, p)?.into_iter().collect();
            }
            if v.closed_at.is_some() {
                totals = sense_making::vote_totals(conn, &v.id)?
                    .into_iter()
                    .collect();
            }
        }
        let proposals = sense_making::proposals_of_table(conn, table_id)?;
        Ok(TableWork {
            clusters,
            vote,
            my_dots,
            totals,
            proposals,
        })
    }

    /// Adds the clusters, the vote and the proposals to the board's context.
    pub fn insert(
        &self,
        state: &AppState,
        lang: Lang,
        viewer: &Viewer,
        private: bool,
        postits: &[PostitRow],
        context: &mut Context,
    ) {
        let visible: Vec<&PostitRow> = postits
            .iter()
            .filter(|p| super::board::postit_for(state, lang, viewer, private, p).is_some())
            .collect();
        let open_vote = self.vote.as_ref().filter(|v| v.closed_at.is_none());
        let mut clusters: Vec<ClusterView> = self
            .clusters
            .iter()
            .map(|c| ClusterView {
                id: c.id.clone(),
                name: c.name.clone(),
                postits: visible
                    .iter()
                    .filter(|p| p.cluster_id.as_deref() == Some(c.id.as_str()))
                    .map(|p| p.text.clone())
                    .collect(),
                my_dots: self.my_dots.get(&c.id).copied().unwrap_or(0),
                dots: (!self.totals.is_empty()
                    || self.vote.as_ref().is_some_and(|v| v.closed_at.is_some()))
                .then(|| self.totals.get(&c.id).copied().unwrap_or(0)),
            })
            .collect();
        if self.vote.as_ref().is_some_and(|v| v.closed_at.is_some()) {
            clusters.sort_by_key(|c| std::cmp::Reverse(c.dots));
        }
        let unclustered: Vec<(String, String)> = visible
            .iter()
            .map(|p| {
                let cluster = p
                    .cluster_id
                    .as_ref()
                    .and_then(|id| self.clusters.iter().find(|c| &c.id == id))
                    .map(|c| format!(" ({})", c.name))
                    .unwrap_or_default();
                (p.id.clone(), format!("{}{cluster}", p.text))
            })
            .collect();
        context.insert("clusters", &clusters);
        context.insert("cluster_postits", &unclustered);
        context.insert("vote_open", &open_vote.is_some());
        context.insert(
            "dots_left",
            &open_vote.map(|v| v.budget - self.my_dots.values().sum::<i32>()),
        );
        let names: BTreeMap<&str, &str> = self
            .clusters
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect();
        let proposals: Vec<ProposalView> = self
            .proposals
            .iter()
            .map(|p| ProposalView {
                id: p.id.clone(),
                title: p.title.clone(),
                we_should: p.we_should.clone(),
                so_that: p.so_that.clone(),
                first_actions: p.first_actions.clone(),
                conditions: p.conditions.clone(),
                progress_sharing: p.progress_sharing.clone(),
                first_date: p.first_date.clone().unwrap_or_default(),
                owner: p.owner_name.as_ref().map(|name| match &p.owner_role {
                    Some(role) if !role.is_empty() => format!("{name} ({role})"),
                    _ => name.clone(),
                }),
                mine: viewer.participant_id().is_some()
                    && p.owner_participant_id.as_deref() == viewer.participant_id(),
                cluster: p
                    .cluster_id
                    .as_deref()
                    .and_then(|c| names.get(c))
                    .map(|n| n.to_string()),
                from_postits: visible
                    .iter()
                    .filter(|v| v.cluster_id.is_some() && v.cluster_id == p.cluster_id)
                    .map(|v| v.text.clone())
                    .collect(),
                status: state
                    .locales
                    .text(lang, &format!("sessions.proposal_status_{}", p.status))
                    .to_string(),
            })
            .collect();
        context.insert("proposals", &proposals);
        let first_name = match viewer {
            Viewer::Participant(p) => p.first_name.clone().unwrap_or_default(),
            Viewer::Staff(..) => String::new(),
        };
        context.insert("my_name", &first_name);
    }
}

pub async fn add_cluster(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let (form, lang, _viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let name = form.trimmed("naam").to_string();
    if name.is_empty() || name.chars().count() > MAX_CLUSTER_NAME {
        return Ok(refused(&state, lang, "sessions.cluster_name"));
    }
    let row = ClusterRow {
        id: vertelpunt_store::new_id(),
        session_id: session.id.clone(),
        table_id: table.id.clone(),
        name,
        created_at: vertelpunt_store::now(),
    };
    pages::stored(&state, lang, move |conn| {
        sense_making::add_cluster(conn, &row)
    })
    .await?;
    state.session_hub.wake();
    Ok(back_to_board(&session, &table, lang, "clusters"))
}

fn refused(state: &AppState, lang: Lang, key: &str) -> HttpResponse {
    pages::error_page(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        lang,
        "common.error_title",
        key,
    )
}

pub async fn move_postits(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let (form, lang, _viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let chosen: Vec<String> = form.all("postit").into_iter().map(String::from).collect();
    if chosen.is_empty() {
        return Ok(refused(&state, lang, "sessions.none_ticked"));
    }
    let target = form.trimmed("cluster").to_string();
    let (sid, tid) = (session.id.clone(), table.id.clone());
    let moved = pages::stored(&state, lang, move |conn| {
        let clusters = sense_making::clusters_of_table(conn, &tid)?;
        let cluster = clusters
            .iter()
            .find(|c| c.id == target)
            .map(|c| c.id.as_str());
        if cluster.is_none() && !target.is_empty() {
            return Ok(None);
        }
        sense_making::move_to_cluster(conn, &sid, &tid, &chosen, cluster).map(Some)
    })
    .await?;
    if moved.is_none() {
        return Err(PageError::not_found(&state, lang));
    }
    state.session_hub.wake();
    Ok(back_to_board(&session, &table, lang, "clusters"))
}

pub async fn dot(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let (form, lang, viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let Viewer::Participant(me) = &viewer else {
        return Ok(forbidden(&state, lang));
    };
    let delta = if form.trimmed("richting") == "-1" {
        -1
    } else {
        1
    };
    let cluster = form.trimmed("cluster").to_string();
    let (sid, tid, pid) = (session.id.clone(), table.id.clone(), me.id.clone());
    let outcome = pages::stored(&state, lang, move |conn| {
        let Some(vote) = sense_making::latest_vote(conn, &sid)?.filter(|v| v.closed_at.is_none())
        else {
            return Ok(Err("sessions.no_vote"));
        };
        if !sense_making::clusters_of_table(conn, &tid)?
            .iter()
            .any(|c| c.id == cluster)
        {
            return Ok(Err("sessions.no_cluster"));
        }
        Ok(
            match sense_making::dot(conn, &vote, &pid, &tid, &cluster, delta)? {
                Ok(()) => Ok(()),
                Err(DotRefused::NoneLeft) => Err("sessions.no_dots_left"),
                Err(DotRefused::NoneThere) => Err("sessions.no_dot_there"),
            },
        )
    })
    .await?;
    if let Err(key) = outcome {
        return Ok(refused(&state, lang, key));
    }
    state.session_hub.wake();
    Ok(back_to_board(&session, &table, lang, "clusters"))
}

pub async fn add_proposal(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let (form, lang, _viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let text = ProposalText {
        title: form.trimmed("titel").to_string(),
        we_should: form.trimmed("eigenlijk").to_string(),
        so_that: form.trimmed("zodat").to_string(),
        first_actions: form.trimmed("acties").to_string(),
        conditions: form.trimmed("voorwaarden").to_string(),
        progress_sharing: form.trimmed("voortgang").to_string(),
        first_date: form.trimmed("datum").to_string(),
    };
    let problems = proposal::check(&text);
    if let Some((_, key)) = problems.first() {
        return Ok(refused(&state, lang, &format!("sessions.{key}")));
    }
    let cluster = Some(form.trimmed("cluster").to_string()).filter(|c| !c.is_empty());
    let now = vertelpunt_store::now();
    let row = ProposalRow {
        id: vertelpunt_store::new_id(),
        session_id: session.id.clone(),
        table_id: table.id.clone(),
        cluster_id: None,
        title: text.title,
        we_should: text.we_should,
        so_that: text.so_that,
        first_actions: text.first_actions,
        conditions: text.conditions,
        progress_sharing: text.progress_sharing,
        owner_name: None,
        owner_role: None,
        owner_participant_id: None,
        owner_accepted_at: None,
        first_date: Some(text.first_date).filter(|d| !d.is_empty()),
        status: ProposalStatus::Proposed.code().into(),
        created_at: now,
        updated_at: now,
    };
    let tid = table.id.clone();
    pages::stored(&state, lang, move |conn| {
        let mut row = row;
        // A cluster of this table only.
        row.cluster_id = cluster.filter(|c| {
            sense_making::clusters_of_table(conn, &tid)
                .map(|all| all.iter().any(|k| &k.id == c))
                .unwrap_or(false)
        });
        sense_making::add_proposal(conn, &row)
    })
    .await?;
    state.session_hub.wake();
    Ok(back_to_board(&session, &table, lang, "voorstellen"))
}

/// The owner of a proposal: a participant who picks up the glove on their phone (with the name
/// they give), or the name and role a facilitator records.
pub async fn set_owner(
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, table, proposal_id) = path.into_inner();
    let (form, lang, viewer, session, table) = action(&state, &req, &body, &id, &table).await?;
    let name = form.trimmed("naam").to_string();
    let role = form.trimmed("rol").to_string();
    if name.is_empty()
        || name.chars().count() > proposal::MAX_NAME
        || role.chars().count() > proposal::MAX_NAME
    {
        return Ok(refused(&state, lang, "sessions.owner_name"));
    }
    let participant = match &viewer {
        Viewer::Participant(me) => Some(me.id.clone()),
        Viewer::Staff(..) if viewer.runs() => None,
        Viewer::Staff(..) => return Ok(forbidden(&state, lang)),
    };
    let tid = table.id.clone();
    let owner = name.clone();
    let link = pages::stored(&state, lang, move |conn| {
        let Some(p) = sense_making::proposals_of_table(conn, &tid)?
            .into_iter()
            .find(|p| p.id == proposal_id)
        else {
            return Ok(None);
        };
        let role = Some(role.as_str()).filter(|r| !r.is_empty());
        sense_making::set_owner(conn, &p, &name, role, participant.as_deref())?;
        // A participant who picks up the glove gets their follow-up link at once.
        let link = match participant {
            Some(_) => Some(vertelpunt_store::follow_up::new_link(
                conn,
                &p,
                &vertelpunt_store::follow_up::Author::Owner(name.clone()),
            )?),
            None => None,
        };
        Ok(Some((p, link)))
    })
    .await?;
    let Some((picked, link)) = link else {
        return Err(PageError::not_found(&state, lang));
    };
    state.session_hub.wake();
    Ok(match link {
        Some(token) => {
            let link = format!(
                "{}/opvolging/{token}?lang={}",
                crate::support::client::origin(&req, state.options.trust_forwarded_for),
                lang.code()
            );
            let mut context = Context::new();
            context.insert("title", &picked.title);
            context.insert("owner", &owner);
            context.insert("qr", &super::plan::qr_svg(&link).unwrap_or_default());
            context.insert("link", &link);
            context.insert(
                "board",
                &format!(
                    "/sessie/{}/tafel/{}?lang={}#voorstellen",
                    session.id,
                    table.id,
                    lang.code()
                ),
            );
            pages::page(
                &state,
                StatusCode::OK,
                "sessions/owner_link.html",
                lang,
                context,
            )
        }
        None => back_to_board(&session, &table, lang, "voorstellen"),
    })
}

/// The table's proposals, large, to present to the other tables (and to print).
pub async fn presentation(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let (id, table) = path.into_inner();
    let query = RawForm::parse(req.query_string().as_bytes());
    let (lang, viewer, session, table) = board_page(&state, &req, &query, &id, &table).await?;
    let (sid, tid) = (session.id.clone(), table.id.clone());
    let participant = viewer.participant_id().map(str::to_string);
    let work = pages::stored(&state, lang, move |conn| {
        let postits = sense_making::postits_of_table(conn, &tid)?;
        let work = TableWork::load(conn, &sid, &tid, participant.as_deref())?;
        Ok((postits, work))
    })
    .await?;
    let (postits, work) = work;
    let mut context = Context::new();
    context.insert("session", &SessionView::of(&state, lang, &session));
    context.insert("table", &table.name);
    context.insert(
        "board",
        &format!(
            "/sessie/{}/tafel/{}?lang={}",
            session.id,
            table.id,
            lang.code()
        ),
    );
    work.insert(
        &state,
        lang,
        &viewer,
        session.writing_hidden(),
        &postits,
        &mut context,
    );
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "sessions/proposals.html",
        lang,
        context,
    ))
}
