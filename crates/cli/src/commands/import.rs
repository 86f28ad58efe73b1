//! `vertelpunt import sensemaker --definition DEF.json --data EXPORT.csv`: a SenseMaker export;
//! `vertelpunt import narrafirma --form FORM.csv --data STORIES.csv`: a NarraFirma story form
//! and its stories;
//! `vertelpunt import table --data FILE [--mapping MAP.toml]`: a spreadsheet described by a
//! mapping file, or (without one) an export of a Vertelpunt. Every import goes into a collection
//! point, all or nothing, with a progress bar.

use std::path::PathBuf;

use anyhow::bail;
use anyhow::Context;
use chrono::Timelike;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use vertelpunt_interop::batch::StoryIds;
use vertelpunt_interop::generated::{self, Generated, Note};
use vertelpunt_interop::tabular::{self, mapping::MappingFile, vertelpunt, DataFormat, Questions};
use vertelpunt_interop::{batch, export, ImportBatch};
use vertelpunt_model::definition::RawDefinition;
use vertelpunt_model::validate::validate;
use vertelpunt_model::Questionnaire;
use vertelpunt_store::{collection_points, questionnaires, setup, DbConnection};

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
    let read = generated::sensemaker(
        &args.definition.display().to_string(),
        &definition,
        &args.data.display().to_string(),
        &data,
        args.questionnaire.as_deref(),
    )?;
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
    /// The language the stories were told in.
    #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
    pub language: String,
    #[command(flatten)]
    pub target: Target,
}

