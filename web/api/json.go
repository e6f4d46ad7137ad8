package api

import (
	"time"

	"github.com/readiness/readiness/assessment"
)

// The JSON shapes of API v1 that no export has (the contract names their
// keys). The shapes of a result, an assessment, an organisation and an
// answer are shared with the JSON export and live in web/api/shape.

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
