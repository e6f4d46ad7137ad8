package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api/shape"
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
	EndsAt     *string         `json:"ends_at"`
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
	var endsAt *time.Time
	if in.EndsAt != nil {
		t, err := time.Parse(time.RFC3339, *in.EndsAt)
		if err != nil {
			return assessment.FieldError("ends_at", "ends_at must be an RFC 3339 time, such as 2030-01-02T15:04:05Z")
		}
		endsAt = &t
	}
	a, err := s.svc.MoveFocus(c.Request().Context(), web.User(c), c.Param("id"), capability, endsAt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewAssessment(a, s.baseURL))
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
