package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

var respondentLink = regexp.MustCompile(`value="(http://[^"]+/r/([A-Za-z0-9_-]+))"`)

func links(r webtest.Response) (urls, tokens []string) {
	for _, m := range respondentLink.FindAllStringSubmatch(string(r.Body), -1) {
		urls, tokens = append(urls, m[1]), append(tokens, m[2])
	}
	return urls, tokens
}

func idFrom(t *testing.T, location, prefix string) string {
	t.Helper()
	if !strings.HasPrefix(location, prefix) {
		t.Fatalf("redirected to %q, want %s…", location, prefix)
	}
	return strings.TrimPrefix(location, prefix)
}

// TestConsultantPages walks the consultant's pages without script, as a
// browser would: every form posts, redirects, or comes back with its error.
func TestConsultantPages(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Pages")

	webtest.WantPage(t, "empty dashboard", v.Get("/"), 200, "Add an organisation")

	// A mistake shows the form again with the error beside the field and what was typed.
	r := v.Post("/organisations", url.Values{"name": {"  "}, "industry": {"Retail"}})
	webtest.WantPage(t, "empty name", r, http.StatusUnprocessableEntity, `id="org-name-error"`, "Name is required.", `aria-invalid="true"`, `value="Retail"`)

	r = v.Post("/organisations", url.Values{"name": {"<script>alert(1)</script> Ltd"}, "industry": {"Retail"}})
	orgID := idFrom(t, r.Header.Get("Location"), "/organisations/")
	r = v.Get("/organisations/" + orgID)
	webtest.WantPage(t, "organisation", r, 200, "&lt;script&gt;alert(1)&lt;/script&gt; Ltd", "Start an assessment", `value="dcos-readiness"`)
	if strings.Contains(string(r.Body), "<script>alert(1)") {
		t.Fatal("an organisation name reached the page unescaped")
	}

	r = v.Post("/organisations/"+orgID+"/assessments", url.Values{"title": {"Spring"}, "questionnaire": {"dcos-readiness"}, "mode": {"neither"}})
	webtest.WantPage(t, "bad mode", r, http.StatusUnprocessableEntity, `id="start-mode-error"`, `value="Spring"`)
	r = v.Post("/organisations/"+orgID+"/assessments", url.Values{"title": {"Spring"}, "questionnaire": {"dcos-readiness"}, "mode": {"self-service"}})
	aID := idFrom(t, r.Header.Get("Location"), "/assessments/")
	webtest.WantPage(t, "assessment", v.Get("/assessments/"+aID), 200, "Spring", "Invite people", "0 invited", `href="/assessments/`+aID+`/results"`)

	t.Run("invite several", func(t *testing.T) {
		r := followInvite(t, v, v.Post("/assessments/"+aID+"/respondents", url.Values{"names": {"Ana Lopez, Head of operations\r\n\r\n  Bo  \n"}}))
		webtest.WantPage(t, "invited", r, 200, "2 new links", "Ana Lopez", "Head of operations", `<svg class="qr"`, `data-copy="link-0"`)
		urls, tokens := links(r)
		if len(tokens) != 2 {
			t.Fatalf("links on the page: %v", urls)
		}
		for _, tk := range tokens {
			h.MustJSON("GET", "/api/v1/responses/"+tk, "", nil, 200, nil)
		}
		// Shown once: the assessment page does not show them again.
		if again := v.Get("/assessments/" + aID); strings.Contains(string(again.Body), tokens[0]) {
			t.Error("a link is shown a second time")
		}
		webtest.WantPage(t, "dashboard", v.Get("/"), 200, "2 invited · 0 answering · 0 submitted")
	})

	t.Run("a bad line stops there and keeps the rest", func(t *testing.T) {
		long := strings.Repeat("x", 201)
		r := v.Post("/assessments/"+aID+"/respondents", url.Values{"names": {"Cy\n" + long + "\nDee, Dev"}})
		webtest.WantPage(t, "bad line", r, http.StatusUnprocessableEntity, "Line 2", "Name must be at most 200 characters", "1 new link", "Cy")
		if !strings.Contains(string(r.Body), long+"\nDee, Dev</textarea>") {
			t.Errorf("the form does not keep the lines not yet done:\n%s", r.Body)
		}
		r = v.Post("/assessments/"+aID+"/respondents", url.Values{"names": {" \n "}})
		webtest.WantPage(t, "no names", r, http.StatusUnprocessableEntity, "Enter at least one name")
	})

	var list []struct{ ID, Name, Status string }
	h.MustJSON("GET", "/api/v1/assessments/"+aID+"/respondents", tok, nil, 200, &list)
	if len(list) != 3 {
		t.Fatalf("respondents = %+v", list)
	}

	t.Run("re-issue a link", func(t *testing.T) {
		r := v.Post("/assessments/"+aID+"/respondents/"+list[0].ID+"/link", nil)
		webtest.WantPage(t, "new link", r, 200, "New link", "the old one no longer works", list[0].Name)
		_, tokens := links(r)
		if len(tokens) != 1 {
			t.Fatalf("links = %v", tokens)
		}
		h.MustJSON("GET", "/api/v1/responses/"+tokens[0], "", nil, 200, nil)
	})

	t.Run("erase a respondent", func(t *testing.T) {
		path := "/assessments/" + aID + "/respondents/" + list[2].ID + "/erase"
		webtest.WantPage(t, "confirm", v.Get(path), 200, "Erase Cy?", "cannot be undone", `action="`+path+`"`)
		webtest.WantRedirect(t, "erase", v.Post(path, nil), "/assessments/"+aID)
		if r := v.Get("/assessments/" + aID); strings.Contains(string(r.Body), list[2].ID) {
			t.Error("the erased respondent is still listed")
		}
		webtest.WantPage(t, "erase twice", v.Post(path, nil), 404)
	})

	t.Run("rename", func(t *testing.T) {
		r := v.Post("/assessments/"+aID, url.Values{"title": {""}})
		webtest.WantPage(t, "empty title", r, http.StatusUnprocessableEntity, `id="rename-title-error"`, "<details open>")
		webtest.WantRedirect(t, "rename", v.Post("/assessments/"+aID, url.Values{"title": {"Autumn"}}), "/assessments/"+aID)
		webtest.WantRedirect(t, "rename org", v.Post("/organisations/"+orgID, url.Values{"name": {"Acme"}, "industry": {""}}), "/organisations/"+orgID)
		webtest.WantPage(t, "dashboard", v.Get("/"), 200, "Autumn", ">Acme</a>")
	})

	t.Run("questionnaire", func(t *testing.T) {
		q := h.Model.Capabilities[0].Questions[0]
		webtest.WantPage(t, "questionnaire", v.Get("/assessments/"+aID+"/questionnaire"), 200, h.Model.Title, "version "+h.Model.Version,
			template(q.Text), h.Model.Capabilities[0].Title)
	})

	t.Run("close", func(t *testing.T) {
		webtest.WantPage(t, "confirm close", v.Get("/assessments/"+aID+"/close"), 200, "Close Autumn?")
		webtest.WantRedirect(t, "close", v.Post("/assessments/"+aID+"/close", nil), "/assessments/"+aID)
		r := v.Get("/assessments/" + aID)
		webtest.WantPage(t, "closed", r, 200, `badge closed`)
		if strings.Contains(string(r.Body), "Invite people") {
			t.Error("a closed assessment still offers invitations")
		}
	})

	t.Run("delete", func(t *testing.T) {
		webtest.WantPage(t, "confirm delete", v.Get("/assessments/"+aID+"/delete"), 200, "Delete Autumn?")
		webtest.WantRedirect(t, "delete", v.Post("/assessments/"+aID+"/delete", nil), "/organisations/"+orgID)
		webtest.WantPage(t, "deleted assessment", v.Get("/assessments/"+aID), 404)
		webtest.WantPage(t, "confirm delete org", v.Get("/organisations/"+orgID+"/delete"), 200, "Delete Acme?", "0 assessments")
		webtest.WantRedirect(t, "delete org", v.Post("/organisations/"+orgID+"/delete", nil), "/")
		webtest.WantPage(t, "deleted organisation", v.Get("/organisations/"+orgID), 404)
	})
}

