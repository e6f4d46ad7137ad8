-- +goose Up
-- Sign-in attempts counted per bucket (a hashed account or client address)
-- over a sliding window, shared by every instance on this database, so that
-- several instances behind a load balancer do not multiply an attacker's
-- attempts. Times are unix milliseconds, as on SQLite.
CREATE TABLE login_attempts (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bucket TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX login_attempts_bucket_at ON login_attempts (bucket, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- +goose Down
DROP TABLE login_attempts;
