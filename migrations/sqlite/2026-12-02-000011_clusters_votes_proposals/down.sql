DROP TABLE proposals;
DROP TABLE vote_dots;
DROP TABLE session_votes;
ALTER TABLE postits DROP COLUMN cluster_id;
DROP TABLE clusters;
