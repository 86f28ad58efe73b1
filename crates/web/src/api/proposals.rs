//! `GET /api/v1/proposals`: every improvement proposal of the sense-making sessions with its
//! owner, status and progress notes, for regions' own monitoring. Analysts and admins read every
//! proposal, facilitators those of the sessions they run (as on `/voorstellen`).

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vertelpunt_store::follow_up::{self, Listed};
use vertelpunt_store::users::UserRole;

use super::{blocking, require_staff, timestamp, ApiError, ApiFailure};
use crate::support::permissions::Action;
use crate::support::state::AppState;

/// What the list may be narrowed to.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalQuery {
    /// A jeugdregio code (`JR28`): proposals of sessions in that region.
    pub region: Option<String>,
    /// A session id.
    pub session: Option<String>,
    /// `voorgesteld`, `opgepakt`, `in_uitvoering`, `gerealiseerd` or `gestopt`.
    pub status: Option<String>,
}

/// A progress note on a proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressNote {
    #[schema(format = DateTime)]
    pub recorded_at: String,
    /// The day it happened (`YYYY-MM-DD`).
    pub happened_on: Option<String>,
    /// `owner` (through their follow-up link) or `staff`.
    pub by: String,
    pub status_before: String,
    pub status_after: String,
    pub note: String,
    /// The note may hold identifying details (it was kept after a warning).
    pub possibly_identifying: bool,
}

/// An improvement proposal and what became of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Proposal {
    pub id: String,
    pub session_id: String,
    pub session_title: String,
    #[schema(format = DateTime)]
    pub session_starts_at: String,
    /// The session's jeugdregio code, if it has one.
    pub region: Option<String>,
    pub title: String,
    /// "We zouden eigenlijk … moeten doen".
    pub we_should: String,
    /// "… zodat …".
    pub so_that: String,
    pub first_actions: String,
    pub conditions: String,
    pub progress_sharing: String,
    pub first_date: Option<String>,
    /// The handschoenoppakker.
    pub owner_name: Option<String>,
    pub owner_role: Option<String>,
    pub status: String,
    pub theme: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// The latest progress note, or the proposal's making.
    #[schema(format = DateTime)]
    pub last_news_at: String,
    /// Oldest first.
    pub progress: Vec<ProgressNote>,
}

fn proposal(l: &Listed) -> Proposal {
    let p = &l.proposal;
    Proposal {
        id: p.id.clone(),
        session_id: p.session_id.clone(),
        session_title: l.session.title.clone(),
        session_starts_at: timestamp(l.session.starts_at),
        region: l.session.region_code.clone(),
        title: p.title.clone(),
        we_should: p.we_should.clone(),
        so_that: p.so_that.clone(),
        first_actions: p.first_actions.clone(),
        conditions: p.conditions.clone(),
        progress_sharing: p.progress_sharing.clone(),
        first_date: p.first_date.clone(),
        owner_name: p.owner_name.clone(),
        owner_role: p.owner_role.clone(),
        status: p.status.clone(),
        theme: l.theme.clone(),
        created_at: timestamp(p.created_at),
        last_news_at: timestamp(l.last_news()),
        progress: l
            .progress
            .iter()
            .map(|u| ProgressNote {
                recorded_at: timestamp(u.recorded_at),
                happened_on: u.happened_on.clone(),
                by: if u.by_owner { "owner" } else { "staff" }.into(),
                status_before: u.status_before.clone(),
                status_after: u.status_after.clone(),
                note: u.note.clone(),
                possibly_identifying: u.flagged,
            })
            .collect(),
    }
}

/// Every improvement proposal the token's account may see, newest session first.
#[utoipa::path(
    get,
    path = "/api/v1/proposals",
    tag = "proposals",
    params(ProposalQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "The proposals with their progress", body = [Proposal]),
        (status = 400, description = "A query parameter is not valid", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token's account may not read proposals", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/proposals")]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<ProposalQuery>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let staff = require_staff(&state, &req, Action::ViewSessions.roles()).await?;
    let run_by = (staff.role() == Some(UserRole::Facilitator)).then(|| staff.user.id.clone());
    let query = query.into_inner();
    if let Some(status) = &query.status {
        if vertelpunt_facilitation::proposal::ProposalStatus::parse(status).is_none() {
            return Ok(super::bad_request(
                &req,
                "bad_query",
                "api.bad_query",
                format!("status: '{status}' is none of voorgesteld, opgepakt, in_uitvoering, gerealiseerd, gestopt"),
            ));
        }
    }
    let all = blocking(&state, &req, move |conn| {
        follow_up::listed(conn, run_by.as_deref())
    })
    .await?;
    let scope = staff.user.scope();
    Ok(HttpResponse::Ok().json(
        all.iter()
            .filter(|l| l.session.within(&scope))
            .filter(|l| {
                query
                    .region
                    .as_ref()
                    .is_none_or(|r| l.session.region_code.as_ref() == Some(r))
                    && query
                        .session
                        .as_ref()
                        .is_none_or(|s| &l.proposal.session_id == s)
                    && query
                        .status
                        .as_ref()
                        .is_none_or(|s| &l.proposal.status == s)
            })
            .map(proposal)
            .collect::<Vec<_>>(),
    ))
}
