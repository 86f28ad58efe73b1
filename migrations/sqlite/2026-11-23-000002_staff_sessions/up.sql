-- Staff sign-in sessions and the application's own secrets.
-- A session is known by the SHA-256 of its cookie token, never the token itself.

CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- Secrets made on first start (e.g. the key that signs form tokens), so that a restart or a
-- second server process keeps accepting forms that were opened before.
CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
