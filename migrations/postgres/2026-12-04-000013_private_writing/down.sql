ALTER TABLE facilitation_sessions DROP COLUMN revealed_at;
ALTER TABLE facilitation_sessions DROP COLUMN private_writing;
