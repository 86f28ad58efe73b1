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

/// The longest progress note, in characters.
pub const MAX_NOTE: usize = 2_000;

/// What an owner (or a facilitator) records on a proposal's follow-up: a dated note and perhaps a
/// new status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub status: ProposalStatus,
    pub note: String,
    /// The day the progress happened (`JJJJ-MM-DD`); empty means today.
    pub happened_on: String,
}

/// Checks a progress update against the proposal's current status: something must change or be
/// told, a proposal that stops needs a reason, a note is bounded and its day is a date that has
/// been (`today` as `JJJJ-MM-DD`, so an owner cannot report what has not happened yet).
pub fn check_progress(
    progress: &Progress,
    current: ProposalStatus,
    today: &str,
) -> Vec<ProposalProblem> {
    let mut problems = Vec::new();
    let note = progress.note.trim();
    if note.chars().count() > MAX_NOTE {
        problems.push(("note", "note_too_long"));
    } else if progress.status == ProposalStatus::Stopped
        && current != ProposalStatus::Stopped
        && note.is_empty()
    {
        problems.push(("note", "stop_reason"));
    } else if progress.status == current && note.is_empty() {
        problems.push(("note", "nothing_to_record"));
    }
    let day = progress.happened_on.trim();
    if !day.is_empty() && (!is_date(day) || day > today) {
        problems.push(("happened_on", "bad_day"));
    }
    problems
}

/// Whether a proposal has had no news for `weeks` weeks: not when it is finished (realised or
/// stopped), otherwise when its last news (or its making) is that long ago.
pub fn is_quiet(
    status: ProposalStatus,
    last_news: chrono::NaiveDateTime,
    now: chrono::NaiveDateTime,
    weeks: u32,
) -> bool {
    !matches!(status, ProposalStatus::Realised | ProposalStatus::Stopped)
        && now - last_news >= chrono::Duration::weeks(i64::from(weeks))
}

/// The weeks without news after which a proposal stands out, unless configured otherwise.
pub const DEFAULT_QUIET_WEEKS: u32 = 6;

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

    #[test]
    fn a_stop_needs_a_reason_and_an_update_needs_news() {
        let today = "2027-03-01";
        let progress = |status, note: &str, day: &str| Progress {
            status,
            note: note.into(),
            happened_on: day.into(),
        };
        use ProposalStatus::*;
        assert_eq!(
            check_progress(&progress(Stopped, " ", ""), InProgress, today),
            vec![("note", "stop_reason")]
        );
        assert!(check_progress(&progress(Stopped, "Geen geld", ""), InProgress, today).is_empty());
        assert_eq!(
            check_progress(&progress(InProgress, "", ""), InProgress, today),
            vec![("note", "nothing_to_record")]
        );
        assert!(
            check_progress(&progress(Realised, "", "2027-02-28"), InProgress, today).is_empty()
        );
        assert_eq!(
            check_progress(&progress(PickedUp, "Gebeld", "2027-03-02"), Proposed, today),
            vec![("happened_on", "bad_day")],
            "progress that has not happened yet"
        );
        assert_eq!(
            check_progress(
                &progress(PickedUp, &"x".repeat(MAX_NOTE + 1), ""),
                Proposed,
                today
            ),
            vec![("note", "note_too_long")]
        );
    }

    #[test]
    fn finished_proposals_are_never_quiet() {
        let at = |d: &str| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
        };
        let now = at("2027-03-01");
        assert!(is_quiet(ProposalStatus::PickedUp, at("2027-01-01"), now, 6));
        assert!(!is_quiet(
            ProposalStatus::PickedUp,
            at("2027-02-01"),
            now,
            6
        ));
        assert!(!is_quiet(
            ProposalStatus::Realised,
            at("2026-01-01"),
            now,
            6
        ));
        assert!(!is_quiet(ProposalStatus::Stopped, at("2026-01-01"), now, 6));
    }
}
