//! `vertelpunt import sensemaker [--definition DEF.json] --data EXPORT.csv`: a SenseMaker export
//! (without its definition, the framework is read from the export's columns);
//! `vertelpunt import narrafirma --form FORM.csv --data STORIES.csv`: a NarraFirma story form
//! and its stories;
//! `vertelpunt import table --data FILE [--mapping MAP.toml]`: a spreadsheet described by a
//! mapping file, or (without one) an export of a Vertelpunt. Every import goes into a collection
//! point, all or nothing, with a progress bar.

use std::path::PathBuf;

use anyhow::Context;
use chrono::Timelike;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use vertelpunt_interop::generated::{self, Generated, Note, TableFiles};
use vertelpunt_interop::{batch, export};
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
    /// The framework definition (`…_Definition.json`). Without it the questionnaire is read
    /// from the export's own columns and title row, and printed.
    #[arg(long, value_name = "FILE")]
    pub definition: Option<PathBuf>,
    /// Without --definition: write the framework read from the columns to FILE, as a SenseMaker
    /// definition to correct and give back with --definition.
    #[arg(long, value_name = "FILE", conflicts_with = "definition")]
    pub write_definition: Option<PathBuf>,
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
    let definition = match &args.definition {
        Some(path) => Some((
            path.display().to_string(),
            vertelpunt_interop::read_file(path, max)?,
        )),
        None => None,
    };
    let data = vertelpunt_interop::read_file(&args.data, max)?;
    let read = generated::sensemaker(
        definition.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
        &args.data.display().to_string(),
        &data,
        args.questionnaire.as_deref(),
    )?;
    if let Some(path) = &args.write_definition {
        let inferred = read.notes.iter().find_map(|n| match n {
            Note::Inferred(i) => Some(i),
            _ => None,
        });
        if let Some(inferred) = inferred {
            std::fs::write(path, inferred.definition_json())
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "the framework read from the columns is in {}: correct it and import again with --definition {}",
                path.display(),
                path.display()
            );
        }
    }
    store_generated(config, &args.target, &read)
}

/// Prints what the user should know about a generated import.
fn print_notes(notes: &[Note]) {
    for note in notes {
        match note {
            Note::Unsupported(what) => {
                eprintln!("not imported (Vertelpunt has no such question): {what}")
            }
            Note::Unlisted {
                question,
                value,
                stories,
            } => eprintln!(
                "question \"{question}\": '{value}' is not in the definition ({stories} {}); kept as an extra option",
                if *stories == 1 { "story" } else { "stories" }
            ),
            Note::TestsLeftOut(n) => eprintln!("{n} test stories (testing123) left out"),
            Note::TooShort(n) => {
                eprintln!("{n} stories left out: fewer words than the story form's minimum")
            }
            Note::Rounded(r) => eprintln!(
                "{} {} rescaled to 0–100 and rounded to a whole number (a change of at most {:.2})",
                r.values,
                if r.values == 1 { "value was" } else { "values were" },
                r.largest
            ),
            Note::Inferred(inferred) => {
                for line in inferred.describe() {
                    eprintln!("{line}");
                }
            }
            Note::Trimmed(n) => eprintln!(
                "{n} story {} stored without the spaces or line breaks around {} in the file",
                if *n == 1 { "text" } else { "texts" },
                if *n == 1 { "it" } else { "them" }
            ),
        }
    }
}

impl Target {
    fn generated(&self) -> generated::Target {
        generated::Target {
            collection: self.collection.clone(),
            name: self.name.clone(),
            project: self.project.clone(),
            region: self.region.clone(),
        }
    }
}

/// Stores generated-questionnaire stories into `--collection` (default: the questionnaire key),
/// or with `--dry-run` only says what would be stored.
fn store_generated(config: &Config, target: &Target, read: &Generated) -> anyhow::Result<()> {
    print_notes(&read.notes);
    let key = &read.definition.key;
    if target.dry_run {
        println!(
            "{}: {} stories read; questionnaire '{key}' with {} questions; nothing stored (--dry-run)",
            read.data_name,
            read.stories.len(),
            read.definition.questions.len()
        );
        return Ok(());
    }
    let into = target.generated();
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let report = with_progress(target.quiet, |progress| {
        read.store(&mut conn, &into, progress)
    })?;
    print_report(&report, &read.collection(&into));
    Ok(())
}

