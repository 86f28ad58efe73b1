-- Vertelpunt initial schema (SQLite). Kept in step with migrations/postgres by a test.
-- Ids are UUIDs made in Rust and stored as TEXT on both backends; timestamps are UTC.

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE regions (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    active BOOLEAN NOT NULL
);

CREATE TABLE questionnaire_versions (
    id TEXT PRIMARY KEY NOT NULL,
    questionnaire_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    extends_key TEXT,
    title_nl TEXT NOT NULL,
    title_en TEXT NOT NULL,
    definition TEXT NOT NULL,
    checksum TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (questionnaire_key, version),
    UNIQUE (questionnaire_key, checksum)
);

CREATE TABLE collection_points (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    questionnaire_version_id TEXT NOT NULL REFERENCES questionnaire_versions (id),
    default_region_code TEXT REFERENCES regions (code),
    opens_at TIMESTAMP,
    closes_at TIMESTAMP,
    languages TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE collection_point_modules (
    collection_point_id TEXT NOT NULL REFERENCES collection_points (id) ON DELETE CASCADE,
    questionnaire_version_id TEXT NOT NULL REFERENCES questionnaire_versions (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (collection_point_id, questionnaire_version_id)
);

CREATE TABLE channels (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, code)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY NOT NULL,
    collection_point_id TEXT NOT NULL REFERENCES collection_points (id),
    questionnaire_version_id TEXT NOT NULL REFERENCES questionnaire_versions (id),
    channel_id TEXT REFERENCES channels (id),
    role TEXT NOT NULL,
    language TEXT NOT NULL,
    title TEXT,
    body TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    region_code TEXT REFERENCES regions (code),
    complete BOOLEAN NOT NULL,
    synthetic BOOLEAN NOT NULL,
    source TEXT NOT NULL,
    flagged BOOLEAN NOT NULL,
    review_status TEXT NOT NULL,
    receipt_hash TEXT UNIQUE,
    entered_by TEXT REFERENCES users (id),
    submitted_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);

CREATE INDEX stories_collection_point_submitted ON stories (collection_point_id, submitted_at);
CREATE INDEX stories_region ON stories (region_code);

CREATE TABLE answers (
    id TEXT PRIMARY KEY NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    questionnaire_version_id TEXT NOT NULL REFERENCES questionnaire_versions (id),
    question_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    not_applicable BOOLEAN NOT NULL,
    number_value DOUBLE,
    option_value TEXT,
    text_value TEXT,
    triad_a DOUBLE,
    triad_b DOUBLE,
    triad_c DOUBLE,
    UNIQUE (story_id, question_id)
);

CREATE INDEX answers_question ON answers (question_id, questionnaire_version_id);

CREATE TABLE answer_options (
    answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    option_id TEXT NOT NULL,
    PRIMARY KEY (answer_id, option_id)
);
