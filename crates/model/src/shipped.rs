//! The questionnaires shipped with Vertelpunt: the national core set `jeugdhulp` and the module
//! `zo-thuis-mogelijk` (growing up at home as much as possible; preventing out-of-home placement).

use crate::definition::{DefinitionFormat, RawDefinition};

/// A definition file shipped in `crates/model/data/questionnaires/`.
#[derive(Debug, Clone, Copy)]
pub struct ShippedDefinition {
    pub file_name: &'static str,
    pub source: &'static str,
}

/// The shipped definitions, cores before the modules that extend them.
pub const SHIPPED: &[ShippedDefinition] = &[
    ShippedDefinition {
        file_name: "jeugdhulp.toml",
        source: include_str!("../data/questionnaires/jeugdhulp.toml"),
    },
    ShippedDefinition {
        file_name: "zo-thuis-mogelijk.toml",
        source: include_str!("../data/questionnaires/zo-thuis-mogelijk.toml"),
    },
];

impl ShippedDefinition {
    /// Parses the shipped file.
    pub fn parse(&self) -> RawDefinition {
        RawDefinition::parse(self.source, DefinitionFormat::Toml)
            .unwrap_or_else(|e| panic!("shipped {} does not parse: {e}", self.file_name))
    }
}
