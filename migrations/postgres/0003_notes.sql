-- +goose Up
-- The consultant's own words on an assessment: one row per assessment, the
-- findings per capability as a JSON object. Gone with the assessment.

CREATE TABLE assessment_notes (
    assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
    summary       TEXT NOT NULL DEFAULT '',
    capabilities  TEXT NOT NULL DEFAULT '{}', -- JSON: capability ID → finding
    updated_at    TIMESTAMPTZ NOT NULL
);
