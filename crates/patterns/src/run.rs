//! One evaluation from a dataset to its files and its stored run: select the stories, mark the
//! subgroup, code the answers, run every family, render the files. `vertelpunt evaluate` and
//! the staff page `/patronen` both go through here, so a run started on the web is the same run
//! the command line makes.

use chrono::NaiveDateTime;
use vertelpunt_store::pattern_runs::{self, Chart, PatternRun};

use crate::dataset::{story_columns as sc, Dataset, DatasetError};
use crate::evaluate::{evaluate, Evaluation, Options, Subgroup};
use crate::output::{self, Files};
use crate::pattern::Family;
use crate::preset::Preset;
use crate::selection::{Condition, Selection};
use crate::variables::Variables;

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct Request {
    pub selection: Selection,
    pub preset: Preset,
    /// Compared with the rest of the selection.
    pub subgroup: Option<Condition>,
    /// The families to run (all when empty).
    pub families: Vec<Family>,
}

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the selection holds no stories ({before} before selecting; demo stories are left out unless included)")]
    NoStories { before: usize },
    #[error("the subgroup {0} holds no stories of this selection")]
    EmptySubgroup(String),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    #[error("cannot render the results: {0}")]
    Render(#[from] std::io::Error),
}

/// The selected stories, coded, with the subgroup marked.
pub struct Prepared {
    pub selected: Dataset,
    /// How many of the selected stories are demo stories (synthetic).
    pub synthetic: usize,
    pub subgroup: Option<Subgroup>,
    pub variables: Variables,
}

/// Selects the stories of `request` from `full` and codes their answers.
pub fn prepare(full: &Dataset, request: &Request) -> Result<Prepared, RunError> {
    let selected = request.selection.apply(full)?;
    if selected.is_empty() {
        return Err(RunError::NoStories { before: full.len() });
    }
    let subgroup = match &request.subgroup {
        Some(condition) => {
            let members = condition.mask(&selected)?;
            if !members.iter().any(|m| *m) {
                return Err(RunError::EmptySubgroup(condition.to_text()));
            }
            Some(Subgroup {
                key: condition.to_text(),
                label: condition.label(&selected),
                field: condition.field.clone(),
                members,
            })
        }
        None => None,
    };
    let variables = Variables::of(&selected, &request.preset)?;
    let synthetic = selected
        .booleans(sc::SYNTHETIC)?
        .iter()
        .filter(|s| **s == Some(true))
        .count();
    Ok(Prepared {
        selected,
        synthetic,
        subgroup,
        variables,
    })
}

/// An evaluation and its files.
pub struct Finished {
    pub evaluation: Evaluation,
    pub files: Files,
    /// Demo stories (synthetic) among the evaluated ones.
    pub synthetic: usize,
}

impl Finished {
    /// The run as stored: `collection_points` are the slugs the stories were loaded from.
    pub fn record(
        &self,
        request: &Request,
        collection_points: &[String],
        started_at: NaiveDateTime,
    ) -> Result<PatternRun, serde_json::Error> {
        let e = &self.evaluation;
        Ok(PatternRun {
            id: vertelpunt_store::new_id(),
            collection_points: collection_points.join(","),
            selection: serde_json::to_string(&request.selection)?,
            subgroup: request.subgroup.as_ref().map(Condition::to_text),
            preset: request.preset.name.clone(),
            preset_definition: serde_json::to_string(&request.preset)?,
            engine_version: e.engine.clone(),
            stories: e.stories as i32,
            tests: e.tests as i32,
            strong: e.strong as i32,
            results_sha256: pattern_runs::checksum(&self.files.json),
            results: self.files.json.clone(),
            started_at,
            finished_at: vertelpunt_store::now(),
            synthetic_stories: self.synthetic as i32,
        })
    }

    /// The charts, as stored beside the run.
    pub fn charts(&self) -> Vec<Chart> {
        self.files
            .charts
            .iter()
            .map(|(name, svg)| Chart {
                name: name.clone(),
                svg: svg.clone(),
            })
            .collect()
    }
}