// template escapes s as html/template writes text.
func template(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestConsultantPagesCSRF posts every consultant form without its token:
// each answers 403 and changes nothing.
func TestConsultantPagesCSRF(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Forge")
	orgID, aID, rs := h.Setup(tok, "self-service", 1)
	before := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", tok, nil, 200, nil)
	for _, tt := range []struct {
		path string
		form url.Values
	}{
		{"/organisations", url.Values{"name": {"Forged"}}},
		{"/organisations/" + orgID, url.Values{"name": {"Forged"}}},
		{"/organisations/" + orgID + "/assessments", url.Values{"questionnaire": {"dcos-readiness"}, "mode": {"workshop"}}},
		{"/organisations/" + orgID + "/delete", nil},
		{"/assessments/" + aID, url.Values{"title": {"Forged"}}},
		{"/assessments/" + aID + "/respondents", url.Values{"names": {"Forged"}}},
		{"/assessments/" + aID + "/respondents/" + rs[0].ID + "/link", nil},
		{"/assessments/" + aID + "/respondents/" + rs[0].ID + "/erase", nil},
		{"/assessments/" + aID + "/close", nil},
		{"/assessments/" + aID + "/delete", nil},
		{"/logout", nil},
	} {
		for _, token := range []string{"", "forged-token"} {
			f := url.Values{}
			for k, vs := range tt.form {
				f[k] = vs
			}
			f.Set("_csrf", token)
			webtest.WantPage(t, "POST "+tt.path+" with token "+token, v.Post(tt.path, f), http.StatusForbidden, "did not come from this site")
		}
	}
	after := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", tok, nil, 200, nil)
	if string(before.Body) != string(after.Body) {
		t.Error("a forged POST changed the assessment")
	}
	h.MustJSON("GET", "/api/v1/responses/"+rs[0].Token, "", nil, 200, nil)
	var orgs []struct{ Name string }
	h.MustJSON("GET", "/api/v1/organisations", tok, nil, 200, &orgs)
	if len(orgs) != 1 || orgs[0].Name != "Acme" {
		t.Errorf("organisations after forged POSTs: %+v", orgs)
	}
	r := v.Get("/")
	webtest.WantPage(t, "still signed in", r, 200, "Consultant Forge", `<meta name="csrf-token" content="`+v.CSRF+`">`)

	// A script sends the token in a header instead of the form.
	req, err := http.NewRequest("POST", h.Server.URL+"/organisations", strings.NewReader(url.Values{"name": {"By script"}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", v.CSRF)
	if r := v.Send(req); r.Status != http.StatusSeeOther {
		t.Errorf("POST with the token in X-CSRF-Token: %s", r)
	}
}

// TestConsultantPagesIsolation opens another workspace's objects: every page
// is the 404 page and every form changes nothing.
func TestConsultantPagesIsolation(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	owner := h.Consultant("Owner")
	orgID, aID, rs := h.Setup(owner, "workshop", 1)
	before := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", owner, nil, 200, nil)
	v, _ := h.SignIn("Intruder")
	for _, path := range []string{
		"/organisations/" + orgID, "/organisations/" + orgID + "/delete", "/assessments/" + aID,
		"/assessments/" + aID + "/questionnaire", "/assessments/" + aID + "/close", "/assessments/" + aID + "/delete",
		"/assessments/" + aID + "/respondents/" + rs[0].ID + "/erase", "/assessments/nope", "/organisations/nope",
	} {
		r := v.Get(path)
		webtest.WantPage(t, "GET "+path, r, 404, "Not Found", "Back to your dashboard")
		if strings.Contains(string(r.Body), "Acme") {
			t.Errorf("GET %s shows the other workspace's data", path)
		}
	}
	v.Get("/")
	for _, tt := range []struct {
		path string
		form url.Values
	}{
		{"/organisations/" + orgID, url.Values{"name": {"Stolen"}}},
		{"/organisations/" + orgID + "/assessments", url.Values{"questionnaire": {"dcos-readiness"}, "mode": {"workshop"}}},
		{"/organisations/" + orgID + "/delete", nil},
		{"/assessments/" + aID, url.Values{"title": {"Stolen"}}},
		{"/assessments/" + aID + "/respondents", url.Values{"names": {"Intruder"}}},
		{"/assessments/" + aID + "/respondents/" + rs[0].ID + "/link", nil},
		{"/assessments/" + aID + "/respondents/" + rs[0].ID + "/erase", nil},
		{"/assessments/" + aID + "/close", nil},
		{"/assessments/" + aID + "/delete", nil},
	} {
		webtest.WantPage(t, "POST "+tt.path, v.Post(tt.path, tt.form), 404)
	}
	after := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", owner, nil, 200, nil)
	if string(before.Body) != string(after.Body) {
		t.Error("another workspace's POSTs changed the assessment")
	}
	h.MustJSON("GET", "/api/v1/responses/"+rs[0].Token, "", nil, 200, nil)
}
