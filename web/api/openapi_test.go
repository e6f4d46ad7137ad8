package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

type openAPIDocument struct {
	OpenAPI string                                 `json:"openapi"`
	Paths   map[string]map[string]openAPIOperation `json:"paths"`
}

type openAPIOperation struct {
	OperationID string            `json:"operationId"`
	Parameters  []json.RawMessage `json:"parameters"`
	Responses   map[string]any    `json:"responses"`
}

var echoParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// TestOpenAPIDescribesEveryRoute keeps web/api/openapi.json true: every route
// registered under /api/v1 is described, with its method, and every
// described path and method is a registered route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	svc := assessment.NewService(assessment.Config{})
	s, err := web.New(web.Config{Service: svc})
	if err != nil {
		t.Fatal(err)
	}
	Register(s, svc)
	var doc openAPIDocument
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi %q, want 3.1.x", doc.OpenAPI)
	}

	registered := map[string]bool{} // "METHOD /api/v1/path/{param}"
	for _, r := range s.Echo().Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Path == "/api/v1/*" {
			continue // the catch-all answers a JSON 404 for anything undescribed
		}
		registered[r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	described := map[string]bool{}
	ids := map[string]string{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			key := strings.ToUpper(method) + " " + path
			described[key] = true
			if op.OperationID == "" {
				t.Errorf("%s: no operationId", key)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s: operationId %q also names %s", key, op.OperationID, other)
			}
			ids[op.OperationID] = key
			if len(op.Responses) == 0 {
				t.Errorf("%s: no responses", key)
			}
			// Every {param} of the path is declared, and nothing else is.
			var want, got []string
			for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
				want = append(want, m[1])
			}
			for _, raw := range op.Parameters {
				var p struct{ Name, In string }
				_ = json.Unmarshal(raw, &p)
				if p.In == "path" {
					got = append(got, p.Name)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("%s: path parameters %v, want %v", key, got, want)
			}
		}
	}
	for k := range registered {
		if !described[k] {
			t.Errorf("route %s is not described in web/api/openapi.json", k)
		}
	}
	for k := range described {
		if !registered[k] {
			t.Errorf("web/api/openapi.json describes %s, which is no route", k)
		}
	}
	if len(registered) < 20 {
		t.Errorf("only %d API routes found: is the walk still right?", len(registered))
	}

	// It is served as it is written.
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || rec.Body.String() != string(openAPIDoc) {
		t.Errorf("GET /api/v1/openapi.json: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
