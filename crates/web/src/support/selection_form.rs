//! The selection of stories on staff forms — which Vertelpunten, dates, role, region, channel,
//! theme, complete stories only, demo stories — as the pattern evaluation form and the export
//! form ask for it: what was typed, what is offered, the check (a message per field, in the
//! user's language) and the [`Selection`] it makes. The fields are drawn by the template macro
//! `selection_fields` in `macros.html`.

use std::collections::BTreeMap;

use actix_web::web;
use chrono::NaiveDate;
use tera::Context;
use vertelpunt_model::{regions, Lang, Question, QuestionKind, Role, Text};
use vertelpunt_patterns::selection::ConditionTest;
use vertelpunt_patterns::{Condition, Selection};
use vertelpunt_store::{channels, collection_points, themes, users, StoreError};

use crate::support::forms::RawForm;
use crate::support::state::AppState;

/// The fields.
pub const POINT: &str = "punt";
pub const FROM: &str = "van";
pub const UNTIL: &str = "tot";
pub const ROLE: &str = "rol";
pub const REGION: &str = "regio";
pub const CHANNEL: &str = "kanaal";
pub const THEME: &str = "thema";
pub const COMPLETE: &str = "compleet";
pub const SYNTHETIC: &str = "synthetisch";
/// Conditions on answers, one per line (`gevolgen=1,2`, `gehoord>=50`, `gehoord=10..40`).
pub const CONDITIONS: &str = "voorwaarden";

/// A choice in a form: value, label, chosen.
pub type Choice = (String, String, bool);

/// The choices of a list, with those `chosen` marked.
pub fn choices(items: &[(String, String)], chosen: &dyn Fn(&str) -> bool) -> Vec<Choice> {
    items
        .iter()
        .map(|(v, l)| (v.clone(), l.clone(), chosen(v)))
        .collect()
}

/// What the selection was filled in with (or starts with).
#[derive(Debug, Default, Clone)]
pub struct SelectionAsked {
    pub points: Vec<String>,
    pub from: String,
    pub until: String,
    pub role: String,
    pub region: String,
    pub channel: String,
    pub theme: String,
    pub complete: bool,
    pub synthetic: bool,
    /// Conditions on answers, as typed (one per line).
    pub conditions: String,
}

impl SelectionAsked {
    pub fn of(form: &RawForm) -> SelectionAsked {
        let text = |name: &str| form.trimmed(name).to_string();
        SelectionAsked {
            points: form.all(POINT).into_iter().map(String::from).collect(),
            from: text(FROM),
            until: text(UNTIL),
            role: text(ROLE),
            region: text(REGION),
            channel: text(CHANNEL),
            theme: text(THEME),
            complete: form.ticked(COMPLETE),
            synthetic: form.ticked(SYNTHETIC),
            conditions: form.get(CONDITIONS).unwrap_or_default().trim().to_string(),
        }
    }

    /// The selection as first shown: the Vertelpunt the user chose last (else the open one),
    /// every story.
    pub fn fresh(offer: &Offer) -> SelectionAsked {
        SelectionAsked {
            points: offer.preferred.iter().cloned().collect(),
            ..SelectionAsked::default()
        }
    }
}

/// What the form offers.
pub struct Offer {
    pub points: Vec<(String, String)>,
    /// The Vertelpunt a fresh form starts with (see [`collection_points::preferred`]).
    pub preferred: Option<String>,
    pub channels: Vec<(String, String)>,
    /// Themes in use: the theme and how many stories have it.
    pub themes: Vec<(String, i64)>,
    /// The questions an answer condition may name, of every Vertelpunt, each once.
    pub questions: Vec<ConditionQuestion>,
    /// The account's scope: a region-limited account's selection always keeps only stories of
    /// its regions; `points` holds only the Vertelpunten of a project-limited account's
    /// projects.
    pub scope: users::Scope,
}

/// A question an answer condition may name: a slider (a range) or a choice (its options).
#[derive(Debug, Clone)]
pub struct ConditionQuestion {
    pub id: String,
    pub label: Text,
    /// Option ids and labels; empty for a slider.
    pub options: Vec<(String, Text)>,
}

impl ConditionQuestion {
    fn of(q: &Question) -> Option<ConditionQuestion> {
        let options = match &q.kind {
            QuestionKind::Slider { .. } => Vec::new(),
            QuestionKind::Scale { options, .. }
            | QuestionKind::SingleChoice { options }
            | QuestionKind::MultipleChoice { options, .. } => options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect(),
            _ => return None,
        };
        Some(ConditionQuestion {
            id: q.id.clone(),
            label: q.short.clone().unwrap_or_else(|| q.text.clone()),
            options,
        })
    }

    fn is_slider(&self) -> bool {
        self.options.is_empty()
    }
}

