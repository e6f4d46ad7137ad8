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
// follows "(?"). A save's guard (not submitted, assessment open) must not
// race a submit or close: the answer batch takes its assessments' saves
// lock shared, in the transaction before its statement, and submit and close
// take it exclusively (savesLockShared). Locking the checked rows instead
// (FOR SHARE of the respondent, FOR KEY SHARE of the assessment) wrote each
// lock into the rows: the assessment's row, shared by every save of the
// room, became a MultiXact rewritten by every concurrent batch, and 500
// participants saved 4,300 answers/s where they now save 5,300-5,800 (the
// load program, cmd/readiness-load). SQLite needs none of this: it has one writer at a
// time.

// queries holds the statements of one dialect.
type queries struct {
	saveAnswer             string // SQLite only: PostgreSQL saves batches with saveAnswersPostgres
	addRespondent          string
	submit                 string
	respondentAnswers      string
	assessmentAnswers      string
	assessmentChoices      string
	assessmentChoicesRange string
	assessmentChoicesFrom  string
	assessmentAnswerCounts string
	assessmentAnswerCount  string
	respondentByToken      string // SQLite; PostgreSQL groups lookups with respondentsByTokensPostgres
}

func queriesFor(dialect string) queries {
	if dialect == "postgres" {
		return queries{addRespondent: addRespondentPostgres, submit: submitRespondentPostgres,
			respondentAnswers: dollar(respondentAnswers), assessmentAnswers: dollar(assessmentAnswers),
			assessmentChoices: dollar(assessmentChoices), assessmentAnswerCount: dollar(assessmentAnswerCount),
			assessmentChoicesRange: dollar(assessmentChoicesRange), assessmentChoicesFrom: dollar(assessmentChoicesFrom),
			assessmentAnswerCounts: dollar(assessmentAnswerCounts),
			respondentByToken:      dollar(respondentByToken)}
	}
	return queries{saveAnswer: saveAnswerSQLite, addRespondent: addRespondentSQLite, submit: submitRespondent,
		respondentAnswers: respondentAnswers, assessmentAnswers: assessmentAnswers, assessmentChoices: assessmentChoices,
		assessmentChoicesRange: assessmentChoicesRange, assessmentChoicesFrom: assessmentChoicesFrom,
		assessmentAnswerCounts: assessmentAnswerCounts,
		assessmentAnswerCount:  assessmentAnswerCount, respondentByToken: respondentByToken}
}

