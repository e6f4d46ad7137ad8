package api_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web/webtest"
)

// fitJSON is an assessment's fit as the API shows it.
type fitJSON struct {
	ID                   string
	QuestionnaireVersion string `json:"questionnaire_version"`
	Scope                []string
	Targets              map[string]int
	Form, Language       string
	Welcome              string
}

type resultJSON struct {
	Preliminary bool
	Overall     struct{ Level int }
	Stages      []struct {
		ID, Status string
		Reached    bool
		BlockedBy  []string `json:"blocked_by"`
	}
	Capabilities []struct {
		ID, Status string
		Score      *float64
		Target     int
	}
	Roadmap []struct {
		Capability string
		Requires   []string
	}
}

func latestModel(t *testing.T) *assessment.Model {
	t.Helper()
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := cat.Latest("dcos-readiness")
	if !ok {
		t.Fatal("no built-in dcos-readiness")
	}
	return m
}

// bestAnswer is the highest-scoring answer to q; nil for a text question.
func bestAnswer(q *assessment.Question) map[string]any {
	switch q.Type {
	case assessment.Text:
		return nil
	case assessment.Scale:
		return map[string]any{"value": *q.Max}
	case assessment.Multi:
		ids := []string{}
		for _, o := range q.Options {
			if o.Score != nil && *o.Score > 0 {
				ids = append(ids, o.ID)
			}
		}
		return map[string]any{"options": ids}
	}
	best, top := "", -1.0
	for _, o := range q.Options {
		if o.Score != nil && *o.Score > top {
			best, top = o.ID, *o.Score
		}
	}
	return map[string]any{"option": best}
}

