package web

import (
	"time"

	"github.com/readiness/readiness/assessment"
)

// The JSON shapes of API v1, one home for all of them (the contract names
// their keys). Exports in web/report have their own shapes, so that a change
// to one never silently changes the other.

// resultJSON is the contract's shape of an assessment.Result.
type resultJSON struct {
	Basis                string                 `json:"basis"`
	Perspective          *string                `json:"perspective"` // null: every respondent
	QuestionnaireVersion string                 `json:"questionnaire_version"`
	Overall              overallJSON            `json:"overall"`
	Stages               []stageResultJSON      `json:"stages"`
	Capabilities         []capabilityResultJSON `json:"capabilities"`
	Roadmap              []roadmapItemJSON      `json:"roadmap"`
}

type overallJSON struct {
	Score    *float64 `json:"score"`
	Level    int      `json:"level"`
	Answered int      `json:"answered"`
	Total    int      `json:"total"`
	DontKnow int      `json:"dont_know"`
}

type stageResultJSON struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Order     int      `json:"order"`
	Score     *float64 `json:"score"`
	Reached   bool     `json:"reached"`
	BlockedBy []string `json:"blocked_by"`
}

type capabilityResultJSON struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Stage        string   `json:"stage"`
	Status       string   `json:"status"`
	Score        *float64 `json:"score"`
	Target       int      `json:"target"`
	Answered     int      `json:"answered"`
	Total        int      `json:"total"`
	DontKnow     int      `json:"dont_know"`
	Divergence   []string `json:"divergence"`
	CriticalGaps []string `json:"critical_gaps"`
	Agreed       int      `json:"agreed"`
}

type roadmapItemJSON struct {
	Position   int      `json:"position"`
	Capability string   `json:"capability"`
	Title      string   `json:"title"`
	Stage      string   `json:"stage"`
	Phase      string   `json:"phase"`
	Requires   []string `json:"requires"`
	Score      float64  `json:"score"`
	Target     int      `json:"target"`
	Reason     string   `json:"reason"`
}

// nilIfEmpty makes an absent text encode as null.
func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonNil makes an absent list encode as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func newResultJSON(r *assessment.Result) resultJSON {
	out := resultJSON{
		Basis:                string(r.Basis),
		Perspective:          nilIfEmpty(r.Perspective),
		QuestionnaireVersion: r.QuestionnaireVersion,
		Overall:              overallJSON{Score: r.Overall.Score, Level: r.Overall.Level, Answered: r.Overall.Answered, Total: r.Overall.Total, DontKnow: r.Overall.DontKnow},
		Stages:               make([]stageResultJSON, 0, len(r.Stages)),
		Capabilities:         make([]capabilityResultJSON, 0, len(r.Capabilities)),
		Roadmap:              make([]roadmapItemJSON, 0, len(r.Roadmap)),
	}
	for _, s := range r.Stages {
		out.Stages = append(out.Stages, stageResultJSON{ID: s.ID, Title: s.Title, Order: s.Order, Score: s.Score, Reached: s.Reached, BlockedBy: nonNil(s.BlockedBy)})
	}
	for _, c := range r.Capabilities {
		out.Capabilities = append(out.Capabilities, capabilityResultJSON{ID: c.ID, Title: c.Title, Stage: c.Stage, Status: string(c.Status), Score: c.Score,
			Target: c.Target, Answered: c.Answered, Total: c.Total, DontKnow: c.DontKnow, Divergence: nonNil(c.Divergence),
			CriticalGaps: nonNil(c.CriticalGaps), Agreed: c.Agreed})
	}
	for _, i := range r.Roadmap {
		out.Roadmap = append(out.Roadmap, roadmapItemJSON{Position: i.Position, Capability: i.Capability, Title: i.Title, Stage: i.Stage,
			Phase: string(i.Phase), Requires: nonNil(i.Requires), Score: i.Score, Target: i.Target, Reason: i.Reason})
	}
	return out
}

// assessmentJSON is the shape of an assessment; a workshop carries its join link.
type assessmentJSON struct {
	ID                   string     `json:"id"`
	OrganisationID       string     `json:"organisation_id"`
	Questionnaire        string     `json:"questionnaire"`
	QuestionnaireVersion string     `json:"questionnaire_version"`
	Mode                 string     `json:"mode"`
	Title                string     `json:"title"`
	Status               string     `json:"status"`
	CreatedAt            time.Time  `json:"created_at"`
	ClosedAt             *time.Time `json:"closed_at"`
	Respondents          int        `json:"respondents"`
	Submitted            int        `json:"submitted"`
	JoinCode             string     `json:"join_code,omitempty"`
	JoinURL              string     `json:"join_url,omitempty"`
	Focus                *string    `json:"focus"`
	MaxParticipants      int        `json:"max_participants"`
}

