package api_test

import (
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestManageAPI renames and deletes organisations, assessments and
// respondents, and lists respondents with their progress.
func TestManageAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Manage")
		orgID, aID, rs := h.Setup(tok, "self-service", 3)

		t.Run("validation", func(t *testing.T) {
			for _, tt := range []struct {
				name, method, path, body string
				status                   int
				field                    string
			}{
				{"empty name", "PATCH", "/api/v1/organisations/" + orgID, `{"name":"  "}`, 422, "name"},
				{"long name", "PATCH", "/api/v1/organisations/" + orgID, `{"name":"` + strings.Repeat("x", 201) + `"}`, 422, "name"},
				{"long industry", "PATCH", "/api/v1/organisations/" + orgID, `{"industry":"` + strings.Repeat("x", 201) + `"}`, 422, "industry"},
				{"name of the wrong type", "PATCH", "/api/v1/organisations/" + orgID, `{"name":5}`, 400, "name"},
				{"malformed", "PATCH", "/api/v1/organisations/" + orgID, `{"name":`, 400, ""},
				{"empty title", "PATCH", "/api/v1/assessments/" + aID, `{"title":""}`, 422, "title"},
				{"long title", "PATCH", "/api/v1/assessments/" + aID, `{"title":"` + strings.Repeat("x", 201) + `"}`, 422, "title"},
				{"unknown organisation", "PATCH", "/api/v1/organisations/nope", `{"name":"x"}`, 404, ""},
				{"unknown assessment", "DELETE", "/api/v1/assessments/nope", ``, 404, ""},
				{"unknown respondent", "DELETE", "/api/v1/assessments/" + aID + "/respondents/nope", ``, 404, ""},
			} {
				r := h.Do(tt.method, tt.path, tok, tt.body)
				if code, field := r.ErrorField(); r.Status != tt.status || field != tt.field || code == "" {
					t.Errorf("%s: %s, want %d naming %q", tt.name, r, tt.status, tt.field)
				}
			}
			var o struct{ Name, Industry string }
			h.MustJSON("GET", "/api/v1/organisations/"+orgID, tok, nil, 200, &o)
			if o.Name != "Acme" || o.Industry != "Retail" {
				t.Errorf("a refused PATCH changed the organisation: %+v", o)
			}
		})

		t.Run("rename", func(t *testing.T) {
			var o struct{ ID, Name, Industry string }
			h.MustJSON("PATCH", "/api/v1/organisations/"+orgID, tok, map[string]string{"name": " Acme Ltd "}, 200, &o)
			if o.ID != orgID || o.Name != "Acme Ltd" || o.Industry != "Retail" {
				t.Errorf("PATCH name = %+v", o)
			}
			h.MustJSON("PATCH", "/api/v1/organisations/"+orgID, tok, map[string]string{"industry": ""}, 200, &o)
			if o.Name != "Acme Ltd" || o.Industry != "" {
				t.Errorf("PATCH industry = %+v", o)
			}
			var a struct{ ID, Title, Status string }
			h.MustJSON("PATCH", "/api/v1/assessments/"+aID, tok, map[string]string{"title": "Spring review"}, 200, &a)
			if a.ID != aID || a.Title != "Spring review" || a.Status != "open" {
				t.Errorf("PATCH title = %+v", a)
			}
			h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
			if a.Title != "Spring review" {
				t.Errorf("title after PATCH = %q", a.Title)
			}
		})

		t.Run("respondents with progress", func(t *testing.T) {
			q := h.Model.Capabilities[0].Questions[0]
			h.MustJSON("PUT", "/api/v1/responses/"+rs[1].Token+"/answers/"+q.ID, "", webtest.AnswerFor(&q, 0), 200, nil)
			h.MustJSON("PUT", "/api/v1/responses/"+rs[2].Token+"/answers/"+q.ID, "", webtest.AnswerFor(&q, 1), 200, nil)
			h.MustJSON("POST", "/api/v1/responses/"+rs[2].Token+"/submit", "", nil, 200, nil)
			var list []struct {
				ID, Name, Status string
				Progress         struct{ Answered, Total int }
			}
			r := h.MustJSON("GET", "/api/v1/assessments/"+aID+"/respondents", tok, nil, 200, &list)
			if strings.Contains(string(r.Body), "token") {
				t.Errorf("the list shows tokens: %s", r.Body)
			}
			total := h.Model.QuestionCount()
			want := []struct {
				status   string
				answered int
			}{{"invited", 0}, {"answering", 1}, {"submitted", 1}}
			if len(list) != 3 {
				t.Fatalf("list = %+v", list)
			}
			for i, w := range want {
				if list[i].ID != rs[i].ID || list[i].Status != w.status || list[i].Progress.Answered != w.answered || list[i].Progress.Total != total {
					t.Errorf("respondent %d = %+v, want %s %d/%d", i, list[i], w.status, w.answered, total)
				}
			}
		})

		t.Run("erase a respondent", func(t *testing.T) {
			h.MustJSON("DELETE", "/api/v1/assessments/"+aID+"/respondents/"+rs[1].ID, tok, nil, 204, nil)
			if r := h.Do("GET", "/api/v1/responses/"+rs[1].Token, "", nil); r.Status != 404 {
				t.Errorf("erased respondent's link: %s", r)
			}
			var x struct {
				Respondents []struct{ ID string }
				Answers     []struct {
					RespondentID string `json:"respondent_id"`
				}
			}
			h.MustJSON("GET", "/api/v1/assessments/"+aID+"/export.json", tok, nil, 200, &x)
			for _, r := range x.Respondents {
				if r.ID == rs[1].ID {
					t.Error("the export still lists the erased respondent")
				}
			}
			for _, a := range x.Answers {
				if a.RespondentID == rs[1].ID {
					t.Error("the export still holds an answer of the erased respondent")
				}
			}
			var a struct{ Respondents, Submitted int }
			h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
			if a.Respondents != 2 || a.Submitted != 1 {
				t.Errorf("counts after erasing = %+v", a)
			}
		})

		t.Run("delete an assessment", func(t *testing.T) {
			_, other, ors := h.Setup(tok, "workshop", 1)
			h.MustJSON("DELETE", "/api/v1/assessments/"+aID, tok, nil, 204, nil)
			if r := h.Do("GET", "/api/v1/assessments/"+aID, tok, nil); r.Status != 404 {
				t.Errorf("deleted assessment: %s", r)
			}
			if r := h.Do("GET", "/api/v1/responses/"+rs[0].Token, "", nil); r.Status != 404 {
				t.Errorf("a respondent of the deleted assessment: %s", r)
			}
			if r := h.Do("DELETE", "/api/v1/assessments/"+aID, tok, nil); r.Status != 404 {
				t.Errorf("deleting twice: %s", r)
			}
			h.MustJSON("GET", "/api/v1/assessments/"+other, tok, nil, 200, nil)
			h.MustJSON("GET", "/api/v1/responses/"+ors[0].Token, "", nil, 200, nil)
		})

		t.Run("delete an organisation", func(t *testing.T) {
			org, a2, r2 := h.Setup(tok, "self-service", 1)
			h.MustJSON("DELETE", "/api/v1/organisations/"+org, tok, nil, 204, nil)
			for _, path := range []string{"/api/v1/organisations/" + org, "/api/v1/assessments/" + a2} {
				if r := h.Do("GET", path, tok, nil); r.Status != 404 {
					t.Errorf("GET %s after deleting its organisation: %s", path, r)
				}
			}
			if r := h.Do("GET", "/api/v1/responses/"+r2[0].Token, "", nil); r.Status != 404 {
				t.Errorf("a respondent of a deleted organisation: %s", r)
			}
			h.MustJSON("GET", "/api/v1/organisations/"+orgID, tok, nil, 200, nil)
		})
	})
}
