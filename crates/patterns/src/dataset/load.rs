//! Reading a dataset from the database: every story of one or more collection points.

use std::collections::HashMap;

use vertelpunt_model::QuestionKind;
use vertelpunt_store::stories::review;
use vertelpunt_store::{analysis, collection_points, questionnaires, DbConnection};

use super::{Dataset, DatasetBuilder, DatasetError, DatasetQuestion, StoryRecord};

/// What a load reads besides the signifier answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Answers to free-text and region questions, as text columns (for exports).
    pub texts: bool,
    /// The text of stories whose identifying details still wait for review. Only an admin may
    /// ask for it; it never goes into an analysis.
    pub unreviewed_text: bool,
}

/// The signifier questions of a collection point (its core version, then its modules), and
/// the ids of its free-text and region questions.
fn questions_of(
    conn: &mut DbConnection,
    point: &collection_points::CollectionPoint,
) -> Result<(Vec<DatasetQuestion>, Vec<String>), DatasetError> {
    let mut versions = vec![questionnaires::get(conn, &point.questionnaire_version_id)?];
    versions.extend(collection_points::modules(conn, &point.id)?);
    let mut out = Vec::new();
    let mut texts = Vec::new();
    for version in versions {
        let questionnaire = version.questionnaire()?;
        for q in &questionnaire.questions {
            match DatasetQuestion::from_question(q, &questionnaire.key) {
                Some(d) => out.push(d),
                None if matches!(q.kind, QuestionKind::FreeText { .. } | QuestionKind::Region) => {
                    texts.push(q.id.clone())
                }
                None => {}
            }
        }
    }
    Ok((out, texts))
}

/// Loads the stories of the collection points with these slugs (withdrawn stories are gone;
/// synthetic ones are kept here and left out by the selection unless asked for). The text of a
/// story whose identifying details still wait for review is left out of the dataset.
pub fn load(conn: &mut DbConnection, slugs: &[String]) -> Result<Dataset, DatasetError> {
    load_with(conn, slugs, LoadOptions::default())
}

/// [`load`], reading what `options` ask for besides.
pub fn load_with(
    conn: &mut DbConnection,
    slugs: &[String],
    options: LoadOptions,
) -> Result<Dataset, DatasetError> {
    if slugs.is_empty() {
        return Err(DatasetError::Invalid(
            "name at least one collection point".into(),
        ));
    }
    let mut points = Vec::new();
    let mut questions: Vec<DatasetQuestion> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for slug in slugs {
        let point = collection_points::find_by_slug(conn, slug)?.ok_or_else(|| {
            DatasetError::Invalid(format!("there is no collection point '{slug}'"))
        })?;
        let (signifiers, text_ids) = questions_of(conn, &point)?;
        for id in text_ids {
            if options.texts && !texts.contains(&id) {
                texts.push(id);
            }
        }
        for q in signifiers {
            match questions.iter().find(|known| known.id == q.id) {
                Some(known) if known.shape != q.shape => {
                    return Err(DatasetError::Invalid(format!(
                        "question '{}' means different things in the collection points {}; \
                         evaluate them separately",
                        q.id,
                        slugs.join(", ")
                    )))
                }
                Some(_) => {}
                None => questions.push(q),
            }
        }
        points.push(point);
    }
    let slug_of: HashMap<String, String> = points
        .iter()
        .map(|p| (p.id.clone(), p.slug.clone()))
        .collect();
    let ids: Vec<String> = points.iter().map(|p| p.id.clone()).collect();
    let stories = analysis::stories_of(conn, &ids)?;
    let mut themes = vertelpunt_store::themes::of_points(conn, &ids)?;
    let mut builder = DatasetBuilder::new(questions).with_texts(texts.clone());
    let question_ids: Vec<String> = builder
        .questions()
        .iter()
        .map(|q| q.id.clone())
        .chain(texts)
        .collect();
    let signifiers = builder.questions().len();
    let question_index: HashMap<&str, usize> = question_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let ids: Vec<String> = stories.iter().map(|s| s.id.clone()).collect();
    let mut readable = Vec::with_capacity(stories.len());
    for s in stories {
        let can_read = s.review_status != review::PENDING || options.unreviewed_text;
        readable.push(can_read);
        builder.push_story(StoryRecord {
            collection_point: slug_of[&s.collection_point_id].clone(),
            submitted_at: s.submitted_at.and_utc().timestamp(),
            role: s.role,
            region: s.region_code,
            channel: s.channel_code,
            source: s.source,
            language: s.language,
            complete: s.complete,
            synthetic: s.synthetic,
            title: if can_read { s.title } else { None },
            body: if can_read { s.body } else { String::new() },
            themes: themes.remove(&s.id).unwrap_or_default(),
            id: s.id,
        });
    }
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    analysis::for_each_answer(conn, &ids, |row, question, value| {
        let Some(&i) = question_index.get(question.as_str()) else {
            return;
        };
        // What a teller wrote in a free-text answer may identify them as well; a region
        // picked from the list is no text and stays.
        let hidden = !readable[row]
            && i >= signifiers
            && matches!(value, vertelpunt_model::AnswerValue::FreeText { .. });
        if !hidden {
            builder.set_answer(row, i, value);
        }
    })?;
    builder.finish()
}
