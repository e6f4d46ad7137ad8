package api_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

func TestNotesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok, other := h.Consultant("Notes"), h.Consultant("Elsewhere")
		_, id, _ := h.Setup(tok, "workshop", 0)
		path := "/api/v1/assessments/" + id + "/notes"
		capID := h.Model.Capabilities[0].ID

		var got struct {
			Summary      string
			Capabilities map[string]string
			UpdatedAt    *string `json:"updated_at"`
		}
		h.MustJSON("GET", path, tok, nil, 200, &got)
		if got.Summary != "" || got.Capabilities == nil || len(got.Capabilities) != 0 || got.UpdatedAt != nil {
			t.Fatalf("notes before any save: %+v", got)
		}
		body := map[string]any{"summary": "  Zürich leads.  ", "capabilities": map[string]string{capID: "Łódź follows."}}
		h.MustJSON("PUT", path, tok, body, 200, &got)
		if got.Summary != "Zürich leads." || got.Capabilities[capID] != "Łódź follows." || got.UpdatedAt == nil {
			t.Fatalf("PUT answered %+v", got)
		}
		h.MustJSON("GET", path, tok, nil, 200, &got)
		if got.Summary != "Zürich leads." || got.Capabilities[capID] != "Łódź follows." {
			t.Fatalf("GET after PUT: %+v", got)
		}

		long := strings.Repeat("é", 20001)
		for name, tt := range map[string]struct {
			token  string
			path   string
			body   any
			status int
			field  string
		}{
			"summary too long":      {tok, path, map[string]any{"summary": long}, 422, "summary"},
			"finding too long":      {tok, path, map[string]any{"capabilities": map[string]string{capID: long}}, 422, "capabilities." + capID},
			"unknown capability":    {tok, path, map[string]any{"capabilities": map[string]string{"no-such-capability": "x"}}, 422, "capabilities.no-such-capability"},
			"wrong type":            {tok, path, map[string]any{"summary": 3}, 400, "summary"},
			"another workspace":     {other, path, map[string]any{"summary": "x"}, 404, ""},
			"unknown assessment":    {tok, "/api/v1/assessments/nosuchassessment/notes", map[string]any{"summary": "x"}, 404, ""},
			"without a token":       {"", path, map[string]any{"summary": "x"}, 401, ""},
			"at the limit is fine?": {tok, path, map[string]any{"summary": strings.Repeat("é", 20000)}, 200, ""},
		} {
			r := h.Do("PUT", tt.path, tt.token, tt.body)
			if _, field := r.ErrorField(); r.Status != tt.status || field != tt.field {
				t.Errorf("%s: %d field %q, want %d field %q (%s)", name, r.Status, field, tt.status, tt.field, r.Body)
			}
		}
		if r := h.Do("GET", path, other, nil); r.Status != 404 {
			t.Errorf("GET from another workspace: %s", r)
		}
		h.MustJSON("GET", path, tok, nil, 200, &got)
		if got.Capabilities[capID] != "Łódź follows." {
			t.Errorf("a refused PUT changed the notes: %+v", got)
		}
	})
}

func TestReportDownloads(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	tok, other := h.Consultant("Reports"), h.Consultant("Others")
	_, id, rs := h.Setup(tok, "self-service", 3)
	for i, r := range rs {
		for k, q := range webtest.Questions(h.Model) {
			if k%3 == 0 { // enough answers for a roadmap, from a walk of the model
				h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, i), 200, nil)
			}
		}
	}
	base := "/api/v1/assessments/" + id

	r := h.Do("GET", base+"/report.pdf", tok, nil)
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
		t.Fatalf("report.pdf: %d %s %.20q", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.HasSuffix(cd, `.pdf"`) {
		t.Errorf("Content-Disposition %q", cd)
	}

	r = h.Do("GET", base+"/roadmap.csv", tok, nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("roadmap.csv: %s", r)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var result struct {
		Roadmap []struct {
			Position   int
			Capability string
			Title      string
		}
	}
	h.MustJSON("GET", base+"/result", tok, nil, 200, &result)
	if strings.Join(rows[0], ",") != "position,phase,capability,title,stage,score,target,requires,reason" || len(rows) != len(result.Roadmap)+1 {
		t.Fatalf("roadmap.csv has %d rows (header %q) for %d roadmap items", len(rows), rows[0], len(result.Roadmap))
	}
	if len(result.Roadmap) == 0 {
		t.Fatal("the test answers made no roadmap")
	}
	if rows[1][0] != "1" || rows[1][2] != result.Roadmap[0].Capability || rows[1][3] != result.Roadmap[0].Title {
		t.Errorf("first row %q does not match the first roadmap item %+v", rows[1], result.Roadmap[0])
	}

	for _, p := range []string{"/report.pdf", "/roadmap.csv"} {
		if r := h.Do("GET", base+p, other, nil); r.Status != 404 {
			t.Errorf("%s from another workspace: %s", p, r)
		}
		if r := h.Do("GET", base+p, "", nil); r.Status != 401 {
			t.Errorf("%s without a token: %s", p, r)
		}
	}
}

func TestReportDownloadsWithSession(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Browser")
	_, id, _ := h.Setup(tok, "workshop", 0)
	_, otherTok := h.SignIn("Stranger")
	_, otherID, _ := h.Setup(otherTok, "workshop", 0)

	r := v.Get("/assessments/" + id + "/report.pdf")
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
		t.Fatalf("report.pdf with a session: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	r = v.Get("/assessments/" + id + "/roadmap.csv")
	if r.Status != 200 || !strings.HasPrefix(string(r.Body), "position,phase,capability,title,stage,score,target,requires,reason\r\n") {
		t.Fatalf("roadmap.csv with a session: %s", r)
	}
	webtest.WantPage(t, "another workspace's report", v.Get("/assessments/"+otherID+"/report.pdf"), 404)
	webtest.WantRedirect(t, "signed out", h.Visitor().Get("/assessments/"+id+"/report.pdf"), "/login")
}
