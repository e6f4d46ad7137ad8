package assessment

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
)

// NewAssessment is the input of CreateAssessment.
type NewAssessment struct {
	OrganisationID string
	Questionnaire  string
	Mode           Mode
	Title          string
	// MaxParticipants caps the respondents, invited and joined together;
	// nil means DefaultMaxParticipants.
	MaxParticipants *int
}

// Bounds of an assessment's participant cap.
const (
	DefaultMaxParticipants = 500
	MaxMaxParticipants     = 5000
)

func checkMaxParticipants(n int) error {
	if n < 1 || n > MaxMaxParticipants {
		return FieldError("max_participants", "must be between 1 and %d", MaxMaxParticipants)
	}
	return nil
}

// joinAlphabet leaves out letters and digits that read alike on a projector (0/O, 1/I/L).
const joinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newJoinCode() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random bytes: %v", err))
	}
	for i := range b {
		b[i] = joinAlphabet[int(b[i])%len(joinAlphabet)]
	}
	return string(b)
}

// NormaliseJoinCode lets participants type a code in any case, with spaces or dashes.
func NormaliseJoinCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
}

// CreateAssessment starts an assessment of an organisation with the latest
// version of a questionnaire, which it keeps for good.
func (s *Service) CreateAssessment(ctx context.Context, u User, n NewAssessment) (Assessment, error) {
	n.Title = strings.TrimSpace(n.Title)
	if n.OrganisationID == "" {
		return Assessment{}, FieldError("organisation_id", "is required")
	}
	if n.Questionnaire == "" {
		return Assessment{}, FieldError("questionnaire", "is required")
	}
	m, ok := s.catalog.Latest(n.Questionnaire)
	if !ok {
		return Assessment{}, FieldError("questionnaire", "no questionnaire %q", n.Questionnaire)
	}
	if n.Mode != Workshop && n.Mode != SelfService {
		return Assessment{}, FieldError("mode", "must be workshop or self-service")
	}
	if err := checkLength("title", n.Title, 0, 200); err != nil {
		return Assessment{}, err
	}
	maxp := DefaultMaxParticipants
	if n.MaxParticipants != nil {
		maxp = *n.MaxParticipants
		if err := checkMaxParticipants(maxp); err != nil {
			return Assessment{}, err
		}
	}
	org, err := s.store.Organisation(ctx, u.WorkspaceID, n.OrganisationID)
	if err != nil {
		if KindOf(err) == NotFound {
			return Assessment{}, &Error{Kind: NotFound, Field: "organisation_id", Message: "no such organisation"}
		}
		return Assessment{}, err
	}
	if n.Title == "" {
		n.Title = org.Name + ": " + m.Title
	}
	a := Assessment{
		WorkspaceID: u.WorkspaceID, OrganisationID: org.ID, Questionnaire: m.Slug,
		QuestionnaireVersion: m.Version, Mode: n.Mode, Title: n.Title, Status: Open, CreatedAt: s.Now(),
		MaxParticipants: maxp,
	}
	for attempt := 0; ; attempt++ {
		if a.Mode == Workshop {
			a.JoinCode = newJoinCode()
		}
		created, err := s.store.CreateAssessment(ctx, a, m)
		if KindOf(err) == Conflict && a.Mode == Workshop && attempt < 3 {
			continue // a join code collided: draw another
		}
		return created, err
	}
}

// Assessment returns one assessment of the user's workspace.
func (s *Service) Assessment(ctx context.Context, u User, id string) (Assessment, error) {
	return s.store.Assessment(ctx, u.WorkspaceID, id)
}

// Assessments lists the assessments of the user's workspace.
func (s *Service) Assessments(ctx context.Context, u User) ([]Assessment, error) {
	return s.store.Assessments(ctx, u.WorkspaceID)
}

// AssessmentUpdate holds the fields a PATCH may change; nil keeps a field.
type AssessmentUpdate struct {
	Title           *string
	MaxParticipants *int
}

