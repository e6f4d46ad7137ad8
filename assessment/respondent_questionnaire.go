package assessment

import "context"

// RespondentQuestionnaire is the questionnaire a respondent is asked, in
// lang as Localize chooses it: the version pinned to their assessment, with
// only the capabilities and questions asked of them (in the assessment's
// scope and form; their perspective's and the untagged ones), in the
// model's order. Scores, targets and
// must-have thresholds are still in the Model: the caller that shows it to
// a respondent leaves them out.
func (s *Service) RespondentQuestionnaire(ctx context.Context, token, lang string) (Preview, error) {
	r, a, ix, err := s.respondent(ctx, token)
	if err != nil {
		return Preview{}, err
	}
	l, err := s.Localize(ctx, a.WorkspaceID, ix.Model(), lang)
	if err != nil {
		return Preview{}, err
	}
	m, err := previewModel(a.Fit().Apply(l.Model), PreviewOptions{Perspective: r.Perspective})
	if err != nil {
		return Preview{}, err
	}
	l.Model = m
	return Preview{Localized: l, Questions: m.QuestionCount()}, nil
}
