package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api/shape"
	"github.com/readiness/readiness/web/report"
)

type assessmentRequest struct {
	OrganisationID string `json:"organisation_id"`
	Questionnaire  string `json:"questionnaire"`
	Mode           string `json:"mode"`
	Title          string `json:"title"`
	// MaxParticipants is a pointer: absent means the default.
	MaxParticipants *int `json:"max_participants"`
}

func (s *handler) createAssessment(c echo.Context) error {
	var in assessmentRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.svc.CreateAssessment(c.Request().Context(), web.User(c), assessment.NewAssessment{
		OrganisationID: in.OrganisationID, Questionnaire: in.Questionnaire, Mode: assessment.Mode(in.Mode), Title: in.Title,
		MaxParticipants: in.MaxParticipants})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, shape.NewAssessment(a, s.baseURL))
}

func (s *handler) listAssessments(c echo.Context) error {
	as, err := s.svc.Assessments(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	out := make([]shape.Assessment, 0, len(as))
	for _, a := range as {
		out = append(out, shape.NewAssessment(a, s.baseURL))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) getAssessment(c echo.Context) error {
	a, err := s.svc.Assessment(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewAssessment(a, s.baseURL))
}

func (s *handler) closeAssessment(c echo.Context) error {
	a, err := s.svc.CloseAssessment(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewAssessment(a, s.baseURL))
}

// focusRequest keeps the raw value: an absent key is a mistake, while null
// (stop focusing) and an id are both meaningful.
type focusRequest struct {
	Capability json.RawMessage `json:"capability"`
}

func (s *handler) putFocus(c echo.Context) error {
	var in focusRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if len(in.Capability) == 0 {
		return assessment.FieldError("capability", "is required: a capability id, or null to clear the focus")
	}
	var capability *string
	if err := json.Unmarshal(in.Capability, &capability); err != nil {
		return web.BadRequest("capability", "capability must be a JSON string or null")
	}
	a, err := s.svc.SetFocus(c.Request().Context(), web.User(c), c.Param("id"), capability)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewAssessment(a, s.baseURL))
}

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

// assessmentPatch leaves out what the client did not send.
type assessmentPatch struct {
	Title           *string `json:"title"`
	MaxParticipants *int    `json:"max_participants"`
}

func (s *handler) updateAssessment(c echo.Context) error {
	var in assessmentPatch
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.svc.UpdateAssessment(c.Request().Context(), web.User(c), c.Param("id"), assessment.AssessmentUpdate{Title: in.Title, MaxParticipants: in.MaxParticipants})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewAssessment(a, s.baseURL))
}

func (s *handler) deleteAssessment(c echo.Context) error {
	if err := s.svc.DeleteAssessment(c.Request().Context(), web.User(c), c.Param("id")); err != nil {
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

func (s *handler) getResult(c echo.Context) error {
	r, err := s.svc.ResultWith(c.Request().Context(), web.User(c), c.Param("id"), assessment.ResultOptions{
		Basis: assessment.Basis(c.QueryParam("basis")), Perspective: c.QueryParam("perspective")})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewResult(r))
}

// exportName is the download's file name: the title made safe, and the date.
func exportName(a assessment.Assessment, ext string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(a.Title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 60 {
			break
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "assessment"
	}
	return fmt.Sprintf("%s-%s.%s", name, time.Now().UTC().Format("2006-01-02"), ext)
}

func (s *handler) export(c echo.Context, contentType, ext string, render func(*bytes.Buffer, *assessment.Export) error) error {
	x, err := s.svc.Export(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(&buf, x); err != nil {
		return fmt.Errorf("render %s export of %s: %w", ext, x.Assessment.ID, err)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", exportName(x.Assessment, ext)))
	return c.Blob(http.StatusOK, contentType, buf.Bytes())
}

func (s *handler) exportJSON(c echo.Context) error {
	return s.export(c, echo.MIMEApplicationJSON, "json", func(b *bytes.Buffer, x *assessment.Export) error {
		return report.JSON(b, x, s.baseURL)
	})
}

func (s *handler) exportCSV(c echo.Context) error {
	return s.export(c, "text/csv; charset=utf-8", "csv", func(b *bytes.Buffer, x *assessment.Export) error {
		return report.CSV(b, x)
	})
}
