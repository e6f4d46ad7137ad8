// Package report renders an assessment and its result as exports: the PDF
// report, the CSV and JSON exports and the roadmap CSV, for both the API's
// export endpoints and the readiness report command. The JSON export embeds
// the API's shapes of a result, an assessment, an organisation and an
// answer, which live in web/api/shape.
package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/api/shape"
)

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

// nilIfEmpty makes an absent text encode as null.
func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// exportJSON is the JSON export of an assessment: everything needed to
// reproduce its result elsewhere.
type exportJSON struct {
	Assessment           shape.Assessment   `json:"assessment"`
	Organisation         shape.Organisation `json:"organisation"`
	Questionnaire        string             `json:"questionnaire"`
	QuestionnaireVersion string             `json:"questionnaire_version"`
	Respondents          []respondentJSON   `json:"respondents"`
	Answers              []shape.Answer     `json:"answers"`
	Agreed               []shape.Agreed     `json:"agreed"`
	Result               shape.Result       `json:"result"`
}

// newExportJSON converts everything known about an assessment.
func newExportJSON(x *assessment.Export, baseURL string) exportJSON {
	ix, m := x.Index, x.Index.Model()
	out := exportJSON{
		Assessment: shape.Fitted(x.Assessment, x.Index.Model(), baseURL), Organisation: shape.NewOrganisation(x.Organisation),
		Questionnaire: m.Slug, QuestionnaireVersion: m.Version,
		Respondents: make([]respondentJSON, 0, len(x.Respondents)), Answers: make([]shape.Answer, 0, len(x.Answers)),
		Agreed: make([]shape.Agreed, 0, len(x.Agreed)), Result: shape.NewResult(x.Result),
	}
	for _, a := range x.Agreed {
		if q, _, ok := ix.Question(a.Answer.QuestionID); ok {
			out.Agreed = append(out.Agreed, shape.NewAgreed(a, q.Type))
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
		out.Answers = append(out.Answers, shape.NewAnswer(a, q.Type))
	}
	return out
}

// JSON writes the export of an assessment, indented for people who open it.
func JSON(w io.Writer, x *assessment.Export, baseURL string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(newExportJSON(x, baseURL))
}
