package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

// AddWorkspaceUser creates a user in an existing workspace; a duplicate
// email is Conflict, an unknown workspace NotFound.
func (s *Store) AddWorkspaceUser(ctx context.Context, workspaceID string, u assessment.User) (assessment.User, error) {
	u = newUser(u, s.clock())
	u.WorkspaceID = workspaceID
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&workspaceRow{}).Where("id = ?", workspaceID).Count(&n).Error; err != nil {
			return fmt.Errorf("find workspace: %w", err)
		}
		if n == 0 {
			return assessment.Errorf(assessment.NotFound, "no such workspace")
		}
		return createUser(tx, u)
	})
	if err != nil {
		return assessment.User{}, translate(err)
	}
	return u, nil
}

// Users lists the users of one workspace, oldest first.
func (s *Store) Users(ctx context.Context, workspaceID string) ([]assessment.User, error) {
	var rows []userRow
	if err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, translate(fmt.Errorf("users: %w", err))
	}
	out := make([]assessment.User, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].user())
	}
	return out, nil
}
