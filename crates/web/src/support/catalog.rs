//! Collection points with everything a form needs (questionnaire versions parsed, channels),
//! cached for a few seconds: a busy Vertelpunt should not re-parse its questionnaire for every
//! story, and a change by an operator still shows within [`TTL`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use vertelpunt_model::{Lang, Question, QuestionKind, Questionnaire, Role};
use vertelpunt_store::collection_points::{self, CollectionPoint};
use vertelpunt_store::{channels, projects, questionnaires, Store, StoreResult};

/// How long a loaded collection point is reused.
pub const TTL: Duration = Duration::from_secs(5);

/// A collection point, its project, its questionnaire (core and modules) and channels.
#[derive(Debug)]
pub struct PointContext {
    pub point: CollectionPoint,
    pub project_name: String,
    pub core_version_id: String,
    pub core: Questionnaire,
    /// Module versions in form order: (version id, questionnaire).
    pub modules: Vec<(String, Questionnaire)>,
    /// Channel id by code.
    pub channels: HashMap<String, String>,
}

impl PointContext {
    /// The language of the texts of the questionnaire version `version_id` on a page in `lang`,
    /// when it is another language than the page's (see [`Questionnaire::written_in`]).
    pub fn text_language(&self, version_id: &str, lang: vertelpunt_model::Lang) -> Option<String> {
        let questionnaire = if version_id == self.core_version_id {
            Some(&self.core)
        } else {
            self.modules
                .iter()
                .find(|(id, _)| id == version_id)
                .map(|(_, q)| q)
        };
        questionnaire
            .and_then(|q| q.written_in(lang))
            .map(|l| l.to_string())
    }

    /// The questions a teller in `role` answers besides the story itself, in form order, each
    /// with the id of the questionnaire version it belongs to.
    pub fn questions_for(&self, role: Role) -> Vec<(&str, &Question)> {
        let core = self
            .core
            .questions_for(role)
            .map(|q| (self.core_version_id.as_str(), q));
        let modules = self
            .modules
            .iter()
            .flat_map(move |(id, m)| m.questions_for(role).map(move |q| (id.as_str(), q)));
        core.chain(modules)
            .filter(|(_, q)| {
                !matches!(
                    q.kind,
                    QuestionKind::Role | QuestionKind::Story | QuestionKind::StoryTitle
                )
            })
            .collect()
    }

    /// The most fields a genuine form for `role` can carry: the form's own fields, and per
    /// question its value, its "n.v.t." box, a triad's three shares, a multiple choice's
    /// options (a few to spare). A body with more is not a story form and is refused unread.
    pub fn max_form_fields(&self, role: Role) -> usize {
        const FORM_FIELDS: usize = 24;
        self.questions_for(role)
            .iter()
            .map(|(_, q)| match &q.kind {
                QuestionKind::MultipleChoice { options, .. } => options.len() + 2,
                _ => 6,
            })
            .sum::<usize>()
            + FORM_FIELDS
    }

    /// The story question (its text is the prompt).
    pub fn story_question(&self) -> Option<&Question> {
        self.core
            .questions
            .iter()
            .find(|q| matches!(q.kind, QuestionKind::Story))
    }

    /// The story-title question, if the questionnaire has one.
    pub fn title_question(&self) -> Option<&Question> {
        self.core
            .questions
            .iter()
            .find(|q| matches!(q.kind, QuestionKind::StoryTitle))
    }

    /// The languages the collection point offers, Dutch first.
    pub fn languages(&self) -> Vec<Lang> {
        let codes = self.point.language_codes();
        [Lang::Nl, Lang::En]
            .into_iter()
            .filter(|l| codes.contains(&l.code()))
            .collect()
    }

    /// The language to use: the one asked for if offered, else the first offered.
    pub fn pick_lang(&self, asked: Lang) -> Lang {
        let offered = self.languages();
        if offered.contains(&asked) || offered.is_empty() {
            asked
        } else {
            offered[0]
        }
    }
}

/// How many slugs are kept at most (existing or not): random `/v/{slug}` URLs cannot grow
/// memory beyond this, and the points people actually use are the ones kept.
pub const CAPACITY: u64 = 1_000;

/// The cache: bounded in entries and in age.
pub struct Catalog {
    entries: moka::sync::Cache<String, Option<Arc<PointContext>>>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            entries: moka::sync::Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(TTL)
                .build(),
        }
    }
}

impl Catalog {
    /// The collection point with `slug`, or `None` if there is none. Blocking: call it from
    /// `web::block`.
    pub fn get(&self, store: &Store, slug: &str) -> StoreResult<Option<Arc<PointContext>>> {
        if let Some(entry) = self.entries.get(slug) {
            return Ok(entry);
        }
        let loaded = load(store, slug)?.map(Arc::new);
        self.entries.insert(slug.to_string(), loaded.clone());
        Ok(loaded)
    }

    /// Forgets everything (after an operator changed a collection point).
    pub fn clear(&self) {
        self.entries.invalidate_all();
    }

    /// How many slugs are held now (after pending evictions are done).
    pub fn len(&self) -> u64 {
        self.entries.run_pending_tasks();
        self.entries.entry_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn load(store: &Store, slug: &str) -> StoreResult<Option<PointContext>> {
    let mut conn = store.conn()?;
    let Some(point) = collection_points::find_by_slug(&mut conn, slug)? else {
        return Ok(None);
    };
    let project_name = projects::get(&mut conn, &point.project_id)?.name;
    let core_version = questionnaires::get(&mut conn, &point.questionnaire_version_id)?;
    let core = core_version.questionnaire()?;
    let mut modules = Vec::new();
    for version in collection_points::modules(&mut conn, &point.id)? {
        let questionnaire = version.questionnaire()?;
        modules.push((version.id, questionnaire));
    }
    let channels = channels::list(&mut conn, &point.project_id)?
        .into_iter()
        .map(|c| (c.code, c.id))
        .collect();
    Ok(Some(PointContext {
        core_version_id: core_version.id,
        core,
        modules,
        channels,
        project_name,
        point,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vertelpunt_store::testing::TestDatabase;

    /// Every slug ever asked for was once kept forever, existing or not.
    #[test]
    fn random_slugs_do_not_grow_the_cache_beyond_its_bound() {
        let db = TestDatabase::sqlite();
        let store = db.store();
        vertelpunt_store::setup::prepare(&mut store.conn().unwrap()).unwrap();
        let catalog = Catalog::default();
        for n in 0..(CAPACITY * 3) {
            assert!(catalog
                .get(&store, &format!("nergens-{n}"))
                .unwrap()
                .is_none());
        }
        assert!(catalog.len() <= CAPACITY, "{} slugs kept", catalog.len());
    }
}
