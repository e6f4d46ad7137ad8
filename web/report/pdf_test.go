package report_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web/report"
)

// reportDate is the fixed date of every test report.
var reportDate = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// builtin is the built-in questionnaire; tests walk it rather than name its
// question IDs, so that a new version of the model does not break them.
func builtin(t testing.TB) *assessment.Model {
	t.Helper()
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := cat.Latest("dcos-readiness")
	if !ok {
		t.Fatal("no built-in questionnaire")
	}
	return m
}

var roles = []string{"Platform engineer", "Developer", "Head of IT", "Data engineer", "Site reliability engineer", ""}

// workshop is an assessment of the built-in questionnaire by n respondents
// who answer every question, drawn from a fixed seed so reports repeat. The
// organisation's name needs more than Latin-1 and one capability title holds
// a comma and a quote.
func workshop(t testing.TB, n int) *assessment.Export {
	t.Helper()
	return workshopOf(builtin(t), n)
}

// fixedModel is a questionnaire of our own for the golden test, so that a
// new version of the built-in model does not change the golden file.
func fixedModel() *assessment.Model {
	m := &assessment.Model{Slug: "golden", Version: "2.0.0", Title: "DC/OS readiness (golden)",
		Stages: []assessment.Stage{{ID: "ci", Title: "Continuous integration", Order: 1}, {ID: "containers", Title: "Containerisation", Order: 2},
			{ID: "infra", Title: "Programmable infrastructure", Order: 3}, {ID: "dcos", Title: "DC/OS", Order: 4}}}
	caps := []struct{ id, title, stage, requires string }{
		{"lead", "Leadership and strategy", "ci", ""}, {"vcs", `Build, test and "ship"`, "ci", "lead"},
		{"cd", "Continuous delivery", "containers", "vcs"}, {"img", "Containerisation", "containers", "vcs"},
		{"iac", "Programmable infrastructure", "infra", "cd"}, {"ops", "DC/OS operations", "dcos", "iac"},
	}
	for i, c := range caps {
		capab := assessment.Capability{ID: c.id, Title: c.title, Stage: c.stage, Target: 55 + 5*(i%3),
			RecommendLow: "Start small with " + c.title + ".", RecommendMiddle: "Make " + c.title + " routine."}
		if c.requires != "" {
			capab.Requires = []string{c.requires}
		}
		for k := 0; k < 3; k++ {
			capab.Questions = append(capab.Questions, assessment.Question{
				ID: fmt.Sprintf("%s-%d", c.id, k), Text: fmt.Sprintf("How far along is %s, aspect %d?", c.title, k+1), Type: assessment.Single,
				Options: []assessment.Option{{ID: "none", Label: "Not at all", Score: f(0)}, {ID: "some", Label: "In some teams", Score: f(0.5)},
					{ID: "all", Label: "Everywhere", Score: f(1)}, {ID: "dk", Label: "Don't know", Unscored: assessment.DontKnow}}})
		}
		m.Capabilities = append(m.Capabilities, capab)
	}
	return m
}

func workshopOf(m *assessment.Model, n int) *assessment.Export {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	var rs []assessment.Respondent
	var answers []assessment.Answer
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("r%03d", i)
		sub := at.Add(time.Duration(i) * time.Minute)
		r := assessment.Respondent{ID: id, AssessmentID: "a1", Name: fmt.Sprintf("Person %d", i), Role: roles[i%len(roles)], CreatedAt: at}
		if i%4 != 3 {
			r.SubmittedAt = &sub
		}
		rs = append(rs, r)
		skill := rng.Float64()
		for ci := range m.Capabilities {
			c := &m.Capabilities[ci]
			for qi := range c.Questions {
				q := &c.Questions[qi]
				if rng.IntN(10) == 0 {
					continue // not everyone answers everything
				}
				a := assessment.Answer{RespondentID: id, QuestionID: q.ID, UpdatedAt: at}
				switch q.Type {
				case assessment.Single, assessment.Boolean:
					k := int(float64(len(q.Options)) * (skill*0.6 + rng.Float64()*0.4 - float64(ci%4)*0.08))
					a.Option = q.Options[max(0, min(len(q.Options)-1, k))].ID
				case assessment.Multi:
					a.Options = []string{}
					for _, o := range q.Options {
						if o.Score != nil && rng.Float64() < skill {
							a.Options = append(a.Options, o.ID)
						}
					}
				case assessment.Scale:
					v := *q.Min + (*q.Max-*q.Min)*skill
					v = float64(int(v))
					a.Value = &v
				case assessment.Text:
					a.Text = "We deploy from Zürich and Łódź."
				}
				answers = append(answers, a)
			}
		}
	}
	ix := assessment.NewIndex(m)
	return &assessment.Export{
		Assessment: assessment.Assessment{ID: "a1", WorkspaceID: "w1", OrganisationID: "o1", Questionnaire: m.Slug,
			QuestionnaireVersion: m.Version, Mode: assessment.Workshop, Title: "Platform readiness, autumn 2026", Status: assessment.Closed,
			CreatedAt: at, Respondents: n},
		Organisation: assessment.Organisation{ID: "o1", Name: "Ærø Łódź Zürich Ελλάδα Logistics", Industry: "Logistics", CreatedAt: at},
		Workspace:    assessment.Workspace{ID: "w1", Name: "Nordlicht Consulting"},
		Index:        ix,
		Respondents:  rs,
		Answers:      answers,
		Result:       assessment.Score(ix, answers),
		Notes: assessment.Notes{AssessmentID: "a1", Summary: "The teams build every commit and want to move faster.\n\nThe platform work should start with containers: the Łódź site is ahead; Zürich follows.",
			Capabilities: map[string]string{m.Capabilities[0].ID: "Leadership backs the move, but nobody owns the budget yet."}},
	}
}

