//! Making and writing observation cards, for analysts and admins: a card is made of a pattern
//! of a stored evaluation (one card per pattern), then its observation, interpretations and
//! typical stories are written on `/kaarten/{id}/bewerken`. Saving checks everything
//! (`vertelpunt_patterns::card::check`); a refused form comes back with every field as typed
//! and each problem next to its field. Publishing also needs both interpretations and a
//! typical story; a published card can be taken back to draft, and only a draft can be deleted.
//! "Stel typerende verhalen voor" shows the form again as typed, with typical stories
//! (`vertelpunt_patterns::suggest`) to tick; ticked ones are taken over when the form is saved.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;
use vertelpunt_model::Lang;
use vertelpunt_patterns::card::{
    self, CardField, CardProblem, CardText, Quotable, TypicalStory, MAX_INTERPRETATION,
    MAX_OBSERVATION, MAX_QUOTE, MAX_TYPICAL_STORIES,
};
use vertelpunt_patterns::dataset;
use vertelpunt_patterns::run::{self, Request};
use vertelpunt_patterns::suggest::{typical_stories, Suggestion};
use vertelpunt_patterns::{Condition, Pattern, Preset, Selection};
use vertelpunt_store::cards::{self, Card, CardChange, CardRow};
use vertelpunt_store::pattern_runs;
use vertelpunt_store::sessions::StaffSession;

use super::{insert_card, pattern_of, shown_stories};
use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::see_other;
use crate::support::forms::RawForm;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// The form's fields.
const PATTERN: &str = "patroon";
const OBSERVATION: &str = "waarneming";
const INTERPRETATION_A: &str = "interpretatie_a";
const INTERPRETATION_B: &str = "interpretatie_b";
const STORY: &str = "verhaal";
const QUOTE: &str = "citaat";
const ACTION: &str = "actie";
/// A ticked suggestion: its number, with `voorstel_verhaal_N` and `voorstel_citaat_N`.
const SUGGESTION: &str = "voorstel";

/// Suggested typical stories per part of the pattern.
const SUGGESTED_PER_GROUP: usize = 3;

/// The part of `patterns.json` a card is made from.
#[derive(Deserialize)]
struct Results {
    patterns: Vec<Pattern>,
}

/// Makes a card of one pattern of a run (or opens the card made of it before).
pub async fn create(
    state: web::Data<AppState>,
    run: web::Path<String>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::WriteCards>,
) -> Result<HttpResponse, PageError> {
    let run_id = run.into_inner();
    let pattern_id = form.trimmed(PATTERN).to_string();
    let by = session.user.id.clone();
    let scope = session.user.scope();
    let made = pages::stored(&state, lang, move |conn| {
        crate::support::scope::check_run(conn, &scope, &run_id)?;
        if let Some(card) = cards::for_pattern(conn, &run_id, &pattern_id)? {
            return Ok(Some((card, false)));
        }
        let run = pattern_runs::get(conn, &run_id)?;
        let results: Results = serde_json::from_str(&run.results)
            .map_err(|e| vertelpunt_store::StoreError::Conflict(format!("run {run_id}: {e}")))?;
        let Some(pattern) = results.patterns.into_iter().find(|p| p.id == pattern_id) else {
            return Ok(None);
        };
        let charts = pattern_runs::chart_names(conn, &run_id)?;
        let now = vertelpunt_store::now();
        let card = CardRow {
            id: vertelpunt_store::new_id(),
            run_id: run_id.clone(),
            pattern_id: pattern.id.clone(),
            pattern: serde_json::to_string(&pattern).unwrap_or_default(),
            chart: pattern.chart.clone().filter(|c| charts.contains(c)),
            observation: card::draft_observation(&pattern, lang),
            interpretation_a: String::new(),
            interpretation_b: String::new(),
            status: cards::status::DRAFT.to_string(),
            created_by: Some(by),
            created_at: now,
            updated_at: now,
            published_at: None,
        };
        cards::create(conn, &card)?;
        Ok(Some((card.id, true)))
    })
    .await;
    Ok(match made {
        Ok(Some((card, new))) => {
            if new {
                tracing::info!(card = %card, by = %session.user.email, "observation card made");
            }
            see_other(&format!("/kaarten/{card}/bewerken?lang={}", lang.code()))
        }
        Ok(None) => pages::not_found(&state, lang),
        Err(response) => return Err(response),
    })
}

