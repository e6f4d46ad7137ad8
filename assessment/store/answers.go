package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

// SaveAnswer inserts or replaces one answer in a single statement that also
// requires the respondent not to have submitted and the assessment to be
// open, and records its event (events holds at most one) in the same
// transaction. It returns after the commit: on SQLite with synchronous=FULL
// the answer is then on disk. The statement runs in a transaction shared
// with the answers saved at the same moment (see answerWriter); if ctx ends
// before that transaction takes the answer, it is not saved and the error is
// ctx's.
func (s *Store) SaveAnswer(ctx context.Context, a assessment.Answer, events ...assessment.Event) (assessment.Answer, error) {
	if len(events) > 1 {
		return assessment.Answer{}, fmt.Errorf("save answer %s/%s: %d events, want at most one", a.RespondentID, a.QuestionID, len(events))
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.now()
	}
	a.UpdatedAt = ts(a.UpdatedAt)
	var event *assessment.Event
	if len(events) == 1 {
		e := events[0]
		e.At = a.UpdatedAt
		event = &e
	}
	var options *string
	if a.Options != nil {
		b, err := json.Marshal(a.Options)
		if err != nil {
			return assessment.Answer{}, fmt.Errorf("encode options: %w", err)
		}
		o := string(b)
		options = &o
	}
	changed, err := s.writer.save(ctx, saveArgs(a, options), event)
	if err != nil {
		return assessment.Answer{}, translate(fmt.Errorf("save answer %s/%s: %w", a.RespondentID, a.QuestionID, err))
	}
	if !changed {
		return assessment.Answer{}, s.whyClosed(ctx, a.RespondentID)
	}
	return a, nil
}

// whyClosed explains a write to a respondent that changed nothing: NotFound
// if there is no such respondent, otherwise Conflict saying what closed it.
func (s *Store) whyClosed(ctx context.Context, respondentID string) error {
	var row struct {
		SubmittedAt *time.Time
		Status      string
	}
	err := s.r.WithContext(ctx).Table("respondents r").Select("r.submitted_at, a.status").
		Joins("JOIN assessments a ON a.id = r.assessment_id").
		Where("r.id = ?", respondentID).Take(&row).Error
	if err != nil {
		return translate(fmt.Errorf("respondent %s: %w", respondentID, err))
	}
	if row.SubmittedAt != nil {
		return assessment.Errorf(assessment.Conflict, "the answers were submitted and can no longer change")
	}
	return assessment.Errorf(assessment.Conflict, "the assessment is closed")
}

// Answers returns a respondent's answers by question ID.
func (s *Store) Answers(ctx context.Context, respondentID string) ([]assessment.Answer, error) {
	out, err := s.scanAnswers(ctx, s.q.respondentAnswers, respondentID, 0)
	if err != nil {
		return nil, translate(fmt.Errorf("answers of %s: %w", respondentID, err))
	}
	return out, nil
}

// AssessmentAnswers returns every answer to an assessment of the workspace,
// ordered by respondent, then question; NotFound if the assessment is not in
// the workspace.
func (s *Store) AssessmentAnswers(ctx context.Context, workspaceID, assessmentID string) ([]assessment.Answer, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	out, err := s.scanAnswers(ctx, s.q.assessmentAnswers, assessmentID, s.answerCount(ctx, assessmentID))
	if err != nil {
		return nil, translate(fmt.Errorf("answers of assessment %s: %w", assessmentID, err))
	}
	return out, nil
}

// AssessmentChoices is AssessmentAnswers without each answer's text,
// comment and time: what scores, answer spreads and progress read, from the
// index alone.
func (s *Store) AssessmentChoices(ctx context.Context, workspaceID, assessmentID string) ([]assessment.Answer, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	out, err := s.scanAnswers(ctx, s.q.assessmentChoices, assessmentID, s.answerCount(ctx, assessmentID))
	if err != nil {
		return nil, translate(fmt.Errorf("choices of assessment %s: %w", assessmentID, err))
	}
	return out, nil
}

