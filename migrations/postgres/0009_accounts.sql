-- +goose Up
-- Running a consultancy on it: one-time links to join a workspace or to set
-- a new password, read-only links for a client's sponsor, the workspace's
-- brand and an append-only audit log. Every token is stored only as a
-- SHA-256 hash; a link is consumed by the write that checks it.

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    email        TEXT NOT NULL, -- lower-cased by the store
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('consultant', 'admin')),
    token_hash   BYTEA NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ
);
CREATE INDEX invitations_workspace_id ON invitations (workspace_id, created_at);

-- A reset link dies with its user.
CREATE TABLE password_resets (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash BYTEA NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX password_resets_user_id ON password_resets (user_id);

-- A share dies with its assessment (the foreign key deletes it).
CREATE TABLE shares (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id),
    assessment_id  TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    token_hash     BYTEA NOT NULL UNIQUE,
    texts          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    last_opened_at TIMESTAMPTZ
);
CREATE INDEX shares_assessment_id ON shares (assessment_id, created_at);

ALTER TABLE workspaces ADD COLUMN accent TEXT NOT NULL DEFAULT '';

-- The logo apart from the workspace row, so that reading a workspace never
-- drags its image along. Always a PNG re-encoded by the service.
CREATE TABLE workspace_logos (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces (id),
    png          BYTEA NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- workspace_id is NULL for a failed sign-in with an unknown email: it
-- belongs to no workspace. No foreign key on actor or target: an entry
-- outlives the user or assessment it names.
CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id TEXT REFERENCES workspaces (id),
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    target       TEXT NOT NULL DEFAULT '',
    request_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_workspace_id ON audit_log (workspace_id, id);

-- Append-only: an entry is never changed or removed.
-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE workspace_logos;
ALTER TABLE workspaces DROP COLUMN accent;
DROP TABLE shares;
DROP TABLE password_resets;
DROP TABLE invitations;
