package assessment

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
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
	// QuestionnaireVersion picks a version of Questionnaire; "" means the
	// latest. It is fixed once the assessment exists.
	QuestionnaireVersion string
	// Scope, Targets and Form fit the assessment to the engagement (see
	// Fit); their zero values assess every capability, against the model's
	// targets, with every question.
	Scope   []string
	Targets map[string]int
	Form    Form
	// Language is the report's and the respondents' default language; ""
	// means DefaultLanguage.
	Language string
	// Welcome is shown to respondents before the first question.
	Welcome string
}

// MaxWelcomeLen bounds an assessment's welcome text, in characters.
const MaxWelcomeLen = 2000

// checkLanguageOf accepts lang for an assessment of m: a language the
// model has, built in or uploaded to the workspace beside it.
func (s *Service) checkLanguageOf(ctx context.Context, workspaceID string, m *Model, lang string) error {
	if !ValidLanguage(lang) {
		return FieldError("language", "must be a language code such as en or de, not %q", lang)
	}
	l, err := s.Localize(ctx, workspaceID, m, lang)
	if err != nil {
		return err
	}
	if l.Lang != lang {
		return FieldError("language", "questionnaire %s is not available in %q; it has %s", m, lang, strings.Join(l.Languages, ", "))
	}
	return nil
}

func checkWelcome(w string) error { return checkLength("welcome", w, 0, MaxWelcomeLen) }

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
// version of a questionnaire (the catalog's or the workspace's own), which it
// keeps for good.
func (s *Service) CreateAssessment(ctx context.Context, u User, n NewAssessment) (Assessment, error) {
	n.Title = strings.TrimSpace(n.Title)
	if n.OrganisationID == "" {
		return Assessment{}, FieldError("organisation_id", "is required")
	}
	if n.Questionnaire == "" {
		return Assessment{}, FieldError("questionnaire", "is required")
	}
	m, ownModel, err := s.startModel(ctx, u.WorkspaceID, n.Questionnaire, n.QuestionnaireVersion)
	if err != nil {
		return Assessment{}, err
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
	fit, err := Fit{Scope: n.Scope, Targets: n.Targets, Form: n.Form}.Check(m)
	if err != nil {
		return Assessment{}, err
	}
	if n.Language == "" {
		n.Language = DefaultLanguage
	}
	if err := s.checkLanguageOf(ctx, u.WorkspaceID, m, n.Language); err != nil {
		return Assessment{}, err
	}
	n.Welcome = strings.TrimSpace(n.Welcome)
	if err := checkWelcome(n.Welcome); err != nil {
		return Assessment{}, err
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
		QuestionnaireVersion: m.Version, ModelID: ownModel, Mode: n.Mode, Title: n.Title, Status: Open, CreatedAt: s.Now(),
		MaxParticipants: maxp, Scope: fit.Scope, Targets: fit.Targets, Form: fit.Form,
		Language: n.Language, Welcome: n.Welcome,
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
	// Scope, Targets and Form replace the assessment's fit; Targets replaces
	// every override (an empty map goes back to the model's targets).
	// Answers that leave the scope or the form are kept, scored nowhere.
	Scope    *[]string
	Targets  *map[string]int
	Form     *Form
	Language *string
	Welcome  *string
}

// UpdateAssessment renames an assessment of the user's workspace, changes
// its participant cap, or refits it (scope, targets, form, language,
// welcome). A cap below the respondents it already has is a Conflict:
// nobody is turned away after joining.
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
	if up.Scope != nil || up.Targets != nil || up.Form != nil || up.Language != nil {
		ix, err := s.index(ctx, a.ID)
		if err != nil {
			return Assessment{}, err
		}
		fit := a.Fit()
		if up.Scope != nil {
			fit.Scope = *up.Scope
			if fit.Scope == nil {
				fit.Scope = []string{} // named, but empty: not "all"
			}
		}
		if up.Targets != nil {
			fit.Targets = *up.Targets
		}
		if up.Form != nil {
			fit.Form = *up.Form
		}
		if fit, err = fit.Check(ix.Model()); err != nil {
			return Assessment{}, err
		}
		a.Scope, a.Targets, a.Form = fit.Scope, fit.Targets, fit.Form
		if up.Language != nil {
			if err := s.checkLanguageOf(ctx, u.WorkspaceID, ix.Model(), *up.Language); err != nil {
				return Assessment{}, err
			}
			a.Language = *up.Language
		}
	}
	if up.Welcome != nil {
		a.Welcome = strings.TrimSpace(*up.Welcome)
		if err := checkWelcome(a.Welcome); err != nil {
			return Assessment{}, err
		}
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
		if n := scoringRespondents(ix, a.Fit(), answers); n < MinGroup {
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
	return scoreOn(ix, a.Fit(), answers, agreedAnswers(agreed), opts), nil
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

// scoreOn scores answers and the agreed answers as opts (validated) say,
// within the assessment's fit.
func scoreOn(ix *Index, fit Fit, answers, agreed []Answer, opts ResultOptions) *Result {
	res := ScoreWith(ix, answers, Options{Agreed: agreed, Basis: opts.Basis, Fit: fit})
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
	// Figures are the answers' counts, spreads and knowledge gaps under the
	// one anonymity rule: what every surface draws them from.
	Figures   *Figures
	Workspace Workspace // whose consultants made it: the report's author
	Notes     Notes     // the consultant's summary and findings
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
	// The result (agreed basis, as scoreOn gives it) and the figures share
	// one grouping of the answers: it is most of the cost of either.
	fit, byQuestion := a.Fit(), latestAnswers(answers)
	byAgreed := make(map[string]*Answer, len(agreed))
	for i := range agreed {
		byAgreed[agreed[i].Answer.QuestionID] = &agreed[i].Answer
	}
	// Both only read the grouping: the figures are worked out beside the
	// result, on another processor if there is one.
	var figures *Figures
	var wg sync.WaitGroup
	wg.Go(func() { figures = newFigures(ix, fit, byQuestion) })
	result := scoreGrouped(ix, byQuestion, byAgreed, BasisAgreed, fit)
	wg.Wait()
	return &Export{Assessment: a, Organisation: org, Index: ix, Respondents: rs, Answers: answers, Agreed: agreed, Result: result,
		Figures: figures, Workspace: ws, Notes: notes}, nil
}
