package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

func TestMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Metered")
		orgID, aID, rs := h.Setup(tok, "workshop", 1)
		q := h.Model.Capabilities[0].Questions[0]
		h.MustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", webtest.AnswerFor(&q, 1), 200, nil)
		h.MustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", webtest.AnswerFor(&q, 2), 200, nil)
		h.Do("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/no-such-question", "", webtest.AnswerFor(&q, 1))
		h.MustJSON("GET", "/api/v1/responses/"+rs[0].Token, "", nil, 200, nil)
		h.Do("GET", "/api/v1/no/such/route", "", nil)
		h.Do("GET", "/no-such-page-"+aID, "", nil)
		h.Do("BREW", "/api/v1/organisations", tok, nil)

		r := h.Do("GET", "/metrics", "", nil)
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("GET /metrics: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		body := string(r.Body)
		for series, want := range map[string]float64{
			`readiness_http_requests_total{method="PUT",route="/api/v1/responses/:token/answers/:question",status="200"}`: 2,
			`readiness_http_requests_total{method="PUT",route="/api/v1/responses/:token/answers/:question",status="404"}`: 1,
			`readiness_http_requests_total{method="GET",route="/api/v1/responses/:token",status="200"}`:                   1,
			`readiness_http_requests_total{method="POST",route="/api/v1/auth/token",status="201"}`:                        1,
			`readiness_http_request_duration_seconds_count{method="GET",route="/api/v1/responses/:token",status="200"}`:   1,
			`readiness_answer_saves_total{outcome="saved"}`:                                                               2,
			`readiness_answer_saves_total{outcome="not_found"}`:                                                           1,
			`readiness_answer_saves_total{outcome="conflict"}`:                                                            0,
			`readiness_event_streams_open`: 0,
			`readiness_event_subscribers`:  0,
		} {
			if got := webtest.Metric(body, series); got != want {
				t.Errorf("%s = %v, want %v", series, got, want)
			}
		}
		if st.Dialect() == "sqlite" {
			if got := webtest.Metric(body, "readiness_answer_batch_size_count"); got < 1 {
				t.Errorf("answer batches observed: %v, want at least 1", got)
			}
		}
		for _, name := range []string{"readiness_events_relayed_total", "readiness_event_listener_reconnects_total"} {
			if !strings.Contains(body, "\n"+name+" ") {
				t.Errorf("%s is not served", name)
			}
		}
		if !strings.Contains(body, `route="/api/v1/*"`) && !strings.Contains(body, `route="unmatched"`) {
			t.Error("an unknown API route is not labelled by its pattern or as unmatched")
		}
		if !strings.Contains(body, `method="other"`) {
			t.Error("a made-up method is not labelled other")
		}
		// No client data: no token, id, name or email anywhere.
		for _, secret := range []string{rs[0].Token, rs[0].ID, aID, orgID, tok, "metered@example.com", "Acme", "no-such-question", "no/such/route", "no-such-page"} {
			if strings.Contains(body, secret) {
				t.Errorf("/metrics contains client data %q", secret)
			}
		}
		// Every label value is a pattern, a method, a status or an outcome.
		for _, m := range regexp.MustCompile(`route="([^"]*)"`).FindAllStringSubmatch(body, -1) {
			if m[1] != "unmatched" && !strings.HasPrefix(m[1], "/") {
				t.Errorf("route label %q", m[1])
			}
		}
	})
}

func TestRequestID(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	hexID := regexp.MustCompile(`^[0-9a-f]{32}$`)
	a, b := h.Do("GET", "/healthz", "", nil), h.Do("GET", "/api/v1/nope", "", nil)
	idA, idB := a.Header.Get("X-Request-Id"), b.Header.Get("X-Request-Id")
	if !hexID.MatchString(idA) || !hexID.MatchString(idB) || idA == idB {
		t.Errorf("request ids %q and %q: want two distinct random ids", idA, idB)
	}
	for in, kept := range map[string]bool{
		"3f2a9c1e-8b7d-4e6f-a5c4-0d1e2f3a4b5c":                    true,
		"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01": true,
		"lb/1.2.3.4:8080+x=y":                                     true,
		"has spaces":                                              false,
		"quote\"and<tag>":                                         false,
		strings.Repeat("x", 129):                                  false,
	} {
		r := doWithHeader(h, "GET", "/healthz", "X-Request-Id", in)
		got := r.Header.Get("X-Request-Id")
		if kept && got != in {
			t.Errorf("incoming id %q answered as %q, want it kept", in, got)
		}
		if !kept && !hexID.MatchString(got) {
			t.Errorf("incoming id %q answered as %q, want a fresh one", in, got)
		}
	}
}

// doWithHeader sends a bodiless request with one extra header.
func doWithHeader(h *webtest.Harness, method, path, key, value string) webtest.Response {
	h.T.Helper()
	req, err := http.NewRequest(method, h.Server.URL+path, nil)
	if err != nil {
		h.T.Fatal(err)
	}
	req.Header.Set(key, value)
	res, err := h.Server.Client().Do(req)
	if err != nil {
		h.T.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return webtest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}
