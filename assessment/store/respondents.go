package store

import (
	"context"
	"fmt"
	"time"

	"github.com/readiness/readiness/assessment"
)

type respondentRow struct {
	ID           string     `gorm:"column:id;primaryKey"`
	AssessmentID string     `gorm:"column:assessment_id"`
	WorkspaceID  string     `gorm:"column:workspace_id"`
	Name         string     `gorm:"column:name"`
	Role         string     `gorm:"column:role"`
	TokenHash    []byte     `gorm:"column:token_hash"`
	CreatedAt    time.Time  `gorm:"column:created_at"`
	SubmittedAt  *time.Time `gorm:"column:submitted_at"`
}

func (respondentRow) TableName() string { return "respondents" }

func (r *respondentRow) respondent() assessment.Respondent {
	return assessment.Respondent{ID: r.ID, AssessmentID: r.AssessmentID, Name: r.Name, Role: r.Role,
		CreatedAt: r.CreatedAt.UTC(), SubmittedAt: utcPtr(r.SubmittedAt)}
}

// AddRespondent stores r with its token hash. The insert itself requires the
// assessment to be open, so a close cannot slip between a check and the
// write: NotFound if there is no such assessment, Conflict if it is closed.
func (s *Store) AddRespondent(ctx context.Context, r assessment.Respondent, tokenHash []byte) (assessment.Respondent, error) {
	r.ID = newID()
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	r.CreatedAt, r.SubmittedAt = ts(r.CreatedAt), nil
	res := s.w.WithContext(ctx).Exec(s.q.addRespondent, r.ID, r.Name, r.Role, tokenHash, r.CreatedAt, r.AssessmentID)
	if res.Error != nil {
		return assessment.Respondent{}, translate(fmt.Errorf("add respondent: %w", res.Error))
	}
	if res.RowsAffected == 0 {
		var n int64
		if err := s.r.WithContext(ctx).Model(&assessmentRow{}).Where("id = ?", r.AssessmentID).Count(&n).Error; err != nil {
			return assessment.Respondent{}, fmt.Errorf("add respondent: check assessment: %w", err)
		}
		if n == 0 {
			return assessment.Respondent{}, assessment.Errorf(assessment.NotFound, "not found")
		}
		return assessment.Respondent{}, assessment.Errorf(assessment.Conflict, "the assessment is closed")
	}
	return r, nil
}

// Respondent returns one respondent of the workspace.
func (s *Store) Respondent(ctx context.Context, workspaceID, id string) (assessment.Respondent, error) {
	var row respondentRow
	if err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Take(&row).Error; err != nil {
		return assessment.Respondent{}, translate(fmt.Errorf("respondent %s: %w", id, err))
	}
	return row.respondent(), nil
}

// Respondents lists an assessment's respondents in the order they joined;
// NotFound if the assessment is not in the workspace.
func (s *Store) Respondents(ctx context.Context, workspaceID, assessmentID string) ([]assessment.Respondent, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	var rows []respondentRow
	err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Where("assessment_id = ?", assessmentID).
		Order("created_at, id").Find(&rows).Error
	if err != nil {
		return nil, translate(fmt.Errorf("list respondents of %s: %w", assessmentID, err))
	}
	out := make([]assessment.Respondent, len(rows))
	for i := range rows {
		out[i] = rows[i].respondent()
	}
	return out, nil
}

// checkAssessment reports NotFound unless the assessment is in the workspace.
func (s *Store) checkAssessment(ctx context.Context, workspaceID, assessmentID string) error {
	var n int64
	err := s.r.WithContext(ctx).Model(&assessmentRow{}).Scopes(inWorkspace(workspaceID)).
		Where("id = ?", assessmentID).Count(&n).Error
	if err != nil {
		return fmt.Errorf("check assessment %s: %w", assessmentID, err)
	}
	if n == 0 {
		return assessment.Errorf(assessment.NotFound, "not found")
	}
	return nil
}

// RotateToken replaces a respondent's token hash.
func (s *Store) RotateToken(ctx context.Context, workspaceID, respondentID string, tokenHash []byte) error {
	res := s.w.WithContext(ctx).Model(&respondentRow{}).Scopes(inWorkspace(workspaceID)).
		Where("id = ?", respondentID).Update("token_hash", tokenHash)
	if res.Error != nil {
		return translate(fmt.Errorf("rotate token of %s: %w", respondentID, res.Error))
	}
	if res.RowsAffected == 0 {
		return assessment.Errorf(assessment.NotFound, "not found")
	}
	return nil
}

// RespondentByToken finds a respondent and its assessment by token hash.
func (s *Store) RespondentByToken(ctx context.Context, tokenHash []byte) (assessment.Respondent, assessment.Assessment, error) {
	var row respondentRow
	if err := s.r.WithContext(ctx).Where("token_hash = ?", tokenHash).Take(&row).Error; err != nil {
		return assessment.Respondent{}, assessment.Assessment{}, translate(fmt.Errorf("respondent by token: %w", err))
	}
	a, err := s.Assessment(ctx, row.WorkspaceID, row.AssessmentID)
	if err != nil {
		return assessment.Respondent{}, assessment.Assessment{}, err
	}
	return row.respondent(), a, nil
}
