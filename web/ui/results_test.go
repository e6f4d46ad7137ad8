package ui_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web/webtest"
)

// seeded is an assessment on a model of the test's choosing, straight in the
// store, with n respondents who answered every question at random.
func seeded(h *webtest.Harness, apiToken string, m *assessment.Model, n int, seed uint64) assessment.Assessment {
	h.T.Helper()
	ctx := context.Background()
	u, err := h.Service.Authenticate(ctx, apiToken)
	if err != nil {
		h.T.Fatal(err)
	}
	a := storetest.Assessment(h.T, h.Store, u.WorkspaceID, m)
	rnd := rand.New(rand.NewPCG(seed, 1))
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for range n {
		r, _ := storetest.Respondent(h.T, h.Store, a)
		for ci := range m.Capabilities {
			for qi := range m.Capabilities[ci].Questions {
				ans := webtest.AnswerFor(&m.Capabilities[ci].Questions[qi], rnd.IntN(7))
				a := assessment.Answer{RespondentID: r.ID, QuestionID: m.Capabilities[ci].Questions[qi].ID, UpdatedAt: at}
				switch v := ans["option"].(type) {
				case string:
					a.Option = v
				}
				if v, ok := ans["options"].([]string); ok {
					a.Options = v
				}
				if v, ok := ans["value"].(float64); ok {
					a.Value = &v
				}
				if v, ok := ans["text"].(string); ok {
					a.Text = v
				}
				if _, err := h.Store.SaveAnswer(ctx, a); err != nil {
					h.T.Fatal(err)
				}
			}
		}
	}
	return a
}

// hostileModel is the store fixture with markup in every text a consultant
// or a questionnaire author controls.
func hostileModel() *assessment.Model {
	m := storetest.Model()
	evil := "</text><script>alert(1)</script>"
	m.Stages[0].Title = evil + " stage"
	m.Capabilities[0].Title = evil
	m.Capabilities[0].Questions[0].Text = evil + " question"
	m.Capabilities[0].Questions[0].Options[0].Label = evil + " option"
	m.Capabilities[1].Title = `"><svg onload=alert(2)>`
	return m
}

func TestResultsPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Results")
	a := seeded(h, tok, hostileModel(), 4, 1)
	path := "/assessments/" + a.ID + "/results"

	r := v.Get(path)
	webtest.WantPage(t, "results", r, 200, "Stage ladder", `<svg class="ladder"`, `<svg class="bars"`, "<title", "Roadmap",
		"Knowledge gaps", "Answers by question", `href="?answers=vcs#a-vcs"`)
	body := string(r.Body)
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<svg onload") || strings.Contains(body, "</text><script>") {
		t.Errorf("unescaped markup from the model in the page")
	}
	// html/template escapes the title in text, attribute and SVG <title> alike.
	if n := strings.Count(body, "&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;"); n < 3 {
		t.Errorf("the hostile capability title appears escaped %d times, want it in the chart, the table and the roadmap", n)
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<script") {
		t.Errorf("inline style or script in the results page")
	}

	webtest.WantPage(t, "radar", v.Get(path+"?chart=radar"), 200, `<svg class="radar"`, "&lt;/text&gt;&lt;script&gt;")
	// One capability's answers by question at a time, the hostile option label escaped in the spread.
	r = v.Get(path + "?answers=vcs")
	webtest.WantPage(t, "answers of one capability", r, 200, `<svg class="spread"`, "&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt; option")
	if strings.Contains(string(r.Body), "<script>alert") {
		t.Error("unescaped option label in a spread")
	}

	// Signed out: to the sign-in page.
	if r := h.Visitor().Get(path); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Errorf("signed out: %d to %q", r.Status, r.Header.Get("Location"))
	}
	// Another workspace's assessment, or a made-up one: the 404 page.
	other, _ := h.SignIn("Elsewhere")
	webtest.WantPage(t, "another workspace", other.Get(path), 404)
	webtest.WantPage(t, "made up", v.Get("/assessments/no-such-id/results"), 404)
}

