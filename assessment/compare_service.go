package assessment

import "context"

// OrganisationAssessments lists the assessments of one client of the user's
// workspace, oldest first: the milestones of its path.
func (s *Service) OrganisationAssessments(ctx context.Context, u User, organisationID string) ([]Assessment, error) {
	return s.store.OrganisationAssessments(ctx, u.WorkspaceID, organisationID)
}

// Compare says what changed from assessment other (the earlier one) to
// assessment id, each scored on the default basis against its own
// questionnaire version. Both must be of the user's workspace (NotFound)
// and of one organisation (Invalid, naming other).
func (s *Service) Compare(ctx context.Context, u User, id, other string) (*Comparison, error) {
	to, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	from, err := s.store.Assessment(ctx, u.WorkspaceID, other)
	if err != nil {
		return nil, &Error{Kind: NotFound, Field: "other", Message: "no such assessment to compare with"}
	}
	if from.OrganisationID != to.OrganisationID {
		return nil, FieldError("other", "must be an assessment of the same organisation")
	}
	toRes, err := s.ResultWith(ctx, u, to.ID, ResultOptions{})
	if err != nil {
		return nil, err
	}
	fromRes, err := s.ResultWith(ctx, u, from.ID, ResultOptions{})
	if err != nil {
		return nil, err
	}
	toIx, err := s.index(ctx, to.ID)
	if err != nil {
		return nil, err
	}
	fromIx, err := s.index(ctx, from.ID)
	if err != nil {
		return nil, err
	}
	return Compare(from, to, fromIx, toIx, fromRes, toRes), nil
}

// Distribution counts how the respondents of an assessment of the user's
// workspace answered each question with options, withholding questions
// answered by fewer than MinGroup people. A perspective counts only its
// respondents; unlike a result, a small group is withheld, not refused.
func (s *Service) Distribution(ctx context.Context, u User, id, perspective string) ([]QuestionDistribution, error) {
	if err := checkPerspective(perspective); err != nil {
		return nil, err
	}
	a, ix, answers, err := s.answersFor(ctx, u, id, perspective)
	if err != nil {
		return nil, err
	}
	return DistributionOf(ix, a.Fit(), answers), nil
}
