-- The Vertelpunt (slug) a staff member last chose on the dashboard, reading or export page:
-- those pages open on it next time, rather than on the alphabetically first one.
ALTER TABLE users ADD COLUMN last_point TEXT;
