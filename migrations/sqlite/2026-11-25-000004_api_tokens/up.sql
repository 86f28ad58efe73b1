-- Tokens for the JSON API (`Authorization: Bearer …`). Like staff sessions, only the SHA-256
-- of a token is stored; the token itself is shown once, when it is made.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE INDEX api_tokens_user ON api_tokens (user_id);
