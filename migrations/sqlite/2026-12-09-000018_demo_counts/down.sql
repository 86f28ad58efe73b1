ALTER TABLE card_comparisons DROP COLUMN synthetic_stories;
ALTER TABLE pattern_runs DROP COLUMN synthetic_stories;
