package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store/storetest"
)

// TestKillNineKeepsEveryAnswersEvent has participants save answers as fast
// as they are acknowledged, kills the server with SIGKILL in the middle of
// it, restarts it and follows the assessment's event stream from the start:
// every answer acknowledged before the kill has its answer event, because an
// answer and its event are committed together. On SQLite and PostgreSQL.
func TestKillNineKeepsEveryAnswersEvent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	for _, tt := range []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "r.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresDatabase(t) }},
	} {
		t.Run(tt.name, func(t *testing.T) { killNineKeepsEvents(t, bin, tt.db(t)) })
	}
}

func killNineKeepsEvents(t *testing.T, bin, db string) {
	const participants, killAfter = 30, 600 // acknowledged answers before the kill
	if _, _, err := runCmd(t, "a-long-password\n", "user", "add", "--db", db, "--workspace", "K", "--email", "k@example.com",
		"--name", "K", "--role", "consultant", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	s := startServer(t, bin, db, addr)
	var tok struct{ Token string }
	s.call(t, "POST", "/api/v1/auth/token", "", map[string]string{"email": "k@example.com", "password": "a-long-password"}, 201, &tok)
	var org, a struct{ ID string }
	s.call(t, "POST", "/api/v1/organisations", tok.Token, map[string]string{"name": "Kill"}, 201, &org)
	s.call(t, "POST", "/api/v1/assessments", tok.Token, map[string]string{"organisation_id": org.ID, "questionnaire": "dcos-readiness", "mode": "workshop"}, 201, &a)
	var q struct {
		Capabilities []struct {
			Questions []struct {
				ID, Type string
				Options  []struct{ ID string }
				Min      *float64
			}
		}
	}
	s.call(t, "GET", "/api/v1/questionnaires/dcos-readiness", tok.Token, nil, 200, &q)
	type put struct {
		question string
		body     []byte
	}
	var puts []put
	for _, c := range q.Capabilities {
		for _, qq := range c.Questions {
			var body map[string]any
			switch qq.Type {
			case "multi":
				body = map[string]any{"options": []string{qq.Options[0].ID}}
			case "scale":
				body = map[string]any{"value": *qq.Min}
			case "text":
				body = map[string]any{"text": "t"}
			default:
				body = map[string]any{"option": qq.Options[len(qq.Options)-1].ID}
			}
			b, _ := json.Marshal(body)
			puts = append(puts, put{qq.ID, b})
		}
	}
	type respondent struct{ ID, Token string }
	rs := make([]respondent, participants)
	for i := range rs {
		s.call(t, "POST", "/api/v1/assessments/"+a.ID+"/respondents", tok.Token, map[string]string{"name": fmt.Sprint("R", i)}, 201, &rs[i])
	}

	// Participants save until the server is gone; each acknowledged save is
	// noted, and the kill comes once killAfter are.
	type key struct{ respondent, question string }
	var mu sync.Mutex
	acked := map[key]bool{}
	enough := make(chan struct{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: participants}}
	var wg sync.WaitGroup
	for _, r := range rs {
		wg.Go(func() {
			for _, p := range puts {
				req, _ := http.NewRequest("PUT", s.base+"/api/v1/responses/"+r.Token+"/answers/"+p.question, bytes.NewReader(p.body))
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					t.Errorf("PUT %s: %d", p.question, res.StatusCode)
					return
				}
				mu.Lock()
				acked[key{r.ID, p.question}] = true
				if len(acked) == killAfter {
					close(enough)
				}
				mu.Unlock()
			}
		})
	}
	<-enough
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = s.cmd.Wait()
	wg.Wait()
	client.CloseIdleConnections()
	t.Logf("%d answers acknowledged before the kill", len(acked))

	s2 := startServer(t, bin, db, addr)
	defer func() {
		_ = s2.cmd.Process.Signal(syscall.SIGTERM)
		if err := s2.cmd.Wait(); err != nil {
			t.Errorf("graceful shutdown: %v\n%s", err, s2.log)
		}
	}()
	events := follow(t, s2.base+"/api/v1/assessments/"+a.ID+"/events?after=0", tok.Token)
	missing := len(acked)
	seen := map[key]bool{}
	// Events already in the log come at once, and what a killed PostgreSQL
	// instance left in the outbox is moved within the relay's sweep; the
	// deadline only stops a test whose events never come.
	deadline := time.After(30 * time.Second)
	for missing > 0 {
		select {
		case e := <-events:
			if e.kind != "answer" {
				continue
			}
			var d struct {
				RespondentID string `json:"respondent_id"`
				Question     string `json:"question"`
			}
			if err := json.Unmarshal([]byte(e.data), &d); err != nil {
				t.Fatalf("answer event %q: %v", e.data, err)
			}
			k := key{d.RespondentID, d.Question}
			if acked[k] && !seen[k] {
				seen[k] = true
				missing--
			}
		case <-deadline:
			t.Fatalf("%d of %d acknowledged answers have no event after the restart", missing, len(acked))
		}
	}
}
