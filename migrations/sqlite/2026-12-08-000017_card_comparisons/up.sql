-- Cards across cycles: a card's pattern measured again on a newer selection (the next cycle's
-- stories), kept as its own result beside the card, whose own numbers never change.
CREATE TABLE card_comparisons (
    id TEXT PRIMARY KEY NOT NULL,
    card_id TEXT NOT NULL REFERENCES observation_cards (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    selection TEXT NOT NULL,
    stories INTEGER NOT NULL,
    pattern TEXT,
    chart TEXT,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX card_comparisons_card ON card_comparisons (card_id, created_at);
