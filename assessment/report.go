package assessment

import (
	"context"
	"fmt"
)

// Report is everything the client report prints about one assessment: the
// export, what changed since the organisation's assessment before, and the
// scores per perspective. The API, the share page and `readiness report`
// all assemble it here, so that they print the same document.
type Report struct {
	*Export
	// Since is the change from the organisation's latest assessment before
	// this one; nil when there is none.
	Since *Comparison
	// Perspectives sets the capability scores of the respondents'
	// perspectives side by side, small groups withheld; empty when no
	// respondent has a perspective.
	Perspectives PerspectiveComparison
	// Texts are what participants wrote and the consultant left visible, by
	// capability ID; the caller sets it to nil for a report without verbatims.
	Texts map[string][]ParticipantText
}

// Report assembles the client report of an assessment of the user's workspace.
func (s *Service) Report(ctx context.Context, u User, id string) (*Report, error) {
	x, err := s.Export(ctx, u, id)
	if err != nil {
		return nil, err
	}
	since, err := s.Since(ctx, u, x.Assessment.ID)
	if err != nil {
		return nil, fmt.Errorf("report of %s: since the assessment before: %w", id, err)
	}
	pc, err := s.PerspectiveComparison(ctx, u, x.Assessment.ID, x.Respondents)
	if err != nil {
		return nil, fmt.Errorf("report of %s: %w", id, err)
	}
	texts, err := s.VisibleTexts(ctx, u, x.Assessment.ID)
	if err != nil {
		return nil, fmt.Errorf("report of %s: %w", id, err)
	}
	return &Report{Export: x, Since: since, Perspectives: pc, Texts: texts}, nil
}
