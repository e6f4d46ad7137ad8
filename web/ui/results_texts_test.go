package ui_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestResultsTexts: the results page quotes what participants wrote under
// its capability, hides and shows a text with its plain form (back at the
// capability's anchor), never sends a hidden text's words, and shows an
// agreed answer with its rationale.
func TestResultsTexts(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Written")
	intruder, _ := h.SignIn("Intruder")
	_, id, rs := h.Setup(tok, "workshop", 3)
	tq := webtest.FirstOfType(h.Model, assessment.Text)
	sq := webtest.FirstScoredSingle(h.Model)
	capID := webtest.CapabilityOf(t, h.Model, tq.ID)
	words := []string{"Ops is never asked", "Kevin from finance blocks every budget", "The budget is not agreed"}
	for i, r := range rs {
		h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+tq.ID, "", map[string]any{"text": words[i]}, 200, nil)
	}
	h.MustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+sq.ID, "", map[string]any{
		"option": sq.Options[0].ID, "comment": "<script>alert(1)</script> & more"}, 200, nil)
	h.MustJSON("PUT", "/api/v1/assessments/"+id+"/agreed/"+sq.ID, tok, map[string]any{
		"option": sq.Options[1].ID, "rationale": "The runbook shows it: Zürich team"}, 200, nil)

	page := "/assessments/" + id + "/results"
	r := v.Get(page)
	webtest.WantPage(t, "results", r, 200, "What participants wrote", `id="w-`+capID+`"`,
		"<q>"+words[0]+"</q>", "<q>"+words[1]+"</q>", "Comments", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more",
		"Agreed:", sq.Options[1].Label, "The runbook shows it: Zürich team")
	for _, name := range []string{"P0", "P1", "P2"} {
		if strings.Contains(string(r.Body), ">"+name+"<") {
			t.Errorf("the results page names %s", name)
		}
	}

	var texts []struct{ ID, Text string }
	h.MustJSON("GET", "/api/v1/assessments/"+id+"/texts", tok, nil, 200, &texts)
	var kevin string
	for _, x := range texts {
		if x.Text == words[1] {
			kevin = x.ID
		}
	}
	hide := "/assessments/" + id + "/texts/" + kevin
	webtest.WantPage(t, "no CSRF", v.Post(hide, url.Values{"hidden": {"1"}, "_csrf": {""}}), 403)
	webtest.WantPage(t, "another workspace", intruder.Post(hide, url.Values{"hidden": {"1"}}), 404)
	webtest.WantPage(t, "not a flag", v.Post(hide, url.Values{"hidden": {"maybe"}}), 400)
	webtest.WantPage(t, "unknown text", v.Post("/assessments/"+id+"/texts/nosuchtext", url.Values{"hidden": {"1"}}), 404)
	if r := v.Get(page); !bytes.Contains(r.Body, []byte(words[1])) {
		t.Fatal("a refused form hid the text")
	}
	webtest.WantRedirect(t, "hide", v.Post(hide, url.Values{"hidden": {"1"}}), page+"#w-"+capID)
	r = v.Get(page)
	webtest.WantPage(t, "after hiding", r, 200, "Hidden text", ">Show<", words[0], words[2])
	if bytes.Contains(r.Body, []byte("Kevin")) {
		t.Error("the results page still carries the hidden text's words")
	}
	webtest.WantRedirect(t, "show", v.Post(hide, url.Values{"hidden": {"0"}}), page+"#w-"+capID)
	webtest.WantPage(t, "after showing", v.Get(page), 200, words[1])
}

// TestResultsDownloadsWithSession: every download the results page links
// to answers the signed-in browser (its session, no bearer token), the CSV
// for Excel starts with a byte-order mark and parses back, German Excel's
// gets semicolons, and a wrong sep is a 422 naming it.
func TestResultsDownloadsWithSession(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Downloads")
	_, id, rs := h.Setup(tok, "self-service", 1)
	tq := webtest.FirstOfType(h.Model, assessment.Text)
	h.MustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+tq.ID, "", map[string]any{"text": "Zürich, Łódź; \"quoted\"\nnext line"}, 200, nil)

	r := v.Get("/assessments/" + id + "/results")
	base := "/assessments/" + id
	links := []string{base + "/report.pdf", base + "/report.pdf?texts=0", base + "/export.csv", base + "/export.csv?excel=1",
		base + "/export.csv?excel=1&amp;sep=semicolon", base + "/export.json", base + "/roadmap.csv"}
	webtest.WantPage(t, "results", r, 200, links...)

	for _, path := range []string{base + "/export.csv?excel=1", "/api/v1" + base + "/export.csv?excel=1"} {
		r = v.Get(path)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s with the session: %s", path, r)
		}
		body, ok := bytes.CutPrefix(r.Body, []byte("\ufeff"))
		if !ok {
			t.Fatalf("%s: no byte-order mark: %.20q", path, r.Body)
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s does not parse back: %v", path, err)
		}
		if rows[0][0] != "assessment_id" || !strings.Contains(strings.Join(rows[1], "|"), "Zürich, Łódź; \"quoted\"\nnext line") {
			t.Errorf("%s: rows %q", path, rows)
		}
	}
	r = v.Get(base + "/export.csv")
	if r.Status != http.StatusOK || bytes.HasPrefix(r.Body, []byte("\ufeff")) {
		t.Errorf("plain export.csv: %d, starts %.10q (want no byte-order mark)", r.Status, r.Body)
	}
	r = v.Get(base + "/export.csv?excel=1&sep=semicolon")
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\ufeff"))))
	cr.Comma = ';'
	if rows, err := cr.ReadAll(); err != nil || len(rows) < 2 || rows[0][1] != "respondent_id" {
		t.Errorf("semicolon CSV: %v %q", err, rows)
	}
	r = v.Get(base + "/export.json")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("export.json with the session: %s", r)
	}
	r = v.Get(base + "/report.pdf?texts=0")
	if r.Status != http.StatusOK || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
		t.Errorf("report.pdf?texts=0 with the session: %d", r.Status)
	}
	if r := v.Get("/api/v1" + base + "/export.csv?sep=tab"); r.Status != 422 {
		t.Errorf("sep=tab: %s", r)
	} else if _, field := r.ErrorField(); field != "sep" {
		t.Errorf("sep=tab names %q", field)
	}
	webtest.WantPage(t, "sep=tab on the page route", v.Get(base+"/export.csv?sep=tab"), 422)
	webtest.WantRedirect(t, "signed out", h.Visitor().Get(base+"/export.csv"), "/login")
	if r := h.Visitor().Get("/api/v1" + base + "/export.csv"); r.Status != 401 {
		t.Errorf("the API's export.csv without a token or session: %s", r)
	}
	stranger, _ := h.SignIn("Stranger")
	webtest.WantPage(t, "another workspace's CSV", stranger.Get(base+"/export.csv"), 404)
}
