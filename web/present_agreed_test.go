package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// questionOfType is the first question of type typ in m, with its capability.
func questionOfType(t *testing.T, m *assessment.Model, typ assessment.QuestionType) (*assessment.Capability, *assessment.Question) {
	t.Helper()
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			if q := &m.Capabilities[ci].Questions[qi]; q.Type == typ {
				return &m.Capabilities[ci], q
			}
		}
	}
	t.Fatalf("no %s question in the questionnaire", typ)
	return nil, nil
}

func TestAgreedControl(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	v, token := h.signIn("Owner")
	_, aID, _ := h.setup(token, "workshop", 0)
	cp, q := questionOfType(t, h.model, assessment.Single)
	page := "/assessments/" + aID
	field := "a-" + q.ID
	v.get(page)
	wantRedirect(t, "focus", v.post(page+"/focus", url.Values{"capability": {cp.ID}}), page)
	wantPage(t, "control", v.get(page), 200, "Agreed answers: "+template(cp.Title), `name="question" value="`+q.ID+`"`, `name="`+field+`"`)
	wantPage(t, "no CSRF", v.post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[0].ID}, "_csrf": {""}}), 403)
	long := strings.Repeat("x", 2001)
	r := v.post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[1].ID}, "rationale": {long}})
	wantPage(t, "too long", r, 422, long, `value="`+q.Options[1].ID+`" selected`)
	wantPage(t, "no answer", v.post(page+"/agreed", url.Values{"question": {q.ID}, "rationale": {"Why"}}), 422, "Give the answer the group agreed on.", ">Why</textarea>")
	wantPage(t, "unknown question", v.post(page+"/agreed", url.Values{"question": {"no-such-question"}, "a-no-such-question": {"x"}}), 404)
	wantRedirect(t, "record", v.post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[1].ID}, "rationale": {"We checked the runbook"}}), page)
	var list []struct{ Question, Rationale string }
	h.mustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
	if len(list) != 1 || list[0].Question != q.ID || list[0].Rationale != "We checked the runbook" {
		t.Fatalf("agreed after the form: %+v", list)
	}
	wantPage(t, "listed", v.get(page), 200, "We checked the runbook", "Delete the agreed answer")
	intruder, _ := h.signIn("Intruder")
	intruder.get("/")
	wantPage(t, "intruder", intruder.post(page+"/agreed/"+q.ID+"/delete", nil), 404)
	wantPage(t, "intruder records", intruder.post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[0].ID}}), 404)
	wantRedirect(t, "delete", v.post(page+"/agreed/"+q.ID+"/delete", nil), page)
	h.mustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
	if len(list) != 0 {
		t.Fatalf("agreed after delete: %+v", list)
	}
}

// TestAgreedControlEveryType records an agreed answer of each question type
// through the page's form, and sees a wrong one shown again as typed.
func TestAgreedControlEveryType(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	v, token := h.signIn("Types")
	_, aID, _ := h.setup(token, "workshop", 0)
	page := "/assessments/" + aID
	v.get(page)
	_, multi := questionOfType(t, h.model, assessment.Multi)
	_, scale := questionOfType(t, h.model, assessment.Scale)
	_, text := questionOfType(t, h.model, assessment.Text)
	for name, tt := range map[string]struct {
		q       *assessment.Question
		values  []string
		wantAPI string // in the API's answer
		bad     []string
		badMsg  string
	}{
		"multi": {multi, []string{multi.Options[0].ID, multi.Options[1].ID}, `"options":["` + multi.Options[0].ID + `","` + multi.Options[1].ID + `"]`, []string{"no-such-option"}, "is not an option"},
		"scale": {scale, []string{"3,5"}, `"value":3.5`, []string{"lots"}, "Enter a number from"},
		"text":  {text, []string{"We deploy on Tuesdays"}, `"text":"We deploy on Tuesdays"`, []string{"  "}, "Give the answer the group agreed on."},
	} {
		t.Run(name, func(t *testing.T) {
			wantRedirect(t, "focus", v.post(page+"/focus", url.Values{"capability": {capabilityOf(t, h.model, tt.q.ID)}}), page)
			field := "a-" + tt.q.ID
			wantPage(t, "control", v.get(page), 200, `name="`+field+`"`)
			r := v.post(page+"/agreed", url.Values{"question": {tt.q.ID}, field: tt.bad, "rationale": {"kept rationale"}})
			wantPage(t, "wrong answer", r, 422, tt.badMsg, ">kept rationale</textarea>")
			wantRedirect(t, "record", v.post(page+"/agreed", url.Values{"question": {tt.q.ID}, field: tt.values, "rationale": {"agreed"}}), page)
			var list []struct {
				Question string
				Answer   json.RawMessage
			}
			h.mustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
			found := false
			for _, g := range list {
				if g.Question == tt.q.ID {
					found = true
					if !strings.Contains(string(g.Answer), tt.wantAPI) {
						t.Errorf("agreed answer %s, want %s in it", g.Answer, tt.wantAPI)
					}
				}
			}
			if !found {
				t.Errorf("no agreed answer for %s in %+v", tt.q.ID, list)
			}
		})
	}
}

func capabilityOf(t testing.TB, m *assessment.Model, question string) string {
	t.Helper()
	for _, cp := range m.Capabilities {
		for _, q := range cp.Questions {
			if q.ID == question {
				return cp.ID
			}
		}
	}
	t.Fatalf("no capability asks %s", question)
	return ""
}
