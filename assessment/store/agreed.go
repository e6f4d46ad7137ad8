package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/readiness/readiness/assessment"
)

type agreedRow struct {
	AssessmentID string    `gorm:"column:assessment_id;primaryKey"`
	QuestionID   string    `gorm:"column:question_id;primaryKey"`
	Option       string    `gorm:"column:option"`
	Options      *string   `gorm:"column:options"` // JSON array; NULL unless multi
	Value        *float64  `gorm:"column:value"`
	Text         string    `gorm:"column:text"`
	Rationale    string    `gorm:"column:rationale"`
	AgreedAt     time.Time `gorm:"column:agreed_at"`
}

func (agreedRow) TableName() string { return "agreed_answers" }

func (r *agreedRow) agreed() (assessment.AgreedAnswer, error) {
	a := assessment.Answer{QuestionID: r.QuestionID, Option: r.Option, Value: r.Value, Text: r.Text, UpdatedAt: r.AgreedAt.UTC()}
	if r.Options != nil {
		if err := json.Unmarshal([]byte(*r.Options), &a.Options); err != nil {
			return assessment.AgreedAnswer{}, fmt.Errorf("decode options of agreed %s/%s: %w", r.AssessmentID, r.QuestionID, err)
		}
	}
	return assessment.AgreedAnswer{Answer: a, Rationale: r.Rationale, AgreedAt: r.AgreedAt.UTC()}, nil
}

// SaveAgreed inserts or replaces the agreed answer to one question of an
// assessment of the workspace, and records events in the same transaction.
func (s *Store) SaveAgreed(ctx context.Context, workspaceID, assessmentID string, a assessment.AgreedAnswer, events ...assessment.Event) (assessment.AgreedAnswer, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return assessment.AgreedAnswer{}, err
	}
	if a.AgreedAt.IsZero() {
		a.AgreedAt = s.now()
	}
	a.AgreedAt = ts(a.AgreedAt)
	a.Answer.UpdatedAt = a.AgreedAt
	row := agreedRow{AssessmentID: assessmentID, QuestionID: a.Answer.QuestionID, Option: a.Answer.Option,
		Value: a.Answer.Value, Text: a.Answer.Text, Rationale: a.Rationale, AgreedAt: a.AgreedAt}
	if a.Answer.Options != nil {
		b, err := json.Marshal(a.Answer.Options)
		if err != nil {
			return assessment.AgreedAnswer{}, fmt.Errorf("encode options: %w", err)
		}
		o := string(b)
		row.Options = &o
	}
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "assessment_id"}, {Name: "question_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"option", "options", "value", "text", "rationale", "agreed_at"}),
		}).Create(&row).Error
		if err != nil {
			return err
		}
		return s.writeEvents(tx, events, a.AgreedAt)
	})
	if err != nil {
		return assessment.AgreedAnswer{}, translate(fmt.Errorf("save agreed answer %s/%s: %w", assessmentID, a.Answer.QuestionID, err))
	}
	s.events.committed(events)
	return a, nil
}

// DeleteAgreed removes the agreed answer to one question, if recorded, and
// records events in the same transaction.
func (s *Store) DeleteAgreed(ctx context.Context, workspaceID, assessmentID, questionID string, events ...assessment.Event) error {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return err
	}
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("assessment_id = ? AND question_id = ?", assessmentID, questionID).Delete(&agreedRow{}).Error; err != nil {
			return err
		}
		return s.writeEvents(tx, events, s.clock())
	})
	if err != nil {
		return translate(fmt.Errorf("delete agreed answer %s/%s: %w", assessmentID, questionID, err))
	}
	s.events.committed(events)
	return nil
}

// AgreedAnswers lists the agreed answers of an assessment of the workspace by question ID.
func (s *Store) AgreedAnswers(ctx context.Context, workspaceID, assessmentID string) ([]assessment.AgreedAnswer, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	var rows []agreedRow
	if err := s.r.WithContext(ctx).Where("assessment_id = ?", assessmentID).Order("question_id").Find(&rows).Error; err != nil {
		return nil, translate(fmt.Errorf("agreed answers of %s: %w", assessmentID, err))
	}
	out := make([]assessment.AgreedAnswer, len(rows))
	for i := range rows {
		var err error
		if out[i], err = rows[i].agreed(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
