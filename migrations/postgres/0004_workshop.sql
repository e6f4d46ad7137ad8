-- +goose Up
-- The live workshop: a cap on participants, the answers a group agreed on,
-- and the event log that listeners resume from.

ALTER TABLE assessments ADD COLUMN max_participants INTEGER NOT NULL DEFAULT 500
    CHECK (max_participants BETWEEN 1 AND 5000);

CREATE TABLE agreed_answers (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    question_id   TEXT COLLATE "C" NOT NULL,
    option        TEXT NOT NULL DEFAULT '',
    options       TEXT, -- JSON array; NULL unless a multi question
    value         DOUBLE PRECISION,
    text          TEXT NOT NULL DEFAULT '',
    rationale     TEXT NOT NULL DEFAULT '',
    agreed_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (assessment_id, question_id)
);

-- Ids come from the sequence inside a transaction that holds an advisory
-- lock until it commits (see the store's event writer), so they become
-- visible in order and "after id N" never skips a late commit.
CREATE TABLE events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    respondent_id TEXT NOT NULL DEFAULT '',
    question      TEXT NOT NULL DEFAULT '',
    capability    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_assessment_id ON events (assessment_id, id);
CREATE INDEX events_created_at ON events (created_at);
