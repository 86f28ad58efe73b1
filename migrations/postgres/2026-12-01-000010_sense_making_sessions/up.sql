-- Sense-making sessions (duidingsbijeenkomsten): a region's session with its agenda, tables
-- and their decks (published cards and typical experiences), the participants who joined with
-- the session's code (no account: a random token in a session-scoped cookie, only its hash
-- stored), their post-its, and an append-only log of changes that live boards follow.
CREATE TABLE facilitation_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    goal TEXT NOT NULL,
    region_code TEXT,
    starts_at TIMESTAMP NOT NULL,
    place TEXT NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    prompt_form TEXT NOT NULL,
    join_code TEXT NOT NULL,
    joining_open BOOLEAN NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX facilitation_sessions_join_code ON facilitation_sessions (join_code);

CREATE TABLE session_facilitators (
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE session_steps (
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    PRIMARY KEY (session_id, position)
);

CREATE TABLE session_tables (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    composition TEXT NOT NULL
);
CREATE INDEX session_tables_session ON session_tables (session_id);

-- A table's deck: cards (kind 'kaart', ref = card id) and experiences (kind 'verhaal', ref =
-- story id), in order.
CREATE TABLE table_items (
    table_id TEXT NOT NULL REFERENCES session_tables (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    PRIMARY KEY (table_id, position)
);

CREATE TABLE session_participants (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    table_id TEXT REFERENCES session_tables (id) ON DELETE SET NULL,
    perspective TEXT NOT NULL,
    first_name TEXT,
    token_hash TEXT NOT NULL,
    joined_at TIMESTAMP NOT NULL,
    removed_at TIMESTAMP
);
CREATE UNIQUE INDEX session_participants_token ON session_participants (token_hash);
CREATE INDEX session_participants_session ON session_participants (session_id);

-- A post-it on a card or experience of a table. Written by a participant, or by a facilitator
-- (typed in from paper). Removed post-its keep their row (deleted_at) so the log stays whole.
CREATE TABLE postits (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    table_id TEXT NOT NULL REFERENCES session_tables (id) ON DELETE CASCADE,
    item_kind TEXT NOT NULL,
    item_ref TEXT NOT NULL,
    participant_id TEXT REFERENCES session_participants (id) ON DELETE SET NULL,
    written_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL,
    so_that TEXT,
    flagged BOOLEAN NOT NULL,
    hidden BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX postits_table ON postits (table_id);

-- Every change, in order: `seq` is the event stream's id, so a phone that lost its connection
-- resumes after the last one it saw (Last-Event-ID) and misses nothing.
CREATE TABLE session_events (
    seq BIGINT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    table_id TEXT,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX session_events_session ON session_events (session_id, seq);
