package assessment

import (
	"context"
	"strings"
)

// NewRespondent is the input of AddRespondent and Join.
type NewRespondent struct {
	Name        string
	Role        string
	Perspective string // "" means every question is asked
}

func (n *NewRespondent) validate(nameRequired bool) error {
	n.Name, n.Role = strings.TrimSpace(n.Name), strings.TrimSpace(n.Role)
	min := 0
	if nameRequired {
		min = 1
	}
	if err := checkLength("name", n.Name, min, 200); err != nil {
		return err
	}
	if err := checkPerspective(n.Perspective); err != nil {
		return err
	}
	return checkLength("role", n.Role, 0, 200)
}

// AddRespondent invites a participant to an assessment of the user's
// workspace. The token is returned once and stored only as a hash.
func (s *Service) AddRespondent(ctx context.Context, u User, assessmentID string, n NewRespondent) (Respondent, string, error) {
	if err := n.validate(true); err != nil {
		return Respondent{}, "", err
	}
	a, err := s.store.Assessment(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return Respondent{}, "", err
	}
	return s.addRespondent(ctx, a, n)
}

func (s *Service) addRespondent(ctx context.Context, a Assessment, n NewRespondent) (Respondent, string, error) {
	if a.Status == Closed {
		return Respondent{}, "", Errorf(Conflict, "the assessment is closed")
	}
	token, hash := NewToken()
	r, err := s.store.AddRespondent(ctx, Respondent{AssessmentID: a.ID, Name: n.Name, Role: n.Role, Perspective: n.Perspective, CreatedAt: s.Now()}, hash)
	if err != nil {
		return Respondent{}, "", err
	}
	return r, token, nil
}

// Join registers a workshop participant by the assessment's join code. A
// participant who gives no name is stored as "Participant N", N counting the
// assessment's respondents.
func (s *Service) Join(ctx context.Context, code string, n NewRespondent) (Respondent, string, error) {
	a, err := s.JoinTarget(ctx, code)
	if err != nil {
		return Respondent{}, "", err
	}
	if err := n.validate(false); err != nil {
		return Respondent{}, "", err
	}
	return s.addRespondent(ctx, a, n)
}

// JoinTarget finds the open workshop a join code belongs to, for the join
// page; NotFound for an unknown code.
func (s *Service) JoinTarget(ctx context.Context, code string) (Assessment, error) {
	a, err := s.store.AssessmentByJoinCode(ctx, NormaliseJoinCode(code))
	if err != nil {
		if KindOf(err) == NotFound {
			return Assessment{}, Errorf(NotFound, "no workshop has this code")
		}
		return Assessment{}, err
	}
	return a, nil
}

// Respondents lists the participants of an assessment of the user's
// workspace, each with their progress (Answered of Total) and Status.
func (s *Service) Respondents(ctx context.Context, u User, assessmentID string) ([]Respondent, error) {
	rs, err := s.store.Respondents(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return nil, err
	}
	ix, err := s.index(ctx, assessmentID)
	if err != nil {
		return nil, err
	}
	m := ix.Model()
	a, err := s.store.Assessment(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return nil, err
	}
	fit := a.Fit()
	// The store counts every stored answer; where some are to questions not
	// asked of a respondent (another perspective's, or left out of the
	// scope or form), count again.
	narrows := fit.Narrows(m)
	var asked map[string]int // respondent ID → answers to questions asked of them
	for i := range rs {
		if (narrows || rs[i].Perspective != "") && asked == nil {
			if asked, err = s.askedAnswers(ctx, u, assessmentID, ix, fit, rs); err != nil {
				return nil, err
			}
		}
	}
	for i := range rs {
		rs[i].Total = fit.AskedCount(m, rs[i].Perspective)
		if asked != nil {
			rs[i].Answered = asked[rs[i].ID]
		}
		rs[i].Answered = min(rs[i].Answered, rs[i].Total)
	}
	return rs, nil
}

// DeleteRespondent erases a respondent of an assessment of the user's
// workspace and every answer they gave: results and exports no longer count them.
func (s *Service) DeleteRespondent(ctx context.Context, u User, assessmentID, respondentID string) error {
	if err := s.store.DeleteRespondent(ctx, u.WorkspaceID, assessmentID, respondentID); err != nil {
		return err
	}
	return s.audit(ctx, u, AuditRespondentErased, target("assessment", assessmentID)+"/respondent:"+respondentID)
}

// ReissueToken gives a respondent a new link; the old one stops working.
func (s *Service) ReissueToken(ctx context.Context, u User, assessmentID, respondentID string) (Respondent, string, error) {
	r, err := s.store.Respondent(ctx, u.WorkspaceID, respondentID)
	if err != nil {
		return Respondent{}, "", err
	}
	if r.AssessmentID != assessmentID {
		return Respondent{}, "", Errorf(NotFound, "no such respondent in this assessment")
	}
	token, hash := NewToken()
	if err := s.store.RotateToken(ctx, u.WorkspaceID, respondentID, hash); err != nil {
		return Respondent{}, "", err
	}
	return r, token, nil
}

