package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

type userOut struct{ ID, Email, Name, Role string }

// userID finds a user of the admin's workspace by email.
func userID(t *testing.T, h *webtest.Harness, admin, email string) string {
	t.Helper()
	var us []userOut
	h.MustJSON("GET", "/api/v1/users", admin, nil, 200, &us)
	for _, u := range us {
		if u.Email == email {
			return u.ID
		}
	}
	t.Fatalf("no user %s in %+v", email, us)
	return ""
}

func TestChangeOwnPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		mine := h.Consultant("Pw")
		other := h.Token("pw@example.com", webtest.Password) // another device of the same user
		browser := h.SignInAs("pw@example.com", webtest.Password)
		for _, c := range []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"wrong current", map[string]string{"current": "not the password", "new": "a brand new password"}, 422, "current"},
			{"short new", map[string]string{"current": webtest.Password, "new": "short"}, 422, "new"},
			{"malformed", `{"current":`, 400, ""},
			{"wrong type", map[string]any{"current": 1, "new": "a brand new password"}, 400, "current"},
		} {
			r := h.Do("PUT", "/api/v1/me/password", mine, c.body)
			if code, field := r.ErrorField(); r.Status != c.status || field != c.field {
				t.Errorf("%s: %s (%s), want %d naming %q", c.name, r, code, c.status, c.field)
			}
		}
		// Refused changes changed nothing: every credential still works.
		h.MustJSON("GET", "/api/v1/organisations", other, nil, 200, nil)
		if r := h.Do("PUT", "/api/v1/me/password", "", map[string]string{"current": webtest.Password, "new": "a brand new password"}); r.Status != 401 {
			t.Errorf("without a token: %s", r)
		}

		h.MustJSON("PUT", "/api/v1/me/password", mine, map[string]string{"current": webtest.Password, "new": "a brand new password"}, 204, nil)
		h.MustJSON("GET", "/api/v1/organisations", mine, nil, 200, nil) // the caller's own token stays
		if r := h.Do("GET", "/api/v1/organisations", other, nil); r.Status != 401 {
			t.Errorf("another token of the user after the change: %s", r)
		}
		if r := browser.Get("/"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Errorf("the user's browser session after the change: %s", r)
		}
		if r := h.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": "pw@example.com", "password": webtest.Password}); r.Status != 401 {
			t.Errorf("the old password: %s", r)
		}
		h.Token("pw@example.com", "a brand new password")
	})
}

// Every admin route answers 403 to a consultant of the same workspace, and
// changes nothing.
func TestAdminRoutesRefuseConsultants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		admin := h.Admin("Gate")
		consultant := h.Consultant("Gate")
		adminID := userID(t, h, admin, webtest.AdminEmail("Gate"))
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/v1/users", nil},
			{"POST", "/api/v1/users", map[string]string{"email": "x@gate.example", "name": "X", "role": "admin", "password": "a long enough secret"}},
			{"POST", "/api/v1/users/invitations", map[string]string{"email": "x@gate.example", "name": "X", "role": "admin"}},
			{"POST", "/api/v1/users/" + adminID + "/password-reset", nil},
			{"PATCH", "/api/v1/users/" + adminID, map[string]string{"role": "consultant"}},
			{"PATCH", "/api/v1/users/" + adminID, map[string]string{}},
			{"DELETE", "/api/v1/users/" + adminID, nil},
			{"GET", "/api/v1/audit", nil},
			{"GET", "/api/v1/audit?limit=abc", nil},
		} {
			if r := h.Do(c.method, c.path, consultant, c.body); r.Status != 403 {
				t.Errorf("consultant %s %s: %s, want 403", c.method, c.path, r)
			}
		}
		var us []userOut
		h.MustJSON("GET", "/api/v1/users", admin, nil, 200, &us)
		if len(us) != 2 || us[0].Role != "admin" {
			t.Errorf("refused requests changed the users: %+v", us)
		}
	})
}

func TestUserChangesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		admin := h.Admin("Team")
		consultant := h.Consultant("Team")
		outsider := h.Admin("Other")
		adminID := userID(t, h, admin, webtest.AdminEmail("Team"))
		cID := userID(t, h, admin, "team@example.com")

		// The last admin can be neither demoted nor removed.
		for _, r := range []webtest.Response{
			h.Do("PATCH", "/api/v1/users/"+adminID, admin, map[string]string{"role": "consultant"}),
			h.Do("DELETE", "/api/v1/users/"+adminID, admin, nil),
		} {
			if r.Status != 409 {
				t.Errorf("last admin: %s, want 409", r)
			}
		}
		// Another workspace's admin cannot see or touch them.
		for _, r := range []webtest.Response{
			h.Do("PATCH", "/api/v1/users/"+cID, outsider, map[string]string{"role": "admin"}),
			h.Do("DELETE", "/api/v1/users/"+cID, outsider, nil),
			h.Do("POST", "/api/v1/users/"+cID+"/password-reset", outsider, nil),
		} {
			if r.Status != 404 {
				t.Errorf("another workspace's admin: %s, want 404", r)
			}
		}
		if r := h.Do("PATCH", "/api/v1/users/"+cID, admin, map[string]string{"role": "owner"}); r.Status != 422 {
			t.Errorf("unknown role: %s", r)
		} else if _, f := r.ErrorField(); f != "role" {
			t.Errorf("unknown role names %q", f)
		}
		if r := h.Do("GET", "/api/v1/audit?limit=5000", admin, nil); r.Status != 422 {
			t.Errorf("limit 5000: %s", r)
		}

		// A promotion applies to the consultant's live token at once.
		var u userOut
		h.MustJSON("PATCH", "/api/v1/users/"+cID, admin, map[string]string{"role": "admin"}, 200, &u)
		if u.Role != "admin" || u.ID != cID {
			t.Errorf("promoted: %+v", u)
		}
		h.MustJSON("GET", "/api/v1/audit", consultant, nil, 200, nil)
		// Now there are two admins: the first may step down, then be removed.
		h.MustJSON("PATCH", "/api/v1/users/"+adminID, consultant, map[string]string{"role": "consultant"}, 200, nil)
		if r := h.Do("GET", "/api/v1/users", admin, nil); r.Status != 403 {
			t.Errorf("demoted admin lists users: %s", r)
		}
		h.MustJSON("DELETE", "/api/v1/users/"+adminID, consultant, nil, 204, nil)
		if r := h.Do("GET", "/api/v1/organisations", admin, nil); r.Status != 401 {
			t.Errorf("a removed user's token: %s", r)
		}
		if r := h.Do("DELETE", "/api/v1/users/"+cID, consultant, nil); r.Status != 409 {
			t.Errorf("removing oneself as the last admin: %s", r)
		}
		// Their email may be invited again.
		var inv struct {
			ID, URL   string
			ExpiresAt time.Time `json:"expires_at"`
		}
		h.MustJSON("POST", "/api/v1/users/invitations", consultant, map[string]string{"email": webtest.AdminEmail("Team"), "name": "Back", "role": "consultant"}, 201, &inv)
		if inv.ID == "" || !strings.HasPrefix(inv.URL, h.Server.URL+"/invite/") || len(inv.URL)-len(h.Server.URL+"/invite/") < 22 {
			t.Errorf("invitation %+v", inv)
		}
		if d := time.Until(inv.ExpiresAt); d < 6*24*time.Hour || d > 7*24*time.Hour+time.Minute {
			t.Errorf("invitation expires in %v, want 7 days", d)
		}
		if r := h.Do("POST", "/api/v1/users/invitations", consultant, map[string]string{"email": "team@example.com", "name": "Dup", "role": "consultant"}); r.Status != 409 {
			t.Errorf("inviting a taken email: %s", r)
		}
		var reset struct {
			URL       string
			ExpiresAt time.Time `json:"expires_at"`
		}
		h.MustJSON("POST", "/api/v1/users/"+cID+"/password-reset", consultant, nil, 201, &reset)
		if !strings.HasPrefix(reset.URL, h.Server.URL+"/reset/") {
			t.Errorf("reset %+v", reset)
		}
		if d := time.Until(reset.ExpiresAt); d < 23*time.Hour || d > 24*time.Hour+time.Minute {
			t.Errorf("reset link expires in %v, want 24 hours", d)
		}
	})
}

// auditOut is an entry of GET /api/v1/audit.
type auditOut struct {
	At        time.Time
	Actor     string
	Action    string
	Target    string
	RequestID string `json:"request_id"`
}

// doWithID sends a request with a chosen X-Request-Id.
func doWithID(t *testing.T, h *webtest.Harness, method, path, token, id string, body any) webtest.Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, h.Server.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-Id", id)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return webtest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// postFormWithID posts a page's form with a chosen X-Request-Id.
func postFormWithID(t *testing.T, v *webtest.Visitor, base, path, id string, form url.Values) webtest.Response {
	t.Helper()
	form.Set("_csrf", v.CSRF)
	req, err := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Request-Id", id)
	return v.Send(req)
}

