package assessment

import (
	"context"
)

// The admin role: an admin manages the users of their own workspace (lists
// them, adds consultants and admins) besides doing all a consultant does.
// readiness user add makes the first user of a workspace from the command
// line; admins make the rest.

func requireAdmin(u User) error {
	if u.Role != RoleAdmin {
		return Errorf(Forbidden, "only an admin of the workspace manages its users")
	}
	return nil
}

// WorkspaceUsers lists the users of the admin's workspace, oldest first.
func (s *Service) WorkspaceUsers(ctx context.Context, admin User) ([]User, error) {
	if err := requireAdmin(admin); err != nil {
		return nil, err
	}
	return s.store.Users(ctx, admin.WorkspaceID)
}

// AddWorkspaceUser creates a user in the admin's own workspace; n.Workspace
// is ignored. The rules are those of AddUser.
func (s *Service) AddWorkspaceUser(ctx context.Context, admin User, n NewUser) (User, error) {
	if err := requireAdmin(admin); err != nil {
		return User{}, err
	}
	n.Workspace = admin.WorkspaceID // only to pass Validate: the user joins the admin's workspace
	u, err := s.newUser(ctx, n)
	if err != nil {
		return User{}, err
	}
	added, err := s.store.AddWorkspaceUser(ctx, admin.WorkspaceID, u)
	if err != nil {
		return User{}, emailTaken(err, u.Email)
	}
	return added, s.audit(ctx, admin, AuditUserAdded, target("user", added.ID))
}
