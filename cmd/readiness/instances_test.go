package main

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store/storetest"
)

// sseEvent is one server-sent event: its kind and data line.
type sseEvent struct{ kind, data string }

// follow opens an event stream and hands its events to the returned
// channel until the test ends.
func follow(t *testing.T, url, token string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan sseEvent, 64)
	go func() {
		defer res.Body.Close()
		var e sseEvent
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data = strings.TrimPrefix(line, "data: ")
			case line == "" && e.kind != "":
				select {
				case out <- e:
				case <-ctx.Done():
					return
				}
				e = sseEvent{}
			}
		}
	}()
	return out
}

// await returns the next event of kind within a second of now.
func await(t *testing.T, events <-chan sseEvent, kind, what string) sseEvent {
	t.Helper()
	deadline := time.After(time.Second)
	for {
		select {
		case e := <-events:
			if e.kind == kind {
				return e
			}
		case <-deadline:
			t.Fatalf("%s: no %s event within 1 s", what, kind)
		}
	}
}

// TestTwoServeProcessesShareEvents runs two serve processes on one
// PostgreSQL database, as two instances behind a load balancer: an answer
// saved through the first reaches the projector's stream on the second, and
// the facilitator's move made on the second reaches a phone following the
// first, each within a second.
func TestTwoServeProcessesShareEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dsn := storetest.PostgresDatabase(t)
	bin := buildBinary(t)
	if _, _, err := runCmd(t, "a-long-password\n", "user", "add", "--db", dsn, "--workspace", "Two", "--email", "two@example.com",
		"--name", "Two", "--role", "consultant", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	first, second := startServer(t, bin, dsn, freeAddr(t)), startServer(t, bin, dsn, freeAddr(t))
	defer func() {
		for _, s := range []*server{first, second} {
			_ = s.cmd.Process.Signal(syscall.SIGTERM)
			if err := s.cmd.Wait(); err != nil {
				t.Errorf("graceful shutdown: %v\n%s", err, s.log)
			}
		}
	}()

	var tok struct{ Token string }
	first.call(t, "POST", "/api/v1/auth/token", "", map[string]string{"email": "two@example.com", "password": "a-long-password"}, 201, &tok)
	var org struct{ ID string }
	first.call(t, "POST", "/api/v1/organisations", tok.Token, map[string]string{"name": "Two instances"}, 201, &org)
	var a struct {
		ID       string
		JoinCode string `json:"join_code"`
	}
	first.call(t, "POST", "/api/v1/assessments", tok.Token, map[string]string{"organisation_id": org.ID, "questionnaire": "dcos-readiness", "mode": "workshop"}, 201, &a)
	var q struct {
		Capabilities []struct {
			ID        string
			Questions []struct {
				ID, Type string
				Options  []struct{ ID string }
			}
		}
	}
	first.call(t, "GET", "/api/v1/questionnaires/dcos-readiness", tok.Token, nil, 200, &q)

	projector := follow(t, second.base+"/api/v1/assessments/"+a.ID+"/events", tok.Token)
	var p struct{ Token string }
	first.call(t, "POST", "/api/v1/join/"+a.JoinCode, "", map[string]string{"name": "Ann"}, 201, &p)
	await(t, projector, "respondent", "a join on the first instance")
	phone := follow(t, first.base+"/api/v1/responses/"+p.Token+"/events", "")

	answered := 0
	for _, c := range q.Capabilities {
		for _, qq := range c.Questions {
			if qq.Type != "single" || answered == 5 {
				continue
			}
			first.call(t, "PUT", "/api/v1/responses/"+p.Token+"/answers/"+qq.ID, "", map[string]string{"option": qq.Options[0].ID}, 200, nil)
			e := await(t, projector, "answer", "an answer saved on the first instance")
			if !strings.Contains(e.data, `"question":"`+qq.ID+`"`) {
				t.Errorf("answer event %s, want question %s", e.data, qq.ID)
			}
			answered++
		}
	}
	move := q.Capabilities[1].ID
	second.call(t, "PUT", "/api/v1/assessments/"+a.ID+"/focus", tok.Token, map[string]string{"capability": move}, 200, nil)
	if e := await(t, phone, "focus", "a move made on the second instance"); !strings.Contains(e.data, `"capability":"`+move+`"`) {
		t.Errorf("focus event %s, want capability %s", e.data, move)
	}
}
