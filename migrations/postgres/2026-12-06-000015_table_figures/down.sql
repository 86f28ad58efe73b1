ALTER TABLE session_tables DROP COLUMN figures;
ALTER TABLE session_tables DROP COLUMN figures_source;
ALTER TABLE session_tables DROP COLUMN figures_title;
