//! Reading stories as an analyst: the stories of a collection point, newest first, found by a
//! word in their title or text, by role, by theme; a page at a time. Withdrawn stories are never
//! listed, demo (synthetic) stories only when asked for.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::schema::{stories, story_themes};
use crate::{DbConnection, StoreResult};

diesel::define_sql_function!(fn lower(x: Text) -> Text);

/// The most words a search looks for: each is a condition in the query, and SQLite refuses a
/// query of thousands ("Expression tree is too large"). Pages say so before they search.
pub const MAX_SEARCH_WORDS: usize = 12;

/// Which stories to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorySearch {
    pub collection_point_id: String,
    /// Words in the title or text (all of them, any case).
    pub text: Option<String>,
    pub role: Option<String>,
    pub theme: Option<String>,
    pub include_synthetic: bool,
    /// Only stories of these regions (a region-limited reader); `None`: every story.
    pub regions: Option<Vec<String>>,
}

/// A story in the list.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct Listed {
    pub id: String,
    pub title: Option<String>,
    pub body: String,
    pub role: String,
    pub region_code: Option<String>,
    pub review_status: String,
    pub synthetic: bool,
    pub submitted_at: NaiveDateTime,
    /// The language it was told in (ISO 639-1).
    pub language: String,
}

/// `%word%` for LIKE, with the wildcards of the word itself escaped.
fn like_pattern(word: &str) -> String {
    let mut out = String::from("%");
    for c in word.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

macro_rules! searched {
    ($search:expr) => {{
        let search: &StorySearch = $search;
        let mut q = stories::table
            .filter(stories::collection_point_id.eq(search.collection_point_id.clone()))
            .filter(stories::withdrawn_at.is_null())
            .into_boxed();
        if !search.include_synthetic {
            q = q.filter(stories::synthetic.eq(false));
        }
        if let Some(role) = &search.role {
            q = q.filter(stories::role.eq(role.clone()));
        }
        if let Some(regions) = &search.regions {
            q = q.filter(stories::region_code.eq_any(regions.clone()));
        }
        if let Some(theme) = &search.theme {
            q = q.filter(
                stories::id.eq_any(
                    story_themes::table
                        .filter(story_themes::theme.eq(theme.clone()))
                        .select(story_themes::story_id),
                ),
            );
        }
        for word in search
            .text
            .iter()
            .flat_map(|t| t.split_whitespace())
            .take(MAX_SEARCH_WORDS)
        {
            let pattern = like_pattern(word);
            q = q.filter(
                lower(stories::body)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(stories::title.assume_not_null())
                        .like(pattern)
                        .escape('\\')),
            );
        }
        q
    }};
}

/// One page of the stories `search` finds, newest first, and how many it finds in all.
pub fn search(
    conn: &mut DbConnection,
    search: &StorySearch,
    offset: i64,
    limit: i64,
) -> StoreResult<(i64, Vec<Listed>)> {
    let total: i64 = searched!(search).count().get_result(conn)?;
    let page = searched!(search)
        .order((stories::submitted_at.desc(), stories::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((
            stories::id,
            stories::title,
            stories::body,
            stories::role,
            stories::region_code,
            stories::review_status,
            stories::synthetic,
            stories::submitted_at,
            stories::language,
        ))
        .load(conn)?;
    Ok((total, page))
}

/// Those of `ids` that `search` finds.
pub fn listed_among(
    conn: &mut DbConnection,
    search: &StorySearch,
    ids: &[String],
) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(crate::stories::ROWS_PER_STATEMENT) {
        out.extend(
            searched!(search)
                .filter(stories::id.eq_any(chunk))
                .select(stories::id)
                .load::<String>(conn)?,
        );
    }
    Ok(out)
}

/// The ids of every story `search` finds.
pub fn matching_ids(conn: &mut DbConnection, search: &StorySearch) -> StoreResult<Vec<String>> {
    Ok(searched!(search).select(stories::id).load(conn)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_searched_word_matches_itself_and_nothing_wider() {
        assert_eq!(super::like_pattern("Wacht"), "%wacht%");
        assert_eq!(super::like_pattern("100%_x"), "%100\\%\\_x%");
    }
}