/// The Vertelpunten, channels and themes there are, and the Vertelpunt `user_id` would start
/// with.
pub async fn offer(state: &AppState, user: &users::User) -> Result<Offer, String> {
    let store = state.store.clone();
    let catalog = state.catalog.clone();
    let user_id = user.id.clone();
    let scope = user.scope();
    web::block(move || -> Result<Offer, StoreError> {
        let mut conn = store.conn()?;
        // A project-limited account selects only among its projects' Vertelpunten.
        let points = crate::support::scope::visible_points(&mut conn, &scope)?;
        let last = users::last_point(&mut conn, &user_id)?;
        let preferred =
            collection_points::preferred(&points, last.as_deref(), vertelpunt_store::now())
                .map(|p| p.slug.clone());
        let mut codes = BTreeMap::new();
        let mut projects: Vec<&str> = points.iter().map(|p| p.project_id.as_str()).collect();
        projects.sort_unstable();
        projects.dedup();
        for project in projects {
            for c in channels::list(&mut conn, project)? {
                codes
                    .entry(c.code.clone())
                    .or_insert_with(|| format!("{} ({})", c.label, c.code));
            }
        }
        let ids: Vec<String> = points.iter().map(|p| p.id.clone()).collect();
        let mut questions: Vec<ConditionQuestion> = Vec::new();
        for p in &points {
            let Some(ctx) = catalog.get(&store, &p.slug)? else {
                continue;
            };
            let all = ctx
                .core
                .questions
                .iter()
                .chain(ctx.modules.iter().flat_map(|(_, m)| m.questions.iter()));
            for q in all.filter_map(ConditionQuestion::of) {
                if !questions.iter().any(|known| known.id == q.id) {
                    questions.push(q);
                }
            }
        }
        let limited = scope.codes();
        Ok(Offer {
            preferred,
            questions,
            themes: themes::in_use(&mut conn, &ids, limited.as_deref())?,
            scope,
            points: points.into_iter().map(|p| (p.slug, p.name)).collect(),
            channels: codes.into_iter().collect(),
        })
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())
}

/// Checks the selection: every mistake goes into `errors` by field; the selection holds what
/// could be read (use it only when `errors` stayed empty).
pub fn check(
    state: &AppState,
    lang: Lang,
    offer: &Offer,
    asked: &SelectionAsked,
    errors: &mut BTreeMap<&'static str, String>,
) -> Selection {
    let say = |key: &str, args: &[(&str, String)]| {
        state
            .locales
            .format(lang, &format!("evaluations.{key}"), args)
    };
    if asked.points.is_empty() {
        errors.insert(POINT, say("error_no_point", &[]));
    }
    for p in &asked.points {
        if !offer.points.iter().any(|(slug, _)| slug == p) {
            errors.insert(POINT, say("error_choice", &[("value", p.clone())]));
        }
    }
    let mut date = |name: &'static str, value: &str| -> Option<NaiveDate> {
        if value.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.insert(name, say("error_date", &[("value", value.to_string())]));
                None
            }
        }
    };
    let from = date(FROM, &asked.from);
    let until = date(UNTIL, &asked.until);
    if let (Some(f), Some(u)) = (from, until) {
        if u < f {
            errors.insert(UNTIL, say("error_dates_order", &[]));
        }
    }
    let mut conditions = Vec::new();
    let mut pick = |name: &'static str, value: &str, field: &str, known: bool| {
        if value.is_empty() {
            return;
        }
        if known {
            conditions.push(Condition {
                field: field.to_string(),
                test: ConditionTest::OneOf {
                    values: vec![value.to_string()],
                },
            });
        } else {
            errors.insert(name, say("error_choice", &[("value", value.to_string())]));
        }
    };
    pick(
        ROLE,
        &asked.role,
        "role",
        Role::ALL.iter().any(|r| r.code() == asked.role),
    );
    pick(
        REGION,
        &asked.region,
        "region",
        regions::jeugdregios()
            .iter()
            .any(|r| r.code == asked.region)
            && offer.scope.allows(Some(&asked.region)),
    );
    pick(
        CHANNEL,
        &asked.channel,
        "channel",
        offer.channels.iter().any(|(c, _)| *c == asked.channel),
    );
    pick(
        THEME,
        &asked.theme,
        "theme",
        offer.themes.iter().any(|(t, _)| *t == asked.theme),
    );
    for (n, line) in asked
        .conditions
        .lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
    {
        let line_no = (n + 1).to_string();
        match answer_condition(offer, line) {
            Ok(condition) => conditions.push(condition),
            Err((key, mut args)) => {
                args.push(("line", line_no));
                args.push(("condition", line.to_string()));
                let message = state
                    .locales
                    .format(lang, &format!("evaluations.{key}"), &args);
                errors
                    .entry(CONDITIONS)
                    .and_modify(|m: &mut String| {
                        m.push(' ');
                        m.push_str(&message)
                    })
                    .or_insert(message);
            }
        }
    }
    let mut selection = Selection {
        collection_points: asked.points.clone(),
        questionnaire: None,
        from,
        until,
        complete_only: asked.complete,
        include_synthetic: asked.synthetic,
        conditions,
    };
    if let Some(regions) = offer.scope.regions() {
        selection.limit_to_regions(regions);
    }
    selection
}

