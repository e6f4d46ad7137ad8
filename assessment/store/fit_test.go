package store_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// fitCatalog serves the small models of these tests.
type fitCatalog []*assessment.Model

func (c fitCatalog) List() []*assessment.Model { return c }

func (c fitCatalog) Latest(slug string) (*assessment.Model, bool) {
	for _, m := range c {
		if m.Slug == slug {
			return m, true
		}
	}
	return nil, false
}

func score(x float64) *float64 { return &x }

// fitQuestion is a single question scored 0..4 with "don't know".
func fitQuestion(id string, isCore bool) assessment.Question {
	q := assessment.Question{ID: id, Text: "Question " + id, Type: assessment.Single, Core: isCore}
	for i, o := range []string{"0", "1", "2", "3", "4"} {
		q.Options = append(q.Options, assessment.Option{ID: o, Label: o, Score: score(float64(i))})
	}
	q.Options = append(q.Options, assessment.Option{ID: "dk", Label: "Don't know", Unscored: assessment.DontKnow})
	return q
}

// fitModels are a model with a core form, a → b → c over two stages (a1,
// b1 and c1 core; a2 and c2 not), and one that marks nothing core.
func fitModels() fitCatalog {
	withCore := &assessment.Model{Slug: "fit", Version: "1.0.0", Title: "Fit",
		Stages: []assessment.Stage{{ID: "s1", Title: "Stage 1", Order: 1}, {ID: "s2", Title: "Stage 2", Order: 2}},
		Capabilities: []assessment.Capability{
			{ID: "a", Title: "A", Stage: "s1", Target: 50, Questions: []assessment.Question{fitQuestion("a1", true), fitQuestion("a2", false)}},
			{ID: "b", Title: "B", Stage: "s1", Target: 50, Requires: []string{"a"}, Questions: []assessment.Question{fitQuestion("b1", true)}},
			{ID: "c", Title: "C", Stage: "s2", Target: 50, Requires: []string{"b"}, Questions: []assessment.Question{fitQuestion("c1", true), fitQuestion("c2", false)}},
		}}
	noCore := &assessment.Model{Slug: "plain", Version: "1.0.0", Title: "Plain",
		Stages: []assessment.Stage{{ID: "s1", Title: "Stage 1", Order: 1}},
		Capabilities: []assessment.Capability{
			{ID: "a", Title: "A", Stage: "s1", Target: 50, Questions: []assessment.Question{fitQuestion("a1", false)}},
		}}
	return fitCatalog{withCore, noCore}
}

// fitService is a service on s with the fit models, a consultant and an
// organisation of theirs.
func fitService(t *testing.T, s *store.Store) (*assessment.Service, assessment.User, string) {
	u := storetest.Workspace(t, s)
	o := storetest.Organisation(t, s, u.WorkspaceID)
	return assessment.NewService(assessment.Config{Store: s, Catalog: fitModels()}), u, o.ID
}

// answerAll has a new respondent answer the given questions with option o
// and returns their token.
func answerAll(t *testing.T, svc *assessment.Service, u assessment.User, id, o string, questions ...string) string {
	t.Helper()
	ctx := context.Background()
	_, token, err := svc.AddRespondent(ctx, u, id, assessment.NewRespondent{Name: "Ann"})
	wantKind(t, err, "")
	for _, q := range questions {
		_, _, err := svc.SaveAnswer(ctx, token, assessment.Answer{QuestionID: q, Option: o})
		wantKind(t, err, "")
	}
	return token
}

func capabilityResult(t *testing.T, r *assessment.Result, id string) assessment.CapabilityResult {
	t.Helper()
	for _, cr := range r.Capabilities {
		if cr.ID == id {
			return cr
		}
	}
	t.Fatalf("no capability %s in the result", id)
	return assessment.CapabilityResult{}
}

func roadmapIDs(r *assessment.Result) []string {
	ids := []string{}
	for _, it := range r.Roadmap {
		ids = append(ids, it.Capability)
	}
	return ids
}

func askedIDs(m *assessment.Model) []string {
	var ids []string
	for _, c := range m.Capabilities {
		for _, q := range c.Questions {
			ids = append(ids, c.ID+"/"+q.ID)
		}
	}
	return ids
}

