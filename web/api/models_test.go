package api_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

type problemsBody struct {
	Error struct {
		Code, Field, Message string
		Problems             []struct {
			Line    int
			Message string
		}
	}
}

// lineOf is the 1-based line of the first occurrence of s in text.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in the text", s)
	}
	return strings.Count(text[:i], "\n") + 1
}

// TestOwnModelsAPI uploads, lists, reads, uses and deletes a workspace's
// own model, and checks that another workspace sees none of it.
func TestOwnModelsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok, other := h.Consultant("Owner"), h.Consultant("Stranger")
		v1, v2 := webtest.OwnModel("fitness", "1.0.0"), webtest.OwnModel("fitness", "1.1.0")

		t.Run("needs a bearer token", func(t *testing.T) {
			for _, r := range []webtest.Response{
				h.SendYAML("POST", "/api/v1/questionnaires", "", v1),
				h.SendYAML("PUT", "/api/v1/questionnaires/fitness/translations/de", "", v1),
				h.Do("DELETE", "/api/v1/questionnaires/fitness?version=1.0.0", "", nil),
			} {
				if r.Status != 401 {
					t.Errorf("without a token: %s, want 401", r)
				}
			}
		})

		t.Run("a broken model names each problem at its line", func(t *testing.T) {
			broken := strings.Replace(strings.Replace(v1, "target: 60", "target: 600", 1), "stage: run", "stage: runn", 1)
			r := h.SendYAML("POST", "/api/v1/questionnaires", tok, broken)
			var body problemsBody
			if err := json.Unmarshal(r.Body, &body); err != nil || r.Status != 422 || body.Error.Field != "questionnaire" {
				t.Fatalf("broken model: %s (%v)", r, err)
			}
			// Moving the only capability off stage run leaves that stage empty: a third problem.
			want := []int{lineOf(t, broken, "  - id: run"), lineOf(t, broken, "target: 600"), lineOf(t, broken, "stage: runn")}
			var got []int
			for _, p := range body.Error.Problems {
				got = append(got, p.Line)
				if p.Message == "" {
					t.Errorf("problem at line %d has no message", p.Line)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems at lines %v, want %v: %s", got, want, r.Body)
			}
			if r := h.Do("GET", "/api/v1/questionnaires/fitness", tok, nil); r.Status != 404 {
				t.Errorf("a refused upload was stored: %s", r)
			}
		})

		t.Run("upload", func(t *testing.T) {
			if r := h.Do("POST", "/api/v1/questionnaires", tok, v1); r.Status != 415 {
				t.Errorf("sent as JSON: %s, want 415", r) // Do sends application/json
			}
			var created struct{ Slug, Version, Title string }
			r := h.SendYAML("POST", "/api/v1/questionnaires", tok, v1)
			if r.Status != 201 || json.Unmarshal(r.Body, &created) != nil ||
				created != (struct{ Slug, Version, Title string }{"fitness", "1.0.0", "Platform fitness"}) {
				t.Fatalf("upload: %s", r)
			}
			for name, body := range map[string]string{
				"the same version twice": v1,
				"a built-in slug":        webtest.OwnModel("dcos-readiness", "9.0.0"),
			} {
				if r := h.SendYAML("POST", "/api/v1/questionnaires", tok, body); r.Status != 409 {
					t.Errorf("%s: %s, want 409", name, r)
				}
			}
			if r := h.SendYAML("POST", "/api/v1/questionnaires", tok, v2); r.Status != 201 {
				t.Fatalf("a new version: %s", r)
			}
		})

		t.Run("list and read", func(t *testing.T) {
			var list []struct{ Slug, Version string }
			h.MustJSON("GET", "/api/v1/questionnaires", tok, nil, 200, &list)
			var got []string
			for _, m := range list {
				got = append(got, m.Slug+"@"+m.Version)
			}
			if want := []string{"dcos-readiness@" + h.Model.Version, "fitness@1.1.0"}; !slices.Equal(got, want) {
				t.Errorf("list = %v, want %v", got, want)
			}
			var q struct{ Version, Lang string }
			h.MustJSON("GET", "/api/v1/questionnaires/fitness", tok, nil, 200, &q)
			if q.Version != "1.1.0" || q.Lang != "en" {
				t.Errorf("newest = %+v", q)
			}
			h.MustJSON("GET", "/api/v1/questionnaires/fitness?version=1.0.0", tok, nil, 200, &q)
			if q.Version != "1.0.0" {
				t.Errorf("?version=1.0.0 = %+v", q)
			}
			if r := h.Do("GET", "/api/v1/questionnaires/fitness?version=3.0.0", tok, nil); r.Status != 404 {
				t.Errorf("an unknown version: %s", r)
			}
		})

		t.Run("another workspace cannot see or use it", func(t *testing.T) {
			var list []struct{ Slug string }
			h.MustJSON("GET", "/api/v1/questionnaires", other, nil, 200, &list)
			for _, m := range list {
				if m.Slug == "fitness" {
					t.Errorf("another workspace lists it: %+v", list)
				}
			}
			for _, r := range []webtest.Response{
				h.Do("GET", "/api/v1/questionnaires/fitness", other, nil),
				h.Do("GET", "/api/v1/questionnaires/fitness?version=1.0.0&lang=de", other, nil),
				h.Do("DELETE", "/api/v1/questionnaires/fitness?version=1.0.0", other, nil),
				h.SendYAML("PUT", "/api/v1/questionnaires/fitness/translations/de?version=1.0.0", other, webtest.OwnModelDE("fitness", "1.0.0")),
			} {
				if r.Status != 404 {
					t.Errorf("another workspace: %s, want 404", r)
				}
			}
			var o webtest.Created
			h.MustJSON("POST", "/api/v1/organisations", other, map[string]string{"name": "Other"}, 201, &o)
			r := h.Do("POST", "/api/v1/assessments", other, map[string]string{"organisation_id": o.ID, "questionnaire": "fitness", "mode": "workshop"})
			if _, field := r.ErrorField(); r.Status != 422 || field != "questionnaire" {
				t.Errorf("another workspace starts on it: %s, want 422 naming questionnaire (no such questionnaire there)", r)
			}
		})

		t.Run("a used version cannot be deleted", func(t *testing.T) {
			var o webtest.Created
			h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Client"}, 201, &o)
			var a struct {
				QuestionnaireVersion string `json:"questionnaire_version"`
			}
			h.MustJSON("POST", "/api/v1/assessments", tok, map[string]string{"organisation_id": o.ID, "questionnaire": "fitness", "mode": "workshop"}, 201, &a)
			if a.QuestionnaireVersion != "1.1.0" {
				t.Errorf("started on %+v, want the newest, 1.1.0", a)
			}
			r := h.Do("DELETE", "/api/v1/questionnaires/fitness?version=1.1.0", tok, nil)
			if r.Status != 409 || !strings.Contains(string(r.Body), "in use") {
				t.Errorf("deleting a used version: %s, want 409", r)
			}
			if r := h.Do("DELETE", "/api/v1/questionnaires/fitness", tok, nil); r.Status != 422 {
				t.Errorf("deleting without a version: %s, want 422", r)
			} else if _, field := r.ErrorField(); field != "version" {
				t.Errorf("deleting without a version names %q", field)
			}
			if r := h.Do("DELETE", "/api/v1/questionnaires/dcos-readiness?version="+h.Model.Version, tok, nil); r.Status != 409 {
				t.Errorf("deleting the built-in: %s, want 409", r)
			}
			if r := h.Do("DELETE", "/api/v1/questionnaires/fitness?version=1.0.0", tok, nil); r.Status != 204 {
				t.Fatalf("deleting an unused version: %s", r)
			}
			if r := h.Do("GET", "/api/v1/questionnaires/fitness?version=1.0.0", tok, nil); r.Status != 404 {
				t.Errorf("a deleted version: %s", r)
			}
			if r := h.Do("DELETE", "/api/v1/questionnaires/fitness?version=1.0.0", tok, nil); r.Status != 404 {
				t.Errorf("deleting it twice: %s", r)
			}
		})

		t.Run("translations", func(t *testing.T) {
			de := webtest.OwnModelDE("fitness", "1.1.0")
			bad := strings.Replace(de, "  dashboards:", "  dashbords:", 1)
			r := h.SendYAML("PUT", "/api/v1/questionnaires/fitness/translations/de?version=1.1.0", tok, bad)
			var body problemsBody
			if json.Unmarshal(r.Body, &body) != nil || r.Status != 422 || len(body.Error.Problems) == 0 {
				t.Fatalf("a translation with an unknown id: %s", r)
			}
			if l := lineOf(t, bad, "dashbords:"); !slices.ContainsFunc(body.Error.Problems, func(p struct {
				Line    int
				Message string
			}) bool {
				return p.Line == l
			}) {
				t.Errorf("no problem at line %d: %s", l, r.Body)
			}
			if r := h.SendYAML("PUT", "/api/v1/questionnaires/fitness/translations/fr?version=1.1.0", tok, de); r.Status != 422 {
				t.Errorf("a German file as French: %s", r)
			}
			var put struct{ Slug, Version, Lang string }
			h.MustJSON("PUT", "/api/v1/questionnaires/fitness/translations/de?version=1.1.0", tok, nil, 415, nil)
			r = h.SendYAML("PUT", "/api/v1/questionnaires/fitness/translations/de?version=1.1.0", tok, de)
			if r.Status != 200 || json.Unmarshal(r.Body, &put) != nil || put.Lang != "de" || put.Version != "1.1.0" {
				t.Fatalf("translation: %s", r)
			}
			var q struct {
				Title, Lang string
				Languages   []string
			}
			h.MustJSON("GET", "/api/v1/questionnaires/fitness?lang=de", tok, nil, 200, &q)
			if q.Title != "Plattform-Fitness" || q.Lang != "de" || !slices.Equal(q.Languages, []string{"en", "de"}) {
				t.Errorf("?lang=de = %+v", q)
			}
		})
	})
}

