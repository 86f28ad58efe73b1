-- Theme tags that analysts give stories ("wachtlijst", "school"), so an evaluation can select a
-- theme or compare it with the rest. Who tagged a story and when is kept; a removed staff
-- account leaves its tags in place.
CREATE TABLE story_themes (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    tagged_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    tagged_at TIMESTAMP NOT NULL,
    PRIMARY KEY (story_id, theme)
);

CREATE INDEX story_themes_theme ON story_themes (theme);
