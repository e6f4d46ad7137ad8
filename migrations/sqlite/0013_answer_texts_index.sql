-- +goose Up
-- The results page lists an assessment's texts on every view: a partial
-- index holds only the answers that carry a text or a comment, so the list
-- reads those few rows instead of every answer of the assessment.
CREATE INDEX answers_with_texts ON answers (assessment_id) WHERE text <> '' OR comment <> '';

-- +goose Down
DROP INDEX answers_with_texts;
