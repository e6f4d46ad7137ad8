package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestAgreedControl(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	v, token := h.signIn("Owner")
	_, aID, _ := h.setup(token, "workshop", 0)
	cp, q := optionCapability(t, h.model)
	page := "/assessments/" + aID
	v.get(page)
	wantRedirect(t, "focus", v.post(page+"/focus", url.Values{"capability": {cp.ID}}), page)
	wantPage(t, "control", v.get(page), 200, "Agreed answers: "+template(cp.Title), `name="question" value="`+q.ID+`"`)
	wantPage(t, "no CSRF", v.post(page+"/agreed", url.Values{"question": {q.ID}, "option": {q.Options[0].ID}, "_csrf": {""}}), 403)
	long := strings.Repeat("x", 2001)
	r := v.post(page+"/agreed", url.Values{"question": {q.ID}, "option": {q.Options[1].ID}, "rationale": {long}})
	wantPage(t, "too long", r, 422, long, `value="`+q.Options[1].ID+`" selected`)
	wantRedirect(t, "record", v.post(page+"/agreed", url.Values{"question": {q.ID}, "option": {q.Options[1].ID}, "rationale": {"We checked the runbook"}}), page)
	var list []struct{ Question, Rationale string }
	h.mustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
	if len(list) != 1 || list[0].Question != q.ID || list[0].Rationale != "We checked the runbook" {
		t.Fatalf("agreed after the form: %+v", list)
	}
	wantPage(t, "listed", v.get(page), 200, "We checked the runbook", "Delete the agreed answer")
	intruder, _ := h.signIn("Intruder")
	intruder.get("/")
	wantPage(t, "intruder", intruder.post(page+"/agreed/"+q.ID+"/delete", nil), 404)
	wantRedirect(t, "delete", v.post(page+"/agreed/"+q.ID+"/delete", nil), page)
	h.mustJSON("GET", "/api/v1/assessments/"+aID+"/agreed", token, nil, 200, &list)
	if len(list) != 0 {
		t.Fatalf("agreed after delete: %+v", list)
	}
}
