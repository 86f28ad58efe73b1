//! Theme tags on stories. Analysts tag stories with a theme ("wachtlijst", "school") while
//! reading them; an evaluation can then select a theme, or compare it with the rest.
//!
//! A theme is written in lower case, words joined by hyphens: "Lange wachtlijst" becomes
//! `lange-wachtlijst`, so one theme is never two by its spelling.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{stories, story_themes};
use crate::stories::ROWS_PER_STATEMENT;
use crate::{DbConnection, StoreResult};

/// The longest theme, in characters.
pub const MAX_LENGTH: usize = 40;

/// Why a text is not a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeProblem {
    Empty,
    TooLong,
    /// Only letters, digits, spaces and hyphens.
    Characters,
}

impl ThemeProblem {
    /// The key of its message in the locale files.
    pub fn code(self) -> &'static str {
        match self {
            ThemeProblem::Empty => "theme_empty",
            ThemeProblem::TooLong => "theme_too_long",
            ThemeProblem::Characters => "theme_characters",
        }
    }
}

/// The theme a text names: lower case, words joined by one hyphen.
pub fn normalize(text: &str) -> Result<String, ThemeProblem> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return Err(ThemeProblem::Empty);
    }
    if lower
        .chars()
        .any(|c| !(c.is_alphanumeric() || c == '-' || c == '_' || c.is_whitespace()))
    {
        return Err(ThemeProblem::Characters);
    }
    let theme = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if theme.is_empty() {
        return Err(ThemeProblem::Empty);
    }
    if theme.chars().count() > MAX_LENGTH {
        return Err(ThemeProblem::TooLong);
    }
    Ok(theme)
}

/// Tags the stories with `theme` (already normalized); stories that have it keep it. Gives how
/// many stories were newly tagged.
pub fn tag(
    conn: &mut DbConnection,
    story_ids: &[String],
    theme: &str,
    by: Option<&str>,
    at: NaiveDateTime,
) -> StoreResult<usize> {
    conn.transaction(|conn| {
        let mut had: Vec<String> = Vec::new();
        for chunk in story_ids.chunks(ROWS_PER_STATEMENT) {
            had.extend(
                story_themes::table
                    .filter(story_themes::theme.eq(theme))
                    .filter(story_themes::story_id.eq_any(chunk))
                    .select(story_themes::story_id)
                    .load::<String>(conn)?,
            );
        }
        let had: std::collections::HashSet<String> = had.into_iter().collect();
        let mut new: Vec<&String> = story_ids.iter().filter(|id| !had.contains(*id)).collect();
        new.sort_unstable();
        new.dedup();
        let rows: Vec<_> = new
            .iter()
            .map(|id| {
                (
                    story_themes::story_id.eq(*id),
                    story_themes::theme.eq(theme),
                    story_themes::tagged_by.eq(by),
                    story_themes::tagged_at.eq(at),
                )
            })
            .collect();
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            batch_insert!(conn, story_themes::table, chunk)?;
        }
        Ok(rows.len())
    })
}

/// Takes `theme` off a story; gives whether it had it.
pub fn untag(conn: &mut DbConnection, story_id: &str, theme: &str) -> StoreResult<bool> {
    let removed = diesel::delete(
        story_themes::table
            .filter(story_themes::story_id.eq(story_id))
            .filter(story_themes::theme.eq(theme)),
    )
    .execute(conn)?;
    Ok(removed > 0)
}

/// The themes in use among the stories of these collection points (not withdrawn; of these
/// regions only, if given), with their number of stories, by theme. It starts from the tagged
/// stories (a few thousand at most, however many stories there are) and looks up each story.
pub fn in_use(
    conn: &mut DbConnection,
    point_ids: &[String],
    regions: Option<&[String]>,
) -> StoreResult<Vec<(String, i64)>> {
    let tagged: Vec<(String, String)> = story_themes::table
        .select((story_themes::story_id, story_themes::theme))
        .load(conn)?;
    let mut ids: Vec<&str> = tagged.iter().map(|(id, _)| id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut counted: std::collections::HashSet<String> = std::collections::HashSet::new();
    for chunk in ids.chunks(crate::stories::ROWS_PER_STATEMENT) {
        let base = stories::table
            .filter(stories::id.eq_any(chunk))
            .filter(stories::collection_point_id.eq_any(point_ids))
            .filter(stories::withdrawn_at.is_null())
            .select(stories::id);
        counted.extend(match regions {
            Some(regions) => base
                .filter(stories::region_code.eq_any(regions))
                .load::<String>(conn)?,
            None => base.load::<String>(conn)?,
        });
    }
    let mut per_theme: std::collections::BTreeMap<String, i64> = Default::default();
    for (story, theme) in tagged {
        if counted.contains(&story) {
            *per_theme.entry(theme).or_insert(0) += 1;
        }
    }
    Ok(per_theme.into_iter().collect())
}

/// The themes of each of these stories (stories without any are left out).
pub fn of_stories(
    conn: &mut DbConnection,
    story_ids: &[String],
) -> StoreResult<HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in story_ids.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<(String, String)> = story_themes::table
            .filter(story_themes::story_id.eq_any(chunk))
            .select((story_themes::story_id, story_themes::theme))
            .order((story_themes::story_id, story_themes::theme))
            .load(conn)?;
        for (story, theme) in rows {
            out.entry(story).or_default().push(theme);
        }
    }
    Ok(out)
}

/// The themes of every story of these collection points (for the analysis loader).
pub fn of_points(
    conn: &mut DbConnection,
    point_ids: &[String],
) -> StoreResult<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = story_themes::table
        .inner_join(stories::table)
        .filter(stories::collection_point_id.eq_any(point_ids))
        .filter(stories::withdrawn_at.is_null())
        .select((story_themes::story_id, story_themes::theme))
        .order((story_themes::story_id, story_themes::theme))
        .load(conn)?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (story, theme) in rows {
        out.entry(story).or_default().push(theme);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_written_one_way() {
        assert_eq!(
            normalize("  Lange   Wachtlijst ").unwrap(),
            "lange-wachtlijst"
        );
        assert_eq!(normalize("school_-_verzuim").unwrap(), "school-verzuim");
        assert_eq!(normalize("Één gezin").unwrap(), "één-gezin");
        assert_eq!(normalize("  "), Err(ThemeProblem::Empty));
        assert_eq!(normalize("---"), Err(ThemeProblem::Empty));
        assert_eq!(normalize("wacht<lijst>"), Err(ThemeProblem::Characters));
        assert_eq!(normalize(&"a".repeat(41)), Err(ThemeProblem::TooLong));
        assert_eq!(normalize(&"a".repeat(40)).unwrap().len(), 40);
    }
}
