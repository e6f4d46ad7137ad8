package store

import (
	"context"
)

// AssessmentWorkspace finds the workspace an assessment belongs to. It is for
// the operator's offline tools (readiness report), who hold the database
// itself; nothing reachable over HTTP may call it.
func (s *Store) AssessmentWorkspace(ctx context.Context, id string) (string, error) {
	var row assessmentRow
	err := s.r.WithContext(ctx).Select("workspace_id").Where("id = ?", id).Take(&row).Error
	if err != nil {
		return "", translate(err)
	}
	return row.WorkspaceID, nil
}
