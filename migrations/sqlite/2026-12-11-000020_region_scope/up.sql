-- The jeugdregio's a staff member is limited to (codes, comma-separated, e.g. 'JR13,JR27'):
-- they see only those regions' stories, runs, cards and sessions. Empty: not limited.
ALTER TABLE users ADD COLUMN regions TEXT NOT NULL DEFAULT '';
