//! The `vertelpunt` binary run the way a user runs it, one test binary for the crate: each
//! module is a group of commands. The tests that read ../shared/fixtures are ignored by
//! `cargo test` and named so (`import_cli::sensemaker_fixture_…`); `.ci/run` runs them.

mod common;
mod definitions_cli;
mod evaluate_cli;
mod everyday;
mod import_cli;
mod narrafirma_cli;
mod sensemaker_export_cli;
mod table_import_cli;
