package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// notesJSON is the contract's shape of an assessment's notes.
type notesJSON struct {
	Summary      string            `json:"summary"`
	Capabilities map[string]string `json:"capabilities"`
	UpdatedAt    *time.Time        `json:"updated_at"` // null until first saved
}

func newNotesJSON(n assessment.Notes) notesJSON {
	out := notesJSON{Summary: n.Summary, Capabilities: n.Capabilities}
	if out.Capabilities == nil {
		out.Capabilities = map[string]string{}
	}
	if !n.UpdatedAt.IsZero() {
		t := n.UpdatedAt.UTC()
		out.UpdatedAt = &t
	}
	return out
}

type notesRequest struct {
	Summary      string            `json:"summary"`
	Capabilities map[string]string `json:"capabilities"`
}

func (s *handler) getNotes(c echo.Context) error {
	n, err := s.svc.Notes(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newNotesJSON(n))
}

func (s *handler) putNotes(c echo.Context) error {
	var in notesRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.svc.SaveNotes(c.Request().Context(), web.User(c), c.Param("id"),
		assessment.Notes{Summary: in.Summary, Capabilities: in.Capabilities})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newNotesJSON(n))
}
