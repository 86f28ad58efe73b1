//! The three perspectives a teller can share from.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::text::Text;

/// Who a teller is: the first question of every Vertelpunt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// kind of jongere
    Jongere,
    /// ouder of verzorger
    Ouder,
    /// professional
    Professional,
    /// Not asked: stories imported from a tool whose form had no role question. Never offered
    /// to tellers and never in [`Role::ALL`].
    Onbekend,
}

impl Role {
    /// The roles a teller can choose.
    pub const ALL: [Role; 3] = [Role::Jongere, Role::Ouder, Role::Professional];

    /// The stable code stored in the database and used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Role::Jongere => "jongere",
            Role::Ouder => "ouder",
            Role::Professional => "professional",
            Role::Onbekend => "onbekend",
        }
    }

    /// Parses the code of a role a teller can choose (as in URLs and definitions).
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Parses any stored code, [`Role::Onbekend`] included.
    pub fn from_stored(code: &str) -> Option<Role> {
        Role::from_code(code).or((code == "onbekend").then_some(Role::Onbekend))
    }

    /// The label shown to tellers.
    pub fn label(self) -> Text {
        match self {
            Role::Jongere => Text::new("kind of jongere", "child or young person"),
            Role::Ouder => Text::new("ouder of verzorger", "parent or carer"),
            Role::Professional => Text::new("professional", "professional"),
            Role::Onbekend => Text::new("niet gevraagd", "not asked"),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
