-- Observation cards (observatiekaarten): an analyst turns a pattern of a stored evaluation into a
-- card with a plain-language observation, two opposing interpretations and typical stories
-- with quotes. The pattern is copied (JSON) so a card keeps saying what it said, and its chart
-- stays in pattern_charts. Drafts are for analysts; published cards are read by facilitators
-- and through the API.
CREATE TABLE observation_cards (
    id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL REFERENCES pattern_runs (id) ON DELETE CASCADE,
    pattern_id TEXT NOT NULL,
    pattern TEXT NOT NULL,
    chart TEXT,
    observation TEXT NOT NULL,
    interpretation_a TEXT NOT NULL,
    interpretation_b TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);

CREATE UNIQUE INDEX observation_cards_pattern ON observation_cards (run_id, pattern_id);

-- The typical stories of a card, in order, each with the quote the analyst chose from it. A
-- withdrawn story leaves every card (the rows are deleted with the withdrawal), and a quote
-- whose text was erased or edited in review is not shown.
CREATE TABLE card_stories (
    card_id TEXT NOT NULL REFERENCES observation_cards (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    quote TEXT NOT NULL,
    PRIMARY KEY (card_id, position)
);

CREATE INDEX card_stories_story ON card_stories (story_id);
