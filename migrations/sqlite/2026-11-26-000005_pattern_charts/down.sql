DROP TABLE pattern_charts;
