package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web"
)

// visitor is a browser without script: it keeps cookies, does not follow
// redirects (tests look at them), and posts forms with the page's CSRF token.
type visitor struct {
	h      *harness
	client *http.Client
	csrf   string // from the last page that carried one
}

func (h *harness) visitor() *visitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		h.t.Fatal(err)
	}
	return &visitor{h: h, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (v *visitor) send(req *http.Request) response {
	v.h.t.Helper()
	res, err := v.client.Do(req)
	if err != nil {
		v.h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		v.h.t.Fatal(err)
	}
	if m := csrfInput.FindSubmatch(b); m != nil {
		v.csrf = string(m[1])
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

func (v *visitor) get(path string) response {
	v.h.t.Helper()
	req, err := http.NewRequest("GET", v.h.srv.URL+path, nil)
	if err != nil {
		v.h.t.Fatal(err)
	}
	return v.send(req)
}

// post submits a form with the last CSRF token seen, unless form sets _csrf
// itself (an empty value leaves the field out).
func (v *visitor) post(path string, form url.Values) response {
	v.h.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", v.csrf)
	} else if form.Get("_csrf") == "" {
		form.Del("_csrf")
	}
	req, err := http.NewRequest("POST", v.h.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		v.h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.send(req)
}

// signIn adds a consultant in a new workspace and signs a visitor in as them.
func (h *harness) signIn(workspace string) (*visitor, string) {
	h.t.Helper()
	token := h.consultant(workspace) // creates the user; the API token is handy too
	v := h.visitor()
	v.get("/login")
	r := v.post("/login", url.Values{"email": {strings.ToLower(workspace) + "@example.com"}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		h.t.Fatalf("sign in: %s", r)
	}
	return v, token
}

func wantPage(t *testing.T, what string, r response, status int, contains ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: got %s, want %d", what, r, status)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: Content-Type %q, want HTML", what, ct)
	}
	for _, s := range contains {
		if !strings.Contains(string(r.Body), s) {
			t.Errorf("%s: page lacks %q:\n%s", what, s, r.Body)
		}
	}
}

func wantRedirect(t *testing.T, what string, r response, to string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != to {
		t.Fatalf("%s: got %d to %q, want 303 to %s", what, r.Status, r.Header.Get("Location"), to)
	}
}

func TestSignInAndOut(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	h.consultant("Alpha")
	v := h.visitor()

	wantRedirect(t, "signed-out dashboard", v.get("/"), "/login")
	wantPage(t, "sign-in form", v.get("/login"), 200, `name="email"`, `name="password"`, `name="_csrf"`)

	t.Run("wrong password keeps the email", func(t *testing.T) {
		r := v.post("/login", url.Values{"email": {"alpha@example.com"}, "password": {"not the password"}})
		wantPage(t, "wrong password", r, http.StatusUnauthorized, "Wrong email or password", `value="alpha@example.com"`)
		if len(r.Header.Values("Set-Cookie")) > 0 && strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), ";"), "readiness_session=") {
			t.Errorf("a failed sign-in set a session: %v", r.Header.Values("Set-Cookie"))
		}
	})

	t.Run("no CSRF token is 403 and signs nobody in", func(t *testing.T) {
		r := v.post("/login", url.Values{"email": {"alpha@example.com"}, "password": {testPassword}, "_csrf": {""}})
		wantPage(t, "no token", r, http.StatusForbidden)
		r = v.post("/login", url.Values{"email": {"alpha@example.com"}, "password": {testPassword}, "_csrf": {"forged"}})
		wantPage(t, "wrong token", r, http.StatusForbidden)
		wantRedirect(t, "dashboard after refused sign-in", v.get("/"), "/login")
	})

	var session *http.Cookie
	t.Run("sign in", func(t *testing.T) {
		v.get("/login")
		r := v.post("/login", url.Values{"email": {"ALPHA@example.com "}, "password": {testPassword}})
		wantRedirect(t, "sign in", r, "/")
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == "readiness_session" {
				session = c
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || session.Expires.IsZero() {
			t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, not Secure on http, expiring", session)
		}
		// The cookie holds a token; the database only its hash.
		if _, err := h.st.UserByToken(context.Background(), []byte(session.Value), time.Now()); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("the raw session token finds a user: stored unhashed? (%v)", err)
		}
		wantPage(t, "dashboard", v.get("/"), 200, "Consultant Alpha", `action="/logout"`)
		// A signed-in page's script may read the questionnaires with the session.
		if r := v.get("/api/v1/questionnaires"); r.Status != 200 {
			t.Errorf("questionnaires with the session: %s", r)
		}
	})

	t.Run("sign out needs the token", func(t *testing.T) {
		wantPage(t, "logout without token", v.post("/logout", url.Values{"_csrf": {""}}), http.StatusForbidden)
		wantPage(t, "still signed in", v.get("/"), 200, "Consultant Alpha")
	})

	t.Run("sign out ends the session", func(t *testing.T) {
		wantRedirect(t, "logout", v.post("/logout", nil), "/login")
		wantRedirect(t, "dashboard after logout", v.get("/"), "/login")
		// Replaying the old cookie does not bring the session back: its row is gone.
		if _, err := h.st.UserByToken(context.Background(), assessment.HashToken(session.Value), time.Now()); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("session row after logout: %v", err)
		}
		replay := h.visitor()
		u, _ := url.Parse(h.srv.URL)
		replay.client.Jar.SetCookies(u, []*http.Cookie{{Name: "readiness_session", Value: session.Value}})
		wantRedirect(t, "replayed cookie", replay.get("/"), "/login")
		if r := replay.get("/api/v1/questionnaires"); r.Status != 401 {
			t.Errorf("questionnaires with an ended session: %s", r)
		}
	})
}