/// A suggested typical story as the form shows it.
#[derive(Serialize)]
struct SuggestionRow {
    group: String,
    story_id: String,
    quote: String,
}

/// One row of typical stories on the form.
#[derive(Serialize, Default)]
struct StoryField {
    story_id: String,
    quote: String,
    story_problem: Option<String>,
    quote_problem: Option<String>,
}

/// What the form shows: the card's texts (as stored or as typed), the problems, and typical
/// stories suggested when the analyst asked for them.
struct FormView {
    text: CardText,
    problems: Vec<(CardField, CardProblem)>,
    suggested: Option<Vec<Suggestion>>,
    /// Said above the form (another search for typical stories is running).
    notice: Option<String>,
}

impl FormView {
    /// The card as stored: only the stories it may still show.
    fn stored(card: &Card) -> FormView {
        FormView {
            text: CardText {
                observation: card.row.observation.clone(),
                interpretation_a: card.row.interpretation_a.clone(),
                interpretation_b: card.row.interpretation_b.clone(),
                stories: shown_stories(card)
                    .into_iter()
                    .map(|s| TypicalStory {
                        story_id: s.story_id.clone(),
                        quote: s.quote.clone(),
                    })
                    .collect(),
            },
            problems: Vec::new(),
            suggested: None,
            notice: None,
        }
    }
}

/// The card as typed into the form, with the suggested stories that were ticked after the
/// rows; rows left empty are left out.
fn typed(form: &RawForm) -> CardText {
    let stories = form.all(STORY);
    let quotes = form.all(QUOTE);
    let mut card = CardText {
        observation: form.get(OBSERVATION).unwrap_or_default().to_string(),
        interpretation_a: form.get(INTERPRETATION_A).unwrap_or_default().to_string(),
        interpretation_b: form.get(INTERPRETATION_B).unwrap_or_default().to_string(),
        stories: (0..stories.len().max(quotes.len()))
            .map(|i| TypicalStory {
                story_id: stories.get(i).unwrap_or(&"").trim().to_string(),
                quote: quotes.get(i).unwrap_or(&"").to_string(),
            })
            .filter(|s| !s.story_id.is_empty() || !s.quote.trim().is_empty())
            .collect(),
    };
    for i in form.all(SUGGESTION) {
        let story_id = form
            .trimmed(&format!("{SUGGESTION}_verhaal_{i}"))
            .to_string();
        let quote = form
            .trimmed(&format!("{SUGGESTION}_citaat_{i}"))
            .to_string();
        if !story_id.is_empty() && !card.stories.iter().any(|s| s.story_id == story_id) {
            card.stories.push(TypicalStory { story_id, quote });
        }
    }
    card
}

/// The edit page, with `view` in the form.
fn render(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    card: &Card,
    pattern: &Pattern,
    view: FormView,
) -> HttpResponse {
    let message = |p: CardProblem| {
        let key = format!("cards.problem_{}", p.code());
        match p {
            CardProblem::ObservationTooLong => {
                state
                    .locales
                    .format(lang, &key, &[("max", MAX_OBSERVATION.to_string())])
            }
            CardProblem::InterpretationTooLong => {
                state
                    .locales
                    .format(lang, &key, &[("max", MAX_INTERPRETATION.to_string())])
            }
            CardProblem::QuoteTooLong => {
                state
                    .locales
                    .format(lang, &key, &[("max", MAX_QUOTE.to_string())])
            }
            _ => state.locales.text(lang, &key).to_string(),
        }
    };
    let mut by_field: HashMap<String, String> = HashMap::new();
    let mut rows: Vec<StoryField> = view
        .text
        .stories
        .iter()
        .map(|s| StoryField {
            story_id: s.story_id.clone(),
            quote: s.quote.clone(),
            ..StoryField::default()
        })
        .collect();
    rows.resize_with(rows.len().max(MAX_TYPICAL_STORIES), StoryField::default);
    for (field, problem) in &view.problems {
        let text = message(*problem);
        match field {
            CardField::Observation => {
                by_field.insert(OBSERVATION.into(), text);
            }
            CardField::InterpretationA => {
                by_field.insert(INTERPRETATION_A.into(), text);
            }
            CardField::InterpretationB => {
                by_field.insert(INTERPRETATION_B.into(), text);
            }
            CardField::Stories => {
                by_field.insert(STORY.into(), text);
            }
            CardField::Story(i) => rows[*i].story_problem = Some(text),
            CardField::Quote(i) => rows[*i].quote_problem = Some(text),
        }
    }
    let mut context = staff_context(state, session, lang, Context::new());
    insert_card(state, session, lang, card, pattern, &mut context);
    // The form shows what was typed, not what is stored.
    context.insert("observation", &view.text.observation);
    context.insert("interpretation_a", &view.text.interpretation_a);
    context.insert("interpretation_b", &view.text.interpretation_b);
    context.insert("rows", &rows);
    if let Some(suggested) = &view.suggested {
        let shown: Vec<SuggestionRow> = suggested
            .iter()
            .map(|s| SuggestionRow {
                group: s.group.get(lang).to_string(),
                story_id: s.story_id.clone(),
                quote: s.quote.clone(),
            })
            .collect();
        context.insert("suggestions", &shown);
        context.insert("suggestions_asked", &true);
    }
    context.insert("problems", &by_field);
    context.insert("notice", &view.notice);
    context.insert("problem_count", &view.problems.len());
    context.insert("max_observation", &MAX_OBSERVATION);
    context.insert("max_interpretation", &MAX_INTERPRETATION);
    context.insert("max_quote", &MAX_QUOTE);
    let status = if view.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    pages::page(state, status, "cards/edit.html", lang, context)
}

