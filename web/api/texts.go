package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// textJSON is the contract's shape of what a participant wrote: never with
// the respondent's name, id, role or perspective.
type textJSON struct {
	ID         string `json:"id"`
	Question   string `json:"question"`
	Capability string `json:"capability"`
	Kind       string `json:"kind"`
	Text       string `json:"text"`
	Hidden     bool   `json:"hidden"`
}

func newTextJSON(t assessment.ParticipantText) textJSON {
	return textJSON{ID: t.ID, Question: t.Question, Capability: t.Capability, Kind: string(t.Kind), Text: t.Text, Hidden: t.Hidden}
}

// textPatch is the body of PATCH .../texts/{tid}; a pointer tells a missing
// "hidden" (422) from false.
type textPatch struct {
	Hidden *bool `json:"hidden"`
}

func (s *handler) listTexts(c echo.Context) error {
	texts, err := s.svc.Texts(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]textJSON, 0, len(texts))
	for _, t := range texts {
		out = append(out, newTextJSON(t))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) patchText(c echo.Context) error {
	var in textPatch
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if in.Hidden == nil {
		return assessment.FieldError("hidden", "hidden is required: true hides the text, false shows it")
	}
	t, err := s.svc.SetTextHidden(c.Request().Context(), web.User(c), c.Param("id"), c.Param("tid"), *in.Hidden)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newTextJSON(t))
}
