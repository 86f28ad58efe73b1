//! Who may see and change a session: staff by role and by the sessions they run, participants
//! by the cookie they got when joining (one session only).

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::HttpRequest;
use vertelpunt_model::Lang;
use vertelpunt_store::sense_making::{self, ParticipantRow, SessionRow, TableRow};
use vertelpunt_store::sessions::StaffSession;
use vertelpunt_store::users::UserRole;

use crate::support::pages;
use crate::support::state::AppState;

/// The participant's cookie; its path is the session's, so it is never sent elsewhere.
pub const PARTICIPANT_COOKIE: &str = "vp_deelname";
/// How long a participant stays signed in to a session.
pub const PARTICIPANT_HOURS: i64 = 24;

/// What a staff member may do with a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAccess {
    /// Read everything (analysts).
    Read,
    /// Run it: change it, remove participants, hide post-its.
    Run,
}

/// A staff member's access to `session`, or none (also for a session outside their regions).
pub fn staff_access(
    staff: &StaffSession,
    session: &SessionRow,
    facilitators: &[String],
) -> Option<StaffAccess> {
    // A limited account sees only the sessions held in its regions, of its projects.
    if !session.within(&staff.user.scope()) {
        return None;
    }
    match UserRole::parse(&staff.user.role) {
        Some(UserRole::Admin) => Some(StaffAccess::Run),
        Some(UserRole::Analyst) => Some(StaffAccess::Read),
        Some(UserRole::Facilitator) if facilitators.contains(&staff.user.id) => {
            Some(StaffAccess::Run)
        }
        _ => None,
    }
}

/// The session of the URL with the staff member's access to it; "not found" for a session they
/// may not see (so its existence is not told either).
pub async fn staff_session(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
    id: &str,
) -> Result<(SessionRow, StaffAccess), crate::support::error::PageError> {
    let id = id.to_string();
    let (session, facilitators) = pages::stored(state, lang, move |conn| {
        let session = sense_making::get(conn, &id)?;
        let facilitators = sense_making::facilitators(conn, &id)?;
        Ok((session, facilitators))
    })
    .await?;
    match staff_access(staff, &session, &facilitators) {
        Some(access) => Ok((session, access)),
        None => Err(pages::not_found(state, lang).into()),
    }
}

/// The participant whose cookie came with the request, if it belongs to `session_id`.
pub async fn participant(
    state: &AppState,
    req: &HttpRequest,
    session_id: &str,
) -> Option<ParticipantRow> {
    let token = req.cookie(PARTICIPANT_COOKIE)?.value().to_string();
    if token.is_empty() {
        return None;
    }
    let store = state.store.clone();
    let found = actix_web::web::block(move || {
        let mut conn = store.conn().ok()?;
        sense_making::participant_by_token(&mut conn, &token)
            .ok()
            .flatten()
    })
    .await
    .ok()
    .flatten()?;
    (found.session_id == session_id).then_some(found)
}

/// The cookie that makes a browser a participant of one session.
pub fn participant_cookie(session_id: &str, token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(PARTICIPANT_COOKIE, token.to_string())
        .path(format!("/sessie/{session_id}"))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::hours(PARTICIPANT_HOURS))
        .finish()
}

/// Who looks at a table's board.
#[derive(Debug, Clone)]
pub enum Viewer {
    Participant(ParticipantRow),
    Staff(StaffSession, StaffAccess),
}

impl Viewer {
    pub fn participant_id(&self) -> Option<&str> {
        match self {
            Viewer::Participant(p) => Some(&p.id),
            Viewer::Staff(..) => None,
        }
    }

    /// Whether the viewer runs the session (sees hidden post-its, may hide them).
    pub fn runs(&self) -> bool {
        matches!(self, Viewer::Staff(_, StaffAccess::Run))
    }
}

/// The viewer of a table's board, the session and the table: a participant of this session at
/// this table, or staff who may see the session; otherwise the page to give instead.
pub async fn board_viewer(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session_id: &str,
    table_id: &str,
) -> Result<(Viewer, SessionRow, TableRow), crate::support::error::PageError> {
    let viewer = match participant(state, req, session_id).await {
        Some(p) if p.table_id.as_deref() == Some(table_id) => Viewer::Participant(p),
        Some(_) => {
            return Err(pages::error_page(
                state,
                StatusCode::FORBIDDEN,
                lang,
                "common.error_title",
                "sessions.other_table",
            )
            .into())
        }
        None => match crate::support::auth::current_session(state, req).await {
            Some(staff) => {
                let (_, access) = staff_session(state, lang, &staff, session_id).await?;
                Viewer::Staff(staff, access)
            }
            None => {
                return Err(pages::error_page(
                    state,
                    StatusCode::FORBIDDEN,
                    lang,
                    "common.error_title",
                    "sessions.not_joined",
                )
                .into())
            }
        },
    };
    let (session, table) = {
        let (sid, tid) = (session_id.to_string(), table_id.to_string());
        pages::stored(state, lang, move |conn| {
            let session = sense_making::get(conn, &sid)?;
            let table = sense_making::tables(conn, &sid)?
                .into_iter()
                .find(|t| t.id == tid)
                .ok_or_else(|| vertelpunt_store::StoreError::NotFound(tid.clone()))?;
            Ok((session, table))
        })
        .await?
    };
    Ok((viewer, session, table))
}

/// The start of every board page: its language (from `query`), the viewer, the session and the
/// table; or the page to give instead.
pub async fn board_page(
    state: &AppState,
    req: &HttpRequest,
    query: &crate::support::forms::RawForm,
    session_id: &str,
    table_id: &str,
) -> Result<(Lang, Viewer, SessionRow, TableRow), crate::support::error::PageError> {
    let lang = crate::support::i18n::lang_param(query.get(crate::support::forms::field::LANG));
    let (viewer, session, table) = board_viewer(state, req, lang, session_id, table_id).await?;
    Ok((lang, viewer, session, table))
}

/// The page for a staff member who may see a session but not run it.
pub fn not_running(state: &AppState, lang: Lang) -> actix_web::HttpResponse {
    pages::error_page(
        state,
        StatusCode::FORBIDDEN,
        lang,
        "common.error_title",
        "staff.forbidden",
    )
}
