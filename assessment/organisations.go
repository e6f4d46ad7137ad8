package assessment

import (
	"context"
	"strings"
)

// CreateOrganisation adds a client to the user's workspace.
func (s *Service) CreateOrganisation(ctx context.Context, u User, name, industry string) (Organisation, error) {
	name, industry = strings.TrimSpace(name), strings.TrimSpace(industry)
	if err := checkLength("name", name, 1, 200); err != nil {
		return Organisation{}, err
	}
	if err := checkLength("industry", industry, 0, 200); err != nil {
		return Organisation{}, err
	}
	return s.store.CreateOrganisation(ctx, Organisation{WorkspaceID: u.WorkspaceID, Name: name, Industry: industry, CreatedAt: s.Now()})
}

// Organisation returns one client of the user's workspace.
func (s *Service) Organisation(ctx context.Context, u User, id string) (Organisation, error) {
	return s.store.Organisation(ctx, u.WorkspaceID, id)
}

// Organisations lists the clients of the user's workspace.
func (s *Service) Organisations(ctx context.Context, u User) ([]Organisation, error) {
	return s.store.Organisations(ctx, u.WorkspaceID)
}