pub fn narrafirma(config: &Config, args: NarraFirmaArgs) -> anyhow::Result<()> {
    let max = args.target.max_file_size.saturating_mul(1_048_576);
    let form = vertelpunt_interop::read_file(&args.form, max)?;
    let data = vertelpunt_interop::read_file(&args.data, max)?;
    let language =
        vertelpunt_model::Lang::parse(&args.language).unwrap_or(vertelpunt_model::Lang::Nl);
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

/// The questionnaires a spreadsheet's stories answered: those of the collection point when it
/// exists, else those the mapping names (their newest published versions).
fn mapped_questionnaires(
    conn: &mut DbConnection,
    mapping: &MappingFile,
    collection: &str,
) -> anyhow::Result<(RawDefinition, Vec<RawDefinition>)> {
    if let Some(point) = collection_points::find_by_slug(conn, collection)? {
        let core = questionnaires::get(conn, &point.questionnaire_version_id)?;
        if let Some(key) = &mapping.questionnaire {
            if key != &core.questionnaire_key {
                bail!(
                    "collection point '{collection}' collects with questionnaire '{}', but the mapping names '{key}'",
                    core.questionnaire_key
                );
            }
        }
        let modules = collection_points::modules(conn, &point.id)?
            .iter()
            .map(|m| m.raw())
            .collect::<Result<Vec<_>, _>>()?;
        return Ok((core.raw()?, modules));
    }
    let Some(key) = &mapping.questionnaire else {
        bail!(
            "collection point '{collection}' does not exist yet: name its questionnaire in the mapping (questionnaire = \"KEY\")"
        );
    };
    let latest = |conn: &mut DbConnection, key: &str| -> anyhow::Result<RawDefinition> {
        match questionnaires::latest(conn, key)? {
            Some(v) => Ok(v.raw()?),
            None => bail!("questionnaire '{key}' has not been published (vertelpunt questionnaire publish FILE)"),
        }
    };
    let core = latest(conn, key)?;
    let modules = mapping
        .modules
        .iter()
        .map(|m| latest(conn, m))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok((core, modules))
}

fn checked(raw: &RawDefinition) -> anyhow::Result<Questionnaire> {
    validate(raw).map_err(|e| anyhow::anyhow!("questionnaire '{}' is not valid:\n{e}", raw.key))
}

pub fn table(config: &Config, args: TableArgs) -> anyhow::Result<()> {
    let max = args.target.max_file_size.saturating_mul(1_048_576);
    let data_name = args.data.display().to_string();
    let Some(format) = DataFormat::of(&args.data) else {
        bail!("{data_name}: the file name must end in .csv, .xlsx or .parquet");
    };
    let data = vertelpunt_interop::read_file(&args.data, max)?;
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;

    let (core, modules, stories, source, ids, collection) = match &args.mapping {
        Some(mapping_path) => {
            let mapping_name = mapping_path.display().to_string();
            let text = vertelpunt_interop::read_file(mapping_path, max)?;
            let text = String::from_utf8(text)
                .map_err(|_| anyhow::anyhow!("{mapping_name}: the mapping is not UTF-8 text"))?;
            let mapping = MappingFile::parse(&mapping_name, &text)?;
            let Some(collection) = args
                .target
                .collection
                .clone()
                .or_else(|| mapping.collection.clone())
            else {
                bail!("name the collection point: --collection SLUG, or collection = \"SLUG\" in the mapping");
            };
            let (core, modules) = mapped_questionnaires(&mut conn, &mapping, &collection)?;
            let checked_core = checked(&core)?;
            let checked_modules = modules
                .iter()
                .map(checked)
                .collect::<anyhow::Result<Vec<_>>>()?;
            let questions = Questions(
                std::iter::once(&checked_core)
                    .chain(checked_modules.iter())
                    .collect(),
            );
            let plan = mapping.plan(&mapping_name, &questions)?;
            let sheet = args.sheet.as_deref().or(mapping.sheet.as_deref());
            let table = tabular::read_table(&data_name, &data, format, sheet)?;
            let stories = tabular::read(&table, &plan, &questions)?;
            let source = mapping.source().to_string();
            (
                core,
                modules,
                stories,
                source,
                StoryIds::Derived,
                collection,
            )
        }
        None => {
            let exported = match format {
                DataFormat::Xlsx => vertelpunt::sheet_questionnaires(&data_name, &data)?,
                _ => None,
            };
            let exported = match exported {
                Some(e) => e,
                None => {
                    let path = export::questionnaires_path(&args.data);
                    if !path.exists() {
                        bail!(
                            "{data_name}: without --mapping, the file must be an export of a Vertelpunt, with its questionnaires in {}; for another spreadsheet, write a mapping file (see the README)",
                            path.display()
                        );
                    }
                    let bytes = vertelpunt_interop::read_file(&path, max)?;
                    vertelpunt::parse_questionnaires(&path.display().to_string(), &bytes)?
                }
            };
            let (core, modules) = vertelpunt::core_and_modules(&data_name, &exported)?;
            let checked_core = checked(&core)?;
            let checked_modules = modules
                .iter()
                .map(checked)
                .collect::<anyhow::Result<Vec<_>>>()?;
            let questions = Questions(
                std::iter::once(&checked_core)
                    .chain(checked_modules.iter())
                    .collect(),
            );
            let sheet = args.sheet.as_deref().or(Some(export::STORIES_SHEET));
            let table = tabular::read_table(&data_name, &data, format, sheet)?;
            let plan = vertelpunt::plan(&questions.0, &table);
            let stories = tabular::read(&table, &plan, &questions)?;
            let Some(collection) = args
                .target
                .collection
                .clone()
                .or_else(|| vertelpunt::single_collection_point(&table))
            else {
                bail!("the stories come from several collection points: name the one to import them into with --collection SLUG");
            };
            (
                core,
                modules,
                stories,
                vertelpunt::SOURCE.to_string(),
                StoryIds::Kept,
                collection,
            )
        }
    };
    if args.target.dry_run {
        println!(
            "{data_name}: {} stories read for collection point '{collection}' (questionnaire '{}'); nothing stored (--dry-run)",
            stories.len(),
            core.key
        );
        return Ok(());
    }
    let name = args
        .target
        .name
        .clone()
        .unwrap_or_else(|| format!("{collection} (import)"));
    let batch = ImportBatch {
        modules: &modules,
        ids,
        file: &data_name,
        source: &source,
        namespace: &source,
        definition: &core,
        project: &args.target.project,
        collection: &collection,
        collection_name: &name,
        region: args.target.region.as_deref(),
        stories: &stories,
    };
    let report = with_progress(args.target.quiet, |progress| {
        batch::store(&mut conn, &batch, progress)
    })?;
    print_report(&report, &collection);
    Ok(())
}
