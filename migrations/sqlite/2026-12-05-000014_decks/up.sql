-- Named decks, reusable across sessions: a few published cards and typical experiences that a
-- facilitator put together once and lays on any table again.
CREATE TABLE decks (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE deck_items (
    deck_id TEXT NOT NULL REFERENCES decks (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    PRIMARY KEY (deck_id, position)
);