// TestScopedAssessmentAPI: a scoped assessment asks, scores and gates only
// its capabilities (scoring rule 8), refuses answers, agreed answers and a
// focus outside its scope, and a target override changes the status, the
// roadmap and the PDF.
func TestScopedAssessmentAPI(t *testing.T) {
	m := latestModel(t)
	first := m.Capabilities[0]
	// The scope: the first stage's capabilities, whatever they require.
	var scope []string
	for _, c := range m.Capabilities {
		if c.Stage == first.Stage {
			scope = append(scope, c.ID)
		}
	}
	var outside assessment.Capability
	for _, c := range m.Capabilities {
		if !slices.Contains(scope, c.ID) {
			outside = c
			break
		}
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Scoped")
		var o webtest.Created
		h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme"}, 201, &o)

		t.Run("validation", func(t *testing.T) {
			base := func(extra string) string {
				return `{"organisation_id":"` + o.ID + `","questionnaire":"dcos-readiness","mode":"self-service"` + extra + `}`
			}
			for _, tt := range []struct {
				name, body string
				status     int
				field      string
			}{
				{"unknown capability in scope", base(`,"scope":["nope"]`), 422, "scope"},
				{"empty scope", base(`,"scope":[]`), 422, "scope"},
				{"unknown capability in targets", base(`,"targets":{"nope":50}`), 422, "targets"},
				{"target above 100", base(`,"targets":{"` + first.ID + `":101}`), 422, "targets"},
				{"negative target", base(`,"targets":{"` + first.ID + `":-1}`), 422, "targets"},
				{"unknown form", base(`,"form":"short"`), 422, "form"},
				{"unknown language", base(`,"language":"xx"`), 422, "language"},
				{"welcome too long", base(`,"welcome":"` + strings.Repeat("w", assessment.MaxWelcomeLen+1) + `"`), 422, "welcome"},
				{"unknown version", base(`,"questionnaire_version":"9.9.9"`), 422, "questionnaire_version"},
				{"scope of the wrong type", base(`,"scope":"all"`), 400, "scope"},
			} {
				r := h.Do("POST", "/api/v1/assessments", tok, tt.body)
				if code, field := r.ErrorField(); r.Status != tt.status || field != tt.field || code == "" {
					t.Errorf("%s: %s, want %d naming %q", tt.name, r, tt.status, tt.field)
				}
			}
		})

		var a fitJSON
		h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness",
			"mode": "workshop", "scope": scope, "language": "de", "welcome": " Thanks for your time. "}, 201, &a)
		if !slices.Equal(a.Scope, scope) || a.Form != "full" || a.Language != "de" || a.Welcome != "Thanks for your time." ||
			a.QuestionnaireVersion != m.Version || len(a.Targets) != len(m.Capabilities) || a.Targets[first.ID] != first.Target {
			t.Fatalf("created %+v, want scope %v, the model's targets, full, de, the welcome note", a, scope)
		}
		var got fitJSON
		h.MustJSON("GET", "/api/v1/assessments/"+a.ID, tok, nil, 200, &got)
		if !slices.Equal(got.Scope, scope) || got.Language != "de" {
			t.Errorf("GET = %+v", got)
		}
		if r := h.Do("PATCH", "/api/v1/assessments/"+a.ID, tok, `{"questionnaire_version":"1.1.0"}`); r.Status != 422 {
			t.Errorf("PATCH questionnaire_version: %s, want 422", r)
		} else if _, f := r.ErrorField(); f != "questionnaire_version" {
			t.Errorf("PATCH questionnaire_version names %q", f)
		}

		var r webtest.Created
		h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, map[string]string{"name": "Ana"}, 201, &r)

		// The respondent's questionnaire holds the scope only.
		var q struct {
			Capabilities []struct {
				ID        string
				Questions []struct{ ID string }
			}
		}
		h.MustJSON("GET", "/api/v1/responses/"+r.Token+"/questionnaire", "", nil, 200, &q)
		var ids []string
		for _, c := range q.Capabilities {
			ids = append(ids, c.ID)
		}
		if !slices.Equal(ids, scope) {
			t.Errorf("respondent questionnaire has %v, want %v", ids, scope)
		}

		// Outside the scope: 404, and nothing is stored.
		oq := &outside.Questions[0]
		if res := h.Do("PUT", "/api/v1/responses/"+r.Token+"/answers/"+oq.ID, "", webtest.AnswerFor(oq, 0)); res.Status != 404 {
			t.Errorf("PUT answer outside the scope: %s, want 404", res)
		}
		if res := h.Do("PUT", "/api/v1/assessments/"+a.ID+"/agreed/"+oq.ID, tok, webtest.AnswerFor(oq, 0)); res.Status != 404 {
			t.Errorf("PUT agreed outside the scope: %s, want 404", res)
		}
		if res := h.Do("PUT", "/api/v1/assessments/"+a.ID+"/focus", tok, map[string]any{"capability": outside.ID}); res.Status != 404 {
			t.Errorf("PUT focus outside the scope: %s, want 404", res)
		}
		h.MustJSON("PUT", "/api/v1/assessments/"+a.ID+"/focus", tok, map[string]any{"capability": first.ID}, 200, nil)

		var res resultJSON
		h.MustJSON("GET", "/api/v1/assessments/"+a.ID+"/result", tok, nil, 200, &res)
		if !res.Preliminary {
			t.Error("a result with unassessed capabilities in scope is not preliminary")
		}

		// Every in-scope question answered at its best.
		for ci := range m.Capabilities {
			c := &m.Capabilities[ci]
			if !slices.Contains(scope, c.ID) {
				continue
			}
			for qi := range c.Questions {
				if body := bestAnswer(&c.Questions[qi]); body != nil {
					h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+c.Questions[qi].ID, "", body, 200, nil)
				}
			}
		}
		h.MustJSON("GET", "/api/v1/assessments/"+a.ID+"/result", tok, nil, 200, &res)
		if res.Preliminary {
			t.Error("every in-scope capability is assessed, yet the result is preliminary")
		}
		for _, c := range res.Capabilities {
			in := slices.Contains(scope, c.ID)
			switch {
			case in && c.Status != "ready":
				t.Errorf("%s in scope, answered at best: %s", c.ID, c.Status)
			case !in && (c.Status != "out-of-scope" || c.Score != nil):
				t.Errorf("%s outside the scope: status %s, score %v", c.ID, c.Status, c.Score)
			}
		}
		for _, s := range res.Stages {
			want := "out-of-scope"
			if s.ID == first.Stage {
				want = "reached"
			}
			if s.Status != want || len(s.BlockedBy) != 0 {
				t.Errorf("stage %s: %s blocked by %v, want %s", s.ID, s.Status, s.BlockedBy, want)
			}
		}
		if res.Overall.Level != 1 || len(res.Roadmap) != 0 {
			t.Errorf("level %d, roadmap %v; want 1 and none", res.Overall.Level, res.Roadmap)
		}

		// Lower the non-critical single answers of the first capability,
		// then hold it to a target just above its score, then at it.
		for qi := range first.Questions {
			q := &first.Questions[qi]
			if (q.Type == assessment.Single || q.Type == assessment.Boolean) && q.Critical == 0 {
				h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", map[string]any{"option": worstOption(q)}, 200, nil)
			}
		}
		status := func() (st string, score float64, target int, onRoadmap bool) {
			h.MustJSON("GET", "/api/v1/assessments/"+a.ID+"/result", tok, nil, 200, &res)
			for _, c := range res.Capabilities {
				if c.ID == first.ID && c.Score != nil {
					st, score, target = c.Status, *c.Score, c.Target
				}
			}
			for _, it := range res.Roadmap {
				onRoadmap = onRoadmap || it.Capability == first.ID
			}
			return st, score, target, onRoadmap
		}
		_, score, _, _ := status()
		if score >= 100 {
			t.Fatalf("%s scores %v after lowering its answers", first.ID, score)
		}
		above := int(score) + 1
		h.MustJSON("PATCH", "/api/v1/assessments/"+a.ID, tok, map[string]any{"targets": map[string]int{first.ID: above}}, 200, &got)
		if got.Targets[first.ID] != above || !slices.Equal(got.Scope, scope) {
			t.Errorf("PATCH targets = %+v", got)
		}
		if st, _, target, onRoadmap := status(); st != "below-target" || target != above || !onRoadmap {
			t.Errorf("target %d over a score of %v: %s, target %d, on the roadmap %v; want below-target and on it", above, score, st, target, onRoadmap)
		}
		text := reportText(t, h, tok, a.ID)
		// The assessment's language is German: so is its PDF.
		if !strings.Contains(text, fmt.Sprintf("Zielwert %d", above)) {
			t.Errorf("the PDF does not show the overridden target %d:\n%s", above, text)
		}
		if !strings.Contains(text, "nicht im Umfang") {
			t.Errorf("the PDF does not name capabilities out of scope")
		}
		h.MustJSON("PATCH", "/api/v1/assessments/"+a.ID, tok, map[string]any{"targets": map[string]int{first.ID: int(score)}}, 200, &got)
		if st, _, _, onRoadmap := status(); st != "ready" || onRoadmap {
			t.Errorf("target %d under a score of %v: %s, on the roadmap %v; want ready and off it", int(score), score, st, onRoadmap)
		}
		// An empty map goes back to the model's targets.
		h.MustJSON("PATCH", "/api/v1/assessments/"+a.ID, tok, map[string]any{"targets": map[string]int{}}, 200, &got)
		if got.Targets[first.ID] != first.Target {
			t.Errorf("targets {} left %s at %d, want the model's %d", first.ID, got.Targets[first.ID], first.Target)
		}
	})
}