// questionnaireShape is what must not change with the language.
type questionnaireShape struct {
	Slug, Version, Title, Lang string
	Languages                  []string
	Stages                     []struct{ ID, Title string }
	Capabilities               []struct {
		ID, Title, Stage string
		Target           int
		Requires         []string
		Questions        []struct {
			ID, Text, Type string
			Critical       *int
			Options        []struct {
				ID, Label string
				Score     *float64
				Unscored  string
			}
		}
	}
}

// skeleton keeps of a copy of q only what a translation must not change.
func skeleton(t *testing.T, in questionnaireShape) questionnaireShape {
	t.Helper()
	var q questionnaireShape
	if b, err := json.Marshal(in); err != nil || json.Unmarshal(b, &q) != nil {
		t.Fatal(err) // a deep copy: the caller's slices stay as they are
	}
	q.Title, q.Lang, q.Languages = "", "", nil
	for i := range q.Stages {
		q.Stages[i].Title = ""
	}
	for ci := range q.Capabilities {
		c := &q.Capabilities[ci]
		c.Title = ""
		for qi := range c.Questions {
			c.Questions[qi].Text = ""
			for oi := range c.Questions[qi].Options {
				c.Questions[qi].Options[oi].Label = ""
			}
		}
	}
	return q
}

// TestQuestionnaireLanguages: ?lang=de on the built-in model gives the same
// ids, options and scores in German; a language the model lacks falls back.
func TestQuestionnaireLanguages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Lang")
		var en, de, xx, old questionnaireShape
		h.MustJSON("GET", "/api/v1/questionnaires/dcos-readiness", tok, nil, 200, &en)
		h.MustJSON("GET", "/api/v1/questionnaires/dcos-readiness?lang=de", tok, nil, 200, &de)
		h.MustJSON("GET", "/api/v1/questionnaires/dcos-readiness?lang=xx", tok, nil, 200, &xx)
		h.MustJSON("GET", "/api/v1/questionnaires/dcos-readiness?version=1.1.0&lang=de", tok, nil, 200, &old)
		if en.Version != "1.2.0" || en.Lang != "en" || de.Lang != "de" || xx.Lang != "en" || old.Lang != "en" {
			t.Fatalf("versions and languages: en %s %s, de %s, xx %s, 1.1.0 in German %s", en.Version, en.Lang, de.Lang, xx.Lang, old.Lang)
		}
		if !slices.Equal(de.Languages, []string{"en", "de"}) {
			t.Errorf("languages = %v", de.Languages)
		}
		if !reflect.DeepEqual(skeleton(t, en), skeleton(t, de)) {
			t.Error("the German model differs from the English one in ids, options, scores or rules")
		}
		if !reflect.DeepEqual(en, xx) {
			t.Error("an unknown language did not give the English model")
		}
		if en.Title == de.Title || en.Capabilities[0].Questions[0].Text == de.Capabilities[0].Questions[0].Text ||
			en.Capabilities[0].Questions[0].Options[0].Label == de.Capabilities[0].Questions[0].Options[0].Label {
			t.Errorf("not German: %q, %q", de.Title, de.Capabilities[0].Questions[0].Text)
		}
	})
}

