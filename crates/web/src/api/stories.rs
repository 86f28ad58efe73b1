//! `POST /api/v1/collection-points/{slug}/stories`: a story collected in a partner's own app.
//!
//! The request is translated into the fields of the public form and goes through the very same
//! checks ([`crate::public::vertelpunt::check`]) and the same story writer, so a story means the same
//! whichever way it came in. Anonymous requests are rate limited per client like the form; a
//! staff token (a partner's server) is not, and is recorded as the one who entered the story.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vertelpunt_model::{Lang, Role};
use vertelpunt_store::stories::StorySource;

use super::{lang_of, point, staff, ApiError, ApiFailure, FieldProblem};
use crate::public::vertelpunt::check::{self, Problems, STORY_ANCHOR, TITLE_ANCHOR};
use crate::public::vertelpunt::story::{self, identifying_notice, Origin, Saved};
use crate::support::client::client_addr;
use crate::support::forms::{field, RawForm};
use crate::support::state::AppState;

/// The teller's role.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RoleCode {
    Jongere,
    Ouder,
    Professional,
}

impl RoleCode {
    fn role(self) -> Role {
        match self {
            RoleCode::Jongere => Role::Jongere,
            RoleCode::Ouder => Role::Ouder,
            RoleCode::Professional => Role::Professional,
        }
    }
}

/// A language code.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LangCode {
    Nl,
    En,
}

/// One answer; its form depends on the question's kind (see `answer_format` of the question
/// in `GET /api/v1/collection-points/{slug}`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AnswerInput {
    /// A slider value 0–100.
    Number(f64),
    /// An option id, a region code, free text, or `"nvt"`.
    Text(String),
    /// The option ids of a multiple choice.
    Options(Vec<String>),
    /// The three shares of a triad (summing to 100).
    Shares(Vec<f64>),
}

/// A story with its answers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "role": "ouder",
    "language": "nl",
    "story": "Na maanden wachten kregen we eindelijk een gesprek met het wijkteam. Daarna ging het snel.",
    "title": "Eindelijk gehoord",
    "channel": "nieuwsbrief",
    "answers": {
        "gevolgen": "4",
        "gehoord": 80,
        "juiste_hulp": "nvt",
        "belangrijk": [50, 30, 20],
        "wie_hielp": ["wijkteam", "netwerk"],
        "regio": "JR28"
    }
}))]
pub struct StoryRequest {
    /// A UUID the client chooses, so that sending the same story again (after a network
    /// failure) stores it once. Made by the server when absent.
    #[schema(format = "uuid")]
    pub id: Option<String>,
    pub role: RoleCode,
    /// The language the teller used; also the language of the messages (default `nl`).
    pub language: Option<LangCode>,
    /// The story itself (at most 20,000 characters).
    pub story: String,
    pub title: Option<String>,
    /// A campaign code (`bron`); unknown codes are recorded as `onbekend`.
    pub channel: Option<String>,
    /// Answers by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerInput>,
    /// The teller saw the notice about identifying details and sends the story anyway (it then
    /// waits for review before anyone reads it).
    #[serde(default)]
    pub details_confirmed: bool,
}

/// A stored story.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoryCreated {
    pub id: String,
    /// The code the teller can use to withdraw the story; shown once, only its hash is kept.
    pub receipt: String,
    /// Where the teller withdraws it with the receipt.
    pub withdraw_url: String,
    /// Whether the story is complete by the questionnaire's rule.
    pub complete: bool,
    /// Identifying details were found: the text waits for review.
    pub flagged: bool,
}

