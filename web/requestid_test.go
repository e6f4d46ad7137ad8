package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) records(t *testing.T) []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.b.String()), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

// TestRequestIDInLogs: the request line and a 5xx's error record both carry
// the id the response names, and a request counts in /metrics by pattern
// even when its handler panics.
func TestRequestIDInLogs(t *testing.T) {
	var logs syncBuffer
	s, err := New(Config{Service: assessment.NewService(assessment.Config{}), Log: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s.echo.GET("/boom/:id", func(echo.Context) error { panic("boom") })

	req := httptest.NewRequest(http.MethodGet, "/boom/secret-id", nil)
	req.Header.Set("X-Request-Id", "trace-123")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError || rec.Header().Get("X-Request-Id") != "trace-123" {
		t.Fatalf("panic: %d, X-Request-Id %q", rec.Code, rec.Header().Get("X-Request-Id"))
	}
	var sawLine, sawError bool
	for _, r := range logs.records(t) {
		switch r["msg"] {
		case "request":
			sawLine = true
			if r["request_id"] != "trace-123" || r["route"] != "/boom/:id" || r["status"] != float64(500) {
				t.Errorf("request line %v", r)
			}
		case "request failed":
			sawError = true
			if r["request_id"] != "trace-123" {
				t.Errorf("error record %v", r)
			}
		}
	}
	if !sawLine || !sawError {
		t.Errorf("request line %v, error record %v; logs:\n%s", sawLine, sawError, logs.b.String())
	}

	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `readiness_http_requests_total{method="GET",route="/boom/:id",status="500"} 1`) {
		t.Errorf("the panicking request is not counted:\n%s", rec.Body.String())
	}
}
