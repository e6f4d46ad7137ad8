-- +goose Up
-- What participants wrote, as the consultant sees it: one row per text
-- answer or comment, keyed by its answer and kind, with a random id that
-- says nothing about who wrote it or when, and whether the consultant hid
-- it. The row outlives edits of its answer (an upsert keeps the answer's
-- key), so a hidden text stays hidden when its author changes it; it goes
-- with the answer, and so with the respondent and the assessment.

CREATE TABLE answer_texts (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
    respondent_id TEXT NOT NULL,
    question_id   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('answer', 'comment')),
    hidden        BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (respondent_id, question_id, kind),
    FOREIGN KEY (respondent_id, question_id) REFERENCES answers (respondent_id, question_id) ON DELETE CASCADE
);
CREATE INDEX answer_texts_assessment_id ON answer_texts (assessment_id);
