//! `vertelpunt export --collection SLUG [selection] --out FILE.csv|.parquet|.xlsx`: the selected
//! stories, one row per story and one column per answer, with the questionnaires beside them
//! (`FILE.questions.json` explains the columns, `FILE.questionnaires.json` holds the exact
//! definitions; an XLSX has both as sheets as well).
//!
//! With `--format narrafirma` (a .csv file), the stories are written as NarraFirma reads them,
//! with `FILE.storyform.csv` beside them; with `--format sensemaker`, as a SenseMaker export
//! with `FILE.definition.json` (the framework definition) beside it.
//!
//! The text of a story whose identifying details still wait for review is left out, unless an
//! admin — whoever runs this command on the server has the database — asks for it with
//! `--include-unreviewed-text`.

use std::path::PathBuf;

use anyhow::{bail, Context};
use vertelpunt_interop::{export, narrafirma, sensemaker};
use vertelpunt_patterns::dataset::load::{self, LoadOptions};
use vertelpunt_store::setup;

use super::selection::SelectionArgs;
use crate::config::Config;

/// The options of `vertelpunt export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// The file to write: .csv, .parquet or .xlsx.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The layout: `vertelpunt` (one column per answer, the format from the file's extension)
    /// or `narrafirma` (a stories CSV and its NarraFirma story form CSV) or `sensemaker` (a
    /// SenseMaker-like CSV and its framework definition JSON).
    #[arg(long, value_enum, default_value_t = Layout::Vertelpunt)]
    pub format: Layout,
    /// Also export the text of stories whose identifying details wait for review (admins only:
    /// such a file must not leave the organisation).
    #[arg(long)]
    pub include_unreviewed_text: bool,
}

/// The layout of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    Vertelpunt,
    Narrafirma,
    Sensemaker,
}

pub fn run(config: &Config, args: ExportArgs) -> anyhow::Result<()> {
    if args.selection.collections.is_empty() {
        bail!("name the stories: --collection SLUG (repeatable)");
    }
    match (args.format, export::ExportFormat::of(&args.out)) {
        (_, None) => bail!(
            "{}: {}",
            args.out.display(),
            export::ExportError::UnknownFormat
        ),
        (Layout::Narrafirma, Some(f)) if f != export::ExportFormat::Csv => {
            bail!("{}: a NarraFirma export is a .csv file", args.out.display())
        }
        (Layout::Sensemaker, Some(f)) if f != export::ExportFormat::Csv => {
            bail!("{}: a SenseMaker export is a .csv file", args.out.display())
        }
        _ => {}
    }
    let selection = args.selection.to_selection()?;
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let options = LoadOptions {
        texts: true,
        unreviewed_text: args.include_unreviewed_text,
    };
    let full = load::load_with(&mut conn, &args.selection.collections, options)?;
    let selected = selection.apply(&full)?;
    if selected.is_empty() {
        bail!(
            "the selection holds no stories ({} before selecting; synthetic stories need --include-synthetic)",
            full.len()
        );
    }
    let questionnaires = export::questionnaires_of(&mut conn, &args.selection.collections)?;
    let written =
        match args.format {
            Layout::Vertelpunt => export::write(&selected, &questionnaires, &args.out),
            Layout::Narrafirma => narrafirma::export::write(&selected, &questionnaires, &args.out)
                .map(|form| export::Written {
                    stories: selected.len(),
                    files: vec![args.out.clone(), form],
                }),
            Layout::Sensemaker => sensemaker::export::write(&selected, &questionnaires, &args.out)
                .map(|definition| export::Written {
                    stories: selected.len(),
                    files: vec![args.out.clone(), definition],
                }),
        }
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let questions = selected.questions.len();
    println!(
        "{} stories, {questions} {} → {}",
        written.stories,
        if questions == 1 {
            "question"
        } else {
            "questions"
        },
        written
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if args.include_unreviewed_text {
        eprintln!("note: this export holds story text that waits for review (identifying details); keep it inside the organisation");
    }
    Ok(())
}