// saveAnswer* insert or replace answers, only while their respondent has not
// submitted and their assessment is open. saveAnswerSQLite saves one;
// parameters: question_id, option, options, value, text, comment,
// updated_at, respondent id.
const (
	saveAnswerSQLite = `INSERT INTO answers
    (respondent_id, question_id, assessment_id, option, options, value, text, comment, updated_at)
SELECT r.id, ?, r.assessment_id, ?, ?, ?, ?, ?, ?
FROM respondents r JOIN assessments a ON a.id = r.assessment_id
WHERE r.id = ? AND r.submitted_at IS NULL AND a.status = 'open'
` + saveAnswerUpsert

	// saveAnswersPostgres saves a batch in one statement, in a transaction
	// that holds savesLockShared for its assessments: the parameters
	// of saveAnswerSQLite as arrays, one element per answer, then the
	// answers' events (kind, assessment, respondent, question, capability;
	// a NULL kind for an answer without one), which go into the outbox for
	// each answer written, in the same statement and so the same
	// transaction. It returns the key of each answer it wrote; an answer
	// absent from them was refused by the guard. Two answers to one
	// question in a batch fail the statement (ON CONFLICT cannot change a
	// row twice).
	saveAnswersPostgres = `WITH v AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::double precision[], $5::text[], $6::text[],
        $7::timestamptz[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
    AS v(question_id, option, options, value, text, comment, updated_at, respondent_id,
        event_kind, event_assessment, event_respondent, event_question, event_capability)),
saved AS (
    INSERT INTO answers
        (respondent_id, question_id, assessment_id, option, options, value, text, comment, updated_at)
    SELECT r.id, v.question_id, r.assessment_id, v.option, v.options, v.value, v.text, v.comment, v.updated_at
    FROM v
    JOIN respondents r ON r.id = v.respondent_id
    JOIN assessments a ON a.id = r.assessment_id
    WHERE r.submitted_at IS NULL AND a.status = 'open'
    ` + saveAnswerUpsert + `
    RETURNING respondent_id, question_id),
recorded AS (
    INSERT INTO event_outbox (assessment_id, kind, respondent_id, question, capability, created_at)
    SELECT v.event_assessment, v.event_kind, v.event_respondent, v.event_question, v.event_capability, v.updated_at
    FROM saved JOIN v ON v.respondent_id = saved.respondent_id AND v.question_id = saved.question_id
    WHERE v.event_kind IS NOT NULL)
SELECT respondent_id, question_id FROM saved`

	// savesLockShared takes, in one order, the shared saves lock of the
	// assessments of the respondents $1; savesLock takes the exclusive lock
	// of the assessment of respondent $1 (submit) or of assessment $1
	// (close). A save, a submit and a close of one assessment thus never
	// overlap, and the guard of a save that waited reads what the submit or
	// close committed, since each statement of a READ COMMITTED transaction
	// reads what was committed when it started. They are advisory locks,
	// held in the lock manager: locking the rows instead (FOR SHARE) writes
	// the lock into the assessment's and each respondent's row, turning the
	// assessment's row into a multixact that every concurrent batch rewrites.
	savesLockShared = `SELECT pg_advisory_xact_lock_shared(k) FROM (
    SELECT DISTINCT hashtextextended('readiness-saves:' || assessment_id, 0) AS k
    FROM respondents WHERE id = ANY($1::text[]) ORDER BY 1) s`
	savesLockRespondent = `SELECT pg_advisory_xact_lock(hashtextextended('readiness-saves:' || assessment_id, 0))
FROM respondents WHERE id = ?`
	savesLockAssessment = `SELECT pg_advisory_xact_lock(hashtextextended('readiness-saves:' || ?::text, 0))`

	saveAnswerUpsert = `ON CONFLICT (respondent_id, question_id) DO UPDATE SET
    option = excluded.option, options = excluded.options, value = excluded.value,
    text = excluded.text, comment = excluded.comment, updated_at = excluded.updated_at`
)

// addRespondent* insert a respondent only while its assessment is open and
// has fewer respondents than its cap. A respondent without a name becomes
// "Participant N", N counting the assessment's respondents with this one.
// Parameters: id, name, name, role, perspective, token_hash, created_at, assessment id.
// On PostgreSQL the caller holds joinLock for the assessment, so that the
// count sees every respondent added before (each statement of a
// READ COMMITTED transaction reads what was committed when it started).
const (
	addRespondentSQLite = `INSERT INTO respondents
    (id, assessment_id, workspace_id, name, role, perspective, token_hash, created_at)
SELECT ?, a.id, a.workspace_id,
    CASE WHEN ? = '' THEN 'Participant ' || (1 + (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = a.id)) ELSE ? END,
    ?, ?, ?, ?
FROM assessments a
WHERE a.id = ? AND a.status = 'open'
AND (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = a.id) < a.max_participants`

	addRespondentPostgres = `INSERT INTO respondents
    (id, assessment_id, workspace_id, name, role, perspective, token_hash, created_at)
SELECT ?::text, a.id, a.workspace_id,
    CASE WHEN ?::text = '' THEN 'Participant ' || (1 + (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = a.id))::text ELSE ?::text END,
    ?::text, ?::text, ?::bytea, ?::timestamptz
FROM assessments a
WHERE a.id = ? AND a.status = 'open'
AND (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = a.id) < a.max_participants
FOR KEY SHARE OF a
RETURNING name`

	// joinLock serialises the respondent inserts of one assessment on
	// PostgreSQL, and nothing else: answers and other assessments go on.
	joinLock = `SELECT pg_advisory_xact_lock(hashtextextended('readiness-join:' || ?::text, 0))`
)

// submitRespondent* mark a respondent submitted, once, while the assessment
// is open, and return its assessment's id (no row: refused). Parameters:
// submitted_at, respondent id.
const (
	submitRespondent = `UPDATE respondents SET submitted_at = ?
WHERE id = ? AND submitted_at IS NULL
AND EXISTS (SELECT 1 FROM assessments a WHERE a.id = respondents.assessment_id AND a.status = 'open')
RETURNING assessment_id`

	submitRespondentPostgres = `UPDATE respondents SET submitted_at = ?::timestamptz
WHERE id = ? AND submitted_at IS NULL
AND EXISTS (SELECT 1 FROM assessments a WHERE a.id = respondents.assessment_id AND a.status = 'open'
    FOR KEY SHARE)
RETURNING assessment_id`
)

