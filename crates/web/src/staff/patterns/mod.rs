//! `/patronen`: the stored pattern evaluations, for analysts and admins. Every pattern of a run
//! stays browsable — strong or not — ranked as the engine ranked them, filtered by family or to
//! the strong ones, with its sentence, test, p, q (Benjamini-Hochberg over the whole run) and
//! effect size, and its chart (stored with the run). Runs are started on `/patronen/nieuw`
//! (see [`crate::staff::patterns::evaluations`]) or with `vertelpunt evaluate --database …`.
//!
//! A story corpus gives many key words, one pattern each: with every family shown, the key
//! words of one group (strong or not) are taken together in one entry that names them and links
//! to them one by one (`?familie=words&groep=KEY`), so they do not crowd out the other patterns.

pub mod evaluations;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;
use vertelpunt_model::{Lang, Text};
use vertelpunt_patterns::{Family, Pattern};
use vertelpunt_store::cards;
use vertelpunt_store::pattern_runs::{self, PatternRun};

use crate::support::auth::staff_context;
use crate::support::auth::StaffPage;
use crate::support::error::PageError;
use crate::support::i18n::decimal_comma;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// Patterns per page.
const PAGE_SIZE: usize = 50;

/// The view's fields.
const FAMILY: &str = "familie";
const STRONG: &str = "sterk";
const PAGE: &str = "pagina";
const GROUP: &str = "groep";

/// Key words named in a group's entry; the others are behind its link.
const WORDS_NAMED: usize = 15;

/// The part of `patterns.json` the page reads.
#[derive(Deserialize)]
struct Results {
    disclaimer: Text,
    patterns: Vec<Pattern>,
}

/// A run in the list.
#[derive(Serialize)]
struct RunRow {
    href: String,
    finished: String,
    points: String,
    stories: i32,
    tests: i32,
    strong: i32,
    preset: String,
    /// Demo stories are (or may be) among its stories.
    demo: bool,
}

/// A pattern as the page shows it.
#[derive(Serialize)]
struct PatternRow {
    rank: Option<u32>,
    strong: bool,
    family: String,
    questions: String,
    description: String,
    n: u64,
    test: String,
    p: String,
    q: String,
    effect: String,
    /// "Met deze aantallen zou een effect kleiner dan ε² = 0,012 niet opvallen." for a tested
    /// pattern that is not strong.
    absence: Option<String>,
    /// The smallest detectable effect, "ε² = 0,012".
    detectable: Option<String>,
    /// The chart's address, when the run kept it.
    chart: Option<String>,
    pattern_id: String,
    /// The address of the observation card made of this pattern.
    card: Option<String>,
}

/// The key words of one group taken together (see the module's documentation).
#[derive(Serialize)]
struct WordsRow {
    strong: bool,
    heading: String,
    /// "vanaf Nr. 12" for strong ones.
    ranks: Option<String>,
    summary: String,
    more: Option<String>,
    less: Option<String>,
    href: String,
    open: String,
}

/// One entry of the list: a pattern, or a group's key words.
#[derive(Serialize)]
struct EntryRow {
    pattern: Option<PatternRow>,
    words: Option<WordsRow>,
}

/// What the list shows, in the engine's order.
enum Entry<'a> {
    One(&'a Pattern),
    /// The key words of one group with the same strength, at the place of the first.
    Words(Vec<&'a Pattern>),
}

/// The group a key-word pattern is about (its variable key), with its strength.
fn word_group(p: &Pattern) -> Option<(&str, bool)> {
    (p.family == Family::Words)
        .then(|| p.questions.first().map(|k| (k.as_str(), p.strong)))
        .flatten()
}

/// `chosen` with the key words of a group (two or more, of the same strength) in one entry.
fn collapse_words<'a>(chosen: &[&'a Pattern]) -> Vec<Entry<'a>> {
    let mut groups: std::collections::HashMap<(&str, bool), Vec<&'a Pattern>> =
        std::collections::HashMap::new();
    for p in chosen {
        if let Some(key) = word_group(p) {
            groups.entry(key).or_default().push(p);
        }
    }
    let mut named = std::collections::HashSet::new();
    let mut out = Vec::new();
    for p in chosen {
        match word_group(p) {
            Some(key) if groups[&key].len() >= 2 => {
                if named.insert(key) {
                    out.push(Entry::Words(groups[&key].clone()));
                }
            }
            _ => out.push(Entry::One(p)),
        }
    }
    out
}

