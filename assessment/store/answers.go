package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"
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
	out, err := s.scanAnswers(ctx, nil, s.q.respondentAnswers, respondentID)
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
	out, err := s.scanAnswers(ctx, make([]assessment.Answer, 0, s.answerCount(ctx, assessmentID)), s.q.assessmentAnswers, assessmentID)
	if err != nil {
		return nil, translate(fmt.Errorf("answers of assessment %s: %w", assessmentID, err))
	}
	return out, nil
}

// AssessmentChoices is AssessmentAnswers without each answer's text,
// comment and time: what scores, answer spreads and progress read, from the
// index alone. A large assessment is read in parts, one per processor, each
// a range of respondents on a connection of its own (see choiceParts).
func (s *Store) AssessmentChoices(ctx context.Context, workspaceID, assessmentID string) ([]assessment.Answer, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	out, err := s.scanChoices(ctx, assessmentID)
	if err != nil {
		return nil, translate(fmt.Errorf("choices of assessment %s: %w", assessmentID, err))
	}
	return out, nil
}

// choicesPerPart is the fewest answers worth a part of their own: below it
// a second connection and goroutine cost more than they save.
const choicesPerPart = 8192

// choicePart is a range of respondents, [from, to) in the store's order (to
// "" for no end), and how many answers it held when counted.
type choicePart struct {
	from, to string
	start, n int // where its answers go in the whole, and how many
}

// choiceParts splits the assessment's answers into at most parts ranges of
// respondents with about as many answers each, and counts them all.
func (s *Store) choiceParts(ctx context.Context, assessmentID string, parts int) ([]choicePart, int, error) {
	rows, err := s.rsql.QueryContext(ctx, s.q.assessmentAnswerCounts, assessmentID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	type count struct {
		respondent string
		n          int
	}
	var counts []count
	total := 0
	for rows.Next() {
		var c count
		if err := rows.Scan(&c.respondent, &c.n); err != nil {
			return nil, 0, err
		}
		counts = append(counts, c)
		total += c.n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	parts = max(1, min(parts, total/choicesPerPart))
	out := []choicePart{{}}
	for _, c := range counts {
		p := &out[len(out)-1]
		if p.n > 0 && p.start+p.n >= total*len(out)/parts && len(out) < parts {
			p.to = c.respondent
			out = append(out, choicePart{from: c.respondent, start: p.start + p.n})
			p = &out[len(out)-1]
		}
		p.n += c.n
	}
	return out, total, nil
}

// scanChoices reads the assessment's choices, in parts side by side when
// there are many. Each part scans into its own window of one slice sized by
// the count; answers saved or erased between the count and a part's scan
// leave that part longer or shorter than its window, and the parts are then
// joined instead.
func (s *Store) scanChoices(ctx context.Context, assessmentID string) ([]assessment.Answer, error) {
	parts, total, err := s.choiceParts(ctx, assessmentID, runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	if len(parts) == 1 {
		return s.scanAnswers(ctx, make([]assessment.Answer, 0, total), s.q.assessmentChoices, assessmentID)
	}
	whole := make([]assessment.Answer, total)
	got := make([][]assessment.Answer, len(parts))
	g, gctx := errgroup.WithContext(ctx)
	for i, p := range parts {
		g.Go(func() error {
			window := whole[p.start : p.start : p.start+p.n]
			var err error
			if p.to == "" {
				got[i], err = s.scanAnswers(gctx, window, s.q.assessmentChoicesFrom, assessmentID, p.from)
			} else {
				got[i], err = s.scanAnswers(gctx, window, s.q.assessmentChoicesRange, assessmentID, p.from, p.to)
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, p := range parts {
		if len(got[i]) != p.n {
			return slices.Concat(got...), nil
		}
	}
	return whole, nil
}

// scanAnswers runs query, one of the *Answers or *Choices statements, on the
// read pool and scans its rows with database/sql (the choices' rows have no
// text, comment or time). A large assessment has tens of
// thousands of answers: gorm's reflection and a fresh string for every
// repeated ID cost ten times the scan itself, so this loop scans into
// reused buffers and shares one string per distinct respondent, question and
// option ID.
//
// The answers are appended to out, which should have room for all of them:
// copying tens of thousands of answers from a smaller slice cost more than
// the scan (the copy's write barriers, with the collector running, most of
// all). More rows than expected still fit.
func (s *Store) scanAnswers(ctx context.Context, out []assessment.Answer, query string, args ...any) ([]assessment.Answer, error) {
	rows, err := s.rsql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
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
