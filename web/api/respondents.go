package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

type respondentRequest struct {
	Name        string `json:"name"`
	Role        string `json:"role"`
	Perspective string `json:"perspective"`
}

func (in respondentRequest) newRespondent() assessment.NewRespondent {
	return assessment.NewRespondent{Name: in.Name, Role: in.Role, Perspective: in.Perspective}
}

type respondentCreated struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Role        string  `json:"role"`
	Perspective *string `json:"perspective"` // null: asked every question
	Token       string  `json:"token"`
	URL         string  `json:"url"`
}

func (s *handler) respondentURL(token string) string { return s.baseURL + "/r/" + token }

func (s *handler) createRespondent(c echo.Context) error {
	var in respondentRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	r, token, err := s.svc.AddRespondent(c.Request().Context(), web.User(c), c.Param("id"),
		in.newRespondent())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, respondentCreated{ID: r.ID, Name: r.Name, Role: r.Role, Perspective: nilIfEmpty(r.Perspective),
		Token: token, URL: s.respondentURL(token)})
}

func (s *handler) listRespondents(c echo.Context) error {
	rs, err := s.svc.Respondents(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]respondentSummaryJSON, 0, len(rs))
	for _, r := range rs {
		out = append(out, newRespondentSummaryJSON(r))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) deleteRespondent(c echo.Context) error {
	if err := s.svc.DeleteRespondent(c.Request().Context(), web.User(c), c.Param("id"), c.Param("rid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *handler) reissueToken(c echo.Context) error {
	resp, token, err := s.svc.ReissueToken(c.Request().Context(), web.User(c), c.Param("id"), c.Param("rid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, respondentCreated{ID: resp.ID, Name: resp.Name, Role: resp.Role, Perspective: nilIfEmpty(resp.Perspective), Token: token, URL: s.respondentURL(token)})
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
