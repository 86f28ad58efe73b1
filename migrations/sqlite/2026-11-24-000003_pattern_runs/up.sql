-- Pattern evaluations: what was selected, with which preset and engine, when, and the full
-- result (the patterns.json of the run) with its SHA-256, so a run can be shown again and
-- checked for reproducibility.
CREATE TABLE pattern_runs (
    id TEXT PRIMARY KEY NOT NULL,
    collection_points TEXT NOT NULL,
    selection TEXT NOT NULL,
    subgroup TEXT,
    preset TEXT NOT NULL,
    preset_definition TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    stories INTEGER NOT NULL,
    tests INTEGER NOT NULL,
    strong INTEGER NOT NULL,
    results_sha256 TEXT NOT NULL,
    results TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL
);

CREATE INDEX pattern_runs_started ON pattern_runs (started_at);
