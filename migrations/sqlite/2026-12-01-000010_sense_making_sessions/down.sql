DROP TABLE session_events;
DROP TABLE postits;
DROP TABLE session_participants;
DROP TABLE table_items;
DROP TABLE session_tables;
DROP TABLE session_steps;
DROP TABLE session_facilitators;
DROP TABLE facilitation_sessions;
