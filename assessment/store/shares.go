package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

var _ assessment.ShareStore = (*Store)(nil)

type shareRow struct {
	ID           string     `gorm:"column:id;primaryKey"`
	WorkspaceID  string     `gorm:"column:workspace_id"`
	AssessmentID string     `gorm:"column:assessment_id"`
	TokenHash    []byte     `gorm:"column:token_hash"`
	Texts        bool       `gorm:"column:texts"`
	CreatedAt    time.Time  `gorm:"column:created_at"`
	ExpiresAt    time.Time  `gorm:"column:expires_at"`
	RevokedAt    *time.Time `gorm:"column:revoked_at"`
	LastOpenedAt *time.Time `gorm:"column:last_opened_at"`
}

func (shareRow) TableName() string { return "shares" }

func (r *shareRow) share() assessment.Share {
	sh := assessment.Share{ID: r.ID, WorkspaceID: r.WorkspaceID, AssessmentID: r.AssessmentID, Texts: r.Texts,
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
	if r.LastOpenedAt != nil {
		t := r.LastOpenedAt.UTC()
		sh.LastOpenedAt = &t
	}
	return sh
}

// shareColumns are what a share's domain value needs: never the token hash.
const shareColumns = "id, workspace_id, assessment_id, texts, created_at, expires_at, revoked_at, last_opened_at"

// CreateShare stores a share of an assessment of the workspace.
func (s *Store) CreateShare(ctx context.Context, sh assessment.Share, tokenHash []byte, e assessment.AuditEntry) (assessment.Share, error) {
	row := shareRow{ID: newID(), WorkspaceID: sh.WorkspaceID, AssessmentID: sh.AssessmentID, TokenHash: tokenHash,
		Texts: sh.Texts, CreatedAt: ts(sh.CreatedAt), ExpiresAt: ts(sh.ExpiresAt)}
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&assessmentRow{}).Scopes(inWorkspace(sh.WorkspaceID)).Where("id = ?", sh.AssessmentID).
			Count(&n).Error; err != nil {
			return fmt.Errorf("check assessment %s: %w", sh.AssessmentID, err)
		}
		if n == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create share: %w", err)
		}
		if e.Target == "" {
			e.Target = "assessment:" + row.AssessmentID + "/share:" + row.ID
		}
		return appendAudit(tx, e)
	})
	if err != nil {
		return assessment.Share{}, translate(err)
	}
	return row.share(), nil
}

// Shares lists the live shares of an assessment of the workspace.
func (s *Store) Shares(ctx context.Context, workspaceID, assessmentID string, now time.Time) ([]assessment.Share, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	var rows []shareRow
	err := s.r.WithContext(ctx).Select(shareColumns).Scopes(inWorkspace(workspaceID)).
		Where("assessment_id = ? AND revoked_at IS NULL AND expires_at > ?", assessmentID, ts(now)).
		Order("created_at, id").Find(&rows).Error
	if err != nil {
		return nil, translate(fmt.Errorf("shares of %s: %w", assessmentID, err))
	}
	out := make([]assessment.Share, len(rows))
	for i := range rows {
		out[i] = rows[i].share()
	}
	return out, nil
}

// RevokeShare ends an unrevoked share of an assessment of the workspace.
func (s *Store) RevokeShare(ctx context.Context, workspaceID, assessmentID, id string, at time.Time, e assessment.AuditEntry) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&shareRow{}).Scopes(inWorkspace(workspaceID)).
			Where("id = ? AND assessment_id = ? AND revoked_at IS NULL", id, assessmentID).Update("revoked_at", ts(at))
		if res.Error != nil {
			return fmt.Errorf("revoke share %s: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		return appendAudit(tx, e)
	})
	return translate(err)
}

// OpenShare finds a live share by its token hash and stamps its opening, in
// one statement.
func (s *Store) OpenShare(ctx context.Context, tokenHash []byte, now time.Time) (assessment.Share, error) {
	var row shareRow
	err := s.w.WithContext(ctx).Raw(`UPDATE shares SET last_opened_at = ?
WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ? RETURNING `+shareColumns, ts(now), tokenHash, ts(now)).
		Scan(&row).Error
	if err != nil {
		return assessment.Share{}, translate(fmt.Errorf("open share: %w", err))
	}
	if row.ID == "" {
		return assessment.Share{}, assessment.Errorf(assessment.NotFound, "not found")
	}
	return row.share(), nil
}