// UpdateAssessment renames an assessment of the user's workspace or changes
// its participant cap. A cap below the respondents it already has is a
// Conflict: nobody is turned away after joining.
func (s *Service) UpdateAssessment(ctx context.Context, u User, id string, up AssessmentUpdate) (Assessment, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return Assessment{}, err
	}
	if up.Title != nil {
		a.Title = strings.TrimSpace(*up.Title)
		if err := checkLength("title", a.Title, 1, 200); err != nil {
			return Assessment{}, err
		}
	}
	if up.MaxParticipants != nil {
		if err := checkMaxParticipants(*up.MaxParticipants); err != nil {
			return Assessment{}, err
		}
		if *up.MaxParticipants < a.Respondents {
			return Assessment{}, &Error{Kind: Conflict, Field: "max_participants",
				Message: fmt.Sprintf("the assessment already has %d respondents", a.Respondents)}
		}
		a.MaxParticipants = *up.MaxParticipants
	}
	return s.store.UpdateAssessment(ctx, a)
}

// DeleteAssessment removes an assessment of the user's workspace with its
// respondents, their answers and everything else kept for it.
func (s *Service) DeleteAssessment(ctx context.Context, u User, id string) error {
	if err := s.store.DeleteAssessment(ctx, u.WorkspaceID, id); err != nil {
		return err
	}
	s.models.Delete(id)
	return s.audit(ctx, u, AuditAssessmentDelete, target("assessment", id))
}

// CloseAssessment stops joins and answers; results stay readable.
func (s *Service) CloseAssessment(ctx context.Context, u User, id string) (Assessment, error) {
	return s.store.CloseAssessment(ctx, u.WorkspaceID, id, s.Now())
}

// AssessmentQuestionnaire returns an assessment of the user's workspace with the
// questionnaire version it was started with, for reading.
func (s *Service) AssessmentQuestionnaire(ctx context.Context, u User, id string) (Assessment, *Model, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return Assessment{}, nil, err
	}
	ix, err := s.index(ctx, a.ID)
	if err != nil {
		return Assessment{}, nil, err
	}
	return a, ix.Model(), nil
}

// index returns the indexed definition of an assessment the caller may see.
func (s *Service) index(ctx context.Context, assessmentID string) (*Index, error) {
	if v, ok := s.models.Load(assessmentID); ok {
		return v.(*Index), nil
	}
	m, err := s.store.Definition(ctx, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load definition of assessment %s: %w", assessmentID, err)
	}
	ix := NewIndex(m)
	s.models.Store(assessmentID, ix)
	return ix, nil
}

// ResultOptions choose what a result is computed on. The zero value is the
// default: agreed answers where recorded, every respondent.
type ResultOptions struct {
	Basis       Basis  // "" means BasisAgreed
	Perspective string // "" means every respondent; else one of the four perspectives
}

// validate fills the default basis and checks both options; errors name the
// query parameter at fault.
func (o *ResultOptions) validate() error {
	switch o.Basis {
	case "":
		o.Basis = BasisAgreed
	case BasisAgreed, BasisIndividual:
	default:
		return FieldError("basis", "must be %s or %s, not %q", BasisAgreed, BasisIndividual, o.Basis)
	}
	return checkPerspective(o.Perspective)
}

// Result scores an assessment of the user's workspace on the default basis.
func (s *Service) Result(ctx context.Context, u User, id string) (*Result, error) {
	return s.ResultWith(ctx, u, id, ResultOptions{})
}

// ResultWith scores an assessment of the user's workspace as opts say: on
// the basis of agreed answers (the default) or of individual answers only,
// against the questionnaire version the assessment was started with.
func (s *Service) ResultWith(ctx context.Context, u User, id string, opts ResultOptions) (*Result, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	a, ix, answers, err := s.answersFor(ctx, u, id, opts.Perspective)
	if err != nil {
		return nil, err
	}
	if opts.Perspective != "" {
		// A perspective's view is its respondents' own answers: what the
		// room agreed on is nobody's perspective.
		if n := scoringRespondents(ix, answers); n < MinGroup {
			return nil, FieldError("perspective", "%d respondents of perspective %s gave a scored answer; at least %d are needed so that no one can be singled out",
				n, opts.Perspective, MinGroup)
		}
		opts.Basis = BasisIndividual
	}
	var agreed []AgreedAnswer
	if opts.Basis != BasisIndividual && opts.Perspective == "" { // a perspective's result is its respondents' alone
		if agreed, err = s.store.AgreedAnswers(ctx, u.WorkspaceID, a.ID); err != nil {
			return nil, err
		}
	}
	return scoreOn(ix, answers, agreedAnswers(agreed), opts), nil
}

