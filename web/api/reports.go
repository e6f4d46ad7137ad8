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
		brand, err := s.brand(c)
		if err != nil {
			return err
		}
		return report.PDF(b, report.Document{Export: x, Date: s.svc.Now(), Since: since, Perspectives: &pc, Brand: brand})
	})
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
