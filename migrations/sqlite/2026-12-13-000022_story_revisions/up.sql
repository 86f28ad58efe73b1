-- What changed in a collection point's stories, so the dashboard's in-memory counts catch up
-- with only the changes: every write of stories (new ones, a withdrawal, a review decision)
-- raises the point's revision by one and gives the stories it wrote that revision.
CREATE TABLE story_revisions (
    collection_point_id TEXT PRIMARY KEY NOT NULL REFERENCES collection_points (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL
);
ALTER TABLE stories ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
INSERT INTO story_revisions (collection_point_id, revision) SELECT id, 0 FROM collection_points;
CREATE INDEX stories_point_revision ON stories (collection_point_id, revision);
-- Reading and review at scale: a page of a collection point's stories (not withdrawn, with or
-- without demo stories), its count, and the stories waiting for review, from an index alone.
CREATE INDEX stories_listing ON stories (collection_point_id, synthetic, withdrawn_at, submitted_at);
CREATE INDEX stories_review ON stories (review_status, submitted_at);
