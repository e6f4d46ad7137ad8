package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestWorkspaceIsolation calls every consultant route with another
// workspace's token: each answers 404 and changes nothing; no token is 401.
func TestWorkspaceIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		owner, other := h.Consultant("Owner"), h.Consultant("Other")
		orgID, aID, rs := h.Setup(owner, "workshop", 1)
		cap0 := h.Model.Capabilities[0].ID
		before := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", owner, nil, 200, nil)

		routes := []struct{ method, path, body string }{
			{"GET", "/api/v1/organisations/" + orgID, ""},
			{"PATCH", "/api/v1/organisations/" + orgID, `{"name":"Stolen"}`},
			{"DELETE", "/api/v1/organisations/" + orgID, ""},
			{"PATCH", "/api/v1/assessments/" + aID, `{"title":"Stolen"}`},
			{"DELETE", "/api/v1/assessments/" + aID, ""},
			{"DELETE", "/api/v1/assessments/" + aID + "/respondents/" + rs[0].ID, ""},
			{"POST", "/api/v1/assessments", `{"organisation_id":"` + orgID + `","questionnaire":"dcos-readiness","mode":"workshop"}`},
			{"GET", "/api/v1/assessments/" + aID, ""},
			{"POST", "/api/v1/assessments/" + aID + "/close", ""},
			{"PUT", "/api/v1/assessments/" + aID + "/focus", `{"capability":"` + cap0 + `"}`},
			{"POST", "/api/v1/assessments/" + aID + "/respondents", `{"name":"Intruder"}`},
			{"GET", "/api/v1/assessments/" + aID + "/respondents", ""},
			{"POST", "/api/v1/assessments/" + aID + "/respondents/" + rs[0].ID + "/token", ""},
			{"GET", "/api/v1/assessments/" + aID + "/result", ""},
			{"GET", "/api/v1/assessments/" + aID + "/export.csv", ""},
			{"GET", "/api/v1/assessments/" + aID + "/export.json", ""},
		}
		for _, rt := range routes {
			if r := h.Do(rt.method, rt.path, other, rt.body); r.Status != 404 {
				t.Errorf("%s %s with another workspace's token: %s, want 404", rt.method, rt.path, r)
			}
		}
		listRoutes := append(routes, []struct{ method, path, body string }{
			{"GET", "/api/v1/organisations", ""}, {"POST", "/api/v1/organisations", `{"name":"x"}`}, {"GET", "/api/v1/assessments", ""},
		}...)
		for _, rt := range listRoutes {
			for _, tok := range []string{"", "not-a-token"} {
				if r := h.Do(rt.method, rt.path, tok, rt.body); r.Status != 401 {
					t.Errorf("%s %s with token %q: %s, want 401", rt.method, rt.path, tok, r)
				}
			}
		}
		var orgs, as []any
		h.MustJSON("GET", "/api/v1/organisations", other, nil, 200, &orgs)
		h.MustJSON("GET", "/api/v1/assessments", other, nil, 200, &as)
		if len(orgs) != 0 || len(as) != 0 {
			t.Errorf("other workspace sees %d organisations, %d assessments", len(orgs), len(as))
		}
		after := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", owner, nil, 200, nil)
		if string(before.Body) != string(after.Body) {
			t.Errorf("rejected requests changed the assessment:\nbefore %s\nafter  %s", before.Body, after.Body)
		}
		h.MustJSON("GET", "/api/v1/responses/"+rs[0].Token, "", nil, 200, nil) // the token was not rotated
	})
}

func TestLoginThrottle(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	h.Consultant("Locked")
	throttled := 0
	for i := range 30 {
		r := h.Do("POST", "/api/v1/auth/token", "", `{"email":"locked@example.com","password":"wrong password `+strconv.Itoa(i)+`"}`)
		switch r.Status {
		case 401:
		case 429:
			throttled++
			if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); s <= 0 {
				t.Errorf("429 without a Retry-After: %v", r.Header)
			}
		default:
			t.Fatalf("attempt %d: %s", i, r)
		}
	}
	if throttled == 0 {
		t.Fatal("30 failed logins were never throttled")
	}
	// Even the right password waits out the throttle.
	if r := h.Do("POST", "/api/v1/auth/token", "", `{"email":"locked@example.com","password":"`+webtest.Password+`"}`); r.Status != 429 {
		t.Errorf("right password while throttled: %s", r)
	}
	// Other accounts from the same address still get their 401 for a while.
	if r := h.Do("POST", "/api/v1/auth/token", "", `{"email":"nobody@example.com","password":"whatever it is"}`); r.Status != 401 && r.Status != 429 {
		t.Errorf("other account: %s", r)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	for _, path := range []string{"/healthz", "/api/v1/questionnaires", "/api/v1/nope", "/r/unknown"} {
		r := h.Do("GET", path, "", nil)
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for _, k := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			if r.Header.Get(k) == "" {
				t.Errorf("%s: no %s", path, k)
			}
		}
		if r.Status >= 500 {
			t.Errorf("%s: %s", path, r)
		}
	}
	if r := h.Do("GET", "/api/v1/nope", "", nil); r.Status != 404 || !strings.Contains(string(r.Body), `"code":"not_found"`) {
		t.Errorf("unknown API route: %s", r)
	}
	if r := h.Do("GET", "/healthz", "", nil); r.Status != 200 || strings.TrimSpace(string(r.Body)) != `{"status":"ok"}` {
		t.Errorf("healthz: %s", r)
	}
}
