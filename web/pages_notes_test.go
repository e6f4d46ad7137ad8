package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestNotesPage(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	v, tok := h.signIn("Scribe")
	_, id, _ := h.setup(tok, "workshop", 0)
	_, otherTok := h.signIn("Outsider")
	_, otherID, _ := h.setup(otherTok, "workshop", 0)
	capID, capTitle := h.model.Capabilities[1].ID, h.model.Capabilities[1].Title
	path := "/assessments/" + id + "/notes"

	wantPage(t, "the editor", v.get(path), 200, `name="summary"`, `name="finding.`+capID+`"`, html.EscapeString(capTitle), `name="_csrf"`,
		`href="/assessments/`+id+`/report.pdf"`, `href="/assessments/`+id+`/roadmap.csv"`)

	r := v.post(path, url.Values{"summary": {"x"}, "_csrf": {""}})
	if r.Status != 403 {
		t.Fatalf("without a CSRF token: %s", r)
	}

	typed := `Zürich <b>leads</b> & "Łódź" follows`
	long := strings.Repeat("x", 20001)
	r = v.post(path, url.Values{"summary": {typed}, "finding." + capID: {long}})
	wantPage(t, "a finding too long", r, 422, "at most 20000 characters", html.EscapeString(typed), `aria-invalid="true"`)
	if strings.Contains(string(r.Body), "<b>leads</b>") {
		t.Error("typed text is not escaped")
	}
	var notes struct {
		Summary      string
		Capabilities map[string]string
	}
	h.mustJSON("GET", "/api/v1/assessments/"+id+"/notes", tok, nil, 200, &notes)
	if notes.Summary != "" {
		t.Fatalf("a refused form saved %+v", notes)
	}

	r = v.post(path, url.Values{"summary": {typed}, "finding." + capID: {"Owned by nobody yet."}})
	wantRedirect(t, "save", r, path+"?saved=1")
	h.mustJSON("GET", "/api/v1/assessments/"+id+"/notes", tok, nil, 200, &notes)
	if notes.Summary != typed || notes.Capabilities[capID] != "Owned by nobody yet." || len(notes.Capabilities) != 1 {
		t.Fatalf("saved notes: %+v", notes)
	}
	wantPage(t, "after saving", v.get(path+"?saved=1"), 200, "Saved.", "Owned by nobody yet.")
	wantRedirect(t, "save from the results page", v.post(path, url.Values{"summary": {typed}, "finding." + capID: {"Owned by nobody yet."}, "back": {"results"}}),
		"/assessments/"+id+"/results#notes")

	results := "/assessments/" + id + "/results"
	wantPage(t, "the results page", v.get(results), 200, "Consultant’s summary", html.EscapeString(typed),
		`href="/assessments/`+id+`/report.pdf"`, `href="/assessments/`+id+`/roadmap.csv"`,
		`action="/assessments/`+id+`/notes"`, `name="back" value="results"`, `name="finding.`+capID+`"`, "Owned by nobody yet.")
	r = v.post(path, url.Values{"summary": {long}, "back": {"results"}})
	wantPage(t, "a refused save from the results page", r, 422, `name="back" value="results"`, "at most 20000 characters")

	wantPage(t, "another workspace's notes", v.get("/assessments/"+otherID+"/notes"), 404)
	if r := v.post("/assessments/"+otherID+"/notes", url.Values{"summary": {"x"}}); r.Status != 404 {
		t.Errorf("posting another workspace's notes: %s", r)
	}
	wantRedirect(t, "signed out", h.visitor().get(path), "/login")
}
