package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/readiness/readiness/assessment"
)

type notesRow struct {
	AssessmentID string    `gorm:"column:assessment_id;primaryKey"`
	WorkspaceID  string    `gorm:"column:workspace_id"`
	Summary      string    `gorm:"column:summary"`
	Capabilities string    `gorm:"column:capabilities"` // JSON object
	UpdatedAt    time.Time `gorm:"column:updated_at"`
}

func (notesRow) TableName() string { return "assessment_notes" }

// Workspace returns one workspace.
func (s *Store) Workspace(ctx context.Context, id string) (assessment.Workspace, error) {
	var row workspaceRow
	if err := s.r.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return assessment.Workspace{}, translate(fmt.Errorf("workspace %s: %w", id, err))
	}
	return assessment.Workspace{ID: row.ID, Name: row.Name}, nil
}

// Notes returns an assessment's notes, empty ones when none were saved.
func (s *Store) Notes(ctx context.Context, workspaceID, assessmentID string) (assessment.Notes, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return assessment.Notes{}, err
	}
	var row notesRow
	err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Where("assessment_id = ?", assessmentID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return assessment.Notes{AssessmentID: assessmentID, Capabilities: map[string]string{}}, nil
	}
	if err != nil {
		return assessment.Notes{}, translate(fmt.Errorf("notes of assessment %s: %w", assessmentID, err))
	}
	n := assessment.Notes{AssessmentID: assessmentID, Summary: row.Summary, UpdatedAt: row.UpdatedAt.UTC()}
	if err := json.Unmarshal([]byte(row.Capabilities), &n.Capabilities); err != nil {
		return assessment.Notes{}, fmt.Errorf("decode notes of assessment %s: %w", assessmentID, err)
	}
	if n.Capabilities == nil {
		n.Capabilities = map[string]string{}
	}
	return n, nil
}

// SaveNotes replaces an assessment's notes in one statement: an upsert, so
// that two saves at once leave one of them whole.
func (s *Store) SaveNotes(ctx context.Context, workspaceID string, n assessment.Notes) (assessment.Notes, error) {
	if err := s.checkAssessment(ctx, workspaceID, n.AssessmentID); err != nil {
		return assessment.Notes{}, err
	}
	if n.Capabilities == nil {
		n.Capabilities = map[string]string{}
	}
	caps, err := json.Marshal(n.Capabilities)
	if err != nil {
		return assessment.Notes{}, fmt.Errorf("encode notes: %w", err)
	}
	n.UpdatedAt = ts(n.UpdatedAt)
	row := notesRow{AssessmentID: n.AssessmentID, WorkspaceID: workspaceID, Summary: n.Summary, Capabilities: string(caps), UpdatedAt: n.UpdatedAt}
	err = s.w.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "assessment_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"summary", "capabilities", "updated_at"}),
	}).Create(&row).Error
	if err != nil {
		return assessment.Notes{}, translate(fmt.Errorf("save notes of assessment %s: %w", n.AssessmentID, err))
	}
	return n, nil
}
