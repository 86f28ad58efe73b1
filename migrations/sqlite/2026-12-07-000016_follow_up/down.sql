DROP INDEX facilitation_sessions_report;
ALTER TABLE facilitation_sessions DROP COLUMN report_hash;
DROP TABLE session_evaluations;
DROP TABLE proposal_updates;
DROP INDEX proposals_follow_up;
ALTER TABLE proposals DROP COLUMN theme;
ALTER TABLE proposals DROP COLUMN follow_up_hash;
