package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/readiness/readiness/assessment"
)

type answerRow struct {
	RespondentID string    `gorm:"column:respondent_id;primaryKey"`
	QuestionID   string    `gorm:"column:question_id;primaryKey"`
	AssessmentID string    `gorm:"column:assessment_id"`
	Option       string    `gorm:"column:option"`
	Options      *string   `gorm:"column:options"` // JSON array; NULL unless multi
	Value        *float64  `gorm:"column:value"`
	Text         string    `gorm:"column:text"`
	Comment      string    `gorm:"column:comment"`
	UpdatedAt    time.Time `gorm:"column:updated_at"`
}

func (answerRow) TableName() string { return "answers" }

func (r *answerRow) answer() (assessment.Answer, error) {
	a := assessment.Answer{RespondentID: r.RespondentID, QuestionID: r.QuestionID, Option: r.Option,
		Value: r.Value, Text: r.Text, Comment: r.Comment, UpdatedAt: r.UpdatedAt.UTC()}
	if r.Options != nil {
		// "[]" decodes to an empty, non-nil slice: "none of these" stays an answer.
		if err := json.Unmarshal([]byte(*r.Options), &a.Options); err != nil {
			return assessment.Answer{}, fmt.Errorf("decode options of %s/%s: %w", r.RespondentID, r.QuestionID, err)
		}
	}
	return a, nil
}

func answers(rows []answerRow) ([]assessment.Answer, error) {
	out := make([]assessment.Answer, len(rows))
	for i := range rows {
		var err error
		if out[i], err = rows[i].answer(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SaveAnswer inserts or replaces one answer in a single statement that also
// requires the respondent not to have submitted and the assessment to be
// open. It returns after the commit: on SQLite with synchronous=FULL the
// answer is then on disk. On SQLite the statement runs in a transaction
// shared with the answers saved at the same moment (see answerWriter); if ctx
// ends before that transaction takes the answer, it is not saved and the
// error is ctx's.
func (s *Store) SaveAnswer(ctx context.Context, a assessment.Answer) (assessment.Answer, error) {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.now()
	}
	a.UpdatedAt = ts(a.UpdatedAt)
	var options *string
	if a.Options != nil {
		b, err := json.Marshal(a.Options)
		if err != nil {
			return assessment.Answer{}, fmt.Errorf("encode options: %w", err)
		}
		o := string(b)
		options = &o
	}
	var changed bool
	var err error
	if s.writer != nil {
		changed, err = s.writer.save(ctx, saveArgs(a, options))
	} else {
		res := s.w.WithContext(ctx).Exec(s.q.saveAnswer, saveArgs(a, options)...)
		changed, err = res.RowsAffected > 0, res.Error
	}
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
	var rows []answerRow
	if err := s.r.WithContext(ctx).Where("respondent_id = ?", respondentID).Order("question_id").Find(&rows).Error; err != nil {
		return nil, translate(fmt.Errorf("answers of %s: %w", respondentID, err))
	}
	return answers(rows)
}

// AssessmentAnswers returns every answer to an assessment of the workspace,
// ordered by respondent, then question; NotFound if the assessment is not in
// the workspace.
func (s *Store) AssessmentAnswers(ctx context.Context, workspaceID, assessmentID string) ([]assessment.Answer, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	var rows []answerRow
	err := s.r.WithContext(ctx).Where("assessment_id = ?", assessmentID).
		Order("respondent_id, question_id").Find(&rows).Error
	if err != nil {
		return nil, translate(fmt.Errorf("answers of assessment %s: %w", assessmentID, err))
	}
	return answers(rows)
}

// Submit marks the respondent submitted, once, while the assessment is open.
func (s *Store) Submit(ctx context.Context, respondentID string, at time.Time) error {
	res := s.w.WithContext(ctx).Exec(s.q.submit, ts(at), respondentID)
	if res.Error != nil {
		return translate(fmt.Errorf("submit %s: %w", respondentID, res.Error))
	}
	if res.RowsAffected == 0 {
		return s.whyClosed(ctx, respondentID)
	}
	return nil
}
