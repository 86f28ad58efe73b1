//! Typed configuration: defaults, then a TOML file, then `VERTELPUNT_*` environment variables,
//! then command-line flags. `vertelpunt.sample.toml` documents every setting.

use anyhow::{bail, Context};
use serde::Deserialize;
use std::path::Path;

/// The file read when no `--config` is given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "vertelpunt.toml";

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Database URL (`VERTELPUNT_DATABASE`).
    pub database: String,
    /// Address to listen on (`VERTELPUNT_BIND`).
    pub bind: String,
    /// HTTP worker threads, 0 = one per core (`VERTELPUNT_WORKERS`).
    pub workers: usize,
    /// Log filter, e.g. `info` or `vertelpunt_web=debug` (`VERTELPUNT_LOG`).
    pub log: String,
    /// Story submissions and withdrawal attempts per client per hour, 0 = no limit
    /// (`VERTELPUNT_SUBMISSIONS_PER_HOUR`).
    pub submissions_per_hour: u32,
    /// How many of those a client may send in a burst (`VERTELPUNT_SUBMISSION_BURST`).
    pub submission_burst: u32,
    /// Sign-in attempts per client per hour, whatever address is tried, 0 = no limit
    /// (`VERTELPUNT_LOGINS_PER_HOUR`).
    pub logins_per_hour: u32,
    /// How many sign-in attempts a client may make in a burst (`VERTELPUNT_LOGIN_BURST`).
    pub login_burst: u32,
    /// Wrong session join codes per client per hour, 0 = no limit
    /// (`VERTELPUNT_WRONG_CODES_PER_HOUR`); right codes are never limited.
    pub wrong_codes_per_hour: u32,
    /// How many wrong codes a client may try in a burst (`VERTELPUNT_WRONG_CODE_BURST`).
    pub wrong_code_burst: u32,
    /// Weeks without news after which an unfinished improvement proposal stands out on
    /// `/voorstellen` (`VERTELPUNT_QUIET_WEEKS`).
    pub quiet_weeks: u32,
    /// Behind a reverse proxy you trust: take the client from `X-Forwarded-For` and TLS from
    /// `X-Forwarded-Proto` (`VERTELPUNT_TRUST_FORWARDED_FOR`).
    pub trust_forwarded_for: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database: "vertelpunt.db".into(),
            bind: "127.0.0.1:8080".into(),
            workers: 0,
            log: "info".into(),
            submissions_per_hour: 60,
            submission_burst: 20,
            logins_per_hour: 60,
            login_burst: 30,
            wrong_codes_per_hour: 30,
            wrong_code_burst: 10,
            quiet_weeks: 6,
            trust_forwarded_for: false,
        }
    }
}

impl Config {
    /// The settings of the web application.
    pub fn web_options(&self) -> vertelpunt_web::WebOptions {
        vertelpunt_web::WebOptions {
            submissions_per_hour: self.submissions_per_hour,
            submission_burst: self.submission_burst,
            logins_per_hour: self.logins_per_hour,
            login_burst: self.login_burst,
            wrong_codes_per_hour: self.wrong_codes_per_hour,
            wrong_code_burst: self.wrong_code_burst,
            quiet_weeks: self.quiet_weeks,
            trust_forwarded_for: self.trust_forwarded_for,
            ..vertelpunt_web::WebOptions::default()
        }
    }

    /// Reads the configuration from its sources; `database` (the global flag) wins over all.
    pub fn load(file: Option<&Path>, database: Option<&str>) -> anyhow::Result<Config> {
        let mut config = match file {
            Some(path) => Self::from_file(path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                Self::from_file(Path::new(DEFAULT_CONFIG_FILE))?
            }
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        if let Some(db) = database {
            config.database = db.to_string();
        }
        Ok(config)
    }

    fn from_file(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("configuration file {} is not valid", path.display()))
    }

    /// Applies the `VERTELPUNT_*` environment variables (one per setting).
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(v) = var("VERTELPUNT_DATABASE") {
            self.database = v;
        }
        if let Some(v) = var("VERTELPUNT_BIND") {
            self.bind = v;
        }
        if let Some(v) = var("VERTELPUNT_WORKERS") {
            self.workers = match v.trim().parse() {
                Ok(n) => n,
                Err(_) => bail!("VERTELPUNT_WORKERS must be a whole number, not '{v}'"),
            };
        }
        if let Some(v) = var("VERTELPUNT_LOG") {
            self.log = v;
        }
        for (name, setting) in [
            (
                "VERTELPUNT_SUBMISSIONS_PER_HOUR",
                &mut self.submissions_per_hour,
            ),
            ("VERTELPUNT_SUBMISSION_BURST", &mut self.submission_burst),
            ("VERTELPUNT_LOGINS_PER_HOUR", &mut self.logins_per_hour),
            ("VERTELPUNT_LOGIN_BURST", &mut self.login_burst),
            (
                "VERTELPUNT_WRONG_CODES_PER_HOUR",
                &mut self.wrong_codes_per_hour,
            ),
            ("VERTELPUNT_WRONG_CODE_BURST", &mut self.wrong_code_burst),
            ("VERTELPUNT_QUIET_WEEKS", &mut self.quiet_weeks),
        ] {
            if let Some(v) = var(name) {
                *setting = match v.trim().parse() {
                    Ok(n) => n,
                    Err(_) => bail!("{name} must be a whole number, not '{v}'"),
                };
            }
        }
        if let Some(v) = var("VERTELPUNT_TRUST_FORWARDED_FOR") {
            self.trust_forwarded_for = match v.trim() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                _ => bail!("VERTELPUNT_TRUST_FORWARDED_FOR must be true or false, not '{v}'"),
            };
        }
        Ok(())
    }
}

/// Starts logging to standard error with the configured filter (`RUST_LOG` wins if set).
pub fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment_then_flag() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.toml");
        std::fs::write(
            &path,
            "database = \"from-file.db\"\nbind = \"0.0.0.0:9000\"\n",
        )
        .unwrap();
        let mut c = Config::from_file(&path).unwrap();
        assert_eq!(c.database, "from-file.db");
        assert_eq!(c.workers, 0);
        c.apply_env(|n| (n == "VERTELPUNT_BIND").then(|| "127.0.0.1:9999".to_string()))
            .unwrap();
        assert_eq!(c.bind, "127.0.0.1:9999");
        assert_eq!(c.database, "from-file.db");
        let err = c
            .apply_env(|n| (n == "VERTELPUNT_WORKERS").then(|| "many".to_string()))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "VERTELPUNT_WORKERS must be a whole number, not 'many'"
        );
    }

    #[test]
    fn unknown_settings_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.toml");
        std::fs::write(&path, "databse = \"typo.db\"\n").unwrap();
        let err = format!("{:#}", Config::from_file(&path).unwrap_err());
        assert!(err.contains("unknown field `databse`"), "{err}");
    }

    #[test]
    fn the_sample_file_is_valid_and_matches_the_defaults() {
        let sample = include_str!("../../../vertelpunt.sample.toml");
        let parsed: Config = toml::from_str(sample).unwrap();
        assert_eq!(parsed, Config::default());
    }
}
