package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// postFile posts the upload form with a file, as a browser sends it.
func postFile(t *testing.T, h *webtest.Harness, v *webtest.Visitor, name, content string) webtest.Response {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.WriteField("_csrf", v.CSRF)
	_ = w.WriteField("source", "")
	f, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte(content))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", h.Server.URL+"/models", &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return v.Send(req)
}

// TestModelsPages walks the Models page without script: a broken upload
// shows each problem under its line, a fixed one is previewed, a used
// version cannot be deleted, another workspace sees none of it.
func TestModelsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		if r := h.Visitor().Get("/models"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Fatalf("signed out: %s", r)
		}
		v, tok := h.SignIn("Models")
		webtest.WantPage(t, "dashboard", v.Get("/"), 200, `href="/models">Models</a>`)
		webtest.WantPage(t, "models", v.Get("/models"), 200, "DC/OS", "built in", "/models/dcos-readiness/preview?version=1.2.0",
			"/models/dcos-readiness/preview?version=1.1.0", `enctype="multipart/form-data"`)

		good := webtest.OwnModel("fitness", "1.0.0")
		broken := strings.Replace(strings.Replace(good, "type: multi", "type: multiple", 1), "target: 70", "target: 0", 1)
		r := v.Post("/models", url.Values{"source": {broken}})
		lineOf := func(s string) int { return strings.Count(broken[:strings.Index(broken, s)], "\n") + 1 }
		webtest.WantPage(t, "broken upload", r, http.StatusUnprocessableEntity, "2 problems to fix",
			fmt.Sprintf(`id="line-%d"><span class="ln">%d</span><code>        type: multiple</code>`, lineOf("type: multiple"), lineOf("type: multiple")),
			fmt.Sprintf(`id="line-%d"><span class="ln">%d</span><code>    target: 0</code>`, lineOf("target: 0"), lineOf("target: 0")),
			"unknown type", "target must be")
		if !strings.Contains(html.UnescapeString(string(r.Body)), broken) {
			t.Error("the broken text is not in the form to fix")
		}
		if r := h.Do("GET", "/api/v1/questionnaires/fitness", tok, nil); r.Status != 404 {
			t.Errorf("a broken upload was stored: %s", r)
		}

		r = postFile(t, h, v, "fitness.yaml", good)
		webtest.WantRedirect(t, "upload", r, "/models/fitness/preview?version=1.0.0&done=uploaded")
		webtest.WantPage(t, "preview", v.Get(r.Header.Get("Location")), 200, "Platform fitness", "is stored",
			"4 questions</strong> on 2 pages", "How often is the main branch built?", "Are you alerted", "disabled")
		webtest.WantPage(t, "duplicate", postFile(t, h, v, "fitness.yaml", good), http.StatusConflict, "exists already")

		// Preview choices: a perspective narrows, a form the model lacks says why.
		r = v.Get("/models/fitness/preview?perspective=development")
		webtest.WantPage(t, "development", r, 200, "3 questions</strong>", "Which checks run")
		if strings.Contains(string(r.Body), "Are you alerted") {
			t.Error("a development preview shows the operations question")
		}
		webtest.WantPage(t, "core", v.Get("/models/fitness/preview?form=core"), 200, "marks no question core", "4 questions")
		webtest.WantPage(t, "scope", v.Get("/models/fitness/preview?scope=observability"), 200, "2 questions</strong> on 1 page")
		r = v.Get("/models/dcos-readiness/preview?model_lang=de")
		webtest.WantPage(t, "German", r, 200, "Wer ist Sponsor des Umstiegs", `<option value="de" selected>`)
		webtest.WantPage(t, "older version", v.Get("/models/dcos-readiness/preview?version=1.1.0"), 200, "version 1.1.0")
		webtest.WantPage(t, "unknown", v.Get("/models/nope/preview"), 404)

		// Start: the preview links to each organisation's start form with the model chosen.
		v.Post("/organisations", url.Values{"name": {"Client"}})
		r = v.Get("/models/fitness/preview?version=1.0.0")
		start := regexpFind(t, string(r.Body), `href="(/organisations/[^"?]+\?questionnaire=fitness&amp;version=1.0.0#start)"`)
		r = v.Get(html.UnescapeString(start))
		webtest.WantPage(t, "start form", r, 200, `<option value="fitness" selected>Platform fitness (1.0.0, your own)`, "as you previewed it")
		orgPath := strings.SplitN(html.UnescapeString(start), "?", 2)[0]
		r = v.Post(orgPath+"/assessments", url.Values{"questionnaire": {"fitness"}, "mode": {"workshop"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("start on the own model: %s", r)
		}
		webtest.WantPage(t, "assessment", v.Get(r.Header.Get("Location")), 200, "Platform fitness")

		// A scoped core preview starts a scoped core assessment.
		r = v.Get("/models/dcos-readiness/preview?form=core&scope=leadership")
		webtest.WantPage(t, "core preview", r, 200, "on 1 page")
		start = html.UnescapeString(regexpFind(t, string(r.Body), `href="(/organisations/[^"]+#start)"`))
		if !strings.Contains(start, "form=core") || !strings.Contains(start, "scope=leadership") || !strings.Contains(start, "version=1.2.0") {
			t.Errorf("start link %q", start)
		}
		webtest.WantPage(t, "core start form", v.Get(start), 200, `name="form" value="core"`, `name="scope" value="leadership"`,
			"core form, 1 capability in scope")
		r = v.Post(orgPath+"/assessments", url.Values{"questionnaire": {"dcos-readiness"}, "mode": {"workshop"},
			"previewed": {"dcos-readiness"}, "questionnaire_version": {"1.1.0"}, "form": {"core"}, "scope": {"leadership"}})
		webtest.WantPage(t, "version without core", r, http.StatusUnprocessableEntity, `id="start-questionnaire-error"`)
		r = v.Post(orgPath+"/assessments", url.Values{"questionnaire": {"dcos-readiness"}, "mode": {"workshop"},
			"previewed": {"dcos-readiness"}, "questionnaire_version": {"1.2.0"}, "form": {"core"}, "scope": {"leadership"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("start scoped core: %s", r)
		}
		// The API does not show scope and form yet: ask the service.
		ctx := context.Background()
		u, err := h.Service.Authenticate(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		a, err := h.Service.Assessment(ctx, u, idFrom(t, r.Header.Get("Location"), "/assessments/"))
		if err != nil || a.QuestionnaireVersion != "1.2.0" || a.Form != assessment.FormCore || !slices.Equal(a.Scope, []string{"leadership"}) {
			t.Errorf("started from the core preview: %+v, %v", a, err)
		}
		// Another model chosen in the form drops the previewed choices.
		r = v.Post(orgPath+"/assessments", url.Values{"questionnaire": {"fitness"}, "mode": {"workshop"},
			"previewed": {"dcos-readiness"}, "questionnaire_version": {"1.2.0"}, "form": {"core"}, "scope": {"leadership"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("start another model than previewed: %s", r)
		}

		// Delete: the used version is refused with the reason; an unused one goes.
		v.Get("/models")
		webtest.WantPage(t, "delete used", v.Post("/models/delete", url.Values{"slug": {"fitness"}, "version": {"1.0.0"}}),
			http.StatusConflict, "is in use by an assessment")
		if r := postFile(t, h, v, "fitness.yaml", webtest.OwnModel("fitness", "1.1.0")); r.Status != http.StatusSeeOther {
			t.Fatalf("a new version: %s", r)
		}
		webtest.WantRedirect(t, "delete unused", v.Post("/models/delete", url.Values{"slug": {"fitness"}, "version": {"1.1.0"}}), "/models?done=deleted")
		webtest.WantPage(t, "after delete", v.Get("/models?done=deleted"), 200, "The version was deleted.")
		webtest.WantPage(t, "delete built-in", v.Post("/models/delete", url.Values{"slug": {"dcos-readiness"}, "version": {"1.2.0"}}),
			http.StatusConflict, "built-in")

		// Another workspace sees none of it.
		w, _ := h.SignIn("Elsewhere")
		r = w.Get("/models")
		if r.Status != 200 || strings.Contains(string(r.Body), "fitness") {
			t.Errorf("another workspace's list: %s", r)
		}
		webtest.WantPage(t, "another's preview", w.Get("/models/fitness/preview"), 404)
		w.Get("/models")
		webtest.WantPage(t, "another's delete", w.Post("/models/delete", url.Values{"slug": {"fitness"}, "version": {"1.0.0"}}), 404)
	})
}

// regexpFind is the first group of pattern in s.
func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in the page", pattern)
	}
	return m[1]
}
