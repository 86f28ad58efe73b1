//! `vertelpunt questionnaire check|publish|list`: validate definition files with precise
//! messages, publish them as new immutable versions, and list what is published.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use vertelpunt_model::definition::{DefinitionFormat, RawDefinition};
use vertelpunt_model::shipped::SHIPPED;
use vertelpunt_model::validate::{validate, validate_module};
use vertelpunt_model::{DefinitionErrors, Questionnaire};
use vertelpunt_store::questionnaires::{self, Published};
use vertelpunt_store::{migrations, regions};

use crate::config::Config;

fn read(path: &Path) -> anyhow::Result<RawDefinition> {
    let name = path.display().to_string();
    let Some(format) = DefinitionFormat::from_path(&name) else {
        bail!("{name}: a definition file ends in .toml or .json");
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    RawDefinition::parse(&text, format).with_context(|| format!("{name} cannot be read"))
}

fn summary(q: &Questionnaire) -> String {
    let signifiers = q.questions.iter().filter(|q| q.kind.is_signifier()).count();
    format!(
        "{} '{}', {} questions of which {} signifier questions",
        q.kind.code(),
        q.key,
        q.questions.len(),
        signifiers
    )
}

/// Checks definition files. Modules are checked against a core given in the same call, or the
/// shipped core of that key.
pub fn check(files: &[PathBuf]) -> anyhow::Result<()> {
    let mut parsed = Vec::new();
    let mut failures = 0;
    for path in files {
        match read(path) {
            Ok(raw) => parsed.push((path, raw)),
            Err(e) => {
                failures += 1;
                println!("{e:#}");
            }
        }
    }
    let mut cores: Vec<Questionnaire> = parsed
        .iter()
        .filter_map(|(_, raw)| validate(raw).ok())
        .filter(|q| q.extends.is_none())
        .collect();
    for shipped in SHIPPED {
        if let Ok(q) = validate(&shipped.parse()) {
            if q.extends.is_none() && !cores.iter().any(|c| c.key == q.key) {
                cores.push(q);
            }
        }
    }
    for (path, raw) in &parsed {
        let result: Result<Questionnaire, DefinitionErrors> = match &raw.extends {
            Some(core_key) if raw.kind == "module" => {
                match cores.iter().find(|c| &c.key == core_key) {
                    Some(core) => validate_module(core, raw),
                    None => {
                        failures += 1;
                        println!("{}: not valid\n- it extends core set '{core_key}', which is neither given nor shipped", path.display());
                        continue;
                    }
                }
            }
            _ => validate(raw),
        };
        match result {
            Ok(q) => println!("{}: valid ({})", path.display(), summary(&q)),
            Err(errors) => {
                failures += 1;
                println!("{}: not valid\n{errors}", path.display());
            }
        }
    }
    if failures > 0 {
        bail!(
            "{failures} of {} definition files are not valid",
            files.len()
        );
    }
    Ok(())
}

/// Publishes definition files in the order given (a core before its modules).
pub fn publish(config: &Config, files: &[PathBuf]) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    migrations::run_pending(&mut conn)?;
    regions::sync_shipped(&mut conn)?;
    for path in files {
        let raw = read(path)?;
        let (version, published) = questionnaires::publish(&mut conn, &raw)
            .with_context(|| format!("{} was not published", path.display()))?;
        match published {
            Published::New => println!(
                "{} v{} published",
                version.questionnaire_key, version.version
            ),
            Published::Unchanged => println!(
                "{} unchanged: identical to the published v{}",
                version.questionnaire_key, version.version
            ),
        }
    }
    Ok(())
}

/// Lists every published version.
pub fn list(config: &Config) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    migrations::run_pending(&mut conn)?;
    let versions = questionnaires::list(&mut conn)?;
    if versions.is_empty() {
        println!("No questionnaires published yet.");
    }
    for v in versions {
        println!(
            "{:<24} v{:<3} {:<7} {}  ({})",
            v.questionnaire_key,
            v.version,
            v.kind,
            v.title_nl,
            v.created_at.format("%Y-%m-%d %H:%M UTC")
        );
    }
    Ok(())
}
