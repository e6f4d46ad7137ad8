package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/chart"
	"github.com/readiness/readiness/web/locale"
)

// notesPage edits the consultant's notes: the executive summary and a
// finding per capability, as printed in the PDF report. A plain form: no
// script is needed to write or save them.
type notesPage struct {
	page
	Assessment assessment.Assessment
	NotesForm  notesForm
	Saved      bool
}

// notesForm is the notes editor; the results page embeds it too.
type notesForm struct {
	Action  string // where it posts
	Back    string // "results" when posted from the results page
	Summary noteField
	Fields  []noteField // one per capability, in questionnaire order
	Message string
}

// noteField is one textarea of the editor.
type noteField struct {
	ID, Name, Label, Hint, Value, Error string
}

// findingField is the form field of a capability's finding.
func findingField(capID string) string { return "finding." + capID }

// newNotesForm fills the editor from the export; typed, when not nil, is
// what was posted and is shown again instead of the stored notes.
func newNotesForm(p *locale.Printer, x *assessment.Export, typed map[string]string) notesForm {
	value := func(name, stored string) string {
		if typed != nil {
			return typed[name]
		}
		return stored
	}
	f := notesForm{
		Action: "/assessments/" + x.Assessment.ID + "/notes",
		Summary: noteField{ID: "notes-summary", Name: "summary", Label: p.T("notes.summary"),
			Hint:  p.T("notes.summary_hint"),
			Value: value("summary", x.Notes.Summary)},
	}
	for _, c := range x.Result.Capabilities {
		hint := p.T("notes.score", "Score", chart.Score(c.Score))
		if c.Score != nil {
			hint = p.T("notes.score_target", "Score", chart.Score(c.Score), "Target", strconv.Itoa(c.Target))
		}
		name := findingField(c.ID)
		f.Fields = append(f.Fields, noteField{ID: "notes-" + c.ID, Name: name, Label: c.Title, Hint: hint,
			Value: value(name, x.Notes.Finding(c.ID))})
	}
	return f
}

// paragraphs splits a text at blank lines, for a template to print each
// paragraph as one.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// fail puts a validation error beside its textarea.
func (f *notesForm) fail(err *assessment.Error) {
	name := err.Field
	if id, ok := strings.CutPrefix(err.Field, "capabilities."); ok {
		name = findingField(id)
	}
	msg := sentence(err.Message)
	if name == "summary" {
		f.Summary.Error = msg
		return
	}
	for i := range f.Fields {
		if f.Fields[i].Name == name {
			f.Fields[i].Error = msg
			return
		}
	}
	f.Message = msg
}

func (s *handler) notesEditor(c echo.Context) error {
	x, err := s.svc.Overview(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	v := notesPage{page: s.newPage(c, s.T(c, "notes.page_title", "Title", x.Assessment.Title)), Assessment: x.Assessment,
		NotesForm: newNotesForm(s.printer(c), x, nil), Saved: c.QueryParam("saved") != ""}
	return s.render(c, http.StatusOK, "notes.html", v)
}

func (s *handler) saveNotesPage(c echo.Context) error {
	ctx, u, id := c.Request().Context(), web.User(c), c.Param("id")
	x, err := s.svc.Overview(ctx, u, id)
	if err != nil {
		return err
	}
	typed := map[string]string{"summary": c.FormValue("summary")}
	n := assessment.Notes{Summary: typed["summary"], Capabilities: map[string]string{}}
	for _, cr := range x.Result.Capabilities {
		name := findingField(cr.ID)
		typed[name] = c.FormValue(name)
		n.Capabilities[cr.ID] = typed[name]
	}
	_, err = s.svc.SaveNotes(ctx, u, id, n)
	var de *assessment.Error
	if errors.As(err, &de) && de.Kind == assessment.Invalid {
		f := newNotesForm(s.printer(c), x, typed)
		f.fail(de)
		if c.FormValue("back") == "results" {
			f.Back = "results" // the next save still returns to the results page
		}
		v := notesPage{page: s.newPage(c, s.T(c, "notes.page_title", "Title", x.Assessment.Title)), Assessment: x.Assessment, NotesForm: f}
		return s.render(c, http.StatusUnprocessableEntity, "notes.html", v)
	}
	if err != nil {
		return err
	}
	if c.FormValue("back") == "results" {
		return seeOther(c, "/assessments/%s/results#notes", id)
	}
	return seeOther(c, "/assessments/%s/notes?saved=1", id)
}
