-- A table's regional figures (as Twente used figures from its statistics office): a title, the
-- source, and lines of "label;value", shown as a bar chart on the table's board.
ALTER TABLE session_tables ADD COLUMN figures_title TEXT;
ALTER TABLE session_tables ADD COLUMN figures_source TEXT;
ALTER TABLE session_tables ADD COLUMN figures TEXT;
