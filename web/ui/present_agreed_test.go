package ui_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
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
	h := webtest.New(t, storetest.New(t))
	v, token := h.SignIn("Owner")
	_, aID, _ := h.Setup(token, "workshop", 0)
	cp, q := questionOfType(t, h.Model, assessment.Single)
	page := "/assessments/" + aID
	field := "a-" + q.ID
	v.Get(page)
	webtest.WantRedirect(t, "focus", v.Post(page+"/focus", url.Values{"capability": {cp.ID}}), page)
	webtest.WantPage(t, "control", v.Get(page), 200, "Agreed answers: "+template(cp.Title), `name="question" value="`+q.ID+`"`, `name="`+field+`"`)
	webtest.WantPage(t, "no CSRF", v.Post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[0].ID}, "_csrf": {""}}), 403)
	long := strings.Repeat("x", 2001)
	r := v.Post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[1].ID}, "rationale": {long}})
	webtest.WantPage(t, "too long", r, 422, long, `value="`+q.Options[1].ID+`" selected`)
	webtest.WantPage(t, "no answer", v.Post(page+"/agreed", url.Values{"question": {q.ID}, "rationale": {"Why"}}), 422, "Give the answer the group agreed on.", ">Why</textarea>")
	webtest.WantPage(t, "unknown question", v.Post(page+"/agreed", url.Values{"question": {"no-such-question"}, "a-no-such-question": {"x"}}), 404)
	webtest.WantRedirect(t, "record", v.Post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[1].ID}, "rationale": {"We checked the runbook"}}), page)
	var list []struct{ Question, Rationale string }
	h.MustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
	if len(list) != 1 || list[0].Question != q.ID || list[0].Rationale != "We checked the runbook" {
		t.Fatalf("agreed after the form: %+v", list)
	}
	webtest.WantPage(t, "listed", v.Get(page), 200, "We checked the runbook", "Delete the agreed answer")
	intruder, _ := h.SignIn("Intruder")
	intruder.Get("/")
	webtest.WantPage(t, "intruder", intruder.Post(page+"/agreed/"+q.ID+"/delete", nil), 404)
	webtest.WantPage(t, "intruder records", intruder.Post(page+"/agreed", url.Values{"question": {q.ID}, field: {q.Options[0].ID}}), 404)
	webtest.WantRedirect(t, "delete", v.Post(page+"/agreed/"+q.ID+"/delete", nil), page)
	h.MustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
	if len(list) != 0 {
		t.Fatalf("agreed after delete: %+v", list)
	}
}

// TestAgreedControlEveryType records an agreed answer of each question type
// through the page's form, and sees a wrong one shown again as typed.
func TestAgreedControlEveryType(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, token := h.SignIn("Types")
	// 1.1.0 still asks a scale question; 1.2.0 made its only one a choice.
	m, _, aID, _ := h.SetupOn(token, "1.1.0", "workshop", 0)
	page := "/assessments/" + aID
	v.Get(page)
	_, multi := questionOfType(t, m, assessment.Multi)
	_, scale := questionOfType(t, m, assessment.Scale)
	_, text := questionOfType(t, m, assessment.Text)
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
			webtest.WantRedirect(t, "focus", v.Post(page+"/focus", url.Values{"capability": {webtest.CapabilityOf(t, m, tt.q.ID)}}), page)
			field := "a-" + tt.q.ID
			webtest.WantPage(t, "control", v.Get(page), 200, `name="`+field+`"`)
			r := v.Post(page+"/agreed", url.Values{"question": {tt.q.ID}, field: tt.bad, "rationale": {"kept rationale"}})
			webtest.WantPage(t, "wrong answer", r, 422, tt.badMsg, ">kept rationale</textarea>")
			webtest.WantRedirect(t, "record", v.Post(page+"/agreed", url.Values{"question": {tt.q.ID}, field: tt.values, "rationale": {"agreed"}}), page)
			var list []struct {
				Question string
				Answer   json.RawMessage
			}
			h.MustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
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
