package store

import (
	"fmt"
	"strings"
)

// SQL that enforces a rule by itself, kept here rather than spelt through
// gorm. Each write checks its precondition in its own WHERE, so no check can
// race the write: zero rows affected means the precondition failed.
//
// The PostgreSQL forms cast their parameters (a bare parameter in a SELECT
// list is text there; written ?::type because gorm expands a []byte that
// follows "(?") and lock the rows they check FOR SHARE, so that a concurrent
// submit or close is waited for and then seen. SQLite needs neither: it has
// one writer at a time.

// queries holds the statements of one dialect.
type queries struct {
	saveAnswer        string
	addRespondent     string
	submit            string
	respondentAnswers string
	assessmentAnswers string
}

func queriesFor(dialect string) queries {
	if dialect == "postgres" {
		return queries{saveAnswer: saveAnswerPostgres, addRespondent: addRespondentPostgres, submit: submitRespondent,
			respondentAnswers: dollar(respondentAnswers), assessmentAnswers: dollar(assessmentAnswers)}
	}
	return queries{saveAnswer: saveAnswerSQLite, addRespondent: addRespondentSQLite, submit: submitRespondent,
		respondentAnswers: respondentAnswers, assessmentAnswers: assessmentAnswers}
}

// saveAnswer* insert or replace one answer, only while its respondent has not
// submitted and its assessment is open. Parameters: question_id, option,
// options, value, text, comment, updated_at, respondent id.
const (
	saveAnswerSQLite = `INSERT INTO answers
    (respondent_id, question_id, assessment_id, option, options, value, text, comment, updated_at)
SELECT r.id, ?, r.assessment_id, ?, ?, ?, ?, ?, ?
FROM respondents r JOIN assessments a ON a.id = r.assessment_id
WHERE r.id = ? AND r.submitted_at IS NULL AND a.status = 'open'
` + saveAnswerUpsert

	saveAnswerPostgres = `INSERT INTO answers
    (respondent_id, question_id, assessment_id, option, options, value, text, comment, updated_at)
SELECT r.id, ?::text, r.assessment_id, ?::text, ?::text,
    ?::double precision, ?::text, ?::text, ?::timestamptz
FROM respondents r JOIN assessments a ON a.id = r.assessment_id
WHERE r.id = ? AND r.submitted_at IS NULL AND a.status = 'open'
FOR SHARE OF r, a
` + saveAnswerUpsert

	saveAnswerUpsert = `ON CONFLICT (respondent_id, question_id) DO UPDATE SET
    option = excluded.option, options = excluded.options, value = excluded.value,
    text = excluded.text, comment = excluded.comment, updated_at = excluded.updated_at`
)

// addRespondent* insert a respondent only while its assessment is open.
// Parameters: id, name, role, token_hash, created_at, assessment id.
const (
	addRespondentSQLite = `INSERT INTO respondents
    (id, assessment_id, workspace_id, name, role, token_hash, created_at)
SELECT ?, a.id, a.workspace_id, ?, ?, ?, ?
FROM assessments a
WHERE a.id = ? AND a.status = 'open'`

	addRespondentPostgres = `INSERT INTO respondents
    (id, assessment_id, workspace_id, name, role, token_hash, created_at)
SELECT ?::text, a.id, a.workspace_id, ?::text, ?::text,
    ?::bytea, ?::timestamptz
FROM assessments a
WHERE a.id = ? AND a.status = 'open'
FOR SHARE OF a`
)

// submitRespondent marks a respondent submitted, once, while the assessment
// is open. Parameters: submitted_at, respondent id.
const submitRespondent = `UPDATE respondents SET submitted_at = ?
WHERE id = ? AND submitted_at IS NULL
AND EXISTS (SELECT 1 FROM assessments a WHERE a.id = respondents.assessment_id AND a.status = 'open')`

// assessmentColumns selects an assessment without its definition, with its
// respondent counts in the same query.
const assessmentColumns = `assessments.id, assessments.workspace_id, assessments.organisation_id,
    assessments.questionnaire, assessments.questionnaire_version, assessments.mode, assessments.title,
    assessments.status, assessments.join_code, assessments.focus, assessments.created_at, assessments.closed_at,
    (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = assessments.id) AS respondent_count,
    (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = assessments.id
        AND r.submitted_at IS NOT NULL) AS submitted_count,
    (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = assessments.id AND r.submitted_at IS NULL
        AND EXISTS (SELECT 1 FROM answers x WHERE x.respondent_id = r.id)) AS answering_count`

// The answers as scanAnswers reads them, on the read pool with database/sql
// (PostgreSQL's placeholders through dollar). Parameter: the respondent or
// the assessment ID. answers_assessment_id covers the order of the second.
const (
	answerColumns     = `respondent_id, question_id, option, options, value, text, comment, updated_at`
	respondentAnswers = `SELECT ` + answerColumns + ` FROM answers WHERE respondent_id = ? ORDER BY question_id`
	assessmentAnswers = `SELECT ` + answerColumns + ` FROM answers WHERE assessment_id = ?
ORDER BY respondent_id, question_id`
)

// dollar numbers the ? placeholders of q as PostgreSQL's $1, $2, ...; q
// must hold no other question mark.
func dollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
