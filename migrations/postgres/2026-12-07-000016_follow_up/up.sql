-- Follow-up of improvement proposals across cycles, session reports and the participants'
-- evaluation.
--
-- A proposal's owner keeps it up to date through a personal link (no account): only the
-- SHA-256 of its token is kept, so a new link replaces the old one and a revoked link is gone.
-- A proposal may carry a theme (written as story themes are), to find it again later.
ALTER TABLE proposals ADD COLUMN follow_up_hash TEXT;
ALTER TABLE proposals ADD COLUMN theme TEXT;
CREATE UNIQUE INDEX proposals_follow_up ON proposals (follow_up_hash);

-- Every change of a proposal after its session, in order: progress notes with their date,
-- status changes (with the reason when it stops), a new or revoked link, a theme. `author` is
-- what the page shows (the owner's name, or the staff member's e-mail address); `user_id` is
-- set when staff wrote it.
CREATE TABLE proposal_updates (
    id TEXT PRIMARY KEY NOT NULL,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    recorded_at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    by_owner BOOLEAN NOT NULL,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    author TEXT NOT NULL,
    happened_on TEXT,
    status_before TEXT NOT NULL,
    status_after TEXT NOT NULL,
    note TEXT NOT NULL,
    flagged BOOLEAN NOT NULL
);
CREATE INDEX proposal_updates_proposal ON proposal_updates (proposal_id, recorded_at);

-- The participants' evaluation at the end of a session, one per participant: three answers
-- on a scale of 1 to 5 (each may be skipped) and one open answer.
CREATE TABLE session_evaluations (
    session_id TEXT NOT NULL REFERENCES facilitation_sessions (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES session_participants (id) ON DELETE CASCADE,
    useful INTEGER,
    heard INTEGER,
    follow_up INTEGER,
    remark TEXT NOT NULL,
    flagged BOOLEAN NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);

-- A read-only link to the session's report that the facilitator shares with participants
-- (the SHA-256 of its token).
ALTER TABLE facilitation_sessions ADD COLUMN report_hash TEXT;
CREATE UNIQUE INDEX facilitation_sessions_report ON facilitation_sessions (report_hash);
