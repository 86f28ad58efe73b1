//! `vertelpunt api-token create|list|revoke`: tokens for the JSON API. A token acts as its
//! staff account (with that account's role). It is printed once, on creation; the database
//! keeps only its SHA-256.

use anyhow::bail;
use vertelpunt_store::{api_tokens, migrations, users};

use crate::config::Config;

/// What `api-token create` is given.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The staff account the token acts for (see `create-user`).
    #[arg(long)]
    pub email: String,
    /// What the token is for, e.g. "dashboard gemeente Nijmegen".
    #[arg(long)]
    pub name: String,
    /// Days until the token stops working; without it, it works until revoked.
    #[arg(long)]
    pub days: Option<u32>,
}

pub fn create(config: &Config, args: CreateArgs) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    migrations::run_pending(&mut conn)?;
    let email = users::normalise_email(&args.email)?;
    let Some(user) = users::find_by_email(&mut conn, &email)? else {
        bail!("there is no staff account {email}: make one with `vertelpunt create-user` first");
    };
    let made = api_tokens::create(&mut conn, &user, &args.name, args.days)?;
    eprintln!(
        "API token {} for {} ({}){}; it is shown only now:",
        made.token.id,
        user.email,
        user.role,
        match made.token.expires_at {
            Some(at) => format!(", valid until {} UTC", at.format("%Y-%m-%d %H:%M")),
            None => String::new(),
        }
    );
    println!("{}", made.secret);
    Ok(())
}

pub fn list(config: &Config) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    let now = vertelpunt_store::now();
    let tokens = api_tokens::list(&mut conn)?;
    if tokens.is_empty() {
        println!("no API tokens");
    }
    for (token, email) in tokens {
        let state = if let Some(at) = token.revoked_at {
            format!("revoked {}", at.format("%Y-%m-%d"))
        } else if !token.is_live(now) {
            "expired".to_string()
        } else {
            match token.expires_at {
                Some(at) => format!("valid until {}", at.format("%Y-%m-%d")),
                None => "valid".to_string(),
            }
        };
        println!(
            "{}  {}  {}  made {}  {}",
            token.id,
            email,
            token.name,
            token.created_at.format("%Y-%m-%d"),
            state
        );
    }
    Ok(())
}

pub fn revoke(config: &Config, id: &str) -> anyhow::Result<()> {
    let store = super::open_store(&config.database)?;
    let mut conn = store.conn()?;
    api_tokens::revoke(&mut conn, id)?;
    println!("revoked API token {id}");
    Ok(())
}
