package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

var oneTimeLink = regexp.MustCompile(`id="one-time-link" class="link-url" type="url" value="(http://[^"]+(/(?:invite|reset)/[A-Za-z0-9_-]+))"`)

// shownLink is the path of the one-time link a users page shows.
func shownLink(t *testing.T, r webtest.Response) string {
	t.Helper()
	m := oneTimeLink.FindStringSubmatch(string(r.Body))
	if m == nil {
		t.Fatalf("no one-time link on the page: %s", r)
	}
	return m[2]
}

var userRow = regexp.MustCompile(`action="/users/([^/"]+)/reset"`)

// userIDs lists the ids of the users on a users page, in order.
func userIDs(r webtest.Response) []string {
	var ids []string
	for _, m := range userRow.FindAllStringSubmatch(string(r.Body), -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestSignInPageSaysAskYourAdministrator(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	webtest.WantPage(t, "sign-in page", h.Visitor().Get("/login"), 200, "Forgot your password? Ask your administrator for a reset link.")
}

// An invitation link: GET never consumes it, the POST needs the CSRF token
// and a good password, signs the colleague in, and the link works once;
// an expired or unknown link is the 404 page.
func TestInvitationLinkPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	h.Admin("Invite")
	admin := h.SignInAs(webtest.AdminEmail("Invite"), webtest.Password)

	r := admin.Post("/users/invitations", url.Values{"name": {"Colleague"}, "email": {"Col@Invite.example"}, "role": {"consultant"}})
	webtest.WantPage(t, "invited", r, 200, "Invitation link for Colleague &lt;col@invite.example&gt;", "shown only this once", `data-copy="one-time-link"`)
	link := shownLink(t, r)
	if again := admin.Get("/users"); strings.Contains(string(again.Body), link) {
		t.Error("the users page shows the invitation link again")
	}

	guest := h.Visitor()
	for range 2 { // a chat preview's GET changes nothing
		webtest.WantPage(t, "invitation page", guest.Get(link), 200, "Join the workspace", "Welcome, Colleague", "col@invite.example", `name="_csrf"`)
	}
	if r := guest.Post(link, url.Values{"_csrf": {""}, "password": {"a good long password"}, "repeat": {"a good long password"}}); r.Status != http.StatusForbidden {
		t.Errorf("POST without the CSRF token: %s", r)
	}
	for _, c := range []struct {
		name, password, repeat, says string
	}{
		{"short", "short", "short", "at least 12 characters"},
		{"differ", "a good long password", "another long password", "The two passwords differ"},
	} {
		r := guest.Post(link, url.Values{"password": {c.password}, "repeat": {c.repeat}})
		webtest.WantPage(t, c.name, r, http.StatusUnprocessableEntity, c.says, "Join the workspace")
		if strings.Contains(string(r.Body), c.password) {
			t.Errorf("%s: the page shows the typed password", c.name)
		}
	}
	r = guest.Post(link, url.Values{"password": {"a good long password"}, "repeat": {"a good long password"}})
	webtest.WantRedirect(t, "accepted", r, "/")
	webtest.WantPage(t, "the colleague's dashboard", guest.Get("/"), 200, "Your organisations", "Colleague")
	h.Token("col@invite.example", "a good long password")

	// Used: the 404 page, for a GET and a POST alike.
	webtest.WantPage(t, "used link", h.Visitor().Get(link), http.StatusNotFound, "There is nothing here")
	other := h.Visitor()
	other.Get("/login")
	webtest.WantPage(t, "used link posted", other.Post(link, url.Values{"password": {"another long password"}, "repeat": {"another long password"}}), http.StatusNotFound)
	webtest.WantPage(t, "unknown link", h.Visitor().Get("/invite/not-a-token"), http.StatusNotFound)

	// Expired after 7 days.
	late := shownLink(t, admin.Post("/users/invitations", url.Values{"name": {"Late"}, "email": {"late@invite.example"}, "role": {"admin"}}))
	webtest.WantPage(t, "fresh link", guest.Get(late), 200, "as an admin")
	h.Advance(7*24*time.Hour + time.Minute)
	webtest.WantPage(t, "expired link", h.Visitor().Get(late), http.StatusNotFound)
	webtest.WantPage(t, "expired link posted", guest.Post(late, url.Values{"password": {"a good long password"}, "repeat": {"a good long password"}}), http.StatusNotFound)
}

// After a reset through its link, the old password, the old sessions and
// the old API tokens all fail; the link works once and for 24 hours.
func TestResetLinkPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		h.Admin("Reset")
		oldToken := h.Consultant("Reset") // reset@example.com
		oldBrowser := h.SignInAs("reset@example.com", webtest.Password)
		admin := h.SignInAs(webtest.AdminEmail("Reset"), webtest.Password)
		ids := userIDs(admin.Get("/users"))
		if len(ids) != 2 {
			t.Fatalf("users %v", ids)
		}
		r := admin.Post("/users/"+ids[1]+"/reset", nil)
		webtest.WantPage(t, "reset issued", r, 200, "Reset link for Consultant Reset &lt;reset@example.com&gt;", "ends every session")
		link := shownLink(t, r)

		guest := h.Visitor()
		webtest.WantPage(t, "reset page", guest.Get(link), 200, "Choose a new password", "reset@example.com")
		webtest.WantPage(t, "reset page again", guest.Get(link), 200)
		h.MustJSON("GET", "/api/v1/organisations", oldToken, nil, 200, nil) // the GETs changed nothing
		if r := guest.Post(link, url.Values{"_csrf": {""}, "password": {"the new password 1"}, "repeat": {"the new password 1"}}); r.Status != http.StatusForbidden {
			t.Errorf("POST without the CSRF token: %s", r)
		}
		webtest.WantPage(t, "short", guest.Post(link, url.Values{"password": {"short"}, "repeat": {"short"}}), http.StatusUnprocessableEntity, "at least 12 characters")
		webtest.WantRedirect(t, "reset", guest.Post(link, url.Values{"password": {"the new password 1"}, "repeat": {"the new password 1"}}), "/")
		webtest.WantPage(t, "signed in after the reset", guest.Get("/"), 200, "Your organisations")

		if r := h.Do("GET", "/api/v1/organisations", oldToken, nil); r.Status != 401 {
			t.Errorf("old API token after the reset: %s", r)
		}
		webtest.WantRedirect(t, "old session after the reset", oldBrowser.Get("/"), "/login")
		if r := h.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": "reset@example.com", "password": webtest.Password}); r.Status != 401 {
			t.Errorf("old password after the reset: %s", r)
		}
		h.Token("reset@example.com", "the new password 1")

		webtest.WantPage(t, "used link", h.Visitor().Get(link), http.StatusNotFound)
		webtest.WantPage(t, "used link posted", guest.Post(link, url.Values{"password": {"the new password 2"}, "repeat": {"the new password 2"}}), http.StatusNotFound)

		late := shownLink(t, admin.Post("/users/"+ids[1]+"/reset", nil))
		h.Advance(24*time.Hour + time.Minute)
		webtest.WantPage(t, "expired link", h.Visitor().Get(late), http.StatusNotFound)
	})
}

func TestAccountPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, token := h.SignIn("Acct")
	elsewhere := h.SignInAs("acct@example.com", webtest.Password)

	webtest.WantPage(t, "account page", v.Get("/account"), 200, "Your account", "acct@example.com", "Change your password")
	for _, c := range []struct {
		name                  string
		current, next, repeat string
		says                  string
	}{
		{"wrong current", "not my password", "a new long password", "a new long password", "This is not your current password."},
		{"short", webtest.Password, "short", "short", "The new password must be at least 12 characters."},
		{"differ", webtest.Password, "a new long password", "a newer long password", "The two new passwords differ"},
	} {
		r := v.Post("/account/password", url.Values{"current": {c.current}, "new": {c.next}, "repeat": {c.repeat}})
		webtest.WantPage(t, c.name, r, http.StatusUnprocessableEntity, c.says)
	}
	if r := v.Post("/account/password", url.Values{"_csrf": {""}, "current": {webtest.Password}, "new": {"a new long password"}, "repeat": {"a new long password"}}); r.Status != http.StatusForbidden {
		t.Errorf("without the CSRF token: %s", r)
	}
	webtest.WantRedirect(t, "changed", v.Post("/account/password", url.Values{"current": {webtest.Password}, "new": {"a new long password"}, "repeat": {"a new long password"}}), "/account?changed=1")
	webtest.WantPage(t, "confirmation", v.Get("/account?changed=1"), 200, "Your password is changed")
	webtest.WantPage(t, "this browser stays", v.Get("/"), 200)
	webtest.WantRedirect(t, "the other browser is signed out", elsewhere.Get("/"), "/login")
	if r := h.Do("GET", "/api/v1/organisations", token, nil); r.Status != 401 {
		t.Errorf("an API token after the change: %s", r)
	}
	h.Token("acct@example.com", "a new long password")
}

