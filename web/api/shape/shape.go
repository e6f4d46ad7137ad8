// Package shape holds the JSON shapes of API v1 that the JSON export embeds
// too: a result, an assessment, an organisation, an answer and an agreed
// answer. The contract names their keys; they are defined once, here, where
// both the API (web/api) and the export (web/report) can reach them without
// the export depending on the API's handlers.
package shape

import (
	"time"

	"github.com/readiness/readiness/assessment"
)

// Result is the contract's shape of an assessment.Result.
type Result struct {
	Basis                string       `json:"basis"`
	Perspective          *string      `json:"perspective"` // null: every respondent
	QuestionnaireVersion string       `json:"questionnaire_version"`
	Preliminary          bool         `json:"preliminary"` // an in-scope capability is still unassessed (rule 8)
	Overall              overall      `json:"overall"`
	Stages               []stage      `json:"stages"`
	Capabilities         []capability `json:"capabilities"`
	Roadmap              []step       `json:"roadmap"`
}

// overall is the result's "overall" object.
type overall struct {
	Score    *float64 `json:"score"`
	Level    int      `json:"level"`
	Answered int      `json:"answered"`
	Total    int      `json:"total"`
	DontKnow int      `json:"dont_know"`
}

// stage is one entry of the result's "stages".
type stage struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Order     int      `json:"order"`
	Score     *float64 `json:"score"`
	Reached   bool     `json:"reached"`
	Status    string   `json:"status"` // reached, blocked, waiting or out-of-scope
	BlockedBy []string `json:"blocked_by"`
}

