package ui_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestInviteBatch invites people with name, role and perspective per line.
// The form redirects to the page that shows every link of the batch; a
// reload of that page shows them again and invites nobody twice; another
// browser sees none of them. A mistake names its line and invites nobody.
func TestInviteBatch(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, token := h.SignIn("Batch")
	_, aID, _ := h.Setup(token, "self-service", 0)
	page := "/assessments/" + aID
	v.Get(page)
	count := func() int {
		var rs []struct{ Name, Role, Perspective string }
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/respondents", token, nil, 200, &rs)
		return len(rs)
	}

	for name, tt := range map[string]struct{ names, msg string }{
		"unknown perspective": {"Ann, CTO, management\nBo, SRE, operatons", `Line 2 (Bo): &#34;operatons&#34; is no perspective`},
		"too many parts":      {"Ann, CTO, management, extra", "Line 1 (Ann): use at most three parts"},
		"no name":             {"Ann\n, CTO", "Line 2: the name is missing"},
	} {
		webtest.WantPage(t, name, v.Post(page+"/respondents", url.Values{"names": {tt.names}}), 422, tt.msg)
	}
	if n := count(); n != 0 {
		t.Fatalf("a form with a mistake invited %d people", n)
	}

	r := v.Post(page+"/respondents", url.Values{"names": {"Ann, CTO, management\nBo, SRE, operations\n\nCy"}, "perspective": {"data"}})
	loc := r.Header.Get("Location")
	if r.Status != 303 || !strings.HasPrefix(loc, page+"?links=") || !strings.HasSuffix(loc, "#new-links") {
		t.Fatalf("invite: %d to %q, want 303 to the page showing the links", r.Status, loc)
	}
	shown := v.Get(strings.TrimSuffix(loc, "#new-links"))
	webtest.WantPage(t, "links", shown, 200, "3 new links", "Ann", "CTO", `data-perspective="management"`, `data-perspective="operations"`, `data-perspective="data"`, h.Server.URL+"/r/")
	if n := strings.Count(string(shown.Body), `class="link-url"`); n != 3 {
		t.Errorf("the page shows %d links, want 3", n)
	}
	again := v.Get(strings.TrimSuffix(loc, "#new-links"))
	if string(again.Body) != string(shown.Body) || count() != 3 {
		t.Errorf("a reload changed the page or invited again: %d respondents", count())
	}
	var rs []struct{ Name, Role, Perspective string }
	h.MustJSON("GET", "/api/v1/assessments/"+aID+"/respondents", token, nil, 200, &rs)
	if rs[0].Name != "Ann" || rs[0].Role != "CTO" || rs[0].Perspective != "management" || rs[2].Perspective != "data" {
		t.Errorf("respondents: %+v", rs)
	}
	other := h.Visitor()
	other.Get("/login")
	other.Post("/login", url.Values{"email": {"batch@example.com"}, "password": {webtest.Password}})
	webtest.WantPage(t, "another browser", other.Get(strings.TrimSuffix(loc, "#new-links")), 200, "These links are no longer shown here")
}

// followInvite follows the invitation form's redirect to the page that
// shows the batch's links.
func followInvite(t *testing.T, v *webtest.Visitor, r webtest.Response) webtest.Response {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.Status != 303 || !strings.Contains(loc, "?links=") {
		t.Fatalf("invite: got %s to %q, want 303 to the links", r, loc)
	}
	return v.Get(strings.TrimSuffix(loc, "#new-links"))
}