// A consultant sees no admin links and gets a 403 page on every admin
// page, GET or POST, which changes nothing.
func TestAdminPagesRefuseConsultants(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	h.Admin("Guard")
	admin := h.SignInAs(webtest.AdminEmail("Guard"), webtest.Password)
	ids := userIDs(admin.Get("/users"))
	webtest.WantPage(t, "admin header", admin.Get("/"), 200, `href="/account"`, `href="/users"`, `href="/audit"`)
	v, _ := h.SignIn("Guard")
	r := v.Get("/")
	webtest.WantPage(t, "consultant header", r, 200, `href="/account"`)
	if strings.Contains(string(r.Body), `href="/users"`) || strings.Contains(string(r.Body), `href="/audit"`) {
		t.Error("a consultant's header links to admin pages")
	}
	for _, c := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/users", nil},
		{"GET", "/audit", nil},
		{"GET", "/users/" + ids[0] + "/remove", nil},
		{"POST", "/users/invitations", url.Values{"name": {"X"}, "email": {"x@guard.example"}, "role": {"admin"}}},
		{"POST", "/users/" + ids[0] + "/reset", nil},
		{"POST", "/users/" + ids[0] + "/role", url.Values{"role": {"consultant"}}},
		{"POST", "/users/" + ids[0] + "/remove", nil},
	} {
		var r webtest.Response
		if c.method == "GET" {
			r = v.Get(c.path)
		} else {
			r = v.Post(c.path, c.form)
		}
		webtest.WantPage(t, "consultant "+c.method+" "+c.path, r, http.StatusForbidden, "only an admin")
	}
	if got := userIDs(admin.Get("/users")); len(got) != 2 {
		t.Errorf("refused pages changed the users: %v", got)
	}
}

func TestUsersPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	h.Admin("Crew")
	h.Consultant("Crew")
	admin := h.SignInAs(webtest.AdminEmail("Crew"), webtest.Password)
	r := admin.Get("/users")
	webtest.WantPage(t, "users page", r, 200, "Admin Crew", "(you)", "Consultant Crew", "crew@example.com", "Invite a colleague")
	ids := userIDs(r)
	me, colleague := ids[0], ids[1]

	// Never the last admin: the page says why.
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/users/" + me + "/remove", nil},
		{"/users/" + me + "/role", url.Values{"role": {"consultant"}}},
	} {
		webtest.WantPage(t, "last admin "+c.path, admin.Post(c.path, c.form), http.StatusConflict, "The workspace needs an admin: make another user admin first.")
	}
	// Invitation mistakes come back beside their field.
	webtest.WantPage(t, "taken email", admin.Post("/users/invitations", url.Values{"name": {"Dup"}, "email": {"crew@example.com"}, "role": {"consultant"}}),
		http.StatusConflict, `id="invite-email-error"`, `value="Dup"`)
	webtest.WantPage(t, "bad email", admin.Post("/users/invitations", url.Values{"name": {"Bad"}, "email": {"not an email"}, "role": {"consultant"}}),
		http.StatusUnprocessableEntity, "Email must be an email address")

	webtest.WantRedirect(t, "promote", admin.Post("/users/"+colleague+"/role", url.Values{"role": {"admin"}}), "/users")
	if !strings.Contains(string(admin.Get("/users").Body), "Make consultant</button>\n") {
		t.Error("the promoted colleague has no Make consultant button")
	}
	webtest.WantPage(t, "remove confirmation", admin.Get("/users/"+colleague+"/remove"), 200, "Remove Consultant Crew?", "can no longer sign in", `action="/users/`+colleague+`/remove"`)
	admin.Client.Transport = acceptLanguage("de")
	webtest.WantPage(t, "German remove confirmation", admin.Get("/users/"+colleague+"/remove"), 200,
		"Consultant Crew entfernen?", "kann sich nicht mehr anmelden", "erneut eingeladen")
	admin.Client.Transport = nil
	webtest.WantRedirect(t, "removed", admin.Post("/users/"+colleague+"/remove", nil), "/users")
	if got := userIDs(admin.Get("/users")); len(got) != 1 || got[0] != me {
		t.Errorf("after the removal: %v", got)
	}
	webtest.WantPage(t, "unknown user", admin.Get("/users/nobody/remove"), http.StatusNotFound)

	// The audit page lists what happened, with request ids.
	r = admin.Get("/audit")
	webtest.WantPage(t, "audit page", r, 200, "user.role-changed", "user.removed", "sign-in", webtest.AdminEmail("Crew"), "user:"+colleague)
	if !regexp.MustCompile(`<td class="mono">[0-9a-f]{32}</td>`).Match(r.Body) {
		t.Error("the audit page shows no request id")
	}
}
