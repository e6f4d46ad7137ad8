package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// env turns a map into the getenv the commands take.
func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(context.Background(), args, env(nil), strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), err
}

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	for _, tt := range []struct {
		name, password, email string
		wantErr               string
	}{
		{"ok", "a-long-password\n", "ana@example.com", ""},
		{"duplicate", "another-long-password\n", "ANA@example.com", "already exists"},
		{"weak", "short\n", "bo@example.com", "at least 12"},
		{"bad email", "a-long-password\n", "not-an-email", "email"},
	} {
		_, _, err := runCmd(t, tt.password, "user", "add", "--db", db, "--workspace", "Acme", "--email", tt.email, "--name", "Ana", "--role", "consultant", "--password-stdin")
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantErr)
		}
	}
	if _, _, err := runCmd(t, "", "user", "add", "--db", db, "--workspace", "A", "--email", "x@example.com", "--name", "X"); exitCode(err) != 2 {
		t.Errorf("without --password-stdin: %v (exit %d)", err, exitCode(err))
	}
}

// TestUserAddIfAbsent: a setup script that adds its user may run twice;
// the second run changes nothing, not even the password.
func TestUserAddIfAbsent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	add := func(password, workspace, name string) (string, error) {
		out, _, err := runCmd(t, password+"\n", "user", "add", "--db", db, "--workspace", workspace, "--email", "ana@example.com",
			"--name", name, "--role", "consultant", "--password-stdin", "--if-absent")
		return out, err
	}
	if out, err := add("a-long-password", "Acme", "Ana"); err != nil || !strings.Contains(out, "added") {
		t.Fatalf("first run: %q, %v", out, err)
	}
	if out, err := add("another-long-password", "Other", "Anna"); err != nil || !strings.Contains(out, "already exists") {
		t.Fatalf("second run: %q, %v, want exit 0 and already exists", out, err)
	}
	if _, err := add("short", "Acme", "Ana"); err == nil || exitCode(err) == 0 {
		t.Errorf("a weak password with --if-absent: %v, want an error", err)
	}
	st, err := openStore(context.Background(), db, "FULL", false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if u, err := st.UserByEmail(context.Background(), "ana@example.com"); err != nil || u.Name != "Ana" {
		t.Errorf("after the second run: %+v, %v, want Ana unchanged", u, err)
	}
	svc := assessment.NewService(assessment.Config{Store: st})
	if _, _, err := svc.Login(context.Background(), "ana@example.com", "a-long-password"); err != nil {
		t.Errorf("the first password no longer signs in: %v", err)
	}
}

