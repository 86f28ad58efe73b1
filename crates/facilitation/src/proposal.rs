//! Improvement proposals (verbetervoorstellen): what a table proposes, grown from a cluster of
//! post-its, with an owner — the handschoenoppakker — and, later, its follow-up status.

use serde::Serialize;

/// Where a proposal stands; a session's proposal starts as [`ProposalStatus::Proposed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProposalStatus {
    Proposed,
    PickedUp,
    InProgress,
    Realised,
    Stopped,
}

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 5] = [
        ProposalStatus::Proposed,
        ProposalStatus::PickedUp,
        ProposalStatus::InProgress,
        ProposalStatus::Realised,
        ProposalStatus::Stopped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProposalStatus::Proposed => "voorgesteld",
            ProposalStatus::PickedUp => "opgepakt",
            ProposalStatus::InProgress => "in_uitvoering",
            ProposalStatus::Realised => "gerealiseerd",
            ProposalStatus::Stopped => "gestopt",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The longest text of a proposal's field, in characters.
pub const MAX_CHARS: usize = 1_000;
/// The longest owner name or role.
pub const MAX_NAME: usize = 80;

/// What a table typed for a proposal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProposalText {
    pub title: String,
    pub we_should: String,
    pub so_that: String,
    pub first_actions: String,
    pub conditions: String,
    pub progress_sharing: String,
    pub first_date: String,
}

/// A field of a proposal and why it cannot be stored (a locale key under `sessions.`).
pub type ProposalProblem = (&'static str, &'static str);

/// Checks a proposal: a title and "we zouden eigenlijk …" are needed; every field is bounded;
/// a first date, when given, is a date.
pub fn check(text: &ProposalText) -> Vec<ProposalProblem> {
    let mut problems = Vec::new();
    for (field, value, required) in [
        ("title", &text.title, true),
        ("we_should", &text.we_should, true),
        ("so_that", &text.so_that, false),
        ("first_actions", &text.first_actions, false),
        ("conditions", &text.conditions, false),
        ("progress_sharing", &text.progress_sharing, false),
    ] {
        if required && value.trim().is_empty() {
            problems.push((field, "proposal_required"));
        } else if value.chars().count() > MAX_CHARS {
            problems.push((field, "proposal_too_long"));
        }
    }
    let date = text.first_date.trim();
    if !date.is_empty() && !is_date(date) {
        problems.push(("first_date", "bad_date"));
    }
    problems
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else { return false };
    let number = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(number(y, 4) && number(m, 2) && number(d, 2)) {
        return false;
    }
    let (m, d): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// The dots every participant may spend in a vote, unless the facilitator says otherwise.
pub const DEFAULT_BUDGET: i32 = 3;
/// The most dots a facilitator may give.
pub const MAX_BUDGET: i32 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposal_needs_a_title_and_what_we_should_do() {
        let mut text = ProposalText::default();
        assert_eq!(
            check(&text),
            vec![
                ("title", "proposal_required"),
                ("we_should", "proposal_required")
            ]
        );
        text.title = "Eén loket".into();
        text.we_should = "één loket voor ouders inrichten".into();
        text.first_date = "2027-02-30".into();
        assert!(
            check(&text).is_empty(),
            "a day the calendar lacks is the owner's business"
        );
        text.first_date = "volgende week".into();
        assert_eq!(check(&text), vec![("first_date", "bad_date")]);
        for s in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::parse(s.code()), Some(s));
        }
    }
}