func render(t testing.TB, x *assessment.Export) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.PDF(&b, report.Document{Export: x, Date: reportDate}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tool finds an external program, skipping the test locally and failing it under CI.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI (apt-get install qpdf poppler-utils)", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func pdftotext(t *testing.T, path string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdftotext"), append(append([]string{}, args...), path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// pageCount asks qpdf how many pages a PDF has.
func pageCount(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command(tool(t, "qpdf"), "--show-npages", path).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf --show-npages: %v\n%s", err, out)
	}
	var n int
	if _, err := fmt.Sscan(string(out), &n); err != nil {
		t.Fatalf("qpdf --show-npages said %q", out)
	}
	return n
}

func TestPDF(t *testing.T) {
	x := workshop(t, 60)
	path := writeTemp(t, render(t, x))
	out, err := exec.Command(tool(t, "qpdf"), "--check", path).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	if n := pageCount(t, path); n < 3 {
		t.Errorf("%d pages, want at least 3", n)
	}
	text := pdftotext(t, path)
	flat := strings.Join(strings.Fields(text), " ")
	r := x.Result
	want := []string{
		x.Organisation.Name, "Zürich", "Łódź", "Ærø", "Ελλάδα", // UTF-8 beyond Latin-1
		x.Workspace.Name, x.Assessment.Title, "DC/OS",
		fmt.Sprintf("The overall score is %.0f out of 100", *r.Overall.Score),
		r.Roadmap[0].Title, strings.Join(strings.Fields(r.Roadmap[0].Reason), " ")[:60],
		"Leadership backs the move, but nobody owns the budget yet.", // a finding from the notes
		"The platform work should start with containers",             // the summary from the notes
		"Contents", "Appendix: method", "Participants",
	}
	for _, c := range r.Capabilities {
		want = append(want, c.Title)
	}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("the text layer lacks %q", w)
		}
	}
	for _, p := range x.Respondents {
		if strings.Contains(flat, p.Name+" ") || strings.HasSuffix(flat, p.Name) {
			t.Errorf("a participant's name (%q) is printed", p.Name)
			break
		}
	}
	if !regexp.MustCompile(`Page 3 of \d+`).MatchString(flat) {
		t.Errorf("no page numbers in the footer")
	}
}

// TestPDFGolden keeps the text layer of a small report; dates are masked.
func TestPDFGolden(t *testing.T) {
	x := workshopOf(fixedModel(), 6)
	path := writeTemp(t, render(t, x))
	text := pdftotext(t, path, "-layout", "-enc", "UTF-8")
	text = regexp.MustCompile(`\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b`).ReplaceAllString(text, "DATE")
	golden(t, "report.txt", []byte(text))
}

// TestPDFIsRepeatable: the same document gives the same bytes, also when
// four reports are made at once (run with -race: the font bytes are not shared).
func TestPDFIsRepeatable(t *testing.T) {
	x := workshop(t, 20)
	want := render(t, x)
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			if err := report.PDF(&b, report.Document{Export: x, Date: reportDate}); err != nil {
				t.Error(err)
			}
			got[i] = b.Bytes()
		}()
	}
	wg.Wait()
	for i, b := range got {
		if !bytes.Equal(b, want) {
			t.Errorf("concurrent render %d differs from the first (%d vs %d bytes)", i, len(b), len(want))
		}
	}
}

