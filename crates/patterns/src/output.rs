//! Writing an evaluation: `patterns.json` (everything), `patterns.csv` (one line per pattern)
//! `charts/NNN-….svg` for every strong pattern and `verdelingen/…svg`, the distribution of every
//! question. The files hold no timestamps, so the same
//! data and parameters give byte-identical files; the run's times are kept in the database.

use std::path::Path;

use serde::Serialize;

use crate::charts;
use crate::evaluate::Evaluation;
use crate::selection::Selection;
use crate::variables::Variables;

/// The contents of `patterns.json`.
#[derive(Serialize)]
struct PatternsFile<'a> {
    engine: &'a str,
    preset: &'a str,
    selection: &'a Selection,
    subgroup: Option<&'a str>,
    stories: usize,
    tests: usize,
    strong: usize,
    disclaimer: Disclaimer,
    patterns: &'a [crate::Pattern],
}

#[derive(Serialize)]
struct Disclaimer {
    nl: &'static str,
    en: &'static str,
}

const DISCLAIMER: Disclaimer = Disclaimer {
    nl: "De verhalen komen van mensen die de jeugdhulp willen helpen verbeteren en zijn niet representatief. Een patroon is geen bewijs, maar een begin van een gesprek.",
    en: "The stories come from people who want to help improve youth care and are not representative. A pattern is not proof but the start of a conversation.",
};

/// The disclaimer every evaluation and observation card carries: the data is not representative.
pub fn disclaimer() -> vertelpunt_model::Text {
    vertelpunt_model::Text::new(DISCLAIMER.nl, DISCLAIMER.en)
}

/// A file name for a pattern's chart: its rank and a safe form of its id.
pub fn chart_name(rank: u32, id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe: String = safe.chars().take(80).collect();
    format!("{rank:03}-{safe}.svg")
}

/// The folder of the distribution charts (one per question).
pub const DISTRIBUTIONS: &str = "verdelingen";

/// The folder of the charts of the strong patterns.
pub const CHARTS: &str = "charts";

/// An evaluation's files, in memory: what `--out DIR` receives and what a stored run keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Files {
    /// `patterns.json`.
    pub json: String,
    /// `patterns.csv`.
    pub csv: Vec<u8>,
    /// Every chart: its path within the folder (`charts/…`, `verdelingen/…`) and its SVG.
    pub charts: Vec<(String, String)>,
}

impl Files {
    /// Writes every file under `dir` (which must exist).
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir.join(CHARTS))?;
        std::fs::create_dir_all(dir.join(DISTRIBUTIONS))?;
        for (name, svg) in &self.charts {
            std::fs::write(dir.join(name), svg)?;
        }
        std::fs::write(dir.join("patterns.json"), &self.json)?;
        std::fs::write(dir.join("patterns.csv"), &self.csv)
    }
}

/// Renders the charts of the strong patterns and the distribution of every question (setting
/// `chart` on each pattern), then `patterns.json` and `patterns.csv`.
pub fn render(
    evaluation: &mut Evaluation,
    variables: &Variables,
    selection: &Selection,
    subgroup: Option<&str>,
) -> std::io::Result<Files> {
    let mut charts = Vec::new();
    for pattern in evaluation.patterns.iter_mut().filter(|p| p.strong) {
        let rank = pattern.rank.unwrap_or(0);
        if let Some(svg) = charts::render(pattern, variables) {
            let name = format!("{CHARTS}/{}", chart_name(rank, &pattern.id));
            pattern.chart = Some(name.clone());
            charts.push((name, svg));
        }
    }
    // The distribution of every question, for cards and for reading the data before the patterns.
    for pattern in evaluation
        .patterns
        .iter_mut()
        .filter(|p| p.family == crate::pattern::Family::Univariate)
    {
        let Some(svg) = charts::render(pattern, variables) else {
            continue;
        };
        let name = format!(
            "{DISTRIBUTIONS}/{}",
            chart_name(0, &pattern.id).trim_start_matches("000-")
        );
        pattern.chart = Some(name.clone());
        charts.push((name, svg));
    }
    let file = PatternsFile {
        engine: &evaluation.engine,
        preset: &evaluation.preset.name,
        selection,
        subgroup,
        stories: evaluation.stories,
        tests: evaluation.tests,
        strong: evaluation.strong,
        disclaimer: DISCLAIMER,
        patterns: &evaluation.patterns,
    };
    let json = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)? + "\n";
    Ok(Files {
        json,
        csv: csv_lines(evaluation)?,
        charts,
    })
}

/// Renders the files ([`render`]) and writes them under `dir`.
pub fn write(
    evaluation: &mut Evaluation,
    variables: &Variables,
    selection: &Selection,
    subgroup: Option<&str>,
    dir: &Path,
) -> std::io::Result<()> {
    render(evaluation, variables, selection, subgroup)?.write_to(dir)
}

fn number(v: Option<f64>) -> String {
    v.map(|v| format!("{v}")).unwrap_or_default()
}

/// `patterns.csv`: one line per pattern.
pub fn csv_lines(evaluation: &Evaluation) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "rank",
        "id",
        "family",
        "questions",
        "labels",
        "n",
        "test",
        "p_method",
        "statistic",
        "df",
        "p",
        "q",
        "effect",
        "effect_value",
        "magnitude",
        "strong",
        "flags",
        "description_nl",
        "description_en",
        "chart",
    ])?;
    for p in &evaluation.patterns {
        let labels: Vec<&str> = p.labels.iter().map(|l| l.nl.as_str()).collect();
        let method = p
            .p_method
            .map(|m| {
                serde_json::to_value(m)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
            })
            .unwrap_or_default()
            .unwrap_or_default();
        let magnitude = p
            .effect
            .as_ref()
            .and_then(|e| serde_json::to_value(e.magnitude).ok())
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        w.write_record([
            p.rank.map(|r| r.to_string()).unwrap_or_default(),
            p.id.clone(),
            p.family.code().to_string(),
            p.questions.join(" × "),
            labels.join(" × "),
            p.n.to_string(),
            p.test.clone().unwrap_or_default(),
            method,
            number(p.statistic),
            number(p.df),
            number(p.p),
            number(p.q),
            p.effect
                .as_ref()
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            number(p.effect.as_ref().map(|e| e.value)),
            magnitude,
            p.strong.to_string(),
            p.flags.join(" "),
            p.description.nl.clone(),
            p.description.en.clone(),
            p.chart.clone().unwrap_or_default(),
        ])?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}