/// Loads a card with its pattern, or the page to give instead.
async fn load(
    state: &AppState,
    lang: Lang,
    staff: &StaffSession,
    id: String,
) -> Result<(Card, Pattern), crate::support::error::PageError> {
    let scope = staff.user.scope();
    let card = pages::stored(state, lang, move |conn| {
        crate::support::scope::card(conn, &scope, &id)
    })
    .await?;
    let pattern = pattern_of(&card.row).map_err(|e| pages::failure(state, lang, &e))?;
    Ok((card, pattern))
}

pub async fn edit(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::WriteCards>,
) -> Result<HttpResponse, PageError> {
    Ok(match load(&state, lang, &session, id.into_inner()).await {
        Ok((card, pattern)) => {
            let view = FormView::stored(&card);
            render(&state, &session, lang, &card, &pattern, view)
        }
        Err(response) => return Err(response),
    })
}

/// Saves the form: `actie` is `opslaan` (save), `publiceren` (save and publish) or `concept`
/// (save and take back to draft).
pub async fn save(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::WriteCards>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let (card, pattern) = load(&state, lang, &session, id.clone()).await?;
    let publish = match form.trimmed(ACTION) {
        "publiceren" => Some(true),
        "concept" => Some(false),
        _ => None,
    };
    let text = typed(&form);
    if form.trimmed(ACTION) == "voorstellen" {
        return Ok(suggest_stories(&state, &session, lang, card, pattern, text).await);
    }
    // What the store knows of every story the form names.
    let ids: Vec<String> = text.stories.iter().map(|s| s.story_id.clone()).collect();
    let points = card.run_points.clone();
    let scope = session.user.scope();
    let run_id = card.row.run_id.clone();
    let known = match pages::stored(&state, lang, move |conn| {
        let mut known = HashMap::new();
        // A run limited to regions quotes only stories of those regions.
        let run_regions = pattern_runs::selection_of(conn, &run_id)?
            .and_then(|(_, selection)| crate::support::scope::run_regions(&selection));
        for id in ids.into_iter().filter(|id| !id.is_empty()) {
            let place = vertelpunt_store::stories::place_of(conn, &id)?;
            // A story beyond a limited account's scope is, to it, not there.
            let beyond = !place
                .as_ref()
                .is_some_and(|(region, project)| scope.includes(region.as_deref(), Some(project)));
            let region = place.map(|(region, _)| region);
            let outside_run = run_regions.as_ref().is_some_and(|regions| {
                !region
                    .as_ref()
                    .and_then(|r| r.as_ref())
                    .is_some_and(|r| regions.contains(r))
            });
            let quotable = match cards::quoted_story(conn, &id)? {
                _ if beyond => Quotable::Unknown,
                None => Quotable::Unknown,
                Some(s) if !points.contains(&s.collection_point) || outside_run => {
                    Quotable::Outside
                }
                Some(s) if !s.readable() => Quotable::NotReadable,
                Some(s) => Quotable::Text {
                    title: s.title,
                    body: s.body,
                },
            };
            known.insert(id, quotable);
        }
        Ok(known)
    })
    .await
    {
        Ok(known) => known,
        Err(response) => return Err(response),
    };
    let publishing = publish.unwrap_or(card.row.is_published());
    let problems = card::check(&text, publishing, &|id| {
        known.get(id).cloned().unwrap_or(Quotable::Unknown)
    });
    if !problems.is_empty() {
        let view = FormView {
            text,
            problems,
            suggested: None,
            notice: None,
        };
        return Ok(render(&state, &session, lang, &card, &pattern, view));
    }
    let change = CardChange {
        observation: text.observation,
        interpretation_a: text.interpretation_a,
        interpretation_b: text.interpretation_b,
        stories: text
            .stories
            .into_iter()
            .map(|s| (s.story_id, s.quote))
            .collect(),
        publish,
    };
    let saved_id = id.clone();
    pages::stored(&state, lang, move |conn| {
        cards::save(conn, &saved_id, &change)
    })
    .await?;
    let done = match publish {
        Some(true) => "gepubliceerd",
        Some(false) => "concept",
        None => "opgeslagen",
    };
    tracing::info!(card = %id, by = %session.user.email, done, "observation card saved");
    Ok(see_other(&format!(
        "/kaarten/{id}?lang={}&klaar={done}",
        lang.code()
    )))
}

