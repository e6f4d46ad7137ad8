// Package webtest is the test harness of the web packages: a real server
// (web with web/api and web/ui wired as serve wires them) over real HTTP on
// a real, migrated database, and the helpers the tests of web, web/api and
// web/ui share. Only tests import it.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api"
	"github.com/readiness/readiness/web/ui"
)

// Harness is a real server over real HTTP on a real, migrated database.
type Harness struct {
	T       testing.TB
	Store   *store.Store
	Service *assessment.Service
	Server  *httptest.Server
	Model   *assessment.Model
	skew    *atomic.Int64 // added to the service clock: h.Advance moves time on
}

// Advance moves the service's clock on by d (tokens and sessions expire).
func (h *Harness) Advance(d time.Duration) { h.skew.Add(int64(d)) }

// New serves a Harness on st until t ends.
func New(t testing.TB, st *store.Store) *Harness {
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
	st.Observe(store.Observer{
		AnswerBatch:         metrics.AnswerBatch,
		EventsRelayed:       metrics.EventsRelayed,
		ListenerReconnected: metrics.EventListenerReconnected,
		Subscribers:         metrics.EventSubscribers,
	})
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: cat, BcryptCost: bcrypt.MinCost, Now: now, Observer: metrics})
	h := &Harness{T: t, Store: st, Service: svc, Model: m, skew: skew}
	// The listener comes first so that the base URL in every link is the
	// server's real address, which a browser can follow.
	h.Server = httptest.NewUnstartedServer(nil)
	s, err := web.New(web.Config{Service: svc, LoginAttempts: st, Metrics: metrics, BaseURL: "http://" + h.Server.Listener.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	api.Register(s, svc)
	if err := ui.Register(s, svc); err != nil {
		t.Fatal(err)
	}
	h.Server.Config.Handler = s
	h.Server.Start()
	// Event streams end only at shutdown: without closing them first, Close
	// waits for every browser page still following one.
	t.Cleanup(func() { s.CloseStreams(); h.Server.Close() })
	return h
}

// With returns a copy of h reporting to t, for use inside a fuzz target.
func (h *Harness) With(t testing.TB) *Harness {
	c := *h
	c.T = t
	return &c
}

// Password is every test consultant's password.
const Password = "correct horse battery"

// Consultant creates a user in a new workspace and signs in.
func (h *Harness) Consultant(workspace string) string {
	h.T.Helper()
	email := strings.ToLower(workspace) + "@example.com"
	if _, err := h.Service.AddUser(context.Background(), assessment.NewUser{Workspace: workspace, Email: email,
		Name: "Consultant " + workspace, Role: assessment.RoleConsultant, Password: Password}); err != nil {
		h.T.Fatal(err)
	}
	var tok struct{ Token string }
	h.MustJSON("POST", "/api/v1/auth/token", "", map[string]string{"email": email, "password": Password}, 201, &tok)
	return tok.Token
}

// Response is a response read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// String shows the status and the body, for failure messages.
func (r Response) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }

