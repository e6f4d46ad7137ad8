package assessment

import (
	"context"
	"time"
	"unicode/utf8"
)

// MaxRationaleLen bounds the rationale of an agreed answer, in characters.
const MaxRationaleLen = 2000

// AgreedAnswer is the answer a group settled on for one question after
// discussing it. It never changes the individual answers; the result uses it
// in their place unless asked for the individual basis.
type AgreedAnswer struct {
	Answer    Answer // RespondentID is empty
	Rationale string
	AgreedAt  time.Time
}

// AgreedStore keeps agreed answers: at most one per assessment and question.
type AgreedStore interface {
	// SaveAgreed inserts or replaces the agreed answer to a.Answer.QuestionID
	// and records events in the same transaction; NotFound if the
	// assessment is not in the workspace.
	SaveAgreed(ctx context.Context, workspaceID, assessmentID string, a AgreedAnswer, events ...Event) (AgreedAnswer, error)
	// DeleteAgreed removes the agreed answer to a question, if there is one,
	// and records events in the same transaction (also when there was none);
	// NotFound if the assessment is not in the workspace.
	DeleteAgreed(ctx context.Context, workspaceID, assessmentID, questionID string, events ...Event) error
	// AgreedAnswers lists an assessment's agreed answers by question ID;
	// NotFound if the assessment is not in the workspace.
	AgreedAnswers(ctx context.Context, workspaceID, assessmentID string) ([]AgreedAnswer, error)
}

// SetAgreed records the answer the group agreed on for a question of an
// assessment of the user's workspace, checked as a respondent's answer is.
func (s *Service) SetAgreed(ctx context.Context, u User, assessmentID string, a Answer, rationale string) (AgreedAnswer, *Question, error) {
	as, err := s.store.Assessment(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return AgreedAnswer{}, nil, err
	}
	ix, err := s.index(ctx, as.ID)
	if err != nil {
		return AgreedAnswer{}, nil, err
	}
	q, c, err := askedQuestion(ix, as.Fit(), a.QuestionID)
	if err != nil {
		return AgreedAnswer{}, nil, err
	}
	if a.Comment != "" {
		return AgreedAnswer{}, nil, FieldError("comment", "an agreed answer takes a rationale, not a comment")
	}
	if err := a.Check(q); err != nil {
		return AgreedAnswer{}, nil, err
	}
	if utf8.RuneCountInString(rationale) > MaxRationaleLen {
		return AgreedAnswer{}, nil, FieldError("rationale", "must be at most %d characters", MaxRationaleLen)
	}
	if !utf8.ValidString(rationale) {
		return AgreedAnswer{}, nil, FieldError("rationale", "must be valid UTF-8")
	}
	a.RespondentID = ""
	now := s.Now()
	a.UpdatedAt = now
	saved, err := s.store.SaveAgreed(ctx, u.WorkspaceID, as.ID, AgreedAnswer{Answer: a, Rationale: rationale, AgreedAt: now},
		Event{AssessmentID: as.ID, Kind: EventAgreed, Question: q.ID, Capability: c.ID})
	if err != nil {
		return AgreedAnswer{}, nil, err
	}
	return saved, q, s.audit(ctx, u, AuditAgreedChanged, target("assessment", as.ID)+"/question:"+q.ID)
}

// DeleteAgreed removes the agreed answer to a question, so the result goes
// back to the individual answers there. Removing one that is not recorded
// changes nothing; an unknown question is NotFound.
func (s *Service) DeleteAgreed(ctx context.Context, u User, assessmentID, questionID string) error {
	as, err := s.store.Assessment(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return err
	}
	ix, err := s.index(ctx, as.ID)
	if err != nil {
		return err
	}
	q, c, err := askedQuestion(ix, as.Fit(), questionID)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAgreed(ctx, u.WorkspaceID, as.ID, q.ID,
		Event{AssessmentID: as.ID, Kind: EventAgreed, Question: q.ID, Capability: c.ID}); err != nil {
		return err
	}
	return s.audit(ctx, u, AuditAgreedDeleted, target("assessment", as.ID)+"/question:"+q.ID)
}

// Agreed lists the agreed answers of an assessment of the user's workspace,
// with the questionnaire they answer.
func (s *Service) Agreed(ctx context.Context, u User, assessmentID string) ([]AgreedAnswer, *Index, error) {
	as, err := s.store.Assessment(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return nil, nil, err
	}
	ix, err := s.index(ctx, as.ID)
	if err != nil {
		return nil, nil, err
	}
	ags, err := s.store.AgreedAnswers(ctx, u.WorkspaceID, as.ID)
	if err != nil {
		return nil, nil, err
	}
	return ags, ix, nil
}
