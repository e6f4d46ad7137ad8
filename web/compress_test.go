package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
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
	token, id, code := h.Workshop("Gzip")
	p := h.Join(code, "Ann")
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
		"page":          {"/login", "", true, "<form"},
		"stylesheet":    {string(script), "", true, "{"},
		"openapi":       {"/api/v1/openapi.json", "", true, `"openapi"`},
		"small json":    {"/healthz", "", false, `"ok"`},
		"pdf":           {"/api/v1/assessments/" + id + "/report.pdf", token, false, "%PDF"},
		"metrics once":  {"/metrics", "", true, "# HELP"},
		"questionnaire": {"/api/v1/responses/" + p.Token + "/questionnaire", "", true, `"capabilities"`},
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

// gzipClient asks for gzip itself and sees the body as sent.
func gzipClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 100}, Timeout: time.Minute}
}

// TestSavesTakeNoCompressor: 500 answers saved at once by clients that
// accept gzip take no compressor between them (each would hold hundreds of
// KiB), and their acknowledgements go out plain; a page does take one, so
// the count is live.
func TestSavesTakeNoCompressor(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	token := h.Consultant("Saves")
	_, _, rs := h.Setup(token, "self-service", 50)
	qs := webtest.Questions(h.Model)[:10]
	compressed := func() float64 {
		return webtest.Metric(string(h.Do("GET", "/metrics", "", nil).Body), "readiness_http_compressed_responses_total")
	}
	before := compressed()

	client := gzipClient()
	var wg sync.WaitGroup
	errs := make(chan string, len(rs)*len(qs))
	for _, r := range rs {
		for i, q := range qs {
			wg.Go(func() {
				body, _ := json.Marshal(webtest.AnswerFor(q, i))
				req, err := http.NewRequest("PUT", h.Server.URL+"/api/v1/responses/"+r.Token+"/answers/"+q.ID, bytes.NewReader(body))
				if err != nil {
					errs <- err.Error()
					return
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept-Encoding", "gzip")
				res, err := client.Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" {
					errs <- fmt.Sprintf("PUT %s: %d, Content-Encoding %q: %.100s", q.ID, res.StatusCode, res.Header.Get("Content-Encoding"), b)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if got := compressed() - before; got != 0 {
		t.Errorf("%v compressors taken for %d answer saves, want none", got, len(rs)*len(qs))
	}

	req, err := http.NewRequest("GET", h.Server.URL+"/login", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := compressed() - before; res.Header.Get("Content-Encoding") != "gzip" || got != 1 {
		t.Errorf("sign-in page: Content-Encoding %q and %v compressors taken, want gzip and 1", res.Header.Get("Content-Encoding"), got)
	}
}

// TestPagesCarryJitter: a page with a CSRF token goes out with a few bytes
// of jitter in its gzip header, which hides the exact compressed size from
// a BREACH attacker.
func TestPagesCarryJitter(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	req, err := http.NewRequest("GET", h.Server.URL+"/login", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := gzipClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `name="_csrf"`) {
		t.Fatalf("the sign-in page has no CSRF token:\n%s", b)
	}
	if zr.Header.Comment == "" {
		t.Error("the sign-in page's gzip header carries no jitter")
	}
}
