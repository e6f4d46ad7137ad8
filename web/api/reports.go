package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
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
	ctx, u := c.Request().Context(), web.User(c)
	rep, err := s.svc.Report(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if c.QueryParam("texts") == "0" {
		rep.Texts = nil // a report without what participants wrote
	}
	var buf bytes.Buffer
	if err := report.PDF(&buf, report.NewDocument(rep, s.svc.Now())); err != nil {
		return fmt.Errorf("render pdf export of %s: %w", rep.Assessment.ID, err)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", exportName(rep.Assessment, "pdf")))
	return c.Blob(http.StatusOK, "application/pdf", buf.Bytes())
}

func (s *handler) exportRoadmap(c echo.Context) error {
	return s.export(c, "text/csv; charset=utf-8", "roadmap.csv", func(b *bytes.Buffer, x *assessment.Export) error {
		return report.RoadmapCSV(b, x)
	})
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