// Each account action leaves exactly one audit entry, naming its actor and
// the request that did it, and no entry holds a password or a token.
func TestAuditOfAccountActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		admin := h.Admin("Ledger")
		adminEmail := webtest.AdminEmail("Ledger")
		const (
			pwAdded   = "added user secret 1"
			pwJoined  = "joined user secret 2"
			pwChanged = "changed admin secret 3"
			pwReset   = "reset user secret 4"
		)
		secrets := []string{webtest.Password, pwAdded, pwJoined, pwChanged, pwReset, admin}
		type step struct {
			id, action, actor string
		}
		var steps []step
		do := func(id, action, actor, method, path, token string, body any, status int) webtest.Response {
			t.Helper()
			r := doWithID(t, h, method, path, token, id, body)
			if r.Status != status {
				t.Fatalf("%s: %s, want %d", id, r, status)
			}
			steps = append(steps, step{id, action, actor})
			return r
		}
		var tok struct{ Token string }
		r := do("rid-sign-in", "sign-in", adminEmail, "POST", "/api/v1/auth/token", "", map[string]string{"email": adminEmail, "password": webtest.Password}, 201)
		_ = json.Unmarshal(r.Body, &tok)
		secrets = append(secrets, tok.Token)
		do("rid-sign-in-failed", "sign-in.failed", adminEmail, "POST", "/api/v1/auth/token", "", map[string]string{"email": adminEmail, "password": "a wrong password"}, 401)
		var added userOut
		r = do("rid-user-added", "user.added", adminEmail, "POST", "/api/v1/users", admin, map[string]string{"email": "added@ledger.example", "name": "Added", "role": "consultant", "password": pwAdded}, 201)
		_ = json.Unmarshal(r.Body, &added)
		do("rid-role", "user.role-changed", adminEmail, "PATCH", "/api/v1/users/"+added.ID, admin, map[string]string{"role": "admin"}, 200)
		var reset struct{ URL string }
		r = do("rid-reset-issued", "password.reset-issued", adminEmail, "POST", "/api/v1/users/"+added.ID+"/password-reset", admin, nil, 201)
		_ = json.Unmarshal(r.Body, &reset)
		var inv struct{ URL string }
		r = do("rid-invited", "user.invited", adminEmail, "POST", "/api/v1/users/invitations", admin, map[string]string{"email": "joiner@ledger.example", "name": "Joiner", "role": "consultant"}, 201)
		_ = json.Unmarshal(r.Body, &inv)
		secrets = append(secrets, inv.URL[strings.LastIndex(inv.URL, "/")+1:], reset.URL[strings.LastIndex(reset.URL, "/")+1:])

		// The links are used through their pages.
		joiner := h.Visitor()
		joiner.Get(strings.TrimPrefix(inv.URL, h.Server.URL))
		if r := postFormWithID(t, joiner, h.Server.URL, strings.TrimPrefix(inv.URL, h.Server.URL), "rid-joined", url.Values{"password": {pwJoined}, "repeat": {pwJoined}}); r.Status != 303 {
			t.Fatalf("accept invitation: %s", r)
		}
		steps = append(steps, step{"rid-joined", "user.joined", "joiner@ledger.example"})
		resetter := h.Visitor()
		resetter.Get(strings.TrimPrefix(reset.URL, h.Server.URL))
		if r := postFormWithID(t, resetter, h.Server.URL, strings.TrimPrefix(reset.URL, h.Server.URL), "rid-reset", url.Values{"password": {pwReset}, "repeat": {pwReset}}); r.Status != 303 {
			t.Fatalf("reset: %s", r)
		}
		steps = append(steps, step{"rid-reset", "password.reset", "added@ledger.example"})
		secrets = append(secrets, joiner.Session(), resetter.Session())

		do("rid-password", "password.changed", adminEmail, "PUT", "/api/v1/me/password", admin, map[string]string{"current": webtest.Password, "new": pwChanged}, 204)
		do("rid-removed", "user.removed", adminEmail, "DELETE", "/api/v1/users/"+added.ID, admin, nil, 204)

		var entries []auditOut
		r = h.MustJSON("GET", "/api/v1/audit?limit=1000", admin, nil, 200, &entries)
		byID := map[string][]auditOut{}
		for _, e := range entries {
			byID[e.RequestID] = append(byID[e.RequestID], e)
		}
		for _, s := range steps {
			got := byID[s.id]
			if len(got) != 1 {
				t.Errorf("%s: %d entries %+v, want one", s.id, len(got), got)
				continue
			}
			if e := got[0]; e.Action != s.action || e.Actor != s.actor || e.At.IsZero() {
				t.Errorf("%s: %+v, want %s by %s", s.id, e, s.action, s.actor)
			}
		}
		for i := 1; i < len(entries); i++ {
			if entries[i].At.After(entries[i-1].At) {
				t.Errorf("not newest first at %d: %v after %v", i, entries[i].At, entries[i-1].At)
			}
		}
		for _, s := range secrets {
			if s != "" && bytes.Contains(r.Body, []byte(s)) {
				t.Errorf("the audit log holds a secret %q", s)
			}
		}
		var few []auditOut
		h.MustJSON("GET", "/api/v1/audit?limit=2", admin, nil, 200, &few)
		if len(few) != 2 || few[0] != entries[0] {
			t.Errorf("limit=2: %+v", few)
		}
	})
}
