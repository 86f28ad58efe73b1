//! `vertelpunt evaluate`: a pattern evaluation over a selection of stories, from the database
//! (`--collection SLUG`) or from a dataset file (`--input FILE.csv|FILE.parquet`), written to
//! `--out DIR` as patterns.json, patterns.csv and one SVG chart per strong pattern. Runs over
//! the database are stored with their selection, preset, engine version and times.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use vertelpunt_patterns::dataset::{self, files};
use vertelpunt_patterns::run::{self, Request, RunError};
use vertelpunt_patterns::{Condition, Dataset, Family, Preset};
use vertelpunt_store::pattern_runs;
use vertelpunt_store::setup;

use super::selection::SelectionArgs;
use crate::config::Config;

/// The options of `vertelpunt evaluate`.
#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Read a dataset file instead (.csv or .parquet with NAME.questions.json beside it).
    #[arg(long, value_name = "FILE", conflicts_with = "collections")]
    pub input: Option<PathBuf>,
    /// Folder for patterns.json, patterns.csv and charts/.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A shipped preset (standaard, verkennend) or a preset file.
    #[arg(long, default_value = "standaard", value_name = "NAME|FILE")]
    pub preset: String,
    /// Compare this subgroup with the rest of the selection, e.g. region=JR27 or role=jongere.
    #[arg(long, value_name = "CONDITION")]
    pub subgroup: Option<String>,
    /// Only these families (comma-separated): univariate, numeric_by_group, choice_by_choice,
    /// numeric_by_numeric, triad, subgroup, over_time, words.
    #[arg(long, value_delimiter = ',', value_name = "FAMILY")]
    pub families: Vec<String>,
    /// Also write the selected stories as a dataset file (.csv or .parquet).
    #[arg(long, value_name = "FILE")]
    pub save_dataset: Option<PathBuf>,
    /// Hide the progress bar.
    #[arg(long)]
    pub quiet: bool,
}

fn preset(name: &str) -> anyhow::Result<Preset> {
    if name.ends_with(".toml") || Path::new(name).exists() {
        let source =
            std::fs::read_to_string(name).with_context(|| format!("cannot read preset {name}"))?;
        return Ok(Preset::parse(&source, name)?);
    }
    Ok(Preset::shipped(name)?)
}

fn families(args: &EvaluateArgs) -> anyhow::Result<Vec<Family>> {
    if args.families.is_empty() {
        return Ok(Family::ALL.to_vec());
    }
    args.families
        .iter()
        .map(|f| {
            Family::parse(f.trim()).with_context(|| {
                let known: Vec<&str> = Family::ALL.iter().map(|f| f.code()).collect();
                format!("unknown family '{f}' (known: {})", known.join(", "))
            })
        })
        .collect()
}

pub fn run(config: &Config, args: EvaluateArgs) -> anyhow::Result<()> {
    let started_at = vertelpunt_store::now();
    let clock = Instant::now();
    let request = Request {
        selection: args.selection.to_selection()?,
        preset: preset(&args.preset)?,
        subgroup: match &args.subgroup {
            Some(text) => Some(Condition::parse(text).map_err(anyhow::Error::msg)?),
            None => None,
        },
        families: families(&args)?,
    };
    let (full, store): (Dataset, _) = match &args.input {
        Some(path) => (files::read(path)?, None),
        None => {
            if args.selection.collections.is_empty() {
                bail!("name the stories: --collection SLUG (repeatable) or --input FILE");
            }
            let store = super::open_store(&config.database)?;
            let mut conn = store.conn()?;
            setup::prepare(&mut conn).context("cannot prepare the database")?;
            let dataset = dataset::load::load(&mut conn, &args.selection.collections)?;
            if !args.quiet {
                println!(
                    "{} stories read from the database in {:.1} s",
                    dataset.len(),
                    clock.elapsed().as_secs_f64()
                );
            }
            (dataset, Some(store))
        }
    };
    let prepared = match run::prepare(&full, &request) {
        Err(RunError::NoStories { before }) => bail!(
            "the selection holds no stories ({before} before selecting; synthetic stories need --include-synthetic)"
        ),
        other => other?,
    };
    if let Some(path) = &args.save_dataset {
        files::write(&prepared.selected, path)?;
    }
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} toetsen ({elapsed}, nog {eta})")
            .expect("valid template"),
    );
    let finished = run::finish(&prepared, &request, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    finished
        .files
        .write_to(&args.out)
        .with_context(|| format!("cannot write to {}", args.out.display()))?;
    let run_id = match store {
        Some(store) => {
            let run = finished.record(&request, &args.selection.collections, started_at)?;
            let mut conn = store.conn()?;
            pattern_runs::insert(&mut conn, &run, &finished.charts())?;
            Some(run.id)
        }
        None => None,
    };
    let evaluation = &finished.evaluation;
    println!(
        "{} stories, {} tests, {} strong patterns in {:.1} s → {}",
        evaluation.stories,
        evaluation.tests,
        evaluation.strong,
        clock.elapsed().as_secs_f64(),
        args.out.display()
    );
    for p in evaluation.patterns.iter().filter(|p| p.strong).take(10) {
        let effect = p
            .effect
            .as_ref()
            .map_or(String::new(), |e| format!("{} = {:.2}", e.name, e.value));
        println!(
            "{:>3}. {} [{effect}, q = {:.2e}]",
            p.rank.unwrap_or(0),
            p.description.nl,
            p.q.unwrap_or(f64::NAN)
        );
    }
    if let Some(id) = run_id {
        println!("run {id} stored in the database");
    }
    Ok(())
}
