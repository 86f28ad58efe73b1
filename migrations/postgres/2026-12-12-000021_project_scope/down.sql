ALTER TABLE facilitation_sessions DROP COLUMN project_id;
ALTER TABLE users DROP COLUMN projects;
