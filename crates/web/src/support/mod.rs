//! What every area uses, depending on no area: the application state, rendering pages and the
//! error policy, sign-in and the permission table, the scope of region-limited accounts,
//! forms, background jobs, the live boards' reader, rate limits and the story writer.

pub(crate) mod auth;
pub mod catalog;
pub(crate) mod client;
pub(crate) mod error;
pub(crate) mod forms;
pub(crate) mod i18n;
pub(crate) mod jobs;
pub(crate) mod live;
pub(crate) mod pages;
pub(crate) mod permissions;
pub(crate) mod ratelimit;
pub(crate) mod scope;
pub(crate) mod security;
pub(crate) mod selection_form;
pub mod state;
pub(crate) mod static_files;
pub(crate) mod templates;
pub(crate) mod token;
pub(crate) mod unknown_accounts;
pub(crate) mod writer;
