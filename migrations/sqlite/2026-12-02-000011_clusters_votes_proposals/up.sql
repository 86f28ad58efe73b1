-- Clusters, dot votes and improvement proposals of a sense-making session. A table groups its
-- post-its into named clusters (a post-it is in at most one); the facilitator opens a vote in
-- which every participant spends a budget of dots on clusters (results show when it closes);
-- a proposal grows from a cluster and gets an owner (the handschoenoppakker), who accepts it on
-- their own phone, or whom the facilitator names.
CREATE TABLE clusters (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    table_id TEXT NOT NULL REFERENCES session_tables (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX clusters_table ON clusters (table_id);

-- Without REFERENCES here: SQLite cannot drop a column that is a foreign key (down.sql), so the
-- store keeps it right (a removed cluster's post-its are moved out of it first).
ALTER TABLE postits ADD COLUMN cluster_id TEXT;

CREATE TABLE session_votes (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    budget INTEGER NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
CREATE INDEX session_votes_session ON session_votes (session_id);

CREATE TABLE vote_dots (
    vote_id TEXT NOT NULL REFERENCES session_votes (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES session_participants (id) ON DELETE CASCADE,
    cluster_id TEXT NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    dots INTEGER NOT NULL,
    PRIMARY KEY (vote_id, participant_id, cluster_id)
);

CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    table_id TEXT NOT NULL REFERENCES session_tables (id) ON DELETE CASCADE,
    cluster_id TEXT REFERENCES clusters (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    we_should TEXT NOT NULL,
    so_that TEXT NOT NULL,
    first_actions TEXT NOT NULL,
    conditions TEXT NOT NULL,
    progress_sharing TEXT NOT NULL,
    owner_name TEXT,
    owner_role TEXT,
    owner_participant_id TEXT REFERENCES session_participants (id) ON DELETE SET NULL,
    owner_accepted_at TIMESTAMP,
    first_date TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX proposals_table ON proposals (table_id);
