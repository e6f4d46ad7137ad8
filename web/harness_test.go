package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web"
)

// harness is a real server over real HTTP on a real, migrated database.
type harness struct {
	t     testing.TB
	st    *store.Store
	svc   *assessment.Service
	srv   *httptest.Server
	model *assessment.Model
	skew  *atomic.Int64 // added to the service clock: h.advance moves time on
}

// advance moves the service's clock on by d (tokens and sessions expire).
func (h *harness) advance(d time.Duration) { h.skew.Add(int64(d)) }

func newHarness(t testing.TB, st *store.Store) *harness {
	t.Helper()
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := cat.Latest("dcos-readiness")
	if !ok {
		t.Fatal("no built-in dcos-readiness questionnaire")
	}
	skew := new(atomic.Int64)
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	metrics := web.NewMetrics() // wired as serve wires it
	st.ObserveAnswerBatches(metrics.AnswerBatch)
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: cat, BcryptCost: bcrypt.MinCost, Now: now, Observer: metrics})
	h := &harness{t: t, st: st, svc: svc, model: m, skew: skew}
	// The listener comes first so that the base URL in every link is the
	// server's real address, which a browser can follow.
	h.srv = httptest.NewUnstartedServer(nil)
	s, err := web.New(web.Config{Service: svc, LoginAttempts: st, Metrics: metrics, BaseURL: "http://" + h.srv.Listener.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Config.Handler = s
	h.srv.Start()
	// Event streams end only at shutdown: without closing them first, Close
	// waits for every browser page still following one.
	t.Cleanup(func() { s.CloseStreams(); h.srv.Close() })
	return h
}

// with returns a copy of h reporting to t, for use inside a fuzz target.
func (h *harness) with(t testing.TB) *harness {
	c := *h
	c.t = t
	return &c
}

const testPassword = "correct horse battery"

// consultant creates a user in a new workspace and signs in.
func (h *harness) consultant(workspace string) string {
	h.t.Helper()
	email := strings.ToLower(workspace) + "@example.com"
	if _, err := h.svc.AddUser(context.Background(), assessment.NewUser{Workspace: workspace, Email: email,
		Name: "Consultant " + workspace, Role: assessment.RoleConsultant, Password: testPassword}); err != nil {
		h.t.Fatal(err)
	}
	var tok struct{ Token string }
	h.mustJSON("POST", "/api/v1/auth/token", "", map[string]string{"email": email, "password": testPassword}, 201, &tok)
	return tok.Token
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }

// errorField returns the contract error body's field and code.
func (r response) errorField() (code, field string) {
	var e struct {
		Error struct{ Code, Field, Message string }
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code, e.Error.Field
}

func (h *harness) do(method, path, token string, body any) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// mustJSON does a request, insists on the status and decodes the body into out.
func (h *harness) mustJSON(method, path, token string, body any, status int, out any) response {
	h.t.Helper()
	r := h.do(method, path, token, body)
	if r.Status != status {
		h.t.Fatalf("%s %s: got %s, want %d", method, path, r, status)
	}
	if out != nil {
		if err := json.Unmarshal(r.Body, out); err != nil {
			h.t.Fatalf("%s %s: decode %s: %v", method, path, r.Body, err)
		}
	}
	return r
}

type created struct {
	ID, Token, URL string
	JoinCode       string `json:"join_code"`
	JoinURL        string `json:"join_url"`
}

// setup makes an organisation, an assessment and n respondents in token's workspace.
func (h *harness) setup(token, mode string, n int) (org, assessmentID string, respondents []created) {
	h.t.Helper()
	var o, a created
	h.mustJSON("POST", "/api/v1/organisations", token, map[string]string{"name": "Acme", "industry": "Retail"}, 201, &o)
	h.mustJSON("POST", "/api/v1/assessments", token, map[string]string{"organisation_id": o.ID, "questionnaire": "dcos-readiness", "mode": mode}, 201, &a)
	for i := range n {
		var r created
		h.mustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", token, map[string]string{"name": fmt.Sprintf("P%d", i), "role": "operations"}, 201, &r)
		respondents = append(respondents, r)
	}
	return o.ID, a.ID, respondents
}

// answerFor builds a valid PUT body for q; pick chooses among options or the range.
func answerFor(q *assessment.Question, pick int) map[string]any {
	switch q.Type {
	case assessment.Multi:
		ids := []string{}
		for i, o := range q.Options {
			if o.Score != nil && (i+pick)%2 == 0 {
				ids = append(ids, o.ID)
			}
		}
		return map[string]any{"options": ids}
	case assessment.Scale:
		return map[string]any{"value": *q.Min + float64(pick%3)*(*q.Max-*q.Min)/2}
	case assessment.Text:
		return map[string]any{"text": fmt.Sprintf("note %d", pick)}
	default:
		return map[string]any{"option": q.Options[pick%len(q.Options)].ID}
	}
}

func questions(m *assessment.Model) []*assessment.Question {
	var qs []*assessment.Question
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			qs = append(qs, &m.Capabilities[ci].Questions[qi])
		}
	}
	return qs
}

func firstOfType(m *assessment.Model, t assessment.QuestionType) *assessment.Question {
	for _, q := range questions(m) {
		if q.Type == t {
			return q
		}
	}
	return nil
}
