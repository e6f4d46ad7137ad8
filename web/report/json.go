// Package report renders an assessment and its result as JSON, CSV and PDF
// exports, for both the API's export endpoints and the readiness report
// command. The contract's JSON export embeds the API's shapes of a result,
// an assessment, an organisation and an answer, so those shapes are defined
// once, here, where both the API (web) and the export can reach them.
package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/readiness/readiness/assessment"
)

// ResultJSON is the contract's shape of an assessment.Result.
type ResultJSON struct {
	Basis                string           `json:"basis"`
	Perspective          *string          `json:"perspective"` // null: every respondent
	QuestionnaireVersion string           `json:"questionnaire_version"`
	Overall              overallJSON      `json:"overall"`
	Stages               []stageJSON      `json:"stages"`
	Capabilities         []capabilityJSON `json:"capabilities"`
	Roadmap              []stepJSON       `json:"roadmap"`
}

// overallJSON is the result's "overall" object.
type overallJSON struct {
	Score    *float64 `json:"score"`
	Level    int      `json:"level"`
	Answered int      `json:"answered"`
	Total    int      `json:"total"`
	DontKnow int      `json:"dont_know"`
}

// stageJSON is one entry of the result's "stages".
type stageJSON struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Order     int      `json:"order"`
	Score     *float64 `json:"score"`
	Reached   bool     `json:"reached"`
	BlockedBy []string `json:"blocked_by"`
}

