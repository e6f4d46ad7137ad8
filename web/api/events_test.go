package api_test

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api"
	"github.com/readiness/readiness/web/webtest"
)

type sseEvent struct {
	ID, Kind string
	Data     map[string]any
}

// sseClient reads a text/event-stream into a channel of events.
type sseClient struct {
	t      testing.TB
	res    *http.Response
	events chan sseEvent
	done   chan struct{} // closed when the stream ends
}

func openSSE(t testing.TB, url, token, lastID string) *sseClient {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		res.Body.Close()
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, res.Header.Get("Content-Type"))
	}
	c := &sseClient{t: t, res: res, events: make(chan sseEvent, 10000), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(res.Body)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.Kind != "" {
					c.events <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				e.ID = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.Kind = line[7:]
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(line[6:]), &e.Data)
			}
		}
	}()
	t.Cleanup(c.close)
	return c
}

func (c *sseClient) close() { c.res.Body.Close(); <-c.done }

// next waits for the next event; the bound only keeps a broken stream from
// hanging the test.
func (c *sseClient) next(kind string) sseEvent {
	c.t.Helper()
	for {
		select {
		case e := <-c.events:
			if kind == "" || e.Kind == kind {
				return e
			}
		case <-time.After(10 * time.Second):
			c.t.Fatalf("no %q event within 10 s", kind)
		}
	}
}

// An answer saved through one instance reaches an event client of another
// within a second, also when the two share only the PostgreSQL database.
func TestEventsAcrossServers(t *testing.T) {
	dsn := storetest.PostgresDatabase(t)
	h1 := webtest.New(t, storetest.Open(t, dsn))
	h2 := webtest.New(t, storetest.Open(t, dsn))
	token, id, code := h1.Workshop("Across")
	stream := openSSE(t, h2.Server.URL+"/api/v1/assessments/"+id+"/events", token, "")

	p := h1.Join(code, "Ann")
	if e := stream.next("respondent"); e.Data["respondent_id"] == "" {
		t.Errorf("respondent event %+v", e)
	}
	q := webtest.Questions(h1.Model)[0]
	for i := range 5 {
		h1.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, i), 200, nil)
		acked := time.Now()
		e := stream.next("answer")
		if took := time.Since(acked); took > time.Second {
			t.Errorf("answer event took %v after the save was acknowledged", took)
		}
		if e.Data["question"] != q.ID || e.Data["capability"] == "" || e.Data["respondent_id"] == "" || e.ID == "" {
			t.Errorf("answer event %+v", e)
		}
	}
}

func TestEventStreams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		token, id, code := h.Workshop("Streams")
		url := h.Server.URL + "/api/v1/assessments/" + id + "/events"
		qs := webtest.Questions(h.Model)
		p := h.Join(code, "")

		t.Run("reconnect misses nothing", func(t *testing.T) {
			s := openSSE(t, url, token, "")
			h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+qs[0].ID, "", webtest.AnswerFor(qs[0], 0), 200, nil)
			last := s.next("answer")
			s.close()
			for _, q := range qs[1:6] {
				h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, 1), 200, nil)
			}
			s = openSSE(t, url, token, last.ID)
			for _, q := range qs[1:6] {
				if e := s.next(""); e.Kind != "answer" || e.Data["question"] != q.ID {
					t.Errorf("after reconnecting: %+v, want the answer to %s", e, q.ID)
				}
			}
			select {
			case e := <-s.events:
				t.Errorf("unexpected event %+v", e)
			default:
			}
		})

		t.Run("a stuck listener delays nothing", func(t *testing.T) {
			// A client that asks for the stream and never reads a byte.
			conn, err := net.Dial("tcp", h.Server.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.(*net.TCPConn).SetReadBuffer(1024)
			fmt.Fprintf(conn, "GET /api/v1/assessments/%s/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", id, token)
			reader := openSSE(t, url, token, "")
			const n = 400
			for i := range n {
				q := qs[i%len(qs)]
				h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, i), 200, nil)
			}
			for range n {
				reader.next("answer")
			}
		})

		t.Run("respondent stream", func(t *testing.T) {
			s := openSSE(t, h.Server.URL+"/api/v1/responses/"+p.Token+"/events", "", "")
			h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+qs[0].ID, "", webtest.AnswerFor(qs[0], 2), 200, nil)
			capID := h.Model.Capabilities[1].ID
			h.MustJSON("PUT", "/api/v1/assessments/"+id+"/focus", token, map[string]any{"capability": capID}, 200, nil)
			if e := s.next(""); e.Kind != "focus" || e.Data["capability"] != capID {
				t.Errorf("first event %+v, want focus on %s", e, capID)
			}
			h.MustJSON("PUT", "/api/v1/assessments/"+id+"/focus", token, map[string]any{"capability": nil}, 200, nil)
			if e := s.next(""); e.Kind != "focus" || e.Data["capability"] != nil {
				t.Errorf("event %+v, want the focus cleared", e)
			}
			h.MustJSON("POST", "/api/v1/assessments/"+id+"/close", token, nil, 200, nil)
			if e := s.next(""); e.Kind != "closed" {
				t.Errorf("event %+v, want closed", e)
			}
		})

		t.Run("not found", func(t *testing.T) {
			other := h.Consultant("StreamsOther")
			if r := h.Do("GET", "/api/v1/assessments/"+id+"/events", other, nil); r.Status != 404 {
				t.Errorf("another workspace's stream: %s", r)
			}
			if r := h.Do("GET", "/api/v1/assessments/"+id+"/events", "", nil); r.Status != 401 {
				t.Errorf("stream without a token: %s", r)
			}
			if r := h.Do("GET", "/api/v1/responses/nosuchtoken/events", "", nil); r.Status != 404 {
				t.Errorf("stream of an unknown respondent: %s", r)
			}
		})
	})
}

