-- Every review decision on a story text (released or erased), who made it and when, so a
-- decision can be traced later. The text itself is not copied here.
CREATE TABLE review_decisions (
    id TEXT PRIMARY KEY NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    decision TEXT NOT NULL,
    decided_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at TIMESTAMP NOT NULL
);

CREATE INDEX review_decisions_at ON review_decisions (decided_at);