// TestResultsSmallGroups: with fewer than three respondents every spread is
// withheld, and the page says why instead of drawing it.
func TestResultsSmallGroups(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Small")
	a := seeded(h, tok, storetest.Model(), 2, 2)
	r := v.Get("/assessments/" + a.ID + "/results?answers=vcs")
	webtest.WantPage(t, "two respondents", r, 200, "Withheld: 2 people answered, fewer than 3.")
	if strings.Contains(string(r.Body), `class="spread"`) {
		t.Error("a spread of two respondents is drawn")
	}
	a = seeded(h, tok, storetest.Model(), 3, 3)
	webtest.WantPage(t, "three respondents", v.Get("/assessments/"+a.ID+"/results?answers=vcs"), 200, `class="spread"`, "3 respondents; most chose")
}

// BenchmarkResultsPage500 gets the results page of an assessment with 500
// respondents who answered every question of the built-in model (1.0.0's 73
// and 1.1.0's 147), through
// the whole handler (session, store, scoring, distribution, charts,
// template, over HTTP), and in the same loop a raw database/sql scan of the
// same answer rows: the floor of any result. It reports both medians and
// their ratio, which a busy machine leaves alone.
//
//	go test ./web/ui -run '^$' -bench ResultsPage -benchtime 20x
func BenchmarkResultsPage500(b *testing.B) {
	cat, err := questionnaires.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	for _, version := range []string{"1.0.0", "1.1.0"} {
		m, ok := cat.Version("dcos-readiness", version)
		if !ok {
			b.Fatalf("no built-in dcos-readiness %s", version)
		}
		b.Run(fmt.Sprintf("questions=%d", m.QuestionCount()), func(b *testing.B) { benchResultsPage(b, m) })
	}
}

func benchResultsPage(b *testing.B, m *assessment.Model) {
	h := webtest.New(b, storetest.New(b))
	v, tok := h.SignIn("Bench")
	a := seededFast(h, tok, m, 500, 4)
	path := "/assessments/" + a.ID + "/results"
	if r := v.Get(path); r.Status != 200 { // warms the definition cache and connections
		b.Fatalf("results: %d", r.Status)
	}
	want := 500 * m.QuestionCount()
	var page, raw []time.Duration
	size := 0
	b.ResetTimer()
	for b.Loop() {
		t := time.Now()
		r := v.Get(path)
		page = append(page, time.Since(t))
		if r.Status != 200 {
			b.Fatal(r.Status)
		}
		size = len(r.Body)
		t = time.Now()
		if n := rawScan(b, h, a.ID); n != want {
			b.Fatalf("raw scan read %d answers, want %d", n, want)
		}
		raw = append(raw, time.Since(t))
	}
	b.StopTimer()
	pm, rm := median(page), median(raw)
	b.ReportMetric(float64(pm.Microseconds())/1000, "page-ms")
	b.ReportMetric(float64(rm.Microseconds())/1000, "raw-ms")
	b.ReportMetric(float64(pm)/float64(rm), "page/raw")
	b.ReportMetric(float64(size)/1024, "page-KiB")
}

// rawScan reads every answer row of the assessment with database/sql alone,
// the columns the page reads (who answered what, not the text, comment or time).
func rawScan(b *testing.B, h *webtest.Harness, assessmentID string) int {
	rows, err := h.Store.SQL().QueryContext(context.Background(), `SELECT respondent_id, question_id, option, options, value
FROM answers WHERE assessment_id = ? ORDER BY respondent_id, question_id`, assessmentID)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var respondent, question, option string
		var options sql.NullString
		var value sql.NullFloat64
		if err := rows.Scan(&respondent, &question, &option, &options, &value); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// seededFast is seeded for hundreds of respondents: the answers go in with
// one transaction of plain SQL instead of a commit each.
func seededFast(h *webtest.Harness, apiToken string, m *assessment.Model, n int, seed uint64) assessment.Assessment {
	h.T.Helper()
	ctx := context.Background()
	u, err := h.Service.Authenticate(ctx, apiToken)
	if err != nil {
		h.T.Fatal(err)
	}
	a := storetest.Assessment(h.T, h.Store, u.WorkspaceID, m)
	storetest.Answered(h.T, h.Store, a, m, n, seed)
	return a
}
