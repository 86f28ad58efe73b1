//! `vertelpunt export --collection SLUG [selection] --out FILE.csv|FILE.parquet`: the selected
//! stories, one row per story and one column per answer, with `FILE.questions.json` (the
//! questionnaire: every question, its kind, options and labels) beside it.
//!
//! The text of a story whose identifying details still wait for review is never exported.

use std::path::PathBuf;

use anyhow::{bail, Context};
use vertelpunt_patterns::dataset::{self, files};
use vertelpunt_store::setup;

use super::selection::SelectionArgs;
use crate::config::Config;

/// The options of `vertelpunt export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// The file to write: .csv or .parquet (FILE.questions.json is written beside it).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(config: &Config, args: ExportArgs) -> anyhow::Result<()> {
    if args.selection.collections.is_empty() {
        bail!("name the stories: --collection SLUG (repeatable)");
    }
    let selection = args.selection.to_selection()?;
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let full = dataset::load::load(&mut conn, &args.selection.collections)?;
    let selected = selection.apply(&full)?;
    if selected.is_empty() {
        bail!(
            "the selection holds no stories ({} before selecting; synthetic stories need --include-synthetic)",
            full.len()
        );
    }
    files::write(&selected, &args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let questions = selected.questions.len();
    println!(
        "{} stories, {questions} {} → {} and {}",
        selected.len(),
        if questions == 1 {
            "question"
        } else {
            "questions"
        },
        args.out.display(),
        files::questions_path(&args.out).display()
    );
    Ok(())
}
