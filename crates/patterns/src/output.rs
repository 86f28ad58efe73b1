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

/// Renders the charts of the strong patterns (setting `chart` on them) and writes every file.
pub fn write(
    evaluation: &mut Evaluation,
    variables: &Variables,
    selection: &Selection,
    subgroup: Option<&str>,
    dir: &Path,
) -> std::io::Result<()> {
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir)?;
    for pattern in evaluation.patterns.iter_mut().filter(|p| p.strong) {
        let rank = pattern.rank.unwrap_or(0);
        if let Some(svg) = charts::render(pattern, variables) {
            let name = chart_name(rank, &pattern.id);
            std::fs::write(charts_dir.join(&name), svg)?;
            pattern.chart = Some(format!("charts/{name}"));
        }
    }
    // The distribution of every question, for cards and for reading the data before the patterns.
    // A scale is described twice (as positions and as options) under one id; its first chart,
    // the positions, is kept.
    let distributions_dir = dir.join(DISTRIBUTIONS);
    std::fs::create_dir_all(&distributions_dir)?;
    let mut written = std::collections::HashSet::new();
    for pattern in evaluation
        .patterns
        .iter_mut()
        .filter(|p| p.family == crate::pattern::Family::Univariate)
    {
        let name = chart_name(0, &pattern.id)
            .trim_start_matches("000-")
            .to_string();
        if !written.contains(&name) {
            let Some(svg) = charts::render(pattern, variables) else {
                continue;
            };
            std::fs::write(distributions_dir.join(&name), svg)?;
            written.insert(name.clone());
        }
        pattern.chart = Some(format!("{DISTRIBUTIONS}/{name}"));
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
    let json = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("patterns.json"), json + "\n")?;
    std::fs::write(dir.join("patterns.csv"), csv_lines(evaluation)?)
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
