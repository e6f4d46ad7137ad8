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
	// The fit to the engagement; absent means the whole model, its
	// targets, the full form, English and no welcome note.
	QuestionnaireVersion string         `json:"questionnaire_version"`
	Scope                []string       `json:"scope"`
	Targets              map[string]int `json:"targets"`
	Form                 string         `json:"form"`
	Language             string         `json:"language"`
	Welcome              string         `json:"welcome"`
}

func (s *handler) createAssessment(c echo.Context) error {
	var in assessmentRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.svc.CreateAssessment(c.Request().Context(), web.User(c), assessment.NewAssessment{
		OrganisationID: in.OrganisationID, Questionnaire: in.Questionnaire, Mode: assessment.Mode(in.Mode), Title: in.Title,
		MaxParticipants: in.MaxParticipants, QuestionnaireVersion: in.QuestionnaireVersion, Scope: in.Scope,
		Targets: in.Targets, Form: assessment.Form(in.Form), Language: in.Language, Welcome: in.Welcome})
	if err != nil {
		return err
	}
	return s.assessmentJSON(c, http.StatusCreated, a)
}

// assessmentJSON answers with a's shape and its effective scope and
// targets, which need the questionnaire version it runs on.
func (s *handler) assessmentJSON(c echo.Context, status int, a assessment.Assessment) error {
	out, err := s.fitted(c, a)
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}

func (s *handler) fitted(c echo.Context, a assessment.Assessment) (shape.Assessment, error) {
	_, m, err := s.svc.AssessmentQuestionnaire(c.Request().Context(), web.User(c), a.ID)
	if err != nil {
		return shape.Assessment{}, err
	}
	return shape.Fitted(a, m, s.baseURL), nil
}

func (s *handler) listAssessments(c echo.Context) error {
	as, err := s.svc.Assessments(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	out := make([]shape.Assessment, 0, len(as))
	for _, a := range as {
		f, err := s.fitted(c, a)
		if err != nil {
			return err
		}
		out = append(out, f)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) getAssessment(c echo.Context) error {
	a, err := s.svc.Assessment(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.assessmentJSON(c, http.StatusOK, a)
}

func (s *handler) closeAssessment(c echo.Context) error {
	a, err := s.svc.CloseAssessment(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.assessmentJSON(c, http.StatusOK, a)
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
	return s.assessmentJSON(c, http.StatusOK, a)
}

// assessmentPatch leaves out what the client did not send.
type assessmentPatch struct {
	Title           *string         `json:"title"`
	MaxParticipants *int            `json:"max_participants"`
	Scope           *[]string       `json:"scope"`
	Targets         *map[string]int `json:"targets"`
	Form            *string         `json:"form"`
	Language        *string         `json:"language"`
	Welcome         *string         `json:"welcome"`
	// QuestionnaireVersion cannot change: an assessment keeps the version
	// it was started with. Sending the one it has is harmless.
	QuestionnaireVersion *string `json:"questionnaire_version"`
}

func (s *handler) updateAssessment(c echo.Context) error {
	var in assessmentPatch
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if in.QuestionnaireVersion != nil {
		a, err := s.svc.Assessment(c.Request().Context(), web.User(c), c.Param("id"))
		if err != nil {
			return err
		}
		if *in.QuestionnaireVersion != a.QuestionnaireVersion {
			return assessment.FieldError("questionnaire_version", "is fixed once the assessment exists (it runs on %s); start a new assessment for another version", a.QuestionnaireVersion)
		}
	}
	up := assessment.AssessmentUpdate{Title: in.Title, MaxParticipants: in.MaxParticipants, Scope: in.Scope,
		Targets: in.Targets, Language: in.Language, Welcome: in.Welcome}
	if in.Form != nil {
		f := assessment.Form(*in.Form)
		up.Form = &f
	}
	a, err := s.svc.UpdateAssessment(c.Request().Context(), web.User(c), c.Param("id"), up)
	if err != nil {
		return err
	}
	return s.assessmentJSON(c, http.StatusOK, a)
}

func (s *handler) deleteAssessment(c echo.Context) error {
	if err := s.svc.DeleteAssessment(c.Request().Context(), web.User(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