// TestPDFAgreed prints an agreed answer with its rationale in its capability's section.
func TestPDFAgreed(t *testing.T) {
	x := workshopOf(fixedModel(), 4)
	q := &x.Index.Model().Capabilities[2].Questions[1]
	answer := assessment.Answer{QuestionID: q.ID, Option: "some"}
	const rationale = "Two teams of five deploy by pipeline."
	for name, d := range map[string]report.Document{
		// What the API and the command line hand over: the export's agreed answers.
		"from the export": func() report.Document {
			y := *x
			y.Agreed = []assessment.AgreedAnswer{{Answer: answer, Rationale: rationale}}
			return report.Document{Export: &y, Date: reportDate}
		}(),
		"given": {Export: x, Date: reportDate, Agreed: map[string]report.Agreed{q.ID: report.NewAgreed(q, answer, rationale)}},
	} {
		var b bytes.Buffer
		if err := report.PDF(&b, d); err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(pdftotext(t, writeTemp(t, b.Bytes()))), " ")
		for _, w := range []string{"Agreed in the workshop", q.Text + " Agreed answer: In some teams.", "Rationale: " + rationale} {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: the text layer lacks %q", name, w)
			}
		}
	}
}

// TestPDFEdgeCases renders reports that have little in them.
func TestPDFEdgeCases(t *testing.T) {
	empty := workshop(t, 0)
	empty.Notes = assessment.Notes{}
	allGood := workshop(t, 5)
	for i := range allGood.Result.Capabilities {
		allGood.Result.Capabilities[i].Status = assessment.Ready
	}
	allGood.Result.Roadmap = nil
	for name, x := range map[string]*assessment.Export{"no answers": empty, "nothing to do": allGood} {
		path := writeTemp(t, render(t, x))
		if out, err := exec.Command(tool(t, "qpdf"), "--check", path).CombinedOutput(); err != nil {
			t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
		}
	}
	if err := report.PDF(io.Discard, report.Document{}); err == nil {
		t.Error("a document without an export rendered")
	}
}

// TestPDFArtifacts renders the cover, the summary and the roadmap pages to
// PNG in test-artifacts/ for a person to look at.
func TestPDFArtifacts(t *testing.T) {
	x := workshop(t, 60)
	b := render(t, x)
	dir := filepath.Join("..", "..", "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.pdf"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.pdf")
	roadmap := 0
	for p := 3; p <= pageCount(t, path) && roadmap == 0; p++ {
		if regexp.MustCompile(`(?m)^\s*\d+\s+Roadmap\s*$`).MatchString(pdftotext(t, path, "-f", fmt.Sprint(p), "-l", fmt.Sprint(p))) {
			roadmap = p
		}
	}
	if roadmap == 0 {
		t.Fatal("no page starts the roadmap")
	}
	for name, page := range map[string]int{"cover": 1, "summary": 3, "roadmap": roadmap} {
		out, err := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "110", "-singlefile", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page),
			path, filepath.Join(dir, "report-"+name)).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
	}
}

func TestRoadmapCSV(t *testing.T) {
	x := workshop(t, 12)
	if len(x.Result.Roadmap) < 2 {
		t.Fatalf("the fixture has %d roadmap items; want at least 2", len(x.Result.Roadmap))
	}
	x.Result.Roadmap[0].Title = `Build, test and "ship"`
	x.Result.Roadmap[1].Reason = "=HYPERLINK(\"http://example.com\")"
	var b bytes.Buffer
	if err := report.RoadmapCSV(&b, x); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "position,phase,capability,title,stage,score,target,requires,reason" {
		t.Fatalf("header %q", got)
	}
	if len(rows) != len(x.Result.Roadmap)+1 {
		t.Fatalf("%d rows for %d items", len(rows)-1, len(x.Result.Roadmap))
	}
	for i, it := range x.Result.Roadmap {
		row := rows[i+1]
		if row[0] != fmt.Sprint(it.Position) || row[1] != string(it.Phase) || row[2] != it.Capability || row[4] != it.Stage ||
			row[6] != fmt.Sprint(it.Target) || row[7] != strings.Join(it.Requires, " ") {
			t.Errorf("row %d = %q, want item %+v", i+1, row, it)
		}
		if score, target := row[5], it.Target; score == "" || score >= fmt.Sprint(target) && len(score) == len(fmt.Sprint(target)) {
			t.Errorf("row %d: score %s not below target %d", i+1, score, target)
		}
	}
	if rows[1][3] != `Build, test and "ship"` {
		t.Errorf("a title with a comma and a quote came back as %q", rows[1][3])
	}
	if rows[2][8] != "'=HYPERLINK(\"http://example.com\")" {
		t.Errorf("a formula was not guarded: %q", rows[2][8])
	}
}

// BenchmarkPDF60 is a full report for 60 respondents; compare it with
// BenchmarkOnePage from the same run:
//
//	go test -run '^$' -bench 'OnePage|PDF60' ./web/report
func BenchmarkPDF60(b *testing.B) {
	x := workshop(b, 60)
	var buf bytes.Buffer
	cpu := report.CPUTime()
	for b.Loop() {
		buf.Reset()
		if err := report.PDF(&buf, report.Document{Export: x, Date: reportDate}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((report.CPUTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(buf.Len()), "bytes")
}
