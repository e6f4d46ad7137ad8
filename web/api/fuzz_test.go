package api_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// FuzzPutAnswer sends arbitrary bodies to every kind of question: nothing
// may answer 5xx, and a 200 must have stored a valid answer.
func FuzzPutAnswer(f *testing.F) {
	for _, s := range []string{`{"option":"yes"}`, `{"options":["a","b"]}`, `{"value":5}`, `{"text":"hi","comment":"c"}`,
		`{"value":1e400}`, `{"options":null}`, `{"option":null}`, `[]`, `null`, `{"value":"5"}`, "\x00", `{"options":[1]}`} {
		for _, qt := range []assessment.QuestionType{assessment.Single, assessment.Multi, assessment.Scale, assessment.Text, assessment.Boolean} {
			f.Add(string(qt), s)
		}
	}
	h := webtest.New(f, storetest.New(f))
	tok := h.Consultant("Fuzz")
	_, _, rs := h.Setup(tok, "self-service", 1)
	f.Fuzz(func(t *testing.T, qtype, body string) {
		h := h.With(t)
		q := webtest.FirstOfType(h.Model, assessment.QuestionType(qtype))
		if q == nil {
			q = webtest.FirstOfType(h.Model, assessment.Single)
		}
		r := h.Do("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", body)
		if r.Status >= 500 || (r.Status != 200 && r.Status != 400 && r.Status != 422 && r.Status != 413) {
			t.Fatalf("PUT %q to a %s question: %s", body, q.Type, r)
		}
		if r.Status != 200 {
			return
		}
		// A 200 stored exactly the answer it returned, and a valid one.
		var put storedAnswer
		if err := json.Unmarshal(r.Body, &put); err != nil {
			t.Fatalf("PUT %q: answer %s: %v", body, r.Body, err)
		}
		var resp struct{ Answers map[string]storedAnswer }
		h.MustJSON("GET", "/api/v1/responses/"+rs[0].Token, "", nil, 200, &resp)
		got, ok := resp.Answers[q.ID]
		if !ok || !reflect.DeepEqual(got, put) {
			t.Fatalf("PUT %q answered %+v, but %+v (stored: %v) is stored", body, put, got, ok)
		}
		a := assessment.Answer{QuestionID: q.ID, Options: got.Options, Value: got.Value, Comment: got.Comment}
		if got.Option != nil {
			a.Option = *got.Option
		}
		if got.Text != nil {
			a.Text = *got.Text
		}
		if err := a.Check(q); err != nil {
			t.Fatalf("PUT %q stored an invalid answer %+v: %v", body, got, err)
		}
	})
}

// storedAnswer is an answer as the API shows it.
type storedAnswer struct {
	Question  string   `json:"question"`
	Option    *string  `json:"option"`
	Options   []string `json:"options"`
	Value     *float64 `json:"value"`
	Text      *string  `json:"text"`
	Comment   string   `json:"comment"`
	UpdatedAt string   `json:"updated_at"`
}

// FuzzJSONHandlers sends arbitrary bodies to every consultant and join
// handler that reads JSON: nothing may answer 5xx.
func FuzzJSONHandlers(f *testing.F) {
	for _, s := range []string{`{"name":"x"}`, `{"name":""}`, `{"organisation_id":"x","questionnaire":"dcos-readiness","mode":"workshop"}`,
		`{"capability":null}`, `{"capability":3}`, `{"email":"a@b.c","password":"p"}`, `{`, `"`, `{"name":"\u0000"}`, `{"name":"\xff"}`} {
		for i := range 6 {
			f.Add(i, s)
		}
	}
	h := webtest.New(f, storetest.New(f))
	tok := h.Consultant("Fuzz")
	_, aID, _ := h.Setup(tok, "workshop", 0)
	var a webtest.Created
	h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
	routes := []struct{ method, path, token string }{
		{"POST", "/api/v1/organisations", tok},
		{"POST", "/api/v1/assessments", tok},
		{"PUT", "/api/v1/assessments/" + aID + "/focus", tok},
		{"POST", "/api/v1/assessments/" + aID + "/respondents", tok},
		{"POST", "/api/v1/join/" + a.JoinCode, ""},
		{"POST", "/api/v1/auth/token", ""},
	}
	f.Fuzz(func(t *testing.T, route int, body string) {
		h := h.With(t)
		rt := routes[(route%len(routes)+len(routes))%len(routes)]
		r := h.Do(rt.method, rt.path, rt.token, body)
		if r.Status >= 500 {
			t.Fatalf("%s %s %q: %s", rt.method, rt.path, body, r)
		}
	})
}
