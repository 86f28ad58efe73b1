//! `/verhalen`: analysts and admins read the stories of a Vertelpunt, newest first, find them by
//! words in their title or text, by role or by theme, and tag them with themes — a few ticked
//! stories, or every story found. A pattern evaluation can then select a theme or compare it
//! with the rest (`theme=NAME`). Texts that wait for review are not shown here; the review list
//! is where they are read.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;
use vertelpunt_model::{Lang, Role};
use vertelpunt_store::browse::{self, StorySearch};
use vertelpunt_store::collection_points::{self, CollectionPoint};
use vertelpunt_store::sessions::StaffSession;
use vertelpunt_store::stories::review;
use vertelpunt_store::users::Scope;
use vertelpunt_store::{themes, StoreError};

use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::RawForm;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// Stories per page.
const PAGE_SIZE: i64 = 25;

/// The view's fields (kept in every form and link of the page).
const POINT: &str = "punt";
const TEXT: &str = "zoek";
const ROLE: &str = "rol";
const THEME: &str = "thema";
const SYNTHETIC: &str = "synthetisch";
const PAGE: &str = "pagina";
/// The tag form's fields.
const NEW_THEME: &str = "nieuw_thema";
const STORY: &str = "verhaal";
const ALL: &str = "alle";
/// After a change: what was done.
const DONE: &str = "klaar";
const COUNT: &str = "aantal";

/// What the page shows.
#[derive(Debug, Clone, Default)]
struct View {
    point: String,
    text: String,
    role: String,
    theme: String,
    synthetic: bool,
    page: i64,
}

impl View {
    fn of(form: &RawForm) -> View {
        View {
            point: form.trimmed(POINT).to_string(),
            text: form.trimmed(TEXT).to_string(),
            role: form.trimmed(ROLE).to_string(),
            theme: form.trimmed(THEME).to_string(),
            synthetic: form.ticked(SYNTHETIC),
            page: form.trimmed(PAGE).parse().unwrap_or(1).max(1),
        }
    }

    /// The search of this view, among the stories `scope` may read.
    fn search(&self, point: &CollectionPoint, scope: &Scope) -> StorySearch {
        let given = |v: &str| Some(v.to_string()).filter(|v| !v.is_empty());
        StorySearch {
            collection_point_id: point.id.clone(),
            text: given(&self.text),
            role: given(&self.role),
            theme: given(&self.theme),
            include_synthetic: self.synthetic,
            regions: scope.codes(),
        }
    }

    /// The page's address with this view (and `page`), plus `extra` fields.
    fn href(&self, lang: Lang, page: i64, extra: &[(&str, &str)]) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("lang", lang.code());
        query.append_pair(POINT, &self.point);
        for (name, value) in [(TEXT, &self.text), (ROLE, &self.role), (THEME, &self.theme)] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if self.synthetic {
            query.append_pair(SYNTHETIC, "1");
        }
        if page > 1 {
            query.append_pair(PAGE, &page.to_string());
        }
        for (name, value) in extra {
            query.append_pair(name, value);
        }
        format!("/verhalen?{}", query.finish())
    }
}

/// A story as the page shows it.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    heading: String,
    /// The language the story was told in (ISO 639-1), for the `lang` of its text.
    language: String,
    title: Option<String>,
    /// None while the text waits for review.
    body: Option<String>,
    synthetic: bool,
    themes: Vec<String>,
}