/// Suggested typical stories, found in the background: the stories of a large run take a while
/// to read again. Nothing is saved: the form comes back as typed, with the suggestions, at once
/// when they are found quickly, else on the progress page of the work, which shows the form
/// when it is done. Only one search runs at a time on the server; meanwhile the form comes back
/// as typed, saying so.
async fn suggest_stories(
    state: &web::Data<AppState>,
    session: &StaffSession,
    lang: Lang,
    card: Card,
    pattern: Pattern,
    text: CardText,
) -> HttpResponse {
    let store = state.store.clone();
    let skip: Vec<String> = text.stories.iter().map(|s| s.story_id.clone()).collect();
    // Kept for the answer when another search is running (the work takes its own copy).
    let typed = Suggested {
        card: card.clone(),
        pattern: pattern.clone(),
        text: text.clone(),
        suggestions: Vec::new(),
    };
    let started = crate::support::jobs::of::<Suggestions>(state).start(
        session.user.email.clone(),
        move |job| {
            let suggestions = match store.conn() {
                Ok(mut conn) => suggest(&mut conn, &card, &pattern, &skip, job),
                Err(e) => {
                    tracing::warn!("no connection for suggestions: {e}");
                    Vec::new()
                }
            };
            Some(Arc::new(Suggested {
                card,
                pattern,
                text,
                suggestions,
            }))
        },
        None,
    );
    let job = match started {
        Ok(job) => job,
        Err(_running) => {
            let view = FormView {
                text: typed.text,
                problems: Vec::new(),
                suggested: None,
                notice: Some(state.locales.text(lang, "cards.suggest_busy").to_string()),
            };
            return render(state, session, lang, &typed.card, &typed.pattern, view);
        }
    };
    // Quick work answers in this request (polled, so no worker is held).
    let waited = std::time::Instant::now();
    while job.outcome().is_none() && waited.elapsed() < state.options.quick_job_wait {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    match job.outcome() {
        Some(Some(done)) => render_suggested(state, session, lang, &done),
        _ => see_other(&crate::support::jobs::href::<Suggestions>(&job.id, lang)),
    }
}

/// What a search for typical stories found, with the form as it was typed.
#[derive(Debug)]
pub struct Suggested {
    card: Card,
    pattern: Pattern,
    text: CardText,
    suggestions: Vec<Suggestion>,
}

fn render_suggested(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    done: &Suggested,
) -> HttpResponse {
    let view = FormView {
        text: done.text.clone(),
        problems: Vec::new(),
        suggested: Some(done.suggestions.clone()),
        notice: None,
    };
    render(state, session, lang, &done.card, &done.pattern, view)
}

/// Searches for typical stories, as a background job (`/kaarten/voorstellen/{id}`). Its outcome
/// is `None` when the search stopped unexpectedly.
pub struct Suggestions;

impl crate::support::jobs::JobKind for Suggestions {
    type Outcome = Option<Arc<Suggested>>;
    const PATH: &'static str = "/kaarten/voorstellen";
    type Permission = can::WriteCards;
    const UNKNOWN: &'static str = "cards.suggest_unknown";
    const STARTED: &'static str = "cards.suggest_started";
    const TEMPLATE: &'static str = "cards/suggest_job.html";

    fn standing(
        state: &AppState,
        lang: Lang,
        job: &crate::support::jobs::Job<Self::Outcome>,
    ) -> crate::support::jobs::Standing {
        let (done, total) = job.progress();
        let text = |key: &str| state.locales.text(lang, key).to_string();
        let (state_code, message, href) = match job.outcome() {
            None => {
                let key = match done {
                    0 => "cards.suggest_reading",
                    1 => "cards.suggest_selecting",
                    _ => "cards.suggest_choosing",
                };
                ("running", text(key), None)
            }
            Some(Some(_)) => (
                "done",
                text("cards.suggest_done"),
                Some(crate::support::jobs::href::<Suggestions>(&job.id, lang)),
            ),
            Some(None) => ("failed", text("cards.suggest_failed"), None),
        };
        crate::support::jobs::Standing {
            state: state_code,
            done,
            total,
            text: message,
            href,
        }
    }

    /// The form as typed, with the suggestions; a search that stopped stays on its page.
    fn ended(
        state: &AppState,
        lang: Lang,
        session: &StaffSession,
        _context: Context,
        job: &crate::support::jobs::Job<Self::Outcome>,
    ) -> Option<HttpResponse> {
        let done = job.outcome()??;
        Some(render_suggested(state, session, lang, &done))
    }
}

/// Typical stories for the card's pattern among the stories its evaluation selected, leaving
/// out those in `skip`; `job` is told how far it is (reading, selecting, choosing). A run whose
/// stories cannot be selected again (its Vertelpunten changed, or it was evaluated from a file)
/// gets none.
fn suggest(
    conn: &mut vertelpunt_store::DbConnection,
    card: &Card,
    pattern: &Pattern,
    skip: &[String],
    job: &crate::support::jobs::Job<Option<Arc<Suggested>>>,
) -> Vec<Suggestion> {
    let mut attempt = || -> Result<Vec<Suggestion>, String> {
        job.advance(0, 3);
        let run = pattern_runs::get(conn, &card.row.run_id).map_err(|e| e.to_string())?;
        let selection: Selection =
            serde_json::from_str(&run.selection).map_err(|e| e.to_string())?;
        let preset: Preset =
            serde_json::from_str(&run.preset_definition).unwrap_or_else(|_| Preset::standard());
        let full = dataset::load::load(conn, &card.run_points).map_err(|e| e.to_string())?;
        job.advance(1, 3);
        let subgroup = match &run.subgroup {
            Some(text) => Some(Condition::parse(text)?),
            None => None,
        };
        let request = Request {
            selection,
            preset,
            subgroup,
            families: Vec::new(),
        };
        let prepared = run::prepare(&full, &request).map_err(|e| e.to_string())?;
        drop(full);
        job.advance(2, 3);
        typical_stories(
            pattern,
            &prepared.selected,
            &prepared.variables,
            prepared.subgroup.as_ref(),
            SUGGESTED_PER_GROUP,
            skip,
        )
        .map_err(|e| e.to_string())
    };
    attempt().unwrap_or_else(|e| {
        tracing::info!(card = %card.row.id, "no typical stories suggested: {e}");
        Vec::new()
    })
}

/// Deletes a draft card (a published card is first taken back to draft).
pub async fn delete(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffForm {
        form: _form,
        lang,
        session,
        ..
    }: StaffForm<can::WriteCards>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let card_id = id.clone();
    let scope = session.user.scope();
    let deleted = pages::stored(&state, lang, move |conn| {
        let card = crate::support::scope::card(conn, &scope, &card_id)?;
        if card.row.is_published() {
            return Ok(false);
        }
        cards::delete(conn, &card_id)
    })
    .await;
    Ok(match deleted {
        Ok(true) => {
            tracing::info!(card = %id, by = %session.user.email, "observation card deleted");
            see_other(&format!("/kaarten?lang={}&klaar=verwijderd", lang.code()))
        }
        Ok(false) => pages::error_page(
            &state,
            StatusCode::CONFLICT,
            lang,
            "common.error_title",
            "cards.delete_published",
        ),
        Err(response) => return Err(response),
    })
}
