package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/migrations"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api"
	"github.com/readiness/readiness/web/ui"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tt := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value p50", ms(7), 50, 7 * time.Millisecond},
		{"one value p99", ms(7), 99, 7 * time.Millisecond},
		{"two values p50 takes the lower", ms(1, 9), 50, 1 * time.Millisecond},
		{"two values p99 takes the upper", ms(1, 9), 99, 9 * time.Millisecond},
		{"hundred p50", ms(hundred...), 50, 50 * time.Millisecond},
		{"hundred p99", ms(hundred...), 99, 99 * time.Millisecond},
		{"hundred max", ms(hundred...), 100, 100 * time.Millisecond},
		{"ten p99 is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"tiny p is the min", ms(3, 4, 5), 0.001, 3 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %g) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestNewPhaseSortsAndRates(t *testing.T) {
	p := newPhase([]time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond}, 1, time.Second)
	if p.Writes != 3 || p.Errors != 1 || p.PerSecond != 3 || p.P50 != 2*time.Millisecond || p.Max != 3*time.Millisecond {
		t.Errorf("newPhase = %+v", p)
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[int]string{0: "0", 12: "12", 999: "999", 1000: "1,000", 6800: "6,800",
		1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	for _, tt := range []struct {
		url         string
		allowRemote bool
		ok          bool
	}{
		{"http://127.0.0.1:8080", false, true},
		{"http://127.9.9.9:8080/", false, true},
		{"http://localhost:8080", false, true},
		{"http://LOCALHOST.:8080", false, true},
		{"http://[::1]:8080", false, true},
		{"https://127.0.0.1", false, true},
		{"http://10.0.0.5:8080", false, false},
		{"http://0.0.0.0:8080", false, false},
		{"http://example.com", false, false},
		{"http://localhost.example.com", false, false},
		{"http://127.0.0.1.nip.io", false, false},
		{"http://[::ffff:10.0.0.1]:80", false, false},
		{"http://example.com", true, true},
		{"ftp://127.0.0.1", false, false},
		{"127.0.0.1:8080", false, false},
		{"http://", false, false},
	} {
		t.Run(tt.url, func(t *testing.T) {
			_, err := checkTarget(tt.url, tt.allowRemote)
			if (err == nil) != tt.ok {
				t.Errorf("checkTarget(%q, %v) = %v, want ok %v", tt.url, tt.allowRemote, err, tt.ok)
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }

// toDomain turns the API shape back into the domain question the server
// checks answers against.
func toDomain(q question) *assessment.Question {
	d := &assessment.Question{ID: q.ID, Type: assessment.QuestionType(q.Type), Min: q.Min, Max: q.Max}
	for _, o := range q.Options {
		d.Options = append(d.Options, assessment.Option{ID: o.ID, Score: o.Score})
	}
	return d
}

// fromDomain is the API shape of a domain question, as GET
// /api/v1/questionnaires/{slug} serves it.
func fromDomain(q *assessment.Question) question {
	out := question{ID: q.ID, Type: string(q.Type), Min: q.Min, Max: q.Max}
	for _, o := range q.Options {
		out.Options = append(out.Options, option{ID: o.ID, Score: o.Score})
	}
	return out
}

// decodeAsServer reads a PUT body the way the contract defines it: exactly
// one of option, options, value and text.
func decodeAsServer(t *testing.T, id string, body []byte) assessment.Answer {
	t.Helper()
	var in struct {
		Option  *string   `json:"option"`
		Options *[]string `json:"options"`
		Value   *float64  `json:"value"`
		Text    *string   `json:"text"`
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	a := assessment.Answer{QuestionID: id, Value: in.Value}
	keys := 0
	if in.Option != nil {
		a.Option = *in.Option
		keys++
	}
	if in.Options != nil {
		a.Options = *in.Options
		keys++
	}
	if in.Value != nil {
		keys++
	}
	if in.Text != nil {
		a.Text = *in.Text
		keys++
	}
	if keys != 1 {
		t.Fatalf("body %s has %d answer keys, want 1", body, keys)
	}
	return a
}

func TestNewAnswerIsAccepted(t *testing.T) {
	two := []option{{ID: "no", Score: ptr(0)}, {ID: "yes", Score: ptr(1)}}
	for _, tt := range []question{
		{ID: "single", Type: "single", Options: []option{{ID: "never", Score: ptr(0)}, {ID: "daily", Score: ptr(3)}, {ID: "na"}}},
		{ID: "single-one-option", Type: "single", Options: []option{{ID: "only", Score: ptr(1)}}},
		{ID: "boolean", Type: "boolean", Options: two},
		{ID: "multi", Type: "multi", Options: []option{{ID: "a", Score: ptr(1)}, {ID: "b", Score: ptr(2)}, {ID: "c", Score: ptr(0)}, {ID: "dk"}}},
		{ID: "scale", Type: "scale", Min: ptr(1), Max: ptr(5)},
		{ID: "scale-negative", Type: "scale", Min: ptr(-3), Max: ptr(3)},
		{ID: "scale-fractional", Type: "scale", Min: ptr(0.25), Max: ptr(0.75)},
		{ID: "scale-point", Type: "scale", Min: ptr(2), Max: ptr(2)},
		{ID: "text", Type: "text"},
	} {
		t.Run(tt.ID, func(t *testing.T) {
			for seed := range uint64(50) {
				a, err := newAnswer(tt, rand.New(rand.NewPCG(seed, 1)))
				if err != nil {
					t.Fatalf("newAnswer: %v", err)
				}
				got := decodeAsServer(t, tt.ID, a.body())
				if err := got.Check(toDomain(tt)); err != nil {
					t.Fatalf("seed %d: answer %s refused: %v", seed, a.body(), err)
				}
				if tt.Type == "multi" && len(got.Options) == 0 {
					t.Fatalf("seed %d: an empty multi answer: the readback could not tell it from absent", seed)
				}
			}
		})
	}
}

func TestNewAnswerRefusesBrokenQuestions(t *testing.T) {
	for _, q := range []question{
		{ID: "single", Type: "single"},
		{ID: "multi", Type: "multi"},
		{ID: "scale", Type: "scale", Min: ptr(1)},
		{ID: "scale-upside-down", Type: "scale", Min: ptr(5), Max: ptr(1)},
		{ID: "odd", Type: "ranking"},
	} {
		if _, err := newAnswer(q, rand.New(rand.NewPCG(1, 1))); err == nil {
			t.Errorf("newAnswer(%s) accepted a question it cannot answer", q.ID)
		}
	}
}

// TestPlanBuiltin answers the questionnaire the server ships with, so a new
// question type or option there cannot break the load silently.
func TestPlanBuiltin(t *testing.T) {
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := cat.Latest("dcos-readiness")
	if !ok {
		t.Fatal("no dcos-readiness questionnaire")
	}
	ix := assessment.NewIndex(m)
	var q questionnaire
	for _, c := range m.Capabilities {
		qs := make([]question, 0, len(c.Questions))
		for i := range c.Questions {
			qs = append(qs, fromDomain(&c.Questions[i]))
		}
		q.Capabilities = append(q.Capabilities, struct {
			ID        string     `json:"id"`
			Questions []question `json:"questions"`
		}{c.ID, qs})
	}
	all, scored := q.questions()
	if len(all) != m.QuestionCount() {
		t.Fatalf("questions() = %d, want %d", len(all), m.QuestionCount())
	}
	for _, qu := range all[:scored] {
		if qu.Type == "text" {
			t.Fatalf("text question %s among the first %d", qu.ID, scored)
		}
	}
	work, err := plan(all, 3, len(all)+2) // wraps around to repeat two questions
	if err != nil {
		t.Fatal(err)
	}
	for i, puts := range work {
		for _, p := range puts {
			dq, _, ok := ix.Question(p.question)
			if !ok {
				t.Fatalf("participant %d: unknown question %s", i, p.question)
			}
			a := decodeAsServer(t, p.question, p.body)
			if err := a.Check(dq); err != nil {
				t.Errorf("participant %d: answer %s to %s refused: %v", i, p.body, p.question, err)
			}
		}
	}
}

func TestCountMissing(t *testing.T) {
	opt := func(s string) answer { return answer{Option: &s} }
	val := func(f float64) answer { return answer{Value: &f} }
	multi := func(s ...string) answer { return answer{Options: &s} }
	str := func(s string) *string { return &s }
	expected := map[string]*outcome{
		"stored":      {acked: true, accepted: []answer{opt("daily")}},
		"changed":     {acked: true, accepted: []answer{opt("daily")}},
		"absent":      {acked: true, accepted: []answer{val(3)}},
		"multi-order": {acked: true, accepted: []answer{multi("a", "b")}},
		"uncertain":   {acked: true, accepted: []answer{val(1), val(2)}},
		"never-acked": {accepted: []answer{opt("x")}},
	}
	stored := map[string]storedAnswer{
		"stored":      {Option: str("daily")},
		"changed":     {Option: str("never")},
		"multi-order": {Options: []string{"b", "a"}},
		"uncertain":   {Value: ptr(2)},
	}
	if got := countMissing(stored, expected); got != 2 {
		t.Errorf("countMissing = %d, want 2 (changed and absent)", got)
	}
}

func TestParseFlags(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	base := map[string]string{"READINESS_LOAD_PASSWORD": "a-long-password-123"}
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		ok   bool
	}{
		{"defaults with password from env", []string{"--email", "a@example.com"}, base, true},
		{"no password", []string{"--email", "a@example.com"}, nil, false},
		{"no email", nil, base, false},
		{"remote refused", []string{"--email", "a@example.com", "--url", "http://10.1.1.1"}, base, false},
		{"remote allowed", []string{"--email", "a@example.com", "--url", "http://10.1.1.1", "--allow-remote"}, base, true},
		{"too many participants", []string{"--email", "a@example.com", "--participants", "10001"}, base, false},
		{"no participants", []string{"--email", "a@example.com", "--participants", "0"}, base, false},
		{"bad synchronous", []string{"--email", "a@example.com", "--sqlite-synchronous", "OFF"}, base, false},
		{"normal synchronous", []string{"--email", "a@example.com", "--sqlite-synchronous", "normal"}, base, true},
		{"paced only", []string{"--email", "a@example.com", "--phases", "paced"}, base, true},
		{"unknown phase", []string{"--email", "a@example.com", "--phases", "ramp"}, base, false},
		{"no phase", []string{"--email", "a@example.com", "--phases", ""}, base, false},
		{"zero think", []string{"--email", "a@example.com", "--think", "0s"}, base, false},
		{"negative think", []string{"--email", "a@example.com", "--think", "-1s"}, base, false},
		{"think too long", []string{"--email", "a@example.com", "--think", "11m"}, base, false},
		{"zero paced duration", []string{"--email", "a@example.com", "--paced-duration", "0s"}, base, false},
		{"paced duration too long", []string{"--email", "a@example.com", "--paced-duration", "11m"}, base, false},
		{"saves over the cap with both phases", []string{"--email", "a@example.com", "--participants", "10000",
			"--answers-per-participant", "150"}, base, false},
		{"saves under the cap with one phase", []string{"--email", "a@example.com", "--participants", "10000",
			"--answers-per-participant", "150", "--phases", "paced"}, base, true},
		{"two URLs without workshop", []string{"--email", "a@example.com", "--url", "http://127.0.0.1:1,http://127.0.0.1:2"}, base, false},
		{"workshop on two URLs", []string{"--email", "a@example.com", "--workshop", "--url", "http://127.0.0.1:1, http://127.0.0.1:2"}, base, true},
		{"workshop with a remote URL", []string{"--email", "a@example.com", "--workshop", "--url", "http://127.0.0.1:1,http://10.0.0.1:2"}, base, false},
		{"workshop over its cap", []string{"--email", "a@example.com", "--workshop", "--participants", "5001"}, base, false},
		{"workshop without listeners", []string{"--email", "a@example.com", "--workshop", "--listeners", "0"}, base, false},
		{"workshop without event deadline", []string{"--email", "a@example.com", "--workshop", "--event-deadline", "0s"}, base, false},
		{"workshop focus too often", []string{"--email", "a@example.com", "--workshop", "--focus-every", "10ms"}, base, false},
		{"workshop without phones", []string{"--email", "a@example.com", "--workshop", "--phones=false"}, base, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseFlags(tt.args, env(tt.env), &strings.Builder{})
			if (err == nil) != tt.ok {
				t.Fatalf("parseFlags(%q) = %v, want ok %v", tt.args, err, tt.ok)
			}
			if err == nil && c.Duration != defaultCap {
				t.Errorf("duration %v, want the default cap %v", c.Duration, defaultCap)
			}
		})
	}
}

func TestParseFlagsPacedDefaults(t *testing.T) {
	c, err := parseFlags([]string{"--email", "a@example.com", "--password", "a-long-password-123"},
		func(string) string { return "" }, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	want := phases{Saturation: true, Paced: true}
	if c.Phases != want || c.Think != 2*time.Second || c.PacedDuration != 30*time.Second || c.Seed != 1 {
		t.Errorf("defaults: phases %+v, think %v, paced %v, seed %d; want both phases, 2s, 30s, seed 1",
			c.Phases, c.Think, c.PacedDuration, c.Seed)
	}
}

func TestRunBaseline(t *testing.T) {
	dir := t.TempDir()
	qs := []question{
		{ID: "q1", Type: "single", Options: []option{{ID: "a", Score: ptr(0)}, {ID: "b", Score: ptr(1)}}},
		{ID: "q2", Type: "multi", Options: []option{{ID: "a", Score: ptr(1)}, {ID: "b", Score: ptr(1)}}},
		{ID: "q3", Type: "scale", Min: ptr(1), Max: ptr(5)},
		{ID: "q4", Type: "text"},
	}
	// Six answers over four questions: the last two update rows in place.
	work, err := plan(qs, 4, 6)
	if err != nil {
		t.Fatal(err)
	}
	p, samples, err := runBaseline(context.Background(), dir, "FULL", work)
	if err != nil {
		t.Fatal(err)
	}
	if p.Writes != 24 || p.Errors != 0 || len(samples) != 0 {
		t.Fatalf("baseline = %+v, errors %q; want 24 writes and no errors", p, samples)
	}
	if p.PerSecond <= 0 || p.P50 <= 0 || p.Max < p.P99 || p.P99 < p.P50 {
		t.Errorf("baseline figures inconsistent: %+v", p)
	}
	db, err := sql.Open("sqlite3", "file:"+dir+"/baseline.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows int
	if err := db.QueryRow("SELECT count(*) FROM answers").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 16 {
		t.Errorf("%d answer rows, want 16 (4 writers × 4 questions)", rows)
	}
}

func TestOpenBaselineRefusesUnknownSynchronous(t *testing.T) {
	if db, err := openBaseline(context.Background(), t.TempDir()+"/x.db", "OFF"); err == nil {
		db.Close()
		t.Fatal("openBaseline accepted synchronous=OFF")
	}
}

// TestRawPostgres runs the baseline on PostgreSQL: every upsert lands, the
// raw scan reads them back, and Close drops the schema it made.
func TestRawPostgres(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresURL()
	admin, err := sql.Open("pgx", dsn)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("postgres: %v", err)
		}
		t.Skipf("postgres not reachable (%v); set READINESS_TEST_POSTGRES", err)
	}
	defer admin.Close()
	qs := []question{
		{ID: "q1", Type: "single", Options: []option{{ID: "a", Score: ptr(0)}, {ID: "b", Score: ptr(1)}}},
		{ID: "q2", Type: "multi", Options: []option{{ID: "a", Score: ptr(1)}, {ID: "b", Score: ptr(1)}}},
		{ID: "q3", Type: "scale", Min: ptr(1), Max: ptr(5)},
		{ID: "q4", Type: "text"},
	}
	work, err := plan(qs, 4, 6)
	if err != nil {
		t.Fatal(err)
	}
	r, err := openRawPostgres(ctx, dsn, 4)
	if err != nil {
		t.Fatal(err)
	}
	p, samples, err := r.run(ctx, work)
	if err != nil {
		r.Close()
		t.Fatal(err)
	}
	if p.Writes != 24 || p.Errors != 0 || len(samples) != 0 {
		t.Errorf("baseline = %+v, errors %q; want 24 writes and no errors", p, samples)
	}
	n, err := r.scanAll(ctx)
	if err != nil || n != 16 {
		t.Errorf("scan read %d answers (%v), want 16 (4 writers × 4 questions)", n, err)
	}
	if !strings.Contains(r.desc, "synchronous_commit=") {
		t.Errorf("description %q names no durability settings", r.desc)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := admin.QueryRowContext(ctx,
		"SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1", r.schema).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("baseline schema %s left behind", r.schema)
	}
}

// testServer is the real server, in process, over a real migrated SQLite
// file, with a consultant to log in as. Its handler is served over real HTTP
// by each caller, as often as it likes: several URLs, one database.
func testServer(t *testing.T) (h http.Handler, email, password string) {
	t.Helper()
	h, _, email, password = serverAt(t, filepath.Join(t.TempDir(), "readiness.db"))
	return h, email, password
}

// serverAt is testServer on the database at dsn: a SQLite file or an empty
// PostgreSQL database.
func serverAt(t testing.TB, dsn string) (h http.Handler, st *store.Store, email, password string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, store.Options{SQLiteSynchronous: "FULL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := migrations.Apply(ctx, st.SQL(), st.Dialect()); err != nil {
		t.Fatal(err)
	}
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	metrics := web.NewMetrics()
	st.ObserveAnswerBatches(metrics.AnswerBatch)
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: cat, BcryptCost: bcrypt.MinCost, Observer: metrics})
	email, password = "load@example.com", "a-long-password-123"
	if _, err := svc.AddUser(ctx, assessment.NewUser{Workspace: "load", Email: email, Name: "Load",
		Role: assessment.RoleConsultant, Password: password}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{Service: svc, LoginAttempts: st, Metrics: metrics, BaseURL: "http://127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	api.Register(srv, svc)
	if err := ui.Register(srv, svc); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.CloseStreams) // httptest's Close waits for open streams
	return srv, st, email, password
}

// dropAnswers passes the server's event streams on without their answer
// events: a projector behind it misses every answer.
// instances serves h on n test servers, as n serve instances on one
// database; with broken, the second one serves h through it.
func instances(t *testing.T, h http.Handler, n int, broken bool, through func(http.Handler) http.Handler) []string {
	t.Helper()
	var urls []string
	for i := range n {
		hh := h
		if broken && i == 1 {
			hh = through(h)
		}
		s := httptest.NewServer(hh)
		t.Cleanup(s.Close)
		urls = append(urls, s.URL)
	}
	return urls
}

func dropAnswers(next http.Handler) http.Handler {
	return dropEvents(next, "/api/v1/assessments/", "answer")
}

// dropFocus passes the respondents' event streams on without their focus
// events: a phone behind it misses every move.
func dropFocus(next http.Handler) http.Handler {
	return dropEvents(next, "/api/v1/responses/", "focus")
}

// dropEvents filters the event streams under prefix: their events of kind
// do not pass.
func dropEvents(next http.Handler, prefix, kind string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, prefix) && strings.HasSuffix(r.URL.Path, "/events") {
			w = &eventFilter{ResponseWriter: w, kind: []byte("\nevent: " + kind + "\n")}
		}
		next.ServeHTTP(w, r)
	})
}