/// Store a story.
#[utoipa::path(
    post,
    path = "/api/v1/collection-points/{slug}/stories",
    tag = "stories",
    params(("slug" = String, Path, description = "The collection point's slug")),
    request_body = StoryRequest,
    security((), ("token" = [])),
    responses(
        (status = 201, description = "Stored and committed", body = StoryCreated),
        (status = 400, description = "The body is not JSON of this schema", body = ApiError),
        (status = 401, description = "A token was sent but is not valid", body = ApiError),
        (status = 403, description = "The collection point is closed", body = ApiError),
        (status = 404, description = "No collection point has this slug", body = ApiError),
        (status = 409, description = "A story with this id is already stored", body = ApiError),
        (status = 413, description = "The body is larger than 2 MiB", body = ApiError),
        (status = 422, description = "The story was refused; `problems` says why, per field", body = ApiError),
        (status = 429, description = "Too many stories from this client; try again later", body = ApiError,
            headers(("Retry-After" = String, description = "Seconds to wait"))),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[post("/v1/collection-points/{slug}/stories")]
pub async fn submit(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
    body: web::Json<StoryRequest>,
) -> Result<HttpResponse, ApiFailure> {
    let body = body.into_inner();
    let staff = staff(&state, &req).await?;
    let ctx = point(&state, &req, &slug).await?;
    let lang = ctx.pick_lang(match body.language {
        Some(LangCode::En) => Lang::En,
        Some(LangCode::Nl) => Lang::Nl,
        None => lang_of(&req),
    });
    let text = |key: &str| state.locales.text(lang, key).to_string();

    if staff.is_none()
        && !state
            .limiter
            .allow(client_addr(&req, state.options.trust_forwarded_for))
    {
        return Err(ApiFailure::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            text("vertelpunt.errors.rate_limited"),
        )
        .retry_after(state.limiter.retry_after().as_secs()));
    }
    if !ctx.point.is_open(vertelpunt_store::now()) {
        return Err(ApiFailure::new(
            StatusCode::FORBIDDEN,
            "closed",
            text("vertelpunt.errors.closed"),
        ));
    }
    let story_id = match &body.id {
        None => story::new_story_id(),
        Some(id) => match uuid::Uuid::parse_str(id) {
            Ok(id) => id.to_string(),
            Err(_) => {
                return Err(refused(
                    &text("api.story_refused"),
                    vec![FieldProblem {
                        field: Some("id".into()),
                        message: text("api.invalid_id"),
                    }],
                ))
            }
        },
    };
    if let Some(field) = nul_field(&body) {
        return Err(refused(
            &text("api.story_refused"),
            vec![FieldProblem {
                field: Some(field),
                message: text("common.nul_body"),
            }],
        ));
    }
    let role = body.role.role();
    let questions = ctx.questions_for(role).len();
    if body.answers.len() > questions {
        return Err(refused(
            &text("api.story_refused"),
            vec![FieldProblem {
                field: Some("answers".into()),
                message: state.locales.format(
                    lang,
                    "api.too_many_answers",
                    &[
                        ("given", body.answers.len().to_string()),
                        ("max", questions.to_string()),
                    ],
                ),
            }],
        ));
    }
    let (form, shape_problems) = to_form(&body, role, lang, &state);
    let checked = match check::check(&ctx, role, &form, &state.locales, lang, None) {
        Ok(checked) if shape_problems.is_empty() => checked,
        Ok(_) => return Err(refused(&text("api.story_refused"), shape_problems)),
        Err(problems) => {
            let mut list = shape_problems;
            list.extend(field_problems(&problems));
            return Err(refused(&text("api.story_refused"), list));
        }
    };
    if !checked.identifying.is_empty() && !body.details_confirmed {
        let message = identifying_notice(&state, lang, &checked.identifying);
        return Err(ApiFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "identifying_details",
            message.clone(),
        )
        .with_problems(vec![FieldProblem {
            field: Some("story".into()),
            message,
        }]));
    }
    let flagged = !checked.identifying.is_empty();
    let complete = checked.complete;
    let origin = Origin {
        source: StorySource::Api,
        channel_code: story::public_channel(&ctx, body.channel.as_deref().unwrap_or("")),
        entered_by: staff.map(|s| s.user.id),
    };
    match story::save_checked(&state, &ctx, role, lang, story_id.clone(), checked, origin).await {
        Saved::Receipt(receipt) => Ok(HttpResponse::Created().json(StoryCreated {
            withdraw_url: format!("/v/{}/intrekken", ctx.point.slug),
            id: story_id,
            receipt,
            complete,
            flagged,
        })),
        Saved::Duplicate => Err(ApiFailure::new(
            StatusCode::CONFLICT,
            "duplicate",
            text("api.duplicate"),
        )),
        Saved::Failed(e) => Err(ApiFailure::store(&state, &req, &e)),
    }
}

