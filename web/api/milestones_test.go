package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web/webtest"
)

// TestPerspectivesAPI invites respondents by perspective, checks what they
// are asked, and scores and counts the answers of one perspective.
func TestPerspectivesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Views")
		other := h.Consultant("Elsewhere")
		_, aID, _ := h.Setup(tok, "self-service", 0)

		r := h.Do("POST", "/api/v1/assessments/"+aID+"/respondents", tok, map[string]string{"name": "X", "perspective": "finance"})
		if _, field := r.ErrorField(); r.Status != 422 || field != "perspective" {
			t.Fatalf("unknown perspective: %s, want 422 naming perspective", r)
		}

		// Three data people and one developer answer every question with
		// options the same way; the developer also answers differently.
		var data []webtest.Created
		for _, name := range []string{"D1", "D2", "D3"} {
			var c struct {
				webtest.Created
				Perspective *string
			}
			h.MustJSON("POST", "/api/v1/assessments/"+aID+"/respondents", tok, map[string]string{"name": name, "perspective": "data"}, 201, &c)
			if c.Perspective == nil || *c.Perspective != "data" {
				t.Fatalf("created respondent perspective %v, want data", c.Perspective)
			}
			data = append(data, c.Created)
		}
		var dev webtest.Created
		h.MustJSON("POST", "/api/v1/assessments/"+aID+"/respondents", tok, map[string]string{"name": "Dev", "perspective": "development"}, 201, &dev)

		asked := h.Model.AskedCount("data")
		if asked >= h.Model.QuestionCount() {
			t.Fatalf("the data perspective is asked all %d questions; the test needs a model that tags questions", asked)
		}
		var resp struct {
			Respondent struct{ Perspective *string }
			Progress   struct{ Answered, Total int }
		}
		h.MustJSON("GET", "/api/v1/responses/"+data[0].Token, "", nil, 200, &resp)
		if resp.Progress.Total != asked || resp.Respondent.Perspective == nil || *resp.Respondent.Perspective != "data" {
			t.Fatalf("progress total %d (want %d), perspective %v", resp.Progress.Total, asked, resp.Respondent.Perspective)
		}

		// Two data respondents are too few for a result of their own.
		first := webtest.FirstScoredSingle(h.Model)
		for _, rs := range data[:2] {
			h.MustJSON("PUT", "/api/v1/responses/"+rs.Token+"/answers/"+first.ID, "", webtest.AnswerFor(first, 0), 200, nil)
		}
		r = h.Do("GET", "/api/v1/assessments/"+aID+"/result?perspective=data", tok, nil)
		if _, field := r.ErrorField(); r.Status != 422 || field != "perspective" {
			t.Fatalf("two respondents: %s, want 422 naming perspective", r)
		}
		var dist []distEntry
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/distribution?perspective=data", tok, nil, 200, &dist)
		if d := find(dist, first.ID); d == nil || !d.Withheld || len(d.Counts) != 0 || d.Respondents != 2 {
			t.Fatalf("distribution of 2: %+v, want withheld", d)
		}

		h.MustJSON("PUT", "/api/v1/responses/"+data[2].Token+"/answers/"+first.ID, "", webtest.AnswerFor(first, 0), 200, nil)
		h.MustJSON("PUT", "/api/v1/responses/"+dev.Token+"/answers/"+first.ID, "", webtest.AnswerFor(first, 1), 200, nil)
		var res struct {
			Perspective *string
			Basis       string
			Overall     struct{ Score *float64 }
		}
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/result?perspective=data", tok, nil, 200, &res)
		if res.Perspective == nil || *res.Perspective != "data" || res.Basis != "individual" || res.Overall.Score == nil {
			t.Fatalf("result of data: %+v", res)
		}
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/distribution?perspective=data", tok, nil, 200, &dist)
		if d := find(dist, first.ID); d == nil || d.Withheld || d.Respondents != 3 || d.Counts[first.Options[0].ID] != 3 {
			t.Fatalf("distribution of data: %+v, want 3 on %s", d, first.Options[0].ID)
		}
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/distribution", tok, nil, 200, &dist)
		if d := find(dist, first.ID); d == nil || d.Respondents != 4 {
			t.Fatalf("distribution of everyone: %+v, want 4 respondents", d)
		}
		r = h.Do("GET", "/api/v1/assessments/"+aID+"/distribution?perspective=finance", tok, nil)
		if _, field := r.ErrorField(); r.Status != 422 || field != "perspective" {
			t.Fatalf("unknown perspective: %s", r)
		}
		if r := h.Do("GET", "/api/v1/assessments/"+aID+"/distribution", other, nil); r.Status != 404 {
			t.Fatalf("another workspace's distribution: %s, want 404", r)
		}

		var list []struct {
			Name        string
			Perspective *string
			Progress    struct{ Answered, Total int }
		}
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/respondents", tok, nil, 200, &list)
		for _, l := range list {
			if l.Perspective != nil && *l.Perspective == "data" && (l.Progress.Total != asked || l.Progress.Answered != 1) {
				t.Errorf("%s: progress %+v, want 1 of %d", l.Name, l.Progress, asked)
			}
		}
	})
}

