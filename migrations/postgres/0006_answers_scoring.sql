-- +goose Up
-- Results, answer spreads and progress read who answered what (never the
-- text, comment or time) of every answer of an assessment. An index that
-- holds those columns answers them without reading the table: about three
-- times faster for 500 respondents. It starts with the columns of
-- answers_assessment_id, which it replaces.
CREATE INDEX answers_scoring ON answers (assessment_id, respondent_id, question_id, option, options, value);
DROP INDEX answers_assessment_id;