// answersFor loads an assessment of u's workspace, its questionnaire and its
// answers: those of the respondents of perspective, or all of them when it
// is "".
func (s *Service) answersFor(ctx context.Context, u User, id, perspective string) (Assessment, *Index, []Answer, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return Assessment{}, nil, nil, err
	}
	ix, err := s.index(ctx, a.ID)
	if err != nil {
		return Assessment{}, nil, nil, err
	}
	answers, err := s.store.AssessmentChoices(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		return Assessment{}, nil, nil, err
	}
	if perspective != "" {
		if answers, err = s.answersOf(ctx, u, a.ID, perspective, answers); err != nil {
			return Assessment{}, nil, nil, err
		}
	}
	return a, ix, answers, nil
}

// agreedAnswers are the answers of agreed, for scoring.
func agreedAnswers(agreed []AgreedAnswer) []Answer {
	out := make([]Answer, len(agreed))
	for i, a := range agreed {
		out[i] = a.Answer
	}
	return out
}

// scoreOn scores answers and the agreed answers as opts (validated) say.
func scoreOn(ix *Index, answers, agreed []Answer, opts ResultOptions) *Result {
	var res *Result
	if opts.Basis == BasisIndividual {
		res = Score(ix, answers)
	} else {
		res = ScoreWith(ix, answers, Options{Agreed: agreed})
	}
	res.Perspective = opts.Perspective
	return res
}

// Export is everything known about one assessment: what reports are made of.
type Export struct {
	Assessment   Assessment
	Organisation Organisation
	Index        *Index // the questionnaire the assessment was started with
	Respondents  []Respondent
	Answers      []Answer
	Agreed       []AgreedAnswer // the answers the group settled on, by question
	Result       *Result
	Workspace    Workspace // whose consultants made it: the report's author
	Notes        Notes     // the consultant's summary and findings
}

// Export gathers an assessment of the user's workspace with its answers and result.
func (s *Service) Export(ctx context.Context, u User, id string) (*Export, error) {
	return s.export(ctx, u, id, s.store.AssessmentAnswers)
}

// Overview is Export without each answer's Text, Comment and UpdatedAt:
// what the results page and the projector draw. It reads much less for a
// large assessment, which matters on a projector that re-reads itself as
// answers come in.
func (s *Service) Overview(ctx context.Context, u User, id string) (*Export, error) {
	return s.export(ctx, u, id, s.store.AssessmentChoices)
}

func (s *Service) export(ctx context.Context, u User, id string,
	answersOf func(ctx context.Context, workspaceID, assessmentID string) ([]Answer, error)) (*Export, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	org, err := s.store.Organisation(ctx, u.WorkspaceID, a.OrganisationID)
	if err != nil {
		return nil, fmt.Errorf("organisation of assessment %s: %w", id, err)
	}
	ix, err := s.index(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	rs, err := s.store.Respondents(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		return nil, err
	}
	answers, err := answersOf(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		return nil, err
	}
	ws, err := s.store.Workspace(ctx, u.WorkspaceID)
	if err != nil {
		return nil, fmt.Errorf("workspace of assessment %s: %w", id, err)
	}
	notes, err := s.store.Notes(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		return nil, err
	}
	agreed, err := s.store.AgreedAnswers(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		return nil, err
	}
	result := scoreOn(ix, answers, agreedAnswers(agreed), ResultOptions{Basis: BasisAgreed})
	return &Export{Assessment: a, Organisation: org, Index: ix, Respondents: rs, Answers: answers, Agreed: agreed, Result: result,
		Workspace: ws, Notes: notes}, nil
}
