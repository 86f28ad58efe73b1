//! Choosing the backend from a database URL. Unknown schemes are refused, never silently
//! turned into a SQLite file.

use crate::error::StoreError;

/// The two supported backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A parsed database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What the driver is given: a file path for SQLite, the URL itself for PostgreSQL.
    pub target: String,
}

impl DatabaseUrl {
    /// Parses `postgres://…`, `postgresql://…`, `sqlite:PATH`, `sqlite://PATH` or a plain file path.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::EmptyUrl);
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                target: url.to_string(),
            });
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(StoreError::EmptyUrl);
            }
            return Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                target: path.to_string(),
            });
        }
        if let Some(scheme) = scheme_of(url) {
            return Err(StoreError::UnsupportedScheme {
                url: redact(url),
                scheme,
            });
        }
        Ok(DatabaseUrl {
            backend: Backend::Sqlite,
            target: url.to_string(),
        })
    }
}

/// The scheme of something that looks like a URL (`name:` followed by `//`, or a scheme name
/// longer than one letter so that `C:\…` stays a path).
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    let looks_like_scheme = !scheme.is_empty()
        && scheme.chars().next()?.is_ascii_alphabetic()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (looks_like_scheme && (rest.starts_with("//") || scheme.len() > 1)).then(|| scheme.to_string())
}

/// The URL without a password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            let userinfo = &url[start + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..start + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        let p = DatabaseUrl::parse("postgres://postgres@127.0.0.1:5432/x").unwrap();
        assert_eq!(p.backend, Backend::Postgres);
        assert_eq!(
            DatabaseUrl::parse("sqlite:data/v.db").unwrap().target,
            "data/v.db"
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/v.db").unwrap().target,
            "/tmp/v.db"
        );
        assert_eq!(
            DatabaseUrl::parse("./vertelpunt.db").unwrap().backend,
            Backend::Sqlite
        );
        let err = DatabaseUrl::parse("mysql://root:secret@localhost/v").unwrap_err();
        assert_eq!(
            err.to_string(),
            "database URL 'mysql://root:***@localhost/v' uses scheme 'mysql', which Vertelpunt does not support: use a file path or sqlite:PATH for SQLite, or postgres://… for PostgreSQL"
        );
        assert!(DatabaseUrl::parse("").is_err());
    }
}