/// A p or q value: four significant decimals, or "< 0,0001".
fn probability(lang: Lang, value: Option<f64>) -> String {
    let text = match value {
        None => return "–".to_string(),
        Some(v) if v < 0.0001 => "< 0.0001".to_string(),
        Some(v) => format!("{v:.4}"),
    };
    decimal_comma(lang, text)
}

fn when(run: &PatternRun) -> String {
    run.finished_at.format("%Y-%m-%d %H:%M").to_string()
}

pub async fn list(
    state: web::Data<AppState>,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::RunEvaluations>,
) -> Result<HttpResponse, PageError> {
    let scope = session.user.scope();
    let runs = pages::stored(&state, lang, move |conn| {
        let mut runs = pattern_runs::list(conn)?;
        crate::support::scope::retain_visible(conn, &scope, &mut runs, |r| &r.id)?;
        Ok(runs)
    })
    .await?;
    let rows: Vec<RunRow> = runs
        .iter()
        .map(|run| RunRow {
            href: format!("/patronen/{}?lang={}", run.id, lang.code()),
            finished: when(run),
            points: run.collection_points.replace(',', ", "),
            stories: run.stories,
            tests: run.tests,
            strong: run.strong,
            preset: run.preset.clone(),
            demo: run.has_demo(),
        })
        .collect();
    let mut context = staff_context(&state, &session, lang, Context::new());
    context.insert("runs", &rows);
    crate::staff::patterns::evaluations::insert_running(&state, lang, &mut context);
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "patterns/list.html",
        lang,
        context,
    ))
}