// TestMilestonesAPI lists an organisation's assessments and compares one on
// questionnaire 1.0.0 with a later one on the newest version.
func TestMilestonesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok := h.Consultant("Path")
		other := h.Consultant("Nosy")
		ctx := context.Background()
		u, err := h.Service.Authenticate(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		orgID, _, _ := h.Setup(tok, "self-service", 0)

		// The earlier assessment was started on 1.0.0, a month ago.
		cat, err := questionnaires.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		old, ok := cat.Version("dcos-readiness", "1.0.0")
		if !ok {
			t.Fatal("no built-in dcos-readiness 1.0.0")
		}
		before, err := st.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: u.WorkspaceID, OrganisationID: orgID,
			Questionnaire: old.Slug, QuestionnaireVersion: old.Version, Mode: assessment.SelfService, Title: "Before",
			CreatedAt: time.Now().Add(-30 * 24 * time.Hour)}, old)
		if err != nil {
			t.Fatal(err)
		}
		var after webtest.Created
		h.MustJSON("POST", "/api/v1/assessments", tok, map[string]string{"organisation_id": orgID, "questionnaire": "dcos-readiness",
			"mode": "self-service", "title": "After"}, 201, &after)

		var list []struct{ ID, Title string }
		h.MustJSON("GET", "/api/v1/organisations/"+orgID+"/assessments", tok, nil, 200, &list)
		if len(list) != 3 || list[0].ID != before.ID || list[2].ID != after.ID {
			t.Fatalf("assessments %+v: want Before first and After last", list)
		}
		if r := h.Do("GET", "/api/v1/organisations/"+orgID+"/assessments", other, nil); r.Status != 404 {
			t.Fatalf("another workspace's organisation: %s, want 404", r)
		}

		var cmp struct {
			From, To struct {
				ID                   string
				QuestionnaireVersion string `json:"questionnaire_version"`
			}
			Level        struct{ From, To int }
			Capabilities []struct {
				ID            string
				From, To      *float64
				SameQuestions bool `json:"same_questions"`
			}
			Roadmap struct{ Closed, Opened, Open, Dropped []string }
		}
		h.MustJSON("GET", "/api/v1/assessments/"+after.ID+"/compare/"+before.ID, tok, nil, 200, &cmp)
		if cmp.From.ID != before.ID || cmp.To.ID != after.ID || cmp.From.QuestionnaireVersion != "1.0.0" || cmp.To.QuestionnaireVersion != h.Model.Version {
			t.Fatalf("sides %+v → %+v", cmp.From, cmp.To)
		}
		if cmp.Roadmap.Closed == nil || cmp.Roadmap.Opened == nil || cmp.Roadmap.Open == nil || cmp.Roadmap.Dropped == nil {
			t.Errorf("roadmap lists must be lists, not null: %+v", cmp.Roadmap)
		}
		// A capability the newer model added has no score on the older side
		// and is not like for like.
		oldCaps := map[string]bool{}
		for _, c := range old.Capabilities {
			oldCaps[c.ID] = true
		}
		added := 0
		for _, c := range cmp.Capabilities {
			if !oldCaps[c.ID] {
				added++
				if c.From != nil || c.SameQuestions {
					t.Errorf("added capability %s: from %v, same questions %v", c.ID, c.From, c.SameQuestions)
				}
			}
		}
		if added == 0 {
			t.Errorf("the newest model adds no capability to 1.0.0; the test expects some")
		}

		// Errors: another workspace's assessment is 404; another organisation's is 422 naming other.
		if r := h.Do("GET", "/api/v1/assessments/"+after.ID+"/compare/"+before.ID, other, nil); r.Status != 404 {
			t.Errorf("another workspace: %s, want 404", r)
		}
		_, otherA, _ := h.Setup(other, "self-service", 0)
		if r := h.Do("GET", "/api/v1/assessments/"+after.ID+"/compare/"+otherA, tok, nil); r.Status != 404 {
			t.Errorf("other of another workspace: %s, want 404", r)
		}
		_, sameWS, _ := h.Setup(tok, "self-service", 0) // a new organisation "Acme" in the same workspace
		if r := h.Do("GET", "/api/v1/assessments/"+after.ID+"/compare/"+sameWS, tok, nil); r.Status != 422 {
			t.Errorf("another organisation: %s, want 422", r)
		} else if _, field := r.ErrorField(); field != "other" {
			t.Errorf("another organisation: %s, want the field other", r)
		}
	})
}

type distEntry struct {
	Question    string
	Respondents int
	Withheld    bool
	Counts      map[string]int
}

func find(ds []distEntry, id string) *distEntry {
	for i := range ds {
		if ds[i].Question == id {
			return &ds[i]
		}
	}
	return nil
}
