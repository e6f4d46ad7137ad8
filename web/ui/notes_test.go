package ui_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

func TestNotesPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Scribe")
	_, id, _ := h.Setup(tok, "workshop", 0)
	_, otherTok := h.SignIn("Outsider")
	_, otherID, _ := h.Setup(otherTok, "workshop", 0)
	capID, capTitle := h.Model.Capabilities[1].ID, h.Model.Capabilities[1].Title
	path := "/assessments/" + id + "/notes"

	webtest.WantPage(t, "the editor", v.Get(path), 200, `name="summary"`, `name="finding.`+capID+`"`, html.EscapeString(capTitle), `name="_csrf"`,
		`href="/assessments/`+id+`/report.pdf"`, `href="/assessments/`+id+`/roadmap.csv"`)

	r := v.Post(path, url.Values{"summary": {"x"}, "_csrf": {""}})
	if r.Status != 403 {
		t.Fatalf("without a CSRF token: %s", r)
	}

	typed := `Zürich <b>leads</b> & "Łódź" follows`
	long := strings.Repeat("x", 20001)
	r = v.Post(path, url.Values{"summary": {typed}, "finding." + capID: {long}})
	webtest.WantPage(t, "a finding too long", r, 422, "at most 20000 characters", html.EscapeString(typed), `aria-invalid="true"`)
	if strings.Contains(string(r.Body), "<b>leads</b>") {
		t.Error("typed text is not escaped")
	}
	var notes struct {
		Summary      string
		Capabilities map[string]string
	}
	h.MustJSON("GET", "/api/v1/assessments/"+id+"/notes", tok, nil, 200, &notes)
	if notes.Summary != "" {
		t.Fatalf("a refused form saved %+v", notes)
	}

	r = v.Post(path, url.Values{"summary": {typed}, "finding." + capID: {"Owned by nobody yet."}})
	webtest.WantRedirect(t, "save", r, path+"?saved=1")
	h.MustJSON("GET", "/api/v1/assessments/"+id+"/notes", tok, nil, 200, &notes)
	if notes.Summary != typed || notes.Capabilities[capID] != "Owned by nobody yet." || len(notes.Capabilities) != 1 {
		t.Fatalf("saved notes: %+v", notes)
	}
	webtest.WantPage(t, "after saving", v.Get(path+"?saved=1"), 200, "Saved.", "Owned by nobody yet.")
	webtest.WantRedirect(t, "save from the results page", v.Post(path, url.Values{"summary": {typed}, "finding." + capID: {"Owned by nobody yet."}, "back": {"results"}}),
		"/assessments/"+id+"/results#notes")

	results := "/assessments/" + id + "/results"
	webtest.WantPage(t, "the results page", v.Get(results), 200, "Consultant’s summary", html.EscapeString(typed),
		`href="/assessments/`+id+`/report.pdf"`, `href="/assessments/`+id+`/roadmap.csv"`,
		`action="/assessments/`+id+`/notes"`, `name="back" value="results"`, `name="finding.`+capID+`"`, "Owned by nobody yet.")
	r = v.Post(path, url.Values{"summary": {long}, "back": {"results"}})
	webtest.WantPage(t, "a refused save from the results page", r, 422, `name="back" value="results"`, "at most 20000 characters")

	webtest.WantPage(t, "another workspace's notes", v.Get("/assessments/"+otherID+"/notes"), 404)
	if r := v.Post("/assessments/"+otherID+"/notes", url.Values{"summary": {"x"}}); r.Status != 404 {
		t.Errorf("posting another workspace's notes: %s", r)
	}
	webtest.WantRedirect(t, "signed out", h.Visitor().Get(path), "/login")
}
