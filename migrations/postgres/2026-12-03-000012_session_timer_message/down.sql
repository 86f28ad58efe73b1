ALTER TABLE facilitation_sessions DROP COLUMN message;
ALTER TABLE facilitation_sessions DROP COLUMN step_paused_at;
ALTER TABLE facilitation_sessions DROP COLUMN step_started_at;
ALTER TABLE facilitation_sessions DROP COLUMN current_step;
