package assessment

import (
	"context"
	"slices"
)

// Perspectives are the views a respondent may answer from, in the order
// pages list them.
var Perspectives = []string{PerspectiveOperations, PerspectiveDevelopment, PerspectiveData, PerspectiveManagement}

// checkPerspective accepts "" (everyone) or one of Perspectives.
func checkPerspective(p string) error {
	if p == "" || slices.Contains(Perspectives, p) {
		return nil
	}
	return FieldError("perspective", "must be one of operations, development, data or management, not %q", p)
}

// AskedOf reports whether q is asked of a respondent of perspective p: a
// question tagged with no perspective is asked of everyone, and a
// respondent without a perspective is asked every question.
func (q *Question) AskedOf(p string) bool {
	return p == "" || len(q.Perspectives) == 0 || slices.Contains(q.Perspectives, p)
}

// AskedCount is the number of questions of m asked of perspective p.
func (m *Model) AskedCount(p string) int {
	n := 0
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			if m.Capabilities[ci].Questions[qi].AskedOf(p) {
				n++
			}
		}
	}
	return n
}

// answersOf keeps the answers of the assessment's respondents of perspective p.
func (s *Service) answersOf(ctx context.Context, u User, assessmentID, p string, answers []Answer) ([]Answer, error) {
	rs, err := s.store.Respondents(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return nil, err
	}
	of := map[string]bool{}
	for _, r := range rs {
		if r.Perspective == p {
			of[r.ID] = true
		}
	}
	kept := make([]Answer, 0, len(answers))
	for _, a := range answers {
		if of[a.RespondentID] {
			kept = append(kept, a)
		}
	}
	return kept, nil
}

// scoringRespondents counts the respondents with at least one scored answer
// to a question the fit asks.
func scoringRespondents(ix *Index, fit Fit, answers []Answer) int {
	seen := map[string]bool{}
	for i := range answers {
		a := &answers[i]
		if seen[a.RespondentID] {
			continue
		}
		q, c, ok := ix.Question(a.QuestionID)
		if !ok || !q.Scored() || !fit.Asks(c, q) {
			continue
		}
		if _, out := normalise(q, a); out == scoredAnswer {
			seen[a.RespondentID] = true
		}
	}
	return len(seen)
}

// askedAnswers counts, per respondent, the answers to questions asked of
// them: progress leaves out what a respondent answered beyond their
// perspective, and answers to questions the fit no longer asks.
func (s *Service) askedAnswers(ctx context.Context, u User, assessmentID string, ix *Index, fit Fit, rs []Respondent) (map[string]int, error) {
	answers, err := s.store.AssessmentChoices(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return nil, err
	}
	perspective := make(map[string]string, len(rs))
	for _, r := range rs {
		perspective[r.ID] = r.Perspective
	}
	n := make(map[string]int, len(rs))
	for i := range answers {
		if q, c, ok := ix.Question(answers[i].QuestionID); ok && fit.AskedOf(c, q, perspective[answers[i].RespondentID]) {
			n[answers[i].RespondentID]++
		}
	}
	return n, nil
}
