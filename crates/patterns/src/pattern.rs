//! A pattern: one look at the data (a distribution, a pair of questions, a group against the
//! rest), its test, its effect size and a sentence that says what it shows.

use serde::{Deserialize, Serialize};
use vertelpunt_model::Text;

use crate::preset::Magnitude;
use crate::stats::contingency::PMethod;
use crate::stats::Description;

/// The families of patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// One question's distribution.
    Univariate,
    /// A slider or scale against a choice, role or region.
    NumericByGroup,
    /// Two choices (or roles, regions, options of a multiple choice).
    ChoiceByChoice,
    /// Two sliders, or two scales.
    NumericByNumeric,
    /// A triad's zones against a choice.
    Triad,
    /// One subgroup against the rest of the selection.
    Subgroup,
    /// A question against the date of submission.
    OverTime,
    /// Words a group uses distinctly more or less.
    Words,
}

impl Family {
    pub const ALL: [Family; 8] = [
        Family::Univariate,
        Family::NumericByGroup,
        Family::ChoiceByChoice,
        Family::NumericByNumeric,
        Family::Triad,
        Family::Subgroup,
        Family::OverTime,
        Family::Words,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Family::Univariate => "univariate",
            Family::NumericByGroup => "numeric_by_group",
            Family::ChoiceByChoice => "choice_by_choice",
            Family::NumericByNumeric => "numeric_by_numeric",
            Family::Triad => "triad",
            Family::Subgroup => "subgroup",
            Family::OverTime => "over_time",
            Family::Words => "words",
        }
    }

    pub fn parse(code: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// An effect size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    /// `epsilon_squared`, `rank_biserial`, `cramers_v`, `rho` or `log_ratio`.
    pub name: String,
    pub value: f64,
    pub magnitude: Magnitude,
    /// |value| divided by the preset's "large" threshold: comparable across measures, used to
    /// rank strong patterns (for Kruskal-Wallis the larger of this and the same for its
    /// strongest pairwise comparison).
    pub relative: f64,
}

/// One group of a pattern (an answer option, a role, a region, a zone, the subgroup…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub label: Text,
    pub n: u64,
    /// Of a numeric answer in this group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<Description>,
    /// The geometric-mean centre of a triad in this group (shares summing to 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre: Option<[f64; 3]>,
}

/// A group that was too small to test. Its size is only shown from 5 stories on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmallGroup {
    pub id: String,
    pub label: Text,
    /// `None` below 5 stories.
    pub n: Option<u64>,
}

/// A contingency table: counts and adjusted standardized residuals, row-major.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub rows: Vec<Text>,
    pub columns: Vec<Text>,
    pub counts: Vec<u64>,
    pub residuals: Vec<f64>,
}

/// A Mann-Whitney comparison of two groups after a Kruskal-Wallis test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pairwise {
    pub a: String,
    pub b: String,
    pub u: f64,
    pub p: f64,
    pub q: Option<f64>,
    pub rank_biserial: f64,
    /// q ≤ the threshold and |r| at least the preset's `strong_from`.
    #[serde(default)]
    pub strong: bool,
}

/// One pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    /// Stable within a dataset: family and questions, e.g. `numeric_by_group:gehoord|gevolgen`.
    pub id: String,
    pub family: Family,
    /// Question ids (`@rol`, `@regio`, `@datum` for story fields; `Q=OPTION` for one option
    /// of a multiple choice).
    pub questions: Vec<String>,
    pub labels: Vec<Text>,
    /// Stories that took part (both answers present).
    pub n: u64,
    pub groups: Vec<Group>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_tested: Vec<SmallGroup>,
    /// `kruskal_wallis`, `mann_whitney`, `chi_square`, `spearman`, `log_likelihood`; none for
    /// a description.
    pub test: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_method: Option<PMethod>,
    pub statistic: Option<f64>,
    pub df: Option<f64>,
    pub p: Option<f64>,
    /// A Monte-Carlo p: the random tables drawn, and how many reached the observed χ².
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicates: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceedances: Option<u64>,
    /// Benjamini-Hochberg over every pattern's test of the run.
    pub q: Option<f64>,
    pub effect: Option<Effect>,
    /// The smallest effect, in the measure of `effect`, that this test would have found with
    /// 80 % probability at its n and the run's per-test level (METHODS.md): a pattern that is
    /// not strong says only that no effect of at least this size showed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detectable: Option<f64>,
    /// A key word's counts: its occurrences in the group and in the rest, and the words of the
    /// group and of the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_counts: Option<[u64; 4]>,
    pub strong: bool,
    /// 1 for the strongest pattern; only strong patterns have a rank.
    pub rank: Option<u32>,
    /// Notes: `skewed`, `bimodal`, `groups_too_small`, `no_variation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    pub description: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Table>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairwise: Vec<Pairwise>,
    /// Pearson's r beside Spearman's rho.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pearson_r: Option<f64>,
    /// Univariate: share answered "niet van toepassing" and share not answered, of all stories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable_share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unanswered_share: Option<f64>,
    /// Univariate slider/scale: share at the left and right pole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pole_shares: Option<[f64; 2]>,
    /// Keyness: the word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<String>,
    /// The chart file, for strong patterns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
}

impl Pattern {
    /// A pattern with nothing measured yet.
    pub fn new(family: Family, questions: Vec<String>, labels: Vec<Text>) -> Pattern {
        Pattern {
            id: format!("{}:{}", family.code(), questions.join("|")),
            family,
            questions,
            labels,
            n: 0,
            groups: Vec::new(),
            not_tested: Vec::new(),
            test: None,
            p_method: None,
            statistic: None,
            df: None,
            p: None,
            replicates: None,
            exceedances: None,
            q: None,
            effect: None,
            detectable: None,
            word_counts: None,
            strong: false,
            rank: None,
            flags: Vec::new(),
            description: Text::default(),
            table: None,
            pairwise: Vec::new(),
            pearson_r: None,
            not_applicable_share: None,
            unanswered_share: None,
            pole_shares: None,
            word: None,
            chart: None,
        }
    }
}
