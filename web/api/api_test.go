package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

func TestAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Alpha")

		t.Run("questionnaires", func(t *testing.T) {
			var list []struct{ Slug, Version, Title, Description string }
			for _, path := range []string{"/api/v1/questionnaires", "/api/v1/questionnaires/dcos-readiness"} {
				for _, bad := range []string{"", "not-a-token"} {
					if r := h.Do("GET", path, bad, nil); r.Status != 401 {
						t.Errorf("GET %s with token %q: %s, want 401", path, bad, r)
					}
				}
			}
			h.MustJSON("GET", "/api/v1/questionnaires", tok, nil, 200, &list)
			if len(list) == 0 || list[0].Slug != "dcos-readiness" || list[0].Version != h.Model.Version {
				t.Fatalf("list = %+v", list)
			}
			var q struct {
				Slug   string
				Stages []struct {
					ID, Title string
					Order     int
				}
				Capabilities []struct {
					ID        string
					Questions []struct {
						ID, Type string
						Options  []struct {
							ID    string
							Score *float64
						}
						Min, Max *float64
					}
				}
			}
			h.MustJSON("GET", "/api/v1/questionnaires/dcos-readiness", tok, nil, 200, &q)
			if len(q.Stages) < 4 || q.Stages[0].Order != 1 || len(q.Capabilities) < 12 {
				t.Fatalf("questionnaire = %+v", q)
			}
			if r := h.Do("GET", "/api/v1/questionnaires/nope", tok, nil); r.Status != 404 {
				t.Fatalf("unknown slug: %s", r)
			}
		})

		t.Run("validation", func(t *testing.T) {
			for _, tt := range []struct {
				name, method, path, body string
				status                   int
				field                    string
			}{
				{"empty org name", "POST", "/api/v1/organisations", `{"name":""}`, 422, "name"},
				{"long org name", "POST", "/api/v1/organisations", `{"name":"` + strings.Repeat("x", 201) + `"}`, 422, "name"},
				{"org name wrong type", "POST", "/api/v1/organisations", `{"name":42}`, 400, "name"},
				{"malformed", "POST", "/api/v1/organisations", `{"name":`, 400, ""},
				{"not an object", "POST", "/api/v1/organisations", `[1,2]`, 400, ""},
				{"empty body", "POST", "/api/v1/organisations", ``, 400, ""},
				{"bad mode", "POST", "/api/v1/assessments", `{"organisation_id":"x","questionnaire":"dcos-readiness","mode":"solo"}`, 422, "mode"},
				{"bad questionnaire", "POST", "/api/v1/assessments", `{"organisation_id":"x","questionnaire":"nope","mode":"workshop"}`, 422, "questionnaire"},
				{"missing organisation", "POST", "/api/v1/assessments", `{"questionnaire":"dcos-readiness","mode":"workshop"}`, 422, "organisation_id"},
				{"unknown organisation", "POST", "/api/v1/assessments", `{"organisation_id":"nope","questionnaire":"dcos-readiness","mode":"workshop"}`, 404, "organisation_id"},
			} {
				r := h.Do(tt.method, tt.path, tok, tt.body)
				if _, field := r.ErrorField(); r.Status != tt.status || field != tt.field {
					t.Errorf("%s: got %s (field %q), want %d field %q", tt.name, r, field, tt.status, tt.field)
				}
			}
			var orgs []any
			h.MustJSON("GET", "/api/v1/organisations", tok, nil, 200, &orgs)
			if len(orgs) != 0 {
				t.Errorf("rejected requests created %d organisations", len(orgs))
			}
		})

		t.Run("too large", func(t *testing.T) {
			big := `{"name":"` + strings.Repeat("x", 1<<20) + `"}`
			if r := h.Do("POST", "/api/v1/organisations", tok, big); r.Status != 413 {
				t.Fatalf("got %d", r.Status)
			}
		})

		t.Run("respond", func(t *testing.T) {
			// 1.1.0 still asks a scale question; 1.2.0 made its only one a choice.
			m, orgID, aID, rs := h.SetupOn(tok, "1.1.0", "self-service", 2)
			var a struct {
				ID, OrganisationID, Questionnaire, Mode, Status string
				QuestionnaireVersion                            string `json:"questionnaire_version"`
				Respondents                                     int
			}
			h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
			if a.Respondents != 2 || a.Status != "open" || a.Mode != "self-service" {
				t.Fatalf("assessment = %+v", a)
			}
			_ = orgID
			if !strings.HasPrefix(rs[0].URL, h.Server.URL+"/r/") || len(rs[0].Token) < 22 {
				t.Fatalf("respondent link %q", rs[0].URL)
			}
			base := "/api/v1/responses/" + rs[0].Token
			single := webtest.FirstOfType(m, assessment.Single)
			scale := webtest.FirstOfType(m, assessment.Scale)
			multi := webtest.FirstOfType(m, assessment.Multi)
			text := webtest.FirstOfType(m, assessment.Text)
			for _, tt := range []struct {
				name     string
				question string
				body     string
				status   int
				field    string
			}{
				{"single", single.ID, `{"option":"` + single.Options[0].ID + `","comment":"why"}`, 200, ""},
				{"single again", single.ID, `{"option":"` + single.Options[0].ID + `","comment":"why"}`, 200, ""},
				{"unknown option", single.ID, `{"option":"nope"}`, 422, "option"},
				{"wrong kind", single.ID, `{"value":3}`, 422, "option"},
				{"option wrong type", single.ID, `{"option":3}`, 400, "option"},
				{"scale", scale.ID, fmt.Sprintf(`{"value":%g}`, *scale.Max), 200, ""},
				{"scale out of range", scale.ID, fmt.Sprintf(`{"value":%g}`, *scale.Max+1), 422, "value"},
				{"multi", multi.ID, `{"options":["` + multi.Options[0].ID + `"]}`, 200, ""},
				{"multi unknown", multi.ID, `{"options":["nope"]}`, 422, "options"},
				{"text", text.ID, `{"text":"=cmd|' /C calc'!A0"}`, 200, ""},
				{"unknown question", "no-such-question", `{"option":"x"}`, 404, "question"},
				{"malformed", single.ID, `{"option":`, 400, ""},
			} {
				r := h.Do("PUT", base+"/answers/"+tt.question, "", tt.body)
				if _, field := r.ErrorField(); r.Status != tt.status || field != tt.field {
					t.Errorf("%s: got %s (field %q), want %d field %q", tt.name, r, field, tt.status, tt.field)
				}
			}
			var resp struct {
				Answers   map[string]json.RawMessage
				Progress  struct{ Answered, Total int }
				Submitted bool
			}
			h.MustJSON("GET", base, "", nil, 200, &resp)
			if len(resp.Answers) != 4 || resp.Progress.Answered != 4 || resp.Progress.Total != m.QuestionCount() || resp.Submitted {
				t.Fatalf("response = %+v", resp)
			}
			var stored struct{ Option, Comment string }
			_ = json.Unmarshal(resp.Answers[single.ID], &stored)
			if stored.Option != single.Options[0].ID || stored.Comment != "why" {
				t.Fatalf("stored single answer %s", resp.Answers[single.ID])
			}

			h.MustJSON("POST", base+"/submit", "", nil, 200, nil)
			if r := h.Do("PUT", base+"/answers/"+single.ID, "", `{"option":"`+single.Options[1].ID+`"}`); r.Status != 409 {
				t.Fatalf("answer after submit: %s", r)
			}
			if r := h.Do("POST", base+"/submit", "", nil); r.Status != 409 {
				t.Fatalf("second submit: %s", r)
			}
			if r := h.Do("GET", "/api/v1/responses/not-a-token", "", nil); r.Status != 404 {
				t.Fatalf("unknown token: %s", r)
			}

			var result struct {
				Basis                string
				Perspective          *string
				QuestionnaireVersion string `json:"questionnaire_version"`
				Overall              struct {
					Score           *float64
					Level           int
					Answered, Total int
				}
				Stages []struct {
					ID        string
					BlockedBy []string `json:"blocked_by"`
				}
				Capabilities []struct {
					ID           string
					Divergence   []string
					CriticalGaps []string `json:"critical_gaps"`
					Agreed       *int
				}
				Roadmap []struct {
					Position int
					Phase    string
					Requires []string
					Reason   string
				}
			}
			h.MustJSON("GET", "/api/v1/assessments/"+aID+"/result", tok, nil, 200, &result)
			if result.Overall.Answered != 3 || result.Overall.Score == nil || len(result.Stages) < 4 || result.Stages[0].BlockedBy == nil {
				t.Fatalf("result = %+v", result)
			}
			// Agreed answers are the default basis; the version is the one the
			// assessment was started with.
			if result.Basis != "agreed" || result.Perspective != nil || a.QuestionnaireVersion == "" || result.QuestionnaireVersion != a.QuestionnaireVersion {
				t.Errorf("result basis %q, perspective %v, version %q; want agreed, null, %s", result.Basis, result.Perspective, result.QuestionnaireVersion, a.QuestionnaireVersion)
			}
			for _, c := range result.Capabilities {
				if c.CriticalGaps == nil || c.Agreed == nil || *c.Agreed != 0 {
					t.Errorf("capability %s: critical_gaps %v, agreed %v", c.ID, c.CriticalGaps, c.Agreed)
				}
			}

			csv := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.csv", tok, nil, 200, nil)
			if ct := csv.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Errorf("csv content type %q", ct)
			}
			if lines := strings.Count(string(csv.Body), "\r\n"); lines != 5 {
				t.Errorf("csv has %d lines, want header + 4 answers:\n%s", lines, csv.Body)
			}
			if !strings.Contains(string(csv.Body), `'=cmd`) {
				t.Errorf("csv does not defuse a formula:\n%s", csv.Body)
			}
			var export struct {
				Assessment           struct{ ID string }
				QuestionnaireVersion string `json:"questionnaire_version"`
				Respondents          []any
				Answers              []any
				Result               struct{ Overall struct{ Answered int } }
			}
			h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", tok, nil, 200, &export)
			if export.Assessment.ID != aID || export.QuestionnaireVersion != m.Version || len(export.Respondents) != 2 || len(export.Answers) != 4 || export.Result.Overall.Answered != 3 {
				t.Fatalf("export = %+v", export)
			}

			// Re-issuing a link rotates the token.
			var again webtest.Created
			h.MustJSON("POST", "/api/v1/assessments/"+aID+"/respondents/"+rs[1].ID+"/token", tok, nil, 201, &again)
			if r := h.Do("GET", "/api/v1/responses/"+rs[1].Token, "", nil); r.Status != 404 {
				t.Errorf("old token still works: %s", r)
			}
			h.MustJSON("GET", "/api/v1/responses/"+again.Token, "", nil, 200, nil)

			// Closing stops answers and new respondents; results stay readable.
			h.MustJSON("POST", "/api/v1/assessments/"+aID+"/close", tok, nil, 200, nil)
			if r := h.Do("PUT", "/api/v1/responses/"+again.Token+"/answers/"+single.ID, "", `{"option":"`+single.Options[0].ID+`"}`); r.Status != 409 {
				t.Errorf("answer after close: %s", r)
			}
			if r := h.Do("POST", "/api/v1/assessments/"+aID+"/respondents", tok, `{"name":"late"}`); r.Status != 409 {
				t.Errorf("respondent after close: %s", r)
			}
			h.MustJSON("GET", "/api/v1/assessments/"+aID+"/result", tok, nil, 200, nil)
		})

		t.Run("workshop", func(t *testing.T) {
			_, aID, _ := h.Setup(tok, "workshop", 0)
			var a webtest.Created
			h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
			if a.JoinCode == "" || a.JoinURL != h.Server.URL+"/j/"+a.JoinCode {
				t.Fatalf("join code %q url %q", a.JoinCode, a.JoinURL)
			}
			var p webtest.Created
			h.MustJSON("POST", "/api/v1/join/"+strings.ToLower(a.JoinCode), "", `{"name":"Phone"}`, 201, &p)
			if !strings.HasPrefix(p.URL, h.Server.URL+"/r/") {
				t.Fatalf("join url %q", p.URL)
			}
			h.MustJSON("GET", "/api/v1/responses/"+p.Token, "", nil, 200, nil)
			if r := h.Do("POST", "/api/v1/join/NOPE2345", "", `{"name":"x"}`); r.Status != 404 {
				t.Errorf("unknown code: %s", r)
			}
			cap0 := h.Model.Capabilities[0].ID
			h.MustJSON("PUT", "/api/v1/assessments/"+aID+"/focus", tok, `{"capability":"`+cap0+`"}`, 200, nil)
			if r := h.Do("PUT", "/api/v1/assessments/"+aID+"/focus", tok, `{"capability":"nope"}`); r.Status != 422 {
				t.Errorf("unknown capability: %s", r)
			}
			for body, want := range map[string]int{`{"capability":3}`: 400, `{}`: 422} {
				r := h.Do("PUT", "/api/v1/assessments/"+aID+"/focus", tok, body)
				if _, field := r.ErrorField(); r.Status != want || field != "capability" {
					t.Errorf("focus %s: %s, want %d naming capability", body, r, want)
				}
			}
			h.MustJSON("PUT", "/api/v1/assessments/"+aID+"/focus", tok, `{"capability":null}`, 200, nil)
			h.MustJSON("POST", "/api/v1/assessments/"+aID+"/close", tok, nil, 200, nil)
			if r := h.Do("POST", "/api/v1/join/"+a.JoinCode, "", `{"name":"late"}`); r.Status != 409 {
				t.Errorf("join after close: %s", r)
			}
		})
	})
}

