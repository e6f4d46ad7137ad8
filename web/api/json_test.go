package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/api/shape"
)

// Its own flag name, so that it never clashes with a -update of package web_test.
var update = flag.Bool("update-api", false, "rewrite the API golden files in testdata/")

func fp(v float64) *float64 { return &v }

// TestAPIJSONGolden pins the bytes of the API's JSON shapes, so that moving
// or refactoring them cannot change what clients receive.
func TestAPIJSONGolden(t *testing.T) {
	m := &assessment.Model{
		Slug: "mini", Version: "1.2.0", Title: "Mini",
		Stages: []assessment.Stage{{ID: "ci", Title: "Continuous integration", Order: 1}, {ID: "cont", Title: "Containers", Order: 2}},
		Capabilities: []assessment.Capability{{
			ID: "vcs", Title: "Version control", Stage: "ci", Target: 60,
			Questions: []assessment.Question{
				{ID: "q-single", Text: "Where is the code?", Type: assessment.Single, Options: []assessment.Option{
					{ID: "nowhere", Label: "Nowhere", Score: fp(0)}, {ID: "git", Label: "In Git", Score: fp(1)},
					{ID: "dk", Label: "Don't know", Unscored: assessment.DontKnow}}},
				{ID: "q-multi", Text: "Which run on every commit?", Type: assessment.Multi, Options: []assessment.Option{
					{ID: "build", Label: "Build", Score: fp(1)}, {ID: "test", Label: "Tests", Score: fp(1)}}},
				{ID: "q-scale", Text: "How confident?", Type: assessment.Scale, Min: fp(0), Max: fp(10)},
				{ID: "q-text", Text: "What blocks you?", Type: assessment.Text},
			},
		}, {
			ID: "images", Title: "Images", Stage: "cont", Target: 50, Requires: []string{"vcs"},
			Questions: []assessment.Question{
				{ID: "q-img", Text: "Images?", Type: assessment.Boolean, Critical: 100, Perspectives: []string{"operations"}, Options: []assessment.Option{
					{ID: "no", Label: "No", Score: fp(0)}, {ID: "yes", Label: "Yes", Score: fp(1)}}},
			},
		}},
	}
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	sub := at.Add(time.Hour)
	answers := []assessment.Answer{
		{RespondentID: "r1", QuestionID: "q-single", Option: "nowhere", Comment: `said "mostly"`, UpdatedAt: at},
		{RespondentID: "r2", QuestionID: "q-single", Option: "git", UpdatedAt: at},
		{RespondentID: "r1", QuestionID: "q-multi", Options: []string{"build"}, UpdatedAt: at},
		{RespondentID: "r2", QuestionID: "q-multi", Options: []string{}, UpdatedAt: at},
		{RespondentID: "r1", QuestionID: "q-scale", Value: fp(7.5), UpdatedAt: at},
		{RespondentID: "r1", QuestionID: "q-text", Text: "<b>people</b>", UpdatedAt: at},
		{RespondentID: "r1", QuestionID: "q-img", Option: "no", UpdatedAt: at},
	}
	ix := assessment.NewIndex(m)
	// A literal result, so that the test pins shapes, not scoring.
	result := &assessment.Result{
		Basis: assessment.BasisAgreed, QuestionnaireVersion: "1.2.0",
		Overall: assessment.Overall{Score: fp(37.5), Answered: 4, Total: 4, DontKnow: 1},
		Stages: []assessment.StageResult{{ID: "ci", Title: "Continuous integration", Order: 1, Score: fp(50), Status: assessment.StageBlocked, BlockedBy: []string{"vcs"}},
			{ID: "cont", Title: "Containers", Order: 2, Status: assessment.StageWaiting}},
		Preliminary: true,
		Capabilities: []assessment.CapabilityResult{
			{ID: "vcs", Title: "Version control", Stage: "ci", Status: assessment.BelowTarget, Score: fp(50), Target: 60, Answered: 3, Total: 3, Divergence: []string{"q-single"},
				CriticalGaps: []string{"q-scale"}, Agreed: 1},
			{ID: "images", Title: "Images", Stage: "cont", Status: assessment.Unassessed, Target: 50, Total: 1}},
		Roadmap: []assessment.RoadmapItem{
			{Position: 1, Capability: "vcs", Title: "Version control", Stage: "ci", Phase: assessment.Now, Score: 50, Target: 60, Reason: "Short by 10."},
			{Position: 2, Capability: "x", Title: "X", Stage: "cont", Phase: assessment.Next, Requires: []string{"vcs"}, Score: 10.25, Target: 50, Reason: "After vcs."}},
	}
	workshop := assessment.Assessment{ID: "a1", WorkspaceID: "w1", OrganisationID: "o1", Questionnaire: "mini",
		QuestionnaireVersion: "1.2.0", Mode: assessment.Workshop, Title: "Acme, 2026", Status: assessment.Open,
		JoinCode: "ABCD2345", Focus: "vcs", CreatedAt: at, Respondents: 2, Submitted: 1}
	closed := assessment.Assessment{ID: "a2", WorkspaceID: "w1", OrganisationID: "o1", Questionnaire: "mini",
		QuestionnaireVersion: "1.2.0", Mode: assessment.SelfService, Status: assessment.Closed, CreatedAt: at, ClosedAt: &sub,
		Scope: []string{"vcs"}, Targets: map[string]int{"vcs": 70}, Form: assessment.FormCore, Language: "de", Welcome: "Thank you for your time."}
	var answerShapes []any
	for _, a := range answers {
		q, _, _ := ix.Question(a.QuestionID)
		answerShapes = append(answerShapes, shape.NewAnswer(a, q.Type))
	}
	for name, v := range map[string]any{
		"result.json":       shape.NewResult(result),
		"empty_result.json": shape.NewResult(&assessment.Result{}),
		"assessments.json":  []any{shape.Fitted(workshop, m, "https://readiness.example.com"), shape.Fitted(closed, m, "https://readiness.example.com")},
		"organisation.json": shape.NewOrganisation(assessment.Organisation{ID: "o1", Name: "Acme", Industry: "Retail", CreatedAt: at.In(time.FixedZone("x", 3600))}),
		"respondents.json":  []any{newRespondentSummaryJSON(assessment.Respondent{ID: "r1", Name: "Ana", Role: "ops", CreatedAt: at, SubmittedAt: &sub, Answered: 70, Total: 73}), newRespondentSummaryJSON(assessment.Respondent{ID: "r3", Name: "Cy", CreatedAt: at, Answered: 5, Total: 73}), newRespondentSummaryJSON(assessment.Respondent{ID: "r2", Name: "Bo", CreatedAt: at})},
		"answers.json":      answerShapes,
		// critical is null or a number, perspectives always a list.
		"questionnaire.json": newQuestionnaireJSON(m),
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			goldenFile(t, name, b)
		})
	}
}

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./web/api -run APIJSONGolden -update-api to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./web/api -run APIJSONGolden -update-api, then review the diff):\n%s", name, got)
	}
}
