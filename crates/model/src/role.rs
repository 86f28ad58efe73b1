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
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Jongere, Role::Ouder, Role::Professional];

    /// The stable code stored in the database and used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Role::Jongere => "jongere",
            Role::Ouder => "ouder",
            Role::Professional => "professional",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The label shown to tellers.
    pub fn label(self) -> Text {
        match self {
            Role::Jongere => Text::new("kind of jongere", "child or young person"),
            Role::Ouder => Text::new("ouder of verzorger", "parent or carer"),
            Role::Professional => Text::new("professional", "professional"),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
