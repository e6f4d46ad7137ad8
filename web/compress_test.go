package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestCompression: pages, scripts and JSON go out gzipped to a client that
// asks for it; event streams, PDFs and small bodies do not, and /metrics is
// compressed once, by its own handler.
func TestCompression(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	token, id, _ := h.Workshop("Gzip")
	login := h.Do("GET", "/login", "", nil)
	script := regexp.MustCompile(`/static/[a-z]+\.[0-9a-f]+\.css`).Find(login.Body)
	if script == nil {
		t.Fatalf("no stylesheet on the sign-in page:\n%s", login.Body)
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}
	for name, tt := range map[string]struct {
		path, token string
		gzipped     bool
		contains    string
	}{
		"page":         {"/login", "", true, "<form"},
		"stylesheet":   {string(script), "", true, "{"},
		"openapi":      {"/api/v1/openapi.json", "", true, `"openapi"`},
		"small json":   {"/healthz", "", false, `"ok"`},
		"pdf":          {"/api/v1/assessments/" + id + "/report.pdf", token, false, "%PDF"},
		"metrics once": {"/metrics", "", true, "# HELP"},
	} {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest("GET", h.Server.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept-Encoding", "gzip")
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body io.Reader = res.Body
			if got := res.Header.Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Fatalf("Content-Encoding %q, want gzip: %v", res.Header.Get("Content-Encoding"), tt.gzipped)
			}
			if tt.gzipped {
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					t.Fatal(err)
				}
				body = zr
			}
			b, err := io.ReadAll(body)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != 200 || !strings.Contains(string(b), tt.contains) {
				t.Errorf("%d, body lacks %q: %.200s", res.StatusCode, tt.contains, b)
			}
		})
	}

	// The event stream's first bytes arrive uncompressed and at once.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", h.Server.URL+"/api/v1/assessments/"+id+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ce := res.Header.Get("Content-Encoding"); ce != "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Errorf("event stream: Content-Encoding %q, Content-Type %q", ce, res.Header.Get("Content-Type"))
	}
}
