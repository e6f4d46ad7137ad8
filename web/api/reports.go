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
// it too, since a browser has no bearer token. What participants wrote is
// printed unless ?texts=0: some clients want a report without verbatims.
func (s *handler) exportPDF(c echo.Context) error {
	withTexts, err := flagParam(c, "texts", true)
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), web.User(c)
	rep, err := s.svc.Report(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if !withTexts {
		rep.Texts = nil // a report without what participants wrote
	}
	brand, err := s.brand(c)
	if err != nil {
		return err
	}
	// The model's titles in the report's language, as its headings are.
	if err := s.svc.LocalizeExport(ctx, rep.Export, rep.Assessment.Language); err != nil {
		return err
	}
	doc := report.NewDocument(rep, s.svc.Now())
	doc.Brand = brand
	var buf bytes.Buffer
	if err := report.PDF(&buf, doc); err != nil {
		return fmt.Errorf("render pdf export of %s: %w", rep.Assessment.ID, err)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", exportName(rep.Assessment, "pdf")))
	return c.Blob(http.StatusOK, "application/pdf", buf.Bytes())
}

func (s *handler) exportRoadmap(c echo.Context) error {
	o, err := csvOptions(c)
	if err != nil {
		return err
	}
	return s.export(c, "text/csv; charset=utf-8", "roadmap.csv", func(b *bytes.Buffer, x *assessment.Export) error {
		return report.RoadmapCSVWith(b, x, o)
	})
}

// csvOptions reads a CSV download's ?excel=1 (a byte-order mark, so that
// spreadsheet programs read accents right) and ?sep=semicolon (German Excel
// splits only on ';'); a value it does not know is a 422 naming the parameter.
func csvOptions(c echo.Context) (report.CSVOptions, error) {
	excel, err := flagParam(c, "excel", false)
	if err != nil {
		return report.CSVOptions{}, err
	}
	o := report.CSVOptions{Excel: excel}
	switch c.QueryParam("sep") {
	case "", "comma":
	case "semicolon":
		o.Semicolon = true
	default:
		return report.CSVOptions{}, assessment.FieldError("sep", "sep is comma or semicolon")
	}
	return o, nil
}

// flagParam reads a query parameter that is 1 or 0; absent gives def.
func flagParam(c echo.Context, name string, def bool) (bool, error) {
	switch c.QueryParam(name) {
	case "":
		return def, nil
	case "1":
		return true, nil
	case "0":
		return false, nil
	}
	return false, assessment.FieldError(name, "%s is 1 or 0", name)
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

// exportCSV writes every answer, texts hidden from the pages included: an
// export is the consultant's own record.
func (s *handler) exportCSV(c echo.Context) error {
	o, err := csvOptions(c)
	if err != nil {
		return err
	}
	return s.export(c, "text/csv; charset=utf-8", "csv", func(b *bytes.Buffer, x *assessment.Export) error {
		return report.CSVWith(b, x, o)
	})
}
