//! The selection flags shared by `evaluate` and `export`: which stories, from where.

use chrono::NaiveDate;
use vertelpunt_patterns::{Condition, Selection};

/// Which stories: collection points, period, role, region, channel, theme, source, questionnaire,
/// completeness, synthetic stories and any answer filter.
#[derive(Debug, clap::Args)]
pub struct SelectionArgs {
    /// Collection point(s) to read from the database (repeat for several).
    #[arg(long = "collection", value_name = "SLUG")]
    pub collections: Vec<String>,
    /// Only stories submitted on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Only stories submitted on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Only these roles: jongere, ouder, professional (repeatable).
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,
    /// Only these jeugdregio codes, e.g. JR27 (repeatable).
    #[arg(long = "region", value_name = "CODE")]
    pub regions: Vec<String>,
    /// Only these channel codes (repeatable).
    #[arg(long = "channel", value_name = "CODE")]
    pub channels: Vec<String>,
    /// Only stories tagged with one of these themes (repeatable).
    #[arg(long = "theme", value_name = "THEME")]
    pub themes: Vec<String>,
    /// Only these sources, e.g. vertelpunt, verteltafel, import:sensemaker (repeatable).
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Only the questions of this questionnaire (core or module key).
    #[arg(long, value_name = "KEY")]
    pub questionnaire: Option<String>,
    /// Only complete stories.
    #[arg(long)]
    pub complete_only: bool,
    /// Include synthetic stories (left out by default).
    #[arg(long)]
    pub include_synthetic: bool,
    /// Any answer filter: QUESTION=OPTION[,OPTION], QUESTION>=N, QUESTION<=N, QUESTION=MIN..MAX.
    #[arg(long = "where", value_name = "CONDITION")]
    pub conditions: Vec<String>,
}

impl SelectionArgs {
    /// The selection these flags describe.
    pub fn to_selection(&self) -> anyhow::Result<Selection> {
        let mut conditions = Vec::new();
        for (field, values) in [
            ("role", &self.roles),
            ("region", &self.regions),
            ("channel", &self.channels),
            ("source", &self.sources),
            ("theme", &self.themes),
        ] {
            if !values.is_empty() {
                conditions.push(
                    Condition::parse(&format!("{field}={}", values.join(",")))
                        .map_err(anyhow::Error::msg)?,
                );
            }
        }
        for c in &self.conditions {
            conditions.push(Condition::parse(c).map_err(anyhow::Error::msg)?);
        }
        Ok(Selection {
            collection_points: self.collections.clone(),
            questionnaire: self.questionnaire.clone(),
            from: self.from,
            until: self.until,
            complete_only: self.complete_only,
            include_synthetic: self.include_synthetic,
            conditions,
        })
    }
}