// capability is one entry of the result's "capabilities".
type capability struct {
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

// step is one entry of the result's "roadmap".
type step struct {
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

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// NewResult converts a domain result to its JSON shape.
func NewResult(r *assessment.Result) Result {
	out := Result{
		Basis:                string(r.Basis),
		Perspective:          nilIfEmpty(r.Perspective),
		QuestionnaireVersion: r.QuestionnaireVersion,
		Preliminary:          r.Preliminary,
		Overall:              overall{Score: r.Overall.Score, Level: r.Overall.Level, Answered: r.Overall.Answered, Total: r.Overall.Total, DontKnow: r.Overall.DontKnow},
		Stages:               make([]stage, 0, len(r.Stages)),
		Capabilities:         make([]capability, 0, len(r.Capabilities)),
		Roadmap:              make([]step, 0, len(r.Roadmap)),
	}
	for _, s := range r.Stages {
		out.Stages = append(out.Stages, stage{ID: s.ID, Title: s.Title, Order: s.Order, Score: s.Score, Reached: s.Reached, Status: string(s.Status), BlockedBy: nonNil(s.BlockedBy)})
	}
	for _, c := range r.Capabilities {
		out.Capabilities = append(out.Capabilities, capability{ID: c.ID, Title: c.Title, Stage: c.Stage, Status: string(c.Status), Score: c.Score,
			Target: c.Target, Answered: c.Answered, Total: c.Total, DontKnow: c.DontKnow, Divergence: nonNil(c.Divergence),
			CriticalGaps: nonNil(c.CriticalGaps), Agreed: c.Agreed})
	}
	for _, i := range r.Roadmap {
		out.Roadmap = append(out.Roadmap, step{Position: i.Position, Capability: i.Capability, Title: i.Title, Stage: i.Stage,
			Phase: string(i.Phase), Requires: nonNil(i.Requires), Score: i.Score, Target: i.Target, Reason: i.Reason})
	}
	return out
}

// Assessment is the contract's shape of an assessment; a workshop carries its join link.
type Assessment struct {
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
	FocusEndsAt          *time.Time `json:"focus_ends_at,omitempty"`
	MaxParticipants      int        `json:"max_participants"`
	// The fit to the engagement (scoring rule 8). Scope and Targets are
	// the effective values once Fitted: every capability in scope, and
	// every capability's target, overridden or the model's.
	Scope    []string       `json:"scope"`
	Targets  map[string]int `json:"targets"`
	Form     string         `json:"form"`
	Language string         `json:"language"`
	Welcome  string         `json:"welcome"`
}

// NewAssessment converts a domain assessment; baseURL makes its join link.
func NewAssessment(a assessment.Assessment, baseURL string) Assessment {
	out := Assessment{ID: a.ID, OrganisationID: a.OrganisationID, Questionnaire: a.Questionnaire,
		QuestionnaireVersion: a.QuestionnaireVersion, Mode: string(a.Mode), Title: a.Title, Status: string(a.Status),
		CreatedAt: a.CreatedAt.UTC(), ClosedAt: a.ClosedAt, Respondents: a.Respondents, Submitted: a.Submitted,
		MaxParticipants: a.MaxParticipants, Scope: a.Scope, Targets: a.Targets, Form: string(a.Form),
		Language: a.Language, Welcome: a.Welcome}
	if out.Form == "" {
		out.Form = string(assessment.FormFull)
	}
	if out.Language == "" {
		out.Language = assessment.DefaultLanguage
	}
	if a.JoinCode != "" {
		out.JoinCode = a.JoinCode
		out.JoinURL = baseURL + "/j/" + a.JoinCode
	}
	if a.Focus != "" {
		f := a.Focus
		out.Focus = &f
		out.FocusEndsAt = a.FocusEndsAt
	}
	return out
}

// Fitted is a's shape with its effective scope and targets in m, the
// questionnaire version it runs on: a nil scope means every capability,
// and a capability without an override is held to the model's target.
func Fitted(a assessment.Assessment, m *assessment.Model, baseURL string) Assessment {
	out := NewAssessment(a, baseURL)
	fit := a.Fit()
	out.Scope = fit.ScopeOf(m)
	out.Targets = make(map[string]int, len(m.Capabilities))
	for i := range m.Capabilities {
		out.Targets[m.Capabilities[i].ID] = fit.Target(&m.Capabilities[i])
	}
	return out
}

// Organisation is the contract's shape of an organisation.
type Organisation struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Industry  string    `json:"industry"`
	CreatedAt time.Time `json:"created_at"`
}

// NewOrganisation converts a domain organisation.
func NewOrganisation(o assessment.Organisation) Organisation {
	return Organisation{ID: o.ID, Name: o.Name, Industry: o.Industry, CreatedAt: o.CreatedAt.UTC()}
}

// Answer is a stored answer: the same keys a PUT takes.
type Answer struct {
	RespondentID string    `json:"respondent_id,omitempty"`
	Question     string    `json:"question"`
	Option       *string   `json:"option,omitempty"`
	Options      *[]string `json:"options,omitempty"` // a pointer so that an empty selection still shows as []
	Value        *float64  `json:"value,omitempty"`
	Text         *string   `json:"text,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// NewAnswer converts a domain answer; t is the question's type, which says
// which of the answer keys is meaningful.
func NewAnswer(a assessment.Answer, t assessment.QuestionType) Answer {
	out := Answer{RespondentID: a.RespondentID, Question: a.QuestionID, Comment: a.Comment, UpdatedAt: a.UpdatedAt.UTC()}
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

// Agreed is the shape of an agreed answer: the question, the answer as a
// respondent would give it, and why the group settled on it.
type Agreed struct {
	Question  string    `json:"question"`
	Answer    Answer    `json:"answer"`
	Rationale string    `json:"rationale"`
	AgreedAt  time.Time `json:"agreed_at"`
}

// NewAgreed converts an agreed answer to a question of type t.
func NewAgreed(a assessment.AgreedAnswer, t assessment.QuestionType) Agreed {
	ans := NewAnswer(a.Answer, t)
	ans.RespondentID, ans.Comment = "", ""
	return Agreed{Question: a.Answer.QuestionID, Answer: ans, Rationale: a.Rationale, AgreedAt: a.AgreedAt.UTC()}
}
