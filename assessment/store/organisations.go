package store

import (
	"context"
	"fmt"
	"time"

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
