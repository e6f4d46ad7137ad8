package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

type organisationRow struct {
	ID          string    `gorm:"column:id;primaryKey"`
	WorkspaceID string    `gorm:"column:workspace_id"`
	Name        string    `gorm:"column:name"`
	Industry    string    `gorm:"column:industry"`
	CreatedAt   time.Time `gorm:"column:created_at"`
}

func (organisationRow) TableName() string { return "organisations" }

func (r *organisationRow) organisation() assessment.Organisation {
	return assessment.Organisation{ID: r.ID, WorkspaceID: r.WorkspaceID, Name: r.Name,
		Industry: r.Industry, CreatedAt: r.CreatedAt.UTC()}
}

// CreateOrganisation stores o under a new ID; NotFound if its workspace is unknown.
func (s *Store) CreateOrganisation(ctx context.Context, o assessment.Organisation) (assessment.Organisation, error) {
	o.ID = newID()
	if o.CreatedAt.IsZero() {
		o.CreatedAt = s.now()
	}
	o.CreatedAt = ts(o.CreatedAt)
	row := organisationRow{ID: o.ID, WorkspaceID: o.WorkspaceID, Name: o.Name, Industry: o.Industry, CreatedAt: o.CreatedAt}
	if err := s.w.WithContext(ctx).Create(&row).Error; err != nil {
		return assessment.Organisation{}, translate(fmt.Errorf("create organisation: %w", err))
	}
	return o, nil
}

// Organisation returns one organisation of the workspace.
func (s *Store) Organisation(ctx context.Context, workspaceID, id string) (assessment.Organisation, error) {
	var row organisationRow
	if err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Take(&row).Error; err != nil {
		return assessment.Organisation{}, translate(fmt.Errorf("organisation %s: %w", id, err))
	}
	return row.organisation(), nil
}

// Organisations lists the workspace's organisations, oldest first.
func (s *Store) Organisations(ctx context.Context, workspaceID string) ([]assessment.Organisation, error) {
	var rows []organisationRow
	if err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, translate(fmt.Errorf("list organisations: %w", err))
	}
	out := make([]assessment.Organisation, len(rows))
	for i := range rows {
		out[i] = rows[i].organisation()
	}
	return out, nil
}

// UpdateOrganisation stores o's name and industry.
func (s *Store) UpdateOrganisation(ctx context.Context, o assessment.Organisation) (assessment.Organisation, error) {
	res := s.w.WithContext(ctx).Model(&organisationRow{}).Scopes(inWorkspace(o.WorkspaceID)).Where("id = ?", o.ID).
		Updates(map[string]any{"name": o.Name, "industry": o.Industry})
	if res.Error != nil {
		return assessment.Organisation{}, translate(fmt.Errorf("update organisation %s: %w", o.ID, res.Error))
	}
	if res.RowsAffected == 0 {
		return assessment.Organisation{}, assessment.Errorf(assessment.NotFound, "not found")
	}
	return s.Organisation(ctx, o.WorkspaceID, o.ID)
}

// DeleteOrganisation removes an organisation, its assessments and everything
// in them, all or nothing.
func (s *Store) DeleteOrganisation(ctx context.Context, workspaceID, id string) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []string
		if err := tx.Model(&assessmentRow{}).Scopes(inWorkspace(workspaceID)).
			Where("organisation_id = ?", id).Pluck("id", &ids).Error; err != nil {
			return fmt.Errorf("assessments of organisation %s: %w", id, err)
		}
		if err := deleteAssessments(tx, workspaceID, ids); err != nil {
			return err
		}
		res := tx.Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Delete(&organisationRow{})
		if res.Error != nil {
			return fmt.Errorf("delete organisation %s: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		return nil
	})
	return translate(err)
}

// OrganisationAssessments lists an organisation's assessments, oldest first,
// with their respondent counts, in one query after the workspace check.
func (s *Store) OrganisationAssessments(ctx context.Context, workspaceID, organisationID string) ([]assessment.Assessment, error) {
	if _, err := s.Organisation(ctx, workspaceID, organisationID); err != nil {
		return nil, err
	}
	var rows []assessmentCounts
	err := s.r.WithContext(ctx).Table("assessments").Select(assessmentColumns).Scopes(inWorkspace(workspaceID)).
		Where("assessments.organisation_id = ?", organisationID).
		Order("assessments.created_at, assessments.id").Find(&rows).Error
	if err != nil {
		return nil, translate(fmt.Errorf("list assessments of organisation %s: %w", organisationID, err))
	}
	out := make([]assessment.Assessment, len(rows))
	for i := range rows {
		out[i] = rows[i].assessment()
	}
	return out, nil
}