/// The page: the view's stories, or `problem` next to the tag form (with what was typed).
async fn render(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    mut view: View,
    problem: Option<(String, String)>,
    done: Option<String>,
) -> Result<HttpResponse, PageError> {
    let user_id = session.user.id.clone();
    let scope = session.user.scope();
    let (points, last) = pages::stored(state, lang, move |conn| {
        Ok((
            crate::support::scope::visible_points(conn, &scope)?,
            vertelpunt_store::users::last_point(conn, &user_id)?,
        ))
    })
    .await?;
    let mut context = staff_context(state, session, lang, Context::new());
    let now = vertelpunt_store::now();
    let Some(point) = points
        .iter()
        .find(|p| p.slug == view.point)
        .or_else(|| {
            collection_points::preferred(&points, last.as_deref(), now)
                .filter(|_| view.point.is_empty())
        })
        .cloned()
    else {
        return Err(PageError::not_found(state, lang));
    };
    if !view.point.is_empty() {
        crate::support::selection_form::remember_point(
            state,
            &session.user.id,
            std::slice::from_ref(&point.slug),
        )
        .await;
    }
    view.point = point.slug.clone();
    let search = view.search(&point, &session.user.scope());
    let offset = (view.page - 1) * PAGE_SIZE;
    let point_id = point.id.clone();
    // Too many words: say so and search nothing, rather than search for a part of them.
    let too_many_words = view.text.split_whitespace().count() > browse::MAX_SEARCH_WORDS;
    if too_many_words {
        context.insert(
            "search_problem",
            &state.locales.format(
                lang,
                "reading.too_many_words",
                &[("max", browse::MAX_SEARCH_WORDS.to_string())],
            ),
        );
    }
    let found = pages::stored(state, lang, move |conn| {
        let (total, listed) = if too_many_words {
            (0, Vec::new())
        } else {
            browse::search(conn, &search, offset, PAGE_SIZE)?
        };
        let ids: Vec<String> = listed.iter().map(|l| l.id.clone()).collect();
        let tags = themes::of_stories(conn, &ids)?;
        let in_use = themes::in_use(conn, &[point_id], search.regions.as_deref())?;
        Ok((total, listed, tags, in_use))
    })
    .await;
    let (total, listed, mut tags, in_use) = found?;
    let rows: Vec<Row> = listed
        .into_iter()
        .map(|s| {
            let role = Role::from_stored(&s.role)
                .map(|r| r.label().get(lang).to_string())
                .unwrap_or(s.role.clone());
            let region = s
                .region_code
                .as_deref()
                .and_then(vertelpunt_model::regions::region)
                .map(|r| format!(" · {}", r.name))
                .unwrap_or_default();
            let readable = s.review_status != review::PENDING;
            // A story told in another language than the page's says so.
            let told_in = if s.language == lang.code() {
                String::new()
            } else {
                format!(
                    " · {}: {}",
                    state.locales.text(lang, "common.language"),
                    s.language
                )
            };
            Row {
                heading: format!(
                    "{} · {role}{region}{told_in}",
                    s.submitted_at.format("%Y-%m-%d %H:%M")
                ),
                language: s.language.clone(),
                title: s.title.filter(|_| readable),
                body: readable.then_some(s.body),
                synthetic: s.synthetic,
                themes: tags.remove(&s.id).unwrap_or_default(),
                id: s.id,
            }
        })
        .collect();
    let pages_count = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let choices = |items: Vec<(String, String)>, current: &str| -> Vec<(String, String, bool)> {
        items
            .into_iter()
            .map(|(v, l)| {
                let chosen = v == current;
                (v, l, chosen)
            })
            .collect()
    };
    context.insert(
        "points",
        &choices(
            points
                .iter()
                .map(|p| (p.slug.clone(), p.name.clone()))
                .collect(),
            &view.point,
        ),
    );
    context.insert(
        "roles",
        &choices(
            Role::ALL
                .iter()
                .map(|r| (r.code().to_string(), r.label().get(lang).to_string()))
                .collect(),
            &view.role,
        ),
    );
    context.insert(
        "themes",
        &choices(
            in_use
                .iter()
                .map(|(t, n)| (t.clone(), format!("{t} ({n})")))
                .collect(),
            &view.theme,
        ),
    );
    context.insert("text", &view.text);
    context.insert("theme", &view.theme);
    context.insert("role", &view.role);
    context.insert("synthetic", &view.synthetic);
    context.insert("point", &view.point);
    context.insert("page", &view.page);
    context.insert("rows", &rows);
    context.insert(
        "found",
        &state
            .locales
            .count(lang, "reading.found", total as usize, &[]),
    );
    context.insert(
        "page_of",
        &state.locales.format(
            lang,
            "review.page_of",
            &[
                ("page", view.page.to_string()),
                ("pages", pages_count.max(1).to_string()),
            ],
        ),
    );
    context.insert(
        "prev_href",
        &(view.page > 1).then(|| view.href(lang, view.page - 1, &[])),
    );
    context.insert(
        "next_href",
        &(view.page < pages_count).then(|| view.href(lang, view.page + 1, &[])),
    );
    context.insert(
        "tag_all",
        &state
            .locales
            .format(lang, "reading.tag_all", &[("n", total.to_string())]),
    );
    context.insert("done", &done);
    let status = match &problem {
        Some((typed, message)) => {
            context.insert("new_theme", typed);
            context.insert("problem", message);
            StatusCode::BAD_REQUEST
        }
        None => StatusCode::OK,
    };
    Ok(pages::page(
        state,
        status,
        "reading/index.html",
        lang,
        context,
    ))
}