func TestLint(t *testing.T) {
	if _, _, err := runCmd(t, "", "questionnaire", "lint", "../../questionnaires/builtin/dcos-readiness.yaml"); err != nil {
		t.Fatalf("built-in questionnaire: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("slug: x\nversion: 1.0.0\ntitle: X\nstages: []\ncapabilities: []\ntypo: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "questionnaire", "lint", bad)
	if exitCode(err) != 1 || !strings.Contains(out, bad+":6: ") {
		t.Fatalf("lint of a broken file: exit %d, output %q", exitCode(err), out)
	}
}

func TestMigrateStatusAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if _, _, err := runCmd(t, "", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "migrate", "--db", db, "--status")
	if err != nil || !strings.Contains(out, "applied") || strings.Contains(out, "pending") {
		t.Fatalf("status: %v\n%s", err, out)
	}
	// It closed every connection: SQLite removes the WAL file when the last
	// connection to a database closes, and keeps it while one is open.
	if _, err := os.Stat(db + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("migrate --status left the database open (%s-wal: %v)", filepath.Base(db), err)
	}
	if _, _, err := runCmd(t, "a-long-password\n", "user", "add", "--db", db, "--workspace", "W", "--email", "w@example.com", "--name", "W", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if _, _, err := runCmd(t, "", "backup", "--db", db, "--out", copyPath); err != nil {
		t.Fatal(err)
	}
	// The copy is a working database: the same user exists there.
	if _, _, err := runCmd(t, "a-long-password\n", "user", "add", "--db", copyPath, "--workspace", "W", "--email", "w@example.com", "--name", "W", "--role", "admin", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("backup copy lacks the user: %v", err)
	}
	if _, _, err := runCmd(t, "", "backup", "--db", db, "--out", copyPath); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
}

func TestServeFlags(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		env     map[string]string
		want    serveConfig
		wantErr bool
	}{
		{nil, nil, serveConfig{Addr: "127.0.0.1:8080", DB: "readiness.db", BaseURL: "http://127.0.0.1:8080"}, false},
		{nil, map[string]string{"READINESS_ADDR": "0.0.0.0:9000", "READINESS_DB": "x.db"}, serveConfig{Addr: "0.0.0.0:9000", DB: "x.db", BaseURL: "http://0.0.0.0:9000"}, false},
		{[]string{"--addr", "127.0.0.1:7000"}, map[string]string{"READINESS_ADDR": "0.0.0.0:9000"}, serveConfig{Addr: "127.0.0.1:7000", DB: "readiness.db", BaseURL: "http://127.0.0.1:7000"}, false},
		{[]string{"--base-url", "https://r.example.com/"}, nil, serveConfig{Addr: "127.0.0.1:8080", DB: "readiness.db", BaseURL: "https://r.example.com"}, false},
		{[]string{"--base-url", "ftp://x"}, nil, serveConfig{}, true},
		{[]string{"--addr", "nope"}, nil, serveConfig{}, true},
	} {
		got, err := parseServe(tt.args, env(tt.env), io.Discard)
		if (err != nil) != tt.wantErr {
			t.Errorf("%v %v: err %v", tt.args, tt.env, err)
			continue
		}
		if err == nil && (got.Addr != tt.want.Addr || got.DB != tt.want.DB || got.BaseURL != tt.want.BaseURL) {
			t.Errorf("%v %v: got %+v, want %+v", tt.args, tt.env, got, tt.want)
		}
	}
}

// buildBinary compiles the command once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "readiness")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type server struct {
	cmd  *exec.Cmd
	base string
	log  *bytes.Buffer
}

func startServer(t *testing.T, bin, db, addr string) *server {
	t.Helper()
	s := &server{base: "http://" + addr, log: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, "serve", "--db", db, "--addr", addr)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(s.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		if time.Now().After(deadline) {
			_ = s.cmd.Process.Kill()
			t.Fatalf("server did not become healthy: %v\n%s", err, s.log)
		}
		time.Sleep(50 * time.Millisecond) // polling a starting process, not timing a test
	}
}