// TestScopedAssessment: a scoped assessment asks, scores and gates only its
// capabilities, and keeps its fit in the database.
func TestScopedAssessment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, u, org := fitService(t, s)
		// The test model has no German: an assessment may not promise it.
		_, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org, Questionnaire: "fit",
			Mode: assessment.SelfService, Language: "de"})
		wantKind(t, err, assessment.Invalid)
		a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org, Questionnaire: "fit",
			Mode: assessment.SelfService, Scope: []string{"c", "a"}, Language: "en", Welcome: "  Willkommen.  "})
		wantKind(t, err, "")
		if !slices.Equal(a.Scope, []string{"a", "c"}) || a.Form != assessment.FormFull || a.Language != "en" || a.Welcome != "Willkommen." {
			t.Fatalf("created %+v", a)
		}
		got, err := svc.Assessment(ctx, u, a.ID)
		wantKind(t, err, "")
		if !slices.Equal(got.Scope, a.Scope) || got.Targets != nil || got.Form != a.Form || got.Language != "en" || got.Welcome != "Willkommen." {
			t.Errorf("read back scope %v targets %v form %q language %q welcome %q", got.Scope, got.Targets, got.Form, got.Language, got.Welcome)
		}

		token := answerAll(t, svc, u, a.ID, "4", "a1", "a2", "c1", "c2")
		// Asked: a and c, every question; b is not asked.
		resp, err := svc.Response(ctx, token)
		wantKind(t, err, "")
		if ids := askedIDs(resp.Index.Model()); !slices.Equal(ids, []string{"a/a1", "a/a2", "c/c1", "c/c2"}) {
			t.Errorf("the respondent is asked %v", ids)
		}
		if resp.Answered != 4 || resp.Total != 4 {
			t.Errorf("progress %d of %d, want 4 of 4", resp.Answered, resp.Total)
		}
		_, m, err := svc.ResponseModel(ctx, token)
		wantKind(t, err, "")
		if ids := askedIDs(m); len(ids) != 4 {
			t.Errorf("the respondent's questionnaire holds %v", ids)
		}
		// An answer to a question out of scope is NotFound, as an unknown one.
		_, _, err = svc.SaveAnswer(ctx, token, assessment.Answer{QuestionID: "b1", Option: "0"})
		wantKind(t, err, assessment.NotFound)
		_, _, err = svc.SetAgreed(ctx, u, a.ID, assessment.Answer{QuestionID: "b1", Option: "0"}, "")
		wantKind(t, err, assessment.NotFound)
		_, err = svc.SetFocus(ctx, u, a.ID, strPtr("b"))
		wantKind(t, err, assessment.NotFound)
		_, err = svc.SetFocus(ctx, u, a.ID, strPtr("c"))
		wantKind(t, err, "")

		r, err := svc.Result(ctx, u, a.ID)
		wantKind(t, err, "")
		if b := capabilityResult(t, r, "b"); b.Status != assessment.OutOfScope || b.Score != nil || b.Total != 0 {
			t.Errorf("b: %+v, want out of scope without a score", b)
		}
		// b is out of scope: it holds neither its own stage nor c back.
		if r.Overall.Level != 2 || r.Preliminary || len(r.Roadmap) != 0 || r.Overall.Total != 4 {
			t.Errorf("level %d preliminary %v roadmap %v total %d, want 2, false, none, 4", r.Overall.Level, r.Preliminary, roadmapIDs(r), r.Overall.Total)
		}
		rs, err := svc.Respondents(ctx, u, a.ID)
		wantKind(t, err, "")
		if rs[0].Answered != 4 || rs[0].Total != 4 {
			t.Errorf("respondent progress %d of %d, want 4 of 4", rs[0].Answered, rs[0].Total)
		}
	})
}

func strPtr(s string) *string { return &s }

