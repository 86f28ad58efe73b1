//! `vertelpunt collection-point create|list`: the public Vertelpunten (`/v/{slug}`).

use anyhow::{bail, Context};
use chrono::{NaiveDate, NaiveDateTime};
use vertelpunt_store::collection_points::{self, NewCollectionPoint};
use vertelpunt_store::{channels, projects, questionnaires, setup};

use crate::config::Config;

/// What `collection-point create` is given.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The public address: /v/SLUG (lower-case letters, digits and '-').
    #[arg(long)]
    pub slug: String,
    /// The name shown to tellers.
    #[arg(long)]
    pub name: String,
    /// Key of the core questionnaire.
    #[arg(long, default_value = "jeugdhulp")]
    pub questionnaire: String,
    /// Key of a module to add (repeat for more).
    #[arg(long = "module", value_name = "KEY")]
    pub modules: Vec<String>,
    /// Default jeugdregio code, e.g. JR28.
    #[arg(long)]
    pub region: Option<String>,
    /// First moment stories are accepted: YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC).
    #[arg(long)]
    pub opens: Option<String>,
    /// Moment from which stories are no longer accepted (UTC).
    #[arg(long)]
    pub closes: Option<String>,
    /// Languages offered, Dutch first.
    #[arg(long, default_value = "nl,en")]
    pub languages: String,
    /// The project (organisation) it belongs to; created if new.
    #[arg(long, default_value = "landelijk")]
    pub project: String,
}

/// Parses `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM` (UTC).
fn parse_moment(flag: &str, value: &str) -> anyhow::Result<NaiveDateTime> {
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight exists"));
    }
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").map_err(|_| {
        anyhow::anyhow!("{flag} '{value}' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)")
    })
}

pub fn create(config: &Config, args: CreateArgs) -> anyhow::Result<()> {
    let opens = args
        .opens
        .as_deref()
        .map(|v| parse_moment("--opens", v))
        .transpose()?;
    let closes = args
        .closes
        .as_deref()
        .map(|v| parse_moment("--closes", v))
        .transpose()?;
    if let (Some(o), Some(c)) = (opens, closes) {
        if c <= o {
            bail!("--closes must be after --opens");
        }
    }
    let languages: Vec<String> = args
        .languages
        .split(',')
        .map(|l| l.trim().to_string())
        .collect();
    if let Some(bad) = languages
        .iter()
        .find(|l| !matches!(l.as_str(), "nl" | "en"))
    {
        bail!("language '{bad}' is not supported: use nl, en or nl,en");
    }
    if let Some(code) = &args.region {
        if vertelpunt_model::regions::region(code).is_none() {
            bail!("region '{code}' is unknown: use a code from crates/model/data/jeugdregios.toml, e.g. JR28 for Rijk van Nijmegen");
        }
    }
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let Some(core) = questionnaires::latest(&mut conn, &args.questionnaire)? else {
        bail!("questionnaire '{}' is not published", args.questionnaire);
    };
    let mut module_ids = Vec::new();
    for key in &args.modules {
        let Some(m) = questionnaires::latest(&mut conn, key)? else {
            bail!("module '{key}' is not published");
        };
        module_ids.push(m.id);
    }
    let project = projects::ensure(&mut conn, &args.project, &args.project)?;
    channels::ensure(&mut conn, &project.id, channels::UNKNOWN, "Onbekend")?;
    channels::ensure(&mut conn, &project.id, channels::VERTELTAFEL, "Verteltafel")?;
    let point = collection_points::create(
        &mut conn,
        NewCollectionPoint {
            project_id: project.id,
            slug: args.slug,
            name: args.name,
            questionnaire_version_id: core.id,
            module_version_ids: module_ids,
            default_region_code: args.region,
            opens_at: opens,
            closes_at: closes,
            languages,
        },
    )?;
    println!(
        "collection point '{}' created: {} v{}{} at /v/{}",
        point.name,
        core.questionnaire_key,
        core.version,
        if args.modules.is_empty() {
            String::new()
        } else {
            format!(" + {}", args.modules.join(", "))
        },
        point.slug
    );
    Ok(())
}

pub fn list(config: &Config) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let now = vertelpunt_store::now();
    for p in collection_points::list(&mut conn)? {
        let version = questionnaires::get(&mut conn, &p.questionnaire_version_id)?;
        let modules: Vec<String> = collection_points::modules(&mut conn, &p.id)?
            .into_iter()
            .map(|m| format!("{} v{}", m.questionnaire_key, m.version))
            .collect();
        println!(
            "/v/{:<20} {:<7} {} v{}{}  {}",
            p.slug,
            if p.is_open(now) { "open" } else { "closed" },
            version.questionnaire_key,
            version.version,
            if modules.is_empty() {
                String::new()
            } else {
                format!(" + {}", modules.join(", "))
            },
            p.name
        );
    }
    Ok(())
}

pub fn upgrade(config: &Config, slug: &str) -> anyhow::Result<()> {
    use collection_points::Upgraded;
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    setup::prepare(&mut conn).context("cannot prepare the database")?;
    let Some(point) = collection_points::find_by_slug(&mut conn, slug)? else {
        bail!("there is no collection point '{slug}' (see `vertelpunt collection-point list`)");
    };
    let mut refused = false;
    for outcome in collection_points::upgrade(&mut conn, &point)? {
        match outcome {
            Upgraded::Moved { key, from, to } => {
                println!("/v/{slug}: {key} v{from} -> v{to}")
            }
            Upgraded::Newest { key, version } => {
                println!("/v/{slug}: {key} v{version} is the newest version")
            }
            Upgraded::Refused {
                key,
                newest,
                changes,
            } => {
                refused = true;
                println!(
                    "/v/{slug}: {key} stays: v{newest} changes what answers mean ({}); make a new collection point for it",
                    changes.join("; ")
                );
            }
        }
    }
    if refused {
        bail!("not every questionnaire of /v/{slug} could move");
    }
    println!("Restart `vertelpunt serve` to show the new version.");
    Ok(())
}
