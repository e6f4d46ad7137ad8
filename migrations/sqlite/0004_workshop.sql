-- +goose Up
-- The live workshop: a cap on participants, the answers a group agreed on,
-- and the event log that listeners resume from.

ALTER TABLE assessments ADD COLUMN max_participants INTEGER NOT NULL DEFAULT 500
    CHECK (max_participants BETWEEN 1 AND 5000);

CREATE TABLE agreed_answers (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    option        TEXT NOT NULL DEFAULT '',
    options       TEXT, -- JSON array; NULL unless a multi question
    value         REAL,
    text          TEXT NOT NULL DEFAULT '',
    rationale     TEXT NOT NULL DEFAULT '',
    agreed_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (assessment_id, question_id)
);

-- AUTOINCREMENT: an id is never reused once pruned, so "after id N" stays
-- true for a listener that resumes. The one write connection hands ids out
-- in commit order.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    respondent_id TEXT NOT NULL DEFAULT '',
    question      TEXT NOT NULL DEFAULT '',
    capability    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX events_assessment_id ON events (assessment_id, id);
CREATE INDEX events_created_at ON events (created_at);
