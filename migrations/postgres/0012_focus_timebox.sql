-- +goose Up
-- Facilitating a workshop: when the current capability's timebox ends (NULL:
-- none), when the group moved to it and when the facilitator first moved the
-- group at all (the elapsed time of the session). A focus event carries the
-- timebox too, so a phone that resumes its stream learns it with the move.
ALTER TABLE assessments ADD COLUMN focus_ends_at TIMESTAMPTZ;
ALTER TABLE assessments ADD COLUMN focus_at TIMESTAMPTZ;
ALTER TABLE assessments ADD COLUMN facilitation_started_at TIMESTAMPTZ;
ALTER TABLE events ADD COLUMN ends_at TIMESTAMPTZ;
ALTER TABLE event_outbox ADD COLUMN ends_at TIMESTAMPTZ;
