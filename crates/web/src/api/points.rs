//! `GET /api/v1/collection-points` and `GET /api/v1/collection-points/{slug}`: what a partner
//! app needs to show a Vertelpunt's form in its own way — the questions per role with their
//! options, poles and corners, in Dutch and English, and how each answer is sent.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use vertelpunt_model::{regions, Question, QuestionKind, Role};
use vertelpunt_store::collection_points::{self, CollectionPoint};

use super::{blocking, point, timestamp, ApiError, ApiFailure, ApiText};
use crate::support::catalog::PointContext;
use crate::support::state::AppState;

/// A collection point in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointSummary {
    /// The public name in `/v/{slug}`.
    pub slug: String,
    pub name: String,
    /// Whether it accepts stories now.
    pub open: bool,
    #[schema(format = DateTime)]
    pub opens_at: Option<String>,
    #[schema(format = DateTime)]
    pub closes_at: Option<String>,
    /// Language codes offered, Dutch first (`nl`, `en`).
    pub languages: Vec<String>,
    /// The core questionnaire version stories answer.
    pub questionnaire_version_id: String,
    /// The public web form.
    pub form_url: String,
}

/// A collection point with everything needed to collect a story for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointDetail {
    #[serde(flatten)]
    pub summary: PointSummary,
    /// The project that runs it.
    pub project: String,
    /// Module questionnaire versions, in form order.
    pub module_version_ids: Vec<String>,
    /// The story prompt.
    pub prompt: ApiText,
    /// Whether the questionnaire asks for a title.
    pub has_title: bool,
    /// The questions each role answers besides the story, in form order.
    pub roles: Vec<RoleQuestions>,
    /// The regions a `region` question accepts (code and name).
    pub regions: Vec<RegionView>,
}

/// The questions of one role.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleQuestions {
    /// `jongere`, `ouder` or `professional`.
    pub role: String,
    pub label: ApiText,
    pub questions: Vec<QuestionView>,
}

/// One question and how to answer it in `answers`.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionView {
    pub id: String,
    /// `slider`, `scale`, `single_choice`, `multiple_choice`, `triad`, `free_text` or `region`.
    pub kind: String,
    pub text: ApiText,
    pub help: Option<ApiText>,
    pub required: bool,
    /// Whether "niet van toepassing" is allowed (send `"nvt"`).
    pub not_applicable: bool,
    /// Slider poles (0 = left, 100 = right).
    pub left: Option<ApiText>,
    pub right: Option<ApiText>,
    /// Triad corners, in the order of the three shares.
    pub corners: Option<Vec<ApiText>>,
    /// Options of a scale or choice, in order.
    pub options: Vec<OptionView>,
    pub max_picks: Option<u32>,
    pub max_length: Option<u32>,
    /// The form of the answer, e.g. "an integer 0–100 or \"nvt\"".
    pub answer_format: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OptionView {
    pub id: String,
    pub label: ApiText,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionView {
    pub code: String,
    pub name: String,
}

/// Every collection point, open or closed.
#[utoipa::path(
    get,
    path = "/api/v1/collection-points",
    tag = "collection points",
    responses(
        (status = 200, description = "Every collection point", body = [PointSummary]),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/collection-points")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let points = blocking(&state, &req, collection_points::list).await?;
    let now = vertelpunt_store::now();
    let list: Vec<PointSummary> = points.iter().map(|p| summary(p, now)).collect();
    Ok(HttpResponse::Ok().json(list))
}

/// One collection point with its questions per role.
#[utoipa::path(
    get,
    path = "/api/v1/collection-points/{slug}",
    tag = "collection points",
    params(("slug" = String, Path, description = "The collection point's slug, e.g. `jeugdhulp`")),
    responses(
        (status = 200, description = "The collection point", body = PointDetail),
        (status = 404, description = "No collection point has this slug", body = ApiError),
        (status = 503, description = "The database is not reachable", body = ApiError),
    )
)]
#[get("/v1/collection-points/{slug}")]
pub async fn get(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiFailure> {
    let ctx = point(&state, &req, &slug).await?;
    Ok(HttpResponse::Ok().json(detail(&ctx)))
}

fn summary(point: &CollectionPoint, now: chrono::NaiveDateTime) -> PointSummary {
    PointSummary {
        slug: point.slug.clone(),
        name: point.name.clone(),
        open: point.is_open(now),
        opens_at: point.opens_at.map(timestamp),
        closes_at: point.closes_at.map(timestamp),
        languages: point
            .language_codes()
            .into_iter()
            .map(String::from)
            .collect(),
        questionnaire_version_id: point.questionnaire_version_id.clone(),
        form_url: format!("/v/{}", point.slug),
    }
}

fn detail(ctx: &PointContext) -> PointDetail {
    PointDetail {
        summary: summary(&ctx.point, vertelpunt_store::now()),
        project: ctx.project_name.clone(),
        module_version_ids: ctx.modules.iter().map(|(id, _)| id.clone()).collect(),
        prompt: ctx
            .story_question()
            .map(|q| ApiText::from(&q.text))
            .unwrap_or(ApiText {
                nl: String::new(),
                en: String::new(),
            }),
        has_title: ctx.title_question().is_some(),
        roles: Role::ALL
            .into_iter()
            .map(|role| RoleQuestions {
                role: role.code().to_string(),
                label: ApiText::from(&role.label()),
                questions: ctx
                    .questions_for(role)
                    .into_iter()
                    .map(|(_, q)| question_view(q))
                    .collect(),
            })
            .collect(),
        regions: regions::jeugdregios()
            .iter()
            .filter(|r| r.active)
            .map(|r| RegionView {
                code: r.code.clone(),
                name: r.name.clone(),
            })
            .collect(),
    }
}

fn question_view(q: &Question) -> QuestionView {
    let mut view = QuestionView {
        id: q.id.clone(),
        kind: q.kind.code().to_string(),
        text: ApiText::from(&q.text),
        help: q.help.as_ref().map(ApiText::from),
        required: q.required,
        not_applicable: false,
        left: None,
        right: None,
        corners: None,
        options: q
            .kind
            .options()
            .iter()
            .map(|o| OptionView {
                id: o.id.clone(),
                label: ApiText::from(&o.label),
            })
            .collect(),
        max_picks: None,
        max_length: None,
        answer_format: String::new(),
    };
    view.answer_format = match &q.kind {
        QuestionKind::Slider {
            left,
            right,
            not_applicable,
        } => {
            view.left = Some(left.into());
            view.right = Some(right.into());
            view.not_applicable = *not_applicable;
            "an integer 0–100 (0 = left pole, 100 = right pole)".into()
        }
        QuestionKind::Scale { not_applicable, .. } => {
            view.not_applicable = *not_applicable;
            "one option id".into()
        }
        QuestionKind::SingleChoice { .. } => "one option id".into(),
        QuestionKind::MultipleChoice { max_picks, .. } => {
            view.max_picks = Some(*max_picks);
            format!("a list of at most {max_picks} option ids")
        }
        QuestionKind::Triad {
            corners,
            not_applicable,
        } => {
            view.corners = Some(corners.iter().map(ApiText::from).collect());
            view.not_applicable = *not_applicable;
            "three shares, one per corner, that sum to 100".into()
        }
        QuestionKind::FreeText { max_length } => {
            view.max_length = Some(*max_length);
            format!("text of at most {max_length} characters")
        }
        QuestionKind::Region => "a region code from `regions`".into(),
        QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle => String::new(),
    };
    if view.not_applicable {
        view.answer_format
            .push_str(", or \"nvt\" (niet van toepassing)");
    }
    view
}
