package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func f(v float64) *float64 { return &v }

// export is a small assessment with one answer of every kind, including the
// awkward ones: a comma, a quote, a newline, a formula and an unscored option.
func export() *assessment.Export {
	m := &assessment.Model{
		Slug: "mini", Version: "1.2.0", Title: "Mini",
		Stages: []assessment.Stage{{ID: "ci", Title: "Continuous integration", Order: 1}},
		Capabilities: []assessment.Capability{{
			ID: "vcs", Title: "Version control", Stage: "ci", Target: 60,
			RecommendLow: "Start with version control.", RecommendMiddle: "Build every commit.",
			Questions: []assessment.Question{
				{ID: "q-single", Text: "Where is the code?", Type: assessment.Single, Options: []assessment.Option{
					{ID: "nowhere", Label: "Nowhere, really", Score: f(0)}, {ID: "git", Label: "In Git", Score: f(1)},
					{ID: "dk", Label: "Don't know", Unscored: assessment.DontKnow}}},
				{ID: "q-multi", Text: "Which run on every commit?", Type: assessment.Multi, Options: []assessment.Option{
					{ID: "build", Label: "Build", Score: f(1)}, {ID: "test", Label: "Tests", Score: f(1)}}},
				{ID: "q-scale", Text: "How confident?", Type: assessment.Scale, Min: f(0), Max: f(10)},
				{ID: "q-text", Text: "What blocks you?", Type: assessment.Text},
			},
		}},
	}
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	sub := at.Add(time.Hour)
	answers := []assessment.Answer{
		{RespondentID: "r1", QuestionID: "q-single", Option: "git", Comment: `said "mostly", then, later`, UpdatedAt: at},
		{RespondentID: "r1", QuestionID: "q-multi", Options: []string{"build"}, UpdatedAt: at},
		{RespondentID: "r1", QuestionID: "q-scale", Value: f(7.5), UpdatedAt: at},
		{RespondentID: "r1", QuestionID: "q-text", Text: "=HYPERLINK(\"x\")\nand more", UpdatedAt: at},
		{RespondentID: "r2", QuestionID: "q-single", Option: "dk", UpdatedAt: at},
		{RespondentID: "r2", QuestionID: "q-multi", Options: []string{}, UpdatedAt: at},
	}
	return &assessment.Export{
		Assessment: assessment.Assessment{ID: "a1", WorkspaceID: "w1", OrganisationID: "o1", Questionnaire: "mini",
			QuestionnaireVersion: "1.2.0", Mode: assessment.Workshop, Title: "Acme, 2026", Status: assessment.Open,
			JoinCode: "ABCD2345", CreatedAt: at, Respondents: 2, Submitted: 1},
		Organisation: assessment.Organisation{ID: "o1", Name: "Acme", Industry: "Retail", CreatedAt: at},
		Index:        assessment.NewIndex(m),
		Respondents: []assessment.Respondent{
			{ID: "r1", AssessmentID: "a1", Name: "Ana", Role: "operations", CreatedAt: at, SubmittedAt: &sub},
			{ID: "r2", AssessmentID: "a1", Name: "-Bo", Role: "development", CreatedAt: at},
		},
		Answers: answers,
		Result:  assessment.ScoreWith(assessment.NewIndex(m), answers, assessment.Options{}),
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./web/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./web/report -update, then review the diff):\n%s", name, got)
	}
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := report.CSV(&b, export()); err != nil {
		t.Fatal(err)
	}
	golden(t, "export.csv", b.Bytes())
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := report.JSON(&b, export(), "https://readiness.example.com"); err != nil {
		t.Fatal(err)
	}
	golden(t, "export.json", b.Bytes())
}
