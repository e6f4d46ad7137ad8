package api_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

type textOut struct {
	ID, Question, Capability, Kind, Text string
	Hidden                               bool
}

// people are the respondents of the texts tests: their names, ids and role
// must never come back with what they wrote.
var people = []string{"Annika Zeller", "Bruno Yates", "Carla Xu"}

// writeTexts makes an assessment in tok's workspace whose three named
// respondents each answer the text question and comment on a choice
// question; order lists the respondents in the order they answer.
func writeTexts(h *webtest.Harness, tok string, order []int) (id string, respondentIDs []string) {
	h.T.Helper()
	_, id, _ = h.Setup(tok, "self-service", 0)
	tq := webtest.FirstOfType(h.Model, assessment.Text)
	sq := webtest.FirstScoredSingle(h.Model)
	tokens := make([]string, len(people))
	for i, name := range people {
		var r webtest.Created
		h.MustJSON("POST", "/api/v1/assessments/"+id+"/respondents", tok, map[string]string{"name": name, "role": "operations"}, 201, &r)
		tokens[i] = r.Token
		respondentIDs = append(respondentIDs, r.ID)
	}
	for _, i := range order {
		h.MustJSON("PUT", "/api/v1/responses/"+tokens[i]+"/answers/"+sq.ID, "", map[string]any{
			"option": sq.Options[0].ID, "comment": "comment " + string(rune('A'+i)) + " from Zürich"}, 200, nil)
		h.MustJSON("PUT", "/api/v1/responses/"+tokens[i]+"/answers/"+tq.ID, "", map[string]any{
			"text": "obstacle " + string(rune('A'+i)) + ": the budget is not agreed"}, 200, nil)
	}
	return id, respondentIDs
}

