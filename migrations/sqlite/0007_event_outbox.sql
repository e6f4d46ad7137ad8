-- +goose Up
-- The outbox of events that PostgreSQL's changes write in their own
-- transaction for a relay to move into events in commit order. SQLite needs
-- no relay: its one writer hands out event ids in commit order, so a change
-- writes into events directly and this table stays empty. It exists so that
-- both dialects have the same tables.
CREATE TABLE event_outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    respondent_id TEXT NOT NULL DEFAULT '',
    question      TEXT NOT NULL DEFAULT '',
    capability    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
