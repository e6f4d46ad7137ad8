package web_test

import (
	"encoding/json"
	"net/url"
	"reflect"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
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
	h := newHarness(f, storetest.New(f))
	tok := h.consultant("Fuzz")
	_, _, rs := h.setup(tok, "self-service", 1)
	f.Fuzz(func(t *testing.T, qtype, body string) {
		h := h.with(t)
		q := firstOfType(h.model, assessment.QuestionType(qtype))
		if q == nil {
			q = firstOfType(h.model, assessment.Single)
		}
		r := h.do("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", body)
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
		h.mustJSON("GET", "/api/v1/responses/"+rs[0].Token, "", nil, 200, &resp)
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
	h := newHarness(f, storetest.New(f))
	tok := h.consultant("Fuzz")
	_, aID, _ := h.setup(tok, "workshop", 0)
	var a created
	h.mustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
	routes := []struct{ method, path, token string }{
		{"POST", "/api/v1/organisations", tok},
		{"POST", "/api/v1/assessments", tok},
		{"PUT", "/api/v1/assessments/" + aID + "/focus", tok},
		{"POST", "/api/v1/assessments/" + aID + "/respondents", tok},
		{"POST", "/api/v1/join/" + a.JoinCode, ""},
		{"POST", "/api/v1/auth/token", ""},
	}
	f.Fuzz(func(t *testing.T, route int, body string) {
		h := h.with(t)
		rt := routes[(route%len(routes)+len(routes))%len(routes)]
		r := h.do(rt.method, rt.path, rt.token, body)
		if r.Status >= 500 {
			t.Fatalf("%s %s %q: %s", rt.method, rt.path, body, r)
		}
	})
}

// FuzzPageForms posts whatever a browser could to the forms of a workshop:
// the join form, and the agreed-answer form with any question and answer.
// Every answer is a page below 500.
func FuzzPageForms(f *testing.F) {
	h := newHarness(f, storetest.New(f))
	v, tok := h.signIn("FuzzForms")
	multi := firstOfType(h.model, assessment.Multi)
	for _, s := range [][3]string{{"Ann", "SRE", "operations"}, {"", "", ""}, {"x", "y", "finance"}, {"\x00", "\xff", "\u202e"},
		{multi.ID, multi.Options[0].ID, "because"}, {multi.ID, "none", ""}, {"no-such", "1", ""}, {multi.ID, "", "\n"}} {
		for target := range 2 {
			f.Add(target, s[0], s[1], s[2])
		}
	}
	_, aID, _ := h.setup(tok, "workshop", 0)
	var a created
	h.mustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
	v.get("/assessments/" + aID)
	v.post("/assessments/"+aID+"/focus", url.Values{"capability": {capabilityOf(f, h.model, multi.ID)}})
	phone := h.visitor()
	phone.get("/j/" + a.JoinCode)
	f.Fuzz(func(t *testing.T, target int, x, y, z string) {
		h := h.with(t)
		var r response
		if target%2 == 0 {
			r = (&visitor{h: h, client: phone.client, csrf: phone.csrf}).post("/j/"+a.JoinCode+"?new=1", url.Values{"name": {x}, "role": {y}, "perspective": {z}})
		} else {
			r = (&visitor{h: h, client: v.client, csrf: v.csrf}).post("/assessments/"+aID+"/agreed", url.Values{"question": {x}, "a-" + x: {y, z}, "rationale": {z}})
		}
		if r.Status >= 500 {
			t.Fatalf("form %d (%q, %q, %q): %s", target, x, y, z, r)
		}
	})
}