func (s *server) call(t *testing.T, method, path, token string, body any, want int, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, b, want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// TestKillNine acknowledges answers, kills the server with SIGKILL, restarts
// it and finds every answer and the same result.
func TestKillNine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if _, _, err := runCmd(t, "a-long-password\n", "user", "add", "--db", db, "--workspace", "K", "--email", "k@example.com", "--name", "K", "--role", "consultant", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	s := startServer(t, bin, db, addr)
	var tok struct{ Token string }
	s.call(t, "POST", "/api/v1/auth/token", "", map[string]string{"email": "k@example.com", "password": "a-long-password"}, 201, &tok)
	var org, a struct{ ID string }
	s.call(t, "POST", "/api/v1/organisations", tok.Token, map[string]string{"name": "Kill"}, 201, &org)
	s.call(t, "POST", "/api/v1/assessments", tok.Token, map[string]string{"organisation_id": org.ID, "questionnaire": "dcos-readiness", "mode": "self-service"}, 201, &a)
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
	var tokens []string
	for i := range 3 {
		var r struct{ Token string }
		s.call(t, "POST", "/api/v1/assessments/"+a.ID+"/respondents", tok.Token, map[string]string{"name": fmt.Sprint("R", i)}, 201, &r)
		tokens = append(tokens, r.Token)
		for j, c := range q.Capabilities {
			for k, qq := range c.Questions {
				var body map[string]any
				switch qq.Type {
				case "multi":
					body = map[string]any{"options": []string{qq.Options[(i+j+k)%len(qq.Options)].ID}}
				case "scale":
					body = map[string]any{"value": *qq.Min + float64(i)}
				case "text":
					body = map[string]any{"text": "t"}
				default:
					body = map[string]any{"option": qq.Options[(i+j+k)%len(qq.Options)].ID}
				}
				s.call(t, "PUT", "/api/v1/responses/"+r.Token+"/answers/"+qq.ID, "", body, 200, nil)
			}
		}
	}
	var before, after json.RawMessage
	s.call(t, "GET", "/api/v1/assessments/"+a.ID+"/result", tok.Token, nil, 200, &before)
	answersBefore := map[string]json.RawMessage{}
	for _, rt := range tokens {
		var resp struct{ Answers json.RawMessage }
		s.call(t, "GET", "/api/v1/responses/"+rt, "", nil, 200, &resp)
		answersBefore[rt] = resp.Answers
	}

	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = s.cmd.Wait()

	s2 := startServer(t, bin, db, addr)
	defer func() {
		_ = s2.cmd.Process.Signal(syscall.SIGTERM)
		if err := s2.cmd.Wait(); err != nil {
			t.Errorf("graceful shutdown: %v\n%s", err, s2.log)
		}
	}()
	s2.call(t, "GET", "/api/v1/assessments/"+a.ID+"/result", tok.Token, nil, 200, &after)
	if !bytes.Equal(before, after) {
		t.Errorf("result changed across kill -9:\nbefore %s\nafter  %s", before, after)
	}
	for _, rt := range tokens {
		var resp struct{ Answers json.RawMessage }
		s2.call(t, "GET", "/api/v1/responses/"+rt, "", nil, 200, &resp)
		if !bytes.Equal(resp.Answers, answersBefore[rt]) {
			t.Errorf("answers changed across kill -9 for one respondent")
		}
	}
}

// TestServeRefusesUnsafeDurability starts serve on a PostgreSQL connection
// with synchronous_commit off: it refuses, naming the setting, unless
// --allow-unsafe-durability (or its environment twin) says to start anyway.
func TestServeRefusesUnsafeDurability(t *testing.T) {
	dsn := storetest.PostgresDatabase(t) + "&synchronous_commit=off"
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0"}, env(nil),
		strings.NewReader(""), io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "synchronous_commit is off") ||
		!strings.Contains(err.Error(), "--allow-unsafe-durability") {
		t.Fatalf("serve = %v, want a refusal naming synchronous_commit and the flag", err)
	}
	for name, tt := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"flag":        {[]string{"--allow-unsafe-durability"}, nil},
		"environment": {nil, map[string]string{"READINESS_ALLOW_UNSAFE_DURABILITY": "true"}},
	} {
		t.Run(name, func(t *testing.T) {
			log := &syncBuffer{started: make(chan struct{})}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			args := append([]string{"serve", "--db", dsn, "--addr", "127.0.0.1:0"}, tt.args...)
			go func() { done <- run(ctx, args, env(tt.env), strings.NewReader(""), io.Discard, log) }()
			select {
			case <-log.started:
			case err := <-done:
				cancel()
				t.Fatalf("serve ended: %v\n%s", err, log.String())
			}
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
			if !strings.Contains(log.String(), "durability not guaranteed") {
				t.Errorf("no warning in the log:\n%s", log.String())
			}
		})
	}
}

// syncBuffer collects serve's log and closes started once it says it serves.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	started chan struct{}
	once    sync.Once
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.b.Write(p)
	if strings.Contains(s.b.String(), "msg=serving") {
		s.once.Do(func() { close(s.started) })
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
