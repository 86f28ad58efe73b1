DROP TABLE pattern_runs;
