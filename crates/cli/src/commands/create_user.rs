//! `vertelpunt create-user --role … --email …`: the password comes from a prompt on a terminal,
//! or from the first line of standard input otherwise; never from a flag, so it stays out of
//! shell history and process lists.

use anyhow::{bail, Context};
use std::io::{BufRead, IsTerminal};
use vertelpunt_store::migrations;
use vertelpunt_store::users::{self, UserRole};

use crate::config::Config;

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Wachtwoord / password: ")?;
        let second = rpassword::prompt_password("Nogmaals / again: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

pub fn run(
    config: &Config,
    role: &str,
    email: &str,
    regions: &[String],
    projects: &[String],
) -> anyhow::Result<()> {
    let Some(role) = UserRole::parse(role) else {
        bail!("role '{role}' is unknown: use analyst, facilitator or admin");
    };
    let email = users::normalise_email(email)?;
    let scope = users::scope_of_codes(regions)?;
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    migrations::run_pending(&mut conn)?;
    let scope = scope.with_projects(users::project_ids(&mut conn, projects)?);
    let password = read_password()?;
    let user = users::create(&mut conn, &email, role, &password, &scope)?;
    let mut limits = Vec::new();
    if let Some(codes) = scope.regions() {
        limits.push(codes.iter().cloned().collect::<Vec<_>>().join(", "));
    }
    if scope.projects().is_some() {
        let mut slugs: Vec<&str> = projects.iter().map(|p| p.trim()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        limits.push(format!("project {}", slugs.join(", ")));
    }
    if limits.is_empty() {
        println!("created {} {}", user.role, user.email);
    } else {
        println!(
            "created {} {}, limited to {}",
            user.role,
            user.email,
            limits.join("; ")
        );
    }
    Ok(())
}

/// `vertelpunt reset-password --email E`: a new password for a staff account that forgot
/// theirs (asked for like `create-user`); the lock-out is lifted and every session ends.
pub fn reset_password(config: &Config, email: &str) -> anyhow::Result<()> {
    let email = users::normalise_email(email)?;
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    migrations::run_pending(&mut conn)?;
    let Some(user) = users::find_by_email(&mut conn, &email)? else {
        bail!("there is no staff account {email}");
    };
    let password = read_password()?;
    users::set_password(&mut conn, &user.id, &password)?;
    let ended = vertelpunt_store::sessions::end_all(&mut conn, &user.id, None)?;
    println!(
        "new password set for {} {}; {ended} {} ended",
        user.role,
        user.email,
        if ended == 1 { "session" } else { "sessions" }
    );
    Ok(())
}