type eventFilter struct {
	http.ResponseWriter
	kind []byte
}

// Write drops the blocks of the filtered events; the server writes whole blocks.
func (f *eventFilter) Write(b []byte) (int, error) {
	var keep [][]byte
	for block := range bytes.SplitAfterSeq(b, []byte("\n\n")) {
		if !bytes.Contains(block, f.kind) {
			keep = append(keep, block)
		}
	}
	if _, err := f.ResponseWriter.Write(bytes.Join(keep, nil)); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (f *eventFilter) Flush()                      { http.NewResponseController(f.ResponseWriter).Flush() }
func (f *eventFilter) Unwrap() http.ResponseWriter { return f.ResponseWriter }

// TestWorkshop runs the workshop mode against the real server: every
// acknowledged answer reaches every listener, on one URL or spread over
// two, and a listener whose stream lacks the answer events counts each
// as missed, an error.
func TestWorkshop(t *testing.T) {
	for _, tt := range []struct {
		name      string
		urls      int
		drop      bool // the second URL's streams lose their answer events
		listeners int
	}{
		{"one URL, two listeners", 1, false, 2},
		{"two URLs, one listener on each", 2, false, 2},
		{"three listeners over two URLs", 2, false, 3},
		{"a listener misses its events", 2, true, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, email, password := testServer(t)
			urls := instances(t, h, tt.urls, tt.drop, dropAnswers)
			c, err := parseFlags([]string{"--workshop", "--url", strings.Join(urls, ","), "--email", email,
				"--participants", "6", "--answers-per-participant", "3", "--think", "40ms", "--paced-duration", "3s",
				"--listeners", strconv.Itoa(tt.listeners), "--event-deadline", "1s"},
				func(k string) string { return map[string]string{"READINESS_LOAD_PASSWORD": password}[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			var log strings.Builder
			s, err := runWorkshop(context.Background(), c, &log)
			if err != nil {
				t.Fatalf("runWorkshop: %v\n%s", err, log.String())
			}
			w := s.Workshop
			if w.Answers != 18 || w.Save.Writes != 18 || w.SaveErrors != 0 || w.Missing != 0 || w.RanOut != 6 {
				t.Fatalf("answers %d, saved %d, save errors %d, missing %d, ran out %d; want 18 saved by 6 participants",
					w.Answers, w.Save.Writes, w.SaveErrors, w.Missing, w.RanOut)
			}
			if w.Join.Writes != 6 || len(w.PerListener) != tt.listeners {
				t.Fatalf("joined %d, %d listeners; want 6 and %d", w.Join.Writes, len(w.PerListener), tt.listeners)
			}
			for i, e := range w.PerListener {
				if want := urls[i%len(urls)]; e.URL != want {
					t.Errorf("listener %d on %s, want %s", i+1, e.URL, want)
				}
				dropped := tt.drop && i%len(urls) == 1
				switch {
				case dropped && (e.Missed != 18 || e.Events != 0):
					t.Errorf("listener %d behind the filter: %d events, %d missed; want 0 and 18", i+1, e.Events, e.Missed)
				case !dropped && (e.Missed != 0 || e.Events != 18 || e.P50 <= 0 || e.P99 < e.P50 || e.Max < e.P99):
					t.Errorf("listener %d: %+v; want 18 events, none missed, ordered latencies", i+1, e)
				}
			}
			// With two URLs half the participants answer through each, and
			// each listener hears the other half's answers across instances.
			wantCross, wantCrossMissed := 0, 0
			if tt.urls == 2 {
				wantCross = 9 * tt.listeners
				if tt.drop {
					wantCross, wantCrossMissed = 9, 9
				}
			}
			if x := w.CrossInstance; x.Events != wantCross || x.Missed != wantCrossMissed {
				t.Errorf("across instances: %d events, %d missed; want %d and %d", x.Events, x.Missed, wantCross, wantCrossMissed)
			}
			wantErrors := 0
			if tt.drop {
				wantErrors = 18
			}
			if s.Errors != wantErrors || w.Events.Missed != wantErrors || w.StreamErrors != 0 {
				t.Errorf("errors %d, missed %d, stream errors %d; want %d, %d, 0", s.Errors, w.Events.Missed, w.StreamErrors,
					wantErrors, wantErrors)
			}
			out := s.table()
			for _, want := range []string{"workshop    think 40ms", "answer→event", "listener 1", "target    p99"} {
				if !strings.Contains(out, want) {
					t.Errorf("table lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestWorkshopPhones runs the workshop mode with every participant's phone
// on its respondent stream while the focus moves: every phone reads every
// move, on one URL or spread over two, and a phone whose stream lacks the
// focus events counts each move as missed, an error.
func TestWorkshopPhones(t *testing.T) {
	for _, tt := range []struct {
		name   string
		urls   int
		drop   bool // the second URL's respondent streams lose their focus events
		phones bool
	}{
		{"one URL", 1, false, true},
		{"two URLs", 2, false, true},
		{"phones on one URL miss the moves", 2, true, true},
		{"no phones", 1, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, email, password := testServer(t)
			urls := instances(t, h, tt.urls, tt.drop, dropFocus)
			// Moves at 200, 400, 600 and 800 ms of the one-second phase,
			// while the participants still answer.
			c, err := parseFlags([]string{"--workshop", "--url", strings.Join(urls, ","), "--email", email,
				"--participants", "6", "--answers-per-participant", "30", "--think", "60ms", "--paced-duration", "1s",
				"--focus-every", "200ms", "--event-deadline", "1s", "--phones=" + strconv.FormatBool(tt.phones)},
				func(k string) string { return map[string]string{"READINESS_LOAD_PASSWORD": password}[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			var log strings.Builder
			s, err := runWorkshop(context.Background(), c, &log)
			if err != nil {
				t.Fatalf("runWorkshop: %v\n%s", err, log.String())
			}
			w := s.Workshop
			if w.Answers == 0 || w.SaveErrors != 0 || w.Missing != 0 || w.Events.Missed != 0 || w.StreamErrors != 0 {
				t.Fatalf("answers %d, save errors %d, missing %d, events missed %d, stream errors %d; want answers and no errors",
					w.Answers, w.SaveErrors, w.Missing, w.Events.Missed, w.StreamErrors)
			}
			if !tt.phones {
				if w.Focus != nil || s.Errors != 0 || strings.Contains(s.table(), "focus→phone") {
					t.Fatalf("without phones: focus %+v, errors %d", w.Focus, s.Errors)
				}
				return
			}
			f := w.Focus
			if f == nil {
				t.Fatal("no focus figures")
			}
			if f.Phones != 6 || f.Moves != 4 || f.MoveErrors != 0 || f.StreamErrors != 0 || f.Repeated != 0 || f.Unexpected != 0 {
				t.Fatalf("focus = %+v; want 6 phones, 4 moves, no errors", f)
			}
			if f.Put.Writes != 4 || f.Put.P50 <= 0 {
				t.Errorf("focus PUTs %+v; want 4 timed", f.Put)
			}
			// Moves alternate between the URLs; with two, each move is read
			// across instances by the three phones on the other one.
			want := focusLatency{Deliveries: 24}
			wantCross := focusLatency{}
			if tt.urls == 2 {
				wantCross.Deliveries = 12
			}
			if tt.drop {
				// Phones 2, 4 and 6 listen on the second URL: they see no
				// move, half of them made on the first.
				want.Deliveries, want.Missed = 12, 12
				wantCross.Deliveries, wantCross.Missed = 6, 6
			}
			p := f.Phone
			if p.Deliveries != want.Deliveries || p.Missed != want.Missed || p.P50 <= 0 || p.P99 < p.P50 || p.Max < p.P99 ||
				p.AckP99 < p.AckP50 || p.AckMax < p.AckP99 || p.AckMax > p.Max {
				t.Errorf("phones = %+v; want %d deliveries, %d missed, ordered latencies", p, want.Deliveries, want.Missed)
			}
			if x := f.CrossInstance; x.Deliveries != wantCross.Deliveries || x.Missed != wantCross.Missed {
				t.Errorf("across instances: %d deliveries, %d missed; want %d and %d", x.Deliveries, x.Missed,
					wantCross.Deliveries, wantCross.Missed)
			}
			if s.Errors != want.Missed {
				t.Errorf("errors %d, want %d", s.Errors, want.Missed)
			}
			out := s.table()
			for _, want := range []string{"phones    6 respondent streams", "focus→phone", "4 moves", "target    focus→phone p99"} {
				if !strings.Contains(out, want) {
					t.Errorf("table lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestReadEvents(t *testing.T) {
	in := "retry: 2000\n: stream\n\n" +
		"id: 7\nevent: answer\ndata: {\"respondent_id\":\"r\",\"question\":\"q\",\"capability\":\"c\"}\n\n" +
		": heartbeat\r\n\r\n" +
		"id: 8\nevent: focus\ndata: {\"capability\":\ndata: null}\n\n" +
		"id: 9\nevent: submit\ndata: {}" // cut short: never dispatched
	var got []sseEvent
	if err := readEvents(strings.NewReader(in), func(e sseEvent) { got = append(got, e) }); err != nil {
		t.Fatal(err)
	}
	want := []sseEvent{
		{comment: true},
		{id: "7", kind: "answer", data: `{"respondent_id":"r","question":"q","capability":"c"}`},
		{comment: true},
		{id: "8", kind: "focus", data: "{\"capability\":\nnull}"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestRawNotify runs the raw LISTEN/NOTIFY round trip: every notification
// reaches both listening connections.
func TestRawNotify(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresURL()
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		err = db.PingContext(ctx)
		db.Close()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("postgres: %v", err)
		}
		t.Skipf("postgres not reachable (%v); set READINESS_TEST_POSTGRES", err)
	}
	r, err := rawNotify(ctx, dsn, 4, 2, 50, 400*time.Millisecond, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sent != 21 || r.Errors != 0 || r.Missed != 0 || r.P50 <= 0 || r.P99 < r.P50 || r.Max < r.P99 {
		t.Errorf("raw notify = %+v; want 21 sent, every one received twice", r)
	}
}

// TestTrackerLatencies times events against their answers: one in time on
// each listener, one late (past the deadline: missed, still timed), one
// never, and one before its acknowledgement.
func TestTrackerLatencies(t *testing.T) {
	t0 := time.Now()
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	tr := newTracker([]string{"r1", "r2"}, 2, 2)
	tr.ack(0, "q1", ms(0), ms(10))
	tr.event(0, eventKey{"r1", "q1"}, ms(20)) // same instance
	tr.event(1, eventKey{"r1", "q1"}, ms(30)) // across
	tr.ack(1, "q2", ms(100), ms(110))
	tr.event(0, eventKey{"r2", "q2"}, ms(105))  // across, before the acknowledgement
	tr.event(1, eventKey{"r2", "q2"}, ms(1700)) // same instance, after the deadline
	tr.ack(1, "q3", ms(200), ms(210))           // never heard
	tr.event(1, eventKey{"r2", "q2"}, ms(1800)) // a repeat
	tr.event(0, eventKey{"r9", "q9"}, ms(300))  // of no acknowledged answer: ignored
	per, all, cross := tr.latencies(time.Second, []string{"a", "b"})
	for _, tt := range []struct {
		name                          string
		got                           eventLatency
		events, missed, late, earlier int
		p50, max                      time.Duration
	}{
		{"listener 1", per[0], 2, 1, 0, 1, 5 * time.Millisecond, 20 * time.Millisecond},
		{"listener 2", per[1], 2, 2, 1, 0, 30 * time.Millisecond, 1600 * time.Millisecond},
		{"all", all, 4, 3, 1, 1, 20 * time.Millisecond, 1600 * time.Millisecond},
		{"across", cross, 2, 1, 0, 1, 5 * time.Millisecond, 30 * time.Millisecond},
	} {
		g := tt.got
		if g.Events != tt.events || g.Missed != tt.missed || g.Late != tt.late || g.Earlier != tt.earlier || g.P50 != tt.p50 || g.Max != tt.max {
			t.Errorf("%s = %+v; want %d events, %d missed, %d late, %d early, p50 %v, max %v",
				tt.name, g, tt.events, tt.missed, tt.late, tt.earlier, tt.p50, tt.max)
		}
	}
	if per[1].Repeated != 1 || all.Repeated != 1 || per[0].URL != "a" || per[1].URL != "b" {
		t.Errorf("repeats %d and %d, URLs %q %q; want 1, 1, a, b", per[1].Repeated, all.Repeated, per[0].URL, per[1].URL)
	}
}

// TestFocusTracker times phones' focus events against the moves: one in
// time, one before its acknowledgement, one late (missed, still timed), one
// never; a repeat, an event of no move, and a failed move owed to nobody.
func TestFocusTracker(t *testing.T) {
	t0 := time.Now()
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	f := newFocusTracker(2, 2)
	a := f.send("cap-a", 0, ms(0))
	f.event(0, "cap-a", ms(5)) // same instance, before the acknowledgement
	f.acked(a, ms(10), nil)
	f.event(1, "cap-a", ms(40)) // across
	f.event(1, "cap-a", ms(50)) // a repeat
	b := f.send("", 1, ms(100))
	f.acked(b, ms(110), nil)
	f.event(1, "", ms(1300)) // cleared, same instance, after the deadline
	c := f.send("cap-c", 0, ms(200))
	f.acked(c, ms(210), errors.New("status 500"))
	f.event(0, "cap-z", ms(300)) // of no move
	if n := f.outstanding(); n != 1 {
		t.Errorf("outstanding %d, want 1 (phone 1 never heard the cleared focus)", n)
	}
	r := f.result(time.Second, time.Second)
	if r.Moves != 3 || r.MoveErrors != 1 || r.Repeated != 1 || r.Unexpected != 1 || r.Put.Writes != 2 || len(f.samples) != 1 {
		t.Errorf("result %+v, samples %q; want 3 moves, 1 failed, 1 repeat, 1 unexpected, 2 PUTs timed", r, f.samples)
	}
	p := r.Phone
	if p.Deliveries != 3 || p.Missed != 2 || p.Late != 1 || p.Earlier != 1 || p.P50 != 40*time.Millisecond ||
		p.Max != 1200*time.Millisecond || p.AckMax != 1190*time.Millisecond {
		t.Errorf("phones = %+v; want 3 deliveries, 2 missed, 1 late, 1 early, p50 40ms, max 1.2s, after ack max 1.19s", p)
	}
	if x := r.CrossInstance; x.Deliveries != 1 || x.Missed != 1 || x.P50 != 40*time.Millisecond {
		t.Errorf("across = %+v; want the move to cap-a on phone 2 and the cleared focus missed on phone 1", x)
	}
}
