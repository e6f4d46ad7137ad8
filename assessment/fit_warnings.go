package assessment

import (
	"context"
	"fmt"
)

// FitWarning is a consequence of a scope that a consultant should know
// before starting: a capability in scope requires one left out. Message is
// English; a page in another language words the warning from the two ids
// and the model's titles in that language.
type FitWarning struct {
	Capability string // the capability in scope
	Requires   string // its prerequisite left out of the scope
	Message    string // what that means for gating, in an English sentence
}

// Warnings lists, in model order, every capability in f's scope that
// requires one outside it. Such a prerequisite counts as met (scoring rule
// 8): it never holds the capability or its stage back and the roadmap does
// not name it, so the result may call a stage reached that in truth rests
// on a practice nobody looked at. It is a warning, not an error: a client
// may have settled that practice already.
func (f Fit) Warnings(m *Model) []FitWarning {
	ix := NewIndex(m)
	var out []FitWarning
	for _, c := range m.Capabilities {
		if !f.InScope(c.ID) {
			continue
		}
		for _, id := range c.Requires {
			if f.InScope(id) {
				continue
			}
			title := id
			if r, ok := ix.Capability(id); ok {
				title = r.Title
			}
			out = append(out, FitWarning{Capability: c.ID, Requires: id, Message: fmt.Sprintf(
				"%s requires %s, which is left out: %s then counts as met, so it never holds %s or its stage back, and the roadmap does not name it as a prerequisite.",
				c.Title, title, title, c.Title)})
		}
	}
	return out
}

// FitEstimate is how much a respondent of one perspective ("" for someone
// without one) is asked in each form, within a scope.
type FitEstimate struct {
	Perspective string
	Full, Core  Estimate
}

// FitOptions is what a consultant chooses from when fitting an assessment
// of a model to an engagement, and what the choice so far means: the
// languages the model has, the size of each form for each perspective
// within the scope, and the warnings of the scope.
type FitOptions struct {
	Model     *Model
	Languages []string // DefaultLanguage first
	HasCore   bool     // the model has a core form
	Estimates []FitEstimate
	Warnings  []FitWarning
}

// FitOptions computes the options of m, a model the user's workspace may use
// (the catalog's, its own, or an assessment's pinned definition), for the
// fit f chosen so far. Capabilities of f's scope that m lacks are ignored
// here: Fit.Check names them when the fit is saved.
func (s *Service) FitOptions(ctx context.Context, u User, m *Model, f Fit) (FitOptions, error) {
	l, err := s.Localize(ctx, u.WorkspaceID, m, DefaultLanguage)
	if err != nil {
		return FitOptions{}, fmt.Errorf("languages of %s: %w", m, err)
	}
	full, core := Fit{Scope: f.Scope, Form: FormFull}, Fit{Scope: f.Scope, Form: FormCore}
	o := FitOptions{Model: m, Languages: l.Languages, HasCore: m.HasCore(), Warnings: f.Warnings(m)}
	for _, p := range append([]string{""}, Perspectives...) {
		o.Estimates = append(o.Estimates, FitEstimate{Perspective: p, Full: EstimateOf(m, full, p), Core: EstimateOf(m, core, p)})
	}
	return o, nil
}