// TestTargetOverride: a per-assessment target changes whether a capability
// meets its target, and the roadmap with it.
func TestTargetOverride(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, u, org := fitService(t, s)
		a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org, Questionnaire: "fit", Mode: assessment.Workshop})
		wantKind(t, err, "")
		answerAll(t, svc, u, a.ID, "2", "a1", "a2", "b1", "c1", "c2") // 50 everywhere: every target met
		r, err := svc.Result(ctx, u, a.ID)
		wantKind(t, err, "")
		if r.Overall.Level != 2 || len(r.Roadmap) != 0 {
			t.Fatalf("level %d roadmap %v before the override", r.Overall.Level, roadmapIDs(r))
		}

		targets := map[string]int{"b": 60}
		a, err = svc.UpdateAssessment(ctx, u, a.ID, assessment.AssessmentUpdate{Targets: &targets})
		wantKind(t, err, "")
		if a.Targets["b"] != 60 {
			t.Fatalf("targets %v after the update", a.Targets)
		}
		r, err = svc.Result(ctx, u, a.ID)
		wantKind(t, err, "")
		b := capabilityResult(t, r, "b")
		if b.Target != 60 || b.Status != assessment.BelowTarget {
			t.Errorf("b: target %d status %s, want 60 and below target", b.Target, b.Status)
		}
		if ids := roadmapIDs(r); !slices.Equal(ids, []string{"b"}) || r.Roadmap[0].Target != 60 {
			t.Errorf("roadmap %v, want b against 60", ids)
		}
		if r.Overall.Level != 0 {
			t.Errorf("level %d, want 0: b holds stage 1 back", r.Overall.Level)
		}
		// The export (what the PDF and the results page draw) scores alike.
		x, err := svc.Export(ctx, u, a.ID)
		wantKind(t, err, "")
		if !reflect.DeepEqual(x.Result, r) {
			t.Errorf("export result %+v, want %+v", x.Result, r)
		}

		// An empty map goes back to the model's targets.
		none := map[string]int{}
		_, err = svc.UpdateAssessment(ctx, u, a.ID, assessment.AssessmentUpdate{Targets: &none})
		wantKind(t, err, "")
		r, err = svc.Result(ctx, u, a.ID)
		wantKind(t, err, "")
		if capabilityResult(t, r, "b").Target != 50 || len(r.Roadmap) != 0 {
			t.Errorf("after clearing: b target %d roadmap %v", capabilityResult(t, r, "b").Target, roadmapIDs(r))
		}
	})
}

// TestCoreForm: form core asks, counts and scores only the core questions.
func TestCoreForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, u, org := fitService(t, s)
		a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org, Questionnaire: "fit",
			Mode: assessment.SelfService, Form: assessment.FormCore})
		wantKind(t, err, "")
		token := answerAll(t, svc, u, a.ID, "4", "a1", "b1", "c1")
		_, _, err = svc.SaveAnswer(ctx, token, assessment.Answer{QuestionID: "a2", Option: "0"})
		wantKind(t, err, assessment.NotFound)
		resp, err := svc.Response(ctx, token)
		wantKind(t, err, "")
		if ids := askedIDs(resp.Index.Model()); !slices.Equal(ids, []string{"a/a1", "b/b1", "c/c1"}) || resp.Total != 3 || resp.Answered != 3 {
			t.Errorf("asked %v, progress %d of %d", ids, resp.Answered, resp.Total)
		}
		r, err := svc.Result(ctx, u, a.ID)
		wantKind(t, err, "")
		if ca := capabilityResult(t, r, "a"); ca.Total != 1 || ca.Answered != 1 || *ca.Score != 100 {
			t.Errorf("a: %d of %d, score %v; want 1 of 1, 100", ca.Answered, ca.Total, ca.Score)
		}
		if r.Overall.Total != 3 || r.Overall.Level != 2 {
			t.Errorf("overall total %d level %d, want 3 and 2", r.Overall.Total, r.Overall.Level)
		}
		if e := assessment.EstimateOf(resp.Index.Model(), a.Fit(), ""); e.Questions != 3 || e.Minutes != 1 {
			t.Errorf("estimate %+v", e)
		}
	})
}

