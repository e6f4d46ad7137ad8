-- +goose Up
-- Sign-in attempts counted per bucket (a hashed account or client address)
-- over a sliding window, shared by every process on this database. Times are
-- unix milliseconds, so that both dialects compare them the same way.
CREATE TABLE login_attempts (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX login_attempts_bucket_at ON login_attempts (bucket, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- +goose Down
DROP TABLE login_attempts;
