-- +goose Up
-- A workspace's own questionnaires: every uploaded version is kept, with the
-- file it came from and its definition as the store encodes it for
-- assessments. Versions order by their numbers, not their text.
CREATE TABLE workspace_models (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    slug         TEXT NOT NULL,
    version      TEXT NOT NULL,
    major        BIGINT NOT NULL,
    minor        BIGINT NOT NULL,
    patch        BIGINT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL, -- the uploaded YAML
    definition   TEXT NOT NULL, -- JSON, as assessments.definition
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, slug, version)
);
CREATE INDEX workspace_models_newest ON workspace_models (workspace_id, slug, major, minor, patch);

-- Translations of an own model version, one per language; they go with it.
CREATE TABLE workspace_model_translations (
    model_id   TEXT NOT NULL REFERENCES workspace_models (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    source     TEXT NOT NULL, -- the uploaded YAML
    texts      TEXT NOT NULL, -- JSON of the translated texts by id
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (model_id, lang)
);

-- The own model version an assessment runs on (NULL for the catalog's). The
-- reference, not a check before the delete, keeps a used version: a start
-- and a delete at the same moment cannot both succeed.
ALTER TABLE assessments ADD COLUMN model_id TEXT REFERENCES workspace_models (id) ON DELETE RESTRICT;
CREATE INDEX assessments_model_id ON assessments (model_id);
