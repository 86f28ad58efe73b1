-- "Write privately, then reveal": while a session's writing is private, every participant sees
-- only their own post-its; the facilitator reveals them all at once.
ALTER TABLE facilitation_sessions ADD COLUMN private_writing BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE facilitation_sessions ADD COLUMN revealed_at TIMESTAMP;
