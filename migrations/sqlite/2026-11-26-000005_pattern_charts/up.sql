-- The charts of a pattern evaluation (one per strong pattern and one per question's
-- distribution), stored with the run so the web pages can show them; the same SVG files that
-- `vertelpunt evaluate --out` writes.
CREATE TABLE pattern_charts (
    run_id TEXT NOT NULL REFERENCES pattern_runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    svg TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
);
