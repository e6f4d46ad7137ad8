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

// OrganisationUpdate holds the fields a PATCH may change; nil keeps a field.
type OrganisationUpdate struct {
	Name     *string
	Industry *string
}

// UpdateOrganisation renames an organisation of the user's workspace or
// changes its industry.
func (s *Service) UpdateOrganisation(ctx context.Context, u User, id string, up OrganisationUpdate) (Organisation, error) {
	o, err := s.store.Organisation(ctx, u.WorkspaceID, id)
	if err != nil {
		return Organisation{}, err
	}
	if up.Name != nil {
		o.Name = strings.TrimSpace(*up.Name)
		if err := checkLength("name", o.Name, 1, 200); err != nil {
			return Organisation{}, err
		}
	}
	if up.Industry != nil {
		o.Industry = strings.TrimSpace(*up.Industry)
		if err := checkLength("industry", o.Industry, 0, 200); err != nil {
			return Organisation{}, err
		}
	}
	return s.store.UpdateOrganisation(ctx, o)
}

// DeleteOrganisation removes an organisation of the user's workspace with all
// its assessments and everything in them.
func (s *Service) DeleteOrganisation(ctx context.Context, u User, id string) error {
	if err := s.store.DeleteOrganisation(ctx, u.WorkspaceID, id); err != nil {
		return err
	}
	return s.audit(ctx, u, AuditOrganisationDelete, target("organisation", id))
}
