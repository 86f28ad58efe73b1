-- Projects as a scope of access, beside regions. `users.projects` holds the ids of the projects
-- a staff member is limited to (comma-separated; empty: not limited): they see only the
-- collection points of those projects, their stories, the runs over them and their sessions.
-- A session now belongs to a project; sessions planned before this belong to the national
-- project (or, where there is none, the oldest project).
ALTER TABLE users ADD COLUMN projects TEXT NOT NULL DEFAULT '';
ALTER TABLE facilitation_sessions ADD COLUMN project_id TEXT REFERENCES projects (id);
UPDATE facilitation_sessions SET project_id = COALESCE(
    (SELECT id FROM projects WHERE slug = 'landelijk'),
    (SELECT id FROM projects ORDER BY created_at, id LIMIT 1)
);
