-- The agenda's timer (which step is on, since when, paused when) and a short message from the
-- facilitator to every phone of the session.
ALTER TABLE facilitation_sessions ADD COLUMN current_step INTEGER;
ALTER TABLE facilitation_sessions ADD COLUMN step_started_at TIMESTAMP;
ALTER TABLE facilitation_sessions ADD COLUMN step_paused_at TIMESTAMP;
ALTER TABLE facilitation_sessions ADD COLUMN message TEXT;