// TestTextsAPI: what participants wrote comes back without who wrote it, in
// an order that does not depend on who answered first, and a hidden text
// leaves the results page and the PDF but stays in the CSV export.
func TestTextsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		v, tok := h.SignIn("Texts")
		other := h.Consultant("Elsewhere")
		id, rids := writeTexts(h, tok, []int{0, 1, 2})
		base := "/api/v1/assessments/" + id + "/texts"

		var texts []textOut
		r := h.MustJSON("GET", base, tok, nil, 200, &texts)
		for _, never := range append(append(slices.Clone(people), rids...), "operations", "respondent", "role", "perspective") {
			if bytes.Contains(r.Body, []byte(never)) {
				t.Errorf("the texts name %q: %s", never, r.Body)
			}
		}
		var kinds []string
		for _, x := range texts {
			kinds = append(kinds, x.Kind+": "+x.Text)
			if x.ID == "" || x.Capability == "" || x.Hidden {
				t.Errorf("text %+v: want an id, a capability and not hidden", x)
			}
		}
		if len(texts) != 6 {
			t.Fatalf("got %d texts, want 3 answers and 3 comments: %q", len(texts), kinds)
		}

		// Answered the other way round, in another assessment: the same list.
		id2, _ := writeTexts(h, tok, []int{2, 0, 1})
		var again []textOut
		h.MustJSON("GET", "/api/v1/assessments/"+id2+"/texts", tok, nil, 200, &again)
		for i := range texts {
			a, b := texts[i], again[i]
			if a.Question != b.Question || a.Kind != b.Kind || a.Text != b.Text {
				t.Errorf("text %d: %+v answered in one order, %+v in another", i, a, b)
			}
		}
		// Ids are stable: a second read hands out the same ones.
		var twice []textOut
		h.MustJSON("GET", base, tok, nil, 200, &twice)
		if !slices.Equal(texts, twice) {
			t.Errorf("a second read differs:\n%+v\n%+v", texts, twice)
		}

		var hidden, kept textOut
		for _, x := range texts {
			if x.Kind == "answer" && hidden.ID == "" {
				hidden = x
			} else if x.Kind == "answer" {
				kept = x
			}
		}
		var got textOut
		h.MustJSON("PATCH", base+"/"+hidden.ID, tok, map[string]any{"hidden": true}, 200, &got)
		if !got.Hidden || got.Text != hidden.Text || got.Capability != hidden.Capability || got.Question != hidden.Question {
			t.Fatalf("PATCH answered %+v for %+v", got, hidden)
		}

		page := v.Get("/assessments/" + id + "/results")
		webtest.WantPage(t, "results page", page, 200, "What participants wrote", kept.Text)
		if strings.Contains(string(page.Body), hidden.Text) {
			t.Errorf("the results page shows the hidden text %q", hidden.Text)
		}
		pdf := h.Do("GET", "/api/v1/assessments/"+id+"/report.pdf", tok, nil)
		if pdf.Status != 200 {
			t.Fatalf("report.pdf: %d", pdf.Status)
		}
		flat := pdfText(t, pdf.Body)
		if !strings.Contains(flat, kept.Text) || strings.Contains(flat, hidden.Text) {
			t.Errorf("PDF: has the kept text %v (want true), the hidden one %v (want false)",
				strings.Contains(flat, kept.Text), strings.Contains(flat, hidden.Text))
		}
		pdf = h.Do("GET", "/api/v1/assessments/"+id+"/report.pdf?texts=0", tok, nil)
		if flat := pdfText(t, pdf.Body); pdf.Status != 200 || strings.Contains(flat, kept.Text) {
			t.Errorf("report.pdf?texts=0: %d, prints the kept text: %v", pdf.Status, strings.Contains(flat, kept.Text))
		}
		csvOut := h.Do("GET", "/api/v1/assessments/"+id+"/export.csv", tok, nil)
		if csvOut.Status != 200 || !strings.Contains(string(csvOut.Body), hidden.Text) {
			t.Errorf("export.csv lacks the hidden text: %s", csvOut)
		}
		h.MustJSON("GET", base, tok, nil, 200, &texts)
		for _, x := range texts {
			if x.Hidden != (x.ID == hidden.ID) {
				t.Errorf("after hiding %s: %+v", hidden.ID, x)
			}
		}
		h.MustJSON("PATCH", base+"/"+hidden.ID, tok, map[string]any{"hidden": false}, 200, &got)
		if got.Hidden {
			t.Errorf("shown again: %+v", got)
		}
		webtest.WantPage(t, "results page after showing", v.Get("/assessments/"+id+"/results"), 200, hidden.Text)

		for name, tt := range map[string]struct {
			method, path, token string
			body                any
			status              int
			field               string
		}{
			"no hidden":                {"PATCH", base + "/" + hidden.ID, tok, map[string]any{}, 422, "hidden"},
			"hidden of the wrong type": {"PATCH", base + "/" + hidden.ID, tok, map[string]any{"hidden": "yes"}, 400, "hidden"},
			"unknown text":             {"PATCH", base + "/nosuchtext", tok, map[string]any{"hidden": true}, 404, ""},
			"another workspace lists":  {"GET", base, other, nil, 404, ""},
			"another workspace hides":  {"PATCH", base + "/" + hidden.ID, other, map[string]any{"hidden": true}, 404, ""},
			"another assessment's id":  {"PATCH", "/api/v1/assessments/" + id2 + "/texts/" + hidden.ID, tok, map[string]any{"hidden": true}, 404, ""},
			"without a token":          {"GET", base, "", nil, 401, ""},
		} {
			r := h.Do(tt.method, tt.path, tt.token, tt.body)
			if _, field := r.ErrorField(); r.Status != tt.status || field != tt.field {
				t.Errorf("%s: %d field %q, want %d field %q (%s)", name, r.Status, field, tt.status, tt.field, r.Body)
			}
		}
		h.MustJSON("GET", base, tok, nil, 200, &texts)
		for _, x := range texts {
			if x.Hidden {
				t.Errorf("a refused PATCH hid %+v", x)
			}
		}
	})
}

// pdfText is the text layer of a PDF, its whitespace folded to single spaces.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is needed under CI")
		}
		t.Skip("pdftotext is not installed")
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