// assessmentColumns selects an assessment without its definition, with its
// respondent counts in the same query.
const assessmentColumns = `assessments.id, assessments.workspace_id, assessments.organisation_id,
    assessments.questionnaire, assessments.questionnaire_version, assessments.mode, assessments.title,
    assessments.status, assessments.join_code, assessments.focus, assessments.created_at, assessments.closed_at,
    assessments.max_participants, assessments.scope, assessments.targets, assessments.form,
    assessments.language, assessments.welcome, assessments.focus_ends_at, assessments.focus_at, assessments.facilitation_started_at,
    (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = assessments.id) AS respondent_count,
    (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = assessments.id
        AND r.submitted_at IS NOT NULL) AS submitted_count,
    (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = assessments.id AND r.submitted_at IS NULL
        AND EXISTS (SELECT 1 FROM answers x WHERE x.respondent_id = r.id)) AS answering_count`

// The answers as scanAnswers reads them, on the read pool with database/sql
// (PostgreSQL's placeholders through dollar). Parameter: the respondent or
// the assessment ID. answers_scoring covers the order of the assessment's,
// and every column of assessmentChoices, which leaves out what scoring never
// reads, so that it is answered from the index alone.
const (
	choiceColumns     = `respondent_id, question_id, option, options, value`
	answerColumns     = choiceColumns + `, text, comment, updated_at`
	respondentAnswers = `SELECT ` + answerColumns + ` FROM answers WHERE respondent_id = ? ORDER BY question_id`
	assessmentAnswers = `SELECT ` + answerColumns + ` FROM answers WHERE assessment_id = ?
ORDER BY respondent_id, question_id`
	assessmentChoices = `SELECT ` + choiceColumns + ` FROM answers WHERE assessment_id = ?
ORDER BY respondent_id, question_id`
	// assessmentChoicesRange is assessmentChoices of the respondents from
	// the second parameter up to, not including, the third;
	// assessmentChoicesFrom of those from the second on.
	assessmentChoicesRange = `SELECT ` + choiceColumns + ` FROM answers
WHERE assessment_id = ? AND respondent_id >= ? AND respondent_id < ?
ORDER BY respondent_id, question_id`
	assessmentChoicesFrom = `SELECT ` + choiceColumns + ` FROM answers
WHERE assessment_id = ? AND respondent_id >= ?
ORDER BY respondent_id, question_id`
	assessmentAnswerCount = `SELECT COUNT(*) FROM answers WHERE assessment_id = ?`
	// assessmentAnswerCounts counts the answers of each respondent, in
	// the order of assessmentChoices, from the index alone.
	assessmentAnswerCounts = `SELECT respondent_id, COUNT(*) FROM answers WHERE assessment_id = ?
GROUP BY respondent_id ORDER BY respondent_id`
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

// respondentByToken reads a respondent and its assessment, without the
// definition or any count. Parameter: the token hash.
// respondentsByTokensPostgres reads those of several token hashes (an
// array), each row ending with its token hash.
const (
	respondentColumnsByToken = `r.id, r.assessment_id, r.name, r.role, r.perspective, r.created_at, r.submitted_at,
    a.id, a.workspace_id, a.organisation_id, a.questionnaire, a.questionnaire_version, a.mode, a.title,
    a.status, a.join_code, a.focus, a.created_at, a.closed_at, a.max_participants,
    a.scope, a.targets, a.form, a.language, a.welcome, a.focus_ends_at`
	respondentByToken = `SELECT ` + respondentColumnsByToken + `
FROM respondents r JOIN assessments a ON a.id = r.assessment_id
WHERE r.token_hash = ?`
	respondentsByTokensPostgres = `SELECT ` + respondentColumnsByToken + `, r.token_hash
FROM respondents r JOIN assessments a ON a.id = r.assessment_id
WHERE r.token_hash = ANY($1::bytea[])`
)