/// One condition on answers, checked against the questions offered: a slider takes a range, a
/// choice its options. A refusal is a locale key (`evaluations.KEY`) and its values.
#[allow(clippy::type_complexity)]
fn answer_condition(
    offer: &Offer,
    line: &str,
) -> Result<Condition, (&'static str, Vec<(&'static str, String)>)> {
    let condition = Condition::parse(line).map_err(|_| ("error_condition_syntax", Vec::new()))?;
    let Some(question) = offer.questions.iter().find(|q| q.id == condition.field) else {
        return Err((
            "error_condition_question",
            vec![("question", condition.field.clone())],
        ));
    };
    match &condition.test {
        ConditionTest::Between { .. } if question.is_slider() => Ok(condition),
        ConditionTest::OneOf { values } if !question.is_slider() => {
            match values
                .iter()
                .find(|v| !question.options.iter().any(|(id, _)| id == *v))
            {
                Some(unknown) => Err((
                    "error_condition_option",
                    vec![
                        ("option", unknown.clone()),
                        ("question", question.id.clone()),
                        (
                            "options",
                            question
                                .options
                                .iter()
                                .map(|(id, _)| id.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ],
                )),
                None => Ok(condition),
            }
        }
        _ if question.is_slider() => Err((
            "error_condition_slider",
            vec![("question", question.id.clone())],
        )),
        _ => Err((
            "error_condition_choice",
            vec![("question", question.id.clone())],
        )),
    }
}

/// A question as the help of the conditions field lists it.
#[derive(serde::Serialize)]
struct QuestionHelp {
    id: String,
    label: String,
    /// `id = label` per option; empty for a slider.
    options: Vec<String>,
}

/// Puts the selection's choices and values into `context`, for the macro `selection_fields`.
pub fn insert(lang: Lang, offer: &Offer, asked: &SelectionAsked, context: &mut Context) {
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| (r.code().to_string(), r.label().get(lang).to_string()))
        .collect();
    let region_list: Vec<(String, String)> = regions::jeugdregios()
        .iter()
        .filter(|r| offer.scope.allows(Some(&r.code)))
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let theme_list: Vec<(String, String)> = offer
        .themes
        .iter()
        .map(|(t, n)| (t.clone(), format!("{t} ({n})")))
        .collect();
    context.insert(
        "points",
        &choices(&offer.points, &|v| asked.points.iter().any(|p| p == v)),
    );
    context.insert("roles", &choices(&roles, &|v| v == asked.role));
    context.insert("regions", &choices(&region_list, &|v| v == asked.region));
    context.insert(
        "channels",
        &choices(&offer.channels, &|v| v == asked.channel),
    );
    context.insert("themes", &choices(&theme_list, &|v| v == asked.theme));
    context.insert("from", &asked.from);
    context.insert("until", &asked.until);
    context.insert("complete", &asked.complete);
    context.insert("synthetic", &asked.synthetic);
    context.insert("conditions", &asked.conditions);
    let help: Vec<QuestionHelp> = offer
        .questions
        .iter()
        .map(|q| QuestionHelp {
            id: q.id.clone(),
            label: q.label.get(lang).to_string(),
            options: q
                .options
                .iter()
                .map(|(id, label)| format!("{id} = {}", label.get(lang)))
                .collect(),
        })
        .collect();
    context.insert("condition_questions", &help);
}

/// Remembers the Vertelpunt a staff member chose (the first of `slugs`), so the next page
/// opens on it. A preference: when it cannot be stored, nothing else fails.
pub async fn remember_point(state: &AppState, user_id: &str, slugs: &[String]) {
    let Some(slug) = slugs.first().cloned() else {
        return;
    };
    let store = state.store.clone();
    let user_id = user_id.to_string();
    let stored = web::block(move || -> Result<(), StoreError> {
        let mut conn = store.conn()?;
        if users::last_point(&mut conn, &user_id)?.as_deref() != Some(slug.as_str()) {
            users::remember_point(&mut conn, &user_id, &slug)?;
        }
        Ok(())
    })
    .await;
    if let Ok(Err(e)) = stored {
        tracing::warn!(error = %e, "could not remember the chosen Vertelpunt");
    }
}