pub async fn show(
    state: web::Data<AppState>,
    id: web::Path<String>,
    StaffPage {
        query,
        lang,
        session,
        ..
    }: StaffPage<can::RunEvaluations>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let wanted = id.clone();
    let scope = session.user.scope();
    let found = pages::stored(&state, lang, move |conn| {
        crate::support::scope::check_run(conn, &scope, &wanted)?;
        Ok((
            pattern_runs::get(conn, &wanted)?,
            pattern_runs::chart_names(conn, &wanted)?,
            cards::of_run(conn, &wanted)?,
        ))
    })
    .await;
    let (run, charts, made) = found?;
    let results: Results = match serde_json::from_str(&run.results) {
        Ok(results) => results,
        Err(e) => return Err(PageError::failure(&state, lang, &format!("run {id}: {e}"))),
    };
    let family = Family::ALL
        .iter()
        .copied()
        .find(|f| Some(f.code()) == query.get(FAMILY));
    let only_strong = query.ticked(STRONG);
    let group = Some(query.trimmed(GROUP)).filter(|g| !g.is_empty());
    let chosen: Vec<&Pattern> = results
        .patterns
        .iter()
        .filter(|p| family.is_none_or(|f| p.family == f))
        .filter(|p| !only_strong || p.strong)
        .filter(|p| group.is_none_or(|g| word_group(p).is_some_and(|(k, _)| k == g)))
        .collect();
    let grouped = family.is_none() && group.is_none();
    let entries = if grouped {
        collapse_words(&chosen)
    } else {
        chosen.iter().map(|p| Entry::One(p)).collect()
    };
    let pages_count = entries.len().div_ceil(PAGE_SIZE).max(1);
    let page: usize = query
        .trimmed(PAGE)
        .parse()
        .unwrap_or(1)
        .clamp(1, pages_count);
    let text = |key: &str| state.locales.text(lang, key).to_string();
    let rows: Vec<EntryRow> = entries
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|entry| match entry {
            Entry::One(p) => EntryRow {
                pattern: Some({
                    let (detectable, absence) =
                        crate::staff::cards::figures::detectable(&state.locales, lang, p);
                    PatternRow {
                        rank: p.rank,
                        strong: p.strong,
                        family: text(&format!("patterns.family_{}", p.family.code())),
                        questions: p
                            .labels
                            .iter()
                            .map(|l| l.get(lang).to_string())
                            .collect::<Vec<_>>()
                            .join(" × "),
                        description: p.description.get(lang).to_string(),
                        n: p.n,
                        test: p
                            .test
                            .as_deref()
                            .map(|t| text(&format!("patterns.test_{t}")))
                            .unwrap_or_else(|| text("patterns.no_test")),
                        p: probability(lang, p.p),
                        q: probability(lang, p.q),
                        effect: p
                            .effect
                            .as_ref()
                            .map(|e| {
                                let magnitude =
                                    crate::staff::cards::figures::magnitude(e.magnitude);
                                format!(
                                    "{} = {} ({})",
                                    text(&format!("patterns.effect_{}", e.name)),
                                    decimal_comma(lang, format!("{:.3}", e.value)),
                                    text(&format!("patterns.magnitude_{magnitude}"))
                                )
                            })
                            .unwrap_or_else(|| "–".to_string()),
                        detectable,
                        absence,
                        chart: p
                            .chart
                            .as_ref()
                            .filter(|c| charts.binary_search(c).is_ok())
                            .map(|c| format!("/patronen/{id}/grafiek/{c}")),
                        pattern_id: p.id.clone(),
                        card: made
                            .get(&p.id)
                            .map(|c| format!("/kaarten/{c}?lang={}", lang.code())),
                    }
                }),
                words: None,
            },
            Entry::Words(members) => EntryRow {
                pattern: None,
                words: Some(words_row(&state, lang, &id, members)),
            },
        })
        .collect();
    let href = |page: usize| {
        let mut href = format!("/patronen/{id}?lang={}", lang.code());
        if let Some(f) = family {
            href.push_str(&format!("&{FAMILY}={}", f.code()));
        }
        if only_strong {
            href.push_str(&format!("&{STRONG}=1"));
        }
        if let Some(g) = group {
            href.push_str(&format!("&{GROUP}="));
            href.extend(form_urlencoded::byte_serialize(g.as_bytes()));
        }
        if page > 1 {
            href.push_str(&format!("&{PAGE}={page}"));
        }
        href
    };
    let family_choices: Vec<(&str, String, bool)> = Family::ALL
        .iter()
        .map(|f| {
            let code = f.code();
            let label = text(&format!("patterns.family_{code}"));
            (code, label, family == Some(*f))
        })
        .collect();
    // How the strong patterns spread over the families, each a link to them.
    let strong_per_family: Vec<(String, usize, String)> = Family::ALL
        .iter()
        .filter_map(|f| {
            let n = results
                .patterns
                .iter()
                .filter(|p| p.strong && p.family == *f)
                .count();
            (n > 0).then(|| {
                (
                    text(&format!("patterns.family_{}", f.code())),
                    n,
                    format!(
                        "/patronen/{id}?lang={}&{FAMILY}={}&{STRONG}=1",
                        lang.code(),
                        f.code()
                    ),
                )
            })
        })
        .collect();
    let mut context = staff_context(&state, &session, lang, Context::new());
    context.insert("strong_per_family", &strong_per_family);
    context.insert("writer", &crate::staff::cards::writes(&session));
    context.insert("run_id", &id);
    context.insert(
        "summary",
        &state.locales.format(
            lang,
            "patterns.summary",
            &[
                ("stories", run.stories.to_string()),
                ("tests", run.tests.to_string()),
                ("strong", run.strong.to_string()),
                ("points", run.collection_points.replace(',', ", ")),
                ("when", when(&run)),
                ("preset", run.preset.clone()),
                ("engine", run.engine_version.clone()),
            ],
        ),
    );
    context.insert("disclaimer", results.disclaimer.get(lang));
    context.insert(
        "demo_note",
        &pages::demo_note(&state.locales, lang, run.synthetic_stories, run.stories),
    );
    context.insert("family_choices", &family_choices);
    context.insert("only_strong", &only_strong);
    let shown = if grouped && entries.len() < chosen.len() {
        "patterns.shown_grouped"
    } else {
        "patterns.shown"
    };
    context.insert(
        "group_shown",
        &group.and_then(|g| {
            chosen
                .first()
                .and_then(|p| p.labels.first())
                .map(|l| (l.get(lang).to_string(), g.to_string()))
        }),
    );
    context.insert(
        "shown",
        &state.locales.format(
            lang,
            shown,
            &[
                ("n", chosen.len().to_string()),
                ("page", page.to_string()),
                ("pages", pages_count.to_string()),
            ],
        ),
    );
    context.insert("patterns", &rows);
    context.insert("prev_href", &(page > 1).then(|| href(page - 1)));
    context.insert("next_href", &(page < pages_count).then(|| href(page + 1)));
    Ok(pages::page(
        &state,
        StatusCode::OK,
        "patterns/run.html",
        lang,
        context,
    ))
}