// capabilityJSON is one entry of the result's "capabilities".
type capabilityJSON struct {
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

// stepJSON is one entry of the result's "roadmap".
type stepJSON struct {
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

// NewResultJSON converts a domain result to its JSON shape.
func NewResultJSON(r *assessment.Result) ResultJSON {
	out := ResultJSON{
		Basis:                string(r.Basis),
		Perspective:          nilIfEmpty(r.Perspective),
		QuestionnaireVersion: r.QuestionnaireVersion,
		Overall:              overallJSON{Score: r.Overall.Score, Level: r.Overall.Level, Answered: r.Overall.Answered, Total: r.Overall.Total, DontKnow: r.Overall.DontKnow},
		Stages:               make([]stageJSON, 0, len(r.Stages)),
		Capabilities:         make([]capabilityJSON, 0, len(r.Capabilities)),
		Roadmap:              make([]stepJSON, 0, len(r.Roadmap)),
	}
	for _, s := range r.Stages {
		out.Stages = append(out.Stages, stageJSON{ID: s.ID, Title: s.Title, Order: s.Order, Score: s.Score, Reached: s.Reached, BlockedBy: nonNil(s.BlockedBy)})
	}
	for _, c := range r.Capabilities {
		out.Capabilities = append(out.Capabilities, capabilityJSON{ID: c.ID, Title: c.Title, Stage: c.Stage, Status: string(c.Status), Score: c.Score,
			Target: c.Target, Answered: c.Answered, Total: c.Total, DontKnow: c.DontKnow, Divergence: nonNil(c.Divergence),
			CriticalGaps: nonNil(c.CriticalGaps), Agreed: c.Agreed})
	}
	for _, i := range r.Roadmap {
		out.Roadmap = append(out.Roadmap, stepJSON{Position: i.Position, Capability: i.Capability, Title: i.Title, Stage: i.Stage,
			Phase: string(i.Phase), Requires: nonNil(i.Requires), Score: i.Score, Target: i.Target, Reason: i.Reason})
	}
	return out
}

// AssessmentJSON is the contract's shape of an assessment; a workshop carries its join link.
type AssessmentJSON struct {
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

// NewAssessmentJSON converts a domain assessment; baseURL makes its join link.
func NewAssessmentJSON(a assessment.Assessment, baseURL string) AssessmentJSON {
	out := AssessmentJSON{ID: a.ID, OrganisationID: a.OrganisationID, Questionnaire: a.Questionnaire,
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

// OrganisationJSON is the contract's shape of an organisation.
type OrganisationJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Industry  string    `json:"industry"`
	CreatedAt time.Time `json:"created_at"`
}

// NewOrganisationJSON converts a domain organisation.
func NewOrganisationJSON(o assessment.Organisation) OrganisationJSON {
	return OrganisationJSON{ID: o.ID, Name: o.Name, Industry: o.Industry, CreatedAt: o.CreatedAt.UTC()}
}

// respondentJSON is the export's shape of a respondent.
type respondentJSON struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Role        string     `json:"role"`
	Perspective *string    `json:"perspective"` // null: asked every question
	CreatedAt   time.Time  `json:"created_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
}

// newRespondentJSON converts a domain respondent.
func newRespondentJSON(r assessment.Respondent) respondentJSON {
	return respondentJSON{ID: r.ID, Name: r.Name, Role: r.Role, Perspective: nilIfEmpty(r.Perspective), CreatedAt: r.CreatedAt.UTC(), SubmittedAt: r.SubmittedAt}
}

// AnswerJSON is a stored answer: the same keys a PUT takes.
type AnswerJSON struct {
	RespondentID string    `json:"respondent_id,omitempty"`
	Question     string    `json:"question"`
	Option       *string   `json:"option,omitempty"`
	Options      *[]string `json:"options,omitempty"` // a pointer so that an empty selection still shows as []
	Value        *float64  `json:"value,omitempty"`
	Text         *string   `json:"text,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// NewAnswerJSON converts a domain answer; t is the question's type, which says
// which of the answer keys is meaningful.
func NewAnswerJSON(a assessment.Answer, t assessment.QuestionType) AnswerJSON {
	out := AnswerJSON{RespondentID: a.RespondentID, Question: a.QuestionID, Comment: a.Comment, UpdatedAt: a.UpdatedAt.UTC()}
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

// exportJSON is the JSON export of an assessment: everything needed to
// reproduce its result elsewhere.
type exportJSON struct {
	Assessment           AssessmentJSON   `json:"assessment"`
	Organisation         OrganisationJSON `json:"organisation"`
	Questionnaire        string           `json:"questionnaire"`
	QuestionnaireVersion string           `json:"questionnaire_version"`
	Respondents          []respondentJSON `json:"respondents"`
	Answers              []AnswerJSON     `json:"answers"`
	Agreed               []AgreedJSON     `json:"agreed"`
	Result               ResultJSON       `json:"result"`
}

// AgreedJSON is the shape of an agreed answer: the question, the answer as a
// respondent would give it, and why the group settled on it.
type AgreedJSON struct {
	Question  string     `json:"question"`
	Answer    AnswerJSON `json:"answer"`
	Rationale string     `json:"rationale"`
	AgreedAt  time.Time  `json:"agreed_at"`
}

// NewAgreedJSON converts an agreed answer to a question of type t.
func NewAgreedJSON(a assessment.AgreedAnswer, t assessment.QuestionType) AgreedJSON {
	ans := NewAnswerJSON(a.Answer, t)
	ans.RespondentID, ans.Comment = "", ""
	return AgreedJSON{Question: a.Answer.QuestionID, Answer: ans, Rationale: a.Rationale, AgreedAt: a.AgreedAt.UTC()}
}

// newExportJSON converts everything known about an assessment.
func newExportJSON(x *assessment.Export, baseURL string) exportJSON {
	ix, m := x.Index, x.Index.Model()
	out := exportJSON{
		Assessment: NewAssessmentJSON(x.Assessment, baseURL), Organisation: NewOrganisationJSON(x.Organisation),
		Questionnaire: m.Slug, QuestionnaireVersion: m.Version,
		Respondents: make([]respondentJSON, 0, len(x.Respondents)), Answers: make([]AnswerJSON, 0, len(x.Answers)),
		Agreed: make([]AgreedJSON, 0, len(x.Agreed)), Result: NewResultJSON(x.Result),
	}
	for _, a := range x.Agreed {
		if q, _, ok := ix.Question(a.Answer.QuestionID); ok {
			out.Agreed = append(out.Agreed, NewAgreedJSON(a, q.Type))
		}
	}
	for _, r := range x.Respondents {
		out.Respondents = append(out.Respondents, newRespondentJSON(r))
	}
	for _, a := range x.Answers {
		q, _, ok := ix.Question(a.QuestionID)
		if !ok {
			continue
		}
		out.Answers = append(out.Answers, NewAnswerJSON(a, q.Type))
	}
	return out
}

// JSON writes the export of an assessment, indented for people who open it.
func JSON(w io.Writer, x *assessment.Export, baseURL string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(newExportJSON(x, baseURL))
}
