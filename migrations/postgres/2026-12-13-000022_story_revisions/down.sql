DROP INDEX stories_review;
DROP INDEX stories_listing;
DROP INDEX stories_point_revision;
ALTER TABLE stories DROP COLUMN revision;
DROP TABLE story_revisions;
