package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

var _ assessment.AuditStore = (*Store)(nil)

type auditRow struct {
	ID          int64     `gorm:"column:id;primaryKey;autoIncrement"`
	WorkspaceID *string   `gorm:"column:workspace_id"` // NULL: an unknown email's failed sign-in
	At          time.Time `gorm:"column:at"`
	Actor       string    `gorm:"column:actor"`
	Action      string    `gorm:"column:action"`
	Target      string    `gorm:"column:target"`
	RequestID   string    `gorm:"column:request_id"`
}

func (auditRow) TableName() string { return "audit_log" }

func (r *auditRow) entry() assessment.AuditEntry {
	e := assessment.AuditEntry{ID: r.ID, At: r.At.UTC(), Actor: r.Actor, Action: r.Action, Target: r.Target, RequestID: r.RequestID}
	if r.WorkspaceID != nil {
		e.WorkspaceID = *r.WorkspaceID
	}
	return e
}

// appendAudit writes e inside tx, so that an entry exists exactly when its
// change does.
func appendAudit(tx *gorm.DB, e assessment.AuditEntry) error {
	row := auditRow{At: ts(e.At), Actor: e.Actor, Action: e.Action, Target: e.Target, RequestID: e.RequestID}
	if e.WorkspaceID != "" {
		row.WorkspaceID = &e.WorkspaceID
	}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AppendAudit adds one entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e assessment.AuditEntry) error {
	return translate(appendAudit(s.w.WithContext(ctx), e))
}

// Audit lists a workspace's newest entries first. Ids grow with every entry
// (never reused), so they order entries even when two share a time.
func (s *Store) Audit(ctx context.Context, workspaceID string, limit int) ([]assessment.AuditEntry, error) {
	var rows []auditRow
	if err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(fmt.Errorf("audit log: %w", err))
	}
	out := make([]assessment.AuditEntry, len(rows))
	for i := range rows {
		out[i] = rows[i].entry()
	}
	return out, nil
}