// scanAnswers runs query, one of the *Answers or *Choices statements, on the
// read pool and scans its rows with database/sql (the choices' rows have no
// text, comment or time). A large assessment has tens of
// thousands of answers: gorm's reflection and a fresh string for every
// repeated ID cost ten times the scan itself, so this loop scans into
// reused buffers and shares one string per distinct respondent, question and
// option ID.
//
// size is how many rows to expect, so that the answers are gathered in one
// slice of the right size: copying tens of thousands of answers from a
// smaller one cost more than the scan (the copy's write barriers, with the
// collector running, most of all). More rows than expected still fit.
func (s *Store) scanAnswers(ctx context.Context, query string, arg string, size int) ([]assessment.Answer, error) {
	rows, err := s.rsql.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		out                                         = make([]assessment.Answer, 0, size)
		respondent, question, option, text, comment sql.RawBytes
		options                                     sql.RawBytes // NULL unless multi
		value                                       sql.NullFloat64
		updated                                     time.Time
		lastRespondent                              string
		ids                                         = interner{}
	)
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	dest := []any{&respondent, &question, &option, &options, &value, &text, &comment, &updated}[:len(cols)]
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if string(respondent) != lastRespondent {
			lastRespondent = string(respondent)
		}
		a := assessment.Answer{RespondentID: lastRespondent, QuestionID: ids.bytes(question), Option: ids.bytes(option),
			Text: string(text), Comment: string(comment), UpdatedAt: updated.UTC()}
		if value.Valid {
			v := value.Float64
			a.Value = &v
		}
		if options != nil {
			// "[]" decodes to an empty, non-nil slice: "none of these" stays an answer.
			if a.Options, err = decodeOptions(options, ids); err != nil {
				return nil, fmt.Errorf("decode options of %s/%s: %w", a.RespondentID, a.QuestionID, err)
			}
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// answerCount is how many answers an assessment has, read from the
// covering index; 0 if it cannot tell (the scan that follows reports the
// error, if there is one).
func (s *Store) answerCount(ctx context.Context, assessmentID string) int {
	var n int
	if err := s.rsql.QueryRowContext(ctx, s.q.assessmentAnswerCount, assessmentID).Scan(&n); err != nil {
		return 0
	}
	return n
}

// interner hands out one string per distinct ID.
type interner map[string]string

func (in interner) bytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := in[string(b)]; ok { // the lookup does not allocate
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

func (in interner) string(s string) string {
	if t, ok := in[s]; ok {
		return t
	}
	in[s] = s
	return s
}

// decodeOptions reads the stored JSON array of option IDs, sharing the IDs
// through in.
func decodeOptions(b []byte, in interner) ([]string, error) {
	var ids []string
	if err := json.Unmarshal(b, &ids); err != nil {
		return nil, err
	}
	if ids == nil {
		return nil, fmt.Errorf("options are null, want an array")
	}
	for i, id := range ids {
		ids[i] = in.string(id)
	}
	return ids, nil
}

// Submit marks the respondent submitted, once, while the assessment is
// open, and records the submit's event in the same transaction.
func (s *Store) Submit(ctx context.Context, respondentID string, at time.Time) error {
	at = ts(at)
	var events []assessment.Event
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == "postgres" {
			if err := tx.Exec(savesLockRespondent, respondentID).Error; err != nil {
				return fmt.Errorf("lock saves: %w", err)
			}
		}
		var assessmentIDs []string
		if err := tx.Raw(s.q.submit, at, respondentID).Scan(&assessmentIDs).Error; err != nil {
			return err
		}
		for _, id := range assessmentIDs {
			events = append(events, assessment.Event{AssessmentID: id, Kind: assessment.EventSubmit, RespondentID: respondentID})
		}
		return s.writeEvents(tx, events, at)
	})
	if err != nil {
		return translate(fmt.Errorf("submit %s: %w", respondentID, err))
	}
	if len(events) == 0 {
		return s.whyClosed(ctx, respondentID)
	}
	s.events.committed(events)
	return nil
}
