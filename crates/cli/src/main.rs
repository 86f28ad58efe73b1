//! The `vertelpunt` command.
//!
//! Error policy: commands return `anyhow::Result`; the message chain is printed and the exit
//! code is 1. Library crates return typed errors.

mod commands;
mod config;
mod seed;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Vertelpunt: share, signify and learn from experiences in Dutch youth care.
#[derive(Debug, Parser)]
#[command(name = "vertelpunt", version, about)]
struct Cli {
    /// A configuration file (TOML); see vertelpunt.sample.toml. Default: ./vertelpunt.toml if present.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Database URL: a file path or sqlite:PATH for SQLite, postgres://… for PostgreSQL.
    #[arg(long, global = true, value_name = "URL")]
    database: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Prepare the database and serve the web application.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080 or 0.0.0.0:8080.
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Create a staff account; the password is asked for (or read from standard input).
    CreateUser {
        /// analyst, facilitator or admin.
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
        /// Limit the account to this jeugdregio (code, e.g. JR13; repeat for several): it sees
        /// only those regions' stories, runs, cards and sessions. Without it: every region.
        #[arg(long = "region", value_name = "CODE")]
        regions: Vec<String>,
        /// Limit the account to this project (its slug, e.g. landelijk; repeat for several): it
        /// sees only its collection points with their stories, the runs and cards over them,
        /// and its sessions. Without it: every project.
        #[arg(long = "project", value_name = "SLUG")]
        projects: Vec<String>,
    },
    /// Give a staff account a new password (asked for, or read from standard input); the
    /// account is unlocked and signed out everywhere.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// Create, list and revoke tokens for the JSON API (/api/v1; see /api/openapi.json).
    #[command(subcommand)]
    ApiToken(ApiTokenCommand),
    /// Check, publish and list questionnaire definitions.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Create and list collection points (the public Vertelpunten at /v/SLUG).
    #[command(subcommand)]
    CollectionPoint(CollectionPointCommand),
    /// Fill the database with realistic synthetic stories, marked as synthetic.
    SeedDemo {
        /// How many stories.
        #[arg(long, default_value_t = 1000)]
        stories: u32,
        /// Seed of the random generator: the same seed gives the same stories.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Collection point slug to add them to.
        #[arg(long, default_value = "jeugdhulp")]
        collection: String,
        /// Hide the progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Run a pattern evaluation and write patterns.json, patterns.csv and charts.
    Evaluate(Box<commands::evaluate::EvaluateArgs>),
    /// Export the selected stories as CSV, Parquet or XLSX, with the questionnaires beside them.
    Export(Box<commands::export::ExportArgs>),
    /// Import stories from another tool, all or nothing; importing the same file again adds nothing.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// A SenseMaker CSV export with its framework definition JSON.
    Sensemaker(Box<commands::import::SenseMakerArgs>),
    /// A NarraFirma story form CSV with its stories CSV.
    Narrafirma(Box<commands::import::NarraFirmaArgs>),
    /// A spreadsheet (CSV or XLSX) with a mapping file, or an export of a Vertelpunt
    /// (CSV, Parquet or XLSX; no mapping needed).
    Table(Box<commands::import::TableArgs>),
}

#[derive(Debug, Subcommand)]
enum ApiTokenCommand {
    /// Make a token for a staff account; it is printed once.
    Create(commands::api_token::CreateArgs),
    /// List tokens (never the tokens themselves).
    List,
    /// Stop a token from working.
    Revoke {
        /// The token's id, as `list` shows it.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum QuestionnaireCommand {
    /// Validate definition files (TOML or JSON) and print every problem; no database needed.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Validate and publish definition files as new versions (a core before its modules).
    Publish {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the published versions.
    List,
}

#[derive(Debug, Subcommand)]
enum CollectionPointCommand {
    /// Create a collection point on the newest version of a core questionnaire.
    Create(Box<commands::collection_point::CreateArgs>),
    /// List collection points, open or closed.
    List,
    /// Move a collection point to the newest version of its questionnaires, where that keeps
    /// the meaning of answers (new wording, new questions); says what moved and what not.
    Upgrade {
        /// The collection point's slug.
        slug: String,
    },
}

fn main() {
    let cli = Cli::parse();
    let result =
        config::Config::load(cli.config.as_deref(), cli.database.as_deref()).and_then(|config| {
            config::init_logging(&config);
            match cli.command {
                Command::Serve { bind } => commands::serve::run(config, bind),
                Command::Migrate => commands::migrate::run(&config),
                Command::CreateUser {
                    role,
                    email,
                    regions,
                    projects,
                } => commands::create_user::run(&config, &role, &email, &regions, &projects),
                Command::ResetPassword { email } => {
                    commands::create_user::reset_password(&config, &email)
                }
                Command::ApiToken(ApiTokenCommand::Create(args)) => {
                    commands::api_token::create(&config, args)
                }
                Command::ApiToken(ApiTokenCommand::List) => commands::api_token::list(&config),
                Command::ApiToken(ApiTokenCommand::Revoke { id }) => {
                    commands::api_token::revoke(&config, &id)
                }
                Command::Questionnaire(QuestionnaireCommand::Check { files }) => {
                    commands::questionnaire::check(&files)
                }
                Command::Questionnaire(QuestionnaireCommand::Publish { files }) => {
                    commands::questionnaire::publish(&config, &files)
                }
                Command::Questionnaire(QuestionnaireCommand::List) => {
                    commands::questionnaire::list(&config)
                }
                Command::CollectionPoint(CollectionPointCommand::Create(args)) => {
                    commands::collection_point::create(&config, *args)
                }
                Command::CollectionPoint(CollectionPointCommand::Upgrade { slug }) => {
                    commands::collection_point::upgrade(&config, &slug)
                }
                Command::CollectionPoint(CollectionPointCommand::List) => {
                    commands::collection_point::list(&config)
                }
                Command::SeedDemo {
                    stories,
                    seed,
                    collection,
                    quiet,
                } => commands::seed_demo::run(&config, stories, seed, &collection, quiet),
                Command::Evaluate(args) => commands::evaluate::run(&config, *args),
                Command::Export(args) => commands::export::run(&config, *args),
                Command::Import(ImportCommand::Sensemaker(args)) => {
                    commands::import::sensemaker(&config, *args)
                }
                Command::Import(ImportCommand::Narrafirma(args)) => {
                    commands::import::narrafirma(&config, *args)
                }
                Command::Import(ImportCommand::Table(args)) => {
                    commands::import::table(&config, *args)
                }
            }
        });
    if let Err(e) = result {
        eprintln!("vertelpunt: {e:#}");
        std::process::exit(1);
    }
}