// ErrorField returns the contract error body's field and code.
func (r Response) ErrorField() (code, field string) {
	var e struct {
		Error struct{ Code, Field, Message string }
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code, e.Error.Field
}

// Do sends a request with an optional JSON body (a string or []byte goes as it is) and bearer token.
func (h *Harness) Do(method, path, token string, body any) Response {
	h.T.Helper()
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
			h.T.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, h.Server.URL+path, rd)
	if err != nil {
		h.T.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := h.Server.Client().Do(req)
	if err != nil {
		h.T.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.T.Fatal(err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// MustJSON does a request, insists on the status and decodes the body into out.
func (h *Harness) MustJSON(method, path, token string, body any, status int, out any) Response {
	h.T.Helper()
	r := h.Do(method, path, token, body)
	if r.Status != status {
		h.T.Fatalf("%s %s: got %s, want %d", method, path, r, status)
	}
	if out != nil {
		if err := json.Unmarshal(r.Body, out); err != nil {
			h.T.Fatalf("%s %s: decode %s: %v", method, path, r.Body, err)
		}
	}
	return r
}

// Created holds the keys of what a POST created.
type Created struct {
	ID, Token, URL string
	JoinCode       string `json:"join_code"`
	JoinURL        string `json:"join_url"`
}

// Setup makes an organisation, an assessment and n respondents in token's workspace.
func (h *Harness) Setup(token, mode string, n int) (org, assessmentID string, respondents []Created) {
	h.T.Helper()
	var o, a Created
	h.MustJSON("POST", "/api/v1/organisations", token, map[string]string{"name": "Acme", "industry": "Retail"}, 201, &o)
	h.MustJSON("POST", "/api/v1/assessments", token, map[string]string{"organisation_id": o.ID, "questionnaire": "dcos-readiness", "mode": mode}, 201, &a)
	for i := range n {
		var r Created
		h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", token, map[string]string{"name": fmt.Sprintf("P%d", i), "role": "operations"}, 201, &r)
		respondents = append(respondents, r)
	}
	return o.ID, a.ID, respondents
}

// SetupOn is Setup on an older built-in version of the questionnaire: tests
// that need a question type the newest model no longer asks (1.2.0 has no
// scale question) run on the pinned 1.1.0. It returns that version's model.
func (h *Harness) SetupOn(token, version, mode string, n int) (model *assessment.Model, org, assessmentID string, respondents []Created) {
	h.T.Helper()
	cat, err := questionnaires.Builtin()
	if err != nil {
		h.T.Fatal(err)
	}
	m, ok := cat.Version("dcos-readiness", version)
	if !ok {
		h.T.Fatalf("no built-in dcos-readiness %s", version)
	}
	ctx := context.Background()
	u, err := h.Service.Authenticate(ctx, token)
	if err != nil {
		h.T.Fatal(err)
	}
	var o Created
	h.MustJSON("POST", "/api/v1/organisations", token, map[string]string{"name": "Acme", "industry": "Retail"}, 201, &o)
	a, err := h.Store.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: u.WorkspaceID, OrganisationID: o.ID,
		Questionnaire: m.Slug, QuestionnaireVersion: m.Version, Mode: assessment.Mode(mode), Status: assessment.Open,
		Title: "Acme " + version, MaxParticipants: assessment.DefaultMaxParticipants, CreatedAt: time.Now()}, m)
	if err != nil {
		h.T.Fatal(err)
	}
	for i := range n {
		var r Created
		h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", token, map[string]string{"name": fmt.Sprintf("P%d", i), "role": "operations"}, 201, &r)
		respondents = append(respondents, r)
	}
	return m, o.ID, a.ID, respondents
}

// AnswerFor builds a valid PUT body for q; pick chooses among options or the range.
func AnswerFor(q *assessment.Question, pick int) map[string]any {
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

// Questions lists every question of m, in order.
func Questions(m *assessment.Model) []*assessment.Question {
	var qs []*assessment.Question
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			qs = append(qs, &m.Capabilities[ci].Questions[qi])
		}
	}
	return qs
}

// FirstOfType is the first question of type t in m, or nil.
func FirstOfType(m *assessment.Model, t assessment.QuestionType) *assessment.Question {
	for _, q := range Questions(m) {
		if q.Type == t {
			return q
		}
	}
	return nil
}

// Visitor is a browser without script: it keeps cookies, does not follow
// redirects (tests look at them), and posts forms with the page's CSRF token.
type Visitor struct {
	h      *Harness
	Client *http.Client // keeps the cookies; follows no redirect
	// CSRF is the token of the last page that carried one.
	CSRF string
}

// Visitor starts a browser without script, signed out.
func (h *Harness) Visitor() *Visitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		h.T.Fatal(err)
	}
	return &Visitor{h: h, Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Send sends req with the visitor's cookies and keeps the CSRF token of the page it gets.
func (v *Visitor) Send(req *http.Request) Response {
	v.h.T.Helper()
	res, err := v.Client.Do(req)
	if err != nil {
		v.h.T.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		v.h.T.Fatal(err)
	}
	if m := csrfInput.FindSubmatch(b); m != nil {
		v.CSRF = string(m[1])
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Get fetches a page.
func (v *Visitor) Get(path string) Response {
	v.h.T.Helper()
	req, err := http.NewRequest("GET", v.h.Server.URL+path, nil)
	if err != nil {
		v.h.T.Fatal(err)
	}
	return v.Send(req)
}

// With returns a copy of v, with its cookies, reporting to h (a fuzz
// target's copy of the harness).
func (v *Visitor) With(h *Harness) *Visitor {
	c := *v
	c.h = h
	return &c
}

// Post submits a form with the last CSRF token seen, unless form sets _csrf
// itself (an empty value leaves the field out).
func (v *Visitor) Post(path string, form url.Values) Response {
	v.h.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", v.CSRF)
	} else if form.Get("_csrf") == "" {
		form.Del("_csrf")
	}
	req, err := http.NewRequest("POST", v.h.Server.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		v.h.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.Send(req)
}

// SignIn adds a consultant in a new workspace and signs a visitor in as them.
func (h *Harness) SignIn(workspace string) (*Visitor, string) {
	h.T.Helper()
	token := h.Consultant(workspace) // creates the user; the API token is handy too
	v := h.Visitor()
	v.Get("/login")
	r := v.Post("/login", url.Values{"email": {strings.ToLower(workspace) + "@example.com"}, "password": {Password}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		h.T.Fatalf("sign in: %s", r)
	}
	return v, token
}

// WantPage insists that r is an HTML page with the status, holding every one of contains.
func WantPage(t *testing.T, what string, r Response, status int, contains ...string) {
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

// WantRedirect insists that r is a 303 to the address to.
func WantRedirect(t *testing.T, what string, r Response, to string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != to {
		t.Fatalf("%s: got %d to %q, want 303 to %s", what, r.Status, r.Header.Get("Location"), to)
	}
}

// Workshop creates a workshop in a new workspace: the consultant's token,
// the assessment id and its join code.
func (h *Harness) Workshop(name string) (token, id, code string) {
	h.T.Helper()
	token = h.Consultant(name)
	_, id, _ = h.Setup(token, "workshop", 0)
	var a Created
	h.MustJSON("GET", "/api/v1/assessments/"+id, token, nil, 200, &a)
	return token, id, a.JoinCode
}

// Join joins the workshop of the join code as a participant called name.
func (h *Harness) Join(code, name string) Created {
	h.T.Helper()
	var r Created
	h.MustJSON("POST", "/api/v1/join/"+code, "", map[string]string{"name": name}, 201, &r)
	return r
}

// FirstScoredSingle is a single-choice question asked of data whose first option scores.
func FirstScoredSingle(m *assessment.Model) *assessment.Question {
	for _, q := range Questions(m) {
		if q.Type == assessment.Single && q.AskedOf("data") {
			if o := q.Options[0]; o.Score != nil {
				return q
			}
		}
	}
	panic("no single question with a scored first option asked of data")
}

// CapabilityOf is the id of the capability that asks question.
func CapabilityOf(t testing.TB, m *assessment.Model, question string) string {
	t.Helper()
	for _, cp := range m.Capabilities {
		for _, q := range cp.Questions {
			if q.ID == question {
				return cp.ID
			}
		}
	}
	t.Fatalf("no capability asks %s", question)
	return ""
}

// Metric finds one sample of the text exposition, by its full series
// (name and labels as written); -1 when absent.
func Metric(body, series string) float64 {
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return -1
			}
			return f
		}
	}
	return -1
}
