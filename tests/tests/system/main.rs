//! The black-box tests of the whole application, one binary (linking polars, actix and diesel
//! once rather than once per area): each module is an area of the site, as a user meets it.
//! Run one area with `cargo test --workspace --test system cards::`.

#[macro_use]
extern crate vertelpunt_system_tests;

mod accounts;
mod api;
mod cards;
mod dashboard;
mod evaluations;
mod export;
mod health;
mod import;
mod patterns;
mod projects;
mod reading;
mod regions;
mod review;
mod sessions;
mod staff;
mod vertelpunt;
