package assessment

import (
	"context"
	"fmt"
)

// Welcome is what a respondent reads before the first question: who asks
// and why, how much they are asked, and who sees what they write.
type Welcome struct {
	*Response
	// Consultancy is the name of the workspace that asks; Organisation the
	// client's, whose practices are assessed.
	Consultancy  string
	Organisation string
	// Note is the consultant's welcome note, if any.
	Note string
	// Estimate is how much this respondent is asked: their perspective's
	// questions in the assessment's scope and form.
	Estimate Estimate
	// Core says the assessment asks the short form.
	Core bool
}

// Welcome returns the welcome of the respondent a token belongs to.
func (s *Service) Welcome(ctx context.Context, token string) (Welcome, error) {
	r, err := s.Response(ctx, token)
	if err != nil {
		return Welcome{}, err
	}
	a := r.Assessment
	b, err := s.store.Branding(ctx, a.WorkspaceID)
	if err != nil {
		return Welcome{}, fmt.Errorf("workspace of assessment %s: %w", a.ID, err)
	}
	o, err := s.store.Organisation(ctx, a.WorkspaceID, a.OrganisationID)
	if err != nil {
		return Welcome{}, fmt.Errorf("organisation of assessment %s: %w", a.ID, err)
	}
	// r.Index holds only what the fit asks; the perspective narrows it.
	return Welcome{Response: r, Consultancy: b.Name, Organisation: o.Name, Note: a.Welcome,
		Estimate: EstimateOf(r.Index.Model(), Fit{}, r.Respondent.Perspective), Core: a.Form == FormCore}, nil
}
