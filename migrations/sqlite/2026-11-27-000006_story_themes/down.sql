DROP TABLE story_themes;