func TestSessionExpires(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	v, _ := h.signIn("Expiry")
	wantPage(t, "dashboard", v.get("/"), 200, "Consultant Expiry")
	h.advance(31 * 24 * time.Hour)
	r := v.get("/")
	wantRedirect(t, "expired session", r, "/login")
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
		Role: assessment.RoleConsultant, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Service: svc, BaseURL: "https://readiness.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t}
	h.srv = newTestServer(t, s)
	v := h.visitor()
	r := v.get("/login")
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if !c.Secure || !c.HttpOnly {
			t.Errorf("cookie %s on an https site: Secure %v, HttpOnly %v", c.Name, c.Secure, c.HttpOnly)
		}
	}
	// The test server speaks plain http, so the jar will not send Secure
	// cookies back: post the CSRF cookie by hand.
	form := url.Values{"email": {"w@example.com"}, "password": {testPassword}, "_csrf": {v.csrf}}
	req, _ := http.NewRequest("POST", h.srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	r = v.send(req)
	wantRedirect(t, "sign in on https", r, "/")
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
	h := newHarness(t, storetest.New(t))
	h.consultant("Gamma")
	v := h.visitor()
	v.get("/login")
	for range 5 {
		r := v.post("/login", url.Values{"email": {"gamma@example.com"}, "password": {"wrong password!"}})
		wantPage(t, "wrong password", r, http.StatusUnauthorized)
	}
	r := v.post("/login", url.Values{"email": {"gamma@example.com"}, "password": {testPassword}})
	wantPage(t, "sixth attempt", r, http.StatusTooManyRequests, "Too many failed sign-ins", `value="gamma@example.com"`)
	if r.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// The API shares the count.
	if r := h.do("POST", "/api/v1/auth/token", "", map[string]string{"email": "gamma@example.com", "password": testPassword}); r.Status != 429 {
		t.Errorf("API after page failures: %s", r)
	}
}

func TestErrorPagesAreHTML(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	v, _ := h.signIn("Delta")
	for _, path := range []string{"/nope", "/assessments", "/static/nope.css", "/r/not-a-token"} {
		r := v.get(path)
		wantPage(t, path, r, 404, "Not Found", "<html")
		if strings.Contains(string(r.Body), `"error"`) {
			t.Errorf("%s: JSON in the page: %s", path, r.Body)
		}
	}
	wantPage(t, "GET /logout", v.get("/logout"), http.StatusMethodNotAllowed, "<html")
}

func newTestServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
