package assessment

import "context"

// Since compares assessment id with the latest assessment of the same
// organisation created before it: what changed since last time. It is nil,
// without error, when there is no earlier one.
func (s *Service) Since(ctx context.Context, u User, id string) (*Comparison, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	as, err := s.store.OrganisationAssessments(ctx, u.WorkspaceID, a.OrganisationID)
	if err != nil {
		return nil, err
	}
	var prev *Assessment
	for i := range as { // oldest first: the last one before a wins
		if as[i].ID != a.ID && as[i].CreatedAt.Before(a.CreatedAt) {
			prev = &as[i]
		}
	}
	if prev == nil {
		return nil, nil
	}
	return s.Compare(ctx, u, a.ID, prev.ID)
}

// CapabilityTitle is the title of capability id on either side, or id
// itself if neither side has it.
func (c *Comparison) CapabilityTitle(id string) string {
	for _, cc := range c.Capabilities {
		if cc.ID == id {
			return cc.Title
		}
	}
	return id
}

// CapabilityTitles maps ids to their titles, in order.
func (c *Comparison) CapabilityTitles(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, c.CapabilityTitle(id))
	}
	return out
}

// StagesReached are the titles of the stages reached now and not before
// (including stages new to the questionnaire that are reached); StagesLost
// those reached before and not now.
func (c *Comparison) StagesReached() []string {
	var out []string
	for _, st := range c.Stages {
		if st.ReachedTo != nil && *st.ReachedTo && (st.ReachedFrom == nil || !*st.ReachedFrom) {
			out = append(out, st.Title)
		}
	}
	return out
}

// StagesLost are the titles of the stages reached before and not now.
func (c *Comparison) StagesLost() []string {
	var out []string
	for _, st := range c.Stages {
		if st.ReachedFrom != nil && *st.ReachedFrom && (st.ReachedTo == nil || !*st.ReachedTo) {
			out = append(out, st.Title)
		}
	}
	return out
}
