//! A session's status, mode, prompt form and the perspectives of its participants.

use serde::Serialize;

/// Where a session is in its life. Only [`SessionStatus::next`] moves it, one step at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SessionStatus {
    /// Being planned: only its facilitators see it.
    Concept,
    /// Participants can join with the code.
    Open,
    /// The session is on: post-its, clusters, votes.
    Running,
    /// Over: nothing more is accepted; the report remains.
    Closed,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 4] = [
        SessionStatus::Concept,
        SessionStatus::Open,
        SessionStatus::Running,
        SessionStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SessionStatus::Concept => "concept",
            SessionStatus::Open => "open",
            SessionStatus::Running => "bezig",
            SessionStatus::Closed => "gesloten",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The status after this one; a closed session stays closed.
    pub fn next(self) -> Option<SessionStatus> {
        match self {
            SessionStatus::Concept => Some(SessionStatus::Open),
            SessionStatus::Open => Some(SessionStatus::Running),
            SessionStatus::Running => Some(SessionStatus::Closed),
            SessionStatus::Closed => None,
        }
    }

    /// Whether participants may join now (and the facilitator has not stopped joining).
    pub fn accepts_joining(self) -> bool {
        matches!(self, SessionStatus::Open | SessionStatus::Running)
    }

    /// Whether participants may write (post-its, clusters, votes) now.
    pub fn accepts_writing(self) -> bool {
        matches!(self, SessionStatus::Open | SessionStatus::Running)
    }
}

/// Live, online or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Mode {
    Live,
    Online,
    Hybrid,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Live, Mode::Online, Mode::Hybrid];

    pub fn code(self) -> &'static str {
        match self {
            Mode::Live => "live",
            Mode::Online => "online",
            Mode::Hybrid => "hybride",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// How participants write their first ideas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PromptForm {
    /// What surprises, worries, or is an opportunity.
    Categories,
    /// "We zouden eigenlijk … moeten doen, zodat …".
    Sentence,
    Both,
}

impl PromptForm {
    pub const ALL: [PromptForm; 3] = [
        PromptForm::Categories,
        PromptForm::Sentence,
        PromptForm::Both,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PromptForm::Categories => "categorieen",
            PromptForm::Sentence => "zin",
            PromptForm::Both => "beide",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The categories a post-it may have under this form.
    pub fn categories(self) -> &'static [Category] {
        match self {
            PromptForm::Categories => &[Category::Surprise, Category::Worry, Category::Opportunity],
            PromptForm::Sentence => &[Category::Direction],
            PromptForm::Both => &[
                Category::Surprise,
                Category::Worry,
                Category::Opportunity,
                Category::Direction,
            ],
        }
    }
}

/// A post-it's category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Category {
    /// Verbaast me.
    Surprise,
    /// Zorgen.
    Worry,
    /// Kansen.
    Opportunity,
    /// "We zouden eigenlijk … moeten doen, zodat …".
    Direction,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Surprise,
        Category::Worry,
        Category::Opportunity,
        Category::Direction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Surprise => "verbaast",
            Category::Worry => "zorgen",
            Category::Opportunity => "kansen",
            Category::Direction => "voorstel",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Who a participant is at the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Perspective {
    Youth,
    Parent,
    Professional,
    Municipality,
    Board,
    Other,
}

impl Perspective {
    pub const ALL: [Perspective; 6] = [
        Perspective::Youth,
        Perspective::Parent,
        Perspective::Professional,
        Perspective::Municipality,
        Perspective::Board,
        Perspective::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Perspective::Youth => "jongere",
            Perspective::Parent => "ouder",
            Perspective::Professional => "professional",
            Perspective::Municipality => "gemeente",
            Perspective::Board => "bestuur",
            Perspective::Other => "anders",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A table's composition: everyone mixed, or one perspective (youth alone produced bolder ideas).
pub fn composition_code(only: Option<Perspective>) -> String {
    match only {
        None => "gemengd".into(),
        Some(p) => p.code().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_moves_one_step_at_a_time_and_stays_closed() {
        let mut status = SessionStatus::Concept;
        let mut seen = vec![status];
        while let Some(next) = status.next() {
            status = next;
            seen.push(status);
        }
        assert_eq!(seen, SessionStatus::ALL.to_vec());
        assert!(!SessionStatus::Concept.accepts_joining());
        assert!(SessionStatus::Open.accepts_joining());
        assert!(!SessionStatus::Closed.accepts_writing());
        for s in SessionStatus::ALL {
            assert_eq!(SessionStatus::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn the_prompt_form_decides_the_categories() {
        assert_eq!(PromptForm::Sentence.categories(), &[Category::Direction]);
        assert_eq!(PromptForm::Categories.categories().len(), 3);
        assert_eq!(PromptForm::Both.categories().len(), 4);
        for p in Perspective::ALL {
            assert_eq!(Perspective::parse(p.code()), Some(p));
        }
    }
}
