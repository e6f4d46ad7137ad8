-- +goose Up
-- Whose view a respondent answers from: '' (every question) or one of
-- operations, development, data, management. Results per perspective and
-- the anonymity rule count respondents by it.
ALTER TABLE respondents ADD COLUMN perspective TEXT NOT NULL DEFAULT '';