func worstOption(q *assessment.Question) string {
	worst, low := "", 2.0
	for _, o := range q.Options {
		if o.Score != nil && *o.Score < low {
			worst, low = o.ID, *o.Score
		}
	}
	return worst
}

// reportText downloads an assessment's PDF and reads its text.
func reportText(t *testing.T, h *webtest.Harness, tok, id string) string {
	t.Helper()
	r := h.Do("GET", "/api/v1/assessments/"+id+"/report.pdf", tok, nil)
	if r.Status != 200 {
		t.Fatalf("report.pdf: %s", r)
	}
	return pdfText(t, r.Body)
}

// TestCoreFormAPI: form core asks only core questions, every critical
// question of the built-in model is core, and the respondent's
// questionnaire says so.
func TestCoreFormAPI(t *testing.T) {
	m := latestModel(t)
	core := map[string]bool{}
	for _, q := range webtest.Questions(m) {
		if q.Core {
			core[q.ID] = true
		}
		if q.Critical > 0 && !q.Core {
			t.Errorf("critical question %s of %s is not core", q.ID, m.Version)
		}
	}
	if len(core) == 0 {
		t.Fatalf("%s marks no question core", m.Version)
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Core")
		var o webtest.Created
		h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme"}, 201, &o)
		var a fitJSON
		h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness",
			"mode": "self-service", "form": "core"}, 201, &a)
		if a.Form != "core" {
			t.Fatalf("form = %q", a.Form)
		}
		for _, p := range []string{"", "operations", "development", "data", "management"} {
			var r webtest.Created
			h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, map[string]string{"name": "P " + p, "perspective": p}, 201, &r)
			var q struct {
				Capabilities []struct{ Questions []struct{ ID string } }
			}
			h.MustJSON("GET", "/api/v1/responses/"+r.Token+"/questionnaire", "", nil, 200, &q)
			n := 0
			for _, c := range q.Capabilities {
				for _, qq := range c.Questions {
					n++
					if !core[qq.ID] {
						t.Errorf("perspective %q: %s is asked but not core", p, qq.ID)
					}
				}
			}
			want := assessment.EstimateOf(m, assessment.Fit{Form: assessment.FormCore}, p).Questions
			var resp struct{ Progress struct{ Total int } }
			h.MustJSON("GET", "/api/v1/responses/"+r.Token, "", nil, 200, &resp)
			// The questionnaire holds what is asked of this respondent: the
			// form's questions of their perspective and the untagged ones.
			if n != want {
				t.Errorf("perspective %q: %d questions, want the %d core ones asked of it", p, n, want)
			}
			if resp.Progress.Total != want {
				t.Errorf("perspective %q: progress of %d, want %d", p, resp.Progress.Total, want)
			}
			for _, q := range webtest.Questions(m) {
				if !core[q.ID] {
					if res := h.Do("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, 0)); res.Status != 404 {
						t.Errorf("PUT to %s outside the core form: %s, want 404", q.ID, res)
					}
					break
				}
			}
		}
	})
}

