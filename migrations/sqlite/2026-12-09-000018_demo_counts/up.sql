-- Demo data is marked downstream: a run and a card comparison keep how many of their stories
-- were demo stories (synthetic). Runs stored before this kept no count; those whose selection
-- let demo stories in get -1, "may hold demo stories", and are marked as such.
ALTER TABLE pattern_runs ADD COLUMN synthetic_stories INTEGER NOT NULL DEFAULT 0;
UPDATE pattern_runs SET synthetic_stories = -1 WHERE selection LIKE '%"include_synthetic":true%';
ALTER TABLE card_comparisons ADD COLUMN synthetic_stories INTEGER NOT NULL DEFAULT 0;
UPDATE card_comparisons SET synthetic_stories = -1 WHERE selection LIKE '%"include_synthetic":true%';