// Response is what a respondent sees of their own questionnaire.
type Response struct {
	Respondent Respondent
	Assessment Assessment
	// Index is the questionnaire the assessment was started with, cut down
	// to what its fit asks (Fit.Apply): nothing else is shown or answered.
	Index    *Index
	Answers  []Answer
	Answered int // questions asked of them with an answer, text included
	Total    int // questions asked of them (their perspective's and the untagged ones), text included
}

// Response returns the respondent's own answers and progress.
func (s *Service) Response(ctx context.Context, token string) (*Response, error) {
	r, a, ix, err := s.respondent(ctx, token)
	if err != nil {
		return nil, err
	}
	answers, err := s.store.Answers(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	fit := a.Fit()
	answered := 0
	for i := range answers {
		if q, c, ok := ix.Question(answers[i].QuestionID); ok && fit.AskedOf(c, q, r.Perspective) {
			answered++
		}
	}
	return &Response{Respondent: r, Assessment: a, Index: askedIndex(ix, fit), Answers: answers, Answered: answered,
		Total: fit.AskedCount(ix.Model(), r.Perspective)}, nil
}

// askedIndex is ix cut down to what fit asks; ix itself when it asks everything.
func askedIndex(ix *Index, fit Fit) *Index {
	if !fit.Narrows(ix.Model()) {
		return ix
	}
	return NewIndex(fit.Apply(ix.Model()))
}

// ResponseModel returns a respondent's assessment and the questionnaire it
// was started with, cut down to what its fit asks (scope and form), without
// reading their answers.
func (s *Service) ResponseModel(ctx context.Context, token string) (Assessment, *Model, error) {
	_, a, ix, err := s.respondent(ctx, token)
	if err != nil {
		return Assessment{}, nil, err
	}
	return a, askedIndex(ix, a.Fit()).Model(), nil
}

func (s *Service) respondent(ctx context.Context, token string) (Respondent, Assessment, *Index, error) {
	if token == "" {
		return Respondent{}, Assessment{}, nil, Errorf(NotFound, "no such respondent")
	}
	r, a, err := s.store.RespondentByToken(ctx, HashToken(token))
	if err != nil {
		if KindOf(err) == NotFound {
			return Respondent{}, Assessment{}, nil, Errorf(NotFound, "no such respondent: the link may have been re-issued")
		}
		return Respondent{}, Assessment{}, nil, err
	}
	ix, err := s.index(ctx, a.ID)
	if err != nil {
		return Respondent{}, Assessment{}, nil, err
	}
	return r, a, ix, nil
}

// SaveAnswer checks an answer against its question and stores it; it returns
// once the answer is durable, with the question it answers.
func (s *Service) SaveAnswer(ctx context.Context, token string, a Answer) (Answer, *Question, error) {
	saved, q, err := s.saveAnswer(ctx, token, a)
	s.observer.AnswerSaved(err)
	return saved, q, err
}

func (s *Service) saveAnswer(ctx context.Context, token string, a Answer) (Answer, *Question, error) {
	r, as, ix, err := s.respondent(ctx, token)
	if err != nil {
		return Answer{}, nil, err
	}
	q, c, err := askedQuestion(ix, as.Fit(), a.QuestionID)
	if err != nil {
		return Answer{}, nil, err
	}
	if err := a.Check(q); err != nil {
		return Answer{}, nil, err
	}
	if r.Submitted() {
		return Answer{}, nil, Errorf(Conflict, "the answers were submitted and can no longer change")
	}
	if as.Status == Closed {
		return Answer{}, nil, Errorf(Conflict, "the assessment is closed")
	}
	a.RespondentID = r.ID
	a.UpdatedAt = s.Now()
	// The store enforces submit and close again, atomically, and records
	// the event in the answer's transaction.
	saved, err := s.store.SaveAnswer(ctx, a, Event{AssessmentID: as.ID, Kind: EventAnswer, RespondentID: r.ID, Question: q.ID, Capability: c.ID})
	if err != nil {
		return Answer{}, nil, err
	}
	return saved, q, nil
}

// Submit marks the respondent's answers final.
func (s *Service) Submit(ctx context.Context, token string) (Respondent, error) {
	r, as, _, err := s.respondent(ctx, token)
	if err != nil {
		return Respondent{}, err
	}
	if r.Submitted() {
		return Respondent{}, Errorf(Conflict, "the answers were already submitted")
	}
	if as.Status == Closed {
		return Respondent{}, Errorf(Conflict, "the assessment is closed")
	}
	now := s.Now()
	if err := s.store.Submit(ctx, r.ID, now); err != nil {
		return Respondent{}, err
	}
	r.SubmittedAt = &now
	return r, nil
}

// askedQuestion finds a question the assessment asks: one outside its scope
// or form is NotFound, as an unknown one is, since it cannot be answered.
func askedQuestion(ix *Index, fit Fit, id string) (*Question, *Capability, error) {
	q, c, ok := ix.Question(id)
	if !ok {
		return nil, nil, &Error{Kind: NotFound, Field: "question", Message: "no question " + id + " in this questionnaire"}
	}
	if !fit.Asks(c, q) {
		return nil, nil, &Error{Kind: NotFound, Field: "question", Message: "question " + id + " is not asked in this assessment (outside its scope or form)"}
	}
	return q, c, nil
}
