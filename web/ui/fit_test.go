package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web/webtest"
)

func newestModel(t *testing.T) *assessment.Model {
	t.Helper()
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := cat.Latest("dcos-readiness")
	if !ok {
		t.Fatal("no built-in model")
	}
	return m
}

// requiring finds a capability of m that requires another: a scope of it
// alone leaves its prerequisite out.
func requiring(t *testing.T, m *assessment.Model) (c, req assessment.Capability) {
	t.Helper()
	ix := assessment.NewIndex(m)
	for _, c := range m.Capabilities {
		if len(c.Requires) > 0 {
			r, _ := ix.Capability(c.Requires[0])
			return c, *r
		}
	}
	t.Fatal("no capability requires another")
	return
}

// TestStartPage: the start page offers scope, targets, both forms with
// their estimates, languages and a welcome note; it warns about a left-out
// prerequisite, re-shows every mistake at its field and starts a fitted
// assessment.
func TestStartPage(t *testing.T) {
	m := newestModel(t)
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Start")
	var o webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme"}, 201, &o)
	start := "/organisations/" + o.ID + "/start"
	post := "/organisations/" + o.ID + "/assessments"

	full := assessment.EstimateOf(m, assessment.Fit{}, "")
	core := assessment.EstimateOf(m, assessment.Fit{Form: assessment.FormCore}, "")
	ops := assessment.EstimateOf(m, assessment.Fit{Form: assessment.FormCore}, "operations")
	webtest.WantPage(t, "start page", v.Get(start), 200,
		"Full (≈ "+counted(full.Questions, "question")+", ≈ "+counted(full.Minutes, "minute")+")",
		"Core (≈ "+counted(core.Questions, "question")+", ≈ "+counted(core.Minutes, "minute")+")",
		fmt.Sprintf("<th scope=\"row\">Operations</th>\n        <td>%d", assessment.EstimateOf(m, assessment.Fit{}, "operations").Questions),
		fmt.Sprintf("%d <span class=\"hint\">≈ %d min</span></td></tr>", ops.Questions, ops.Minutes),
		`name="scope" value="`+m.Capabilities[0].ID+`" checked`, `placeholder="`+fmt.Sprint(m.Capabilities[0].Target)+`"`,
		`<option value="de"`, `<option value="`+m.Version+`" selected>`, `maxlength="2000"`)

	c, req := requiring(t, m)
	base := func() url.Values {
		return url.Values{"fitted": {"1"}, "scope-shown": {"1"}, "questionnaire": {"dcos-readiness"}, "questionnaire_version": {m.Version},
			"title": {"Workshop"}, "mode": {"workshop"}, "form": {"core"}, "language": {"en"}, "scope": {c.ID}}
	}
	with := func(k string, vals ...string) url.Values {
		f := base()
		f[k] = vals
		return f
	}

	t.Run("check warns and counts", func(t *testing.T) {
		f := with("action", "check")
		scoped := assessment.EstimateOf(m, assessment.Fit{Scope: []string{c.ID}, Form: assessment.FormCore}, "")
		r := v.Post(post, f)
		webtest.WantPage(t, "check", r, 200, "Left out, yet required:",
			c.Title+" requires "+req.Title+", which is left out", "counts as met",
			"Core (≈ "+counted(scoped.Questions, "question"), `value="workshop" checked`, `value="core" checked`)
		if strings.Contains(string(r.Body), `value="`+req.ID+`" checked`) {
			t.Error("the left-out prerequisite is ticked again")
		}
		if n, _ := h.Service.Assessments(t.Context(), mustUser(t, h, tok)); len(n) != 0 {
			t.Errorf("checking created %d assessments", len(n))
		}
		// With the prerequisite in scope, no warning.
		f = with("action", "check")
		f["scope"] = append([]string{req.ID, c.ID}, c.Requires[1:]...)
		if r := v.Post(post, f); strings.Contains(string(r.Body), "Left out, yet required") && len(c.Requires) == 1 {
			t.Error("a scope with every prerequisite still warns")
		}
	})

	t.Run("mistakes", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			form url.Values
			want []string
		}{
			{"no capability", with("scope"), []string{`id="scope-error"`, "at least one capability"}},
			{"target not a number", with("target-"+c.ID, "lots"), []string{`id="targets-error"`, "whole number", `value="lots"`}},
			{"target above 100", with("target-"+c.ID, "150"), []string{`id="targets-error"`, "between 0 and 100", `value="150"`}},
			{"unknown language", with("language", "xx"), []string{`id="fit-language-error"`}},
			{"welcome too long", with("welcome", strings.Repeat("w", assessment.MaxWelcomeLen+1)), []string{`id="fit-welcome-error"`}},
			{"unknown form", with("form", "short"), []string{`id="form-error"`}},
			{"unknown version", with("questionnaire_version", "9.9.9"), []string{`id="start-version-error"`}},
			{"bad mode", with("mode", "neither"), []string{`id="start-mode-error"`, `value="Workshop"`}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				webtest.WantPage(t, tt.name, v.Post(post, tt.form), http.StatusUnprocessableEntity, tt.want...)
			})
		}
	})

	t.Run("start", func(t *testing.T) {
		f := base()
		f.Set("welcome", "Thanks for your time.")
		f.Set("target-"+c.ID, "75")
		f.Set("language", "de")
		f["scope"] = append([]string{c.ID}, c.Requires...)
		r := v.Post(post, f)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("start: %s", r)
		}
		id := idFrom(t, r.Header.Get("Location"), "/assessments/")
		var a struct {
			Scope          []string
			Targets        map[string]int
			Form, Language string
			Welcome, Mode  string
		}
		h.MustJSON("GET", "/api/v1/assessments/"+id, tok, nil, 200, &a)
		want := assessment.Fit{Scope: f["scope"]}.ScopeOf(m)
		if !slices.Equal(a.Scope, want) || a.Targets[c.ID] != 75 || a.Form != "core" || a.Language != "de" || a.Welcome != "Thanks for your time." || a.Mode != "workshop" {
			t.Errorf("started %+v, want scope %v, target 75, core, de, the welcome", a, want)
		}
		webtest.WantPage(t, "assessment", v.Get("/assessments/"+id), 200, "core form", "capabilities in scope", `href="/assessments/`+id+`/fit"`)

		// The fit page shows it and changes it.
		webtest.WantPage(t, "fit page", v.Get("/assessments/"+id+"/fit"), 200, `value="75"`, `value="core" checked`, "Thanks for your time.",
			"(fixed for this assessment)", `name="scope" value="`+c.ID+`" checked`)
		g := url.Values{"scope-shown": {"1"}, "form": {"full"}, "language": {"en"}, "welcome": {""}, "scope": {c.ID}, "target-" + c.ID: {""}}
		webtest.WantPage(t, "fit check", v.Post("/assessments/"+id+"/fit", url.Values{"scope-shown": {"1"}, "form": {"full"}, "language": {"en"},
			"scope": {c.ID}, "action": {"check"}}), 200, "Left out, yet required:")
		webtest.WantPage(t, "fit no scope", v.Post("/assessments/"+id+"/fit", url.Values{"scope-shown": {"1"}, "form": {"full"}, "language": {"en"}}),
			http.StatusUnprocessableEntity, `id="scope-error"`)
		r = v.Post("/assessments/"+id+"/fit", g)
		webtest.WantRedirect(t, "fit saved", r, "/assessments/"+id)
		h.MustJSON("GET", "/api/v1/assessments/"+id, tok, nil, 200, &a)
		if !slices.Equal(a.Scope, []string{c.ID}) || a.Targets[c.ID] != c.Target || a.Form != "full" || a.Language != "en" || a.Welcome != "" {
			t.Errorf("after the fit page: %+v", a)
		}
	})

	// The quick form on the organisation page still starts the whole model.
	r := v.Post(post, url.Values{"title": {"Quick"}, "questionnaire": {"dcos-readiness"}, "mode": {"self-service"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("quick start: %s", r)
	}
}

func mustUser(t *testing.T, h *webtest.Harness, tok string) assessment.User {
	t.Helper()
	u, err := h.Service.Authenticate(t.Context(), tok)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestPreviewPage: an assessment previews as a respondent would see it, in
// either form and for a perspective, without creating a respondent.
func TestPreviewPage(t *testing.T) {
	m := newestModel(t)
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Preview")
	var o, a webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme"}, 201, &o)
	scope := []string{m.Capabilities[0].ID, m.Capabilities[1].ID}
	h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness",
		"mode": "self-service", "scope": scope}, 201, &a)
	fit := assessment.Fit{Scope: scope}
	full := assessment.EstimateOf(m, fit, "")
	fit.Form = assessment.FormCore
	core := assessment.EstimateOf(m, fit, "data")
	page := "/assessments/" + a.ID + "/preview"
	r := v.Get(page)
	webtest.WantPage(t, "full", r, 200, "full form: "+counted(full.Questions, "question"), m.Capabilities[0].Title, `value="full" checked`)
	if strings.Contains(string(r.Body), ">"+m.Capabilities[2].Title+"<") {
		t.Error("the preview shows a capability outside the scope")
	}
	webtest.WantPage(t, "core, data", v.Get(page+"?form=core&perspective=data"), 200,
		"core form: "+counted(core.Questions, "question"), `value="data" selected`)
	webtest.WantPage(t, "bad perspective", v.Get(page+"?perspective=finance"), http.StatusUnprocessableEntity, "error-box")
	var rs []any
	h.MustJSON("GET", "/api/v1/assessments/"+a.ID+"/respondents", tok, nil, 200, &rs)
	if len(rs) != 0 {
		t.Errorf("previewing made %d respondents", len(rs))
	}
}

