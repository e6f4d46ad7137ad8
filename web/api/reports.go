package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/report"
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

// exportPDF serves the client report; the page route with the session uses
// it too, since a browser has no bearer token.
func (s *handler) exportPDF(c echo.Context) error {
	return s.export(c, "application/pdf", "pdf", func(b *bytes.Buffer, x *assessment.Export) error {
		since, err := s.svc.Since(c.Request().Context(), web.User(c), x.Assessment.ID)
		if err != nil {
			return err
		}
		pc, err := s.svc.PerspectiveComparison(c.Request().Context(), web.User(c), x.Assessment.ID, x.Respondents)
		if err != nil {
			return err
		}
		return report.PDF(b, report.Document{Export: x, Date: s.svc.Now(), Since: since, Perspectives: &pc})
	})
}

func (s *handler) exportRoadmap(c echo.Context) error {
	return s.export(c, "text/csv; charset=utf-8", "roadmap.csv", func(b *bytes.Buffer, x *assessment.Export) error {
		return report.RoadmapCSV(b, x)
	})
}