// Shutting the server down ends open streams at once, so a graceful
// shutdown does not wait for clients that would never leave.
func TestStreamsEndAtShutdown(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	token, id, _ := h.Workshop("Shutdown")
	srv, err := web.New(web.Config{Service: h.Service})
	if err != nil {
		t.Fatal(err)
	}
	api.Register(srv, h.Service)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, l, time.Minute) }()
	s := openSSE(t, "http://"+l.Addr().String()+"/api/v1/assessments/"+id+"/events", token, "")
	// Counted before its headers went out, and shown on /metrics.
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if n := webtest.Metric(rec.Body.String(), "readiness_event_streams_open"); n != 1 {
		t.Fatalf("readiness_event_streams_open %v, want 1", n)
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	<-s.done
}

func TestAgreedAnswersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		token, id, code := h.Workshop("Agreed")
		other := h.Consultant("AgreedOther")
		q := webtest.FirstOfType(h.Model, assessment.Single)
		path := "/api/v1/assessments/" + id + "/agreed/" + q.ID
		stream := openSSE(t, h.Server.URL+"/api/v1/assessments/"+id+"/events", token, "")
		p := h.Join(code, "Ann")
		low, high := scoredExtremes(q)
		h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", map[string]any{"option": low}, 200, nil)
		individual := capabilityScore(h, token, id, "", q.ID)

		for name, tt := range map[string]struct {
			body        any
			status      int
			field       string
			path, token string
		}{
			"unknown option":     {map[string]any{"option": "nosuch"}, 422, "option", path, token},
			"wrong kind":         {map[string]any{"value": 3}, 422, "option", path, token},
			"long rationale":     {map[string]any{"option": q.Options[1].ID, "rationale": strings.Repeat("x", 2001)}, 422, "rationale", path, token},
			"rationale not text": {map[string]any{"option": q.Options[1].ID, "rationale": 5}, 400, "rationale", path, token},
			"unknown question":   {map[string]any{"option": "x"}, 404, "", "/api/v1/assessments/" + id + "/agreed/nosuchquestion", token},
			"other workspace":    {map[string]any{"option": q.Options[1].ID}, 404, "", path, other},
			"no token":           {map[string]any{"option": q.Options[1].ID}, 401, "", path, ""},
		} {
			r := h.Do("PUT", tt.path, tt.token, tt.body)
			if _, field := r.ErrorField(); r.Status != tt.status || (tt.field != "" && field != tt.field) {
				t.Errorf("%s: %s, want %d naming %q", name, r, tt.status, tt.field)
			}
		}
		var list []map[string]any
		h.MustJSON("GET", "/api/v1/assessments/"+id+"/agreed", token, nil, 200, &list)
		if len(list) != 0 {
			t.Fatalf("rejected requests stored %v", list)
		}

		want := high
		var got struct {
			Question  string
			Answer    map[string]any
			Rationale string
			AgreedAt  time.Time `json:"agreed_at"`
		}
		h.MustJSON("PUT", path, token, map[string]any{"option": want, "rationale": "The platform team showed it."}, 200, &got)
		if got.Question != q.ID || got.Answer["option"] != want || got.Rationale != "The platform team showed it." || got.AgreedAt.IsZero() {
			t.Errorf("PUT agreed = %+v", got)
		}
		if e := stream.next("agreed"); e.Data["question"] != q.ID {
			t.Errorf("agreed event %+v", e)
		}
		if agreed := capabilityScore(h, token, id, "", q.ID); agreed <= individual {
			t.Errorf("capability score %v with the agreed answer, %v without", agreed, individual)
		}
		if again := capabilityScore(h, token, id, "individual", q.ID); again != individual {
			t.Errorf("capability score on the individual basis %v, want %v", again, individual)
		}
		if r := h.Do("GET", "/api/v1/assessments/"+id+"/result?basis=everyone", token, nil); r.Status != 422 {
			t.Errorf("unknown basis: %s", r)
		}
		h.MustJSON("GET", "/api/v1/assessments/"+id+"/agreed", token, nil, 200, &list)
		if len(list) != 1 || list[0]["question"] != q.ID {
			t.Errorf("GET agreed = %v", list)
		}
		if r := h.Do("GET", "/api/v1/assessments/"+id+"/agreed", other, nil); r.Status != 404 {
			t.Errorf("another workspace's agreed answers: %s", r)
		}
		if r := h.Do("DELETE", path, other, nil); r.Status != 404 {
			t.Errorf("DELETE from another workspace: %s", r)
		}

		// The individual answers stay as they were, in the export too.
		var x struct {
			Answers []map[string]any
			Agreed  []map[string]any
		}
		h.MustJSON("GET", "/api/v1/assessments/"+id+"/export.json", token, nil, 200, &x)
		if len(x.Answers) != 1 || x.Answers[0]["option"] != q.Options[0].ID || len(x.Agreed) != 1 || x.Agreed[0]["rationale"] == "" {
			t.Errorf("export: answers %v, agreed %v", x.Answers, x.Agreed)
		}

		if r := h.Do("DELETE", path, token, nil); r.Status != 204 {
			t.Errorf("DELETE: %s", r)
		}
		h.MustJSON("GET", "/api/v1/assessments/"+id+"/agreed", token, nil, 200, &list)
		if len(list) != 0 {
			t.Errorf("after DELETE: %v", list)
		}
		if after := capabilityScore(h, token, id, "", q.ID); after != individual {
			t.Errorf("capability score after DELETE %v, want %v", after, individual)
		}
	})
}