/// Runs every family of `request` over the prepared stories and renders the files.
/// `progress(done, total)` is called as tests finish, from any thread.
pub fn finish(
    prepared: &Prepared,
    request: &Request,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Finished, RunError> {
    let families = if request.families.is_empty() {
        Family::ALL.to_vec()
    } else {
        request.families.clone()
    };
    let options = Options {
        families,
        subgroup: prepared.subgroup.clone(),
    };
    let mut evaluation = evaluate(&prepared.variables, &request.preset, &options, progress);
    let subgroup = prepared.subgroup.as_ref().map(|s| s.key.as_str());
    let files = output::render(
        &mut evaluation,
        &prepared.variables,
        &request.selection,
        subgroup,
    )?;
    Ok(Finished {
        evaluation,
        files,
        synthetic: prepared.synthetic,
    })
}

/// A pattern measured again on another selection (the next cycle's stories), to compare with a
/// card made from an earlier run.
#[derive(Debug, Clone)]
pub struct Remeasured {
    /// Stories in the new selection.
    pub stories: usize,
    /// Demo stories (synthetic) among them.
    pub synthetic: usize,
    /// The same pattern (the same family and questions) in the new selection, if it could be
    /// measured there. Its q is corrected over the tests of its family in that selection.
    pub pattern: Option<crate::pattern::Pattern>,
    /// Its chart (SVG), drawn whether or not it is strong there.
    pub chart: Option<String>,
}

/// Measures the pattern `pattern_id` of `family` again on the stories `request` selects from
/// `full` (with the request's preset and subgroup, only that family).
pub fn remeasure(
    full: &Dataset,
    request: &Request,
    family: Family,
    pattern_id: &str,
) -> Result<Remeasured, RunError> {
    let request = Request {
        families: vec![family],
        ..request.clone()
    };
    let prepared = prepare(full, &request)?;
    let options = Options {
        families: vec![family],
        subgroup: prepared.subgroup.clone(),
    };
    let evaluation = evaluate(&prepared.variables, &request.preset, &options, &|_, _| {});
    let pattern = evaluation.patterns.into_iter().find(|p| p.id == pattern_id);
    let chart = pattern
        .as_ref()
        .and_then(|p| crate::charts::render(p, &prepared.variables));
    Ok(Remeasured {
        stories: evaluation.stories,
        synthetic: prepared.synthetic,
        pattern,
        chart,
    })
}

#[cfg(test)]
mod remeasure_tests {
    use super::*;
    use crate::preset::Preset;
    use crate::synthetic::{dataset, Spec};

    #[test]
    fn a_pattern_is_measured_again_with_the_same_numbers_on_the_same_stories() {
        let data = dataset(&Spec::thirty(600, true, 13)).unwrap();
        let request = Request {
            selection: Selection {
                include_synthetic: true,
                ..Selection::default()
            },
            preset: Preset::standard(),
            subgroup: None,
            families: Vec::new(),
        };
        let prepared = prepare(&data, &request).unwrap();
        let full = finish(&prepared, &request, &|_, _| {}).unwrap();
        let original = full
            .evaluation
            .patterns
            .iter()
            .find(|p| p.family == Family::NumericByGroup && p.strong)
            .unwrap();
        let again = remeasure(&data, &request, original.family, &original.id).unwrap();
        let pattern = again.pattern.unwrap();
        assert_eq!(again.stories, 600);
        assert_eq!(pattern.n, original.n);
        assert_eq!(pattern.statistic, original.statistic);
        assert_eq!(pattern.effect, original.effect);
        assert!(again.chart.is_some_and(|svg| svg.contains("<svg")));
        let missing = remeasure(
            &data,
            &request,
            Family::NumericByGroup,
            "numeric_by_group:geen|vraag",
        )
        .unwrap();
        assert!(missing.pattern.is_none());
    }
}