// TestScopedSurfaces: the results page and the projector name capabilities
// outside the scope as such (never "unassessed"), say a result is
// preliminary while one in scope is unassessed, and the projector moves the
// group among capabilities in scope only.
func TestScopedSurfaces(t *testing.T) {
	m := newestModel(t)
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Surfaces")
	var o, a webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme"}, 201, &o)
	in := []string{m.Capabilities[0].ID, m.Capabilities[2].ID}
	h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness",
		"mode": "workshop", "scope": in}, 201, &a)
	var r webtest.Created
	h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, map[string]string{"name": "Ana"}, 201, &r)
	q := &m.Capabilities[0].Questions[0]
	h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, 1), 200, nil)

	page := v.Get("/assessments/" + a.ID + "/results")
	webtest.WantPage(t, "results", page, 200, "rs-preliminary", "out of scope", "Out of scope: not assessed here")
	body := string(page.Body)
	if i := strings.Index(body, ">"+m.Capabilities[1].Title+"<"); i < 0 || !strings.Contains(body[i:i+400], "out of scope") {
		t.Errorf("%s is not named out of scope on the results page", m.Capabilities[1].Title)
	}
	// The projector steps from the first capability in scope to the next in scope.
	h.MustJSON("PUT", "/api/v1/assessments/"+a.ID+"/focus", tok, map[string]any{"capability": in[0]}, 200, nil)
	webtest.WantPage(t, "projector", v.Get("/assessments/"+a.ID+"/present"), 200, `value="`+in[1]+`"`)
	if strings.Contains(string(v.Get("/assessments/"+a.ID+"/present").Body), `value="`+m.Capabilities[1].ID+`"`) {
		t.Errorf("the projector offers %s, outside the scope", m.Capabilities[1].ID)
	}
	webtest.WantPage(t, "projector results", v.Get("/assessments/"+a.ID+"/present?results=1"), 200, "p-preliminary")
}