// scoredExtremes are the ids of q's lowest and highest scored options.
func scoredExtremes(q *assessment.Question) (low, high string) {
	var lo, hi *assessment.Option
	for i := range q.Options {
		o := &q.Options[i]
		if o.Score == nil {
			continue
		}
		if lo == nil || *o.Score < *lo.Score {
			lo = o
		}
		if hi == nil || *o.Score > *hi.Score {
			hi = o
		}
	}
	return lo.ID, hi.ID
}

// capabilityScore is the result's score of the capability holding question,
// on basis ("" for the default), checking the result says its basis.
func capabilityScore(h *webtest.Harness, token, id, basis, question string) float64 {
	h.T.Helper()
	var res struct {
		Basis        string
		Capabilities []struct {
			ID     string
			Score  *float64
			Agreed int
		}
	}
	h.MustJSON("GET", "/api/v1/assessments/"+id+"/result?basis="+basis, token, nil, 200, &res)
	if want := cmp.Or(basis, "agreed"); res.Basis != want {
		h.T.Errorf("result basis %q, want %q", res.Basis, want)
	}
	_, c, _ := assessment.NewIndex(h.Model).Question(question)
	for _, cr := range res.Capabilities {
		if cr.ID == c.ID && cr.Score != nil {
			return *cr.Score
		}
	}
	h.T.Fatalf("no score for capability %s", c.ID)
	return 0
}

func TestMaxParticipantsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		token := h.Consultant("Cap")
		var o, a struct {
			ID              string
			JoinCode        string `json:"join_code"`
			MaxParticipants int    `json:"max_participants"`
		}
		h.MustJSON("POST", "/api/v1/organisations", token, map[string]string{"name": "Acme"}, 201, &o)
		for _, bad := range []any{0, 5001, -1} {
			r := h.Do("POST", "/api/v1/assessments", token, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness", "mode": "workshop", "max_participants": bad})
			if _, field := r.ErrorField(); r.Status != 422 || field != "max_participants" {
				t.Errorf("max_participants %v: %s", bad, r)
			}
		}
		h.MustJSON("POST", "/api/v1/assessments", token, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness", "mode": "workshop"}, 201, &a)
		if a.MaxParticipants != 500 {
			t.Errorf("default max_participants = %d", a.MaxParticipants)
		}
		h.MustJSON("PATCH", "/api/v1/assessments/"+a.ID, token, map[string]any{"max_participants": 2}, 200, &a)
		if a.MaxParticipants != 2 {
			t.Errorf("PATCH max_participants = %d", a.MaxParticipants)
		}
		h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", token, map[string]string{"name": "Invited"}, 201, nil)
		p := h.Join(a.JoinCode, "")
		if !strings.HasPrefix(p.URL, h.Server.URL+"/r/") {
			t.Errorf("join URL %q", p.URL)
		}
		if r := h.Do("POST", "/api/v1/join/"+a.JoinCode, "", map[string]string{"name": "Late"}); r.Status != 409 {
			t.Errorf("join beyond the cap: %s", r)
		}
		if r := h.Do("POST", "/api/v1/assessments/"+a.ID+"/respondents", token, map[string]string{"name": "Late"}); r.Status != 409 {
			t.Errorf("invite beyond the cap: %s", r)
		}
		if r := h.Do("PATCH", "/api/v1/assessments/"+a.ID, token, map[string]any{"max_participants": 1}); r.Status != 409 {
			t.Errorf("cap below the respondents: %s", r)
		}
		h.MustJSON("PATCH", "/api/v1/assessments/"+a.ID, token, map[string]any{"max_participants": 5000}, 200, &a)
		h.MustJSON("GET", "/api/v1/assessments/"+a.ID, token, nil, 200, &a)
		if a.MaxParticipants != 5000 {
			t.Errorf("GET max_participants = %d", a.MaxParticipants)
		}
		var rs []struct{ Name string }
		h.MustJSON("GET", "/api/v1/assessments/"+a.ID+"/respondents", token, nil, 200, &rs)
		if len(rs) != 2 || rs[1].Name != "Participant 2" {
			t.Errorf("respondents %+v, want the joined one named Participant 2", rs)
		}
	})
}

func TestJoinPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	token, id, code := h.Workshop("JoinPage")
	for name, tt := range map[string]struct {
		path   string
		status int
		want   string
	}{
		"open":    {"/j/" + strings.ToLower(code), 200, "Participant N"},
		"unknown": {"/j/NOSUCHCODE", 404, "nothing here"},
	} {
		r := h.Do("GET", tt.path, "", nil)
		if r.Status != tt.status || !strings.Contains(string(r.Body), tt.want) || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s, want %d with %q", name, r.Status, r.Header.Get("Content-Type"), tt.status, tt.want)
		}
	}
	h.MustJSON("PATCH", "/api/v1/assessments/"+id, token, map[string]any{"max_participants": 1}, 200, nil)
	h.Join(code, "")
	if r := h.Do("GET", "/j/"+code, "", nil); r.Status != 200 || !strings.Contains(string(r.Body), "is full") || strings.Contains(string(r.Body), `id="join"`) {
		t.Errorf("full workshop: %d %s", r.Status, r.Body)
	}
	h.MustJSON("POST", "/api/v1/assessments/"+id+"/close", token, nil, 200, nil)
	if r := h.Do("GET", "/j/"+code, "", nil); r.Status != 200 || !strings.Contains(string(r.Body), "has ended") {
		t.Errorf("closed workshop: %d %s", r.Status, r.Body)
	}
}
