ALTER TABLE users DROP COLUMN last_point;
