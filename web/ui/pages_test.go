package ui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api"
	"github.com/readiness/readiness/web/ui"
	"github.com/readiness/readiness/web/webtest"
)

func TestSignInAndOut(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	h.Consultant("Alpha")
	v := h.Visitor()

	webtest.WantRedirect(t, "signed-out dashboard", v.Get("/"), "/login")
	webtest.WantPage(t, "sign-in form", v.Get("/login"), 200, `name="email"`, `name="password"`, `name="_csrf"`)

	t.Run("wrong password keeps the email", func(t *testing.T) {
		r := v.Post("/login", url.Values{"email": {"alpha@example.com"}, "password": {"not the password"}})
		webtest.WantPage(t, "wrong password", r, http.StatusUnauthorized, "Wrong email or password", `value="alpha@example.com"`)
		if len(r.Header.Values("Set-Cookie")) > 0 && strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), ";"), "readiness_session=") {
			t.Errorf("a failed sign-in set a session: %v", r.Header.Values("Set-Cookie"))
		}
	})

	t.Run("no CSRF token is 403 and signs nobody in", func(t *testing.T) {
		r := v.Post("/login", url.Values{"email": {"alpha@example.com"}, "password": {webtest.Password}, "_csrf": {""}})
		webtest.WantPage(t, "no token", r, http.StatusForbidden)
		r = v.Post("/login", url.Values{"email": {"alpha@example.com"}, "password": {webtest.Password}, "_csrf": {"forged"}})
		webtest.WantPage(t, "wrong token", r, http.StatusForbidden)
		webtest.WantRedirect(t, "dashboard after refused sign-in", v.Get("/"), "/login")
	})

	var session *http.Cookie
	t.Run("sign in", func(t *testing.T) {
		v.Get("/login")
		r := v.Post("/login", url.Values{"email": {"ALPHA@example.com "}, "password": {webtest.Password}})
		webtest.WantRedirect(t, "sign in", r, "/")
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == "readiness_session" {
				session = c
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || session.Expires.IsZero() {
			t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, not Secure on http, expiring", session)
		}
		// The cookie holds a token; the database only its hash.
		if _, err := h.Store.UserByToken(context.Background(), []byte(session.Value), time.Now()); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("the raw session token finds a user: stored unhashed? (%v)", err)
		}
		webtest.WantPage(t, "dashboard", v.Get("/"), 200, "Consultant Alpha", `action="/logout"`)
		// A signed-in page's script may read the questionnaires with the session.
		if r := v.Get("/api/v1/questionnaires"); r.Status != 200 {
			t.Errorf("questionnaires with the session: %s", r)
		}
	})

	t.Run("sign out needs the token", func(t *testing.T) {
		webtest.WantPage(t, "logout without token", v.Post("/logout", url.Values{"_csrf": {""}}), http.StatusForbidden)
		webtest.WantPage(t, "still signed in", v.Get("/"), 200, "Consultant Alpha")
	})

	t.Run("sign out ends the session", func(t *testing.T) {
		webtest.WantRedirect(t, "logout", v.Post("/logout", nil), "/login")
		webtest.WantRedirect(t, "dashboard after logout", v.Get("/"), "/login")
		// Replaying the old cookie does not bring the session back: its row is gone.
		if _, err := h.Store.UserByToken(context.Background(), assessment.HashToken(session.Value), time.Now()); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("session row after logout: %v", err)
		}
		replay := h.Visitor()
		u, _ := url.Parse(h.Server.URL)
		replay.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "readiness_session", Value: session.Value}})
		webtest.WantRedirect(t, "replayed cookie", replay.Get("/"), "/login")
		if r := replay.Get("/api/v1/questionnaires"); r.Status != 401 {
			t.Errorf("questionnaires with an ended session: %s", r)
		}
	})
}

func TestSessionExpires(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, _ := h.SignIn("Expiry")
	webtest.WantPage(t, "dashboard", v.Get("/"), 200, "Consultant Expiry")
	h.Advance(31 * 24 * time.Hour)
	r := v.Get("/")
	webtest.WantRedirect(t, "expired session", r, "/login")
	if !strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), "\n"), "readiness_session=;") {
		t.Errorf("the expired session cookie was not cleared: %v", r.Header.Values("Set-Cookie"))
	}
}

func TestSecureCookiesOnHTTPS(t *testing.T) {
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.New(t)
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: cat, BcryptCost: 4})
	if _, err := svc.AddUser(context.Background(), assessment.NewUser{Workspace: "W", Email: "w@example.com", Name: "W",
		Role: assessment.RoleConsultant, Password: webtest.Password}); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Service: svc, BaseURL: "https://readiness.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	api.Register(s, svc)
	if err := ui.Register(s, svc); err != nil {
		t.Fatal(err)
	}
	h := &webtest.Harness{T: t}
	h.Server = newTestServer(t, s)
	v := h.Visitor()
	r := v.Get("/login")
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if !c.Secure || !c.HttpOnly {
			t.Errorf("cookie %s on an https site: Secure %v, HttpOnly %v", c.Name, c.Secure, c.HttpOnly)
		}
	}
	// The test server speaks plain http, so the jar will not send Secure
	// cookies back: post the CSRF cookie by hand.
	form := url.Values{"email": {"w@example.com"}, "password": {webtest.Password}, "_csrf": {v.CSRF}}
	req, _ := http.NewRequest("POST", h.Server.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	r = v.Send(req)
	webtest.WantRedirect(t, "sign in on https", r, "/")
	found := false
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "readiness_session" {
			found = true
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie on https = %+v", c)
			}
		}
	}
	if !found {
		t.Error("no session cookie")
	}
}

func TestSignInIsThrottledLikeTheAPI(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	h.Consultant("Gamma")
	v := h.Visitor()
	v.Get("/login")
	for range 5 {
		r := v.Post("/login", url.Values{"email": {"gamma@example.com"}, "password": {"wrong password!"}})
		webtest.WantPage(t, "wrong password", r, http.StatusUnauthorized)
	}
	r := v.Post("/login", url.Values{"email": {"gamma@example.com"}, "password": {webtest.Password}})
	webtest.WantPage(t, "sixth attempt", r, http.StatusTooManyRequests, "Too many failed sign-ins", `value="gamma@example.com"`)
	if r.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// The API shares the count.
	if r := h.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": "gamma@example.com", "password": webtest.Password}); r.Status != 429 {
		t.Errorf("API after page failures: %s", r)
	}
}

func TestErrorPagesAreHTML(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, _ := h.SignIn("Delta")
	for _, path := range []string{"/nope", "/assessments", "/static/nope.css", "/r/not-a-token"} {
		r := v.Get(path)
		webtest.WantPage(t, path, r, 404, "Not Found", "<html")
		if strings.Contains(string(r.Body), `"error"`) {
			t.Errorf("%s: JSON in the page: %s", path, r.Body)
		}
	}
	webtest.WantPage(t, "GET /logout", v.Get("/logout"), http.StatusMethodNotAllowed, "<html")
}

func newTestServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