// newAssessmentJSON converts a domain assessment; baseURL makes its join link.
func newAssessmentJSON(a assessment.Assessment, baseURL string) assessmentJSON {
	out := assessmentJSON{ID: a.ID, OrganisationID: a.OrganisationID, Questionnaire: a.Questionnaire,
		QuestionnaireVersion: a.QuestionnaireVersion, Mode: string(a.Mode), Title: a.Title, Status: string(a.Status),
		CreatedAt: a.CreatedAt.UTC(), ClosedAt: a.ClosedAt, Respondents: a.Respondents, Submitted: a.Submitted,
		MaxParticipants: a.MaxParticipants}
	if a.JoinCode != "" {
		out.JoinCode = a.JoinCode
		out.JoinURL = baseURL + "/j/" + a.JoinCode
	}
	if a.Focus != "" {
		f := a.Focus
		out.Focus = &f
	}
	return out
}

type organisationJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Industry  string    `json:"industry"`
	CreatedAt time.Time `json:"created_at"`
}

func newOrganisationJSON(o assessment.Organisation) organisationJSON {
	return organisationJSON{ID: o.ID, Name: o.Name, Industry: o.Industry, CreatedAt: o.CreatedAt.UTC()}
}

// respondentSummaryJSON is a respondent in the consultant's list, with their
// progress and status: never its token.
type respondentSummaryJSON struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Role        string       `json:"role"`
	Perspective *string      `json:"perspective"`
	CreatedAt   time.Time    `json:"created_at"`
	SubmittedAt *time.Time   `json:"submitted_at"`
	Status      string       `json:"status"` // invited, answering or submitted
	Progress    progressJSON `json:"progress"`
}

func newRespondentSummaryJSON(r assessment.Respondent) respondentSummaryJSON {
	return respondentSummaryJSON{ID: r.ID, Name: r.Name, Role: r.Role, Perspective: nilIfEmpty(r.Perspective), CreatedAt: r.CreatedAt.UTC(), SubmittedAt: r.SubmittedAt,
		Status: string(r.Status()), Progress: progressJSON{Answered: r.Answered, Total: r.Total}}
}

// answerJSON is a stored answer: the same keys a PUT takes.
type answerJSON struct {
	RespondentID string    `json:"respondent_id,omitempty"`
	Question     string    `json:"question"`
	Option       *string   `json:"option,omitempty"`
	Options      *[]string `json:"options,omitempty"` // a pointer so that an empty selection still shows as []
	Value        *float64  `json:"value,omitempty"`
	Text         *string   `json:"text,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// newAnswerJSON converts a domain answer; t is the question's type, which
// says which of the answer keys is meaningful.
func newAnswerJSON(a assessment.Answer, t assessment.QuestionType) answerJSON {
	out := answerJSON{RespondentID: a.RespondentID, Question: a.QuestionID, Comment: a.Comment, UpdatedAt: a.UpdatedAt.UTC()}
	switch t {
	case assessment.Multi:
		ids := nonNil(a.Options)
		out.Options = &ids
	case assessment.Scale:
		out.Value = a.Value
	case assessment.Text:
		t := a.Text
		out.Text = &t
	default:
		o := a.Option
		out.Option = &o
	}
	return out
}

// agreedJSON is the shape of an agreed answer: the question, the answer as a
// respondent would give it, and why the group settled on it.
type agreedJSON struct {
	Question  string     `json:"question"`
	Answer    answerJSON `json:"answer"`
	Rationale string     `json:"rationale"`
	AgreedAt  time.Time  `json:"agreed_at"`
}

// newAgreedJSON converts an agreed answer to a question of type t.
func newAgreedJSON(a assessment.AgreedAnswer, t assessment.QuestionType) agreedJSON {
	ans := newAnswerJSON(a.Answer, t)
	ans.RespondentID, ans.Comment = "", ""
	return agreedJSON{Question: a.Answer.QuestionID, Answer: ans, Rationale: a.Rationale, AgreedAt: a.AgreedAt.UTC()}
}
