// Package report renders an assessment and its result as JSON, CSV and PDF,
// for both the API and the readiness report command.
package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/readiness/readiness/assessment"
)

// Result is the contract's JSON shape of an assessment.Result.
type Result struct {
	Overall      Overall      `json:"overall"`
	Stages       []Stage      `json:"stages"`
	Capabilities []Capability `json:"capabilities"`
	Roadmap      []Step       `json:"roadmap"`
}

// Overall is the contract's "overall" object.
type Overall struct {
	Score    *float64 `json:"score"`
	Level    int      `json:"level"`
	Answered int      `json:"answered"`
	Total    int      `json:"total"`
	DontKnow int      `json:"dont_know"`
}

// Stage is one entry of the contract's "stages".
type Stage struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Order     int      `json:"order"`
	Score     *float64 `json:"score"`
	Reached   bool     `json:"reached"`
	BlockedBy []string `json:"blocked_by"`
}

// Capability is one entry of the contract's "capabilities".
type Capability struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Stage      string   `json:"stage"`
	Status     string   `json:"status"`
	Score      *float64 `json:"score"`
	Target     int      `json:"target"`
	Answered   int      `json:"answered"`
	Total      int      `json:"total"`
	DontKnow   int      `json:"dont_know"`
	Divergence []string `json:"divergence"`
}

// Step is one entry of the contract's "roadmap".
type Step struct {
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

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// NewResult converts a domain result to its JSON shape.
func NewResult(r *assessment.Result) Result {
	out := Result{
		Overall:      Overall{Score: r.Overall.Score, Level: r.Overall.Level, Answered: r.Overall.Answered, Total: r.Overall.Total, DontKnow: r.Overall.DontKnow},
		Stages:       make([]Stage, 0, len(r.Stages)),
		Capabilities: make([]Capability, 0, len(r.Capabilities)),
		Roadmap:      make([]Step, 0, len(r.Roadmap)),
	}
	for _, s := range r.Stages {
		out.Stages = append(out.Stages, Stage{ID: s.ID, Title: s.Title, Order: s.Order, Score: s.Score, Reached: s.Reached, BlockedBy: nonNil(s.BlockedBy)})
	}
	for _, c := range r.Capabilities {
		out.Capabilities = append(out.Capabilities, Capability{ID: c.ID, Title: c.Title, Stage: c.Stage, Status: string(c.Status), Score: c.Score,
			Target: c.Target, Answered: c.Answered, Total: c.Total, DontKnow: c.DontKnow, Divergence: nonNil(c.Divergence)})
	}
	for _, i := range r.Roadmap {
		out.Roadmap = append(out.Roadmap, Step{Position: i.Position, Capability: i.Capability, Title: i.Title, Stage: i.Stage,
			Phase: string(i.Phase), Requires: nonNil(i.Requires), Score: i.Score, Target: i.Target, Reason: i.Reason})
	}
	return out
}

// Assessment is the API's JSON shape of an assessment; JoinURL is filled by the caller.
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
}

// NewAssessment converts a domain assessment; baseURL makes its join link.
func NewAssessment(a assessment.Assessment, baseURL string) Assessment {
	out := Assessment{ID: a.ID, OrganisationID: a.OrganisationID, Questionnaire: a.Questionnaire,
		QuestionnaireVersion: a.QuestionnaireVersion, Mode: string(a.Mode), Title: a.Title, Status: string(a.Status),
		CreatedAt: a.CreatedAt.UTC(), ClosedAt: a.ClosedAt, Respondents: a.Respondents, Submitted: a.Submitted}
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

// Organisation is the API's JSON shape of an organisation.
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

// Respondent is the JSON shape of a respondent in exports and lists.
type Respondent struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Role        string     `json:"role"`
	CreatedAt   time.Time  `json:"created_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
}

// NewRespondent converts a domain respondent.
func NewRespondent(r assessment.Respondent) Respondent {
	return Respondent{ID: r.ID, Name: r.Name, Role: r.Role, CreatedAt: r.CreatedAt.UTC(), SubmittedAt: r.SubmittedAt}
}

// Answer is the JSON shape of a stored answer: the same keys a PUT takes.
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

// Export is the JSON export of an assessment: everything needed to
// reproduce its result elsewhere.
type Export struct {
	Assessment           Assessment   `json:"assessment"`
	Organisation         Organisation `json:"organisation"`
	Questionnaire        string       `json:"questionnaire"`
	QuestionnaireVersion string       `json:"questionnaire_version"`
	Respondents          []Respondent `json:"respondents"`
	Answers              []Answer     `json:"answers"`
	Result               Result       `json:"result"`
}

// NewExport converts everything known about an assessment.
func NewExport(x *assessment.Export, baseURL string) Export {
	ix, m := x.Index, x.Index.Model()
	out := Export{
		Assessment: NewAssessment(x.Assessment, baseURL), Organisation: NewOrganisation(x.Organisation),
		Questionnaire: m.Slug, QuestionnaireVersion: m.Version,
		Respondents: make([]Respondent, 0, len(x.Respondents)), Answers: make([]Answer, 0, len(x.Answers)),
		Result: NewResult(x.Result),
	}
	for _, r := range x.Respondents {
		out.Respondents = append(out.Respondents, NewRespondent(r))
	}
	for _, a := range x.Answers {
		q, _, ok := ix.Question(a.QuestionID)
		if !ok {
			continue
		}
		out.Answers = append(out.Answers, NewAnswer(a, q.Type))
	}
	return out
}

// JSON writes the export of an assessment, indented for people who open it.
func JSON(w io.Writer, x *assessment.Export, baseURL string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewExport(x, baseURL))
}
