-- An admin deactivates a staff account instead of deleting it: what the account did (stories
-- entered at a verteltafel, themes given) keeps pointing at it, but it can no longer sign in.
ALTER TABLE users ADD COLUMN deactivated_at TIMESTAMP;
