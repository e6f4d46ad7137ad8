package assessment

import (
	"context"
)

// ChangeRole makes a user of the admin's workspace a consultant or an admin.
// It applies to the user's live sessions at once (every request reads the
// role from the user). Demoting the workspace's last admin is Conflict.
func (s *Service) ChangeRole(ctx context.Context, admin User, userID string, role Role) (User, error) {
	if err := adminOnly(admin, "changes roles"); err != nil {
		return User{}, err
	}
	if role != RoleConsultant && role != RoleAdmin {
		return User{}, FieldError("role", "must be consultant or admin")
	}
	u, err := s.store.SetRole(ctx, admin.WorkspaceID, userID, role, s.auditOf(ctx, admin, AuditUserRoleChanged, target("user", userID)))
	if KindOf(err) == Conflict {
		return User{}, &Error{Kind: Conflict, Field: "role", Message: "the workspace needs an admin: make another user admin first"}
	}
	return u, err
}

// RemoveUser removes a user of the admin's workspace: they can no longer
// sign in and their sessions and API tokens end at once; the organisations
// and assessments they worked on belong to the workspace and stay; their
// email may be invited again. Removing the workspace's last admin is
// Conflict.
func (s *Service) RemoveUser(ctx context.Context, admin User, userID string) error {
	if err := adminOnly(admin, "removes users"); err != nil {
		return err
	}
	err := s.store.RemoveUser(ctx, admin.WorkspaceID, userID, s.auditOf(ctx, admin, AuditUserRemoved, target("user", userID)))
	if KindOf(err) == Conflict {
		return Errorf(Conflict, "the workspace needs an admin: make another user admin first")
	}
	return err
}