pub async fn index(
    state: web::Data<AppState>,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::ReadStories>,
) -> Result<HttpResponse, PageError> {
    let done = match query.get(DONE) {
        Some("getagd") => Some(state.locales.count(
            lang,
            "reading.done_tagged",
            query.trimmed(COUNT).parse().unwrap_or(0),
            &[("theme", query.trimmed(NEW_THEME).to_string())],
        )),
        Some("weg") => Some(state.locales.format(
            lang,
            "reading.done_removed",
            &[("theme", query.trimmed(NEW_THEME).to_string())],
        )),
        _ => None,
    };
    render(&state, &session, lang, View::of(&query), None, done).await
}

/// The collection point of a view, if it exists and the account sees it.
async fn point_of(
    state: &AppState,
    view: &View,
    scope: Scope,
) -> Result<Option<CollectionPoint>, String> {
    let store = state.store.clone();
    let slug = view.point.clone();
    web::block(move || -> Result<Option<CollectionPoint>, StoreError> {
        let mut conn = store.conn()?;
        Ok(collection_points::find_by_slug(&mut conn, &slug)?
            .filter(|p| crate::support::scope::sees_point(&scope, p)))
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())
}

/// Tags the ticked stories, or every story the view finds, with a theme.
pub async fn tag(
    state: web::Data<AppState>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::ReadStories>,
) -> Result<HttpResponse, PageError> {
    let view = View::of(&form);
    let typed = form.trimmed(NEW_THEME).to_string();
    let refuse = |key: &str| {
        let message = state.locales.text(lang, &format!("reading.{key}"));
        Some((typed.clone(), message.to_string()))
    };
    let theme = match themes::normalize(&typed) {
        Ok(theme) => theme,
        Err(problem) => {
            let problem = refuse(problem.code());
            return render(&state, &session, lang, view, problem, None).await;
        }
    };
    let every = form.ticked(ALL);
    if every && view.text.split_whitespace().count() > browse::MAX_SEARCH_WORDS {
        // "All found" would be found by fewer words than were typed: tag nothing.
        return render(&state, &session, lang, view, None, None).await;
    }
    let ticked: Vec<String> = form.all(STORY).into_iter().map(String::from).collect();
    if !every && ticked.is_empty() {
        let problem = refuse("none_ticked");
        return render(&state, &session, lang, view, problem, None).await;
    }
    let point = match point_of(&state, &view, session.user.scope()).await {
        Ok(Some(point)) => point,
        Ok(None) => return Err(PageError::not_found(&state, lang)),
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let search = view.search(&point, &session.user.scope());
    let store = state.store.clone();
    let by = session.user.id.clone();
    let tagged_theme = theme.clone();
    let tagged = web::block(move || -> Result<usize, StoreError> {
        let mut conn = store.conn()?;
        // Only stories this view can show: a ticked id from elsewhere is ignored.
        let chosen = if every {
            browse::matching_ids(&mut conn, &search)?
        } else {
            browse::listed_among(&mut conn, &search, &ticked)?
        };
        themes::tag(
            &mut conn,
            &chosen,
            &tagged_theme,
            Some(&by),
            vertelpunt_store::now(),
        )
    })
    .await;
    Ok(match tagged {
        Ok(Ok(n)) => {
            tracing::info!(theme = %theme, stories = n, by = %session.user.email, "stories tagged");
            see_other(&view.href(
                lang,
                view.page,
                &[
                    (DONE, "getagd"),
                    (COUNT, &n.to_string()),
                    (NEW_THEME, &theme),
                ],
            ))
        }
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

/// Takes a theme off one story.
pub async fn untag(
    state: web::Data<AppState>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::ReadStories>,
) -> Result<HttpResponse, PageError> {
    let view = View::of(&form);
    let story = form.trimmed(STORY).to_string();
    let theme = form.trimmed(NEW_THEME).to_string();
    let point = match point_of(&state, &view, session.user.scope()).await {
        Ok(Some(point)) => point,
        Ok(None) => return Err(PageError::not_found(&state, lang)),
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let store = state.store.clone();
    let removed_theme = theme.clone();
    let mut search = view.search(&point, &session.user.scope());
    search.text = None;
    search.role = None;
    search.theme = None;
    search.include_synthetic = true;
    let removed = web::block(move || -> Result<bool, StoreError> {
        let mut conn = store.conn()?;
        if browse::listed_among(&mut conn, &search, std::slice::from_ref(&story))?.is_empty() {
            return Ok(false);
        }
        themes::untag(&mut conn, &story, &removed_theme)
    })
    .await;
    Ok(match removed {
        Ok(Ok(true)) => {
            tracing::info!(theme = %theme, by = %session.user.email, "theme removed from a story");
            see_other(&view.href(lang, view.page, &[(DONE, "weg"), (NEW_THEME, &theme)]))
        }
        Ok(Ok(false)) => pages::not_found(&state, lang),
        Ok(Err(e)) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}
