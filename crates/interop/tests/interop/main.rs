//! The interop crate's tests, one binary: imports from SenseMaker, NarraFirma and spreadsheets,
//! and exports. `sensemaker_fixture` reads ../shared/fixtures and is ignored by `cargo test`.

mod narrafirma;
mod sensemaker;
mod sensemaker_fixture;
mod tabular;