/// The entry of one group's key words: which words, more or less often, and the link to them.
fn words_row(state: &AppState, lang: Lang, run: &str, members: &[&Pattern]) -> WordsRow {
    let first = members[0];
    let label = first
        .labels
        .first()
        .map(|l| l.get(lang).to_string())
        .unwrap_or_default();
    let listed = |more: bool| {
        let words: Vec<String> = members
            .iter()
            .filter(|p| p.effect.as_ref().is_some_and(|e| (e.value >= 0.0) == more))
            .filter_map(|p| p.word.as_ref().map(|w| format!("‘{w}’")))
            .collect();
        if words.is_empty() {
            return None;
        }
        let mut named = words
            .iter()
            .take(WORDS_NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if words.len() > WORDS_NAMED {
            named.push_str(", …");
        }
        let key = if more {
            "patterns.words_more"
        } else {
            "patterns.words_less"
        };
        Some(state.locales.format(lang, key, &[("words", named)]))
    };
    // The words of several groups interleave in the ranking, so the entry gives where its
    // first word ranks.
    let ranks = members.iter().filter_map(|p| p.rank).min().map(|rank| {
        state.locales.format(
            lang,
            "patterns.words_from_rank",
            &[("rank", rank.to_string())],
        )
    });
    let mut href = format!(
        "/patronen/{run}?lang={}&{FAMILY}={}&{GROUP}=",
        lang.code(),
        Family::Words.code()
    );
    href.extend(form_urlencoded::byte_serialize(
        first.questions[0].as_bytes(),
    ));
    if first.strong {
        href.push_str(&format!("&{STRONG}=1"));
    }
    let n = members.len().to_string();
    WordsRow {
        strong: first.strong,
        heading: state
            .locales
            .format(lang, "patterns.words_heading", &[("group", label.clone())]),
        ranks,
        summary: state.locales.format(
            lang,
            if first.strong {
                "patterns.words_summary_strong"
            } else {
                "patterns.words_summary"
            },
            &[("group", label), ("n", n.clone())],
        ),
        more: listed(true),
        less: listed(false),
        href,
        open: state
            .locales
            .format(lang, "patterns.words_open", &[("n", n)]),
    }
}

/// One chart of a run, as SVG.
pub async fn chart(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::RunEvaluations>,
) -> Result<HttpResponse, PageError> {
    let (id, name) = path.into_inner();
    let scope = session.user.scope();
    Ok(
        match pages::stored(&state, lang, move |conn| {
            crate::support::scope::check_run(conn, &scope, &id)?;
            pattern_runs::chart(conn, &id, &name)
        })
        .await
        {
            Ok(Some(svg)) => HttpResponse::Ok()
                .content_type("image/svg+xml; charset=utf-8")
                .insert_header(("Cache-Control", "private, max-age=86400"))
                .body(svg),
            Ok(None) => pages::not_found(&state, lang),
            Err(response) => return Err(response),
        },
    )
}
