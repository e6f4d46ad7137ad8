-- +goose Up
-- A change records its events in its own transaction, here, in no order:
-- a sequence hands out ids when rows are inserted, not when they commit, so
-- ids taken by concurrent changes would become visible out of order and a
-- stream resuming "after id N" could skip one. One relay at a time (it holds
-- an advisory lock) moves these rows into events, whose ids it hands out in
-- the order it commits, and sends one NOTIFY per move.
CREATE TABLE event_outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    respondent_id TEXT NOT NULL DEFAULT '',
    question      TEXT NOT NULL DEFAULT '',
    capability    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL
);