// TestRefitKeepsAnswers: answers that leave the scope or the form stay
// stored and exported, and count again when they come back.
func TestRefitKeepsAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, u, org := fitService(t, s)
		a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org, Questionnaire: "fit", Mode: assessment.Workshop})
		wantKind(t, err, "")
		answerAll(t, svc, u, a.ID, "1", "a1", "a2", "b1", "c1", "c2")

		scope, form := []string{"a"}, assessment.FormCore
		a, err = svc.UpdateAssessment(ctx, u, a.ID, assessment.AssessmentUpdate{Scope: &scope, Form: &form})
		wantKind(t, err, "")
		x, err := svc.Export(ctx, u, a.ID)
		wantKind(t, err, "")
		if len(x.Answers) != 5 {
			t.Errorf("export has %d answers, want all 5", len(x.Answers))
		}
		if x.Result.Overall.Total != 1 || capabilityResult(t, x.Result, "c").Status != assessment.OutOfScope {
			t.Errorf("result total %d, c %s; want 1 and out of scope", x.Result.Overall.Total, capabilityResult(t, x.Result, "c").Status)
		}
		rs, err := svc.Respondents(ctx, u, a.ID)
		wantKind(t, err, "")
		if rs[0].Answered != 1 || rs[0].Total != 1 {
			t.Errorf("progress %d of %d, want 1 of 1", rs[0].Answered, rs[0].Total)
		}

		all, full := []string{"a", "b", "c"}, assessment.FormFull
		a, err = svc.UpdateAssessment(ctx, u, a.ID, assessment.AssessmentUpdate{Scope: &all, Form: &full})
		wantKind(t, err, "")
		if a.Scope != nil {
			t.Errorf("scope %v, want nil (every capability)", a.Scope)
		}
		r, err := svc.Result(ctx, u, a.ID)
		wantKind(t, err, "")
		if r.Overall.Total != 5 || r.Overall.Answered != 5 {
			t.Errorf("answered %d of %d, want 5 of 5", r.Overall.Answered, r.Overall.Total)
		}
	})
}

// TestFitValidation: every mistake is Invalid naming its field, and changes nothing.
func TestFitValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, u, org := fitService(t, s)
		for _, tt := range []struct {
			name  string
			n     assessment.NewAssessment
			field string
		}{
			{"unknown capability in scope", assessment.NewAssessment{Scope: []string{"a", "x"}}, "scope"},
			{"empty scope", assessment.NewAssessment{Scope: []string{}}, "scope"},
			{"unknown capability in targets", assessment.NewAssessment{Targets: map[string]int{"x": 50}}, "targets"},
			{"target above 100", assessment.NewAssessment{Targets: map[string]int{"a": 101}}, "targets"},
			{"target below 0", assessment.NewAssessment{Targets: map[string]int{"a": -1}}, "targets"},
			{"unknown form", assessment.NewAssessment{Form: "short"}, "form"},
			{"core form of a model without one", assessment.NewAssessment{Questionnaire: "plain", Form: assessment.FormCore}, "form"},
			{"unknown version", assessment.NewAssessment{QuestionnaireVersion: "9.9.9"}, "questionnaire_version"},
			{"language", assessment.NewAssessment{Language: "not a language"}, "language"},
			{"welcome", assessment.NewAssessment{Welcome: string(make([]rune, assessment.MaxWelcomeLen+1))}, "welcome"},
		} {
			n := tt.n
			n.OrganisationID, n.Mode = org, assessment.Workshop
			if n.Questionnaire == "" {
				n.Questionnaire = "fit"
			}
			_, err := svc.CreateAssessment(ctx, u, n)
			var e *assessment.Error
			if !errors.As(err, &e) || e.Kind != assessment.Invalid || e.Field != tt.field {
				t.Errorf("%s: %v, want invalid %s", tt.name, err, tt.field)
			}
		}
		as, err := svc.Assessments(ctx, u)
		wantKind(t, err, "")
		if len(as) != 0 {
			t.Errorf("%d assessments made by rejected requests", len(as))
		}

		a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org, Questionnaire: "fit", Mode: assessment.Workshop,
			Scope: []string{"a"}})
		wantKind(t, err, "")
		bad := []string{"nope"}
		_, err = svc.UpdateAssessment(ctx, u, a.ID, assessment.AssessmentUpdate{Scope: &bad})
		wantKind(t, err, assessment.Invalid)
		over := map[string]int{"a": 200}
		_, err = svc.UpdateAssessment(ctx, u, a.ID, assessment.AssessmentUpdate{Targets: &over})
		wantKind(t, err, assessment.Invalid)
		got, err := svc.Assessment(ctx, u, a.ID)
		wantKind(t, err, "")
		if !slices.Equal(got.Scope, []string{"a"}) || got.Targets != nil {
			t.Errorf("a rejected update changed the assessment: scope %v targets %v", got.Scope, got.Targets)
		}
	})
}