/// `import narrafirma`.
#[derive(Debug, Args)]
pub struct NarraFirmaArgs {
    /// The story form CSV (columns Data column name, Type, About, Short name, Long name, Answers).
    #[arg(long, value_name = "FILE")]
    pub form: PathBuf,
    /// The stories CSV.
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Key of the generated questionnaire. Default: `narrafirma-` and the story form's file name.
    #[arg(long, value_name = "KEY")]
    pub questionnaire: Option<String>,
    /// The language the stories were told in: an ISO 639-1 code (nl, en, de, …).
    #[arg(long, default_value = "nl", value_parser = language_code)]
    pub language: vertelpunt_model::LanguageCode,
    #[command(flatten)]
    pub target: Target,
}

/// A language code argument, with the message a user can act on.
fn language_code(s: &str) -> Result<vertelpunt_model::LanguageCode, String> {
    vertelpunt_model::LanguageCode::parse(s)
        .ok_or_else(|| vertelpunt_model::text::not_a_language(s))
}

pub fn narrafirma(config: &Config, args: NarraFirmaArgs) -> anyhow::Result<()> {
    let max = args.target.max_file_size.saturating_mul(1_048_576);
    let form = vertelpunt_interop::read_file(&args.form, max)?;
    let data = vertelpunt_interop::read_file(&args.data, max)?;
    let language = args.language.clone();
    let now = chrono::Utc::now()
        .naive_utc()
        .with_nanosecond(0)
        .unwrap_or_default();
    let read = generated::narrafirma(
        &args.form.display().to_string(),
        &form,
        &args.data.display().to_string(),
        &data,
        args.questionnaire.as_deref(),
        language,
        now,
    )?;
    store_generated(config, &args.target, &read)
}

/// Runs `store` with a progress bar (unless `quiet`) that it moves with (done, total).
fn with_progress<T>(
    quiet: bool,
    store: impl FnOnce(&mut dyn FnMut(usize, usize)) -> Result<T, vertelpunt_interop::ImportError>,
) -> anyhow::Result<T> {
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} verhalen ({per_sec}, nog {eta})")
            .expect("valid template"),
    );
    let result = store(&mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    Ok(result?)
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
    for (slug, n) in &report.elsewhere {
        println!(
            "{n} of the stories already there {} in collection point '{slug}', not in '{collection}'",
            if *n == 1 { "is" } else { "are" }
        );
    }
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

/// `import table`.
#[derive(Debug, Args)]
pub struct TableArgs {
    /// The file: .csv (comma or semicolon), .xlsx or .parquet.
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// The mapping file (TOML) that says which column holds what. Leave it out for a file
    /// made by `vertelpunt export` (its questionnaires are read from beside it or its sheets).
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// The sheet of an XLSX file. Default: the mapping's, `verhalen` for an export, else the first.
    #[arg(long)]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub target: Target,
}

pub fn table(config: &Config, args: TableArgs) -> anyhow::Result<()> {
    let max = args.target.max_file_size.saturating_mul(1_048_576);
    let data_name = args.data.display().to_string();
    let data = vertelpunt_interop::read_file(&args.data, max)?;
    let mapping = match &args.mapping {
        Some(path) => Some((
            path.display().to_string(),
            vertelpunt_interop::read_file(path, max)?,
        )),
        None => None,
    };
    // An export's questionnaires lie beside it (or, in a workbook, in its own sheets).
    let beside = export::questionnaires_path(&args.data);
    let questionnaires = if mapping.is_none() && beside.exists() {
        Some((
            beside.display().to_string(),
            vertelpunt_interop::read_file(&beside, max)?,
        ))
    } else {
        None
    };
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let expected = beside.display().to_string();
    let files = TableFiles {
        data_name: &data_name,
        data: &data,
        mapping: mapping.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
        questionnaires: questionnaires
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        sheet: args.sheet.as_deref(),
        questionnaires_expected: &expected,
    };
    let read = generated::table(&mut conn, files, args.target.collection.as_deref())?;
    let into = args.target.generated();
    if args.target.dry_run {
        println!(
            "{data_name}: {} stories read for collection point '{}' (questionnaire '{}'); nothing stored (--dry-run)",
            read.stories.len(),
            read.collection(&into),
            read.definition.key
        );
        return Ok(());
    }
    let report = with_progress(args.target.quiet, |progress| {
        read.store(&mut conn, &into, progress)
    })?;
    print_report(&report, &read.collection(&into));
    Ok(())
}
