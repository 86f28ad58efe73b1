//! The 42 Dutch youth-care regions (jeugdregio's), shipped as `data/jeugdregios.toml`.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// One youth-care region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Vertelpunt's stable code, e.g. `JR28`.
    pub code: String,
    pub name: String,
    pub province: String,
    /// False for a region that no longer exists but may still be named by older stories.
    #[serde(default = "active_default")]
    pub active: bool,
}

fn active_default() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    region: Vec<Region>,
}

/// The shipped data file, as text.
pub const JEUGDREGIOS_TOML: &str = include_str!("../data/jeugdregios.toml");

static JEUGDREGIOS: LazyLock<Vec<Region>> = LazyLock::new(|| {
    toml::from_str::<RegionFile>(JEUGDREGIOS_TOML)
        .expect("the shipped jeugdregio file is valid (checked by a test)")
        .region
});

/// All shipped youth-care regions, ordered by code.
pub fn jeugdregios() -> &'static [Region] {
    &JEUGDREGIOS
}

/// The region with this code.
pub fn region(code: &str) -> Option<&'static Region> {
    JEUGDREGIOS.iter().find(|r| r.code == code)
}