// TestRespondentQuestionnaire: a respondent reads only the questions asked
// of them, in their language, without anything that scores.
func TestRespondentQuestionnaire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Resp")
		if r := h.SendYAML("POST", "/api/v1/questionnaires", tok, webtest.OwnModel("fitness", "1.0.0")); r.Status != 201 {
			t.Fatal(r)
		}
		if r := h.SendYAML("PUT", "/api/v1/questionnaires/fitness/translations/de?version=1.0.0", tok, webtest.OwnModelDE("fitness", "1.0.0")); r.Status != 200 {
			t.Fatal(r)
		}
		var o, a webtest.Created
		h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Client"}, 201, &o)
		h.MustJSON("POST", "/api/v1/assessments", tok, map[string]string{"organisation_id": o.ID, "questionnaire": "fitness", "mode": "self-service"}, 201, &a)
		respondent := func(perspective string) string {
			var r webtest.Created
			h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, map[string]string{"name": "P", "perspective": perspective}, 201, &r)
			return r.Token
		}
		questions := func(body []byte) []string {
			var q questionnaireShape
			if err := json.Unmarshal(body, &q); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range q.Capabilities {
				for _, qq := range c.Questions {
					ids = append(ids, qq.ID)
				}
			}
			return ids
		}
		for _, tt := range []struct {
			perspective, lang, wantLang, title string
			want                               []string
		}{
			{"", "", "en", "Platform fitness", []string{"builds", "checks", "alerts", "dashboards"}},
			{"development", "", "en", "Platform fitness", []string{"builds", "checks", "dashboards"}},
			{"operations", "de", "de", "Plattform-Fitness", []string{"builds", "alerts", "dashboards"}},
			{"operations", "de-CH", "de", "Plattform-Fitness", []string{"builds", "alerts", "dashboards"}},
			{"data", "fr", "en", "Platform fitness", []string{"builds", "dashboards"}},
		} {
			path := "/api/v1/responses/" + respondent(tt.perspective) + "/questionnaire"
			if tt.lang != "" {
				path += "?lang=" + tt.lang
			}
			r := h.MustJSON("GET", path, "", nil, 200, nil)
			var q struct{ Title, Lang string }
			_ = json.Unmarshal(r.Body, &q)
			if got := questions(r.Body); !slices.Equal(got, tt.want) || q.Lang != tt.wantLang || q.Title != tt.title {
				t.Errorf("%q in %q: %v in %s (%q), want %v in %s", tt.perspective, tt.lang, got, q.Lang, q.Title, tt.want, tt.wantLang)
			}
			for _, key := range []string{`"score"`, `"target"`, `"critical"`, `"weight"`, `"recommendation`, `"requires"`, "Build every commit"} {
				if strings.Contains(string(r.Body), key) {
					t.Errorf("the respondent's questionnaire holds %s: %s", key, r.Body)
				}
			}
		}
		// A scoped core assessment asks only its capabilities' core questions.
		// (through the service: the API's assessments do not take scope and form yet)
		ctx := context.Background()
		u, err := h.Service.Authenticate(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		scoped, err := h.Service.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: o.ID, Questionnaire: "dcos-readiness",
			Mode: assessment.Workshop, Scope: []string{"leadership"}, Form: assessment.FormCore})
		if err != nil {
			t.Fatal(err)
		}
		var rr webtest.Created
		h.MustJSON("POST", "/api/v1/assessments/"+scoped.ID+"/respondents", tok, map[string]string{"name": "Q"}, 201, &rr)
		r := h.MustJSON("GET", "/api/v1/responses/"+rr.Token+"/questionnaire?lang=de", "", nil, 200, nil)
		var want []string
		for _, c := range h.Model.Capabilities {
			for _, q := range c.Questions {
				if c.ID == "leadership" && q.Core {
					want = append(want, q.ID)
				}
			}
		}
		if got := questions(r.Body); len(want) == 0 || !slices.Equal(got, want) || !strings.Contains(string(r.Body), `"lang":"de"`) {
			t.Errorf("scoped core respondent: %v, want %v", got, want)
		}
		if r := h.Do("GET", "/api/v1/responses/not-a-token/questionnaire", "", nil); r.Status != 404 {
			t.Errorf("unknown token: %s", r)
		}
	})
}
