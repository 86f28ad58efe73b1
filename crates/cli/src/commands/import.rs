//! `vertelpunt import sensemaker --definition DEF.json --data EXPORT.csv`: import a SenseMaker
//! export into a collection point, all or nothing, with a progress bar.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use vertelpunt_interop::{batch, sensemaker, ImportBatch};
use vertelpunt_store::setup;

use crate::config::Config;

/// Where imported stories go, and the limits of an import.
#[derive(Debug, Args)]
pub struct Target {
    /// Collection point to add the stories to; created (closed to the public) if new.
    /// Default: the questionnaire key.
    #[arg(long, value_name = "SLUG")]
    pub collection: Option<String>,
    /// Name of a new collection point. Default: the name in the source.
    #[arg(long)]
    pub name: Option<String>,
    /// Project (organisation) of a new collection point.
    #[arg(long, default_value = setup::DEFAULT_PROJECT)]
    pub project: String,
    /// Jeugdregio code for every story, when the whole file comes from one region.
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Refuse files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = vertelpunt_interop::DEFAULT_MAX_FILE_BYTES / 1_048_576)]
    pub max_file_size: u64,
    /// Check the files and say what would be imported, without storing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Hide the progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// `import sensemaker`.
#[derive(Debug, Args)]
pub struct SenseMakerArgs {
    /// The framework definition (`…_Definition.json`).
    #[arg(long, value_name = "FILE")]
    pub definition: PathBuf,
    /// The CSV export (`…_Data.csv`).
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Key of the generated questionnaire. Default: `sensemaker-` and the framework's name.
    #[arg(long, value_name = "KEY")]
    pub questionnaire: Option<String>,
    #[command(flatten)]
    pub target: Target,
}

pub fn sensemaker(config: &Config, args: SenseMakerArgs) -> anyhow::Result<()> {
    let max = args.target.max_file_size.saturating_mul(1_048_576);
    let definition = vertelpunt_interop::read_file(&args.definition, max)?;
    let data = vertelpunt_interop::read_file(&args.data, max)?;
    let data_name = args.data.display().to_string();
    let prepared = sensemaker::prepare(
        &args.definition.display().to_string(),
        &definition,
        &data_name,
        &data,
        args.questionnaire.as_deref(),
    )?;
    let key = prepared.mapping.definition.key.clone();
    for skipped in &prepared.mapping.unsupported {
        eprintln!("not imported (Vertelpunt has no such question): {skipped}");
    }
    for u in &prepared.unlisted {
        eprintln!(
            "question \"{}\": '{}' is not in the definition ({} {}); kept as an extra option",
            u.question,
            u.value,
            u.stories,
            if u.stories == 1 { "story" } else { "stories" }
        );
    }
    let questions = prepared.mapping.definition.questions.len();
    if args.target.dry_run {
        println!(
            "{data_name}: {} stories read; questionnaire '{key}' with {questions} questions; nothing stored (--dry-run)",
            prepared.stories.len()
        );
        return Ok(());
    }
    let collection = args
        .target
        .collection
        .clone()
        .unwrap_or_else(|| key.clone());
    let name = args
        .target
        .name
        .clone()
        .unwrap_or_else(|| format!("{} (SenseMaker)", prepared.framework.name));
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let batch = ImportBatch {
        file: &data_name,
        source: sensemaker::SOURCE,
        namespace: &prepared.framework.id,
        definition: &prepared.mapping.definition,
        project: &args.target.project,
        collection: &collection,
        collection_name: &name,
        region: args.target.region.as_deref(),
        stories: &prepared.stories,
    };
    let report = store_with_progress(&mut conn, &batch, args.target.quiet)?;
    print_report(&report, &collection);
    Ok(())
}

fn store_with_progress(
    conn: &mut vertelpunt_store::DbConnection,
    batch: &ImportBatch,
    quiet: bool,
) -> anyhow::Result<batch::ImportReport> {
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} verhalen ({per_sec}, nog {eta})")
            .expect("valid template"),
    );
    let report = batch::store(conn, batch, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    Ok(report?)
}

fn print_report(report: &batch::ImportReport, collection: &str) {
    println!(
        "{} stories read: {} added to collection point '{collection}'{}, {} already there; {} complete, {} waiting for review (identifying details)",
        report.read,
        report.added,
        if report.collection_point_new { " (new, closed to the public)" } else { "" },
        report.already_present,
        report.complete,
        report.flagged,
    );
    println!(
        "questionnaire '{}' version {}{}",
        report.questionnaire_key,
        report.questionnaire_version,
        if report.questionnaire_new {
            " (new)"
        } else {
            ""
        }
    );
    for (question, n) in &report.answers_per_question {
        println!("  {question}: {n} answers");
    }
}