// TestConcurrentRespondents has 60 participants answer every question at once.
func TestConcurrentRespondents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Busy")
		_, aID, rs := h.Setup(tok, "workshop", 60)
		qs := webtest.Questions(h.Model)
		var wg sync.WaitGroup
		errs := make(chan string, len(rs)*len(qs))
		for i, r := range rs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j, q := range qs {
					res := h.Do("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, i+j))
					if res.Status != 200 {
						errs <- fmt.Sprintf("%s %s: %s", r.ID, q.ID, res)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		n := 0
		for e := range errs {
			if n < 5 {
				t.Error(e)
			}
			n++
		}
		if n > 0 {
			t.Fatalf("%d failed saves", n)
		}
		for _, r := range rs {
			var resp struct{ Answers map[string]any }
			h.MustJSON("GET", "/api/v1/responses/"+r.Token, "", nil, 200, &resp)
			if len(resp.Answers) != len(qs) {
				t.Errorf("respondent %s has %d answers, want %d", r.ID, len(resp.Answers), len(qs))
			}
		}
		var result struct{ Overall struct{ Answered, Total int } }
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/result", tok, nil, 200, &result)
		if result.Overall.Answered != result.Overall.Total {
			t.Errorf("result answered %d of %d", result.Overall.Answered, result.Overall.Total)
		}
	})
}
