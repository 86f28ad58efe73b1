//! Who may do what: one table, read by the pages, the menu and the API alike, so a page and
//! its endpoint never disagree. A page or form handler asks for its action in its signature
//! (`StaffPage { lang, session, .. }: StaffPage<can::ReadStories>`, or `StaffForm<…>`); an
//! API handler names it (`require_staff(&state, &req, Action::ReadCards.roles())`). The menu
//! shows the links whose action the role has.
//!
//! Beside the role, an account may be limited to regions (`vertelpunt_store::users::Scope`):
//! a few actions need an unlimited account ([`Action::needs_every_region`]); for the rest, what
//! a limited account sees is narrowed object by object ([`crate::support::scope`]).

use vertelpunt_store::users::UserRole;

/// Defines [`Action`], `Action::ALL` and one type per action in [`can`], from one list.
macro_rules! actions {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// Something a staff member may do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Action {
            $($(#[doc = $doc])* $name,)*
        }

        impl Action {
            /// Every action (the table's tests go through them all).
            #[cfg(test)]
            pub const ALL: &'static [Action] = &[$(Action::$name),*];
        }

        /// The actions as types, one per [`Action`].
        pub mod can {
            $(
                #[doc = concat!("[`super::Action::", stringify!($name), "`] as a type.")]
                pub struct $name;

                impl super::Permission for $name {
                    const ACTION: super::Action = super::Action::$name;
                }
            )*
        }
    };
}

actions! {
    /// The start page and one's own account.
    UseStaffPages,
    /// The dashboard and the aggregate counts of the API.
    ViewDashboard,
    /// Entering stories told at a verteltafel.
    EnterStories,
    /// Reading story texts and giving them themes.
    ReadStories,
    /// Releasing or erasing texts that wait for review.
    ReviewTexts,
    /// Running pattern evaluations and reading them (pages and API).
    RunEvaluations,
    /// Reading published observation cards (pages and API).
    ReadCards,
    /// Writing, publishing and comparing observation cards.
    WriteCards,
    /// Sense-making sessions, their reports and the proposals' follow-up (pages and API).
    ViewSessions,
    /// Planning and running sessions.
    PlanSessions,
    /// Importing stories.
    Import,
    /// Exporting stories.
    Export,
    /// Staff accounts.
    ManageAccounts,
}

use UserRole::{Admin, Analyst, Facilitator};

impl Action {
    /// The table: the roles that may do this.
    pub const fn roles(self) -> &'static [UserRole] {
        match self {
            Action::UseStaffPages
            | Action::ViewDashboard
            | Action::ReadCards
            | Action::ViewSessions => &[Analyst, Facilitator, Admin],
            Action::EnterStories | Action::PlanSessions => &[Facilitator, Admin],
            Action::ReadStories
            | Action::ReviewTexts
            | Action::RunEvaluations
            | Action::WriteCards
            | Action::Import
            | Action::Export => &[Analyst, Admin],
            Action::ManageAccounts => &[Admin],
        }
    }

    /// Whether `role` (a stored role code, parsed) may do this.
    pub fn allows(self, role: Option<UserRole>) -> bool {
        role.is_some_and(|r| self.roles().contains(&r))
    }

    /// Whether only accounts that are not limited to regions may do this: managing accounts
    /// (so nobody widens their own reach) and importing (a file holds stories of any region).
    pub const fn needs_every_region(self) -> bool {
        matches!(self, Action::ManageAccounts | Action::Import)
    }

    /// Whether `user` may do this: by role, and by scope ([`Action::needs_every_region`]).
    pub fn allows_user(self, user: &vertelpunt_store::users::User) -> bool {
        self.allows(UserRole::parse(&user.role))
            && !(self.needs_every_region() && user.scope().is_limited())
    }
}

/// An [`Action`] as a type, so a handler can ask for it in its signature:
/// `signed_in: StaffPage<can::ReadStories>` (see [`crate::support::auth::StaffPage`]).
pub trait Permission {
    const ACTION: Action;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facilitators_run_sessions_and_read_cards_but_do_not_read_texts_or_export() {
        let facilitator = Some(Facilitator);
        assert!(Action::PlanSessions.allows(facilitator));
        assert!(Action::ReadCards.allows(facilitator));
        assert!(!Action::ReadStories.allows(facilitator));
        assert!(!Action::Export.allows(facilitator));
        assert!(!Action::WriteCards.allows(facilitator));
        // Admins may do everything; nobody without a known role may do anything.
        for &action in Action::ALL {
            assert!(action.allows(Some(Admin)), "{action:?}");
            assert!(!action.allows(None), "{action:?}");
        }
        assert!(!Action::ManageAccounts.allows(Some(Analyst)));
    }
}
