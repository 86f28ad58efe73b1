//! `/start`: where staff land after signing in. What waits for this role, each with a link:
//! texts to review, cards still in draft and the latest evaluations (analysts, admins), the
//! sessions coming up and proposals without news (facilitators, admins), and the verteltafel.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_facilitation::session::SessionStatus;
use vertelpunt_store::users::UserRole;
use vertelpunt_store::{cards, pattern_runs, sense_making, stories};

use crate::support::auth::staff_context;
use crate::support::auth::StaffPage;
use crate::support::error::PageError;
use crate::support::pages;
use crate::support::permissions::{can, Action};
use crate::support::state::AppState;

/// How many evaluations and sessions are listed.
const LISTED: i64 = 3;

/// Something that waits, as the page lists it.
#[derive(Debug, Serialize)]
struct Waiting {
    text: String,
    href: String,
}

/// A line of a list: its link, its text and whether it holds demo stories.
#[derive(Debug, Serialize)]
struct Line {
    href: String,
    text: String,
    demo: bool,
}

pub async fn show(
    state: web::Data<AppState>,
    StaffPage {
        query: _query,
        lang,
        session: staff,
        ..
    }: StaffPage<can::UseStaffPages>,
) -> Result<HttpResponse, PageError> {
    let role = UserRole::parse(&staff.user.role);
    let may = |roles: &[UserRole]| role.is_some_and(|r| roles.contains(&r));
    let analyses = may(Action::ReviewTexts.roles());
    let writes_cards = may(Action::WriteCards.roles());
    let sessions = may(Action::ViewSessions.roles());
    let run_by = (role == Some(UserRole::Facilitator)).then(|| staff.user.id.clone());
    // A region-limited account counts and lists only what is of its regions.
    let scope = staff.user.scope();
    let (pending, drafts, runs, coming) = pages::stored(&state, lang, move |conn| {
        let visible = crate::support::scope::visible_runs(conn, &scope)?;
        let pending = if analyses {
            stories::pending_review(conn, None, &scope, 0, 0)?.1
        } else {
            0
        };
        let drafts = match &visible {
            _ if !writes_cards => 0,
            None => cards::count_drafts(conn)? as usize,
            Some(runs) => cards::list(conn, false)?
                .iter()
                .filter(|c| !c.is_published() && runs.contains(&c.run_id))
                .count(),
        };
        let runs = match &visible {
            _ if !analyses => Vec::new(),
            None => pattern_runs::recent(conn, LISTED)?,
            Some(runs) => pattern_runs::recent(conn, i64::MAX)?
                .into_iter()
                .filter(|r| runs.contains(&r.0))
                .take(LISTED as usize)
                .collect(),
        };
        let coming = if sessions {
            let today = vertelpunt_store::now()
                .date()
                .and_time(chrono::NaiveTime::MIN);
            sense_making::list(conn, run_by.as_deref())?
                .into_iter()
                .filter(|s| s.within(&scope))
                .filter(|s| s.starts_at >= today && s.status != SessionStatus::Closed.code())
                .take(LISTED as usize)
                .collect()
        } else {
            Vec::new()
        };
        Ok((pending, drafts, runs, coming))
    })
    .await?;
    let quiet = if sessions {
        crate::staff::sessions::quiet_proposals(&state, &staff, lang).await?
    } else {
        0
    };
    let code = lang.code();
    let count = |key: &str, n: usize| state.locales.count(lang, key, n, &[]);
    let mut waiting = Vec::new();
    if pending > 0 {
        waiting.push(Waiting {
            text: count("start.pending", pending as usize),
            href: format!("/beoordelen?lang={code}"),
        });
    }
    if drafts > 0 {
        waiting.push(Waiting {
            text: count("start.drafts", drafts),
            href: format!("/kaarten?lang={code}"),
        });
    }
    if quiet > 0 {
        waiting.push(Waiting {
            text: count("start.quiet", quiet),
            href: format!("/voorstellen?lang={code}&stil=1"),
        });
    }
    let runs: Vec<Line> = runs
        .into_iter()
        .map(|(id, finished, n, synthetic, strong)| Line {
            href: format!("/patronen/{id}?lang={code}"),
            text: state.locales.format(
                lang,
                "start.run",
                &[
                    ("when", finished.format("%Y-%m-%d %H:%M").to_string()),
                    ("stories", count("start.stories", n.max(0) as usize)),
                    ("strong", count("start.strong", strong.max(0) as usize)),
                ],
            ),
            demo: synthetic != 0,
        })
        .collect();
    let coming: Vec<Line> = coming
        .into_iter()
        .map(|s| Line {
            href: format!("/sessies/{}?lang={code}", s.id),
            text: format!("{} · {}", s.starts_at.format("%Y-%m-%d %H:%M"), s.title),
            demo: false,
        })
        .collect();
    let mut context = staff_context(&state, &staff, lang, Context::new());
    context.insert("waiting", &waiting);
    context.insert("runs", &runs);
    context.insert("analyses", &analyses);
    context.insert("sessions", &sessions);
    context.insert("coming", &coming);
    context.insert("story_entry", &may(Action::EnterStories.roles()));
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "start/index.html",
        lang,
        context,
    ))
}
