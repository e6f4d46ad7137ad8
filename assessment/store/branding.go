package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/readiness/readiness/assessment"
)

var _ assessment.BrandingStore = (*Store)(nil)

type logoRow struct {
	WorkspaceID string    `gorm:"column:workspace_id;primaryKey"`
	PNG         []byte    `gorm:"column:png"`
	UpdatedAt   time.Time `gorm:"column:updated_at"`
}

func (logoRow) TableName() string { return "workspace_logos" }

type brandingRow struct {
	Name    string `gorm:"column:name"`
	Accent  string `gorm:"column:accent"`
	HasLogo bool   `gorm:"column:has_logo"`
}

// Branding returns a workspace's name, accent and whether it has a logo,
// without reading the logo itself.
func (s *Store) Branding(ctx context.Context, workspaceID string) (assessment.Branding, error) {
	return branding(s.r.WithContext(ctx), workspaceID)
}

func branding(db *gorm.DB, workspaceID string) (assessment.Branding, error) {
	var row brandingRow
	err := db.Table("workspaces w").
		Select("w.name, w.accent, EXISTS (SELECT 1 FROM workspace_logos l WHERE l.workspace_id = w.id) AS has_logo").
		Where("w.id = ?", workspaceID).Take(&row).Error
	if err != nil {
		return assessment.Branding{}, translate(fmt.Errorf("branding of %s: %w", workspaceID, err))
	}
	return assessment.Branding{Name: row.Name, Accent: row.Accent, HasLogo: row.HasLogo}, nil
}

// UpdateBranding stores a workspace's name and accent; a name another
// workspace has is Conflict.
func (s *Store) UpdateBranding(ctx context.Context, workspaceID, name, accent string, e assessment.AuditEntry) (assessment.Branding, error) {
	var b assessment.Branding
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Table("workspaces").Where("id = ?", workspaceID).Updates(map[string]any{"name": name, "accent": accent})
		if res.Error != nil {
			if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
				return assessment.Errorf(assessment.Conflict, "another workspace has this name")
			}
			return fmt.Errorf("update workspace %s: %w", workspaceID, res.Error)
		}
		if res.RowsAffected == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		if err := appendAudit(tx, e); err != nil {
			return err
		}
		var err error
		b, err = branding(tx, workspaceID)
		return err
	})
	if err != nil {
		return assessment.Branding{}, translate(err)
	}
	return b, nil
}

// SetLogo stores or replaces a workspace's logo.
func (s *Store) SetLogo(ctx context.Context, workspaceID string, png []byte, at time.Time, e assessment.AuditEntry) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := logoRow{WorkspaceID: workspaceID, PNG: png, UpdatedAt: ts(at)}
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "workspace_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"png", "updated_at"})}).Create(&row).Error; err != nil {
			return fmt.Errorf("store logo of %s: %w", workspaceID, err)
		}
		return appendAudit(tx, e)
	})
	return translate(err)
}

// DeleteLogo removes a workspace's logo, if it has one.
func (s *Store) DeleteLogo(ctx context.Context, workspaceID string, e assessment.AuditEntry) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("workspace_id = ?", workspaceID).Delete(&logoRow{})
		if res.Error != nil {
			return fmt.Errorf("delete logo of %s: %w", workspaceID, res.Error)
		}
		if res.RowsAffected == 0 {
			return nil // nothing changed: nothing to audit
		}
		return appendAudit(tx, e)
	})
	return translate(err)
}

// Logo returns a workspace's logo.
func (s *Store) Logo(ctx context.Context, workspaceID string) ([]byte, error) {
	var row logoRow
	if err := s.r.WithContext(ctx).Where("workspace_id = ?", workspaceID).Take(&row).Error; err != nil {
		return nil, translate(fmt.Errorf("logo of %s: %w", workspaceID, err))
	}
	return row.PNG, nil
}