// TestCompareScopeAPI: a capability in scope on one side only is never a
// change: null there, or same_questions false.
func TestCompareScopeAPI(t *testing.T) {
	m := latestModel(t)
	dropped := m.Capabilities[len(m.Capabilities)-1].ID
	var rest []string
	for _, c := range m.Capabilities[:len(m.Capabilities)-1] {
		rest = append(rest, c.ID)
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Compare")
		var o webtest.Created
		h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme"}, 201, &o)
		var before, after fitJSON
		h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness", "mode": "self-service"}, 201, &before)
		h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness", "mode": "self-service", "scope": rest}, 201, &after)
		for _, id := range []string{before.ID, after.ID} {
			var r webtest.Created
			h.MustJSON("POST", "/api/v1/assessments/"+id+"/respondents", tok, map[string]string{"name": "Ana"}, 201, &r)
			for _, q := range webtest.Questions(m) {
				if c := webtest.CapabilityOf(t, m, q.ID); id == after.ID && c == dropped {
					continue
				}
				if body := bestAnswer(q); body != nil {
					h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", body, 200, nil)
				}
			}
		}
		var cmp struct {
			Capabilities []struct {
				ID            string
				From, To      *float64
				Change        *float64
				SameQuestions *bool `json:"same_questions"`
			}
		}
		h.MustJSON("GET", "/api/v1/assessments/"+after.ID+"/compare/"+before.ID, tok, nil, 200, &cmp)
		found := false
		for _, c := range cmp.Capabilities {
			if c.ID != dropped {
				if c.SameQuestions == nil || !*c.SameQuestions {
					t.Errorf("%s in scope on both sides: same_questions %v", c.ID, c.SameQuestions)
				}
				continue
			}
			found = true
			if c.To != nil || c.Change != nil || (c.SameQuestions != nil && *c.SameQuestions) {
				t.Errorf("%s out of scope on one side: to %v, change %v, same_questions %v; want null, null, false", c.ID, c.To, c.Change, fmt.Sprint(c.SameQuestions))
			}
		}
		if !found {
			t.Errorf("compare left out %s altogether", dropped)
		}
	})
}
