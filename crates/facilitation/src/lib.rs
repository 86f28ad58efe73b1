//! vertelpunt-facilitation: the rules of sense-making sessions (duidingsbijeenkomsten), as pure
//! functions over plain values, so that the store keeps rows and the web shows pages while what
//! a session *is* lives here:
//!
//! - [`session`]: a session's status and how it moves (concept → open → running → closed), its
//!   mode, the prompt form and the perspectives participants pick;
//! - [`agenda`]: the two agenda templates of the seed report, step by step with durations;
//! - [`join`]: short join codes of unambiguous characters;
//! - [`deck`]: the cards and experiences on a table, with the warnings participants asked for;
//! - [`figures`]: a table's regional figures, pasted and shown as a bar chart;
//! - [`postit`]: what a post-it may hold, and the identifying details to warn about;
//! - [`proposal`]: improvement proposals, their owner and status, and dot-vote budgets;
//! - [`timer`]: the agenda's timer, the same on every phone.

pub mod agenda;
pub mod deck;
pub mod figures;
pub mod join;
pub mod postit;
pub mod proposal;
pub mod session;
pub mod timer;
