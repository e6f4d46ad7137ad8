package ui_test

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestConsole leads a room from the console: a jump to capability 12 with
// a timebox, then an agreed answer for capability 2 recorded meanwhile,
// which comes back to that question with its confirmation and leaves the
// group on 12. Two answers are too few to show their spread.
func TestConsole(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, token := h.SignIn("Console")
	_, aID, rs := h.Setup(token, "workshop", 2)
	caps := h.Model.Capabilities
	twelve, two := &caps[11], &caps[1]
	for i, r := range rs {
		q := &twelve.Questions[0]
		h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, i), 200, nil)
	}
	console := "/assessments/" + aID + "/facilitate"
	webtest.WantPage(t, "console", v.Get(console), 200, "Agenda", "The session starts with the first capability.", "Move the group to "+template(twelve.Title))

	webtest.WantRedirect(t, "jump", v.Post("/assessments/"+aID+"/focus", url.Values{"capability": {twelve.ID}, "minutes": {"15"}, "back": {"facilitate"}}), console)
	r := v.Get(console)
	webtest.WantPage(t, "on twelve", r, 200, "Now: "+template(twelve.Title), "Timebox: <strong data-ends=", "Session: <strong data-since=",
		"Spread withheld: fewer than 3 answers.", `aria-current="step"`)
	if strings.Contains(string(r.Body), `class="p-n"`) {
		t.Errorf("the console shows counts of answers that fewer than 3 people gave")
	}

	q := &two.Questions[0]
	page := console + "?capability=" + two.ID
	webtest.WantPage(t, "agreed answers of two", v.Get(page), 200, "Agreed answers: "+template(two.Title), `id="agreed-`+q.ID+`"`)
	form := url.Values{"question": {q.ID}, "a-" + q.ID: {q.Options[1].ID}, "rationale": {"We checked the runbook"}, "back": {"facilitate"}}
	webtest.WantRedirect(t, "record for two", v.Post("/assessments/"+aID+"/agreed", form), page+"&saved="+q.ID+"#agreed-"+q.ID)
	webtest.WantPage(t, "confirmed in place", v.Get(page+"&saved="+q.ID), 200, "Saved: the agreed answer is recorded", "We checked the runbook")
	var a struct{ Focus *string }
	h.MustJSON("GET", "/api/v1/assessments/"+aID, token, nil, 200, &a)
	if a.Focus == nil || *a.Focus != twelve.ID {
		t.Fatalf("after an agreed answer for %s the focus is %v, want %s", two.ID, a.Focus, twelve.ID)
	}
	webtest.WantPage(t, "no answer", v.Post("/assessments/"+aID+"/agreed", url.Values{"question": {two.Questions[1].ID}, "back": {"facilitate"}}),
		422, "Give the answer the group agreed on.", "Agenda")
}

// TestPreliminaryResults: results shown after a few answers, before any
// capability is complete, say how much is answered and that they are
// preliminary, on the results page, the projector and in the PDF.
func TestPreliminaryResults(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, token := h.SignIn("Early")
	_, aID, rs := h.Setup(token, "workshop", 1)
	for _, q := range h.Model.Capabilities[0].Questions[:2] {
		h.MustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", webtest.AnswerFor(&q, 0), 200, nil)
	}
	const label = "questions answered: preliminary"
	webtest.WantPage(t, "results page", v.Get("/assessments/"+aID+"/results"), 200, "2 of ", label, "capabilities not yet assessed")
	webtest.WantPage(t, "projector", v.Get("/assessments/"+aID+"/present?results=1"), 200, label, "overall score (preliminary)")
	var share struct{ URL string }
	h.MustJSON("POST", "/api/v1/assessments/"+aID+"/shares", token, map[string]any{}, 201, &share)
	webtest.WantPage(t, "share page", h.Visitor().Get(strings.TrimPrefix(share.URL, h.Server.URL)), 200, label)
	r := v.Get("/assessments/" + aID + "/report.pdf")
	if r.Status != 200 {
		t.Fatalf("report.pdf: %s", r)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, r.Body, 0o644); err != nil {
		t.Fatal(err)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed")
		}
		t.Skip("pdftotext is not installed")
	}
	out, err := exec.Command(tool, path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	if text := strings.Join(strings.Fields(string(out)), " "); !strings.Contains(text, label) {
		t.Errorf("the PDF does not say %q:\n%s", label, text[:min(len(text), 2000)])
	}
}