fn refused(message: &str, problems: Vec<FieldProblem>) -> ApiFailure {
    ApiFailure::invalid_story(message, problems)
}

/// The request as the fields of the public form, and the problems of answers whose shape
/// cannot be a form field at all (a triad with two shares, a list for a slider).
fn to_form(
    body: &StoryRequest,
    role: Role,
    lang: Lang,
    state: &AppState,
) -> (RawForm, Vec<FieldProblem>) {
    let mut pairs: Vec<(String, String)> = vec![
        (field::ROLE.into(), role.code().into()),
        (field::LANG.into(), lang.code().into()),
        (field::STORY.into(), body.story.clone()),
        (field::TITLE.into(), body.title.clone().unwrap_or_default()),
    ];
    let mut problems = Vec::new();
    for (id, answer) in &body.answers {
        let name = format!("{}{id}", field::QUESTION_PREFIX);
        match answer {
            AnswerInput::Number(x) => pairs.push((name, number(*x))),
            AnswerInput::Text(t) => {
                if t.trim().eq_ignore_ascii_case("nvt") {
                    pairs.push((format!("{name}.nvt"), "1".into()));
                }
                pairs.push((name, t.clone()));
            }
            AnswerInput::Options(list) => {
                if list.is_empty() {
                    // An empty list is no answer; still mention the question so that an
                    // unknown id is reported.
                    pairs.push((name.clone(), String::new()));
                }
                for option in list {
                    pairs.push((name.clone(), option.clone()));
                }
            }
            AnswerInput::Shares(shares) if shares.len() == 3 => {
                for (corner, share) in ["a", "b", "c"].iter().zip(shares) {
                    pairs.push((format!("{name}.{corner}"), number(*share)));
                }
            }
            AnswerInput::Shares(_) => {
                problems.push(FieldProblem {
                    field: Some(format!("answers.{id}")),
                    message: state.locales.text(lang, "api.triad_shares").into(),
                });
                pairs.push((name, String::new()));
            }
        }
    }
    (RawForm::from_pairs(pairs), problems)
}

/// The first field of the request that holds a NUL character (PostgreSQL cannot store one; the
/// story is refused on both backends alike).
fn nul_field(body: &StoryRequest) -> Option<String> {
    let nul = |t: &str| t.contains('\0');
    let plain = [
        ("id", body.id.as_deref()),
        ("story", Some(body.story.as_str())),
        ("title", body.title.as_deref()),
        ("channel", body.channel.as_deref()),
    ];
    if let Some((name, _)) = plain.iter().find(|(_, v)| v.is_some_and(nul)) {
        return Some(name.to_string());
    }
    body.answers.iter().find_map(|(id, answer)| {
        let holds = nul(id)
            || match answer {
                AnswerInput::Text(t) => nul(t),
                AnswerInput::Options(list) => list.iter().any(|o| nul(o)),
                AnswerInput::Number(_) | AnswerInput::Shares(_) => false,
            };
        holds.then(|| format!("answers.{}", id.replace('\0', "")))
    })
}

/// A number as the form would carry it: whole numbers without a decimal point.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// The form's problems with API field names instead of page anchors.
fn field_problems(problems: &Problems) -> Vec<FieldProblem> {
    problems
        .list
        .iter()
        .map(|(anchor, message)| FieldProblem {
            field: match anchor.as_str() {
                "" => None,
                STORY_ANCHOR => Some("story".into()),
                TITLE_ANCHOR => Some("title".into()),
                other => Some(match other.strip_prefix("vraag-") {
                    Some(id) => format!("answers.{id}"),
                    None => other.to_string(),
                }),
            },
            message: message.clone(),
        })
        .collect()
}
